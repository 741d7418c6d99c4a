import { RemoteFilesError } from '../transport/remoteFiles.ts';
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
  const tmp = `${dir}/${TEMP_PREFIX}${path.slice(dir.length + 1)}.${process.pid}${Date.now()}`;
  const bytes = Buffer.from(content, 'utf8');
  // A record's folder is the deploy's new backup folder: its mkdir and the file's create
  // leave together (one round trip when the parent exists); the create is asked again if
  // it came first or the parent had to be made.
  const dirReady = ensureNewRemoteDir(files, dir, new Map(), 0o700);
  dirReady.catch(() => undefined);
  try {
    await files.writeNewFile(tmp, bytes, mode);
  } catch (e) {
    if (!(e instanceof RemoteFilesError) || e.kind !== 'missing') throw e;
    await dirReady;
    await files.writeNewFile(tmp, bytes, mode);
  }
  await dirReady;
  await files.rename(tmp, path);
}
