import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDirOf, readLabState } from '../../src/lab/labState.ts';
import type { LabState } from '../../src/lab/labState.ts';
import { labStatus } from '../../src/lab/labStatus.ts';
import { createLabService } from '../../src/services/lab.ts';
import { labLeftovers } from '../lab/support/leftovers.ts';
import { requireRoot, requireTool } from '../support/tools.ts';
import type { Locator } from 'playwright-core';
import type { Session } from './support/app.ts';
import { buildRenderer, clickToolbar, openApp } from './support/app.ts';

/**
 * The lab in the designer, as a user clicks it (issue 7): open the three-node template,
 * save it, start a lab, deploy to it, kill a node in the fault panel and revive it, stop
 * the lab. Real corosync and Pacemaker nodes in network namespaces; run as root under
 * `flock /tmp/cw-root-tests.lock`.
 */
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const CLUSTER = 'vz-trio';
const NODES = ['vz1', 'vz2', 'vz3'];

let root = '';
let work = '';
let session: Session | undefined;
let made: LabState | undefined;

/** Each node's row in the fault panel and the resources Pacemaker runs on it. */
async function runsOf(panel: Locator): Promise<{ node: string; runs: string[] }[]> {
  const rows: { node: string; runs: string[] }[] = [];
  for (const n of NODES) {
    const text =
      (await panel.getByTestId(`lab-node-${n}`).locator('.lab-runs').textContent()) ?? '';
    rows.push({ node: n, runs: text.split(', ').map((r) => r.replace(/ \(.*\)$/, '')) });
  }
  return rows;
}

/** The lab job's summary line (naming the failure, if any) and its log, to explain a failure. */
async function jobText(panel: Locator): Promise<string> {
  const job = panel.getByTestId('lab-job');
  return `${await job.locator('summary').textContent()}\n${await job.getByTestId('lab-log').textContent()}`;
}

/** Waits for a state the page shows; lab work is slow on a loaded 2-core machine. */
const poll = <T>(read: () => T | Promise<T>, timeout = 240_000) =>
  expect.poll(read, { timeout, interval: 250 });

