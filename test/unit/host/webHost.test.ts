import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createServices } from '../../../src/services/services.ts';
import { startWebHost } from '../../../src/host/web/server.ts';
import type { WebHost } from '../../../src/host/web/server.ts';
import { useTempDir } from '../../support/tmp.ts';

const tempDir = useTempDir('cw-web-');
let hosts: WebHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  hosts = [];
});

async function start(): Promise<WebHost> {
  const root = tempDir();
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>cw</title>');
  writeFileSync(join(root, 'app.js'), 'console.log(1)');
  const host = await startWebHost({ root, services: createServices() });
  hosts.push(host);
  return host;
}

function get(
  host: WebHost,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens the API socket; resolves with it, or rejects with the HTTP status it was refused with. */
function connect(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, message: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>));
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

const apiUrl = (host: WebHost, token = host.token): string =>
  `ws://127.0.0.1:${host.port}/api?token=${encodeURIComponent(token)}`;

describe('web host', () => {
  it('listens on 127.0.0.1 and prints a URL with a long random token', async () => {
    const a = await start();
    const b = await start();
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.port).not.toBe(b.port);
  });

  it('serves the renderer with a strict CSP', async () => {
    const host = await start();
    const res = await get(host, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>cw</title>');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`connect-src ws://127.0.0.1:${host.port}`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect((await get(host, '/app.js')).headers['content-type']).toMatch(/javascript/);
  });

  it('refuses paths outside the root, dotfiles and a foreign Host header', async () => {
    const host = await start();
    expect((await get(host, '/../package.json')).status).toBe(404);
    expect((await get(host, '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    expect((await get(host, '/.git/config')).status).toBe(404);
    expect((await get(host, '/', { host: 'evil.example:80' })).status).toBe(421);
  });

  it('refuses a WebSocket without the token, with a wrong token or from another origin', async () => {
    const host = await start();
    await expect(connect(`ws://127.0.0.1:${host.port}/api`, host.origin)).rejects.toThrow(
      'HTTP 401',
    );
    await expect(connect(apiUrl(host, 'x'.repeat(32)), host.origin)).rejects.toThrow('HTTP 401');
    await expect(connect(apiUrl(host), 'http://evil.example')).rejects.toThrow('HTTP 403');
    await expect(connect(apiUrl(host), 'http://127.0.0.1:1')).rejects.toThrow('HTTP 403');
    await expect(
      connect(`ws://127.0.0.1:${host.port}/other?token=${host.token}`, host.origin),
    ).rejects.toThrow('HTTP 404');
  });

  it('answers contract calls and checks their payloads', async () => {
    const host = await start();
    const ws = await connect(apiUrl(host), host.origin);
    try {
      const list = await call(ws, { id: 1, channel: 'templates.list', request: {} });
      expect(list.ok).toBe(true);
      expect(list.id).toBe(1);
      expect((list.response as { name: string }[]).map((t) => t.name)).toContain(
        'two-node-drbd-kvm',
      );

      const bad = await call(ws, { id: 2, channel: 'templates.open', request: { name: '../x' } });
      expect(bad).toMatchObject({ id: 2, ok: false });
      expect(String(bad.error)).toMatch(/bad request for templates.open/);

      const extra = await call(ws, { id: 3, channel: 'templates.list', request: { evil: 1 } });
      expect(extra).toMatchObject({ id: 3, ok: false });

      const unknown = await call(ws, { id: 4, channel: 'constructor', request: {} });
      expect(unknown).toMatchObject({ id: 4, ok: false, error: 'unknown channel "constructor"' });

      const notJson = await call(ws, '{nope');
      expect(notJson).toMatchObject({ id: null, ok: false });

      const checked = await call(ws, { id: 5, channel: 'design.validate', request: { design: 7 } });
      expect(checked.ok).toBe(true);
      expect((checked.response as { unreadable: boolean }).unreadable).toBe(true);
    } finally {
      ws.close();
    }
  });
});
