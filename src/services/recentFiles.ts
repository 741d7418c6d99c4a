import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import type { RecentFile, RecentFiles } from './contract.ts';
import { writeFileAtomic } from './designFiles.ts';

/** Clusterwright's folder under the user's configuration dir, read when asked (tests move it). */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : '';
  return join(base || join(homedir(), '.config'), 'clusterwright');
}

/** How many designs the list keeps, newest first. */
export const RECENT_LIMIT = 10;
const FORMAT = 'clusterwright-recent/1';

export function recentFilePath(configDir: string): string {
  return join(configDir, 'recent.json');
}

function isRecentFile(value: unknown): value is RecentFile {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RecentFile).path === 'string' &&
    isAbsolute((value as RecentFile).path) &&
    typeof (value as RecentFile).at === 'string'
  );
}

/** The recent designs; a missing file is an empty list, a damaged one says so. */
export async function readRecent(file: string): Promise<RecentFiles> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { files: [] };
    return { files: [], problem: `${file}: ${(e as Error).message}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { files: [], problem: `${file}: not JSON; it is replaced on the next open or save` };
  }
  const files = (data as { files?: unknown } | null)?.files;
  if ((data as { format?: unknown } | null)?.format !== FORMAT || !Array.isArray(files))
    return {
      files: [],
      problem: `${file}: not a Clusterwright recent-files list; it is replaced on the next open or save`,
    };
  return { files: files.filter(isRecentFile).slice(0, RECENT_LIMIT) };
}

// One update at a time, so an open and a save in quick succession both land in the list.
let queue: Promise<unknown> = Promise.resolve();

/** Puts `path` first in the list (once), keeping the newest RECENT_LIMIT; written atomically. */
export function recordRecent(
  file: string,
  path: string,
  now: Date = new Date(),
): Promise<readonly RecentFile[]> {
  const run = queue.then(() => update(file, path, now));
  queue = run.catch(() => undefined);
  return run;
}

async function update(file: string, path: string, now: Date): Promise<readonly RecentFile[]> {
  if (!isAbsolute(path)) throw new Error(`recent files hold absolute paths, not ${path}`);
  const { files } = await readRecent(file);
  const next = [{ path, at: now.toISOString() }, ...files.filter((f) => f.path !== path)].slice(
    0,
    RECENT_LIMIT,
  );
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(
    file,
    `${JSON.stringify({ format: FORMAT, files: next }, null, 2)}\n`,
    0o600,
  );
  return next;
}
