import { randomBytes } from 'node:crypto';
import { mkdir, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestFile } from '../../generators/manifest.ts';
import { onDisk } from './fileChecks.ts';
import type { CheckContext, FileCheck } from './result.ts';
import { fileCheck, missingTool, toolOutput } from './result.ts';
import { runCommand } from './runCommand.ts';
import { TOOLS, findTool } from './tools.ts';

/** `ip netns exec NS` bind-mounts /etc/netns/NS/<x> over /etc/<x> for the command it runs. */
const NETNS_ETC = '/etc/netns';

let counter = 0;

/**
 * corosync -t only accepts a file whose nodelist holds a local address, and with crypto on
 * it reads /etc/corosync/authkey. So the check runs in a network namespace of its own whose
 * loopback carries the node's corosync addresses, with a throwaway authkey bind-mounted over
 * /etc/corosync by `ip netns exec`. Needs root; the namespace is removed afterwards.
 */
export async function checkCorosync(ctx: CheckContext, file: ManifestFile): Promise<FileCheck> {
  const tool = TOOLS.corosync.name;
  if (!ctx.isRoot)
    return fileCheck(
      file,
      tool,
      'skipped',
      "needs root: corosync -t runs in a network namespace that holds the node's addresses",
    );
  const ip = await findTool(TOOLS.ip);
  if (!ip) return missingTool(ctx, file, TOOLS.ip);
  const corosync = await findTool(TOOLS.corosync);
  if (!corosync) return missingTool(ctx, file, TOOLS.corosync);
  const addresses = ctx.manifest.nodes.find((n) => n.name === file.node)?.corosyncAddresses ?? [];
  if (addresses.length === 0)
    return fileCheck(
      file,
      tool,
      'failed',
      `the manifest lists no corosync address for node ${file.node ?? '?'}`,
    );

  const ns = `cw-check-${process.pid}-${++counter}`;
  const etc = join(NETNS_ETC, ns);
  const hadNetnsEtc = await stat(NETNS_ETC).then(
    () => true,
    () => false,
  );
  const steps: string[][] = [
    [ip, 'netns', 'add', ns],
    [ip, '-n', ns, 'link', 'set', 'lo', 'up'],
    ...addresses.map((a) => [ip, '-n', ns, 'addr', 'add', `${a}/32`, 'dev', 'lo']),
  ];
  try {
    await mkdir(join(etc, 'corosync'), { recursive: true, mode: 0o700 });
    await writeFile(join(etc, 'corosync', 'authkey'), randomBytes(256), { mode: 0o400 });
    for (const argv of steps) {
      const r = await runCommand(argv);
      if (r.code !== 0)
        return fileCheck(
          file,
          tool,
          'skipped',
          `could not prepare the namespace: ${toolOutput(r)}`,
          argv,
        );
    }
    const argv = [ip, 'netns', 'exec', ns, corosync, '-c', onDisk(ctx, file), '-t'];
    const r = await runCommand(argv);
    return fileCheck(file, tool, r.code === 0 ? 'ok' : 'failed', toolOutput(r), argv);
  } finally {
    await runCommand([ip, 'netns', 'del', ns]);
    await rm(etc, { recursive: true, force: true });
    if (!hadNetnsEtc) await rmdir(NETNS_ETC).catch(() => undefined);
  }
}
