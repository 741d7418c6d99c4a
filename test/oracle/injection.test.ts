import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDesignData } from '../../src/model/designFile.ts';
import type { Design, DesignInput } from '../../src/model/types.ts';
import { designOf } from '../generators/designs.ts';
import { storageFiles } from '../generators/storageFiles.ts';
import { expectParsesBack } from '../generators/parseBack.ts';
import { useTempDir } from '../support/tmp.ts';
import { corosyncProof, drbdProof, proveGuestsAndTargets, runProofs } from './proveStorage.ts';
import { targetedInput } from './storageDesigns.ts';

const tempDir = useTempDir('cw-inject-');

/** Values that break config files, and plausible ones that should pass, mixed. */
const nasty = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      '"',
      "'",
      '\\',
      ';',
      '{',
      '}',
      '$',
      '`',
      '(',
      ')',
      '\n',
      '\r',
      '\u0000',
      ' ',
      '#',
      ',',
      '=',
      '-',
      '<',
      '>',
      '&',
      ':',
      '/',
      '\u00e9',
      '\u{1f600}',
    ),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
  maxLength: 140,
});
const hostile = fc.constantFrom(
  '$(reboot)',
  '`id`',
  '-rf',
  'a;b',
  'x"y',
  "x'y",
  'a{b}',
  'l1\nl2',
  'c\rr',
  'n\u0000ul',
  'é',
  'a'.repeat(129),
  `/${'d'.repeat(300)}`,
  '/dev/../etc/shadow',
  'Say "hi" & <b>bye</b>; $(rm -rf /) `id` \'x\'',
);

/** Values a model check should accept for each kind of field, so both paths get exercised. */
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,61}[a-z0-9]$/);
const path = fc.stringMatching(/^\/[A-Za-z0-9._+@:-]{1,30}(\/[A-Za-z0-9._+@:-]{1,20}){0,3}$/);
const iqn = fc.stringMatching(
  /^iqn\.20[0-9]{2}-(0[1-9]|1[0-2])\.[a-z0-9]{1,8}\.[a-z]{1,8}:[a-z0-9.:-]{1,40}$/,
);
const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      '"',
      "'",
      '\\',
      ';',
      '{',
      '}',
      '$',
      '`',
      '(',
      ')',
      '<',
      '>',
      '&',
      '-',
      ']]>',
      '\u00e9',
      '\u{1f600}',
      '\u2028',
    ),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
  maxLength: 200,
});

type Input = DesignInput & Record<string, unknown>;

/** Renames an element everywhere it appears, keys included (addresses are keyed by network). */
function renameEverywhere(x: unknown, from: string, to: string): unknown {
  if (x === from) return to;
  if (Array.isArray(x)) return x.map((v) => renameEverywhere(v, from, to));
  if (typeof x === 'object' && x !== null) {
    return Object.fromEntries(
      Object.entries(x).map(([k, v]) => [k === from ? to : k, renameEverywhere(v, from, to)]),
    );
  }
  return x;
}

/** Where a value goes (element names are renamed consistently) and what fits there. */
const FIELDS: Record<string, (d: Input, v: string) => Input> = {
  clusterName: (d, v) => ({ ...d, cluster: { ...d.cluster, name: v } }),
  nodeName: (d, v) => renameEverywhere(d, 'n1', v) as Input,
  hostname: (d, v) => ({
    ...d,
    nodes: d.nodes?.map((n, i) => (i === 0 ? { ...n, hostname: v } : n)),
  }),
  drbdName: (d, v) => renameEverywhere(d, 'lun-store', v) as Input,
  vmName: (d, v) => renameEverywhere(d, 'on-san', v) as Input,
  networkName: (d, v) => renameEverywhere(d, 'repl', v) as Input,
  bridge: (d, v) => ({
    ...d,
    networks: d.networks?.map((n) => (n.bridge ? { ...n, bridge: v } : n)),
  }),
  description: (d, v) => ({ ...d, vms: d.vms?.map((m) => ({ ...m, description: v })) }),
  // One volume only: two volumes on one disk is a design error drbdadm rightly refuses.
  drbdDisk: (d, v) => ({
    ...d,
    drbd: d.drbd?.map((r, i) =>
      i === 0
        ? { ...r, volumes: r.volumes.map((vol, j) => (j === 0 ? { ...vol, disk: v } : vol)) }
        : r,
    ),
  }),
  lunPath: (d, v) => ({
    ...d,
    iscsiTargets: d.iscsiTargets?.map((t) => ({
      ...t,
      luns: [...t.luns, { number: 9, backing: { kind: 'disk' as const, path: v } }],
    })),
  }),
  targetIqn: (d, v) => ({ ...d, iscsiTargets: d.iscsiTargets?.map((t) => ({ ...t, iqn: v })) }),
  initiatorIqn: (d, v) => ({
    ...d,
    nodes: d.nodes?.map((n) => (n.initiatorIqn ? { ...n, initiatorIqn: v } : n)),
    iscsiTargets: d.iscsiTargets?.map((t) => ({ ...t, allowedInitiators: [v] })),
  }),
  chapUser: (d, v) => ({
    ...d,
    iscsiTargets: d.iscsiTargets?.map((t) => ({ ...t, chap: { user: v, secret: 'chap' } })),
  }),
};

