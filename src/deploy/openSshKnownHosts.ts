import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fingerprintOf } from './hostKeyFingerprint.ts';

/** One usable line of an OpenSSH known_hosts file, reduced to what we compare. */
export interface OpenSshHostKey {
  readonly keyType: string;
  readonly fingerprint: string;
  readonly revoked: boolean;
  readonly file: string;
  readonly line: number;
}

/**
 * The name OpenSSH looks a host up by: `host` on port 22, `[host]:port` otherwise.
 */
function lookupName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(name);
}

/** `|1|salt|hash`: HMAC-SHA1 of the lookup name keyed with the salt (HashKnownHosts yes). */
function hashedMatch(entry: string, name: string): boolean {
  const parts = entry.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2] ?? '', 'base64');
  const want = parts[3] ?? '';
  return createHmac('sha1', salt).update(name).digest('base64') === want;
}

function patternsMatch(field: string, name: string): boolean {
  if (field.startsWith('|')) return hashedMatch(field, name);
  let matched = false;
  for (const p of field.split(',')) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) {
      matched = true;
    }
  }
  return matched;
}

/**
 * Reads an OpenSSH known_hosts file (plain, wildcard and hashed entries, `@revoked`) and
 * returns the keys recorded for host:port. A missing file is simply empty. Certificate
 * authority lines are ignored: we do not do host certificates.
 */
export async function openSshKeysFor(
  file: string,
  host: string,
  port: number,
): Promise<OpenSshHostKey[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const name = lookupName(host, port);
  const out: OpenSshHostKey[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    let fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0]?.startsWith('@')) {
      if (fields[0] === '@revoked') revoked = true;
      else return; // @cert-authority
      fields = fields.slice(1);
    }
    const [patterns, keyType, keyBase64] = fields;
    if (!patterns || !keyType || !keyBase64) return;
    if (!patternsMatch(patterns, name)) return;
    const blob = Buffer.from(keyBase64, 'base64');
    out.push({ keyType, fingerprint: fingerprintOf(blob), revoked, file, line: i + 1 });
  });
  return out;
}
