import type { RemoteFiles } from '../transport/remoteFiles.ts';

/** `rm -rf` over a file service, for the staging folders and temp files deploy leaves. */
export async function removeRemoteTree(files: RemoteFiles, path: string): Promise<void> {
  const attrs = await files.lstat(path);
  if (!attrs) return;
  if (attrs.kind !== 'dir') {
    await files.unlink(path);
    return;
  }
  const names = await files.readdir(path);
  await Promise.all(names.map((n) => removeRemoteTree(files, `${path}/${n}`)));
  await files.rmdir(path);
}
