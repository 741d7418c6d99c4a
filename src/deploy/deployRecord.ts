import { z } from 'zod';
import { DEFAULT_BACKUP_ROOT, backupDirFor, isDeployId } from './deployId.ts';
import { listRemoteDir } from './remote/listDir.ts';
import { putRemoteFile } from './remote/putFile.ts';
import { readRemoteBytes } from './remote/readFile.ts';
import type { Transport } from './transport/transport.ts';

/**
 * What a deploy changed on one node, kept next to its backups
 * (`<backup root>/<deploy id>/.clusterwright-deploy.json`) so that a rollback knows what to
 * restore. It is written before the first file is swapped in; a rollback compares each
 * file with it, so a deploy cut short half-way is rolled back as far as it got.
 */
const fileVersion = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mode: z.number().int(),
});

const recordSchema = z.strictObject({
  version: z.literal(1),
  deployId: z.string(),
  node: z.string(),
  time: z.string(),
  files: z.array(
    z.strictObject({
      path: z.string(),
      /** Absent: the deploy created the file. */
      before: fileVersion.optional(),
      after: fileVersion,
      /** Where the replaced content was kept (when the content changed). */
      backup: z.string().optional(),
    }),
  ),
});

export type DeployRecord = z.infer<typeof recordSchema>;
export type DeployRecordFile = DeployRecord['files'][number];

const rollbackSchema = z.strictObject({
  version: z.literal(1),
  time: z.string(),
  restored: z.array(z.string()),
  removed: z.array(z.string()),
  skipped: z.array(z.string()),
});

export type RollbackRecord = z.infer<typeof rollbackSchema>;

export const RECORD_NAME = '.clusterwright-deploy.json';
export const ROLLBACK_NAME = '.clusterwright-rollback.json';

export function writeDeployRecord(
  t: Transport,
  backupDir: string,
  record: DeployRecord,
): Promise<void> {
  return putRemoteFile(
    t,
    `${backupDir}/${RECORD_NAME}`,
    `${JSON.stringify(record, null, 2)}\n`,
    0o600,
  );
}

export function writeRollbackRecord(
  t: Transport,
  backupDir: string,
  record: RollbackRecord,
): Promise<void> {
  return putRemoteFile(
    t,
    `${backupDir}/${ROLLBACK_NAME}`,
    `${JSON.stringify(record, null, 2)}\n`,
    0o600,
  );
}

function parse<T>(schema: z.ZodType<T>, bytes: Buffer, where: string): T {
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new Error(
      `${where} is not JSON (${(e as Error).message}); it was not written by Clusterwright`,
      { cause: e },
    );
  }
  const r = schema.safeParse(data);
  if (!r.success)
    throw new Error(
      `${where} is not a Clusterwright deploy record: ${r.error.issues[0]?.message ?? ''}`,
    );
  return r.data;
}

export interface FoundDeploy {
  readonly deployId: string;
  readonly backupDir: string;
  readonly record: DeployRecord;
  /** Set when this deploy was already rolled back. */
  readonly rolledBack?: RollbackRecord;
}

/**
 * A deploy recorded on the node: the one given, or the newest that changed something
 * there (deploys that changed nothing leave no record). Undefined when there is none.
 */
export async function findDeploy(
  t: Transport,
  options: { readonly backupRoot?: string; readonly deployId?: string } = {},
): Promise<FoundDeploy | undefined> {
  const root = options.backupRoot ?? DEFAULT_BACKUP_ROOT;
  const ids =
    options.deployId !== undefined
      ? [options.deployId]
      : (await listRemoteDir(t, root)).filter(isDeployId).sort().reverse();
  for (const deployId of ids) {
    const backupDir = backupDirFor(deployId, root);
    const bytes = await readRemoteBytes(t, `${backupDir}/${RECORD_NAME}`);
    if (!bytes) continue;
    const record = parse(recordSchema, bytes, `${t.name}:${backupDir}/${RECORD_NAME}`);
    const rb = await readRemoteBytes(t, `${backupDir}/${ROLLBACK_NAME}`);
    return {
      deployId,
      backupDir,
      record,
      ...(rb
        ? { rolledBack: parse(rollbackSchema, rb, `${t.name}:${backupDir}/${ROLLBACK_NAME}`) }
        : {}),
    };
  }
  return undefined;
}
