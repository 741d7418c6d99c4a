import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fencePasswordScript } from '../../src/generators/pacemaker/fromDesign.ts';
import { serializeDesign } from '../../src/model/designFile.ts';
import type { Design } from '../../src/model/types.ts';
import { bundleOf } from '../../src/services/bundle.ts';
import { createConnectionPool } from '../../src/services/connectionPool.ts';
import { useSshHosts } from '../support/sshHosts.ts';
import type { Session } from './support/app.ts';
import { buildRenderer, clickToolbar, openApp } from './support/app.ts';
import { pairWithoutVm } from './support/pairDesign.ts';

/**
 * Deploying to real nodes from the designer (issue 6's dialog): host keys confirmed by
 * fingerprint, a password typed for the login, the fence passwords given as secrets, the
 * plan per node, the deploy with per-node progress, its result and log, and the files on
 * the nodes. The nodes are SSH test hosts (network namespaces with a real sshd and their
 * own /etc, /var and /run); they have the cluster packages but no systemd, so the
 * bring-up's start of corosync fails there, and the dialog must say so.
 */
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const NODES = ['alpha', 'beta'] as const;
const SECRETS = { 'ipmi-alpha': 'Alpha "ipmi" $pw', 'ipmi-beta': "beta's ipmi `pw`" } as const;

const hosts = useSshHosts(2, { privateDirs: ['/etc', '/var', '/run'] });
const pool = createConnectionPool();
let root = '';
let work = '';
let session: Session | undefined;

const poll = <T>(read: () => T | Promise<T>, timeout = 120_000) =>
  expect.poll(read, { timeout, interval: 250 });

/** The two-node pair at the two test hosts. */
const designAtHosts = (): Design =>
  pairWithoutVm('e2e-pair', (i) => ({
    host: hosts().host(i).address,
    port: hosts().host(i).port,
    user: 'root',
  }));

