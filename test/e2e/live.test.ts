import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LabState } from '../../src/lab/labState.ts';
import { labKill } from '../../src/lab/labFaults.ts';
import {
  crmMonIn,
  downLab,
  requireLab,
  runningOn,
  settled,
  trioCopy,
  upAndDeploy,
  waitForCrmMon,
} from '../lab/support/liveLab.ts';
import { labLeftovers } from '../lab/support/leftovers.ts';
import type { Session } from './support/app.ts';
import { buildRenderer, canvasNode, clickToolbar, openApp } from './support/app.ts';

/**
 * The acceptance path of the live overlay: a lab deployed with the three-node template, the
 * canvas in Live mode showing it, a node killed under it, and the canvas following the
 * failover without a reload.
 */
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const NODES = ['vz1', 'vz2', 'vz3'];
/** The template's Pacemaker resources that are canvas elements. */
const RESOURCES = [
  'ct-dns',
  'ct-proxy',
  'dns',
  'proxy',
  'dns-ip',
  'ipmi-vz1',
  'ipmi-vz2',
  'ipmi-vz3',
];

/** Generous, for a loaded 2-core machine: a failover takes Pacemaker itself ~10–20 s. */
const poll = <T>(read: () => T | Promise<T>, timeout = 90_000) =>
  expect.poll(read, { timeout, interval: 200 });

const overlay = (page: Page, name: string) => page.getByTestId(`overlay-${name}`);
const stateOf = (page: Page, name: string) =>
  overlay(page, name)
    .getAttribute('data-state', { timeout: 1000 })
    .catch(() => null);
const onOf = (page: Page, name: string) =>
  overlay(page, name)
    .getAttribute('data-on', { timeout: 1000 })
    .catch(() => null);

/** What the test puts on the page's window (the test files are typed without the DOM). */
interface PageGlobals {
  Notification: new (title: string, options?: { body?: string }) => object;
  seenNotifications: string[];
  sameDocument?: boolean;
}

const TRIO = trioCopy('vz-live', 4);
let root = '';
let lab: LabState | undefined;
let session: Session | undefined;

beforeAll(async () => {
  requireLab();
  mkdirSync(SCREENSHOTS, { recursive: true });
  root = await buildRenderer();
  lab = await upAndDeploy(TRIO);
  await waitForCrmMon(lab, 'every node online, every resource running', (s) => settled(s));
}, 600_000);

afterAll(async () => {
  await session?.close();
  if (lab) await downLab(TRIO);
  rmSync(TRIO.dir, { recursive: true, force: true });
  if (root) rmSync(root, { recursive: true, force: true });
}, 120_000);

