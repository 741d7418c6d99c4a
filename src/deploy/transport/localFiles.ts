import type { Stats } from 'node:fs';
import {
  chmod,
  link,
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rmdir,
  unlink,
  utimes,
  lchown,
} from 'node:fs/promises';
import type { DirSync, RemoteFileAttrs, RemoteFiles, RemoteFilesErrorKind } from './remoteFiles.ts';
import { RemoteFilesError, fileKindOf } from './remoteFiles.ts';

const CHUNK = 64 * 1024;

function attrsOf(s: Stats): RemoteFileAttrs {
  return {
    kind: fileKindOf(s),
    mode: s.mode & 0o7777,
    uid: s.uid,
    gid: s.gid,
    size: s.size,
    mtime: Math.floor(s.mtimeMs / 1000),
    atime: Math.floor(s.atimeMs / 1000),
  };
}

/** This machine's files with the same contract as SFTP, for the local transport. */
export class LocalFiles implements RemoteFiles {
  readonly target = 'local';

  async #call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const kind: RemoteFilesErrorKind =
        code === 'ENOENT' ? 'missing' : code === 'EACCES' || code === 'EPERM' ? 'denied' : 'failed';
      throw new RemoteFilesError(kind, 'local', operation, (e as Error).message);
    }
  }

  async lstat(path: string): Promise<RemoteFileAttrs | undefined> {
    try {
      return attrsOf(await this.#call(`lstat ${path}`, () => lstat(path)));
    } catch (e) {
      if (e instanceof RemoteFilesError && e.kind === 'missing') return undefined;
      throw e;
    }
  }

  readFile(path: string): Promise<Buffer> {
    return this.#call(`read ${path}`, () => readFile(path));
  }

  readdir(path: string): Promise<string[]> {
    return this.#call(`list ${path}`, () => readdir(path));
  }

  mkdir(path: string, mode: number): Promise<void> {
    return this.#call(`mkdir ${path}`, async () => {
      await mkdir(path, { mode });
      await chmod(path, mode);
    });
  }

  rmdir(path: string): Promise<void> {
    return this.#call(`rmdir ${path}`, () => rmdir(path));
  }

  unlink(path: string): Promise<void> {
    return this.#call(`remove ${path}`, () => unlink(path));
  }

  writeNewFile(
    path: string,
    data: Uint8Array,
    mode: number,
    onProgress?: (sent: number, total: number) => void | Promise<void>,
  ): Promise<void> {
    return this.#call(`write ${path}`, async () => {
      const f = await open(path, 'wx', 0o600);
      try {
        for (let at = 0; at < data.length; at += CHUNK) {
          const len = Math.min(CHUNK, data.length - at);
          await f.write(data, at, len, at);
          await onProgress?.(at + len, data.length);
        }
        await f.chmod(mode);
        await f.sync();
      } finally {
        await f.close();
      }
    });
  }

  chmod(path: string, mode: number): Promise<void> {
    return this.#call(`chmod ${path}`, () => chmod(path, mode));
  }

  setAttrs(
    path: string,
    a: Pick<RemoteFileAttrs, 'mode' | 'uid' | 'gid' | 'atime' | 'mtime'>,
  ): Promise<void> {
    return this.#call(`set attributes of ${path}`, async () => {
      await lchown(path, a.uid, a.gid);
      await chmod(path, a.mode);
      await utimes(path, a.atime, a.mtime);
    });
  }

  rename(from: string, to: string): Promise<void> {
    return this.#call(`rename ${from} → ${to}`, () => rename(from, to));
  }

  link(existing: string, newPath: string): Promise<void> {
    return this.#call(`link ${existing} → ${newPath}`, () => link(existing, newPath));
  }

  async openDirForSync(path: string): Promise<DirSync> {
    const d = await open(path, 'r').catch(() => undefined);
    return {
      sync: async () => {
        if (!d) return;
        try {
          await d.sync().catch(() => undefined);
        } finally {
          await d.close().catch(() => undefined);
        }
      },
    };
  }
}
