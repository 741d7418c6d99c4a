import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startWebHost } from '../../../src/host/web/server.ts';
import type { WebHost } from '../../../src/host/web/server.ts';
import type { ServiceOptions } from '../../../src/services/services.ts';
import { createServices } from '../../../src/services/services.ts';
import { requireTool } from '../../support/tools.ts';

const VITE_CONFIG = fileURLToPath(new URL('../../../renderer/vite.config.ts', import.meta.url));

/** Builds the real renderer into a fresh directory (not renderer/dist: tests may run at once). */
export async function buildRenderer(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'cw-renderer-'));
  await build({
    configFile: VITE_CONFIG,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

export interface Session {
  readonly host: WebHost;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  readonly errors: string[];
  /** The services' config dir (recent.json, known_hosts): fresh per session, never the user's. */
  readonly configDir: string;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/**
 * The web host on a random port and Debian's Chromium with a fresh profile, on the app;
 * `services` adds to the services' options (a connection pool, a secret store).
 */
export async function openApp(root: string, services: ServiceOptions = {}): Promise<Session> {
  const executablePath = requireTool('/usr/bin/chromium', 'chromium');
  const profile = mkdtempSync(join(tmpdir(), 'cw-chromium-'));
  const configDir = join(profile, 'clusterwright-config');
  const host = await startWebHost({
    root,
    services: createServices({ ...services, configDir }),
  });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.url);
  await page.getByTestId('problems-count').waitFor();
  return {
    host,
    context,
    page,
    errors,
    configDir,
    close: async () => {
      await context.close();
      await host.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A canvas element as React Flow renders it. */
export function canvasNode(page: Page, name: string): Locator {
  return page.locator(`.react-flow__node[data-id="${name}"]`);
}

async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox({ timeout: 10_000 });
  if (!box) throw new Error(`${String(locator)} is not visible`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags a palette item onto the canvas at a point relative to the canvas' top left. */
export async function dropFromPalette(
  page: Page,
  collection: string,
  at: { x: number; y: number },
): Promise<void> {
  const canvas = await page.getByTestId('canvas').boundingBox();
  if (!canvas) throw new Error('no canvas');
  const from = await centreOf(page.getByTestId(`palette-${collection}`));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 30, from.y, { steps: 3 });
  await page.mouse.move(canvas.x + at.x, canvas.y + at.y, { steps: 8 });
  await page.mouse.up();
}

/** Draws a connection from one element's outgoing handle to another element. */
export async function connectNodes(page: Page, from: string, to: string): Promise<void> {
  const start = await centreOf(canvasNode(page, from).locator('.react-flow__handle.source'));
  const end = await centreOf(canvasNode(page, to).locator('.react-flow__handle.target'));
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 5 });
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
}

/** Toolbar entries that live in a menu, and the menu button that shows them. */
const MENU_OF: Readonly<Record<string, string>> = {
  'toolbar-new': 'toolbar-file',
  'toolbar-open': 'toolbar-file',
  'toolbar-recent': 'toolbar-file',
  'toolbar-save': 'toolbar-file',
  'toolbar-save-as': 'toolbar-file',
  'toolbar-import': 'toolbar-file',
  'toolbar-pattern': 'toolbar-file',
  'toolbar-templates': 'toolbar-file',
  'toolbar-files': 'toolbar-view',
  'toolbar-minimap': 'toolbar-view',
  'toolbar-theme': 'toolbar-view',
  'toolbar-fit': 'toolbar-view',
  'toolbar-layout': 'toolbar-view',
  'export-tar.gz': 'toolbar-export',
  'export-zip': 'toolbar-export',
  'export-png': 'toolbar-export',
  'export-svg': 'toolbar-export',
};

/** Clicks a toolbar command by its test id, opening its menu first when it lives in one. */
export async function clickToolbar(page: Page, testid: string): Promise<void> {
  const menu = MENU_OF[testid];
  if (menu && (await page.getByTestId(testid).count()) === 0) await page.getByTestId(menu).click();
  await page.getByTestId(testid).click();
}

/** Where the e2e tests put the screenshots the README shows. */
export const SCREENSHOTS = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

/** Polls until the page shows the state: generous, for a loaded 2-core machine; never a sleep. */
export const poll = <T>(read: () => T | Promise<T>) =>
  expect.poll(read, { timeout: 20_000, interval: 100 });

/**
 * The real renderer built once for a test file, and a fresh app (web host and Chromium) for
 * each test: the function returned opens it, and it is closed after the test.
 */
export function useAppPerTest(): () => Promise<Session> {
  let root = '';
  let session: Session | undefined;
  beforeAll(async () => {
    root = await buildRenderer();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });
  return async () => {
    session = await openApp(root);
    return session;
  };
}