describe('the live cluster on the canvas (lab, web host, Chromium)', () => {
  it('shows every node and resource, then follows a killed node and its failover without a reload', async () => {
    session = await openApp(root);
    const { page, context, host } = session;
    await context.grantPermissions(['notifications'], { origin: host.origin });
    // Record the desktop notifications the page raises (the real API still gets each call).
    await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      const seen: string[] = [];
      w.seenNotifications = seen;
      w.Notification = new Proxy(w.Notification, {
        construct(target, args: [string, { body?: string }?]) {
          seen.push(`${args[0]} | ${args[1]?.body ?? ''}`);
          return Reflect.construct(target, args) as object;
        },
      });
    });

    await clickToolbar(page, 'toolbar-open');
    await page.getByTestId('path-input').fill(TRIO.file);
    await page.getByTestId('path-ok').click();
    await poll(() => canvasNode(page, 'vz1').count(), 20_000).toBe(1);
    await clickToolbar(page, 'toolbar-layout');
    await page.getByTestId('live-lab').check();
    await page.getByTestId('toolbar-live').click();

    // Every node online, every resource where crm_mon (read inside a lab node) says it runs.
    for (const n of NODES) await poll(() => stateOf(page, n)).toBe('online');
    const before = await crmMonIn(lab!);
    for (const r of RESOURCES) {
      await poll(() => stateOf(page, r)).toBe('running');
      await poll(() => onOf(page, r)).toBe(runningOn(before, r).join(','));
    }
    await expect
      .poll(() => overlay(page, 'ct-dns').textContent())
      .toContain(`running on ${runningOn(before, 'ct-dns')[0]} (Promoted)`);
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).sameDocument = true;
    });

    // Kill the node running the container "dns": it goes offline, dns comes up elsewhere.
    const victim = runningOn(before, 'dns')[0]!;
    // By its lab's folder: other labs (other tests) may have nodes of the same name.
    await labKill(victim, { stateDir: lab!.stateDir });
    await poll(() => stateOf(page, victim)).toBe('offline');
    await poll(() => overlay(page, victim).textContent()).toContain('unreachable');
    await poll(async () => {
      const on = await onOf(page, 'dns');
      return on !== null && on !== '' && on !== victim;
    }).toBe(true);
    const after = await crmMonIn(lab!);
    expect(await onOf(page, 'dns')).toBe(runningOn(after, 'dns').join(','));
    for (const n of NODES.filter((x) => x !== victim))
      expect(await stateOf(page, n)).toBe('online');
    // No reload happened: the page is the same document.
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).sameDocument)).toBe(
      true,
    );

    // The timeline and the desktop notification tell the story.
    const timeline = page.getByTestId('timeline-event');
    await poll(() => timeline.allTextContents(), 20_000).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`node ${victim} lost (offline)`),
        expect.stringMatching(new RegExp(`dns failed over from ${victim} to vz\\d`)),
      ]),
    );
    await poll(
      () => page.evaluate(() => (globalThis as unknown as PageGlobals).seenNotifications),
      20_000,
    ).toContainEqual(
      expect.stringMatching(
        new RegExp(`^Clusterwright: dns failed over \\| dns failed over from ${victim}`),
      ),
    );
    // The minimap would cover cards in the screenshot.
    await clickToolbar(page, 'toolbar-minimap');
    await clickToolbar(page, 'toolbar-fit');
    await page.screenshot({ path: join(SCREENSHOTS, 'live-overlay.png') });

    // An operation shows its exact command before anything runs.
    const survivor = NODES.find((n) => n !== victim)!;
    await canvasNode(page, survivor).click();
    await page.getByTestId('op-node-standby').click();
    await poll(() => page.getByTestId('operation-command').textContent(), 20_000).toBe(
      `crm_attribute --type nodes --node ${survivor} --name standby --update on`,
    );
    await page.getByTestId('operation-cancel').click();
    await poll(() => page.getByTestId('operation-dialog').count(), 5_000).toBe(0);

    // What-if on top of the live view: fail another node, see where things would go, clear.
    await page.getByTestId('toolbar-whatif').click();
    await page.getByTestId(`whatif-node-${survivor}`).check();
    await poll(() => stateOf(page, survivor), 30_000).toBe('failed');
    const other = NODES.find((n) => n !== victim && n !== survivor)!;
    await poll(() => stateOf(page, other), 30_000).toBe('survives');
    await poll(() => page.getByTestId('whatif-crm').getAttribute('data-state'), 30_000).not.toBe(
      null,
    );
    await clickToolbar(page, 'toolbar-fit');
    await page.screenshot({ path: join(SCREENSHOTS, 'what-if.png') });
    await page.getByTestId('whatif-clear').click();
    await poll(() => stateOf(page, survivor), 20_000).toBe('online');
    expect(session.errors.filter((e) => !/Notification/i.test(e))).toEqual([]);

    await page.getByTestId('toolbar-live').click();
    await poll(() => overlay(page, 'vz1').count(), 5_000).toBe(0);
    await session.close();
    session = undefined;
    await downLab(TRIO);
    const made = lab!;
    lab = undefined;
    expect(labLeftovers(made)).toEqual([]);
  }, 600_000);
});
