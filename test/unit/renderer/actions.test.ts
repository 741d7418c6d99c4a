import { describe, expect, it } from 'vitest';
import { checkDesignData } from '../../../src/model/designFile.ts';
import type { Design } from '../../../src/model/types.ts';
import { withRules } from '../../../src/services/services.ts';
import { ActionRefused } from '../../../renderer/src/actions/action.ts';
import type { Action } from '../../../renderer/src/actions/action.ts';
import { addElement, nextName } from '../../../renderer/src/actions/addElement.ts';
import { connect } from '../../../renderer/src/actions/connect.ts';
import { deleteElements, deletionPlan } from '../../../renderer/src/actions/deleteElements.ts';
import { disconnect } from '../../../renderer/src/actions/disconnect.ts';
import { moveElements } from '../../../renderer/src/actions/moveElements.ts';
import { copyElements, paste } from '../../../renderer/src/actions/paste.ts';
import { updateField } from '../../../renderer/src/actions/updateField.ts';
import type { Placeable } from '../../../renderer/src/design/kinds.ts';
import { PLACEABLE } from '../../../renderer/src/design/kinds.ts';
import { emptyDesign } from '../../../renderer/src/design/newElement.ts';
import { referencesOf } from '../../../renderer/src/design/references.ts';
import { loadTemplate } from '../../support/designs.ts';

function run<I>(design: Design, action: Action<I>, input: I): Design {
  const frozen = Object.freeze(design);
  return action.perform(frozen, input);
}

function add(design: Design, collection: Placeable): Design {
  const name = nextName(design, collection);
  return run(design, addElement, { collection, name, position: { x: 10.4, y: 20.6 } });
}

/** The errors the model and the validator find, as the problems panel would show them. */
function problems(design: Design): { code: string; elements: readonly string[] }[] {
  const checked = withRules(checkDesignData(design));
  return checked.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ code: d.code, elements: d.elements }));
}

function twoNodeDesign(): Design {
  let d = emptyDesign();
  for (const kind of ['nodes', 'nodes', 'networks', 'drbd', 'vms'] as const) d = add(d, kind);
  for (const [from, to] of [
    ['node-1', 'net-1'],
    ['net-1', 'node-2'], // drawn backwards: still the node's address
    ['drbd-1', 'node-1'],
    ['drbd-1', 'node-2'],
    ['vm-1', 'drbd-1'],
  ] as const)
    d = run(d, connect, { from, to });
  return d;
}

