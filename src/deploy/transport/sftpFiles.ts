import type { SFTPWrapper, Stats } from 'ssh2';
import type { DirSync, RemoteFileAttrs, RemoteFiles, RemoteFilesErrorKind } from './remoteFiles.ts';
import { RemoteFilesError, fileKindOf } from './remoteFiles.ts';
import type { TransportError } from './transportError.ts';

/** SFTP status codes (draft-ietf-secsh-filexfer-02) that say more than "failure". */
const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;

/** Extensions every request here relies on (OpenSSH's sftp-server and internal-sftp have them). */
export const REQUIRED_SFTP_EXTENSIONS = [
  'posix-rename@openssh.com',
  'fsync@openssh.com',
  'hardlink@openssh.com',
] as const;

/** Bytes per write request, and how many may be on the wire at once. */
const CHUNK = 32 * 1024;
const IN_FLIGHT = 16;

type Callback<T> = (err: Error | undefined | null, value?: T) => void;

function attrsOf(s: Stats): RemoteFileAttrs {
  return {
    kind: fileKindOf(s),
    mode: s.mode & 0o7777,
    uid: s.uid,
    gid: s.gid,
    size: s.size,
    mtime: s.mtime,
    atime: s.atime,
  };
}

/**
 * The node's files over one SFTP session. Requests are not awaited one by one by the
 * callers (plan and apply issue them together), so a node's whole batch costs a few round
 * trips and no process on the node besides its SFTP server.
 */
export class SftpFiles implements RemoteFiles {
  readonly #sftp: SFTPWrapper;
  readonly target: string;
  /** Why the session is gone, when a request fails without an SFTP status. */
  readonly #lost: () => TransportError;

  /** Set once the session ends: ssh2 would take later requests and never answer them. */
  #ended = false;

  constructor(sftp: SFTPWrapper, target: string, lost: () => TransportError) {
    this.#sftp = sftp;
    this.target = target;
    this.#lost = lost;
    const end = () => {
      this.#ended = true;
    };
    sftp.on('end', end).on('close', end);
  }

