import type { Transport } from '../transport/transport.ts';
import { RemoteCommandError } from './remoteError.ts';
import { checkRemotePath } from './remotePath.ts';
import { runScript } from './runScript.ts';

/** What a node has at a path, as far as deploy cares. */
export type RemoteFileState =
  | { readonly kind: 'missing' }
  /** A symlink, folder, device…: deploy does not replace those. */
  | { readonly kind: 'other' }
  | {
      readonly kind: 'file';
      /** Permission bits (e.g. 0o644). */
      readonly mode: number;
      readonly uid: number;
      readonly gid: number;
      /**
       * User and group names (`UNKNOWN` when the id has none); absent when read over
       * SFTP, which gives only the ids.
       */
      readonly owner?: string;
      readonly group?: string;
      readonly size: number;
      /** Modification time, seconds since the epoch. */
      readonly mtime: number;
      readonly sha256: string;
    };

// One record per path, NUL-terminated: paths can hold any byte but NUL.
const SCRIPT = `
for f do
  if [ -L "$f" ]; then printf 'O\\0'
  elif [ -f "$f" ]; then
    s=$(stat -c '%a %u %g %U %G %s %Y' -- "$f") || exit 10
    h=$(sha256sum < "$f") || exit 11
    printf 'F %s %s\\0' "$s" "\${h%% *}"
  elif [ -e "$f" ]; then printf 'O\\0'
  else printf 'M\\0'
  fi
done`;

/** The state of many files in one round trip, in the order given. */
export async function statRemoteFiles(
  t: Transport,
  paths: readonly string[],
): Promise<RemoteFileState[]> {
  if (paths.length === 0) return [];
  const r = await runScript(t, 'cw-stat', SCRIPT, paths.map(checkRemotePath));
  if (r.code !== 0)
    throw new RemoteCommandError(t.name, `stat ${paths.join(' ')}`, r.code, r.stderr);
  const records = r.stdout.split('\0').slice(0, -1);
  if (records.length !== paths.length) {
    throw new RemoteCommandError(t.name, 'stat (unexpected output)', r.code, r.stdout);
  }
  return records.map((rec) => {
    if (rec === 'M') return { kind: 'missing' };
    if (rec === 'O') return { kind: 'other' };
    const [, mode, uid, gid, owner, group, size, mtime, sha256] = rec.split(' ');
    return {
      kind: 'file',
      mode: parseInt(mode ?? '', 8),
      uid: Number(uid),
      gid: Number(gid),
      owner: owner ?? '',
      group: group ?? '',
      size: Number(size),
      mtime: Number(mtime),
      sha256: sha256 ?? '',
    };
  });
}

export async function statRemoteFile(t: Transport, path: string): Promise<RemoteFileState> {
  const [state] = await statRemoteFiles(t, [path]);
  if (!state) throw new Error('unreachable: stat returned no record');
  return state;
}
