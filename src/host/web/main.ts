import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createConnectionPool } from '../../services/connectionPool.ts';
import { createServices } from '../../services/services.ts';
import { RENDERER_DIST } from './paths.ts';
import { startWebHost } from './server.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, root: { type: 'string' } },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(
      `clusterwright web: --port ${values.port} is not a port number (0–65535)\n`,
    );
    process.exit(2);
  }
  const root = values.root ?? RENDERER_DIST;
  if (!existsSync(`${root}/index.html`)) {
    process.stderr.write(
      `clusterwright web: ${root}index.html does not exist: build the renderer first (npx vite build -c renderer/vite.config.ts)\n`,
    );
    process.exit(2);
  }
  // No keyring here: secrets typed in the page last as long as this process.
  const pool = createConnectionPool();
  const host = await startWebHost({ root, services: createServices({ pool }), port });
  process.stdout.write(`${host.url}\n`);
  const stop = (): void => {
    void Promise.all([host.close(), pool.closeAll()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main().catch((e: unknown) => {
  process.stderr.write(`clusterwright web: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
