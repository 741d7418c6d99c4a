import type { Transport } from '../transport/transport.ts';
import { RemoteFilesError } from '../transport/remoteFiles.ts';
import { RemoteCommandError } from './remoteError.ts';
import { checkRemotePath } from './remotePath.ts';
import { runScript } from './runScript.ts';

const MISSING = 3;
const SCRIPT = `[ -f "$1" ] || exit ${MISSING}; exec cat -- "$1"`;

/** A regular file's bytes, or undefined when there is no such file (SFTP, else `cat`). */
export async function readRemoteBytes(t: Transport, path: string): Promise<Buffer | undefined> {
  checkRemotePath(path);
  const files = await t.files();
  if (files) {
    const a = await files.lstat(path);
    if (a?.kind !== 'file') return undefined;
    try {
      return await files.readFile(path);
    } catch (e) {
      if (e instanceof RemoteFilesError && e.kind === 'missing') return undefined;
      throw e;
    }
  }
  const r = await runScript(
    t,
    'cw-read',
    `[ -f "$1" ] || exit ${MISSING}; exec base64 -w0 -- "$1"`,
    [path],
  );
  if (r.code === MISSING) return undefined;
  if (r.code !== 0) throw new RemoteCommandError(t.name, `read ${path}`, r.code, r.stderr);
  return Buffer.from(r.stdout, 'base64');
}

/** A regular file's text (UTF-8), or undefined when there is no such file. */
export async function readRemoteFile(t: Transport, path: string): Promise<string | undefined> {
  const r = await runScript(t, 'cw-read', SCRIPT, [checkRemotePath(path)]);
  if (r.code === MISSING) return undefined;
  if (r.code !== 0) throw new RemoteCommandError(t.name, `read ${path}`, r.code, r.stderr);
  return r.stdout;
}
