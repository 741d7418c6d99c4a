import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { fenceSecretFiles } from '../../src/deploy/secretFiles.ts';
import { shellQuote } from '../../src/deploy/quote.ts';
import { labDirOf, readLabState } from '../../src/lab/labState.ts';
import type { LabState } from '../../src/lab/labState.ts';
import { parseDesign } from '../../src/model/designFile.ts';
import type { Design } from '../../src/model/types.ts';
import { bundleOf } from '../../src/services/bundle.ts';
import { connectLab } from '../../src/services/connect.ts';
import { templatePathOf } from '../support/designs.ts';
import { requireRoot, requireTool } from '../support/tools.ts';

/**
 * The deploy acceptance on three real nodes: a lab of the three-node template (each node a
 * network namespace with its own sshd, corosync, Pacemaker and private /etc), deployed
 * through the CLI as a user types it. The template gets another name and other addresses so
 * this lab never meets the one test/lab/deployLab.test.ts starts (node names too: `lab kill`
 * finds a node by its name in whichever lab runs).
 */
const CLUSTER = 'vz-accept';
const SECRET = 'ipmi-vz';

interface Cli {
  readonly code: number;
  readonly out: string;
}

async function cli(args: string[]): Promise<Cli> {
  const lines: string[] = [];
  const code = await main(args, { out: (s) => lines.push(s), err: (s) => lines.push(s) });
  return { code, out: lines.join('\n') };
}

/** Every file under the node's folders a deploy may touch: bytes, mode and mtime. */
function snapshot(lab: LabState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const node of lab.nodes) {
    const root = `/proc/${node.initPid}/root`;
    for (const top of [
      '/etc/corosync',
      '/etc/drbd.d',
      '/etc/vz',
      '/etc/clusterwright',
      '/var/lib/clusterwright/backups',
    ]) {
      const dir = `${root}${top}`;
      if (!existsSync(dir)) continue;
      for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        const p = join(e.parentPath, e.name);
        const st = statSync(p, { bigint: true });
        out[`${node.name}:${p.slice(root.length)}`] = e.isFile()
          ? `${readFileSync(p).toString('base64')} ${st.mode.toString(8)} ${st.mtimeNs}`
          : `dir ${st.mode.toString(8)}`;
      }
    }
  }
  return out;
}

const onNode = (lab: LabState, node: string, path: string) =>
  `/proc/${lab.nodes.find((n) => n.name === node)?.initPid}/root${path}`;

async function liveConfiguration(lab: LabState): Promise<string> {
  const [c] = await connectLab(lab, [lab.nodes[0]?.name ?? '']);
  if (!c) throw new Error('no lab node to read the CIB from');
  try {
    const r = await c.transport.exec('cibadmin --query --scope configuration');
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  } finally {
    await c.transport.close();
  }
}

