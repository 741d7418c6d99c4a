import { PassThrough } from 'node:stream';
import type { RemoteFiles } from '../transport/remoteFiles.ts';
import { RemoteFilesError } from '../transport/remoteFiles.ts';
import type { ExecResult, Transport } from '../transport/transport.ts';
import { TEMP_PREFIX } from './cleanTempFiles.ts';
import { RemoteCommandError } from './remoteError.ts';
import { runScript } from './runScript.ts';

/** What `ps` shows for the keeper, so tests can wait for it to end. */
export const GUARD_NAME = 'cw-guard';

/*
 * The node's half: one small shell that lives as long as the connection and reads one
 * request per line, with builtins only, so a request starts no process:
 *   c TOKEN DIR   watch the batch TOKEN's temp files in DIR (`.cw-tmp-TOKEN.*`), check
 *                 DIR (d: folder, m: missing, o: something else; x: a folder whose
 *                 leftovers could not be removed) and remove the `.cw-tmp-*` entries an
 *                 interrupted deploy left in it (s PATH each, unless PATH holds a line
 *                 break, which would split the answer), but not those of a batch it
 *                 watches (one still running over this connection)
 *   f TOKEN       forget the batch (its files are in place)
 *   r TOKEN       remove the batch's temp files now, and forget it (the batch failed)
 *   .             answer everything asked since the last `.`, then `.`
 * An input that ends means the connection is gone: it removes the temp files of every
 * batch it still watches. The SFTP server may still be working through requests it got
 * before the cut (creating a temp file), so it looks again once that server has had time
 * to finish them.
 */
const SCRIPT = `
set -f
nl='
'
watched=
out=
sweep() {
  only=$1
  IFS=$nl
  for wd in $watched; do
    t=\${wd%% *}
    [ -z "$only" ] || [ "$t" = "$only" ] || continue
    d=\${wd#* }
    set +f
    set -- "\${d%/}/${TEMP_PREFIX}$t."*
    set -f
    if [ -e "$1" ] || [ -L "$1" ]; then rm -f -- "$@"; fi
  done
  unset IFS
}
drop() {
  rest=
  IFS=$nl
  for wd in $watched; do [ "\${wd%% *}" = "$1" ] || rest=$rest$wd$nl; done
  unset IFS
  watched=$rest
}
while IFS= read -r line; do
  arg=\${line#??}
  case $line in
  'c '*)
    watched="$watched$arg$nl"
    d=\${arg#* }
    if [ -L "$d" ]; then out=\${out}o$nl
    elif [ -d "$d" ]; then
      set +f
      set -- "\${d%/}"/${TEMP_PREFIX}*
      set -f
      [ -e "$1" ] || [ -L "$1" ] || set --
      stale=
      failed=
      for e do
        mine=
        IFS=$nl
        for wd in $watched; do
          case \${e##*/} in "${TEMP_PREFIX}\${wd%% *}".*) mine=1 ;; esac
        done
        unset IFS
        [ -z "$mine" ] || continue
        if rm -rf -- "$e"; then
          case $e in *"$nl"*) ;; *) stale=\${stale}"s $e"$nl ;; esac
        else
          failed=1
        fi
      done
      if [ -z "$failed" ]; then out=\${out}d$nl$stale; else out=\${out}x$nl; fi
    elif [ -e "$d" ]; then out=\${out}o$nl
    else out=\${out}m$nl
    fi ;;
  'f '*) drop "$arg" ;;
  'r '*) sweep "$arg"; drop "$arg" ;;
  .) printf '%s.\\n' "$out"; out= ;;
  esac
done
[ -n "$watched" ] || exit 0
sweep; sleep 1; sweep; sleep 3; sweep`;

/** What the keeper found at a folder it was asked to check. */
export interface DirCheck {
  readonly dir: string;
  readonly kind: 'dir' | 'missing' | 'other';
  /** Temp files and staging folders an interrupted deploy had left there, now removed. */
  readonly staleRemoved: readonly string[];
}

/**
 * A node's temp-file keeper: the promise that no temp file outlives a dropped link. Temp
 * files are written over SFTP, which cleans nothing up when the connection dies; the
 * keeper, a shell started once per connection (its SFTP session), is told each temp file
 * before it exists and removes what it still watches when its input ends. One per
 * connection instead of one per batch: a pooled connection's next deploy starts no
 * session and no process for it.
 */
