import { DesignSchema } from '../../../src/model/schema.ts';
import type { Design, DesignInput } from '../../../src/model/types.ts';

/** A two-node KVM pair on one DRBD resource: the smallest design with every kind of link. */
export function smallDesignInput(): DesignInput {
  return {
    schemaVersion: 2,
    cluster: { name: 'pair', corosync: { links: ['ring0'] } },
    networks: [
      { name: 'ring0', cidr: '10.0.0.0/24', role: 'cluster' },
      { name: 'public', cidr: '192.168.1.0/24', role: 'public', bridge: 'br0' },
    ],
    nodes: [
      {
        name: 'n1',
        addresses: { ring0: '10.0.0.1' },
        capacity: { cpus: 8, memoryMiB: 16384 },
        hypervisors: ['kvm'],
      },
      {
        name: 'n2',
        addresses: { ring0: '10.0.0.2' },
        capacity: { cpus: 8, memoryMiB: 16384 },
        hypervisors: ['kvm'],
      },
    ],
    drbd: [
      {
        name: 'r0',
        nodes: ['n1', 'n2'],
        network: 'ring0',
        port: 7789,
        volumes: [{ number: 0, minor: 3, disk: '/dev/vg/r0', sizeGiB: 10 }],
      },
    ],
    vms: [
      {
        name: 'vm1',
        hypervisor: 'kvm',
        vcpus: 2,
        memoryMiB: 2048,
        disks: [{ kind: 'drbd', resource: 'r0', volume: 0 }],
        preferredNode: 'n1',
      },
    ],
    fencing: [
      { name: 'f1', kind: 'ipmi', targets: ['n1'], params: { ip: '10.9.0.1' }, password: 'bmc' },
      { name: 'f2', kind: 'ipmi', targets: ['n2'], params: { ip: '10.9.0.2' }, password: 'bmc' },
    ],
  };
}

export function designOf(input: DesignInput): Design {
  return DesignSchema.parse(input) as Design;
}
