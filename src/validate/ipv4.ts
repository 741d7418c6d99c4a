/** IPv4 arithmetic on 32-bit unsigned numbers; the model has already checked the syntax. */

export function ipToNumber(ip: string): number {
  let n = 0;
  for (const part of ip.split('.')) n = n * 256 + Number(part);
  return n;
}

export interface Cidr {
  /** First address of the network. */
  readonly start: number;
  /** Last address (the broadcast address for prefixes shorter than /31). */
  readonly end: number;
  readonly prefix: number;
}

export function parseCidr(cidr: string): Cidr {
  const [ip = '', bits = '32'] = cidr.split('/');
  const prefix = Number(bits);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(ipToNumber(ip) / size) * size;
  return { start, end: start + size - 1, prefix };
}

export function cidrContains(net: Cidr, ip: number): boolean {
  return ip >= net.start && ip <= net.end;
}

/** The network and broadcast addresses of a /30 or wider network cannot be given to a host. */
export function isReservedInCidr(net: Cidr, ip: number): boolean {
  return net.prefix <= 30 && (ip === net.start || ip === net.end);
}
