import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ClusterwrightApi } from '../../services/contract.ts';
import { MAX_MESSAGE_BYTES, handleApiMessage } from './apiMessages.ts';
import { SECURITY_HEADERS, webHostCsp } from './csp.ts';
import { readStatic } from './staticFiles.ts';

export interface WebHostOptions {
  /** The built renderer (renderer/dist). */
  readonly root: string;
  readonly services: ClusterwrightApi;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Fixed token for tests; a fresh random one otherwise. */
  readonly token?: string;
}

export interface WebHost {
  readonly port: number;
  readonly origin: string;
  readonly token: string;
  /** The address to open: the page with the token it needs for the API. */
  readonly url: string;
  close(): Promise<void>;
}

/** The only address the host listens on: the designer is for the person at this machine. */
export const HOST = '127.0.0.1';

/**
 * Serves the built renderer and the services over a WebSocket at /api. A caller needs the
 * token (from the printed URL) and must come from the host's own origin, so another web
 * page open in the same browser cannot drive the services.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let origin = '';
  let hostHeader = '';

  const server = createServer((req, res) => {
    void serveHttp(req, res);
  });

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = { ...SECURITY_HEADERS, 'Content-Security-Policy': webHostCsp(origin) };
    // A Host other than ours means DNS rebinding or a proxy: refuse it.
    if (req.headers.host !== hostHeader) {
      res.writeHead(421, { ...headers, 'Content-Type': 'text/plain' }).end('wrong host\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    const path = new URL(req.url ?? '/', origin).pathname;
    const file = await readStatic(options.root, path);
    if (!file) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': file.contentType,
      'Content-Length': file.body.length,
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  wss.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        socket.close(1003, 'text messages only');
        return;
      }
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data as ArrayBuffer).toString('utf8');
      void handleApiMessage(options.services, text).then((reply) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
      });
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refuseUpgrade(req, { origin, hostHeader, token });
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${HOST}:${port}`;
  hostHeader = `${HOST}:${port}`;

  return {
    port,
    origin,
    token,
    url: `${origin}/?token=${token}`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((e) => (e ? reject(e) : resolve())),
      );
    },
  };
}

/** Why a WebSocket upgrade is refused (an HTTP status line), or undefined to accept it. */
export function refuseUpgrade(
  req: Pick<IncomingMessage, 'url' | 'headers'>,
  expected: { readonly origin: string; readonly hostHeader: string; readonly token: string },
): string | undefined {
  const url = new URL(req.url ?? '/', expected.origin);
  if (url.pathname !== '/api') return '404 Not Found';
  if (req.headers.host !== expected.hostHeader) return '421 Misdirected Request';
  if (req.headers.origin !== expected.origin) return '403 Forbidden';
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const wanted = Buffer.from(expected.token);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return '401 Unauthorized';
  return undefined;
}
