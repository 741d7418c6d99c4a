import { describe, expect, it } from 'vitest';
import type { Design } from '../../../src/model/types.ts';
import { createServices } from '../../../src/services/services.ts';
import { addElement, nextName } from '../../../renderer/src/actions/addElement.ts';
import { connect } from '../../../renderer/src/actions/connect.ts';
import type { Placeable } from '../../../renderer/src/design/kinds.ts';
import { emptyDesign } from '../../../renderer/src/design/newElement.ts';

function build(kinds: readonly Placeable[], links: readonly (readonly [string, string])[]): Design {
  let d = emptyDesign();
  for (const collection of kinds)
    d = addElement.perform(d, {
      collection,
      name: nextName(d, collection),
      position: { x: 0, y: 0 },
    });
  for (const [from, to] of links) d = connect.perform(d, { from, to });
  return d;
}

const KINDS: readonly Placeable[] = ['nodes', 'nodes', 'networks', 'drbd', 'vms'];
const LINKS = [
  ['node-1', 'net-1'],
  ['node-2', 'net-1'],
  ['drbd-1', 'node-1'],
  ['drbd-1', 'node-2'],
  ['vm-1', 'drbd-1'],
] as const;

describe('bundle.generate for a design drawn on the canvas', () => {
  it('generates the DRBD resource once the design has no errors', async () => {
    const api = createServices();
    const fenced = build(
      [...KINDS, 'fencing'],
      [...LINKS, ['fence-1', 'node-1'], ['fence-1', 'node-2']],
    );
    const bundle = await api['bundle.generate']({ design: fenced });
    expect(bundle.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const res = bundle.files.find((f) => f.bundlePath === 'nodes/node-1/etc/drbd.d/drbd-1.res');
    expect(res).toMatchObject({ node: 'node-1', path: '/etc/drbd.d/drbd-1.res', kind: 'drbd' });
    expect(res?.content).toMatch(/resource "?drbd-1"? \{/);
    expect(res?.content).toContain('10.10.0.12');
  });

  it('generates nothing while the design has errors, and says which', async () => {
    const api = createServices();
    const bundle = await api['bundle.generate']({ design: build(KINDS, LINKS) });
    expect(bundle.files).toEqual([]);
    expect(bundle.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([
      'node-unfenced',
      'node-unfenced',
      'drbd-fencing-no-device',
    ]);
  });
});
