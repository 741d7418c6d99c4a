import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLabHost } from '../../src/lab/hostCheck.ts';
import type { LabTools } from '../../src/lab/hostCheck.ts';
import { runInNode } from '../../src/lab/inNode.ts';
import { teardownLab } from '../../src/lab/labDown.ts';
import { shellQuote } from '../../src/deploy/quote.ts';
import type { LabNodeState, LabState } from '../../src/lab/labState.ts';
import { readLabState } from '../../src/lab/labState.ts';
import { crmMonXml, parseCrmMonNodes } from '../../src/lab/readiness.ts';
import { pollUntil } from '../../src/lab/poll.ts';
import type { LabStatus } from '../../src/lab/labStatus.ts';
import { createLabService } from '../../src/services/lab.ts';
import { requireRoot, requireTool } from '../support/tools.ts';
import { testCorosyncConf } from './support/corosyncConf.ts';
import { startedOn } from './support/crmMon.ts';
import { LAB_TRIO } from './support/fixtures.ts';
import { runLabCli } from './support/labCli.ts';
import { labLeftovers } from './support/leftovers.ts';

const run = promisify(execFile);

// One lab lifecycle for the whole file: starting real clusters is the slow part.
describe('a three-node lab, end to end', () => {
  let baseDir = '';
  let tools: LabTools;
  let state: LabState | undefined;
  const service = () =>
    createLabService({ corosyncConf: testCorosyncConf, baseDir, timeoutMs: 150_000 });
  const labDir = () => join(baseDir, 'labtrio');
  const node = (name: string): LabNodeState => {
    const n = state?.nodes.find((x) => x.name === name);
    if (!n) throw new Error(`no lab node ${name} recorded`);
    return n;
  };
  const refresh = async (): Promise<LabState> => {
    const s = await readLabState(labDir());
    if (!s) throw new Error('the lab state file is gone');
    state = s;
    return s;
  };

  beforeAll(async () => {
    requireRoot('a lab creates network namespaces and starts corosync and pacemaker');
    requireTool('corosync', 'corosync');
    requireTool('pacemakerd', 'pacemaker');
    requireTool('crm_mon', 'pacemaker-cli-utils');
    requireTool('sshd', 'openssh-server');
    requireTool('ssh', 'openssh-client');
    requireTool('/usr/lib/ocf/resource.d/pacemaker/Dummy', 'pacemaker');
    tools = await checkLabHost();
    baseDir = mkdtempSync(join(tmpdir(), 'cw-lab-'));
  });

  afterAll(async () => {
    // Whatever happened above, leave nothing behind.
    const s = baseDir ? ((await readLabState(labDir())) ?? state) : undefined;
    if (s) await teardownLab(tools, s);
    if (baseDir) rmSync(baseDir, { recursive: true, force: true });
  });

  it('comes up with every node online in Pacemaker and says how to reach each', async () => {
    const up = await runLabCli(service(), ['up', LAB_TRIO]);
    expect(up.err).toBe('');
    expect(up.code).toBe(0);
    await refresh();
    for (const name of ['lt-a', 'lt-b', 'lt-c']) {
      const n = node(name);
      expect(up.out).toContain(`root@${n.sshAddress}`);
    }
    expect(up.out).toContain(`-i ${shellQuote(join(labDir(), 'lab_key'))} `);
    // Fencing is off in this design: Pacemaker's warning is shown, not hidden.
    expect(up.out).toMatch(/pacemaker warning: Blind faith: not fencing unseen nodes/);
    for (const n of state?.nodes ?? []) {
      const view = parseCrmMonNodes((await crmMonXml(tools, n)) ?? '');
      expect(view, `crm_mon on ${n.name}`).toEqual(
        expect.arrayContaining(['lt-a', 'lt-b', 'lt-c'].map((name) => ({ name, online: true }))),
      );
    }
  });

  it('lets the lab key log in over SSH with the host key pinned', async () => {
    const status = await runLabCli(service(), ['status', '--json']);
    expect(status.code).toBe(0);
    const labs = JSON.parse(status.out) as LabStatus[];
    const lab = labs.find((l) => l.cluster === 'labtrio');
    expect(lab?.nodes.map((n) => [n.name, n.state])).toEqual([
      ['lt-a', 'running'],
      ['lt-b', 'running'],
      ['lt-c', 'running'],
    ]);
    for (const n of lab?.nodes ?? []) expect(n.pids.length).toBeGreaterThan(3);
    const b = node('lt-b');
    const { stdout } = await run('ssh', [
      '-i',
      lab?.keyPath ?? '',
      '-o',
      `UserKnownHostsFile=${lab?.knownHostsPath ?? ''}`,
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'BatchMode=yes',
      `root@${b.sshAddress}`,
      'hostname; echo lt-b > /etc/clusterwright-lab-probe; crm_mon --one-shot --output-as=xml',
    ]);
    const [hostname, ...xml] = stdout.split('\n');
    expect(hostname).toBe('lt-b');
    expect(parseCrmMonNodes(xml.join('\n'))?.every((n) => n.online)).toBe(true);
    // What a node writes to /etc (as a deploy would) stays in that node.
    expect(existsSync('/etc/clusterwright-lab-probe')).toBe(false);
    const onA = await runInNode(tools, node('lt-a'), 'cat', ['/etc/clusterwright-lab-probe']);
    expect(onA.code).not.toBe(0);
    const onB = await runInNode(tools, b, 'cat', ['/etc/clusterwright-lab-probe']);
    expect(onB.stdout).toBe('lt-b\n');
  });

  it('moves a resource to a survivor when its node is killed, and revives the node', async () => {
    const a = node('lt-a');
    const created = await runInNode(tools, a, tools.cibadmin, [
      '--create',
      '--scope',
      'resources',
      '--xml-text',
      '<primitive id="probe" class="ocf" provider="pacemaker" type="Dummy">' +
        '<operations><op id="probe-monitor-5s" name="monitor" interval="5s"/></operations></primitive>',
    ]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const first = await pollUntil(
      async () => startedOn((await crmMonXml(tools, a)) ?? '', 'probe')[0],
      Date.now() + 30_000,
      'the Dummy resource did not start',
    );
    const killed = await runLabCli(service(), ['kill', first]);
    expect(killed.code).toBe(0);
    await refresh();
    expect(node(first).state).toBe('killed');
    const survivor = state?.nodes.find((n) => n.name !== first) as LabNodeState;
    const moved = await pollUntil(
      async () => {
        const xml = (await crmMonXml(tools, survivor)) ?? '';
        const on = startedOn(xml, 'probe');
        const offline = parseCrmMonNodes(xml)?.find((n) => n.name === first)?.online === false;
        return offline && on.length === 1 && on[0] !== first ? on[0] : undefined;
      },
      Date.now() + 60_000,
      `the Dummy resource did not move off killed node ${first} within 60 s`,
    );
    expect(['lt-a', 'lt-b', 'lt-c'].filter((n) => n !== first)).toContain(moved);

    const revived = await runLabCli(service(), ['revive', first]);
    expect(revived.err).toBe('');
    expect(revived.code).toBe(0);
    const view = parseCrmMonNodes((await crmMonXml(tools, survivor)) ?? '');
    expect(view?.find((n) => n.name === first)?.online).toBe(true);
  });

  it('goes down leaving no namespace, interface, process or mount behind', async () => {
    const s = await refresh();
    const down = await runLabCli(service(), ['down', LAB_TRIO]);
    expect(down.err).toBe('');
    expect(down.code).toBe(0);
    expect(labLeftovers(s)).toEqual([]);
    state = undefined;
  });
});
