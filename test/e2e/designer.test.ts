import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDesign } from '../../src/model/designFile.ts';
import { useTempDir } from '../support/tmp.ts';
import {
  canvasNode,
  clickToolbar,
  connectNodes,
  dropFromPalette,
  poll,
  SCREENSHOTS,
  useAppPerTest,
} from './support/app.ts';

const tempDir = useTempDir('cw-e2e-');
const openSession = useAppPerTest();

describe('the designer in Chromium against the web host', () => {
  it('builds a two-node DRBD design from the palette and fixes its fencing problem', async () => {
    const session = await openSession();
    const { page } = session;

    for (const [kind, x, y] of [
      ['nodes', 130, 140],
      ['nodes', 130, 420],
      ['networks', 420, 80],
      ['drbd', 420, 280],
      ['vms', 700, 280],
    ] as const)
      await dropFromPalette(page, kind, { x, y });
    for (const name of ['node-1', 'node-2', 'net-1', 'drbd-1', 'vm-1'])
      await poll(() => canvasNode(page, name).count()).toBe(1);

    // The last element dropped is selected and shown in the inspector.
    await expect
      .poll(() => page.getByTestId('inspector').getAttribute('data-element'))
      .toBe('vm-1');

    for (const [from, to] of [
      ['node-1', 'net-1'],
      ['node-2', 'net-1'],
      ['drbd-1', 'node-1'],
      ['drbd-1', 'node-2'],
      ['vm-1', 'drbd-1'],
    ] as const)
      await connectNodes(page, from, to);
    await poll(() => page.locator('.react-flow__edge').count()).toBe(6);

    // A connection that makes no sense is refused with the reason.
    await connectNodes(page, 'node-1', 'node-2');
    await expect
      .poll(() => page.getByTestId('toast').textContent())
      .toMatch(/^a node does not connect to a node: a node links to network \(address\)/);
    await poll(() => page.locator('.react-flow__edge').count()).toBe(6);

    const unfenced = page.locator('[data-testid="problem"][data-code="node-unfenced"]');
    await expect
      .poll(() => unfenced.allTextContents())
      .toEqual([
        expect.stringContaining('no fencing device can fence node "node-1"'),
        expect.stringContaining('no fencing device can fence node "node-2"'),
      ]);
    // The badge counts every problem naming the node (here also DRBD's fencing policy).
    expect(Number(await page.getByTestId('badge-node-1').textContent())).toBeGreaterThanOrEqual(1);

    // A click on a problem selects its element.
    await unfenced.nth(1).click();
    await expect
      .poll(() => page.getByTestId('inspector').getAttribute('data-element'))
      .toBe('node-2');
    await page.screenshot({ path: join(SCREENSHOTS, 'problems-panel.png') });

    // Fix it in the inspector: a fencing device that fences both nodes.
    await dropFromPalette(page, 'fencing', { x: 420, y: 520 });
    await expect
      .poll(() => page.getByTestId('inspector').getAttribute('data-element'))
      .toBe('fence-1');
    await expect
      .poll(() => page.getByTestId('field-error-targets').textContent())
      .toContain('at least one node');
    await page.getByTestId('field-targets-node-1').check();
    await page.getByTestId('field-targets-node-2').check();
    await poll(() => unfenced.count()).toBe(0);
    await poll(() => page.getByTestId('field-error-targets').count()).toBe(0);
    await poll(() => page.getByTestId('badge-node-1').count()).toBe(0);
    await poll(() => page.locator('.react-flow__edge').count()).toBe(8);

    // The generated files view shows the DRBD resource as the generators write it.
    await clickToolbar(page, 'toolbar-files');
    const res = page.getByTestId('file-nodes/node-1/etc/drbd.d/drbd-1.res');
    await res.click();
    await expect
      .poll(() => page.getByTestId('file-content').textContent())
      .toMatch(/resource "?drbd-1"? \{/);

    expect(session.errors).toEqual([]);
  }, 180_000);

  it('opens a template, undoes and redoes, saves and reopens the same design', async () => {
    const session = await openSession();
    const { page } = session;
    const file = join(tempDir(), 'kvm-pair.yaml');

    await clickToolbar(page, 'toolbar-templates');
    await page.getByTestId('template-two-node-drbd-kvm').click();
    for (const name of ['alpha', 'beta', 'vm-web', 'web', 'ipmi-alpha', 'ring0'])
      await poll(() => canvasNode(page, name).count()).toBe(1);
    await poll(() => page.getByTestId('problems-count').textContent()).toMatch(/: 0 errors,/);
    await page.screenshot({ path: join(SCREENSHOTS, 'template-canvas.png') });

    // Deleting a node asks first, naming the fencing device that goes with it.
    await canvasNode(page, 'beta').click();
    await page.keyboard.press('Delete');
    await expect
      .poll(() => page.getByTestId('confirm-delete-also').textContent())
      .toBe('ipmi-beta');
    await page.getByTestId('confirm-delete-ok').click();
    await poll(() => canvasNode(page, 'beta').count()).toBe(0);
    await poll(() => canvasNode(page, 'ipmi-beta').count()).toBe(0);

    await page.keyboard.press('Control+z');
    await poll(() => canvasNode(page, 'beta').count()).toBe(1);
    await poll(() => canvasNode(page, 'ipmi-beta').count()).toBe(1);
    await page.keyboard.press('Control+Shift+z');
    await poll(() => canvasNode(page, 'beta').count()).toBe(0);
    await page.getByTestId('toolbar-undo').click();
    await poll(() => canvasNode(page, 'beta').count()).toBe(1);

    // Copy and paste a VM: the copy gets a fresh name and keeps its disk; undo takes it away.
    await canvasNode(page, 'web').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await poll(() => canvasNode(page, 'vm-1').count()).toBe(1);
    await expect
      .poll(() => page.locator('.react-flow__edge[data-id="vm-1>vm-web:disk"]').count())
      .toBe(1);
    await page.keyboard.press('Control+z');
    await poll(() => canvasNode(page, 'vm-1').count()).toBe(0);

    // Move a node: the position is part of the design.
    const box = await canvasNode(page, 'alpha').boundingBox();
    if (!box) throw new Error('alpha is not on screen');
    await page.mouse.move(box.x + 60, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(box.x + 110, box.y + 60, { steps: 5 });
    await page.mouse.move(box.x + 160, box.y + 90, { steps: 5 });
    await page.mouse.up();
    const moved = await canvasNode(page, 'alpha').boundingBox();
    expect(moved?.x).toBeGreaterThan(box.x + 50);

    await page.keyboard.press('Control+s');
    await page.getByTestId('path-input').fill(file);
    await page.getByTestId('path-ok').click();
    await poll(() => page.getByTestId('toast').textContent()).toBe(`saved to ${file}`);
    const saved = parseDesign(readFileSync(file, 'utf8'), file);
    expect(saved.diagnostics).toEqual([]);
    expect(saved.design?.nodes.map((n) => n.name)).toEqual(['alpha', 'beta']);
    expect(saved.design?.layout.alpha?.x).toBeGreaterThan(120 + 50);

    await clickToolbar(page, 'toolbar-new');
    await poll(() => page.locator('.react-flow__node').count()).toBe(0);

    await clickToolbar(page, 'toolbar-open');
    await page.getByTestId('path-input').fill(file);
    await page.getByTestId('path-ok').click();
    await poll(() => canvasNode(page, 'alpha').count()).toBe(1);
    await poll(() => page.getByTestId('toolbar-path').textContent()).toBe(file);

    // Saving the reopened design writes the very same file.
    const again = join(tempDir(), 'again.yaml');
    await clickToolbar(page, 'toolbar-save');
    await page.getByTestId('path-input').fill(again);
    await page.getByTestId('path-ok').click();
    await poll(() => page.getByTestId('toast').textContent()).toBe(`saved to ${again}`);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(file, 'utf8'));

    // Auto-layout rearranges the canvas: the networks, stacked in the template, share a row.
    const top = async (name: string): Promise<number | undefined> =>
      (await canvasNode(page, name).boundingBox())?.y;
    const apart = async (): Promise<number> =>
      Math.abs(((await top('ring0')) ?? NaN) - ((await top('public')) ?? NaN));
    expect(await apart()).toBeGreaterThan(20);
    await poll(() => page.getByTestId('save-dialog').count()).toBe(0);
    await clickToolbar(page, 'toolbar-layout');
    await poll(apart).toBeLessThan(1);
    await clickToolbar(page, 'toolbar-theme');
    await poll(() => page.getByTestId('app').getAttribute('data-theme')).toBe('dark');
    await page.screenshot({ path: join(SCREENSHOTS, 'auto-layout-dark.png') });

    expect(session.errors).toEqual([]);
  }, 180_000);

  it('fits the toolbar on one row at 1280 px, the rest in its File, Export and View menus', async () => {
    const session = await openSession();
    const { page } = session;
    await page.setViewportSize({ width: 1280, height: 800 });
    const rows = async (): Promise<number> =>
      page.getByTestId('toolbar').evaluate((bar) => {
        const tops = [...bar.children].map((c) => Math.round(c.getBoundingClientRect().top));
        const height = Math.max(...[...bar.children].map((c) => c.getBoundingClientRect().height));
        return Math.round((Math.max(...tops) - Math.min(...tops)) / height) + 1;
      });
    await poll(rows).toBe(1);

    for (const [menu, entries] of [
      [
        'toolbar-file',
        [
          'toolbar-new',
          'toolbar-open',
          'toolbar-recent',
          'toolbar-save',
          'toolbar-save-as',
          'toolbar-import',
          'toolbar-pattern',
          'toolbar-templates',
        ],
      ],
      ['toolbar-export', ['export-tar.gz', 'export-zip', 'export-png', 'export-svg']],
      [
        'toolbar-view',
        ['toolbar-files', 'toolbar-minimap', 'toolbar-theme', 'toolbar-fit', 'toolbar-layout'],
      ],
    ] as const) {
      expect(await page.getByTestId(entries[0]).count()).toBe(0);
      await page.getByTestId(menu).click();
      for (const entry of entries) expect(await page.getByTestId(entry).isVisible()).toBe(true);
      // Escape closes the menu, and so does running an entry.
      await page.keyboard.press('Escape');
      await poll(() => page.getByTestId(`${menu}-menu`).count()).toBe(0);
    }

    // A toggle in the View menu shows its state and closes the menu.
    await page.getByTestId('toolbar-view').click();
    expect(await page.getByTestId('toolbar-minimap').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('toolbar-minimap').click();
    await poll(() => page.getByTestId('toolbar-view-menu').count()).toBe(0);
    await poll(() => page.locator('.react-flow__minimap').count()).toBe(0);
    await clickToolbar(page, 'toolbar-minimap');
    await poll(() => page.locator('.react-flow__minimap').count()).toBe(1);
    expect(session.errors).toEqual([]);
  }, 180_000);
});
