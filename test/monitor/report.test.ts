import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { changedLines, statusText } from '../../src/cli/commands/statusText.ts';
import { main } from '../../src/cli/main.ts';
import type { NodeProbe } from '../../src/monitor/nodeProbe.ts';
import { parseCrmMon } from '../../src/monitor/parsers/crmMon.ts';
import { parseDrbdStatusJson } from '../../src/monitor/parsers/drbdStatus.ts';
import { probePlans } from '../../src/monitor/probePlan.ts';
import type { PacemakerStatus } from '../../src/monitor/status.ts';
import type { Design } from '../../src/model/types.ts';
import { assembleReport } from '../../src/services/status.ts';
import { loadTemplate, templatePathOf } from '../support/designs.ts';

/** The report is built from probes by plain functions: here with recorded outputs. */
const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const labDesign = (): Design => {
  const base = loadTemplate('two-node-drbd-kvm');
  const [a, b] = base.nodes;
  return {
    ...base,
    nodes: [
      { ...a!, name: 'cwrec-a' },
      { ...b!, name: 'cwrec-b' },
      { ...b!, name: 'cwrec-c' },
    ],
  };
};

const ok = (node: string, at: string, status: PacemakerStatus): NodeProbe => ({
  node,
  at,
  tookMs: 40,
  reachable: true,
  crm: { state: 'ok', value: status },
});

describe('probe plans from the design', () => {
  it('DRBD 9 and virsh on KVM nodes; nothing else where the design has nothing', () => {
    expect(probePlans(loadTemplate('two-node-drbd-kvm'))).toEqual([
      { node: 'alpha', drbd: { version: '9' }, vms: { uri: 'qemu:///system' } },
      { node: 'beta', drbd: { version: '9' }, vms: { uri: 'qemu:///system' } },
    ]);
  });

  it('iSCSI sessions on initiators; no virsh for Xen guests under xl', () => {
    const plans = probePlans(loadTemplate('iscsi-storage-xen'));
    expect(plans.map((p) => [p.node, p.drbd?.version, p.vms, p.iscsi])).toEqual([
      ['store1', '9', undefined, undefined],
      ['store2', '9', undefined, undefined],
      ['xen1', undefined, undefined, true],
      ['xen2', undefined, undefined, true],
    ]);
  });

  it('DRBD 8.4: /proc/drbd minors named after the design, with peer and size; Xen via libvirt', () => {
    const base = loadTemplate('iscsi-storage-xen');
    const design: Design = {
      ...base,
      drbd: base.drbd.map((r) => ({ ...r, version: '8.4' as const })),
      vms: base.vms.map((v) => ({ ...v, toolstack: 'libvirt' as const })),
    };
    const [store1, , xen1] = probePlans(design);
    expect(store1!.drbd).toEqual({
      version: '8.4',
      minors: new Map([
        [10, { name: 'san-data', volume: 0, peer: 'store2', sizeKiB: 500 * 1024 * 1024 }],
        [11, { name: 'san-data', volume: 1, peer: 'store2', sizeKiB: 500 * 1024 * 1024 }],
      ]),
    });
    expect(xen1!.vms).toEqual({ uri: 'xen:///system' });
  });
});

describe('the report', () => {
  const up = parseCrmMon(fixture('lab-all-online.crm_mon.xml'));
  const down = parseCrmMon(fixture('lab-node-down.crm_mon.xml'));

  it('keeps the status --json minimum shape', () => {
    const r = assembleReport(labDesign(), new Map([['cwrec-a', ok('cwrec-a', 't1', up)]]));
    const json = JSON.parse(JSON.stringify(r)) as {
      nodes: { name: string; online: boolean }[];
      resources: { id: string; running_on: string[]; role: string }[];
    };
    expect(json.nodes.map((n) => [typeof n.name, typeof n.online])).toEqual([
      ['string', 'boolean'],
      ['string', 'boolean'],
      ['string', 'boolean'],
    ]);
    expect(json.resources).toContainEqual({
      id: 'vm-web',
      role: 'Started',
      running_on: ['cwrec-a'],
    });
    expect(r).toMatchObject({
      source: 'cwrec-a',
      quorum: true,
      dc: 'cwrec-c',
      stonithEnabled: false,
    });
  });

  it('takes the newest view from a node with quorum', () => {
    const noQuorum: PacemakerStatus = { ...up, quorum: false };
    const probes = new Map([
      ['cwrec-a', ok('cwrec-a', '2026-11-29T16:00:01Z', up)],
      ['cwrec-b', ok('cwrec-b', '2026-11-29T16:00:03Z', down)],
      ['cwrec-c', ok('cwrec-c', '2026-11-29T16:00:09Z', noQuorum)],
    ]);
    const r = assembleReport(labDesign(), probes);
    expect(r.source).toBe('cwrec-b');
    expect(r.nodes.find((n) => n.name === 'cwrec-a')?.online).toBe(false);
  });

  it('shows an unreachable node as such, with the reason, and still the others', () => {
    const probes = new Map<string, NodeProbe>([
      [
        'cwrec-a',
        {
          node: 'cwrec-a',
          at: 't',
          tookMs: 5000,
          reachable: false,
          error: 'no answer',
          errorKind: 'timeout',
        },
      ],
      ['cwrec-b', ok('cwrec-b', 't', down)],
    ]);
    const r = assembleReport(labDesign(), probes);
    expect(r.nodes[0]).toMatchObject({
      name: 'cwrec-a',
      reachable: false,
      online: false,
      error: 'no answer',
      errorKind: 'timeout',
    });
    expect(r.nodes[1]).toMatchObject({ name: 'cwrec-b', reachable: true, online: true });
    expect(r.nodes[2]).toMatchObject({
      name: 'cwrec-c',
      reachable: false,
      online: true,
      error: 'not asked yet',
    });
    expect(r.unreachable).toEqual([
      { node: 'cwrec-a', error: 'no answer' },
      { node: 'cwrec-c', error: 'not asked yet' },
    ]);
  });

  it('renders DRBD progress, absent tools and changes as lines', () => {
    const drbd = parseDrbdStatusJson(fixture('drbd9-status.json'));
    const before = assembleReport(
      labDesign(),
      new Map([
        [
          'cwrec-a',
          {
            ...ok('cwrec-a', 't', up),
            drbd: { state: 'ok', value: drbd },
            vms: { state: 'absent', reason: 'no libvirt daemon runs (no /run/libvirt/*-sock-ro)' },
          },
        ],
      ]),
    );
    const text = statusText(before);
    expect(text).toContain(
      '    drbd vm-web: Primary UpToDate; beta Connected Secondary (SyncSource 75.0% done, 17 s left)',
    );
    expect(text).toContain(
      '    vms: tool absent (no libvirt daemon runs (no /run/libvirt/*-sock-ro))',
    );
    const after = assembleReport(labDesign(), new Map([['cwrec-b', ok('cwrec-b', 't', down)]]));
    const changes = changedLines(text, statusText(after));
    expect(changes).toContain('- vm-web: Started on cwrec-a');
    expect(changes).toContain('+ vm-web: Started on cwrec-c');
    expect(changedLines(text, text)).toEqual([]);
  });
});

describe('status command line', () => {
  it('refuses a timeout that is not a number of seconds', async () => {
    const err: string[] = [];
    const code = await main(['status', templatePathOf('two-node-drbd-kvm'), '--timeout', 'soon'], {
      out: () => undefined,
      err: (s) => err.push(s),
    });
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/--timeout takes a number of seconds above 0, not "soon"/);
  });
});
