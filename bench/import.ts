/**
 * How long importing takes: for each template, generate its bundle once, then import it
 * (every node's files and the CIB) several times and print the median. Run with
 * `npx tsx bench/import.ts`. Prints figures only; nothing here passes or fails on time.
 */
import { bundlePath } from '../src/generators/bundleFile.ts';
import { generateCorosync } from '../src/generators/corosync/generateCorosync.ts';
import { generateDrbd } from '../src/generators/drbd/generateDrbd.ts';
import { generateHypervisors } from '../src/generators/hypervisor/generateHypervisors.ts';
import { generateIscsi } from '../src/generators/iscsi/generateIscsi.ts';
import { generatePacemaker } from '../src/generators/pacemaker/generate.ts';
import { importFiles } from '../src/importers/importFiles.ts';
import { loadTemplate, templateNames } from '../test/support/designs.ts';

const RUNS = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

for (const name of templateNames()) {
  const design = loadTemplate(name);
  const files = [
    ...generateCorosync(design),
    ...generateDrbd(design),
    ...generateHypervisors(design),
    ...generateIscsi(design),
    ...generatePacemaker(design),
  ]
    .filter((f) => f.kind !== 'pacemaker-crm' && f.kind !== 'pacemaker-pcs')
    .map((f) => ({ path: bundlePath(f), content: f.content }));
  const bytes = files.reduce((s, f) => s + f.content.length, 0);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const r = importFiles(files);
    times.push(performance.now() - start);
    if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.errors)}`);
  }
  console.log(
    `${name.padEnd(28)} ${String(files.length).padStart(3)} files ${String(Math.round(bytes / 1024)).padStart(4)} KiB  median ${median(times).toFixed(1)} ms over ${RUNS} runs`,
  );
}
