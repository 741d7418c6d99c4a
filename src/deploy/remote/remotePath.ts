/**
 * Checks a path that a remote operation will touch: absolute, normalised, no NUL.
 * Quoting keeps it out of the shell; this keeps `..` tricks and typos off the node.
 */
export function checkRemotePath(path: string): string {
  if (!path.startsWith('/') || path.includes('\0')) {
    throw new Error(`remote path ${JSON.stringify(path)} must be absolute (start with "/")`);
  }
  if (path.length > 1 && path.endsWith('/')) {
    throw new Error(`remote path "${path}" names a folder; give a file path`);
  }
  if (path.split('/').some((seg, i) => i > 0 && (seg === '' || seg === '.' || seg === '..'))) {
    throw new Error(`remote path "${path}" has an empty, "." or ".." segment; give it normalised`);
  }
  return path;
}
