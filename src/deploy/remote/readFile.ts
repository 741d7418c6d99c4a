import type { Transport } from '../transport/transport.ts';
import { RemoteCommandError } from './remoteError.ts';
import { checkRemotePath } from './remotePath.ts';
import { runScript } from './runScript.ts';

const MISSING = 3;
const SCRIPT = `[ -f "$1" ] || exit ${MISSING}; exec cat -- "$1"`;

/** A regular file's text (UTF-8), or undefined when there is no such file. */
export async function readRemoteFile(t: Transport, path: string): Promise<string | undefined> {
  const r = await runScript(t, 'cw-read', SCRIPT, [checkRemotePath(path)]);
  if (r.code === MISSING) return undefined;
  if (r.code !== 0) throw new RemoteCommandError(t.name, `read ${path}`, r.code, r.stderr);
  return r.stdout;
}
