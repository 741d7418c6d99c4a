import { createHash } from 'node:crypto';
import type { RemoteFiles } from '../transport/remoteFiles.ts';
import type { Transport } from '../transport/transport.ts';
import { readRemoteFiles } from './readFiles.ts';
import { checkRemotePath } from './remotePath.ts';
import type { RemoteFileState } from './statFiles.ts';
import { statRemoteFiles } from './statFiles.ts';

export interface FileStatesRead {
  /** What is at each path, in the order given. */
  readonly states: readonly RemoteFileState[];
  /**
   * The bytes of regular files: of each one over SFTP (they are read to hash them), else
   * of those `wantContent` picked.
   */
  readonly contents: readonly (Buffer | undefined)[];
}

/**
 * What a plan reads from a node: each path's state and sha256, and the content where a
 * diff needs it. Over SFTP every request of the batch is on the wire at once and the node
 * starts no process; without SFTP it takes two commands however many paths.
 */
export async function readRemoteFileStates(
  t: Transport,
  paths: readonly string[],
  wantContent: (state: RemoteFileState, index: number) => boolean,
): Promise<FileStatesRead> {
  paths.forEach(checkRemotePath);
  if (paths.length === 0) return { states: [], contents: [] };
  const files = await t.files();
  if (files) return viaSftp(files, paths);
  const states = await statRemoteFiles(t, paths);
  const picked = paths.flatMap((p, i) => (wantContent(states[i] as RemoteFileState, i) ? [i] : []));
  const read = await readRemoteFiles(
    t,
    picked.map((i) => paths[i] as string),
  );
  const contents: (Buffer | undefined)[] = paths.map(() => undefined);
  picked.forEach((i, k) => (contents[i] = read[k]));
  return { states, contents };
}

async function viaSftp(files: RemoteFiles, paths: readonly string[]): Promise<FileStatesRead> {
  const read = await Promise.all(
    paths.map(async (p): Promise<[RemoteFileState, Buffer | undefined]> => {
      const a = await files.lstat(p);
      if (!a) return [{ kind: 'missing' }, undefined];
      if (a.kind !== 'file') return [{ kind: 'other' }, undefined];
      const data = await files.readFile(p);
      return [
        {
          kind: 'file',
          mode: a.mode,
          uid: a.uid,
          gid: a.gid,
          size: data.length,
          mtime: a.mtime,
          sha256: createHash('sha256').update(data).digest('hex'),
        },
        data,
      ];
    }),
  );
  return { states: read.map(([s]) => s), contents: read.map(([, c]) => c) };
}
