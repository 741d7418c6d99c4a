import { CibMergeError, cibVersion, withConfigurationOf } from './cibMerge.ts';
import {
  CIB_VERSION_SH,
  CibPushError,
  readLive,
  upload,
  withRemoteDir,
  withoutStatus,
} from './cibPush.ts';
import type { DeployRecordCib } from './deployRecord.ts';
import { readRemoteBytes } from './remote/readFile.ts';
import { runScript } from './remote/runScript.ts';
import type { Transport } from './transport/transport.ts';

/**
 * Puts back the Pacemaker configuration a deploy's CIB push replaced, the way the push
 * went: `crm_diff` of the live CIB against the saved configuration, `cibadmin --patch`.
 * - restore: the live CIB is still as the push left it (same version); the patch goes in
 * - already: the live configuration already equals the saved one
 * - changed: the CIB changed since the push (its version moved): someone else changed the
 *   cluster, so it is left as it is, and said so
 * - no-backup: the saved configuration is missing or not the one replaced; left as it is
 */
export type CibRollbackAction = 'restore' | 'already' | 'changed' | 'no-backup';

export interface CibRollback {
  readonly action: CibRollbackAction;
  readonly detail: string;
  /** Where the replaced configuration was kept. */
  readonly saved: string;
  /** The crm_diff patch applied (or, in a dry run, that would be); '' when none. */
  readonly patch: string;
}

/** Whether the step changed (or in a dry run would change) the CIB. */
export function cibRollbackChanges(c: CibRollback | undefined): boolean {
  return c?.action === 'restore';
}

// Diff first: a configuration already back (by hand, or a push that never happened)
// is 'already' whatever the version; only a real difference needs the version to match.
const SCRIPT = `set -u
d=$1 after=$2 apply=$3
${CIB_VERSION_SH}
cibadmin --query > "$d/now.xml" || { echo "cibadmin --query failed" >&2; exit 4; }
now=$(cib_version "$(head -n 1 "$d/now.xml")")
crm_diff --no-version -o "$d/live.xml" -n "$d/old.xml" > "$d/patch.xml"
rc=$?
if [ $rc -eq 0 ]; then echo "unchanged $now"; exit 0; fi
if [ $rc -ne 1 ]; then echo "crm_diff failed ($rc)" >&2; exit 5; fi
if [ "$now" != "$after" ]; then echo "moved $now"; cat "$d/patch.xml"; exit 3; fi
if [ "$apply" = yes ]; then
  cibadmin --patch --xml-file "$d/patch.xml" >&2 || exit 6
  echo "patched $(cib_version "$(cibadmin --query | head -n 1)")"
else
  echo "would-patch $now"
fi
cat "$d/patch.xml"
`;

/**
 * Rolls back the CIB part of a deploy from the node holding its record. `dryRun` says what
 * would change and changes nothing. Rejects when a command fails (not when it refuses).
 */
export async function rollbackCib(
  t: Transport,
  cib: DeployRecordCib,
  dryRun: boolean,
): Promise<CibRollback> {
  const saved = cib.saved;
  const result = (action: CibRollbackAction, detail: string, patch = ''): CibRollback => ({
    action,
    detail,
    saved,
    patch,
  });
  const bytes = await readRemoteBytes(t, saved);
  if (!bytes) {
    // The push stops before it saves when the CIB had moved: nothing was pushed then.
    return cib.after === undefined
      ? result('already', 'the deploy pushed no configuration (none was saved)')
      : result(
          'no-backup',
          `the saved configuration ${saved} is missing; the CIB is left as it is`,
        );
  }
  const savedXml = bytes.toString('utf8');
  let target: string;
  let live: string;
  try {
    if (cibVersion(savedXml) !== cib.before)
      return result(
        'no-backup',
        `${saved} holds version ${cibVersion(savedXml)}, not ${cib.before} that the deploy replaced; the CIB is left as it is`,
      );
    live = await readLive(t);
    target = withConfigurationOf(live, savedXml);
  } catch (e) {
    if (!(e instanceof CibMergeError)) throw e;
    return result('no-backup', `${saved} is not a CIB (${e.message}); the CIB is left as it is`);
  }
  return withRemoteDir(t, async (dir) => {
    await upload(t, `${dir}/live.xml`, withoutStatus(live));
    await upload(t, `${dir}/old.xml`, target);
    const r = await runScript(t, 'cw-cib-rollback', SCRIPT, [
      dir,
      cib.after ?? 'unknown',
      dryRun ? 'no' : 'yes',
    ]);
    const [first = '', ...rest] = r.stdout.split('\n');
    const patch = rest.join('\n').trim();
    const [word = '', version = ''] = first.split(' ');
    if (r.code === 3)
      return result(
        'changed',
        cib.after === undefined
          ? `the deploy stopped before it recorded the CIB version after its push, and the live configuration (version ${version}) differs from the one it replaced; the CIB is left as it is. The old configuration is in ${saved}.`
          : `the live CIB changed since the deploy pushed it (version ${cib.after} → ${version}): someone else changed the cluster. The CIB is left as it is; the old configuration is in ${saved}.`,
        patch,
      );
    if (r.code !== 0)
      throw new CibPushError(
        `${t.name}: rolling back the CIB failed (${r.code}): ${r.stderr.trim()}`,
      );
    if (word === 'unchanged')
      return result('already', 'the live configuration is already the one the deploy replaced');
    return result(
      'restore',
      word === 'patched'
        ? `put back the configuration the deploy replaced (version ${cib.after ?? '?'} → ${version})`
        : `would put back the configuration the deploy replaced (from ${saved})`,
      patch,
    );
  });
}
