/**
 * Records real crm_mon XML from a real three-node lab for the parser tests (run as root,
 * under the lock the lab tests share):
 *
 *   flock /tmp/cw-root-tests.lock npx tsx test/monitor/support/recordLab.ts
 *
 * It writes test/monitor/fixtures/lab-*.crm_mon.xml: every node online, a failed monitor
 * (the Dummy's state file removed under it), and a node killed with its resources moved.
 * Each file is checked against Pacemaker's API schema before it is kept.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { labKill } from '../../../src/lab/labFaults.ts';
import { pollUntil } from '../../../src/lab/poll.ts';
import { parseCrmMon } from '../../../src/monitor/parsers/crmMon.ts';
import type { PacemakerStatus } from '../../../src/monitor/status.ts';
import { connectLab } from '../../../src/services/connect.ts';
import { VM_STATE_FILE, onNode, startMonitorLab } from './monitorLab.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const CRM_MON = ['crm_mon', '--one-shot', '--inactive', '--output-as=xml'];
const SCHEMA = '/usr/share/pacemaker/api/api-result.rng';

const runningOn = (s: PacemakerStatus, id: string, role = 'Started'): string[] =>
  s.resources.filter((r) => r.id === id && r.role === role).flatMap((r) => r.runningOn);

function keep(name: string, xml: string): void {
  const file = `${FIXTURES}${name}`;
  writeFileSync(file, xml);
  execFileSync('xmllint', ['--noout', '--relaxng', SCHEMA, file], { stdio: 'inherit' });
  console.log(`recorded ${name}`);
}

const lab = await startMonitorLab('cwrec', 91);
const connections = await connectLab(lab.state);
try {
  const on = (node: string) => {
    const c = connections.find((x) => x.node === node);
    if (!c) throw new Error(`no connection to ${node}`);
    return c.transport;
  };
  const [a, b] = lab.state.nodes.map((n) => n.name);
  const view = async (node: string) => {
    const xml = await onNode(on(node), CRM_MON);
    return { xml, status: parseCrmMon(xml) };
  };

  const up = await pollUntil(
    async () => {
      const v = await view(a!);
      const ready =
        v.status.nodes.every((n) => n.online) &&
        runningOn(v.status, 'vm-web').length === 1 &&
        runningOn(v.status, 'drbd-r0', 'Promoted').length === 1 &&
        runningOn(v.status, 'web-fs').length === 1;
      return ready ? v : undefined;
    },
    Date.now() + 120_000,
    'the lab resources did not all start',
  );
  keep('lab-all-online.crm_mon.xml', up.xml);

  const host = runningOn(up.status, 'vm-web')[0]!;
  const hostNode = lab.state.nodes.find((n) => n.hostname === host)!.name;
  await onNode(on(hostNode), ['rm', '-f', VM_STATE_FILE]);
  const failed = await pollUntil(
    async () => {
      const v = await view(a!);
      return v.status.failures.some((f) => f.resource === 'vm-web') ? v : undefined;
    },
    Date.now() + 60_000,
    'the monitor of vm-web did not fail',
  );
  keep('lab-failed-action.crm_mon.xml', failed.xml);
  await onNode(on(a!), ['crm_resource', '--cleanup', '--resource', 'vm-web']);

  const settled = await pollUntil(
    async () => {
      const v = await view(a!);
      return v.status.failures.length === 0 && runningOn(v.status, 'vm-web').length === 1
        ? v
        : undefined;
    },
    Date.now() + 60_000,
    'vm-web did not settle after the cleanup',
  );
  const victimHost = runningOn(settled.status, 'vm-web')[0]!;
  const victim = lab.state.nodes.find((n) => n.hostname === victimHost)!.name;
  const survivor = victim === a ? b! : a!;
  await labKill(victim, { baseDir: lab.baseDir });
  const down = await pollUntil(
    async () => {
      const v = await view(survivor);
      const moved = runningOn(v.status, 'vm-web');
      return v.status.nodes.find((n) => n.name === victimHost)?.online === false &&
        moved.length === 1 &&
        moved[0] !== victimHost &&
        runningOn(v.status, 'web-fs').length === 1
        ? v
        : undefined;
    },
    Date.now() + 90_000,
    `vm-web did not move off ${victimHost}`,
  );
  keep('lab-node-down.crm_mon.xml', down.xml);
} finally {
  await Promise.all(connections.map((c) => c.transport.close().catch(() => undefined)));
  await lab.down();
}
