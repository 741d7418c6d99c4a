import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { command } from '../quote.ts';
import type { Transport } from '../transport/transport.ts';
import { TEMP_PREFIX } from './cleanTempFiles.ts';
import { RemoteCommandError } from './remoteError.ts';
import { checkRemotePath } from './remotePath.ts';
import { runScript } from './runScript.ts';
import type { RemoteFileState } from './statFiles.ts';
import { statRemoteFile } from './statFiles.ts';

export interface WriteFileOptions {
  /** Absolute path on the node. */
  readonly path: string;
  readonly content: string | Uint8Array;
  /** Permission bits, e.g. 0o644. */
  readonly mode: number;
  /** User and group to own the file (names or numeric ids); absent: left as created. */
  readonly owner?: string;
  readonly group?: string;
  /**
   * Where the replaced file is copied first, as `<backupDir><path>` with its mode, owner
   * and times (see deployId.ts backupDirFor). Absent: no backup.
   */
  readonly backupDir?: string;
  /** The state the caller already read (a plan): saves a round trip. */
  readonly current?: RemoteFileState;
  /**
   * Called as the content is handed to the connection; awaited before the next chunk, so
   * a caller can report progress (or, in tests, interrupt at a chosen point).
   */
  readonly onProgress?: (sent: number, total: number) => void | Promise<void>;
}

export interface WriteFileResult {
  /** The content was replaced (false: it already matched, nothing was written). */
  readonly changed: boolean;
  /** Only mode or owner had to be fixed (content and mtime untouched). */
  readonly metadataFixed: boolean;
  /** Where the replaced file was copied, when there was one and a backupDir. */
  readonly backupPath?: string;
}

const CHUNK = 64 * 1024;

/*
 * The write, in the target's folder so the final rename is atomic on one file system:
 * mktemp → receive → check sha256 (a cut connection delivers a short file, which must
 * never be renamed into place) → owner, mode → fsync → backup → mv -f → fsync folder.
 * The EXIT trap removes the temp file on every way out but SIGKILL; a later
 * cleanRemoteTempFiles removes what that leaves.
 */
const SCRIPT = `
set -u
target=$1 mode=$2 owner=$3 group=$4 want=$5 backup=$6
dir=\${target%/*}; [ -n "$dir" ] || dir=/
base=\${target##*/}
if [ -L "$target" ] || { [ -e "$target" ] && [ ! -f "$target" ]; }; then
  echo "$target exists and is not a regular file; Clusterwright does not replace it" >&2; exit 20
fi
mkdir -p -- "$dir" || exit 21
tmp=$(mktemp -- "$dir/${TEMP_PREFIX}$base.XXXXXX") || exit 22
trap 'rm -f -- "$tmp"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM
cat > "$tmp" || exit 23
got=$(sha256sum < "$tmp") || exit 24
got=\${got%% *}
if [ "$got" != "$want" ]; then
  echo "the new $target arrived incomplete (sha256 $got, expected $want); nothing was replaced" >&2; exit 25
fi
if [ -n "$owner$group" ]; then chown -- "$owner\${group:+:$group}" "$tmp" || exit 26; fi
chmod -- "$mode" "$tmp" || exit 27
sync -- "$tmp" 2>/dev/null || dd if=/dev/null of="$tmp" conv=notrunc,fsync 2>/dev/null || exit 28
if [ -n "$backup" ] && [ -e "$target" ]; then
  b=$backup$target
  mkdir -p -- "\${b%/*}" && cp -p -- "$target" "$b" || exit 29
  printf 'backup %s\\0' "$b"
fi
mv -f -- "$tmp" "$target" || exit 30
sync -- "$dir" 2>/dev/null || :
printf 'written\\0'`;

const ID = /^([a-z_][a-z0-9_.-]*\$?|\d+)$/i;

function checkId(what: string, v: string | undefined): string {
  if (v === undefined) return '';
  if (!ID.test(v)) throw new Error(`"${v}" is not a valid ${what} name or id`);
  return v;
}

function modeString(mode: number): string {
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
    throw new Error(`file mode ${mode} is not a permission value (0 to 0o7777)`);
  }
  return mode.toString(8).padStart(4, '0');
}

function sameId(want: string, name: string | undefined, id: number): boolean {
  return want === '' || want === name || want === String(id);
}

/**
 * Puts one file on a node so that it is always wholly old or wholly new, with the given
 * mode and owner. When the node already has exactly this content it writes nothing (the
 * mtime stays), fixing only mode or owner if they differ.
 */
export async function writeRemoteFileAtomic(
  t: Transport,
  opts: WriteFileOptions,
): Promise<WriteFileResult> {
  const path = checkRemotePath(opts.path);
  const mode = modeString(opts.mode);
  const owner = checkId('user', opts.owner);
  const group = checkId('group', opts.group);
  const bytes =
    typeof opts.content === 'string'
      ? Buffer.from(opts.content, 'utf8')
      : Buffer.from(opts.content);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (opts.backupDir !== undefined) checkRemotePath(opts.backupDir);

  const current = opts.current ?? (await statRemoteFile(t, path));
  if (current.kind === 'file' && current.sha256 === sha256) {
    const fixes: string[] = [];
    if (!sameId(owner, current.owner, current.uid) || !sameId(group, current.group, current.gid)) {
      fixes.push(command(['chown', '--', `${owner}${group ? `:${group}` : ''}`, path]));
    }
    if (current.mode !== opts.mode) fixes.push(command(['chmod', '--', mode, path]));
    if (fixes.length > 0) {
      const r = await t.exec(fixes.join(' && '));
      if (r.code !== 0)
        throw new RemoteCommandError(t.name, `set mode/owner of ${path}`, r.code, r.stderr);
    }
    return { changed: false, metadataFixed: fixes.length > 0 };
  }

  const onProgress = opts.onProgress;
  const stdin = Readable.from(
    (async function* () {
      let sent = 0;
      for (let i = 0; i < bytes.length; i += CHUNK) {
        const chunk = bytes.subarray(i, i + CHUNK);
        yield chunk;
        sent += chunk.length;
        await onProgress?.(sent, bytes.length);
      }
    })(),
    { objectMode: false },
  );
  const r = await runScript(
    t,
    'cw-write',
    SCRIPT,
    [path, mode, owner, group, sha256, opts.backupDir ?? ''],
    { stdin },
  );
  if (r.code !== 0) throw new RemoteCommandError(t.name, `write ${path}`, r.code, r.stderr);
  const records = r.stdout.split('\0');
  if (!records.includes('written')) {
    throw new RemoteCommandError(t.name, `write ${path} (no confirmation)`, r.code, r.stderr);
  }
  const backup = records.find((x) => x.startsWith('backup '));
  return {
    changed: true,
    metadataFixed: false,
    ...(backup ? { backupPath: backup.slice('backup '.length) } : {}),
  };
}
