import { describe, expect, it } from 'vitest';
import { DeployDesignError, deployDesign, rollbackDesign } from '../../../src/services/deploy.ts';
import { loadTemplate } from '../../support/designs.ts';

/** The app hands the services the design it holds; they check it like a file's. */
describe('deploy services with an in-memory design', () => {
  it('refuses a design with errors, and node names it does not have, before connecting', async () => {
    const design = loadTemplate('two-node-drbd-kvm');
    const broken = { ...design, drbd: [{ ...design.drbd[0]!, nodes: ['alpha', 'nowhere'] }] };
    await expect(
      deployDesign({ designFile: 'canvas', design: broken, lab: false, dryRun: true }),
    ).rejects.toThrow(DeployDesignError);
    await expect(
      rollbackDesign({ designFile: 'canvas', design, lab: false, nodes: ['gamma'] }),
    ).rejects.toThrow(/no node gamma in the design; its nodes are alpha, beta/);
  });
});
