import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyNode } from '../../src/deploy/apply.ts';
import { backupDirFor, newDeployId } from '../../src/deploy/deployId.ts';
import { findDeploy } from '../../src/deploy/deployRecord.ts';
import type { DeployFile } from '../../src/deploy/plan.ts';
import { planNode } from '../../src/deploy/plan.ts';
import type { RollbackEvent } from '../../src/deploy/rollback.ts';
import { rollbackNode } from '../../src/deploy/rollback.ts';
import type { SshTransport } from '../../src/deploy/transport/sshTransport.ts';
import type { SshTestHosts } from '../support/sshHosts.ts';
import { useSshHosts } from '../support/sshHosts.ts';
import { useTempDir } from '../support/tmp.ts';
import { connectTo } from './connect.ts';

/**
 * Deploy, then roll back, on a real sshd: with SFTP (as Debian's sshd ships) and without
 * it (a hardened sshd), where every file operation falls back to commands. The files live
 * under the test's temp folder (the hosts share this machine's file system).
 */
function rollbackSuite(label: string, sftp: boolean) {
  describe(`rollback (${label})`, () => {
    const hosts = useSshHosts(1, { sftp });
    const tempDir = useTempDir('cw-rollback-');

    async function withHost<T>(
      dir: string,
      fn: (t: SshTransport, h: SshTestHosts) => Promise<T>,
    ): Promise<T> {
      const t = await connectTo(hosts().host(0), dir);
      try {
        return await fn(t, hosts());
      } finally {
        await t.close();
      }
    }

    async function deployFiles(t: SshTransport, files: DeployFile[], backupRoot: string) {
      const plan = await planNode({ node: 'n', transport: t, files });
      const deployId = newDeployId();
      const r = await applyNode(plan, t, {
        backupDir: backupDirFor(deployId, backupRoot),
        deployId,
      });
      expect(r.ok, r.error?.message).toBe(true);
      expect(r.via).toBe(sftp ? 'sftp' : 'exec');
      return { deployId, result: r };
    }

    it('restores replaced files, removes created ones, brings modes back, leaves changed files alone', async () => {
      const dir = tempDir();
      const backups = `${dir}/backups`;
      const p = (n: string) => `${dir}/etc/app/${n}`;
      await withHost(dir, async (t) => {
        // The node before: two files of its own.
        const before: DeployFile[] = [
          { node: 'n', path: p('replaced.conf'), mode: 0o640, content: 'old\n', element: 'x' },
          { node: 'n', path: p('mode.conf'), mode: 0o644, content: 'same\n', element: 'x' },
          { node: 'n', path: p('edited.conf'), mode: 0o644, content: 'old edited\n', element: 'x' },
        ];
        await deployFiles(t, before, `${dir}/other-backups`);
        const oldMtime = statSync(p('replaced.conf')).mtimeMs;

        const files: DeployFile[] = [
          { node: 'n', path: p('replaced.conf'), mode: 0o600, content: 'new\n', element: 'x' },
          { node: 'n', path: p('mode.conf'), mode: 0o600, content: 'same\n', element: 'x' },
          { node: 'n', path: p('edited.conf'), mode: 0o644, content: 'new edited\n', element: 'x' },
          { node: 'n', path: p('created.conf'), mode: 0o644, content: 'created\n', element: 'x' },
        ];
        const { deployId, result } = await deployFiles(t, files, backups);
        expect([...result.written].sort()).toEqual([
          p('created.conf'),
          p('edited.conf'),
          p('replaced.conf'),
        ]);
        expect(result.metadataFixed).toEqual([p('mode.conf')]);
        // The backup keeps the replaced file as it was: content, mode and mtime.
        const backup = `${backups}/${deployId}${p('replaced.conf')}`;
        expect(readFileSync(backup, 'utf8')).toBe('old\n');
        expect(statSync(backup).mode & 0o777).toBe(0o640);
        expect(statSync(backup).mtimeMs).toBe(oldMtime);
        // Someone edits a deployed file by hand afterwards.
        writeFileSync(p('edited.conf'), 'edited by hand\n');

        const dry = await rollbackNode('n', t, { backupRoot: backups, dryRun: true });
        expect(dry.files.map((f) => [f.path, f.action])).toEqual([
          [p('replaced.conf'), 'restore'],
          [p('mode.conf'), 'mode'],
          [p('edited.conf'), 'changed'],
          [p('created.conf'), 'remove'],
        ]);
        expect(readFileSync(p('replaced.conf'), 'utf8')).toBe('new\n');
        expect(existsSync(p('created.conf'))).toBe(true);

        const events: RollbackEvent[] = [];
        const r = await rollbackNode('n', t, {
          backupRoot: backups,
          onEvent: (e) => events.push(e),
        });
        expect(r.deployId).toBe(deployId);
        // Not everything came back: the hand-edited file is reported, not overwritten.
        expect(r.ok).toBe(false);
        expect(r.message).toMatch(/2 restored, 1 removed, 1 left as they are/);
        expect(readFileSync(p('replaced.conf'), 'utf8')).toBe('old\n');
        expect(statSync(p('replaced.conf')).mode & 0o777).toBe(0o640);
        expect(statSync(p('mode.conf')).mode & 0o777).toBe(0o644);
        expect(readFileSync(p('edited.conf'), 'utf8')).toBe('edited by hand\n');
        expect(existsSync(p('created.conf'))).toBe(false);
        expect(r.folders).toEqual([]);
        expect(events.map((e) => e.type)).toEqual([
          'rollback-start',
          'rollback-file',
          'rollback-file',
          'rollback-file',
          'rollback-file',
          'rollback-done',
        ]);

        const again = await rollbackNode('n', t, { backupRoot: backups });
        expect(again).toMatchObject({ ok: true, nothingToDo: true });
        expect(again.message).toMatch(/already rolled back/);
      });
    });

    it('removes the folders the deploy made once empty, deepest first; never one that holds other files or was there before', async () => {
      const dir = tempDir();
      const backups = `${dir}/backups`;
      mkdirSync(`${dir}/etc`);
      const file = (path: string): DeployFile => ({
        node: 'n',
        path: `${dir}${path}`,
        mode: 0o644,
        content: `${path}\n`,
        element: 'x',
      });
      await withHost(dir, async (t) => {
        const { deployId } = await deployFiles(
          t,
          [
            file('/etc/new/a/b/one.conf'),
            file('/etc/new/a/c/two.conf'),
            file('/etc/new/three.conf'),
            file('/etc/top.conf'),
          ],
          backups,
        );
        const found = await findDeploy(t, { backupRoot: backups });
        expect(found?.deployId).toBe(deployId);
        // ${dir}/etc was there before: not recorded, so never removed.
        expect([...(found?.record.createdDirs ?? [])].sort()).toEqual(
          ['/etc/new', '/etc/new/a', '/etc/new/a/b', '/etc/new/a/c'].map((d) => `${dir}${d}`),
        );
        // Someone keeps a file of their own in one of them.
        writeFileSync(`${dir}/etc/new/a/c/mine.conf`, 'mine\n');

        const dry = await rollbackNode('n', t, { backupRoot: backups, dryRun: true });
        const expected = [
          [`${dir}/etc/new/a/b`, 'remove'],
          [`${dir}/etc/new/a/c`, 'keep'],
          [`${dir}/etc/new/a`, 'keep'],
          [`${dir}/etc/new`, 'keep'],
        ];
        expect(dry.folders.map((f) => [f.path, f.action])).toEqual(expected);
        expect(existsSync(`${dir}/etc/new/a/b/one.conf`)).toBe(true);

        const events: RollbackEvent[] = [];
        const r = await rollbackNode('n', t, {
          backupRoot: backups,
          onEvent: (e) => events.push(e),
        });
        expect(r.ok, r.message).toBe(true);
        expect(r.message).toMatch(/0 restored, 4 removed, 1 folder\(s\) removed/);
        expect(r.folders.map((f) => [f.path, f.action])).toEqual(expected);
        expect(r.folders[1]?.detail).toMatch(/mine\.conf/);
        expect(events.filter((e) => e.type === 'rollback-folder')).toHaveLength(4);
        expect(existsSync(`${dir}/etc/new/a/b`)).toBe(false);
        expect(readdirSync(`${dir}/etc/new/a/c`)).toEqual(['mine.conf']);
        expect(readdirSync(`${dir}/etc/new`)).toEqual(['a']);
        expect(readdirSync(`${dir}/etc`)).toEqual(['new']);

        // Once the foreign file goes, a second deploy and its rollback take every folder.
        writeFileSync(`${dir}/etc/new/a/c/mine.conf`, '');
        await deployFiles(t, [file('/etc/new/a/c/mine.conf'), file('/etc/x/y/z.conf')], backups);
        const second = await rollbackNode('n', t, { backupRoot: backups });
        expect(second.folders.map((f) => [f.path, f.action])).toEqual([
          [`${dir}/etc/x/y`, 'remove'],
          [`${dir}/etc/x`, 'remove'],
        ]);
        expect(readdirSync(`${dir}/etc`)).toEqual(['new']);
      });
    });

    it('a node without a recorded deploy has nothing to roll back; a missing backup is reported', async () => {
      const dir = tempDir();
      await withHost(dir, async (t) => {
        const none = await rollbackNode('n', t, { backupRoot: `${dir}/nothing` });
        expect(none).toMatchObject({ ok: true, nothingToDo: true });
        expect(none.message).toMatch(/no deploy on record/);

        const path = `${dir}/etc/x.conf`;
        mkdirSync(`${dir}/etc`);
        writeFileSync(path, 'before\n');
        chmodSync(path, 0o644);
        const { deployId } = await deployFiles(
          t,
          [{ node: 'n', path, mode: 0o644, content: 'after\n', element: 'x' }],
          `${dir}/b`,
        );
        writeFileSync(`${dir}/b/${deployId}${path}`, 'tampered\n');
        const r = await rollbackNode('n', t, { backupRoot: `${dir}/b` });
        expect(r.ok).toBe(false);
        expect(r.files).toEqual([expect.objectContaining({ path, action: 'no-backup' })]);
        expect(readFileSync(path, 'utf8')).toBe('after\n');
      });
    });
  });
}

rollbackSuite('over SFTP', true);
rollbackSuite('without SFTP, through commands', false);