  /** Runs one request; a failure becomes the connection's error or a RemoteFilesError. */
  #call<T>(operation: string, start: (cb: Callback<T>) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#ended) {
        setImmediate(() => reject(this.#lost()));
        return;
      }
      const done: Callback<T> = (err, value) => {
        if (!err) {
          resolve(value as T);
          return;
        }
        const code = (err as Error & { code?: unknown }).code;
        if (typeof code !== 'number') {
          // No status: the session or the connection went away under the request. Let the
          // connection's own error or close (which say why) arrive first.
          setImmediate(() => reject(this.#lost()));
          return;
        }
        const kind: RemoteFilesErrorKind =
          code === NO_SUCH_FILE ? 'missing' : code === PERMISSION_DENIED ? 'denied' : 'failed';
        reject(new RemoteFilesError(kind, this.target, operation, err.message));
      };
      try {
        start(done);
      } catch (e) {
        // ssh2 throws at once when the session is gone or an extension is missing.
        done(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  async lstat(path: string): Promise<RemoteFileAttrs | undefined> {
    // "No such file" is an answer here, not a failure: no error object made for it.
    const s = await this.#call<Stats | undefined>(`lstat ${path}`, (cb) =>
      this.#sftp.lstat(path, (err, stats) =>
        err && (err as Error & { code?: unknown }).code === NO_SUCH_FILE
          ? cb(undefined, undefined)
          : cb(err, stats),
      ),
    );
    return s ? attrsOf(s) : undefined;
  }

  readFile(path: string): Promise<Buffer> {
    return this.#call(`read ${path}`, (cb) => this.#sftp.readFile(path, cb));
  }

  async readdir(path: string): Promise<string[]> {
    const list = await this.#call<{ filename: string }[]>(`list ${path}`, (cb) =>
      this.#sftp.readdir(path, cb),
    );
    return list.map((e) => e.filename).filter((n) => n !== '.' && n !== '..');
  }

  mkdir(path: string, mode: number): Promise<void> {
    return this.#call(`mkdir ${path}`, (cb) => this.#sftp.mkdir(path, { mode }, cb));
  }

  rmdir(path: string): Promise<void> {
    return this.#call(`rmdir ${path}`, (cb) => this.#sftp.rmdir(path, cb));
  }

  unlink(path: string): Promise<void> {
    return this.#call(`remove ${path}`, (cb) => this.#sftp.unlink(path, cb));
  }

  async writeNewFile(
    path: string,
    data: Uint8Array,
    mode: number,
    onProgress?: (sent: number, total: number) => void | Promise<void>,
  ): Promise<void> {
    const s = this.#sftp;
    // Created private, filled, then given its mode: never readable half-written by others.
    const handle = await this.#call<Buffer>(`create ${path}`, (cb) =>
      s.open(path, 'wx', { mode: 0o600 }, cb),
    );
    // Requests on one handle are handled in the order sent (OpenSSH's server handles every
    // request in turn): the mode and the flush follow the last write, and the close follows
    // them, without waiting for each answer in between.
    let closing: Promise<unknown> | undefined;
    try {
      const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      const pending = new Set<Promise<void>>();
      let failure: unknown;
      for (let at = 0; at < bytes.length; at += CHUNK) {
        const len = Math.min(CHUNK, bytes.length - at);
        const w = this.#call<undefined>(`write ${path}`, (cb) =>
          s.write(handle, bytes, at, len, at, cb),
        )
          .catch((e: unknown) => {
            failure ??= e;
          })
          .finally(() => pending.delete(w));
        pending.add(w);
        await onProgress?.(at + len, bytes.length);
        if (pending.size >= IN_FLIGHT) await Promise.race(pending);
        if (failure !== undefined) throw failure;
      }
      const finish = Promise.all([
        this.#call(`chmod ${path}`, (cb) => s.fchmod(handle, mode, cb)),
        this.#call(`fsync ${path}`, (cb) => s.ext_openssh_fsync(handle, cb)),
      ]);
      finish.catch(() => undefined);
      closing = this.#call(`close ${path}`, (cb) => s.close(handle, cb)).catch(() => undefined);
      await Promise.all(pending);
      if (failure !== undefined) throw failure;
      await finish;
    } finally {
      await (closing ??
        this.#call(`close ${path}`, (cb) => s.close(handle, cb)).catch(() => undefined));
    }
  }

  chmod(path: string, mode: number): Promise<void> {
    return this.#call(`chmod ${path}`, (cb) => this.#sftp.chmod(path, mode, cb));
  }

  setAttrs(
    path: string,
    a: Pick<RemoteFileAttrs, 'mode' | 'uid' | 'gid' | 'atime' | 'mtime'>,
  ): Promise<void> {
    return this.#call(`set attributes of ${path}`, (cb) =>
      this.#sftp.setstat(
        path,
        { mode: a.mode, uid: a.uid, gid: a.gid, atime: a.atime, mtime: a.mtime },
        cb,
      ),
    );
  }

  rename(from: string, to: string): Promise<void> {
    return this.#call(`rename ${from} → ${to}`, (cb) =>
      this.#sftp.ext_openssh_rename(from, to, cb),
    );
  }

  link(existing: string, newPath: string): Promise<void> {
    return this.#call(`link ${existing} → ${newPath}`, (cb) =>
      this.#sftp.ext_openssh_hardlink(existing, newPath, cb),
    );
  }

  async openDirForSync(path: string): Promise<DirSync> {
    const s = this.#sftp;
    // OpenSSH's server opens a folder read-only like a file and fsyncs that descriptor.
    const handle = await this.#call<Buffer>(`open ${path}`, (cb) => s.open(path, 'r', cb)).catch(
      () => undefined,
    );
    return {
      sync: async () => {
        if (!handle) return;
        // The close follows the flush on the same handle, sent without waiting for it.
        await Promise.all([
          this.#call(`fsync ${path}`, (cb) => s.ext_openssh_fsync(handle, cb)).catch(
            () => undefined,
          ),
          this.#call(`close ${path}`, (cb) => s.close(handle, cb)).catch(() => undefined),
        ]);
      },
    };
  }
}
