import fc from 'fast-check';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chapProblems,
  fenceSecretFiles,
  fillSecrets,
  maskerOf,
  redactDeep,
  redactorOf,
  resolveSecrets,
  secretNamesOf,
  SecretsMissingError,
} from '../../src/deploy/secretFiles.ts';
import { shellQuote } from '../../src/deploy/quote.ts';
import { LocalTransport } from '../../src/deploy/transport/localTransport.ts';
import { TransportError } from '../../src/deploy/transport/transportError.ts';
import { generateBundle } from '../../src/generators/bundle.ts';
import { serializeDesign } from '../../src/model/designFile.ts';
import { loadTemplate } from '../support/designs.ts';
import { useTempDir } from '../support/tmp.ts';

const tempDir = useTempDir('cw-secretfiles-');

describe('secrets at deploy time', () => {
  it('the design and the bundle name secrets; the values only exist at deploy', () => {
    const design = loadTemplate('iscsi-storage-xen');
    const files = generateBundle(design, () => '').files;
    const names = secretNamesOf(design, files);
    expect(names).toEqual(expect.arrayContaining(['ipmi-store', 'ipmi-xen']));
    const value = 'v3ry-s3cret-value';
    expect(serializeDesign(design)).not.toContain(value);
    const filled = fillSecrets(
      files.filter((f) => f.node),
      () => value,
    );
    for (const f of filled) expect(f.content).not.toMatch(/@@CW_SECRET:/);
    expect(() => resolveSecrets(names, () => undefined)).toThrow(SecretsMissingError);
    expect(() => resolveSecrets(names, () => undefined)).toThrow(/ipmi-store, ipmi-xen/);
  });

  it('CHAP secrets must be 12 to 16 characters; the problem names the secret, not its value', () => {
    const base = loadTemplate('iscsi-storage-xen');
    const [target, ...rest] = base.iscsiTargets;
    if (!target) throw new Error('the template has an iSCSI target');
    const design = {
      ...base,
      iscsiTargets: [{ ...target, chap: { user: 'xen', secret: 'chap-xen' } }, ...rest],
    };
    const names = ['chap-xen'];
    const short = new Map(names.map((n) => [n, 'tooshort']));
    expect(chapProblems(design, short)).toEqual(
      [...new Set(names)].map(
        (n) => `CHAP secret "${n}" is 8 characters long; iSCSI initiators want 12 to 16`,
      ),
    );
    expect(chapProblems(design, new Map(names.map((n) => [n, 'twelve-chars'])))).toEqual([]);
  });

  it('a fence password script prints the value exactly, whatever it holds', async () => {
    const design = loadTemplate('two-node-drbd-kvm');
    const dir = tempDir();
    const t = new LocalTransport();
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
          .filter((s) => !s.includes('\0')),
        async (value) => {
          const [script] = fenceSecretFiles(design, () => value);
          if (!script) throw new Error('the template has a fence password');
          expect(script.mode).toBe(0o700);
          const path = join(dir, 'pw.sh');
          writeFileSync(path, script.content);
          chmodSync(path, 0o700);
          const r = await t.exec(path);
          expect(r.stdout).toBe(`${value}\n`);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("masks whatever value the node's copy holds, from the file's template", () => {
    const mask = maskerOf('user alice\n\tIncomingUser alice @@CW_SECRET:chap-a@@\nend\n');
    expect(mask?.('user alice\n\tIncomingUser alice old-unknown-value\nend\n')).toBe(
      'user alice\n\tIncomingUser alice «secret chap-a»\nend\n',
    );
    const design = loadTemplate('two-node-drbd-kvm');
    const [old] = fenceSecretFiles(design, () => "an old 'value'");
    const [now] = fenceSecretFiles(design, () => 'new');
    expect(now?.maskOld?.(old?.content ?? '')).not.toContain('old');
    expect(now?.maskOld?.(old?.content ?? '')).toContain('«secret ipmi-alpha»');
    expect(maskerOf('no secrets here')).toBeUndefined();
  });

  it('redacts values, their quoted form and keeps errors what they were', () => {
    const secrets = new Map([
      ['a', "it's"],
      ['b', 'plain'],
    ]);
    const redact = redactorOf(secrets);
    expect(redact(`x ${shellQuote("it's")} plain it's`)).toBe('x «secret a» «secret b» «secret a»');
    const e = new TransportError('closed', "lost while sending it's", { target: 'root@n:22' });
    const r = redactDeep({ list: [e], text: 'plain' }, redact);
    expect(r.text).toBe('«secret b»');
    expect(r.list[0]).toBeInstanceOf(TransportError);
    expect(r.list[0]?.kind).toBe('closed');
    expect(r.list[0]?.message).toBe('lost while sending «secret a»');
  });

  it("a short secret never rewrites the program's own words that callers switch on", () => {
    // A one-letter fence password: "a" is inside "phase", "failed", "update", "transport"…
    const redact = redactorOf(new Map([['ipmi-alpha', 'a']]));
    const events = [
      { type: 'phase', phase: 'packages' },
      {
        type: 'step',
        result: { step: 'authkey', node: 'alpha', outcome: 'failed', detail: 'bad' },
      },
      { type: 'node-plan', node: 'alpha', files: [{ change: 'update', path: '/etc/a.conf' }] },
    ];
    const out = redactDeep(events, redact);
    expect(out.map((e) => e.type)).toEqual(['phase', 'step', 'node-plan']);
    expect(out[0]?.phase).toBe('packages');
    expect(out[1]?.result?.outcome).toBe('failed');
    expect(out[2]?.files?.[0]?.change).toBe('update');
    // Everything else is still redacted, node names and paths included.
    expect(out[1]?.result?.detail).toBe('b«secret ipmi-alpha»d');
    expect(out[2]?.files?.[0]?.path).toBe('/etc/«secret ipmi-alpha».conf');
    const e = redactDeep(new TransportError('auth', 'bad', { target: 'root@n:22' }), redact);
    expect(e.kind).toBe('auth');
    // Two short values: the marker put in for one is not rewritten for the other.
    const two = redactorOf(
      new Map([
        ['ipmi-alpha', 'a'],
        ['ipmi-beta', 'e'],
      ]),
    );
    expect(two('cluster: failed')).toBe(
      'clust«secret ipmi-beta»r: f«secret ipmi-alpha»il«secret ipmi-beta»d',
    );
  });
});
