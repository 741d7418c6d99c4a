import { SECRET_PLACEHOLDER } from '../generators/bundleFile.ts';
import { fencePasswordScript } from '../generators/pacemaker/fromDesign.ts';
import type { Design } from '../model/types.ts';
import type { DeployFile } from './plan.ts';
import { shellQuote } from './quote.ts';

/**
 * Secrets at deploy time. The design and the bundle name secrets, never hold them: files
 * carry `@@CW_SECRET:<name>@@` placeholders, fence devices a password_script path. Deploy
 * fills the placeholders, writes the password scripts (0700, root) and keeps every value
 * out of what it reports: diffs, events, errors and results go through a redactor.
 */
export class SecretsMissingError extends Error {
  constructor(readonly names: readonly string[]) {
    super(
      `secrets not provided: ${names.join(', ')}. Set them in the app's keyring, in the CLI's secrets file (--secrets), or as CLUSTERWRIGHT_SECRET_<NAME> in the environment (name upper-cased, "-" as "_"); nothing was written.`,
    );
  }
}

/** Every secret a deploy of these files needs: placeholders, and the fence passwords. */
export function secretNamesOf(design: Design, files: readonly DeployFile[]): string[] {
  const names = new Set<string>();
  for (const f of files)
    for (const m of f.content.matchAll(SECRET_PLACEHOLDER)) names.add(m[1] as string);
  for (const f of design.fencing) if (f.password !== undefined) names.add(f.password);
  return [...names].sort();
}

/**
 * The password scripts fence agents read (`password_script` in the CIB): one per fence
 * password, on every node, since a fence device may run on any node but its target.
 */
export function fenceSecretFiles(design: Design, secret: (name: string) => string): DeployFile[] {
  const names = [...new Set(design.fencing.flatMap((f) => (f.password ? [f.password] : [])))];
  const script = (value: string, name: string) =>
    `#!/bin/sh\n# Written by Clusterwright deploy: the password of fence secret "${name}".\nprintf '%s\\n' ${value}\n`;
  return design.nodes.flatMap((n) =>
    names.sort().map((name): DeployFile => {
      const maskOld = maskerOf(script(`@@CW_SECRET:${name}@@`, name));
      return {
        node: n.name,
        path: fencePasswordScript(name),
        mode: 0o700,
        content: script(shellQuote(secret(name)), name),
        element: name,
        ...(maskOld ? { maskOld } : {}),
      };
    }),
  );
}

/**
 * Fills placeholders; a file that gets a secret becomes private to its owner (mode & 0700)
 * and gets a masker for the node's copy (which may hold an older value nobody knows now).
 */
export function fillSecrets<F extends DeployFile>(
  files: readonly F[],
  secret: (name: string) => string,
): F[] {
  return files.map((f) => {
    if (!f.content.includes('@@CW_SECRET:')) return f;
    const content = f.content.replace(SECRET_PLACEHOLDER, (_m, name: string) => secret(name));
    const maskOld = maskerOf(f.content);
    return { ...f, content, mode: f.mode & 0o700, ...(maskOld ? { maskOld } : {}) };
  });
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Masks secrets in a node's copy of a file from its template (the content with
 * placeholders): a line that matches a template line holding a placeholder gets the
 * placeholder's part replaced with `«secret NAME»`, whatever value it holds. Undefined
 * when the template holds no placeholder.
 */
export function maskerOf(template: string): ((text: string) => string) | undefined {
  const patterns = template
    .split('\n')
    .filter((l) => l.includes('@@CW_SECRET:'))
    .map((line) => {
      const names: string[] = [];
      const parts = line.split(/@@CW_SECRET:([a-z][a-z0-9-]*)@@/);
      const source = parts
        .map((part, i) => {
          if (i % 2 === 0) return escapeRegExp(part);
          names.push(part);
          return '(.*)';
        })
        .join('');
      return { re: new RegExp(`^${source}$`), parts, names };
    });
  if (patterns.length === 0) return undefined;
  return (text) =>
    text
      .split('\n')
      .map((line) => {
        const p = patterns.find((x) => x.re.test(line));
        if (!p) return line;
        return p.parts.map((part, i) => (i % 2 === 0 ? part : `«secret ${part}»`)).join('');
      })
      .join('\n');
}

