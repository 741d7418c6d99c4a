import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDesign, serializeDesign } from '../../../src/model/designFile.ts';
import { loadTemplate, templateNames, templatePathOf } from '../../support/designs.ts';

describe('templates', () => {
  it('there are at least the four starter designs', () => {
    expect(templateNames()).toEqual(
      expect.arrayContaining([
        'two-node-drbd-kvm',
        'iscsi-storage-xen',
        'three-node-drbd9-openvz',
        'four-node-n1-kvm',
      ]),
    );
  });

  for (const name of templateNames()) {
    it(`${name} loads with no model errors`, () => {
      const file = templatePathOf(name);
      const result = parseDesign(readFileSync(file, 'utf8'), file);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.design?.nodes.length).toBeGreaterThanOrEqual(2);
    });

    it(`${name} survives load → save → load unchanged`, () => {
      const design = loadTemplate(name);
      const text = serializeDesign(design);
      const again = parseDesign(text);
      expect(again.diagnostics).toEqual([]);
      expect(again.design).toEqual(design);
      // Saving twice gives the same bytes: files diff cleanly.
      expect(serializeDesign(again.design!)).toBe(text);
    });
  }
});
