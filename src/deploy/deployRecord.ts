import { z } from 'zod';
import { DEFAULT_BACKUP_ROOT, backupDirFor, isDeployId } from './deployId.ts';
import { command } from './quote.ts';
import { listRemoteDir } from './remote/listDir.ts';
import { RemoteCommandError } from './remote/remoteError.ts';
import { putRemoteFile } from './remote/putFile.ts';
import { readRemoteBytes } from './remote/readFile.ts';
import type { Transport } from './transport/transport.ts';

/**
 * What a deploy changed on one node, kept next to its backups
 * (`<backup root>/<deploy id>/.clusterwright-deploy.json`) so that a rollback knows what to
 * restore. It is written before the first file is swapped in; a rollback compares each
 * file with it, so a deploy cut short half-way is rolled back as far as it got.
 *
 * Fields added after version 1 first shipped are optional, so records written before
 * them still read (as "no folders made, no CIB pushed from here").
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
  /** Folders the deploy made for its new files (none of them existed before it). */
  createdDirs: z.array(z.string()).optional(),
  /** Set on the node the deploy pushed the CIB from, when the push changed it. */
  cib: z
    .strictObject({
      /** The live configuration the push replaced (`cibadmin --query` without status). */
      saved: z.string(),
      /** `admin_epoch.epoch` of that configuration. */
      before: z.string(),
      /** Right after the push; absent when the deploy stopped before it could say. */
      after: z.string().optional(),
    })
    .optional(),
});

export type DeployRecord = z.infer<typeof recordSchema>;
export type DeployRecordFile = DeployRecord['files'][number];
export type DeployRecordCib = NonNullable<DeployRecord['cib']>;

const rollbackSchema = z.strictObject({
  version: z.literal(1),
  time: z.string(),
  restored: z.array(z.string()),
  removed: z.array(z.string()),
  skipped: z.array(z.string()),
  /** Folders removed (empty once the deploy's files were gone). */
  removedDirs: z.array(z.string()).optional(),
  /** What became of the CIB the deploy pushed from this node. */
  cib: z.enum(['restored', 'already', 'skipped']).optional(),
});

export type RollbackRecord = z.infer<typeof rollbackSchema>;

export const RECORD_NAME = '.clusterwright-deploy.json';
/** The configuration a CIB push replaced, in the deploy's backup folder (0600). */
export const CIB_BACKUP_NAME = '.clusterwright-cib-before.xml';
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

/**
 * Notes the CIB push in the record of the node it was pushed from, making the record when
 * the deploy changed no file there.
 */
export async function recordCibPush(
  t: Transport,
  backupDir: string,
  base: Pick<DeployRecord, 'deployId' | 'node'>,
  cib: DeployRecordCib,
): Promise<void> {
  const where = `${backupDir}/${RECORD_NAME}`;
  const bytes = await readRemoteBytes(t, where);
  const record: DeployRecord = bytes
    ? parse(recordSchema, bytes, `${t.name}:${where}`)
    : { version: 1, ...base, time: new Date().toISOString(), files: [] };
  await writeDeployRecord(t, backupDir, { ...record, cib });
}

/**
 * Takes a CIB push back out of the record when the push did not happen; a record made for
 * it alone goes (a deploy that changed nothing on a node leaves no record there).
 */
export async function dropCibPush(t: Transport, backupDir: string): Promise<void> {
  const where = `${backupDir}/${RECORD_NAME}`;
  const bytes = await readRemoteBytes(t, where);
  if (!bytes) return;
  const { cib: _dropped, ...record } = parse(recordSchema, bytes, `${t.name}:${where}`);
  if (record.files.length > 0 || (record.createdDirs ?? []).length > 0) {
    await writeDeployRecord(t, backupDir, record);
    return;
  }
  const r = await t.exec(command(['rm', '-f', '--', where]));
  if (r.code !== 0) throw new RemoteCommandError(t.name, `remove ${where}`, r.code, r.stderr);
}
