import type { NameAllocator } from './names.ts';

export type NetworkRole = 'cluster' | 'replication' | 'storage' | 'public' | 'management';

export interface InferredNetwork {
  name: string;
  readonly cidr: string;
  readonly role: NetworkRole;
  bridge?: string;
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** The network of `ip` with `prefix` bits, as CIDR (10.0.0.17, 24 → 10.0.0.0/24). */
export function networkOf(ip: string, prefix = 24): string {
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  const n = (ipToInt(ip) & mask) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.')}/${prefix}`;
}

export function contains(cidr: string, ip: string): boolean {
  const [base = '', bits = '32'] = cidr.split('/');
  const prefix = Number(bits);
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return (ipToInt(base) & mask) >>> 0 === (ipToInt(ip) & mask) >>> 0;
}

/**
 * Networks inferred from addresses: each address lies in a /24 unless the file gave a prefix;
 * the first role seen for a network names it (the corosync links are "cluster", DRBD
 * addresses "replication", portals "storage", floating IPs "public").
 */
export class NetworkInference {
  readonly networks: InferredNetwork[] = [];

  constructor(private readonly names: NameAllocator) {}

  /** The network holding `ip`, created with `role` if none does. */
  observe(ip: string, role: NetworkRole, prefix = 24): InferredNetwork {
    const found = this.find(ip);
    if (found) return found;
    const cidr = networkOf(ip, prefix);
    const net: InferredNetwork = { name: this.names.name(`network:${cidr}`, role), cidr, role };
    this.networks.push(net);
    return net;
  }

  find(ip: string): InferredNetwork | undefined {
    return this.networks.find((n) => contains(n.cidr, ip));
  }
}
