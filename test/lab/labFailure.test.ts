import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLabHost } from '../../src/lab/hostCheck.ts';
import { planLab } from '../../src/lab/labPlan.ts';
import type { LabNodeState, LabState } from '../../src/lab/labState.ts';
import { labUp } from '../../src/lab/labUp.ts';
import { startNodeInit } from '../../src/lab/nodeProcess.ts';
import { waitForSsh } from '../../src/lab/readiness.ts';
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

  it('names the design node the same way whichever check sees its init exit first', async () => {
    requireRoot('a lab node runs in a network namespace');
    const tools = await checkLabHost();
    const netns = `cwtf${randomBytes(3).toString('hex')}`;
    const dir = join(baseDir, 'quick', 'nodes', 'lt-q');
    mkdirSync(dir, { recursive: true });
    // Exits at once: often before its start is even seen (once a 10 s wait with another
    // message naming the namespace), sometimes just after (then the wait for sshd notices).
    writeFileSync(join(dir, 'init.sh'), 'echo "init: giving up"\nexit 3\n', { mode: 0o755 });
    const node: LabNodeState = {
      name: 'lt-q',
      hostname: 'lt-q',
      netns,
      dir,
      links: [],
      // Nothing listens on the host's port 1: sshd never answers, only the init's death counts.
      sshAddress: '127.0.0.1',
      sshPort: 1,
      hostKey: '',
      state: 'starting',
    };
    execFileSync(tools.ip, ['netns', 'add', netns]);
    try {
      const error = await startNodeInit(tools, node)
        .then((pids) => waitForSsh([{ ...node, ...pids }], Date.now() + 30_000))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(
        `lab node "lt-q" stopped while starting: its init exited. See ${dir}/init.log and the ` +
          `daemons' logs in ${dir}/var-log/, fix what they report (often the corosync.conf) and try again`,
      );
    } finally {
      execFileSync(tools.ip, ['netns', 'del', netns]);
    }
  });
});