/**
 * Resolves every secret the deploy needs before anything connects; throws
 * SecretsMissingError naming the missing ones.
 */
export function resolveSecrets(
  names: readonly string[],
  lookup: (name: string) => string | undefined,
): ReadonlyMap<string, string> {
  const found = new Map<string, string>();
  const missing: string[] = [];
  for (const n of names) {
    const v = lookup(n);
    if (v === undefined || v === '') missing.push(n);
    else found.set(n, v);
  }
  if (missing.length > 0) throw new SecretsMissingError(missing);
  return found;
}

/**
 * CHAP secrets the initiators will refuse: most (open-iscsi, Windows, VMware) want 12 to
 * 16 characters. Returns one line per bad secret, naming it and its length, never its value.
 */
export function chapProblems(design: Design, secrets: ReadonlyMap<string, string>): string[] {
  const names = [...new Set(design.iscsiTargets.flatMap((t) => (t.chap ? [t.chap.secret] : [])))];
  return names.flatMap((name) => {
    const length = [...(secrets.get(name) ?? '')].length;
    return length >= 12 && length <= 16
      ? []
      : [`CHAP secret "${name}" is ${length} characters long; iSCSI initiators want 12 to 16`];
  });
}

/**
 * Replaces every secret value (and its shell-quoted form, as the password scripts hold it)
 * in a text with `«secret NAME»`. Longer values first, so one value inside another does
 * not leave a tail behind.
 */
export function redactorOf(secrets: ReadonlyMap<string, string>): (text: string) => string {
  const pairs = [...secrets].flatMap(([name, value]) => {
    const quoted = shellQuote(value);
    return quoted === value
      ? [[value, name]]
      : [
          [quoted, name],
          [value, name],
        ];
  });
  pairs.sort((a, b) => (b[0] as string).length - (a[0] as string).length);
  if (pairs.length === 0) return (text) => text;
  // One pass over the text: a marker put in for one value is never searched for another
  // (a value "e" would otherwise rewrite the "«secret …»" put in for the value before it).
  const nameOf = new Map(pairs.map(([value, name]) => [value as string, name as string]));
  const any = new RegExp(pairs.map(([value]) => escapeRegExp(value as string)).join('|'), 'g');
  return (text) => text.replace(any, (value) => `«secret ${nameOf.get(value) ?? '?'}»`);
}

/**
 * Fields whose values are this program's own words (event types, outcomes, phases, change
 * kinds), never a user's or a node's text: they cannot hold a secret, and redacting them
 * would break whoever switches on them when a value is short ("a" inside "phase").
 */
const STRUCTURAL_KEYS: ReadonlySet<string> = new Set([
  'type',
  'outcome',
  'phase',
  'change',
  'state',
  'kind',
  'action',
]);

/** Applies a redactor to every string inside a value (events, results) without changing its shape. */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  const seen = new WeakMap<object, unknown>();
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') return key !== undefined && STRUCTURAL_KEYS.has(key) ? v : redact(v);
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return seen.get(v);
    if (v instanceof Error) {
      // Same class (callers switch on TransportError…), every own field redacted.
      const e = Object.create(Object.getPrototypeOf(v) as object) as Record<string, unknown>;
      seen.set(v, e);
      for (const k of Object.getOwnPropertyNames(v))
        e[k] = walk((v as unknown as Record<string, unknown>)[k], k);
      return e;
    }
    if (Buffer.isBuffer(v) || ArrayBuffer.isView(v)) return v;
    const out: Record<string, unknown> | unknown[] = Array.isArray(v) ? [] : {};
    seen.set(v, out);
    for (const [k, x] of Object.entries(v)) (out as Record<string, unknown>)[k] = walk(x, k);
    return out;
  };
  return walk(value) as T;
}
