/**
 * How long the generated files view takes to highlight one file, for the bench designs of
 * 2, 16 and 64 nodes (bench/generate.ts): the CIB, crm.txt, the manifest, the Ansible
 * inventory, a DRBD resource and corosync.conf. This is what sets HIGHLIGHT_LIMIT_BYTES:
 * above it the view shows plain text. Node runs the same V8 as Chromium; the browser adds
 * parsing the HTML into the page, which e2e does not time.
 *
 *   npx tsx bench/highlight.ts
 */
import {
  languageOf,
  highlightText,
  HIGHLIGHT_LIMIT_BYTES,
  utf8Bytes,
} from '../renderer/src/highlight/highlight.ts';
import { bundleOf } from '../src/services/bundle.ts';
import { benchDesign } from './generate.ts';

const SIZES = [2, 16, 64];
const RUNS = 11;
const PICKS: readonly ((path: string) => boolean)[] = [
  (p) => p === 'cluster/cib.xml',
  (p) => p === 'cluster/crm.txt',
  (p) => p === 'manifest.json',
  (p) => p === 'ansible/inventory.yml',
  (p) => p.endsWith('.res'),
  (p) => p.endsWith('corosync.conf'),
];

interface Row {
  nodes: number;
  file: string;
  kib: number;
  medianMs: number;
  medianCpuMs: number;
  cpuMsPer100KiB: number;
  /** What the view does with it: above HIGHLIGHT_LIMIT_BYTES it shows plain text. */
  view: 'highlighted' | 'plain';
}

function median(values: number[]): number {
  return values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

const rows: Row[] = [];
for (const nodes of SIZES) {
  const files = bundleOf(benchDesign(nodes)).files;
  for (const pick of PICKS) {
    const file = files.find((f) =>
      pick(f.node === undefined ? f.path : `nodes/${f.node}${f.path}`),
    );
    if (!file) continue;
    const language = languageOf(file);
    const run = (): unknown => highlightText(file.content, language, Infinity);
    run();
    run();
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      run();
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    const bytes = utf8Bytes(file.content);
    const kib = bytes / 1024;
    const medianCpuMs = median(cpu);
    rows.push({
      nodes,
      file: file.path.split('/').pop()!,
      kib: Math.round(kib),
      medianMs: Number(median(wall).toFixed(2)),
      medianCpuMs: Number(medianCpuMs.toFixed(2)),
      cpuMsPer100KiB: Number(((medianCpuMs / kib) * 100).toFixed(1)),
      view: highlightText(file.content, language).kind === 'html' ? 'highlighted' : 'plain',
    });
  }
}
console.table(rows);
console.log(`highlight limit: ${HIGHLIGHT_LIMIT_BYTES / 1024} KiB`);
