import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inventory, inventoryYaml } from '../../../src/generators/ansible/inventory.ts';
import type { Design } from '../../../src/model/types.ts';
import { loadTemplate } from '../../support/designs.ts';
import { useTempDir } from '../../support/tmp.ts';
import { requireTool } from '../../support/tools.ts';

function withJump(design: Design): Design {
  return {
    ...design,
    nodes: design.nodes.map((n, i) =>
      i === 0 && n.ssh
        ? { ...n, ssh: { ...n.ssh, jump: { host: '192.0.2.7', port: 2222, user: 'ops' } } }
        : n,
    ),
  };
}

describe('the Ansible inventory of a node behind a jump host', () => {
  it('reaches it through the jump host (ProxyJump); the other node goes straight', () => {
    const design = withJump(loadTemplate('two-node-drbd-kvm'));
    const hosts = (
      inventory(design, []).value as {
        all: { children: Record<string, { hosts: Record<string, Record<string, unknown>> }> };
      }
    ).all.children;
    const group = Object.values(hosts)[0]?.hosts ?? {};
    expect(group.alpha?.ansible_ssh_common_args).toBe('-o ProxyJump=ops@192.0.2.7:2222');
    expect(group.beta).not.toHaveProperty('ansible_ssh_common_args');
    expect(inventoryYaml(design, [])).toContain(
      'ansible_ssh_common_args: -o ProxyJump=ops@192.0.2.7:2222',
    );
  });

  const tmp = useTempDir('cw-inventory-');

  it('is read so by ansible-inventory itself', () => {
    requireTool('ansible-inventory', 'ansible-core');
    const file = join(tmp(), 'inventory.yml');
    writeFileSync(file, inventoryYaml(withJump(loadTemplate('two-node-drbd-kvm')), []));
    const alpha = JSON.parse(
      execFileSync('ansible-inventory', ['-i', file, '--host', 'alpha'], { encoding: 'utf8' }),
    ) as Record<string, unknown>;
    expect(alpha).toMatchObject({
      ansible_host: '10.99.0.11',
      ansible_ssh_common_args: '-o ProxyJump=ops@192.0.2.7:2222',
    });
  });
});
