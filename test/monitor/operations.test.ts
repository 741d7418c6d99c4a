import { describe, expect, it } from 'vitest';
import type { OperationTargets } from '../../src/monitor/operations.ts';
import { OperationError, operationCommand } from '../../src/monitor/operations.ts';
import { cibNames } from '../../src/services/cibNames.ts';
import { loadTemplate } from '../support/designs.ts';

const targets: OperationTargets = {
  nodes: new Map([
    ['alpha', 'alpha'],
    ['beta', 'beta.example.net'],
    ['odd', "it's odd"],
  ]),
  resources: new Map([
    ['vm1', { id: 'vm1', promotable: false }],
    ['r0', { id: 'r0_clone', promotable: true }],
    ['ct', { id: 'ct_group', promotable: false }],
  ]),
};

describe('operationCommand: the exact Pacemaker command of each operation', () => {
  it('node standby and online set the standby node attribute', () => {
    expect(operationCommand({ kind: 'node-standby', node: 'beta' }, targets).command).toBe(
      'crm_attribute --type nodes --node beta.example.net --name standby --update on',
    );
    expect(operationCommand({ kind: 'node-online', node: 'alpha' }, targets).command).toBe(
      'crm_attribute --type nodes --node alpha --name standby --update off',
    );
  });

  it('move acts on the top resource; a promotable clone moves its promoted role', () => {
    expect(
      operationCommand({ kind: 'resource-move', resource: 'ct', node: 'alpha' }, targets).command,
    ).toBe('crm_resource --move --resource ct_group --node alpha');
    const drbd = operationCommand({ kind: 'resource-move', resource: 'r0', node: 'beta' }, targets);
    expect(drbd.command).toBe(
      'crm_resource --move --resource r0_clone --node beta.example.net --promoted',
    );
    expect(drbd.argv).toEqual([
      'crm_resource',
      '--move',
      '--resource',
      'r0_clone',
      '--node',
      'beta.example.net',
      '--promoted',
    ]);
    expect(drbd.summary).toMatch(/promoted role to beta/);
  });

  it('clear and cleanup', () => {
    expect(operationCommand({ kind: 'resource-clear', resource: 'r0' }, targets).command).toBe(
      'crm_resource --clear --resource r0_clone',
    );
    expect(operationCommand({ kind: 'resource-cleanup', resource: 'vm1' }, targets).command).toBe(
      'crm_resource --cleanup --resource vm1',
    );
    expect(
      operationCommand({ kind: 'resource-cleanup', resource: 'vm1', node: 'alpha' }, targets)
        .command,
    ).toBe('crm_resource --cleanup --resource vm1 --node alpha');
  });

  it('quotes every value with the one quoting function', () => {
    expect(operationCommand({ kind: 'node-standby', node: 'odd' }, targets).command).toBe(
      "crm_attribute --type nodes --node 'it'\\''s odd' --name standby --update on",
    );
  });

  it('refuses names the design does not have, naming the ones it has', () => {
    expect(() => operationCommand({ kind: 'node-standby', node: 'gamma' }, targets)).toThrow(
      new OperationError(
        'no node named "gamma" in the design (nodes: alpha, beta, odd); pick one of them',
      ),
    );
    expect(() =>
      operationCommand({ kind: 'resource-move', resource: 'vm9', node: 'alpha' }, targets),
    ).toThrow(/^no cluster resource named "vm9" in the design \(resources: vm1, r0, ct\)/);
    expect(() =>
      operationCommand({ kind: 'resource-move', resource: 'vm1', node: 'nowhere' }, targets),
    ).toThrow(OperationError);
    expect(() =>
      operationCommand({ kind: 'resource-cleanup', resource: 'vm1', node: '$(reboot)' }, targets),
    ).toThrow(/no node named "\$\(reboot\)"/);
  });

  it('refuses a name that a tool would read as an option', () => {
    const risky: OperationTargets = {
      nodes: new Map([['n', '--force']]),
      resources: new Map([['x', { id: '-x', promotable: false }]]),
    };
    expect(() => operationCommand({ kind: 'node-online', node: 'n' }, risky)).toThrow(
      /refusing node "--force"/,
    );
    expect(() => operationCommand({ kind: 'resource-clear', resource: 'x' }, risky)).toThrow(
      /refusing resource "-x"/,
    );
  });
});

describe('cibNames: the design elements as the generated CIB names them', () => {
  const names = cibNames(loadTemplate('three-node-drbd9-openvz'));

  it('operations act on the clone or group at the top', () => {
    expect(Object.fromEntries(names.resources)).toMatchObject({
      'ct-dns': { id: 'ct-dns_clone', promotable: true },
      dns: { id: 'dns_group', promotable: false },
      'dns-ip': { id: 'dns-ip', promotable: false },
      'ipmi-vz1': { id: 'ipmi-vz1', promotable: false },
    });
  });

  it("crm_mon's primitives map back to their element", () => {
    expect(names.elementOf.get('dns_private')).toBe('dns');
    expect(names.elementOf.get('dns')).toBe('dns');
    expect(names.elementOf.get('ct-proxy')).toBe('ct-proxy');
    expect([...names.nodes.keys()]).toEqual(['vz1', 'vz2', 'vz3']);
  });
});
