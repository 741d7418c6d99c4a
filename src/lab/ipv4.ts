/** Just enough IPv4 arithmetic for lab addressing. Inputs were checked by the model. */

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

export interface Cidr {
  readonly network: number;
  readonly prefix: number;
}

export function parseCidr(cidr: string): Cidr {
  const [ip = '', prefix = '32'] = cidr.split('/');
  const bits = Number(prefix);
  const size = 2 ** (32 - bits);
  return { network: Math.floor(ipToInt(ip) / size) * size, prefix: bits };
}

export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const aEnd = a.network + cidrSize(a);
  const bEnd = b.network + cidrSize(b);
  return a.network < bEnd && b.network < aEnd;
}

/** The highest usable address of a network that is not in `used` (hosts 1 … broadcast-1). */
export function lastFreeAddress(c: Cidr, used: ReadonlySet<string>): string | undefined {
  const size = cidrSize(c);
  for (let n = c.network + size - 2; n > c.network; n--) {
    const ip = intToIp(n);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}
