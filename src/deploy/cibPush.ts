import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { cibVersion, mergeConfiguration } from './cibMerge.ts';
import { command } from './quote.ts';
import { checkRemotePath } from './remote/remotePath.ts';
import { runScript } from './remote/runScript.ts';
import type { Transport } from './transport/transport.ts';

/**
 * Pushes the Pacemaker configuration as a diff, as pcs does: the live CIB (without its
 * status) is compared with the CIB we want by `crm_diff` on the node, and only the patch
 * is applied with `cibadmin --patch`. Nothing is pushed when they are the same, and the
 * push is refused when the live CIB changed since the plan read it (its epoch moved).
 */
export interface CibPlan {
  /** `admin_epoch.epoch` of the live CIB the plan was made against. */
  readonly version: string;
  /** The crm_diff patch; '' when the live configuration is already what we want. */
  readonly patch: string;
  readonly changed: boolean;
}

export class CibPushError extends Error {}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
});
const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  suppressEmptyNode: true,
  format: true,
  indentBy: '  ',
});

/** The live CIB without <status>: what the configuration diff is computed against. */
export function withoutStatus(xml: string): string {
  const doc = parser.parse(xml) as Record<string, unknown>[];
  const strip = doc.map((n) => {
    if (!('cib' in n) || !Array.isArray(n.cib)) return n;
    return { ...n, cib: (n.cib as Record<string, unknown>[]).filter((c) => !('status' in c)) };
  });
  return builder.build(strip) as string;
}

// `admin_epoch.epoch` of the CIB whose first line (the <cib> tag) is in $1.
export const CIB_VERSION_SH = `cib_version() {
  e=$(printf '%s' "$1" | sed -n 's/.* epoch="\\([0-9]*\\)".*/\\1/p')
  a=$(printf '%s' "$1" | sed -n 's/.* admin_epoch="\\([0-9]*\\)".*/\\1/p')
  printf '%s.%s' "\${a:-0}" "\${e:-0}"
}`;

/*
 * Before it patches, the script keeps the configuration it replaces (live.xml, which is
 * the live CIB at the checked version) at $save, 0600; after, it reports the new version.
 */
const DIFF_SCRIPT = `set -u
d=$1 expected=$2 apply=$3 save=$4
${CIB_VERSION_SH}
cibadmin --query > "$d/now.xml" || { echo "cibadmin --query failed" >&2; exit 4; }
now=$(cib_version "$(head -n 1 "$d/now.xml")")
if [ "$expected" != "-" ] && [ "$now" != "$expected" ]; then
  echo "moved $now"; exit 3
fi
crm_diff --no-version -o "$d/live.xml" -n "$d/new.xml" > "$d/patch.xml"
rc=$?
if [ $rc -eq 0 ]; then echo unchanged; exit 0; fi
if [ $rc -ne 1 ]; then echo "crm_diff failed ($rc)" >&2; exit 5; fi
if [ "$apply" = yes ]; then
  if [ -n "$save" ]; then
    (umask 077 && mkdir -p -- "\${save%/*}" && cp -- "$d/live.xml" "$save.tmp" &&
      chmod 600 -- "$save.tmp" && mv -f -- "$save.tmp" "$save") ||
      { echo "cannot keep the replaced configuration at $save" >&2; exit 7; }
  fi
  cibadmin --patch --xml-file "$d/patch.xml" >&2 || exit 6
  echo "patched $(cib_version "$(cibadmin --query | head -n 1)")"
else
  echo would-patch
fi
cat "$d/patch.xml"
`;

export async function withRemoteDir<T>(t: Transport, fn: (dir: string) => Promise<T>): Promise<T> {
  const made = await t.exec('mktemp -d /tmp/cw-cib.XXXXXX');
  const dir = made.stdout.trim();
  if (made.code !== 0 || !dir.startsWith('/tmp/cw-cib.'))
    throw new CibPushError(`${t.name}: cannot make a temp folder: ${made.stderr.trim()}`);
  try {
    return await fn(dir);
  } finally {
    await t.exec(command(['rm', '-rf', '--', dir])).catch(() => undefined);
  }
}

export async function upload(t: Transport, path: string, content: string): Promise<void> {
  const r = await t.exec(`cat > ${command([path])}`, { stdin: content });
  if (r.code !== 0) throw new CibPushError(`${t.name}: cannot write ${path}: ${r.stderr.trim()}`);
}

export async function readLive(t: Transport): Promise<string> {
  const r = await t.exec('cibadmin --query');
  if (r.code !== 0)
    throw new CibPushError(
      `${t.name}: cibadmin --query failed (is Pacemaker running?): ${r.stderr.trim()}`,
    );
  return r.stdout;
}

async function diffOn(
  t: Transport,
  ourCib: string,
  expected: string | undefined,
  apply: boolean,
  saveTo = '',
): Promise<{ outcome: string; patch: string; version: string }> {
  const live = await readLive(t);
  const version = cibVersion(live);
  const candidate = mergeConfiguration(live, ourCib);
  return withRemoteDir(t, async (dir) => {
    await upload(t, `${dir}/live.xml`, withoutStatus(live));
    await upload(t, `${dir}/new.xml`, candidate);
    const r = await runScript(t, 'cw-cib-push', DIFF_SCRIPT, [
      dir,
      expected ?? version,
      apply ? 'yes' : 'no',
      saveTo,
    ]);
    const [first = '', ...rest] = r.stdout.split('\n');
    if (r.code === 3) {
      throw new CibPushError(
        `${t.name}: the live CIB changed since the plan (version ${expected ?? version} → ${first.replace('moved ', '')}); someone else changed the cluster. Plan again and review the new diff.`,
      );
    }
    if (r.code !== 0)
      throw new CibPushError(`${t.name}: pushing the CIB failed (${r.code}): ${r.stderr.trim()}`);
    return { outcome: first, patch: rest.join('\n').trim(), version };
  });
}

/** Reads the live CIB and says what a push would change. Changes nothing. */
export async function planCibPush(t: Transport, ourCib: string): Promise<CibPlan> {
  const { outcome, patch, version } = await diffOn(t, ourCib, undefined, false);
  return { version, patch, changed: outcome !== 'unchanged' };
}

export interface CibPushed {
  readonly changed: boolean;
  readonly patch: string;
  /** `admin_epoch.epoch` right after the patch (when it changed something). */
  readonly after?: string;
}

/**
 * Applies the configuration if the live CIB is still at the planned version. With
 * `saveTo`, the configuration it replaces is kept there (0600) first, for a rollback.
 */
export async function pushCib(
  t: Transport,
  ourCib: string,
  plannedVersion: string,
  saveTo?: string,
): Promise<CibPushed> {
  if (saveTo !== undefined) checkRemotePath(saveTo);
  const { outcome, patch } = await diffOn(t, ourCib, plannedVersion, true, saveTo);
  const after = /^patched (\d+\.\d+)$/.exec(outcome)?.[1];
  return { changed: outcome.startsWith('patched'), patch, ...(after ? { after } : {}) };
}
