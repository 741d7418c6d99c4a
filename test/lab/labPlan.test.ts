import { describe, expect, it } from 'vitest';
import { planLab } from '../../src/lab/labPlan.ts';
import type { Design } from '../../src/model/types.ts';
import { LAB_TRIO, loadFixture } from './support/fixtures.ts';

describe('lab plan', () => {
  const design = loadFixture(LAB_TRIO);

  it('names interfaces within 15 characters, the same way every time, per lab folder', () => {
    const plan = planLab(design, '/var/lib/clusterwright/lab/labtrio');
    const names = [
      ...plan.bridges.map((b) => b.name),
      ...plan.nodes.flatMap((n) => n.links.map((l) => l.hostIf)),
    ];
    expect(names).toHaveLength(2 + 3 * 2);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(15);
    expect(planLab(design, '/var/lib/clusterwright/lab/labtrio')).toEqual(plan);
    const other = planLab(design, '/tmp/elsewhere/labtrio');
    expect(other.bridges[0]?.name).not.toBe(plan.bridges[0]?.name);
  });

  it('puts the host on the management network at its last free address', () => {
    const plan = planLab(design, '/x/labtrio');
    expect(plan.bridges.map((b) => [b.network, b.hostAddress])).toEqual([
      ['ring0', undefined],
      ['mgmt', '172.30.72.254'],
    ]);
    expect(plan.nodes.map((n) => n.sshAddress)).toEqual([
      '172.30.72.11',
      '172.30.72.12',
      '172.30.72.13',
    ]);
    const taken: Design = {
      ...design,
      nodes: design.nodes.map((n, i) =>
        i === 0 ? { ...n, addresses: { ...n.addresses, mgmt: '172.30.72.254' } } : n,
      ),
    };
    expect(planLab(taken, '/x/labtrio').bridges[1]?.hostAddress).toBe('172.30.72.253');
  });

  it('uses the first network when there is no management network', () => {
    const noMgmt: Design = {
      ...design,
      networks: design.networks.filter((n) => n.name !== 'mgmt'),
    };
    const plan = planLab(noMgmt, '/x/labtrio');
    expect(plan.bridges[0]?.hostAddress).toBe('172.30.71.254');
    expect(plan.nodes[2]?.sshAddress).toBe('172.30.71.13');
  });

  it('refuses a node the host could not reach, naming node and network', () => {
    const unreachable: Design = {
      ...design,
      nodes: design.nodes.map((n, i) =>
        i === 1 ? { ...n, addresses: { ring0: '172.30.71.12' } } : n,
      ),
    };
    expect(() => planLab(unreachable, '/x/labtrio')).toThrow(
      /node "lt-b" has no address on network "mgmt".*give it one/,
    );
  });
});
