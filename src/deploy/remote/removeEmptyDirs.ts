import type { Transport } from '../transport/transport.ts';
import { RemoteCommandError } from './remoteError.ts';
import { checkRemotePath } from './remotePath.ts';
import { runScript } from './runScript.ts';

// rmdir(2) removes only an empty folder: whatever landed in one meanwhile keeps it.
const SCRIPT = `for d do rmdir -- "$d" 2>/dev/null && printf '%s\\0' "$d"; done; :`;

/**
 * Removes the folders that are empty, in the order given (deepest first, so a parent's
 * turn comes after its children's); one command. Returns the ones removed.
 */
export async function removeEmptyRemoteDirs(
  t: Transport,
  dirs: readonly string[],
): Promise<string[]> {
  if (dirs.length === 0) return [];
  const r = await runScript(t, 'cw-rmdir', SCRIPT, dirs.map(checkRemotePath));
  if (r.code !== 0)
    throw new RemoteCommandError(t.name, `remove folders ${dirs.join(' ')}`, r.code, r.stderr);
  return r.stdout.split('\0').filter((d) => d !== '');
}
