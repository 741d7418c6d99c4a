import { checkDesignData } from '../../src/model/designFile.ts';
import type { Design, DesignInput } from '../../src/model/types.ts';

/** A design from data, through the model's own checks; fails loudly on any model error. */
export function designOf(input: DesignInput): Design {
  const result = checkDesignData(input);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.design || errors.length > 0) {
    throw new Error(`test design has model errors: ${JSON.stringify(errors)}`);
  }
  return result.design;
}

/** Nodes n1…nN with a cluster ring (10.0.0.x), a replication net (10.1.0.x) and a public bridge. */
export function smallCluster(count: number, extra: Partial<DesignInput> = {}): DesignInput {
  const nodes = Array.from({ length: count }, (_, i) => ({
    name: `n${i + 1}`,
    addresses: {
      ring0: `10.0.0.${i + 11}`,
      repl: `10.1.0.${i + 11}`,
      public: `192.168.1.${i + 11}`,
    },
    capacity: { cpus: 8, memoryMiB: 16384 },
    hypervisors: ['kvm' as const],
  }));
  return {
    schemaVersion: 2,
    cluster: { name: 'small', corosync: { links: ['ring0'] }, quorum: { twoNode: count === 2 } },
    networks: [
      { name: 'ring0', cidr: '10.0.0.0/24', role: 'cluster' },
      { name: 'repl', cidr: '10.1.0.0/24', role: 'replication' },
      { name: 'public', cidr: '192.168.1.0/24', role: 'public', bridge: 'br0' },
    ],
    nodes,
    ...extra,
  };
}