const PLAUSIBLE: Record<keyof typeof FIELDS, fc.Arbitrary<string>> = {
  clusterName: name,
  nodeName: name,
  hostname: name,
  drbdName: name,
  vmName: name,
  networkName: name,
  bridge: name,
  description: text,
  drbdDisk: path,
  lunPath: path,
  targetIqn: iqn,
  initiatorIqn: iqn,
  chapUser: name,
};

const injection = fc.array(
  fc
    .constantFrom(...Object.keys(FIELDS))
    .chain((field) =>
      fc.tuple(
        fc.constant(field),
        fc.oneof(
          { arbitrary: PLAUSIBLE[field] ?? name, weight: 3 },
          { arbitrary: nasty, weight: 2 },
          { arbitrary: hostile, weight: 1 },
        ),
      ),
    ),
  { minLength: 1, maxLength: 3 },
);

interface Outcome {
  readonly rejected: boolean;
  readonly design?: Design;
}

/** Either the model rejects the design with clear diagnostics, or every file parses back. */
function check(base: Input, injections: readonly [string, string][]): Outcome {
  const input = injections.reduce(
    (d, [field, v]) => (FIELDS[field] as (d: Input, v: string) => Input)(d, v),
    base,
  );
  const fromData = checkDesignData(input);
  const errors = fromData.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !fromData.design) {
    for (const e of errors) {
      expect(e.message.length).toBeGreaterThan(0);
      expect(e.fix.length).toBeGreaterThan(0);
    }
    return { rejected: true };
  }
  const design = fromData.design;
  expectParsesBack(design, storageFiles(design));
  return { rejected: false, design };
}

describe('injection: random names and values in a design', () => {
  // About 30 tool runs: seconds on an idle 2-core machine, far more on an overloaded one.
  it('are rejected by the model or written so that tools accept them and they parse back', () => {
    const base = targetedInput('tgt') as Input;
    designOf(base); // the starting point itself is valid
    const accepted: Design[] = [];
    let rejected = 0;
    fc.assert(
      fc.property(injection, (injections) => {
        const outcome = check(base, injections);
        if (outcome.design) accepted.push(outcome.design);
        else rejected++;
      }),
      { numRuns: 120, seed: 20261125 },
    );
    // Both paths were exercised, or the property proved little.
    expect(rejected).toBeGreaterThan(20);
    expect(accepted.length).toBeGreaterThan(20);
    // The real tools on a spread of accepted designs (one node each: the files are the
    // same on every node), all in one namespace.
    const step = Math.max(1, Math.floor(accepted.length / 4));
    const picked = accepted.filter((_, i) => i % step === 0).slice(0, 4);
    const dir = tempDir();
    runProofs(
      dir,
      picked.flatMap((design, i) => [
        drbdProof(design, join(dir, `d${i}`), { onlyFirstNode: true }),
        corosyncProof(design, join(dir, `d${i}`), { onlyFirstNode: true }),
      ]),
    );
    picked.forEach((design, i) => proveGuestsAndTargets(design, join(dir, `g${i}`)));
  }, 240_000);

  it('keeps hostile text in a VM description intact through libvirt XML', () => {
    const base = targetedInput('tgt') as Input;
    const text = 'Say "hi" & <b>bye</b>; $(rm -rf /) `id` \'x\' ]]> <!-- é 😀';
    const design = designOf(FIELDS.description?.(base, text) as Input);
    expect(design.vms[0]?.description).toBe(text);
    proveGuestsAndTargets(design, tempDir());
  });
});
