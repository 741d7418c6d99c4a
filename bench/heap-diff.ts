/**
 * Where a heap grew between two V8 heap snapshots (`v8.writeHeapSnapshot`, or the soak's
 * SOAK_SNAPSHOTS): live objects grouped by constructor (or by type for strings, code,
 * arrays…), with the change in count and in self size, largest growth first.
 *
 *   npx tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [top=25]
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  readonly snapshot: {
    readonly meta: {
      readonly node_fields: string[];
      readonly node_types: [string[], ...unknown[]];
    };
  };
  readonly nodes: number[];
  readonly strings: string[];
}

interface Group {
  count: number;
  size: number;
}

function groups(file: string): Map<string, Group> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const out = new Map<string, Group>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!] ?? '?';
    // Objects by constructor; everything else (strings, code, hidden) by its type.
    const key = type === 'object' ? snap.strings[snap.nodes[i + nameAt]!]! : `(${type})`;
    const g = out.get(key) ?? { count: 0, size: 0 };
    g.count++;
    g.size += snap.nodes[i + sizeAt]!;
    out.set(key, g);
  }
  return out;
}

const [a, b, top = '25'] = process.argv.slice(2);
if (!a || !b) {
  process.stderr.write(
    'usage: npx tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [top]\n',
  );
  process.exit(2);
}
const before = groups(a);
const after = groups(b);
const keys = new Set([...before.keys(), ...after.keys()]);
const rows = [...keys].map((k) => {
  const x = before.get(k) ?? { count: 0, size: 0 };
  const y = after.get(k) ?? { count: 0, size: 0 };
  return { k, dCount: y.count - x.count, dSize: y.size - x.size, count: y.count, size: y.size };
});
const total = (m: Map<string, Group>) => [...m.values()].reduce((s, g) => s + g.size, 0);
console.log(
  `self size: ${(total(before) / 1048576).toFixed(2)} MiB → ${(total(after) / 1048576).toFixed(2)} MiB`,
);
console.log('  Δ KiB   Δ count    KiB now   count now  group');
for (const r of rows.sort((p, q) => q.dSize - p.dSize).slice(0, Number(top)))
  console.log(
    `${(r.dSize / 1024).toFixed(1).padStart(7)} ${String(r.dCount).padStart(9)} ${(r.size / 1024).toFixed(1).padStart(10)} ${String(r.count).padStart(11)}  ${r.k.slice(0, 80)}`,
  );
