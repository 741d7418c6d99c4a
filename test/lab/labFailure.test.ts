import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planLab } from '../../src/lab/labPlan.ts';
import type { LabState } from '../../src/lab/labState.ts';
import { labUp } from '../../src/lab/labUp.ts';
import type { Design } from '../../src/model/types.ts';
import { requireRoot, requireTool } from '../support/tools.ts';
import { LAB_TRIO, loadFixture } from './support/fixtures.ts';
import { labLeftovers } from './support/leftovers.ts';

/** The lab fixture on networks of its own, so it can run beside the lifecycle test. */
function soloDesign(): Design {
  const base = loadFixture(LAB_TRIO);
  return {
    ...base,
    cluster: { ...base.cluster, name: 'labfail' },
    networks: base.networks.map((n) => ({
      ...n,
      cidr: n.name === 'ring0' ? '172.30.91.0/24' : '172.30.92.0/24',
    })),
    nodes: base.nodes.slice(0, 2).map((n, i) => ({
      ...n,
      addresses: { ring0: `172.30.91.${11 + i}`, mgmt: `172.30.92.${11 + i}` },
    })),
  };
}

describe('a lab that cannot come up', () => {
  const baseDir = mkdtempSync(join(tmpdir(), 'cw-labfail-'));
  afterAll(() => rmSync(baseDir, { recursive: true, force: true }));

  it('says what the nodes logged and leaves nothing behind', async () => {
    requireRoot('a lab creates network namespaces and starts corosync');
    requireTool('corosync', 'corosync');
    const design = soloDesign();
    const stateDir = join(baseDir, 'labfail');
    const error = await labUp(design, {
      // corosync refuses a configuration without a totem section and exits at once.
      corosyncConf: () => 'this is not a corosync configuration\n',
      baseDir,
      timeoutMs: 60_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    // It fails as soon as a node's init dies, not at the deadline, and shows corosync's reason.
    expect(message).toMatch(/^lab node "lt-[ab]" stopped while starting/);
    expect(message).toMatch(/init\.log:\n.*parser error: \/etc\/corosync\/corosync\.conf:1/);
    const plan = planLab(design, stateDir);
    const state: LabState = {
      version: 1,
      cluster: 'labfail',
      stateDir,
      createdAt: '',
      keyPath: '',
      bridges: [...plan.bridges],
      nodes: plan.nodes.map((n) => ({ ...n, sshPort: 22, hostKey: '', state: 'killed' })),
      warnings: [],
    };
    expect(labLeftovers(state)).toEqual([]);
  });
});
