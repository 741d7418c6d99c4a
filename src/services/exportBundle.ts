import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleFile } from '../generators/bundleFile.ts';
import type { ArchiveFormat } from './bundle.ts';
import { writeArchive, writeBundle, zipBundle } from './bundle.ts';

/** The archive's top folder (and file name without extension) for a cluster. */
export function archiveName(cluster: string): string {
  const safe = cluster.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return `${safe || 'cluster'}-bundle`;
}

/**
 * The bytes of a bundle archive, exactly as `clusterwright generate --archive` writes them:
 * a tar.gz goes through the same writer (a private temporary folder, removed after).
 */
export async function archiveBytes(
  files: readonly BundleFile[],
  name: string,
  format: ArchiveFormat,
): Promise<Uint8Array> {
  if (format === 'zip') return zipBundle(files, name);
  const dir = await mkdtemp(join(tmpdir(), 'cw-export-'));
  try {
    const root = await writeBundle(files, join(dir, name));
    return new Uint8Array(await readFile(await writeArchive(files, root, format)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
