import type { Transport } from '../transport/transport.ts';
import { ensureNewRemoteDir } from './ensureDir.ts';
import { TEMP_PREFIX } from './cleanTempFiles.ts';
import { checkRemotePath } from './remotePath.ts';
import { writeRemoteFileAtomic } from './writeFileAtomic.ts';

/**
 * Writes one small file of Clusterwright's own (a deploy record) atomically, making its
 * folder (0700) when needed: SFTP when the node has it, else writeFileAtomic.ts.
 */
export async function putRemoteFile(
  t: Transport,
  path: string,
  content: string,
  mode: number,
): Promise<void> {
  checkRemotePath(path);
  const files = await t.files();
  if (!files) {
    await writeRemoteFileAtomic(t, { path, content, mode });
    return;
  }
  const dir = path.slice(0, path.lastIndexOf('/'));
  // A record's folder is the deploy's new backup folder.
  await ensureNewRemoteDir(files, dir, new Map(), 0o700);
  const tmp = `${dir}/${TEMP_PREFIX}${path.slice(dir.length + 1)}.${process.pid}${Date.now()}`;
  await files.writeNewFile(tmp, Buffer.from(content, 'utf8'), mode);
  await files.rename(tmp, path);
}
