import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { parseDesign } from '../../src/model/designFile.ts';
import { useTempDir } from '../support/tmp.ts';
import { FIXTURES } from './fixtureFiles.ts';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('clusterwright import', () => {
  const tmp = useTempDir('cw-cli-import-');

  it('imports files, following drbd.conf includes on disk, writes a valid design and prints notes', async () => {
    const out = join(tmp(), 'imported.yaml');
    const r = await run([
      'import',
      join(FIXTURES, 'cfs/cib.xml'),
      join(FIXTURES, 'cfs/etc/drbd.conf'),
      join(FIXTURES, 'cfs/etc/corosync/corosync.conf'),
      '--out',
      out,
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/imported 2 node\(s\), 1 DRBD resource\(s\)/);
    expect(r.out).toMatch(
      /wwwdata\.res:\d+: note wwwdata: net option "verify-alg sha1" is not modelled \(kept in the description\)/,
    );
    const loaded = parseDesign(readFileSync(out, 'utf8'), out);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.design?.drbd.map((d) => d.name)).toEqual(['wwwdata']);
    expect(r.out).not.toContain('acd123');
    expect(readFileSync(out, 'utf8')).not.toContain('acd123');
  });

  it('takes a folder and prints notes as JSON', async () => {
    const out = join(tmp(), 'kvm.yaml');
    const r = await run(['import', join(FIXTURES, 'kvm'), '--out', out, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { out: string; notes: { what: string; keptAs: string }[] };
    expect(json.out).toBe(out);
    expect(json.notes.some((n) => n.what.includes('fence_vmware_soap'))).toBe(true);
  });

  it('exits 2 naming the file and line of unreadable input, and writes nothing', async () => {
    const dir = tmp();
    const out = join(dir, 'x.yaml');
    const r = await run(['import', join(FIXTURES, 'broken/unbalanced.res'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `${join(FIXTURES, 'broken/unbalanced.res')}:1: error: section "resource r0"`,
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('exits 2 for a missing file, naming it', async () => {
    const out = join(tmp(), 'x.yaml');
    const r = await run(['import', '/nonexistent/corosync.conf', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('/nonexistent/corosync.conf: error: no such file');
  });

  it('refuses to overwrite --out without --force', async () => {
    const out = join(tmp(), 'x.yaml');
    writeFileSync(out, 'keep me\n');
    const args = ['import', join(FIXTURES, 'drbd9'), '--out', out];
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    const forced = await run([...args, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('schemaVersion: 2');
  });

  it('exits 2 naming an ssh:// node it cannot reach, or a bad address, and writes nothing', async () => {
    const out = join(tmp(), 'x.yaml');
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const r = await run(['import', 'ssh://root@127.0.0.1:1', 'ssh://bad host', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('ssh://root@127.0.0.1:1: error: cannot connect');
    expect(r.err).toContain('ssh://bad host: error: not an ssh://user@host[:port] address');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to mix files and ssh:// nodes', async () => {
    const out = join(tmp(), 'x.yaml');
    const r = await run([
      'import',
      join(FIXTURES, 'drbd9'),
      'ssh://root@127.0.0.1:1',
      '--out',
      out,
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('not both');
  });
});
