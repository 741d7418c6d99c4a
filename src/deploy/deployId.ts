import { randomBytes } from 'node:crypto';

/** Where a node keeps the files a deploy replaced, one folder per deploy. */
export const DEFAULT_BACKUP_ROOT = '/var/lib/clusterwright/backups';

/**
 * A deploy's id: its UTC start time (so backups sort by time) and a random suffix (so two
 * deploys in the same second differ), e.g. `20261125T123000Z-3f9a`.
 */
export function newDeployId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/** The folder a deploy's backups go to: `<root>/<deploy id>`, holding `<root>/<id>/<path>`. */
export function backupDirFor(deployId: string, root: string = DEFAULT_BACKUP_ROOT): string {
  if (!/^[0-9TZ]+-[0-9a-f]+$/.test(deployId)) throw new Error(`not a deploy id: "${deployId}"`);
  return `${root.replace(/\/+$/, '')}/${deployId}`;
}
