/**
 * POSIX path helpers for paths inside the file map the caller passes in. Importers see no
 * filesystem (and may not import node:path), so includes resolve against the map's keys.
 */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : path.slice(0, i);
}

export function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  return (absolute ? '/' : '') + out.join('/');
}

export function joinPath(dir: string, path: string): string {
  return normalizePath(path.startsWith('/') ? path : `${dir}/${path}`);
}

/** A shell glob (`*`, `?`, `[…]`) as a regular expression over whole paths. */
function globRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * The files of `paths` an include pattern names, sorted as the shell's glob would. A relative
 * pattern is resolved against the including file's folder. An absolute one (/etc/drbd.d/*.res)
 * is tried as written, then under each ancestor of the including file, so files kept under
 * another root (a bundle's nodes/alpha/etc/…, a fixtures folder) still resolve.
 */
export function matchInclude(
  pattern: string,
  includingFile: string,
  paths: readonly string[],
): string[] {
  const normalized = paths.map((p) => [p, normalizePath(p)] as const);
  const matching = (glob: string): string[] => {
    const re = globRegex(glob);
    return normalized.filter(([, n]) => re.test(n)).map(([p]) => p);
  };
  const full = joinPath(dirOf(includingFile), pattern);
  let found = matching(full);
  if (found.length === 0 && pattern.startsWith('/')) {
    for (let dir = dirOf(normalizePath(includingFile)); found.length === 0; dir = dirOf(dir)) {
      found = matching(joinPath(dir, pattern.slice(1)));
      if (dir === '.' || dir === '/') break;
    }
  }
  return [...new Set(found)].sort();
}
