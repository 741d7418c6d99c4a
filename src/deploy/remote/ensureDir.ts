import type { RemoteFiles } from '../transport/remoteFiles.ts';
import { RemoteFilesError } from '../transport/remoteFiles.ts';

/**
 * `mkdir -p` over a file service: each missing folder made once (new ones get `mode`),
 * parents first. `made` is shared by the calls of one batch so no folder is asked twice.
 */
export function ensureRemoteDir(
  files: RemoteFiles,
  dir: string,
  made: Map<string, Promise<void>>,
  mode = 0o755,
): Promise<void> {
  if (dir === '/' || dir === '') return Promise.resolve();
  let p = made.get(dir);
  if (!p) {
    p = (async () => {
      const attrs = await files.lstat(dir);
      if (attrs?.kind === 'dir') return;
      if (attrs) {
        throw new RemoteFilesError(
          'failed',
          files.target,
          `make folder ${dir}`,
          'a file is in its place',
        );
      }
      await ensureRemoteDir(files, dir.slice(0, dir.lastIndexOf('/')), made, mode);
      try {
        await files.mkdir(dir, mode);
      } catch (e) {
        // Made meanwhile by someone else: fine, as long as it is a folder now.
        if ((await files.lstat(dir))?.kind !== 'dir') throw e;
      }
    })();
    made.set(dir, p);
  }
  return p;
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
  if (dir === '/' || dir === '') return Promise.resolve();
  let p = made.get(dir);
  if (!p) {
    p = (async () => {
      try {
        await files.mkdir(dir, mode);
        return;
      } catch (e) {
        if (!(e instanceof RemoteFilesError)) throw e;
        if (e.kind !== 'missing') {
          // There already: fine when it is a folder.
          const attrs = await files.lstat(dir);
          if (attrs?.kind === 'dir') return;
          if (attrs)
            throw new RemoteFilesError(
              'failed',
              files.target,
              `make folder ${dir}`,
              'a file is in its place',
            );
          throw e;
        }
      }
      await ensureNewRemoteDir(files, dir.slice(0, dir.lastIndexOf('/')), made, mode);
      try {
        await files.mkdir(dir, mode);
      } catch (e) {
        if ((await files.lstat(dir))?.kind !== 'dir') throw e;
      }
    })();
    made.set(dir, p);
  }
  return p;
}
