import type { Transport } from '../transport/transport.ts';
import { RemoteFilesError } from '../transport/remoteFiles.ts';
import { RemoteCommandError } from './remoteError.ts';
import { checkRemotePath } from './remotePath.ts';
import { runScript } from './runScript.ts';

// NUL after each name: names can hold any byte but NUL and "/".
const SCRIPT = `[ -d "$1" ] || exit 0
for f in "$1"/* "$1"/.[!.]* "$1"/..?*; do [ -e "$f" ] || [ -L "$f" ] && printf '%s\\0' "\${f##*/}"; done; :`;

/** The entry names of a folder; none when it does not exist (SFTP, else a shell glob). */
export async function listRemoteDir(t: Transport, dir: string): Promise<string[]> {
  checkRemotePath(dir);
  const files = await t.files();
  if (files) {
    try {
      return await files.readdir(dir);
    } catch (e) {
      if (e instanceof RemoteFilesError && e.kind === 'missing') return [];
      throw e;
    }
  }
  const r = await runScript(t, 'cw-ls', SCRIPT, [dir]);
  if (r.code !== 0) throw new RemoteCommandError(t.name, `list ${dir}`, r.code, r.stderr);
  return r.stdout.split('\0').filter((n) => n !== '');
}
