import type { RemoteFiles } from '../transport/remoteFiles.ts';
import { RemoteFilesError } from '../transport/remoteFiles.ts';

/** Each folder made at most once per batch: `made` is shared by the calls of one batch. */
function once(
  made: Map<string, Promise<void>>,
  dir: string,
  make: () => Promise<void>,
): Promise<void> {
  if (dir === '/' || dir === '') return Promise.resolve();
  let p = made.get(dir);
  if (!p) {
    p = make();
    made.set(dir, p);
  }
  return p;
}

const parentOf = (dir: string) => dir.slice(0, dir.lastIndexOf('/'));

const fileInPlace = (files: RemoteFiles, dir: string) =>
  new RemoteFilesError('failed', files.target, `make folder ${dir}`, 'a file is in its place');

/** Makes the folder whose parent exists; made meanwhile by someone else is fine too. */
async function mkdirOrFolder(files: RemoteFiles, dir: string, mode: number): Promise<void> {
  try {
    await files.mkdir(dir, mode);
  } catch (e) {
    if ((await files.lstat(dir))?.kind !== 'dir') throw e;
  }
}

/**
 * `mkdir -p` over a file service: each missing folder made once (new ones get `mode`),
 * parents first, looking before making (most folders a deploy writes into exist).
 */
export function ensureRemoteDir(
  files: RemoteFiles,
  dir: string,
  made: Map<string, Promise<void>>,
  mode = 0o755,
): Promise<void> {
  return once(made, dir, async () => {
    const attrs = await files.lstat(dir);
    if (attrs?.kind === 'dir') return;
    if (attrs) throw fileInPlace(files, dir);
    await ensureRemoteDir(files, parentOf(dir), made, mode);
    await mkdirOrFolder(files, dir, mode);
  });
}

/**
 * `mkdir -p` for a folder that is most likely new (a deploy's own backup folder): asks
 * mkdir first, one request when the parent exists, and looks only when that fails.
 */
export function ensureNewRemoteDir(
  files: RemoteFiles,
  dir: string,
  made: Map<string, Promise<void>>,
  mode = 0o755,
): Promise<void> {
  return once(made, dir, async () => {
    try {
      await files.mkdir(dir, mode);
      return;
    } catch (e) {
      if (!(e instanceof RemoteFilesError)) throw e;
      if (e.kind !== 'missing') {
        // There already: fine when it is a folder.
        const attrs = await files.lstat(dir);
        if (attrs?.kind === 'dir') return;
        if (attrs) throw fileInPlace(files, dir);
        throw e;
      }
    }
    await ensureNewRemoteDir(files, parentOf(dir), made, mode);
    await mkdirOrFolder(files, dir, mode);
  });
}
