import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

/**
 * Tests that prove files with a real tool must not pass silently without it. This finds the
 * tool or throws an error that says which Debian package to install (.ci/run installs them).
 */
export function requireTool(command: string, debianPackage: string): string {
  const path = command.startsWith('/') ? command : which(command);
  if (path) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      /* fall through to the error below */
    }
  }
  throw new Error(
    `this test needs "${command}" from the Debian package ${debianPackage}: apt-get install -y --no-install-recommends ${debianPackage} (bash .ci/run installs it)`,
  );
}

function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin'])) {
    try {
      accessSync(`${dir}/${command}`, constants.X_OK);
      return `${dir}/${command}`;
    } catch {
      /* next */
    }
  }
  return undefined;
}

export function requireRoot(why: string): void {
  if (process.getuid?.() !== 0) throw new Error(`this test must run as root: ${why}`);
}

export function runTool(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(command, args, {
      ...options,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    return { status: err.status ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}