beforeAll(async () => {
  root = await buildRenderer();
  work = mkdtempSync(join(tmpdir(), 'cw-e2e-deploy-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await session?.close();
  await pool.closeAll();
  rmSync(root, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('deploy to real nodes from the designer', () => {
  it('confirms host keys, takes a password and the secrets, plans, deploys and reports', async () => {
    const design = designAtHosts();
    const file = join(work, 'pair.yaml');
    writeFileSync(file, serializeDesign(design));
    session = await openApp(root, { pool });
    const { page } = session;

    await clickToolbar(page, 'toolbar-open');
    await page.getByTestId('path-input').fill(file);
    await page.getByTestId('path-ok').click();
    await poll(() => page.locator('.react-flow__node[data-id="alpha"]').count()).toBe(1);
    await poll(() => page.getByTestId('problems-count').textContent()).toMatch(/: 0 errors,/);

    await page.getByTestId('toolbar-deploy').click();
    const dialog = page.getByTestId('deploy-dialog');
    // Nothing is sent to a node before its key is trusted: first the fingerprints.
    await poll(() => dialog.getByTestId('deploy-hostkeys').count()).toBe(1);
    for (const [i, n] of NODES.entries()) {
      const row = dialog.getByTestId(`deploy-hostkey-${n}`);
      expect(await row.getAttribute('data-state')).toBe('unknown');
      expect(await row.locator('.fingerprint').textContent()).toBe(
        hosts().host(i).hostKeyFingerprint(),
      );
    }
    // The fence passwords are named, not set; there is no keyring to remember them in.
    const secrets = dialog.getByTestId('deploy-secrets');
    expect(await secrets.getAttribute('data-missing')).toBe('2');
    expect(await dialog.getByTestId('deploy-secrets-remember').isDisabled()).toBe(true);
    expect(await dialog.getByTestId('deploy-secrets-warning').textContent()).toMatch(/no keyring/);

    await dialog.getByTestId('deploy-password').fill(hosts().password);
    await dialog.getByTestId('deploy-trust-alpha').click();
    await poll(() => dialog.getByTestId('deploy-hostkey-alpha').textContent()).toMatch(/trusted/);
    await dialog.getByTestId('deploy-trust-beta').click();
    // Both keys trusted: the plan runs again, and stops for the secrets before connecting.
    await poll(() => dialog.getByTestId('deploy-error').textContent()).toMatch(
      /secrets not provided: ipmi-alpha, ipmi-beta/,
    );
    for (const [name, value] of Object.entries(SECRETS)) {
      await dialog.getByTestId(`deploy-secret-value-${name}`).fill(value);
      await dialog.getByTestId(`deploy-secret-set-${name}`).click();
      await poll(() =>
        dialog.getByTestId(`deploy-secret-${name}`).getAttribute('data-source'),
      ).toBe('session');
    }
    // The last secret given, the plan goes on by itself: a dry run per node.
    await poll(() => dialog.getAttribute('data-stage')).toBe('plan');
    const files = bundleOf(design).files;
    // Each node gets its bundle files and a password script per fence secret.
    const planned = (n: string) =>
      files.filter((f) => f.node === n).length + Object.keys(SECRETS).length;
    for (const n of NODES) {
      // New, or changed where the host's /etc already has one (corosync.conf, DRBD's global).
      const summary = dialog
        .getByTestId(`deploy-plan-node-${n}`)
        .getByTestId('deploy-plan-summary');
      await poll(async () => {
        const m = /^(\d+) new, (\d+) changed, 0 mode only, 0 unchanged$/.exec(
          (await summary.textContent()) ?? '',
        );
        return m ? Number(m[1]) + Number(m[2]) : -1;
      }).toBe(planned(n));
    }
    expect(await dialog.getByTestId('deploy-apply').isEnabled()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'deploy-nodes-plan.png') });

    await dialog.getByTestId('deploy-apply').click();
    await poll(() => dialog.getAttribute('data-stage')).toMatch(/^(done|failed)$/);
    const result = dialog.getByTestId('deploy-result');
    await poll(() => result.count()).toBe(1);
    // Every file is in place on both nodes; the bring-up then stops where a namespace
    // without systemd cannot start corosync, and the dialog says so per node.
    for (const n of NODES) {
      expect(await dialog.getByTestId(`deploy-result-${n}`).getAttribute('data-ok')).toBe('true');
      expect(await dialog.getByTestId(`deploy-progress-${n}`).getAttribute('data-state')).toBe(
        'failed',
      );
    }
    expect(await result.getAttribute('data-ok')).toBe('false');
    expect(await result.textContent()).toMatch(/failed\s*alpha: cluster/);
    await page.screenshot({ path: join(SCREENSHOTS, 'deploy-nodes-result.png') });

    for (const [i, n] of NODES.entries()) {
      const host = hosts().host(i);
      for (const f of files.filter((x) => x.node === n && !/@@CW_SECRET/.test(x.content))) {
        expect(readFileSync(host.fileOnHost(f.path), 'utf8'), `${n}:${f.path}`).toBe(f.content);
        expect(statSync(host.fileOnHost(f.path)).mode & 0o777, `${n}:${f.path}`).toBe(f.mode);
      }
      for (const [name, value] of Object.entries(SECRETS)) {
        const script = host.fileOnHost(fencePasswordScript(name));
        expect(statSync(script).mode & 0o777).toBe(0o700);
        expect(readFileSync(script, 'utf8')).toContain(name);
        expect(readFileSync(script, 'utf8')).toContain(value.replaceAll("'", "'\\''"));
      }
    }
    // Neither the password nor a secret shows anywhere in the dialog, its log included.
    await dialog.locator('details.deploy-log summary').click();
    const shown = (await dialog.textContent()) ?? '';
    expect(shown).toMatch(/deploying .*pair\.yaml to its nodes/);
    for (const value of [...Object.values(SECRETS), hosts().password])
      expect(shown).not.toContain(value);
    // The app keeps its connections: one per node, reused by the next plan.
    expect(pool.size).toBe(2);

    await dialog.getByTestId('deploy-replan').click();
    await poll(() => dialog.getAttribute('data-stage')).toBe('plan');
    for (const n of NODES) {
      await poll(() =>
        dialog
          .getByTestId(`deploy-plan-node-${n}`)
          .getByTestId('deploy-plan-summary')
          .textContent(),
      ).toBe(`0 new, 0 changed, 0 mode only, ${planned(n)} unchanged`);
    }
    expect(pool.size).toBe(2);

    // Rollback on a chosen node: its dry run first, then the backups come back on alpha
    // only; the files the deploy created there go, and beta keeps what was deployed.
    const created = (n: string) =>
      files.filter((f) => f.node === n && !existsSync(f.path)).map((f) => f.path);
    const replaced = files.filter((f) => f.node === 'alpha' && existsSync(f.path));
    expect(replaced.length).toBeGreaterThan(0);
    await dialog.getByTestId('deploy-rollback-open').click();
    const preview = dialog.locator('[data-testid="rollback-result"][data-dry-run="true"]');
    await poll(() => preview.count()).toBe(1);
    expect(await preview.getByTestId('rollback-node-beta').count()).toBe(1);
    await dialog.getByTestId('deploy-rollback-node-beta').uncheck();
    await poll(() => preview.getByTestId('rollback-node-beta').count()).toBe(0);
    await poll(() => preview.getByTestId('rollback-node-alpha').textContent()).toMatch(
      new RegExp(
        `would roll back deploy .*: ${replaced.length} restored, ${created('alpha').length + Object.keys(SECRETS).length} removed`,
      ),
    );
    await dialog.getByTestId('deploy-rollback-run').click();
    const rolledBack = dialog.locator('[data-testid="rollback-result"][data-dry-run="false"]');
    await poll(() => rolledBack.getAttribute('data-ok')).toBe('true');
    const alpha = hosts().host(0);
    const beta = hosts().host(1);
    for (const f of replaced)
      expect(readFileSync(alpha.fileOnHost(f.path), 'utf8'), f.path).toBe(
        readFileSync(f.path, 'utf8'),
      );
    for (const path of [...created('alpha'), fencePasswordScript('ipmi-alpha')])
      expect(existsSync(alpha.fileOnHost(path)), path).toBe(false);
    for (const f of files.filter((x) => x.node === 'beta'))
      expect(readFileSync(beta.fileOnHost(f.path), 'utf8'), f.path).toBe(f.content);
    expect(session.errors).toEqual([]);
  }, 600_000);
});
