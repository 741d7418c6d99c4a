import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BundleFile } from '../../src/generators/bundleFile.ts';
import { generateCorosync } from '../../src/generators/corosync/generateCorosync.ts';
import { generateDrbd } from '../../src/generators/drbd/generateDrbd.ts';
import { generateHypervisors } from '../../src/generators/hypervisor/generateHypervisors.ts';
import { generateIscsi } from '../../src/generators/iscsi/generateIscsi.ts';
import { generatePacemaker } from '../../src/generators/pacemaker/generate.ts';
import { nodeHostname } from '../../src/model/elements.ts';
import type { Design } from '../../src/model/types.ts';
import {
  corosyncCheck,
  drbdDumpJob,
  inNamespaces,
  virtXmlValidate,
  writeBundleFiles,
} from '../support/oracles.ts';
import { crmVerify } from '../support/pacemakerOracles.ts';
import { useTempDir } from '../support/tmp.ts';
import { fixtureFiles, importOk } from './fixtureFiles.ts';

/** A copy of the CIB as a running, quorate cluster sees it, so crm_verify judges the config. */
function asRunningCluster(cib: string, design: Design): string {
  const states = design.nodes
    .map(
      (n, i) =>
        `<node_state id="${i + 1}" uname="${nodeHostname(n)}" in_ccm="true" crmd="online" join="member" expected="member"/>`,
    )
    .join('');
  return cib
    .replace('<cib ', '<cib have-quorum="1" ')
    .replace(
      /<status\s*\/>|<\/cib>/,
      (m) => `<status>${states}</status>${m === '</cib>' ? m : ''}`,
    );
}

const FIXTURE_SETS: readonly (readonly string[])[] = [
  ['cfs'],
  ['kvm'],
  ['drbd84'],
  ['drbd9'],
  ['openvz'],
  ['iscsi', 'xen'],
];

describe('real-world fixtures: import → generate → the real tools accept the files', () => {
  const tmp = useTempDir('cw-import-');
  for (const set of FIXTURE_SETS) {
    it(set.join('+'), () => {
      const { design } = importOk(fixtureFiles(...set));
      const files: BundleFile[] = [
        ...generateCorosync(design),
        ...generateDrbd(design),
        ...generateHypervisors(design),
        ...generateIscsi(design),
        ...generatePacemaker(design),
      ];
      const dir = tmp();
      const paths = writeBundleFiles(join(dir, 'bundle'), files);
      const of = (kind: BundleFile['kind']): BundleFile[] => files.filter((f) => f.kind === kind);

      // DRBD: drbdadm dump on every node, as that node.
      const jobs = design.nodes.flatMap((n) => {
        const mine = of('drbd').filter((f) => f.node === n.name);
        if (!mine.some((f) => f.path.endsWith('.res'))) return [];
        const versions = new Set(
          design.drbd.filter((d) => d.nodes.includes(n.name)).map((d) => d.version),
        );
        return [...versions].map((version) =>
          drbdDumpJob({
            dir: join(dir, 'drbd', n.name),
            files: mine.map((f) => paths.get(f)!),
            hostname: nodeHostname(n),
            addresses: Object.values(n.addresses),
            version,
          }),
        );
      });
      for (const [i, r] of inNamespaces(join(dir), jobs).entries())
        expect(r.status, `drbdadm job ${i}: ${r.stderr}`).toBe(0);

      // corosync -t on each node.
      const corosync = of('corosync').map((f) => {
        const node = design.nodes.find((n) => n.name === f.node)!;
        const link0 = design.cluster.corosync.links[0]!;
        return { conf: paths.get(f)!, address: node.addresses[link0]! };
      });
      for (const r of corosyncCheck(join(dir, 'corosync'), corosync))
        expect(r.status, r.stderr).toBe(0);

      // libvirt domains.
      for (const f of of('libvirt')) {
        const r = virtXmlValidate(paths.get(f)!);
        expect(r.status, r.stderr).toBe(0);
      }

      // The CIB, as a running cluster would load it. Without an imported CIB the design has
      // no fencing device while stonith is on: crm_verify rightly refuses that, so only
      // inputs that had a CIB are held to it.
      if (!fixtureFiles(...set).some((f) => f.path.endsWith('cib.xml'))) return;
      const cib = of('pacemaker-cib')[0]!;
      const r = crmVerify(asRunningCluster(cib.content, design), dir);
      expect(r.status, r.stderr).toBe(0);
    });
  }
});
