/** Vendor prefixes for generated MACs: QEMU/KVM, Xen, and SWsoft (OpenVZ). */
export const MAC_PREFIX = { kvm: '52:54:00', xen: '00:16:3e', openvz: '00:18:51' } as const;

/** FNV-1a over the UTF-16 code units: deterministic, dependency-free, well spread. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A stable MAC for a guest: same name, same MAC, on every node and every run. */
export function derivedMac(prefix: string, seed: string): string {
  const h = fnv1a(seed);
  const bytes = [(h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff];
  return [prefix, ...bytes.map((b) => b.toString(16).padStart(2, '0'))].join(':');
}
