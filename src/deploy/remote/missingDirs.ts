import type { Transport } from '../transport/transport.ts';
import { RemoteCommandError } from './remoteError.ts';
import { checkRemotePath } from './remotePath.ts';
import { runScript } from './runScript.ts';

/** Every folder above a path, nearest first (`/a/b/c` → `/a/b`, `/a`); `/` is left out. */
export function parentDirsOf(path: string): string[] {
  const out: string[] = [];
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1))
    out.push(path.slice(0, i));
  return out;
}

// NUL after each missing path: paths can hold any byte but NUL.
const SCRIPT = `for d do [ -e "$d" ] || [ -L "$d" ] || printf '%s\\0' "$d"; done`;

/**
 * The folders above the given files that do not exist yet: the ones writing the files will
 * make.
 */
export function missingParentDirs(t: Transport, filePaths: readonly string[]): Promise<string[]> {
  return missingPaths(t, [...new Set(filePaths.map(checkRemotePath).flatMap(parentDirsOf))]);
}

/**
 * Which of the paths name nothing at all (a dangling symlink counts as something). Over
 * SFTP the lstat requests are all on the wire at once; else one command.
 */
export async function missingPaths(t: Transport, paths: readonly string[]): Promise<string[]> {
  const dirs = paths.map(checkRemotePath);
  if (dirs.length === 0) return [];
  const files = await t.files();
  if (files) {
    const there = await Promise.all(dirs.map((d) => files.lstat(d)));
    return dirs.filter((_, i) => there[i] === undefined);
  }
  const r = await runScript(t, 'cw-missing', SCRIPT, dirs);
  if (r.code !== 0)
    throw new RemoteCommandError(t.name, `look for ${dirs.join(' ')}`, r.code, r.stderr);
  return r.stdout.split('\0').filter((d) => d !== '');
}
