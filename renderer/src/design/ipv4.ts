/** Small IPv4 helpers for choosing addresses inside a network's CIDR. */
export function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export interface Cidr {
  readonly base: number;
  readonly bits: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const [ip, bitsText] = text.split('/');
  const addr = parseIpv4(ip ?? '');
  const bits = Number(bitsText);
  if (addr === undefined || !Number.isInteger(bits) || bits < 8 || bits > 30) return undefined;
  const size = 2 ** (32 - bits);
  return { base: addr - (addr % size), bits };
}

/**
 * The first free host address at or after `from` (host number) in the network, skipping
 * addresses already used; undefined when the network is full or not a CIDR.
 */
export function freeAddress(
  cidr: string,
  used: ReadonlySet<string>,
  from = 11,
): string | undefined {
  const net = parseCidr(cidr);
  if (!net) return undefined;
  const size = 2 ** (32 - net.bits);
  for (let host = Math.min(from, size - 2); host < size - 1; host++) {
    const candidate = formatIpv4(net.base + host);
    if (!used.has(candidate)) return candidate;
  }
  return undefined;
}
