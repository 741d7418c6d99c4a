import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backupDirFor } from '../../src/deploy/deployId.ts';
import {
  RECORD_NAME,
  dropCibPush,
  findDeploy,
  recordCibPush,
} from '../../src/deploy/deployRecord.ts';
import { LocalTransport } from '../../src/deploy/transport/localTransport.ts';
import { useTempDir } from '../support/tmp.ts';

const tempDir = useTempDir('cw-record-');
const ID = '20261101T120000.000Z-ab12';
const SHA = 'a'.repeat(64);

describe('deploy records', () => {
  it('reads a record written before folders and the CIB were recorded', async () => {
    const root = tempDir();
    const dir = backupDirFor(ID, root);
    mkdirSync(dir, { recursive: true });
    // Exactly what version 1 wrote before this change.
    const old = {
      version: 1,
      deployId: ID,
      node: 'n1',
      time: '2026-11-01T12:00:00.000Z',
      files: [{ path: '/etc/x.conf', after: { sha256: SHA, mode: 0o644 } }],
    };
    writeFileSync(`${dir}/${RECORD_NAME}`, JSON.stringify(old));
    const found = await findDeploy(new LocalTransport(), { backupRoot: root });
    expect(found?.record).toEqual(old);
    expect(found?.record.createdDirs).toBeUndefined();
    expect(found?.record.cib).toBeUndefined();
  });

  it('notes a CIB push in a record of its own, then adds the version after; dropping it removes that record', async () => {
    const root = tempDir();
    const dir = backupDirFor(ID, root);
    const t = new LocalTransport();
    const base = { deployId: ID, node: 'n1' };
    await recordCibPush(t, dir, base, { saved: `${dir}/cib.xml`, before: '0.5' });
    expect(statSync(`${dir}/${RECORD_NAME}`).mode & 0o777).toBe(0o600);
    await recordCibPush(t, dir, base, { saved: `${dir}/cib.xml`, before: '0.5', after: '0.6' });
    const found = await findDeploy(t, { backupRoot: root });
    expect(found?.record).toMatchObject({ ...base, files: [] });
    expect(found?.record.cib).toEqual({ saved: `${dir}/cib.xml`, before: '0.5', after: '0.6' });

    await dropCibPush(t, dir);
    expect(existsSync(`${dir}/${RECORD_NAME}`)).toBe(false);
    expect(await findDeploy(t, { backupRoot: root })).toBeUndefined();
  });

  it('dropping a CIB push keeps the files of the record', async () => {
    const root = tempDir();
    const dir = backupDirFor(ID, root);
    mkdirSync(dir, { recursive: true });
    const files = [{ path: '/etc/x.conf', after: { sha256: SHA, mode: 0o644 } }];
    writeFileSync(
      `${dir}/${RECORD_NAME}`,
      JSON.stringify({ version: 1, deployId: ID, node: 'n1', time: 't', files }),
    );
    const t = new LocalTransport();
    await recordCibPush(t, dir, { deployId: ID, node: 'n1' }, { saved: '/s', before: '0.1' });
    expect(JSON.parse(readFileSync(`${dir}/${RECORD_NAME}`, 'utf8'))).toMatchObject({
      files,
      cib: { saved: '/s', before: '0.1' },
    });
    await dropCibPush(t, dir);
    const record = JSON.parse(readFileSync(`${dir}/${RECORD_NAME}`, 'utf8')) as object;
    expect(record).toMatchObject({ files });
    expect(record).not.toHaveProperty('cib');
  });
});
