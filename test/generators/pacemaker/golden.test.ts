import { describe, expect, it } from 'vitest';
import { generatePacemaker } from '../../../src/generators/pacemaker/generate.ts';
import { loadTemplate, templateNames } from '../../support/designs.ts';

// Reviewed by eye once; CI never rewrites them (vitest does not write snapshots when CI is set).
describe.each(templateNames())('Pacemaker golden files of %s', (template) => {
  const files = generatePacemaker(loadTemplate(template));
  it.each(files.map((f) => [f.path.replace('cluster/', ''), f.content] as const))(
    '%s',
    async (name, content) => {
      await expect(content).toMatchFileSnapshot(`__golden__/${template}/${name}`);
    },
  );
});
