import type { Diagnostic } from '../../model/diagnostic.ts';
import type { Design } from '../../model/types.ts';
import type { DesignIndex } from '../designIndex.ts';
import { diag, listing } from '../diag.ts';
import type { Rule } from '../rule.ts';

/** DRBD replication: membership, addresses, minors, ports, disks, roles and fencing. */
export const drbdRule: Rule = {
  codes: [
    'drbd-too-few-nodes',
    'drbd-84-multi-node',
    'drbd-node-duplicate',
    'drbd-node-address',
    'drbd-network-role',
    'drbd-volume-duplicate',
    'drbd-minor-duplicate',
    'drbd-port-duplicate',
    'drbd-disk-duplicate',
    'drbd-dual-primary-protocol',
    'drbd-dual-primary-fencing',
    'drbd-dual-primary-many',
    'drbd-fencing-no-device',
    'drbd-fencing-off',
    'drbd-quorum-two-nodes',
    'drbd-quorum-84',
    'drbd-unused',
  ],
  check(design: Design, index: DesignIndex): Diagnostic[] {
    const out: Diagnostic[] = [];
    const lab = design.cluster.lab;
    const stonith = design.cluster.pacemaker.stonithEnabled;
    // "node\0minor" → "resource/volume"; same for "address:port" and "node\0disk".
    const minors = new Map<string, string>();
    const ports = new Map<string, string>();
    const disks = new Map<string, string>();
    const used = new Set<string>();
    for (const vm of design.vms)
      for (const d of vm.disks) if (d.kind === 'drbd') used.add(d.resource);
    for (const t of design.iscsiTargets)
      for (const l of t.luns) if (l.backing.kind === 'drbd') used.add(l.backing.resource);
    for (const fs of design.filesystems)
      if (fs.device.kind === 'drbd') used.add(fs.device.resource);
    for (const s of design.services) for (const dep of s.dependsOn) used.add(dep);

    design.drbd.forEach((d, i) => {
      const at = (...rest: (string | number)[]): (string | number)[] => ['drbd', i, ...rest];
      const nodes = [...new Set(d.nodes)];
      if (nodes.length < d.nodes.length) {
        out.push(
          diag(
            'drbd-node-duplicate',
            'error',
            [d.name],
            at('nodes'),
            `DRBD resource "${d.name}" lists the same node twice`,
            'list each node once',
          ),
        );
      }
      if (nodes.length < 2) {
        out.push(
          diag(
            'drbd-too-few-nodes',
            'error',
            [d.name, ...nodes],
            at('nodes'),
            `DRBD resource "${d.name}" has ${nodes.length} node${nodes.length === 1 ? '' : 's'}: it replicates to nobody`,
            'list at least two nodes',
          ),
        );
      }
      if (d.version === '8.4' && nodes.length > 2) {
        out.push(
          diag(
            'drbd-84-multi-node',
            'error',
            [d.name],
            at('version'),
            `DRBD resource "${d.name}" has ${nodes.length} nodes, but DRBD 8.4 replicates between two only`,
            "use version: '9', or keep two nodes",
          ),
        );
      }
      if (d.version === '8.4' && d.quorum !== 'off') {
        out.push(
          diag(
            'drbd-quorum-84',
            'error',
            [d.name],
            at('quorum'),
            `DRBD resource "${d.name}" sets quorum ${d.quorum}, which DRBD 8.4 does not have`,
            "use version: '9', or set quorum: off",
          ),
        );
      }
      if (d.quorum === 'majority' && nodes.length === 2) {
        out.push(
          diag(
            'drbd-quorum-two-nodes',
            'warning',
            [d.name],
            at('quorum'),
            `DRBD resource "${d.name}" has quorum majority with two nodes: when one fails, the survivor has no majority and freezes I/O`,
            'add a third (possibly diskless) node as a tiebreaker, or set quorum: off and rely on fencing',
          ),
        );
      }
      const net = index.networks.get(d.network);
      if (net && net.role !== 'replication') {
        out.push(
          diag(
            'drbd-network-role',
            'info',
            [d.name, d.network],
            at('network'),
            `DRBD resource "${d.name}" replicates over "${d.network}", a ${net.role} network: a resync can saturate it`,
            'replicate over a dedicated network with role: replication',
          ),
        );
      }
      const missing: string[] = [];
      for (const n of nodes) {
        const address = index.nodes.get(n)?.addresses[d.network];
        if (address === undefined) {
          missing.push(n);
          continue;
        }
        const key = `${address}:${d.port}`;
        const other = ports.get(key);
        if (other !== undefined && other !== d.name) {
          out.push(
            diag(
              'drbd-port-duplicate',
              'error',
              [d.name, other, n],
              at('port'),
              `DRBD resources "${other}" and "${d.name}" both listen on ${key} (node ${n})`,
              'give each DRBD resource its own port',
            ),
          );
        } else ports.set(key, d.name);
      }
      if (missing.length > 0) {
        out.push(
          diag(
            'drbd-node-address',
            'error',
            [d.name, ...missing],
            at('network'),
            `DRBD resource "${d.name}" replicates over "${d.network}", but ${listing(missing)} ${missing.length === 1 ? 'has' : 'have'} no address on it`,
            `give ${listing(missing)} an address on ${d.network}, or replicate over another network`,
          ),
        );
      }
      const volumeNumbers = new Set<number>();
      d.volumes.forEach((v, j) => {
        if (volumeNumbers.has(v.number)) {
          out.push(
            diag(
              'drbd-volume-duplicate',
              'error',
              [d.name],
              at('volumes', j, 'number'),
              `DRBD resource "${d.name}" has volume ${v.number} twice`,
              'number the volumes 0, 1, 2, …',
            ),
          );
        }
        volumeNumbers.add(v.number);
        for (const n of nodes) {
          const mk = `${n}\0${v.minor}`;
          const mOther = minors.get(mk);
          if (mOther !== undefined) {
            out.push(
              diag(
                'drbd-minor-duplicate',
                'error',
                [d.name, mOther.split('/')[0] ?? '', n],
                at('volumes', j, 'minor'),
                `minor ${v.minor} (/dev/drbd${v.minor}) of "${d.name}/${v.number}" is already used by "${mOther}" on node ${n}`,
                'give every volume a minor number of its own on each node',
              ),
            );
          } else minors.set(mk, `${d.name}/${v.number}`);
          const dk = `${n}\0${v.disk}`;
          const dOther = disks.get(dk);
          if (dOther !== undefined) {
            out.push(
              diag(
                'drbd-disk-duplicate',
                'error',
                [d.name, dOther.split('/')[0] ?? '', n],
                at('volumes', j, 'disk'),
                `backing disk ${v.disk} of "${d.name}/${v.number}" is already the backing disk of "${dOther}" on node ${n}`,
                'give every volume its own backing disk (logical volume or partition)',
              ),
            );
          } else disks.set(dk, `${d.name}/${v.number}`);
        }
      });
      if (d.dualPrimary) {
        if (d.protocol !== 'C') {
          out.push(
            diag(
              'drbd-dual-primary-protocol',
              'error',
              [d.name],
              at('protocol'),
              `DRBD resource "${d.name}" is dual-primary with protocol ${d.protocol}: both sides write, so only synchronous protocol C is safe`,
              'set protocol: C',
            ),
          );
        }
        if (d.fencing !== 'resource-and-stonith') {
          out.push(
            diag(
              'drbd-dual-primary-fencing',
              'error',
              [d.name],
              at('fencing'),
              `DRBD resource "${d.name}" is dual-primary with fencing ${d.fencing}: after a split both sides keep writing and the data diverges`,
              'set fencing: resource-and-stonith (with a fencing device for every node)',
            ),
          );
        }
        if (nodes.length > 2) {
          out.push(
            diag(
              'drbd-dual-primary-many',
              'warning',
              [d.name],
              at('dualPrimary'),
              `DRBD resource "${d.name}" is dual-primary on ${nodes.length} nodes: DRBD allows at most two primaries at a time`,
              'expect only two nodes to use it at once, or keep it single-primary',
            ),
          );
        }
      }
      if (d.fencing !== 'dont-care') {
        const unfenced = stonith ? nodes.filter((n) => !index.fencingOf.has(n)) : nodes;
        if (unfenced.length > 0) {
          out.push(
            diag(
              'drbd-fencing-no-device',
              lab ? 'warning' : 'error',
              [d.name, ...unfenced],
              at('fencing'),
              stonith
                ? `DRBD resource "${d.name}" uses fencing ${d.fencing}, but ${listing(unfenced)} ${unfenced.length === 1 ? 'has' : 'have'} no fencing device: I/O freezes forever when that peer is lost`
                : `DRBD resource "${d.name}" uses fencing ${d.fencing}, but STONITH is disabled: I/O freezes forever when a peer is lost`,
              'add a fencing device for every node of the resource (and enable STONITH), or set fencing: dont-care',
            ),
          );
        }
      } else if (!lab) {
        out.push(
          diag(
            'drbd-fencing-off',
            'warning',
            [d.name],
            at('fencing'),
            `DRBD resource "${d.name}" has fencing dont-care: after a replication link failure both sides may be promoted and the data splits`,
            'set fencing: resource-and-stonith (or resource-only)',
          ),
        );
      }
      if (!used.has(d.name)) {
        out.push(
          diag(
            'drbd-unused',
            'info',
            [d.name],
            ['drbd', i],
            `DRBD resource "${d.name}" is used by no VM, iSCSI LUN, filesystem or service`,
            'attach it to what should use it, or remove it',
          ),
        );
      }
    });
    return out;
  },
};
