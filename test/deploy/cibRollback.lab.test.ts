import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { rollbackCib } from '../../src/deploy/cibRollback.ts';
import type { DeployRecordCib } from '../../src/deploy/deployRecord.ts';
import { CIB_BACKUP_NAME, RECORD_NAME } from '../../src/deploy/deployRecord.ts';
import { DEFAULT_BACKUP_ROOT } from '../../src/deploy/deployId.ts';
import { labDirOf, readLabState } from '../../src/lab/labState.ts';
import type { LabState } from '../../src/lab/labState.ts';
import { connectLab } from '../../src/services/connect.ts';
import { deployDesign, rollbackDesign } from '../../src/services/deploy.ts';
import { createLabService } from '../../src/services/lab.ts';
import { inLabNode, requireLab, trioCopy } from '../lab/support/liveLab.ts';

/**
 * Rollback of a deploy's CIB push on a real three-node lab (corosync and Pacemaker in
 * network namespaces, reached over SSH): a deploy, a second deploy of a design whose
 * Pacemaker configuration differs, then the rollback puts the first configuration back;
 * a CIB changed by hand after a deploy is refused. The nodes get names of their own
 * (`lab kill` and the namespaces go by node name) and the addresses of trioCopy's slot 7.
 */
const CLUSTER = 'vz-cibrb';
const TRIO = trioCopy(CLUSTER, 7);
const NODES = ['crb1', 'crb2', 'crb3'];
const FIRST = readFileSync(TRIO.file, 'utf8').replace(/\bvz([123])\b/g, 'crb$1');
// A change to the Pacemaker configuration alone: no node file differs.
const SECOND = FIRST.replace('score: INFINITY', 'score: 500');

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(args, { out: (s) => lines.push(s), err: (s) => lines.push(s) });
  return { code, out: lines.join('\n') };
}

