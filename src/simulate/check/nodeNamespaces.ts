import { randomBytes } from 'node:crypto';
import { mkdir, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestNode } from '../../generators/manifest.ts';
import { toolOutput } from './result.ts';
import { runCommand } from './runCommand.ts';

/** `ip netns exec NS` bind-mounts /etc/netns/NS/<x> over /etc/<x> for the command it runs. */
const NETNS_ETC = '/etc/netns';

let counter = 0;

/**
 * drbdadm and corosync only accept a file whose host sections hold a local address, so they
 * run "as the node": in a network namespace of its own whose loopback carries every address
 * of the node. With crypto on corosync also reads /etc/corosync/authkey; a throwaway key is
 * bind-mounted over /etc/corosync by `ip netns exec`. One namespace per node per check run,
 * all removed by close(). Needs root.
 */
export class NodeNamespaces {
  private readonly made = new Map<string, Promise<string>>();
  private readonly names: string[] = [];
  private hadNetnsEtc: boolean | undefined;

  constructor(private readonly ip: string) {}

  /** The namespace of a node, made on first use; rejects with the reason it could not be. */
  namespaceOf(node: ManifestNode): Promise<string> {
    let p = this.made.get(node.name);
    if (!p) {
      p = this.make(node);
      this.made.set(node.name, p);
    }
    return p;
  }

  /** The argv that runs a command inside the node's namespace. */
  exec(ns: string, argv: readonly string[]): string[] {
    return [this.ip, 'netns', 'exec', ns, ...argv];
  }

  private async make(node: ManifestNode): Promise<string> {
    this.hadNetnsEtc ??= await stat(NETNS_ETC).then(
      () => true,
      () => false,
    );
    const ns = `cw-check-${process.pid}-${++counter}`;
    this.names.push(ns);
    const etc = join(NETNS_ETC, ns, 'corosync');
    await mkdir(etc, { recursive: true, mode: 0o700 });
    await writeFile(join(etc, 'authkey'), randomBytes(256), { mode: 0o400 });
    const steps: string[][] = [
      [this.ip, 'netns', 'add', ns],
      [this.ip, '-n', ns, 'link', 'set', 'lo', 'up'],
      ...[...new Set(Object.values(node.addresses))].map((a) => [
        this.ip,
        '-n',
        ns,
        'addr',
        'add',
        `${a}/32`,
        'dev',
        'lo',
      ]),
    ];
    for (const argv of steps) {
      const r = await runCommand(argv);
      if (r.code !== 0)
        throw new Error(`could not prepare a network namespace for ${node.name}: ${toolOutput(r)}`);
    }
    return ns;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.made.values());
    for (const ns of this.names) {
      await runCommand([this.ip, 'netns', 'del', ns]);
      await rm(join(NETNS_ETC, ns), { recursive: true, force: true });
    }
    if (this.hadNetnsEtc === false) await rmdir(NETNS_ETC).catch(() => undefined);
  }
}