export interface TempKeeper {
  /**
   * Checks the folders, removes the temp entries earlier deploys left in them, and watches
   * the batch's temp files in them (`tempPrefix(dir, token)…`); resolves once the node
   * holds the list (create the files only then).
   */
  prepare(token: string, dirs: readonly string[]): Promise<DirCheck[]>;
  /**
   * The batch's temp files are in place (renamed): stop watching them. Answered, so that
   * a connection closed right after does not leave the keeper looking for them.
   */
  forget(token: string): Promise<void>;
  /** Removes the batch's temp files now (those still there) and stops watching them. */
  discard(token: string): Promise<void>;
}

/** How the name of each temp file of batch `token` in `dir` starts (what the keeper watches). */
export function tempPrefix(dir: string, token: string): string {
  return `${dir === '/' ? '' : dir}/${TEMP_PREFIX}${token}.`;
}

const keepers = new WeakMap<RemoteFiles, Keeper>();

/** The keeper of the connection whose file service `files` is, started on first use. */
export function tempKeeperFor(t: Transport, files: RemoteFiles): TempKeeper {
  let k = keepers.get(files);
  if (!k || k.ended) {
    k = new Keeper(t);
    keepers.set(files, k);
  }
  return k;
}

function checkToken(token: string): string {
  // The shell splits `c TOKEN DIR` at the first space and globs `TOKEN.*`.
  if (!/^[0-9a-zA-Z-]+$/.test(token))
    throw new Error(`staging token "${token}" must be letters, digits and "-"`);
  return token;
}

function checkDir(dir: string): string {
  // One request per line: a path with a line break would be read as two.
  if (dir.includes('\n'))
    throw new Error(
      `remote folder ${JSON.stringify(dir)} holds a line break; Clusterwright does not deploy there: rename it`,
    );
  return dir;
}

class Keeper implements TempKeeper {
  readonly #t: Transport;
  // Written after the command may have ended (connection lost): such writes go nowhere.
  readonly #input = new PassThrough().on('error', () => undefined);
  /** Answers awaited, oldest first (the shell answers in order). */
  readonly #waiting: { resolve: (lines: string[]) => void; reject: (e: Error) => void }[] = [];
  #partial = '';
  #lines: string[] = [];
  #failure: Error | undefined;
  ended = false;

  constructor(t: Transport) {
    this.#t = t;
    runScript(t, GUARD_NAME, SCRIPT, [], {
      stdin: this.#input,
      onStdout: (chunk) => this.#read(chunk),
    }).then(
      (r) => this.#end(this.#endError(r)),
      (e: unknown) => this.#end(e instanceof Error ? e : new Error(String(e))),
    );
  }

  #endError(r: ExecResult): Error {
    return new RemoteCommandError(
      this.#t.name,
      'keep temp files',
      r.code,
      r.stderr || 'the keeper ended',
    );
  }

  #end(e: Error): void {
    this.ended = true;
    this.#failure = e;
    for (const w of this.#waiting.splice(0)) w.reject(e);
  }

  #read(chunk: Buffer): void {
    const text = this.#partial + chunk.toString('utf8');
    const parts = text.split('\n');
    this.#partial = parts.pop() ?? '';
    for (const l of parts) {
      if (l !== '.') {
        this.#lines.push(l);
        continue;
      }
      const answer = this.#lines;
      this.#lines = [];
      this.#waiting.shift()?.resolve(answer);
    }
  }

  #ask(request: string): Promise<string[]> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#input.write(`${request}.\n`);
    });
  }

  async prepare(token: string, dirs: readonly string[]): Promise<DirCheck[]> {
    checkToken(token);
    const request = dirs.map((d) => `c ${token} ${checkDir(d)}\n`).join('');
    const answer = await this.#ask(request);
    const checks: DirCheck[] = [];
    let stale: string[] = [];
    for (const l of answer) {
      if (l.startsWith('s ')) {
        stale.push(l.slice(2));
        continue;
      }
      const dir = dirs[checks.length];
      if (dir === undefined) break;
      if (l === 'x')
        throw new RemoteFilesError(
          'failed',
          this.#t.name,
          `remove the temp files an interrupted deploy left in ${dir}`,
          'rm failed',
        );
      stale = [];
      checks.push({
        dir,
        kind: l === 'd' ? 'dir' : l === 'm' ? 'missing' : 'other',
        staleRemoved: stale,
      });
    }
    if (checks.length !== dirs.length)
      throw new Error(`${this.#t.name}: the temp-file keeper answered ${JSON.stringify(answer)}`);
    return checks;
  }

  async forget(token: string): Promise<void> {
    await this.#ask(`f ${checkToken(token)}\n`);
  }

  async discard(token: string): Promise<void> {
    await this.#ask(`r ${checkToken(token)}\n`);
  }
}
