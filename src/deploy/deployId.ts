import { randomBytes } from 'node:crypto';

/** Where a node keeps the files a deploy replaced, one folder per deploy. */
export const DEFAULT_BACKUP_ROOT = '/var/lib/clusterwright/backups';

/**
 * A deploy's id: its UTC start time to the millisecond (so backups sort by time) and a
 * random suffix (so two deploys at once differ), e.g. `20261125T123000.042Z-3f9a`.
 */
export function newDeployId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

// Ids of earlier versions had no milliseconds.
const DEPLOY_ID = /^\d{8}T\d{6}(\.\d{3})?Z-[0-9a-f]+$/;

export function isDeployId(name: string): boolean {
  return DEPLOY_ID.test(name);
}

/** The folder a deploy's backups go to: `<root>/<deploy id>`, holding `<root>/<id>/<path>`. */
export function backupDirFor(deployId: string, root: string = DEFAULT_BACKUP_ROOT): string {
  if (!isDeployId(deployId))
    throw new Error(`not a deploy id: "${deployId}" (expected like 20261125T123000.042Z-3f9a)`);
  return `${root.replace(/\/+$/, '')}/${deployId}`;
}