describe('deploy a template to three nodes (real sshd, corosync, Pacemaker)', () => {
  // Lives as long as the lab (useTempDir's folders go after each test).
  let dir = '';
  let designFile = '';
  let secretsFile = '';
  let design: Design;
  let lab: LabState | undefined;
  // A value a shell would mangle if quoting failed, unique to this run.
  const value = `pw'$(id)"${Math.random().toString(36).slice(2)}`;
  const value2 = `second-${Math.random().toString(36).slice(2)}`;

  beforeAll(async () => {
    requireRoot('the lab makes network namespaces and runs corosync and pacemaker');
    requireTool('corosync', 'corosync');
    requireTool('pacemakerd', 'pacemaker');
    dir = mkdtempSync(join(tmpdir(), 'cw-accept-'));
    designFile = join(dir, 'cluster.yaml');
    // Its own name and addresses: test/lab runs the same template, maybe at the same time,
    // and the host reaches a lab's nodes by their management addresses.
    const text = readFileSync(templatePathOf('three-node-drbd9-openvz'), 'utf8')
      .replace(/^ {2}name: vz-trio$/m, `  name: ${CLUSTER}`)
      .replace(/\b10\.30\.0\./g, '10.40.0.')
      .replace(/\b10\.31\.0\./g, '10.41.0.')
      .replace(/\b10\.97\.0\./g, '10.87.0.')
      .replace(/\b192\.168\.70\./g, '192.168.71.')
      .replace(/\bvz([123])\b/g, 'acc$1');
    expect(text).not.toMatch(/10\.97\.0\.|vz-trio|\bvz1\b/);
    writeFileSync(designFile, text);
    const parsed = parseDesign(text, designFile);
    if (!parsed.design) throw new Error('the renamed template does not load');
    design = parsed.design;
    secretsFile = join(dir, 'secrets.json');
    writeFileSync(secretsFile, JSON.stringify({ [SECRET]: value }), { mode: 0o600 });
    chmodSync(secretsFile, 0o600);
    const up = await cli(['lab', 'up', designFile]);
    expect(up.code, up.out).toBe(0);
    lab = await readLabState(labDirOf(CLUSTER));
  }, 300_000);

  afterAll(async () => {
    // Also after a lab up that failed half-way: lab down undoes whatever was made. It can
    // stop on a veth the kernel already removed with its namespace; a second run finishes.
    for (let i = 0; designFile && i < 2 && existsSync(labDirOf(CLUSTER)); i++)
      await cli(['lab', 'down', designFile]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('puts every file in place, changes nothing the second time, and a dry run changes nothing', async () => {
    const state = lab as LabState;
    expect(state.nodes.map((n) => n.name)).toEqual(['acc1', 'acc2', 'acc3']);

    // A dry run before the first deploy: diffs on the output, not one byte on a node.
    const before = snapshot(state);
    const configBefore = await liveConfiguration(state);
    const dry = await cli(['deploy', designFile, '--lab', '--dry-run', '--secrets', secretsFile]);
    expect(dry.code, dry.out).toBe(0);
    expect(dry.out).toMatch(/dry run, nothing changed/);
    expect(dry.out).toContain('+++ b/etc/vz/conf/101.conf');
    expect(snapshot(state)).toEqual(before);
    expect(await liveConfiguration(state)).toBe(configBefore);

    const first = await cli(['deploy', designFile, '--lab', '--secrets', secretsFile]);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/deployed .*CIB changed/);
    // Progress per node: every node's files counted as they land.
    for (const n of ['acc1', 'acc2', 'acc3'])
      expect(first.out).toMatch(new RegExp(`${n}: \\[\\d+/\\d+\\] written`));

    const expected = [
      ...bundleOf(design).files.filter((f) => f.node !== undefined),
      ...fenceSecretFiles(design, () => value),
    ];
    expect(expected.length).toBeGreaterThan(15);
    for (const f of expected) {
      const p = onNode(state, f.node as string, f.path);
      expect(readFileSync(p, 'utf8'), `${f.node}:${f.path}`).toBe(f.content);
      expect(statSync(p).mode & 0o7777, `${f.node}:${f.path}`).toBe(f.mode);
    }
    // The fence password script gives the agent the value exactly (quoting included).
    expect(
      readFileSync(onNode(state, 'acc2', `/etc/clusterwright/secrets/${SECRET}.sh`), 'utf8'),
    ).toContain(shellQuote(value));

    // The second deploy: nothing to write, no CIB change, not one mtime touched.
    const deployed = snapshot(state);
    const config = await liveConfiguration(state);
    const second = await cli(['deploy', designFile, '--lab', '--secrets', secretsFile]);
    expect(second.code, second.out).toBe(0);
    expect(second.out).toMatch(/0 file\(s\) changed, CIB unchanged/);
    expect(snapshot(state)).toEqual(deployed);
    expect(await liveConfiguration(state)).toBe(config);

    // No output of any run held the secret, quoted or not.
    for (const run of [dry, first, second]) {
      expect(run.out).not.toContain(value);
      expect(run.out).not.toContain(shellQuote(value));
    }
  }, 300_000);

  it('a changed secret: the diff hides both values; rollback restores chosen nodes only', async () => {
    const state = lab as LabState;
    const script = `/etc/clusterwright/secrets/${SECRET}.sh`;
    writeFileSync(secretsFile, JSON.stringify({ [SECRET]: value2 }), { mode: 0o600 });

    const dry = await cli(['deploy', designFile, '--lab', '--dry-run', '--secrets', secretsFile]);
    expect(dry.code, dry.out).toBe(0);
    expect(dry.out).toContain(`--- a${script}`);
    expect(dry.out).toContain('(only secret values change; values are not shown)');
    for (const v of [value, value2]) {
      expect(dry.out).not.toContain(v);
      expect(dry.out).not.toContain(shellQuote(v));
    }

    const third = await cli(['deploy', designFile, '--lab', '--secrets', secretsFile]);
    expect(third.code, third.out).toBe(0);
    expect(third.out).toMatch(/3 file\(s\) changed, CIB unchanged/);
    expect(third.out).not.toContain(value2);
    for (const n of ['acc1', 'acc2', 'acc3'])
      expect(readFileSync(onNode(state, n, script), 'utf8')).toContain(shellQuote(value2));

    const back = await cli(['deploy', designFile, '--lab', '--rollback', '--nodes', 'acc1,acc3']);
    expect(back.code, back.out).toBe(0);
    expect(back.out).toMatch(/acc1: restore \/etc\/clusterwright\/secrets\/ipmi-vz\.sh/);
    expect(back.out).not.toContain(value);
    expect(readFileSync(onNode(state, 'acc1', script), 'utf8')).toContain(shellQuote(value));
    expect(readFileSync(onNode(state, 'acc3', script), 'utf8')).toContain(shellQuote(value));
    expect(readFileSync(onNode(state, 'acc2', script), 'utf8')).toContain(shellQuote(value2));
    expect(statSync(onNode(state, 'acc1', script)).mode & 0o7777).toBe(0o700);

    // Rolling back again finds it done; a deploy converges again.
    const again = await cli(['deploy', designFile, '--lab', '--rollback', '--nodes', 'acc1']);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toMatch(/already rolled back/);
    const redeploy = await cli(['deploy', designFile, '--lab', '--secrets', secretsFile]);
    expect(redeploy.code, redeploy.out).toBe(0);
    expect(redeploy.out).toMatch(/2 file\(s\) changed, CIB unchanged/);
    for (const n of ['acc1', 'acc2', 'acc3'])
      expect(readFileSync(onNode(state, n, script), 'utf8')).toContain(shellQuote(value2));
  }, 300_000);
});
