import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/tmp.ts';

// What `npx tsx main.ts` runs, without tsx's signal-relaying wrapper process in between.
const TSX = [process.execPath, '--import', 'tsx'] as const;
const MAIN = fileURLToPath(new URL('../../../src/host/web/main.ts', import.meta.url));
const tempDir = useTempDir('cw-webmain-');
let child: ChildProcess | undefined;
afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGTERM');
  child = undefined;
});

/** The first line the host prints, or the reason it printed none. */
function firstLine(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    proc.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    proc.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

describe('npx tsx src/host/web/main.ts', () => {
  it('prints its URL with the token and serves the renderer there', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>served</title>');
    child = spawn(TSX[0], [...TSX.slice(1), MAIN, '--root', root], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await firstLine(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>served</title>');
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses a bad port and a missing renderer build with exit code 2', () => {
    const badPort = spawnSync(TSX[0], [...TSX.slice(1), MAIN, '--port', 'http'], {
      encoding: 'utf8',
    });
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toContain('--port http is not a port number');
    const empty = tempDir();
    const noBuild = spawnSync(TSX[0], [...TSX.slice(1), MAIN, '--root', empty], {
      encoding: 'utf8',
    });
    expect(noBuild.status).toBe(2);
    expect(noBuild.stderr).toContain('build the renderer first');
  });
});
