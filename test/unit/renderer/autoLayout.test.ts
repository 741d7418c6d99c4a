import { describe, expect, it } from 'vitest';
import { NODE_SIZE } from '../../../renderer/src/canvas/flowModel.ts';
import { placedElements } from '../../../renderer/src/design/elements.ts';
import { autoLayout } from '../../../renderer/src/layout/autoLayout.ts';
import { loadTemplate, templateNames } from '../../support/designs.ts';

describe('auto-layout (elkjs)', () => {
  it.each(templateNames())('places every element of %s without overlaps', async (name) => {
    const design = loadTemplate(name);
    const positions = await autoLayout(design);
    const names = placedElements(design).map((e) => e.name);
    expect(Object.keys(positions).sort()).toEqual([...names].sort());
    const boxes = Object.values(positions);
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1))
        expect(
          Math.abs(a.x - b.x) >= NODE_SIZE.width || Math.abs(a.y - b.y) >= NODE_SIZE.height,
        ).toBe(true);
  });

  it('puts what an element builds on above it', async () => {
    const design = loadTemplate('two-node-drbd-kvm');
    const p = await autoLayout(design);
    expect(p.web?.y).toBeGreaterThan(p['vm-web']?.y ?? Infinity);
    expect(p['vm-web']?.y).toBeGreaterThan(p.alpha?.y ?? Infinity);
    expect(p.alpha?.y).toBeGreaterThan(p.ring0?.y ?? Infinity);
  });
});
