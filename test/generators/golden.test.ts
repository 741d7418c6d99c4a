import { describe, expect, it } from 'vitest';
import { bundlePath } from '../../src/generators/bundleFile.ts';
import { loadTemplate, templateNames } from '../support/designs.ts';
import { expectParsesBack } from './parseBack.ts';
import { storageFiles } from './storageFiles.ts';

/**
 * Golden files per template (reviewed by eye once). Vitest writes a missing snapshot only
 * outside CI; with CI set it fails instead, so CI never rewrites them.
 */
describe.each(templateNames())('template %s', (template) => {
  const design = loadTemplate(template);
  const files = storageFiles(design);

  it('lists the same storage, corosync and hypervisor files', async () => {
    const index = files
      .map((f) => `${bundlePath(f)} mode=${f.mode.toString(8)} kind=${f.kind} element=${f.element}`)
      .join('\n');
    await expect(`${index}\n`).toMatchFileSnapshot(`__golden__/${template}/storage-files.txt`);
  });

  it('writes each file as its golden copy', async () => {
    for (const f of files) {
      await expect(f.content).toMatchFileSnapshot(`__golden__/${template}/${bundlePath(f)}`);
    }
  });

  it('parses back to the design', () => {
    expectParsesBack(design, files);
  });

  it('is deterministic', () => {
    expect(storageFiles(loadTemplate(template))).toEqual(files);
  });
});