beforeAll(async () => {
  requireRoot('the lab makes network namespaces and runs corosync and pacemaker');
  requireTool('corosync', 'corosync');
  requireTool('pacemakerd', 'pacemaker');
  if (existsSync(labDirOf(CLUSTER)))
    throw new Error(
      `a lab of cluster ${CLUSTER} already exists in ${labDirOf(CLUSTER)}; take it down first: clusterwright lab down templates/three-node-drbd9-openvz.yaml`,
    );
  root = await buildRenderer();
  work = mkdtempSync(join(tmpdir(), 'cw-e2e-lab-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  // Whatever happened, no lab is left running.
  const file = join(work, 'vz-trio.yaml');
  if (existsSync(labDirOf(CLUSTER)))
    await createLabService()
      .down(existsSync(file) ? file : undefined)
      .catch((e: unknown) => {
        process.stderr.write(`lab teardown after the e2e test failed: ${String(e)}\n`);
      });
  await session?.close();
  if (root) rmSync(root, { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the lab in the designer (Chromium, web host, real lab nodes)', () => {
  it('start lab, deploy to lab, kill and revive a node in the fault panel, stop lab', async () => {
    session = await openApp(root);
    const { page } = session;
    const file = join(work, 'vz-trio.yaml');

    await clickToolbar(page, 'toolbar-templates');
    await page.getByTestId('template-three-node-drbd9-openvz').click();
    await poll(() => page.locator('.react-flow__node[data-id="vz1"]').count(), 20_000).toBe(1);

    await page.getByTestId('toolbar-lab').click();
    const panel = page.getByTestId('lab-panel');
    await poll(() => panel.getByTestId('lab-summary').textContent(), 30_000).toBe(
      `no lab runs for cluster ${CLUSTER}`,
    );
    // The stand-ins are listed before any lab runs, each with its design element.
    await poll(() => panel.getByTestId('lab-standin').count(), 20_000).toBe(9);
    const dnsRows = panel.locator('[data-testid="lab-standin"][data-element="dns"]');
    const cells = [];
    for (const row of await dnsRows.all())
      cells.push((await row.locator('td').allTextContents()).join(' | '));
    expect(cells).toEqual([
      'dns | dns_private | ocf:heartbeat:Filesystem | ocf:pacemaker:Dummy (stand-in)',
      'dns | dns | ocf:heartbeat:ManageVE | ocf:pacemaker:Dummy (stand-in)',
    ]);
    await expect.poll(() => panel.getByTestId('lab-fencing-off').count()).toBe(1);

    // The template is not saved yet: starting the lab asks to save it first.
    await panel.getByTestId('lab-start').click();
    await poll(() => page.getByTestId('save-first-reason').textContent(), 20_000).toBe(
      'This design has not been saved yet.',
    );
    await page.getByTestId('save-first-path').fill(file);
    await page.getByTestId('save-first-ok').click();
    await poll(() => existsSync(file), 20_000).toBe(true);

    await poll(() => panel.getByTestId('lab-job').getAttribute('data-kind'), 20_000).toBe('lab.up');
    await poll(() => panel.getByTestId('lab-job').getAttribute('data-state'), 300_000).not.toBe(
      'running',
    );
    expect(await jobText(panel)).toMatch(/^Starting the lab: done\n/);
    for (const n of NODES)
      await poll(() => panel.getByTestId(`lab-node-${n}`).getAttribute('data-state')).toBe(
        'running',
      );
    made = await readLabState(labDirOf(CLUSTER));
    expect(made?.nodes.map((n) => n.name)).toEqual(NODES);

    // An edit after the save: deploying asks to save again, then goes on to the plan, so
    // what is deployed is what is on disk.
    await page.getByTestId('field-description').fill('Three-node lab try-out');
    await page.getByTestId('field-description').press('Enter');
    await panel.getByTestId('lab-deploy').click();
    await poll(() => page.getByTestId('save-first-reason').textContent(), 20_000).toBe(
      `The design has changes that are not saved in ${file}.`,
    );
    expect(await page.getByTestId('save-first-path').inputValue()).toBe(file);
    await page.getByTestId('save-first-ok').click();
    await poll(() => readFileSync(file, 'utf8').includes('Three-node lab try-out'), 20_000).toBe(
      true,
    );

    // Deploy to the lab: the plan per node first, then the deploy and its result per node.
    const dialog = page.getByTestId('deploy-dialog');
    await poll(() => dialog.getAttribute('data-stage')).toBe('plan');
    for (const n of NODES)
      await expect
        .poll(() =>
          dialog
            .getByTestId(`deploy-plan-node-${n}`)
            .getByTestId('deploy-plan-summary')
            .textContent(),
        )
        .toMatch(/^\d+ new, \d+ changed, \d+ mode only, \d+ unchanged$/);
    // Whatever the dry run says, the only failures it may report before the first deploy
    // are steps that read the files the deploy writes (DRBD's, with no .res on the node yet).
    const failed = await dialog.locator('.plan-steps li.inline-error').allTextContents();
    expect(failed.filter((f) => !/^failed drbd /.test(f))).toEqual([]);
    await dialog.getByTestId(`deploy-plan-node-vz1`).locator('details').first().click();
    await page.screenshot({ path: join(SCREENSHOTS, 'deploy-plan.png') });

    await dialog.getByTestId('deploy-apply').click();
    await poll(() => dialog.getAttribute('data-stage')).toBe('done');
    expect(await dialog.getByTestId('deploy-result').getAttribute('data-ok')).toBe('true');
    for (const n of NODES) {
      expect(await dialog.getByTestId(`deploy-result-${n}`).getAttribute('data-ok')).toBe('true');
      expect(await dialog.getByTestId(`deploy-progress-${n}`).getAttribute('data-state')).toBe(
        'files-done',
      );
    }
    // DRBD has no kernel module in a lab node: its steps are dry runs, and say so.
    expect(await dialog.getByTestId('deploy-result').textContent()).toMatch(
      /dry-run vz1: drbd ct-dns: no DRBD kernel module/,
    );
    expect(await dialog.getByTestId('deploy-log').textContent()).toMatch(/deployed \(/);
    await page.screenshot({ path: join(SCREENSHOTS, 'deploy-dialog.png') });
    const said = await dialog.getByTestId('deploy-warning').allTextContents();
    // Planning again finds nothing left to change on any node: the deploy converged.
    await dialog.getByTestId('deploy-replan').click();
    await poll(() => dialog.getAttribute('data-stage')).toBe('plan');
    for (const n of NODES)
      expect(
        await dialog
          .getByTestId(`deploy-plan-node-${n}`)
          .getByTestId('deploy-plan-summary')
          .textContent(),
      ).toMatch(/^0 new, 0 changed, 0 mode only, [1-9]\d* unchanged$/);
    expect(await dialog.getByTestId('deploy-dryrun').getAttribute('data-ok')).toBe('true');
    expect(await dialog.getByTestId('deploy-plan-cib').textContent()).toBe('CIB: no change.');
    // What rolling that deploy back would do, per node; nothing changes until confirmed.
    await dialog.getByTestId('deploy-rollback-open').click();
    await poll(() => dialog.getAttribute('data-stage')).toBe('rollback');
    const rollback = dialog.getByTestId('rollback-result');
    await poll(() => rollback.getAttribute('data-dry-run')).toBe('true');
    expect(await dialog.getByTestId('rollback-headline').textContent()).toMatch(/would do this/);
    // The CIB was pushed from the first node: its line is there, and only there.
    const cibOf = (n: string) =>
      dialog.getByTestId(`rollback-node-${n}`).getByTestId('rollback-cib');
    expect(await cibOf('vz1').getAttribute('data-action')).toBe('restore');
    expect(await cibOf('vz1').textContent()).toMatch(
      /^CIB: would put back the configuration the deploy replaced/,
    );
    for (const n of ['vz2', 'vz3']) expect(await cibOf(n).count()).toBe(0);
    for (const n of NODES)
      expect(
        await dialog.getByTestId(`rollback-node-${n}`).getByTestId('rollback-files').textContent(),
      ).toMatch(/remove \/etc\/vz\/conf\/101\.conf/);
    expect(await dialog.getByTestId('deploy-rollback-run').isEnabled()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'deploy-rollback.png') });
    await dialog.getByTestId('deploy-replan').click();
    await poll(() => dialog.getAttribute('data-stage')).toBe('plan');
    expect(await dialog.getByTestId('deploy-plan-cib').textContent()).toBe('CIB: no change.');
    await dialog.getByTestId('deploy-close').click();

    // Pacemaker's own warnings about the lab cluster are shown in the panel, not hidden.
    expect(said).toContainEqual(expect.stringMatching(/Blind faith/));
    await poll(() => panel.getByTestId('lab-warning').allTextContents(), 30_000).toEqual(said);

    // Pacemaker's own view in the fault panel: every node online, the VM stand-in placed.
    for (const n of NODES)
      await poll(
        () => panel.getByTestId(`lab-node-${n}`).getAttribute('data-pacemaker'),
        90_000,
      ).toBe('online');
    await poll(
      async () => (await runsOf(panel)).filter((r) => r.runs.includes('dns')).length,
      120_000,
    ).toBe(1);
    const victim = (await runsOf(panel)).find((r) => r.runs.includes('dns'))!.node;

    // Kill the node running it: the lab says it is dead, Pacemaker notices, the VM moves.
    await panel.getByTestId(`lab-kill-${victim}`).click();
    await poll(
      () => panel.getByTestId(`lab-node-${victim}`).getAttribute('data-state'),
      60_000,
    ).toBe('killed');
    const afterKill = (await labStatus()).find((l) => l.cluster === CLUSTER);
    expect(afterKill?.nodes.find((n) => n.name === victim)).toMatchObject({
      state: 'killed',
      pids: [],
    });
    expect(await panel.getByTestId('lab-summary').textContent()).toMatch(
      /^lab vz-trio: 2 of 3 nodes running/,
    );
    await poll(
      () => panel.getByTestId(`lab-node-${victim}`).getAttribute('data-pacemaker'),
      90_000,
    ).toBe('offline');
    await poll(
      async () => (await runsOf(panel)).find((r) => r.runs.includes('dns'))?.node,
      120_000,
    ).toMatch(new RegExp(`^(${NODES.filter((n) => n !== victim).join('|')})$`));
    await page.screenshot({ path: join(SCREENSHOTS, 'lab-fault-panel.png') });

    await panel.getByTestId(`lab-revive-${victim}`).click();
    await poll(() => panel.getByTestId('lab-job').getAttribute('data-kind')).toBe('lab.revive');
    await poll(() => panel.getByTestId('lab-job').getAttribute('data-state')).toBe('done');
    await poll(() => panel.getByTestId(`lab-node-${victim}`).getAttribute('data-state')).toBe(
      'running',
    );
    await poll(
      () => panel.getByTestId(`lab-node-${victim}`).getAttribute('data-pacemaker'),
      90_000,
    ).toBe('online');

    await panel.getByTestId('lab-stop').click();
    await poll(() => panel.getByTestId('lab-job').getAttribute('data-kind'), 20_000).toBe(
      'lab.down',
    );
    await poll(() => panel.getByTestId('lab-job').getAttribute('data-state')).not.toBe('running');
    expect(await jobText(panel)).toMatch(/^Stopping the lab: done\n/);
    await poll(() => panel.getByTestId('lab-summary').textContent(), 20_000).toBe(
      `no lab runs for cluster ${CLUSTER}`,
    );
    expect(existsSync(labDirOf(CLUSTER))).toBe(false);
    expect(labLeftovers(made!)).toEqual([]);
    expect(session.errors).toEqual([]);
  }, 900_000);
});
