/**
 * UI benchmark: opens a design of 500 elements in the designer (Debian's Chromium against the
 * web host), drags one node across the canvas and prints the frames per second during the
 * drag, the median of several runs. Goal: 50 fps or more. Run: npx tsx bench/ui-drag.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeDesign } from '../src/model/designFile.ts';
import type { Design } from '../src/model/types.ts';
import { addElement, nextName } from '../renderer/src/actions/addElement.ts';
import { connect } from '../renderer/src/actions/connect.ts';
import type { Placeable } from '../renderer/src/design/kinds.ts';
import { emptyDesign } from '../renderer/src/design/newElement.ts';
import { buildRenderer, canvasNode, clickToolbar, openApp } from '../test/e2e/support/app.ts';

const RUNS = 5;
const STEPS = 120;

/** 4 networks, 100 nodes, 100 DRBD resources, 100 VMs, 96 fencing devices, 100 floating IPs. */
function bigDesign(): Design {
  let d = emptyDesign();
  let i = 0;
  const add = (collection: Placeable): string => {
    const name = nextName(d, collection);
    const position = { x: (i % 25) * 220, y: Math.floor(i / 25) * 110 };
    i++;
    d = addElement.perform(d, { collection, name, position });
    return name;
  };
  const link = (from: string, to: string): void => {
    d = connect.perform(d, { from, to });
  };
  const nets = [0, 1, 2, 3].map(() => add('networks'));
  const nodes = Array.from({ length: 100 }, (_, n) => {
    const node = add('nodes');
    link(node, nets[n % 4] as string);
    return node;
  });
  for (let n = 0; n < 100; n++) {
    const res = add('drbd');
    link(res, nodes[n] as string);
    link(res, nodes[(n + 1) % 100] as string);
    link(add('vms'), res);
  }
  for (let n = 0; n < 96; n++) link(add('fencing'), nodes[n] as string);
  for (let n = 0; n < 100; n++) link(add('floatingIps'), nets[n % 4] as string);
  return d;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const work = mkdtempSync(join(tmpdir(), 'cw-bench-'));
const design = bigDesign();
const count = Object.keys(design.layout).length;
const file = join(work, 'big.yaml');
writeFileSync(file, serializeDesign(design));
const root = await buildRenderer();
const session = await openApp(root);
try {
  const { page } = session;
  await clickToolbar(page, 'toolbar-open');
  await page.getByTestId('path-input').fill(file);
  await page.getByTestId('path-ok').click();
  await page.locator('.react-flow__node').first().waitFor();
  await clickToolbar(page, 'toolbar-minimap');
  const fps: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const node = canvasNode(page, 'node-1');
    const box = await node.boundingBox();
    if (!box) throw new Error('node-1 is not on screen');
    // A string, not a function: tsx would wrap a named function with a helper the page lacks.
    await page.evaluate(`(() => {
      window.frames_ = 0;
      window.counting = true;
      const tick = () => {
        if (!window.counting) return;
        window.frames_++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    const start = performance.now();
    await page.mouse.move(box.x + box.width / 2, box.y + 10);
    await page.mouse.down();
    for (let s = 1; s <= STEPS; s++)
      await page.mouse.move(box.x + box.width / 2 + s * 3, box.y + 10 + (s % 2 === 0 ? 40 : 0));
    await page.mouse.up();
    const seconds = (performance.now() - start) / 1000;
    const frames = await page.evaluate<number>('(window.counting = false, window.frames_)');
    fps.push(frames / seconds);
  }
  const rendered = await page.locator('.react-flow__node').count();
  console.log(
    `ui-drag: ${count} elements (${rendered} rendered), ${STEPS}-step drag, ` +
      `median ${median(fps).toFixed(1)} fps over ${RUNS} runs ` +
      `(${fps.map((f) => f.toFixed(1)).join(', ')}); goal >= 50`,
  );
} finally {
  await session.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
