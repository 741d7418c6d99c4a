import type { Transport } from '../transport/transport.ts';
import { RemoteCommandError } from './remoteError.ts';
import { checkRemotePath } from './remotePath.ts';
import { runScript } from './runScript.ts';

/** The prefix of every temp file writeFileAtomic makes next to its target. */
export const TEMP_PREFIX = '.cw-tmp-';

// Temp files of writeFileAtomic.ts and staging folders of writeFilesAtomic.ts.
const SCRIPT = `
for d do
  [ -d "$d" ] || continue
  find "$d" -mindepth 1 -maxdepth 1 -name '${TEMP_PREFIX}*' \\( -type f -o -type d \\) -print0 -exec rm -rf -- {} + || exit 10
done`;

/**
 * Removes temp files and staging folders an interrupted write left in the given folders
 * (a dropped link can leave some that no remote trap or guard ever saw). Run it at the
 * start of a deploy, before any write, when no other deploy to the node runs. Returns the
 * paths removed.
 */
export async function cleanRemoteTempFiles(
  t: Transport,
  dirs: readonly string[],
): Promise<string[]> {
  const unique = [...new Set(dirs.map((d) => (d === '/' ? d : checkRemotePath(d))))];
  if (unique.length === 0) return [];
  const r = await runScript(t, 'cw-clean', SCRIPT, unique);
  if (r.code !== 0)
    throw new RemoteCommandError(
      t.name,
      `clean temp files in ${unique.join(' ')}`,
      r.code,
      r.stderr,
    );
  return r.stdout.split('\0').filter((p) => p !== '');
}
