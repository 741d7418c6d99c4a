import { isSafeName } from '../model/values.ts';

/**
 * Maps a name from a configuration file (a host name, a CIB id like "WebData-clone", a DRBD
 * resource "r0") to the model's one safe-name rule: camelCase split into words, lowercase,
 * anything else turned into "-", a letter first, at most 63 characters.
 */
export function toSafeName(raw: string, fallbackPrefix = 'x'): string {
  let s = raw
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (s === '') s = fallbackPrefix;
  if (!/^[a-z]/.test(s)) s = `${fallbackPrefix}-${s}`;
  s = s.slice(0, 63).replace(/-+$/, '');
  return isSafeName(s) ? s : fallbackPrefix;
}

/**
 * Hands out design-wide unique safe names. The same raw name asked for twice under the same
 * key gets the same answer, so a node named in corosync.conf and in a .res file is one node.
 */
export class NameAllocator {
  private readonly used = new Set<string>();
  private readonly given = new Map<string, string>();

  /** `key` identifies the thing being named (e.g. "node:alpha"); `raw` is its name in the file. */
  name(key: string, raw: string, fallbackPrefix = 'x'): string {
    const known = this.given.get(key);
    if (known !== undefined) return known;
    const base = toSafeName(raw, fallbackPrefix);
    let candidate = base;
    for (let n = 2; this.used.has(candidate); n++) {
      const suffix = `-${n}`;
      candidate = `${base.slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
    }
    this.used.add(candidate);
    this.given.set(key, candidate);
    return candidate;
  }

  lookup(key: string): string | undefined {
    return this.given.get(key);
  }
}