/** The live <configuration>, as `cibadmin --query --scope configuration` shows it. */
async function liveConfiguration(lab: LabState): Promise<string> {
  const r = await inLabNode(lab, 'crb2', 'cibadmin', ['--query', '--scope', 'configuration']);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

const onNode = (lab: LabState, node: string, path: string) =>
  `/proc/${lab.nodes.find((n) => n.name === node)?.initPid}/root${path}`;

async function deploy(text: string) {
  writeFileSync(TRIO.file, text);
  const r = await deployDesign({ designFile: TRIO.file, lab: true, dryRun: false });
  expect(
    r.ok,
    r.steps.map((s) => `${s.node}: ${s.step}: ${s.outcome} ${s.detail}`).join('\n'),
  ).toBe(true);
  return r;
}

describe('rollback of the CIB a deploy pushed (real corosync + Pacemaker)', () => {
  let lab: LabState | undefined;

  beforeAll(async () => {
    requireLab();
    expect(FIRST).toMatch(/name: crb1/);
    expect(SECOND).not.toBe(FIRST);
    writeFileSync(TRIO.file, FIRST);
    await createLabService().up(TRIO.file);
    lab = await readLabState(labDirOf(CLUSTER));
    expect(lab?.nodes.map((n) => n.name)).toEqual(NODES);
  }, 300_000);

  afterAll(async () => {
    // A veth the kernel already removed with its namespace can stop a first `down`.
    for (let i = 0; i < 2 && existsSync(labDirOf(CLUSTER)); i++)
      await createLabService()
        .down(TRIO.file)
        .catch(() => undefined);
    rmSync(TRIO.dir, { recursive: true, force: true });
  });

  it('puts back the configuration the last deploy replaced; a dry run changes nothing', async () => {
    const state = lab as LabState;
    await deploy(FIRST);
    const first = await liveConfiguration(state);

    const second = await deploy(SECOND);
    expect(second.cibChanged).toBe(true);
    for (const p of second.plans) expect(p.summary).toMatchObject({ create: 0, update: 0 });
    const changed = await liveConfiguration(state);
    expect(changed).not.toBe(first);
    expect(changed).toMatch(/score="500"/);

    // The pushing node (the first) keeps the replaced configuration, 0600, on record.
    const dir = `${DEFAULT_BACKUP_ROOT}/${second.deployId}`;
    const record = JSON.parse(
      readFileSync(onNode(state, 'crb1', `${dir}/${RECORD_NAME}`), 'utf8'),
    ) as { files: unknown[]; cib?: DeployRecordCib };
    expect(record.files).toEqual([]);
    expect(record.cib).toMatchObject({ saved: `${dir}/${CIB_BACKUP_NAME}` });
    expect(record.cib?.after).toMatch(/^\d+\.\d+$/);
    expect(record.cib?.after).not.toBe(record.cib?.before);
    const saved = onNode(state, 'crb1', `${dir}/${CIB_BACKUP_NAME}`);
    expect(statSync(saved).mode & 0o777).toBe(0o600);
    expect(readFileSync(saved, 'utf8')).toMatch(/score="INFINITY"/);
    expect(readFileSync(saved, 'utf8')).not.toMatch(/<status/);
    for (const n of ['crb2', 'crb3'])
      expect(existsSync(onNode(state, n, `${dir}/${RECORD_NAME}`))).toBe(false);

    const dry = await cli(['deploy', TRIO.file, '--lab', '--rollback', '--dry-run']);
    expect(dry.code, dry.out).toBe(0);
    expect(dry.out).toMatch(/crb1: CIB restore — would put back/);
    expect(dry.out).toMatch(/CIB: would apply this patch:\n<diff/);
    // The second deploy changed no file on the others: the first deploy stays there.
    expect(dry.out).toMatch(/crb2: deploy \S+ changed nothing on this node/);
    expect(await liveConfiguration(state)).toBe(changed);

    const back = await cli(['deploy', TRIO.file, '--lab', '--rollback']);
    expect(back.code, back.out).toBe(0);
    expect(back.out).toMatch(/crb1: CIB restore — put back the configuration/);
    expect(back.out).toMatch(/rolled back: crb1 \S+ \(CIB restore\)/);
    expect(await liveConfiguration(state)).toBe(first);
    // The first deploy's files are still on the nodes the second did not change.
    for (const n of NODES)
      expect(existsSync(onNode(state, n, '/etc/vz/conf/101.conf')), n).toBe(true);

    const again = await cli(['deploy', TRIO.file, '--lab', '--rollback']);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toMatch(/crb1: deploy \S+ was already rolled back/);
    expect(await liveConfiguration(state)).toBe(first);

    // The CIB step alone, past the rollback record: the configuration is already back,
    // and a saved configuration that has gone leaves the CIB alone.
    const [c] = await connectLab(state, ['crb1']);
    try {
      const cib = record.cib as DeployRecordCib;
      expect(await rollbackCib(c!.transport, cib, false)).toMatchObject({ action: 'already' });
      expect(
        await rollbackCib(c!.transport, { ...cib, saved: `${dir}/gone.xml` }, false),
      ).toMatchObject({ action: 'no-backup', detail: expect.stringMatching(/missing/) });
      expect(await liveConfiguration(state)).toBe(first);
    } finally {
      await c?.transport.close();
    }
  }, 300_000);

  it('refuses to put the CIB back once someone else changed it, and leaves it as it is', async () => {
    const state = lab as LabState;
    const pushed = await deploy(SECOND);
    expect(pushed.cibChanged).toBe(true);
    const byHand = await inLabNode(state, 'crb3', 'crm_attribute', [
      '--type',
      'crm_config',
      '--name',
      'cw-changed-by-hand',
      '--update',
      'yes',
    ]);
    expect(byHand.code, byHand.stderr).toBe(0);
    const now = await liveConfiguration(state);
    expect(now).toMatch(/cw-changed-by-hand/);

    const results = await rollbackDesign({ designFile: TRIO.file, lab: true, dryRun: true });
    const crb1 = results.find((r) => r.node === 'crb1');
    expect(crb1?.deployId).toBe(pushed.deployId);
    expect(crb1?.cib?.action).toBe('changed');
    expect(crb1?.cib?.detail).toMatch(/someone else changed the cluster/);
    expect(crb1?.ok).toBe(false);
    expect(crb1?.message).toMatch(/CIB LEFT AS IT IS/);
    expect(await liveConfiguration(state)).toBe(now);

    // The same through the command line, for real this time.

    const cliRun = await cli(['deploy', TRIO.file, '--lab', '--rollback']);
    expect(cliRun.code, cliRun.out).toBe(1);
    expect(cliRun.out).toMatch(/crb1: CIB changed — the live CIB changed since the deploy/);
    expect(cliRun.out).toMatch(/NOT EVERYTHING/);
    expect(await liveConfiguration(state)).toBe(now);
  }, 300_000);
});
