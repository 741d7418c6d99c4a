import type { Design, Drbd } from '../../model/types.ts';
import type { BundleFile } from '../bundleFile.ts';
import { generatedBy } from '../header.ts';
import { lookup } from '../lookup.ts';
import { addressOn, findNode, nodeHostname } from '../nodes.ts';
import { drbdDevicePath } from './devices.ts';
import type { DrbdStatement } from './drbdConf.ts';
import { option, renderDrbdConf, section, str, word } from './drbdConf.ts';

const HANDLERS = {
  '9': {
    fence: '/usr/lib/drbd/crm-fence-peer.9.sh',
    unfence: '/usr/lib/drbd/crm-unfence-peer.9.sh',
  },
  '8.4': { fence: '/usr/lib/drbd/crm-fence-peer.sh', unfence: '/usr/lib/drbd/crm-unfence-peer.sh' },
} as const;

/** Per node: global_common.conf, and one .res for each DRBD resource the node is in. */
export function generateDrbd(design: Design): BundleFile[] {
  const files: BundleFile[] = [];
  const drbdOfNode = lookup(design).drbdOfNode;
  // Every node of a resource gets the same text: render it once, when first needed.
  const texts = new Map<Drbd, string>();
  const textOf = (res: Drbd): string => {
    const known = texts.get(res);
    if (known !== undefined) return known;
    const text = resourceFile(design, res);
    texts.set(res, text);
    return text;
  };
  let common: string | undefined;
  for (const node of design.nodes) {
    const resources = drbdOfNode.get(node.name) ?? [];
    if (resources.length === 0) continue;
    common ??= globalCommon(design.cluster.name);
    files.push({
      node: node.name,
      path: '/etc/drbd.d/global_common.conf',
      mode: 0o644,
      content: common,
      element: design.cluster.name,
      kind: 'drbd',
    });
    for (const res of resources) {
      files.push({
        node: node.name,
        path: `/etc/drbd.d/${res.name}.res`,
        mode: 0o644,
        content: textOf(res),
        element: res.name,
        kind: 'drbd',
      });
    }
  }
  return files;
}

function globalCommon(cluster: string): string {
  return renderDrbdConf(generatedBy(cluster), [
    section('global', [], [option('usage-count', word('no'))]),
    // Settings live in each resource, so a resource file says all there is to know about it.
    section('common', [], []),
  ]);
}

/** The same text on every node of the resource, as DRBD expects. */
export function resourceFile(design: Design, res: Drbd): string {
  const v9 = res.version === '9';
  const fencing = res.fencing !== 'dont-care';
  const net: DrbdStatement[] = [option('protocol', word(res.dualPrimary ? 'C' : res.protocol))];
  if (res.dualPrimary) net.push(option('allow-two-primaries', word('yes')));
  if (fencing && v9) net.push(option('fencing', word(res.fencing)));
  const body: DrbdStatement[] = [];
  if (v9 && res.quorum !== 'off') {
    body.push(
      section(
        'options',
        [],
        [option('quorum', word(res.quorum)), option('on-no-quorum', word('io-error'))],
      ),
    );
  }
  body.push(section('net', [], net));
  if (fencing && !v9) body.push(section('disk', [], [option('fencing', word(res.fencing))]));
  if (fencing) {
    const h = HANDLERS[res.version];
    // 8.4 has no unfence-peer handler; it unfences after the resync instead.
    body.push(
      section(
        'handlers',
        [],
        [
          option('fence-peer', str(h.fence)),
          option(v9 ? 'unfence-peer' : 'after-resync-target', str(h.unfence)),
        ],
      ),
    );
  }
  for (const vol of res.volumes) {
    body.push(
      section(
        'volume',
        [word(vol.number)],
        [
          option('device', word(drbdDevicePath(vol.minor))),
          option('disk', str(vol.disk)),
          option('meta-disk', word('internal')),
        ],
      ),
    );
  }
  const hosts = res.nodes.map((name) => nodeHostname(findNode(design, name)));
  res.nodes.forEach((name, i) => {
    const node = findNode(design, name);
    const address = `${addressOn(node, res.network, `DRBD resource "${res.name}"`)}:${res.port}`;
    const on: DrbdStatement[] = v9
      ? [option('node-id', word(i)), option('address', word(address))]
      : [option('address', word(address))];
    body.push(section('on', [str(nodeHostname(node))], on));
  });
  // A mesh of two is one connection; written for two nodes as well, so every file reads alike.
  if (v9) body.push(section('connection-mesh', [], [option('hosts', ...hosts.map(str))]));
  return renderDrbdConf(generatedBy(res.name), [section('resource', [str(res.name)], body)]);
}