describe('designer actions', () => {
  it('builds a sound two-node design whose only error is missing fencing', () => {
    const d = twoNodeDesign();
    expect(d.nodes.map((n) => n.addresses)).toEqual([
      { 'net-1': '10.10.0.11' },
      { 'net-1': '10.10.0.12' },
    ]);
    expect(d.cluster.corosync.links).toEqual(['net-1']);
    expect(d.drbd[0]?.nodes).toEqual(['node-1', 'node-2']);
    expect(d.drbd[0]?.network).toBe('net-1');
    expect(d.vms[0]?.disks).toEqual([{ kind: 'drbd', resource: 'drbd-1', volume: 0 }]);
    expect(d.layout['vm-1']).toEqual({ x: 10, y: 21 });
    expect(problems(d)).toEqual([
      { code: 'node-unfenced', elements: ['node-1'] },
      { code: 'node-unfenced', elements: ['node-2'] },
      { code: 'drbd-fencing-no-device', elements: ['drbd-1', 'node-1', 'node-2'] },
    ]);

    let fixed = add(d, 'fencing');
    expect(problems(fixed)).toEqual([{ code: 'field-invalid', elements: ['fence-1'] }]);
    fixed = run(fixed, updateField, { element: 'fence-1', path: ['targets'], value: ['node-1'] });
    expect(problems(fixed).filter((p) => p.code === 'node-unfenced')).toEqual([
      { code: 'node-unfenced', elements: ['node-2'] },
    ]);
    fixed = run(fixed, connect, { from: 'fence-1', to: 'node-2' });
    expect(problems(fixed)).toEqual([]);
  });

  it('refuses connections that make no sense, with a reason', () => {
    let d = twoNodeDesign();
    d = add(d, 'fencing');
    const refusal = (from: string, to: string): string => {
      try {
        run(d, connect, { from, to });
      } catch (e) {
        expect(e).toBeInstanceOf(ActionRefused);
        return (e as Error).message;
      }
      throw new Error(`${from} → ${to} was accepted`);
    };
    expect(refusal('vm-1', 'fence-1')).toMatch(
      /^a virtual machine does not connect to a fencing device: a virtual machine links to .*DRBD resource \(disk\)/,
    );
    expect(refusal('vm-1', 'drbd-1')).toBe('vm-1 already has a disk on drbd-1');
    expect(refusal('node-1', 'node-1')).toBe('an element cannot connect to itself');
    const old = run(d, updateField, { element: 'drbd-1', path: ['version'], value: '8.4' });
    const third = add(old, 'nodes');
    expect(() => run(third, connect, { from: 'drbd-1', to: 'node-3' })).toThrow(
      /DRBD 8.4 replicates between exactly two nodes/,
    );
    const xen = run(d, updateField, { element: 'node-1', path: ['hypervisors'], value: ['xen'] });
    expect(() => run(xen, connect, { from: 'vm-1', to: 'node-1' })).toThrow(
      'node-1 runs no kvm hypervisor, so it cannot host vm-1',
    );
  });

  it('every kind can be added, and each one knows a connection', () => {
    let d = emptyDesign();
    for (const kind of PLACEABLE) d = add(d, kind);
    expect(PLACEABLE.map((k) => (d[k] as readonly unknown[]).length)).toEqual(
      PLACEABLE.map(() => 1),
    );
    expect(Object.keys(d.layout).sort()).toEqual([
      'drbd-1',
      'fence-1',
      'fs-1',
      'initiator-1',
      'ip-1',
      'net-1',
      'node-1',
      'svc-1',
      'target-1',
      'vm-1',
    ]);
    d = run(d, connect, { from: 'target-1', to: 'drbd-1' });
    d = run(d, connect, { from: 'ip-1', to: 'net-1' });
    expect(d.floatingIps[0]).toMatchObject({ network: 'net-1', address: '10.10.0.100' });
    d = run(d, connect, { from: 'initiator-1', to: 'target-1' });
    d = run(d, connect, { from: 'fs-1', to: 'target-1' });
    d = run(d, connect, { from: 'svc-1', to: 'fs-1' });
    expect(d.services[0]?.dependsOn).toEqual(['fs-1']);
    expect(
      referencesOf(d)
        .map((r) => `${r.from}>${r.to}:${r.role}`)
        .sort(),
    ).toEqual(
      [
        'drbd-1>net-1:replication',
        'fs-1>target-1:device',
        'initiator-1>node-1:on',
        'initiator-1>target-1:login',
        'ip-1>net-1:on',
        'svc-1>fs-1:needs',
        'target-1>drbd-1:LUN',
      ].sort(),
    );
  });

  it('renames an element everywhere it is referenced', () => {
    const d = run(twoNodeDesign(), updateField, {
      element: 'node-1',
      path: ['name'],
      value: 'alpha',
    });
    expect(d.nodes[0]?.name).toBe('alpha');
    expect(d.drbd[0]?.nodes).toEqual(['alpha', 'node-2']);
    expect(d.layout.alpha).toBeDefined();
    expect(d.layout['node-1']).toBeUndefined();
    expect(() => run(d, updateField, { element: 'alpha', path: ['name'], value: 'vm-1' })).toThrow(
      'the name vm-1 is already taken',
    );
    const renamedNet = run(d, updateField, { element: 'net-1', path: ['name'], value: 'ring0' });
    expect(renamedNet.cluster.corosync.links).toEqual(['ring0']);
    expect(renamedNet.nodes[0]?.addresses).toEqual({ ring0: '10.10.0.11' });
    expect(problems(renamedNet).map((p) => p.code)).toEqual(problems(d).map((p) => p.code));
    expect(problems(renamedNet).map((p) => p.code)).not.toContain('ref-dangling');
  });

  it('deletes with dependents and drops references to what went', () => {
    const template = loadTemplate('two-node-drbd-kvm');
    expect(deletionPlan(template, ['public']).sort()).toEqual(
      ['public', 'web-ip', 'web-ip-with-web'].sort(),
    );
    const d = run(template, deleteElements, { names: ['public'] });
    expect(d.networks.map((n) => n.name)).toEqual(['ring0', 'ring1', 'mgmt']);
    expect(d.floatingIps).toEqual([]);
    expect(d.constraints).toEqual([]);
    expect(d.vms[0]?.network).toBeUndefined();
    expect(d.nodes[0]?.addresses.public).toBeUndefined();
    expect(d.layout.public).toBeUndefined();
    expect(problems(d)).toEqual([]);

    const noBeta = run(template, deleteElements, { names: ['beta'] });
    expect(noBeta.drbd[0]?.nodes).toEqual(['alpha']);
    expect(noBeta.fencing.map((f) => f.name)).toEqual(['ipmi-alpha']);
    expect(problems(noBeta).map((p) => p.code)).not.toContain('ref-dangling');
    expect(() => run(template, disconnect, { from: 'ipmi-beta', to: 'beta' })).toThrow(
      'ipmi-beta cannot be without beta',
    );
  });

  it('disconnects an edge, and refuses to leave an element without what it needs', () => {
    const d = run(twoNodeDesign(), disconnect, { from: 'drbd-1', to: 'node-2' });
    expect(d.drbd[0]?.nodes).toEqual(['node-1']);
    let t = loadTemplate('two-node-drbd-kvm');
    t = run(t, disconnect, { from: 'web', to: 'vm-web' });
    expect(t.vms[0]?.disks).toEqual([]);
    expect(() => run(t, disconnect, { from: 'web-ip', to: 'public' })).toThrow(
      'web-ip cannot be without public: connect it to another one instead',
    );
  });

  it('pastes copies under fresh names with references among them renamed', () => {
    const d = twoNodeDesign();
    const items = copyElements(d, ['drbd-1', 'vm-1']);
    const pasted = run(d, paste, { items, offset: { x: 40, y: 40 } });
    expect(pasted.drbd.map((r) => r.name)).toEqual(['drbd-1', 'drbd-2']);
    expect(pasted.vms[1]).toMatchObject({
      name: 'vm-2',
      disks: [{ kind: 'drbd', resource: 'drbd-2', volume: 0 }],
    });
    expect(pasted.drbd[1]?.nodes).toEqual(['node-1', 'node-2']);
    expect(pasted.layout['vm-2']).toEqual({ x: 50, y: 61 });
    expect(d.vms).toHaveLength(1);
  });

  it('moves elements without touching anything else', () => {
    const d = twoNodeDesign();
    const moved = run(d, moveElements, { positions: { 'node-1': { x: 300.7, y: -4.2 } } });
    expect(moved.layout['node-1']).toEqual({ x: 301, y: -4 });
    expect({ ...moved, layout: {} }).toEqual({ ...d, layout: {} });
  });
});
