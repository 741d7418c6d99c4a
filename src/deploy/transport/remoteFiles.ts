/**
 * A node's file service: file operations as requests, not as commands, so nothing passes
 * through a shell (no quoting at all) and no process starts per file. Over SSH it is one
 * SFTP session per connection, its requests pipelined; on this machine, node:fs. Every
 * path is absolute and checked by remote/remotePath.ts before it gets here.
 */
export interface RemoteFileAttrs {
  readonly kind: 'file' | 'dir' | 'symlink' | 'other';
  /** Permission bits (e.g. 0o644). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  /** Modification time, seconds since the epoch. */
  readonly mtime: number;
  readonly atime: number;
}

/** The kind of a file from what both fs.Stats and SFTP's Stats answer. */
export function fileKindOf(s: {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}): RemoteFileAttrs['kind'] {
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'dir';
  return s.isSymbolicLink() ? 'symlink' : 'other';
}

/**
 * Why a file request failed: `missing` (no such file or folder), `denied` (permissions),
 * `failed` (anything else the node reported: it exists, not empty, other file system…).
 * A lost connection is a TransportError instead.
 */
export type RemoteFilesErrorKind = 'missing' | 'denied' | 'failed';

export class RemoteFilesError extends Error {
  override readonly name = 'RemoteFilesError';
  constructor(
    readonly kind: RemoteFilesErrorKind,
    /** `user@host:port` or `local`. */
    readonly target: string,
    /** What was asked, e.g. `rename /etc/x.tmp → /etc/x`. */
    readonly operation: string,
    detail: string,
  ) {
    super(`${target}: ${operation} failed: ${detail}`);
  }
}

export interface RemoteFiles {
  /** `user@host:port` or `local`, for messages. */
  readonly target: string;
  /** The attributes of the path itself (a symlink is not followed); undefined when absent. */
  lstat(path: string): Promise<RemoteFileAttrs | undefined>;
  readFile(path: string): Promise<Buffer>;
  /** Entry names of a folder (without `.` and `..`). */
  readdir(path: string): Promise<string[]>;
  /** Makes one folder with these permission bits; fails when it exists. */
  mkdir(path: string, mode: number): Promise<void>;
  rmdir(path: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /**
   * Creates `path`, which must not exist, writes `data` (awaiting `onProgress` after each
   * chunk is handed over, so a caller can report progress or, in tests, cut the link at a
   * chosen point), sets the permission bits, flushes it to disk and closes it.
   */
  writeNewFile(
    path: string,
    data: Uint8Array,
    mode: number,
    onProgress?: (sent: number, total: number) => void | Promise<void>,
  ): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  /** Sets permission bits, owner and times (a backup copy keeps the original's). */
  setAttrs(
    path: string,
    attrs: Pick<RemoteFileAttrs, 'mode' | 'uid' | 'gid' | 'atime' | 'mtime'>,
  ): Promise<void>;
  /** rename(2): atomically replaces `to` when it exists (same file system). */
  rename(from: string, to: string): Promise<void>;
  /** link(2): a second name for the same file (same file system). */
  link(existing: string, newPath: string): Promise<void>;
  /**
   * Opens a folder whose entries (renames in it) must reach the disk: `sync` flushes and
   * closes it. Opened while the files are written, the flush after the renames costs one
   * round trip. Best effort where unsupported (then `sync` does nothing).
   */
  openDirForSync(path: string): Promise<DirSync>;
}

/** A folder opened to be flushed (RemoteFiles.openDirForSync). */
export interface DirSync {
  /** Flushes the folder's entries to disk and closes it; never rejects. */
  sync(): Promise<void>;
}
