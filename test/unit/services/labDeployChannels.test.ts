import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { CHANNEL_NAMES } from '../../../renderer/src/api/channels.ts';
import { handleApiMessage } from '../../../src/host/web/apiMessages.ts';
import { fingerprintOf } from '../../../src/deploy/hostKeyFingerprint.ts';
import { LabError } from '../../../src/lab/labError.ts';
import type { LabStatus } from '../../../src/lab/labStatus.ts';
import { serializeDesign } from '../../../src/model/designFile.ts';
import type { Design } from '../../../src/model/types.ts';
import type { ClusterwrightApi } from '../../../src/services/contract.ts';
import { CHANNELS } from '../../../src/services/contract.ts';
import type { LabService } from '../../../src/services/lab.ts';
import { LabDesignError } from '../../../src/services/lab.ts';
import type { JobPoll, JobResult, ResultOfJob } from '../../../src/services/labDeployContract.ts';
import { createServices } from '../../../src/services/services.ts';
import { loadTemplate, templatePathOf } from '../../support/designs.ts';
import { useTempDir } from '../../support/tmp.ts';

const tmp = useTempDir('cw-channels-');

/** Polls a job the way the renderer does until it is finished; collects everything it said. */
async function finish(api: ClusterwrightApi, jobId: string) {
  const log: string[] = [];
  const events: JobPoll['events'][number][] = [];
  let since = 0;
  for (let i = 0; i < 3000; i++) {
    const p = await api['jobs.poll']({ id: jobId, since });
    log.push(...p.log);
    events.push(...p.events);
    since = p.next;
    if (p.state !== 'running') return { ...p, log, events };
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`job ${jobId} still running after 3000 polls`);
}

/** The result of a finished job of the kind expected; anything else fails the test. */
function valueOf<K extends JobResult['kind']>(
  poll: { readonly result?: JobResult; readonly error?: string },
  kind: K,
): ResultOfJob<K> {
  const r = poll.result;
  if (r?.kind !== kind)
    throw new Error(`expected a ${kind} result, got ${JSON.stringify(r ?? poll.error)}`);
  return (r as { readonly value: unknown }).value as ResultOfJob<K>;
}

function labStatus(cluster: string, states: Record<string, 'running' | 'killed'>): LabStatus {
  return {
    cluster,
    stateDir: `/var/lib/clusterwright/lab/${cluster}`,
    keyPath: '/k',
    knownHostsPath: '/kh',
    createdAt: '2025-01-01T00:00:00.000Z',
    warnings: ['warning: lab-up warning'],
    nodes: Object.entries(states).map(([name, state], i) => ({
      cluster,
      name,
      state,
      sshAddress: `10.99.0.${i + 1}`,
      sshPort: 22,
      pids: state === 'running' ? [100 + i, 200 + i] : [],
      ssh: `ssh root@10.99.0.${i + 1}`,
    })),
  };
}

/** A lab service that records what it is asked and answers like the real one. */
function fakeLab(overrides: Partial<LabService> = {}) {
  const calls: string[] = [];
  const service: LabService = {
    async up(file, log) {
      calls.push(`up ${file}`);
      log?.('lab vz-trio: 3 node(s), bridges cw-ring0');
      log?.('every node is online in Pacemaker');
      return {
        status: labStatus('vz-trio', { vz1: 'running', vz2: 'running', vz3: 'running' }),
        warnings: ['warning: Blind faith: not fencing unseen nodes'],
        notes: ['fencing is enabled in this design'],
        elapsedMs: 21_000,
      };
    },
    async down(file) {
      calls.push(`down ${file}`);
      return {
        version: 1,
        cluster: 'vz-trio',
        stateDir: '/s',
        createdAt: '',
        keyPath: '/k',
        bridges: [],
        nodes: [],
        warnings: [],
      };
    },
    async kill(node) {
      calls.push(`kill ${node}`);
      return { node: {} as never, killedPids: [1, 2, 3] };
    },
    async revive(node) {
      calls.push(`revive ${node}`);
      return labStatus('vz-trio', { vz1: 'running', vz2: 'running' });
    },
    async status() {
      calls.push('status');
      return [labStatus('vz-trio', { vz1: 'running', vz2: 'killed' })];
    },
    ...overrides,
  };
  return { service, calls };
}

describe('lab channels through the contract', () => {
  it('lab.up is a job: its id at once, then the lab log, Pacemaker warnings and the lab', async () => {
    const { service, calls } = fakeLab();
    const api = createServices({ lab: service });
    const { jobId } = await api['lab.up']({ path: '/d/vz.yaml' });
    const done = await finish(api, jobId);
    expect(calls).toEqual(['up /d/vz.yaml']);
    expect(done.state).toBe('done');
    expect(done.log).toEqual([
      'starting a lab for /d/vz.yaml',
      'lab vz-trio: 3 node(s), bridges cw-ring0',
      'every node is online in Pacemaker',
      'pacemaker warning: Blind faith: not fencing unseen nodes',
      'note: fencing is enabled in this design',
    ]);
    const up = valueOf(done, 'lab.up');
    expect(up.lab.nodes.map((n) => [n.name, n.state, n.processes])).toEqual([
      ['vz1', 'running', 2],
      ['vz2', 'running', 2],
      ['vz3', 'running', 2],
    ]);
    expect(up.warnings).toEqual(['warning: Blind faith: not fencing unseen nodes']);
    // lab.status shows Pacemaker's latest warnings, never hides them.
    const [lab] = await api['lab.status']({});
    expect(lab?.warnings).toEqual(['warning: Blind faith: not fencing unseen nodes']);
    expect(lab?.nodes.map((n) => `${n.name} ${n.state}`)).toEqual(['vz1 running', 'vz2 killed']);
  });

  it('kill answers at once; revive and down are jobs', async () => {
    const { service, calls } = fakeLab();
    const api = createServices({ lab: service });
    expect(await api['lab.kill']({ node: 'vz2' })).toEqual({ node: 'vz2', killedProcesses: 3 });
    const revived = await finish(api, (await api['lab.revive']({ node: 'vz2' })).jobId);
    expect(revived.result).toMatchObject({ kind: 'lab.revive', value: { cluster: 'vz-trio' } });
    expect(revived.log).toEqual([
      'reviving lab node vz2',
      'vz2 is back; every running node of lab vz-trio is online',
    ]);
    const down = await finish(api, (await api['lab.down']({ path: '/d/vz.yaml' })).jobId);
    expect(down.result).toEqual({ kind: 'lab.down', value: { cluster: 'vz-trio', nodes: 0 } });
    expect(calls).toEqual(['kill vz2', 'revive vz2', 'down /d/vz.yaml']);
  });

  it("a design's problems reach the job log before the failure", async () => {
    const diagnostic = {
      code: 'node-unfenced',
      severity: 'error' as const,
      elements: ['vz1'],
      message: 'no fencing device can fence node "vz1"',
      fix: 'add a fencing device',
    };
    const { service } = fakeLab({
      up: () =>
        Promise.reject(new LabDesignError('/d/x.yaml: the design has errors', [diagnostic])),
    });
    const api = createServices({ lab: service });
    const failed = await finish(api, (await api['lab.up']({ path: '/d/x.yaml' })).jobId);
    expect(failed.state).toBe('failed');
    expect(failed.error).toBe('/d/x.yaml: the design has errors');
    expect(failed.log).toEqual([
      'starting a lab for /d/x.yaml',
      'error [node-unfenced] vz1: no fencing device can fence node "vz1"\n    fix: add a fencing device',
    ]);
  });

  it('one lab or deploy job at a time: a second is refused while the first runs', async () => {
    let release: () => void = () => undefined;
    const { service, calls } = fakeLab({
      up: () =>
        new Promise((_resolve, reject) => {
          release = () => reject(new LabError('stopped by the test'));
        }),
    });
    const api = createServices({ lab: service });
    const { jobId } = await api['lab.up']({ path: '/d/vz.yaml' });
    await expect(api['deploy.apply']({ path: '/d/vz.yaml', lab: true })).rejects.toThrow(
      `lab.up is still running (${jobId}); wait for it to finish before starting deploy.apply`,
    );
    // Killing a node is exactly what one does while work runs: never held up.
    await expect(api['lab.kill']({ node: 'vz1' })).resolves.toMatchObject({ node: 'vz1' });
    // The status keeps out of the nodes while the lab comes up: the last answer (none yet).
    expect(await api['lab.status']({})).toEqual([]);
    expect(calls).not.toContain('status');
    release();
    expect((await finish(api, jobId)).error).toBe('stopped by the test');
    expect((await api['lab.status']({})).map((l) => l.cluster)).toEqual(['vz-trio']);
    expect(calls.filter((c) => c === 'status')).toHaveLength(1);
  });

  it('lab.standins names what the lab runs in place of real hardware', async () => {
    const api = createServices({ lab: fakeLab().service });
    const view = await api['lab.standins']({ design: loadTemplate('three-node-drbd9-openvz') });
    expect(view.fencingOff).toBe(true);
    expect(
      view.resources.map((r) => `${r.resource}/${r.element}: ${r.agent} → ${r.standIn}`),
    ).toEqual([
      'ct-dns/ct-dns: ocf:linbit:drbd → ocf:pacemaker:Stateful',
      'ct-proxy/ct-proxy: ocf:linbit:drbd → ocf:pacemaker:Stateful',
      'dns_private/dns: ocf:heartbeat:Filesystem → ocf:pacemaker:Dummy',
      'dns/dns: ocf:heartbeat:ManageVE → ocf:pacemaker:Dummy',
      'proxy_private/proxy: ocf:heartbeat:Filesystem → ocf:pacemaker:Dummy',
      'proxy/proxy: ocf:heartbeat:ManageVE → ocf:pacemaker:Dummy',
      'ipmi-vz1/ipmi-vz1: stonith:fence_ipmilan → ocf:pacemaker:Dummy',
      'ipmi-vz2/ipmi-vz2: stonith:fence_ipmilan → ocf:pacemaker:Dummy',
      'ipmi-vz3/ipmi-vz3: stonith:fence_ipmilan → ocf:pacemaker:Dummy',
    ]);
    // The floating IP runs for real inside the namespaces: not a stand-in.
    expect(view.resources.some((r) => r.resource === 'dns-ip')).toBe(false);
    expect(await api['lab.standins']({ design: { nonsense: true } })).toEqual({
      resources: [],
      fencingOff: false,
    });
  });

  it('deploy to a lab that is not running fails with how to start one', async () => {
    const api = createServices({ lab: fakeLab().service, labBaseDir: tmp() });
    const path = templatePathOf('three-node-drbd9-openvz');
    // One after the other: they are cluster work, one job at a time.
    const starts = [
      () => api['deploy.plan']({ path, lab: true }),
      () => api['deploy.apply']({ path, lab: true }),
      () => api['deploy.rollback']({ path, lab: true, dryRun: true }),
    ];
    for (const start of starts) {
      const failed = await finish(api, (await start()).jobId);
      expect(failed.state).toBe('failed');
      expect(failed.error).toBe(
        'no lab runs for cluster "vz-trio"; start one with: clusterwright lab up <design>',
      );
    }
  });

  it('refuses malformed requests before any work, on every channel', async () => {
    const api = createServices({ lab: fakeLab().service });
    await expect(api['jobs.poll']({ id: '../x', since: 0 })).rejects.toThrow(
      /^bad request for jobs.poll/,
    );
    await expect(api['jobs.poll']({ id: 'job-000000000000', since: 0 })).rejects.toThrow(
      /^no job job-000000000000/,
    );
    await expect(api['lab.up']({ path: '' })).rejects.toThrow(/^bad request for lab.up/);
    await expect(
      api['hostkeys.trust']({
        host: '-oProxyCommand=touch /tmp/x',
        port: 22,
        keyType: 'ssh-ed25519',
        fingerprint: `SHA256:${'A'.repeat(43)}`,
      }),
    ).rejects.toThrow(/^bad request for hostkeys.trust/);
    await expect(
      api['hostkeys.trust']({ host: 'n1', port: 22, keyType: 'ssh-ed25519', fingerprint: 'MD5:x' }),
    ).rejects.toThrow(/^bad request for hostkeys.trust/);
    await expect(api['deploy.apply']({ path: '/x.yaml', lab: 'yes' } as never)).rejects.toThrow(
      /^bad request for deploy.apply/,
    );
    // A rollback says whether it is a dry run: it never defaults to changing the nodes.
    await expect(api['deploy.rollback']({ path: '/x.yaml', lab: true } as never)).rejects.toThrow(
      /^bad request for deploy.rollback/,
    );
  });

  it('the renderer, Electron and the contract list the same channels', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual([...CHANNELS].sort());
  });
});

describe('host keys in the deploy dialog (a real SSH handshake on loopback)', () => {
  const servers: ssh2.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  /** An SSH server on 127.0.0.1 with its own host key that lets nobody in. */
  async function sshServer(): Promise<{ port: number; fingerprint: string; publicKey: string }> {
    const key = ssh2.utils.generateKeyPairSync('ed25519');
    const server = new ssh2.Server({ hostKeys: [key.private] }, (client) => {
      client.on('authentication', (ctx) => ctx.reject());
      client.on('error', () => undefined);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const blob = Buffer.from(key.public.split(' ')[1] ?? '', 'base64');
    return {
      port: (server.address() as AddressInfo).port,
      fingerprint: fingerprintOf(blob),
      publicKey: key.public.trim(),
    };
  }

  function designOn(ports: readonly number[]): string {
    const base = loadTemplate('two-node-drbd-kvm');
    const design: Design = {
      ...base,
      nodes: base.nodes.map((n, i) => ({
        ...n,
        ssh: { host: '127.0.0.1', port: ports[i] ?? 1, user: 'root' },
      })),
    };
    const file = join(tmp(), 'pair.yaml');
    writeFileSync(file, serializeDesign(design));
    return file;
  }

  it("keys in the OpenSSH known_hosts files the services are given count for the deploy's logins too", async () => {
    const secrets = ['CLUSTERWRIGHT_SECRET_IPMI_ALPHA', 'CLUSTERWRIGHT_SECRET_IPMI_BETA'];
    for (const k of secrets) process.env[k] = 'not-a-real-password';
    onTestFinished(() => {
      for (const k of secrets) Reflect.deleteProperty(process.env, k);
    });
    const servers = [await sshServer(), await sshServer()];
    const openSsh = join(tmp(), 'ssh_known_hosts');
    writeFileSync(openSsh, servers.map((x) => `[127.0.0.1]:${x.port} ${x.publicKey}\n`).join(''));
    const api = createServices({
      lab: fakeLab().service,
      knownHostsFile: join(tmp(), 'known_hosts'),
      openSshKnownHosts: [openSsh],
    });
    const path = designOn(servers.map((x) => x.port));
    const job = await finish(
      api,
      (await api['deploy.plan']({ path, lab: false, password: 'wrong' })).jobId,
    );
    // No key to confirm: the login itself is tried (and refused by these servers).
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/^cannot reach every node:/);
    expect(job.error).toMatch(/auth/i);
    expect(job.error).not.toMatch(/host key|unknown|nobody has confirmed/i);
  });

  it('plan lists unknown keys with their fingerprints; trusting stores them; a changed key is refused', async () => {
    // The template's IPMI passwords: deploy asks for secrets before it connects anywhere.
    const secrets = ['CLUSTERWRIGHT_SECRET_IPMI_ALPHA', 'CLUSTERWRIGHT_SECRET_IPMI_BETA'];
    for (const k of secrets) process.env[k] = 'not-a-real-password';
    onTestFinished(() => {
      for (const k of secrets) Reflect.deleteProperty(process.env, k);
    });
    const a = await sshServer();
    const b = await sshServer();
    const knownHostsFile = join(tmp(), 'known_hosts');
    const api = createServices({
      lab: fakeLab().service,
      knownHostsFile,
      openSshKnownHosts: [],
    });
    const path = designOn([a.port, b.port]);

    const first = await finish(api, (await api['deploy.plan']({ path, lab: false })).jobId);
    expect(first.state).toBe('done');
    const plan = valueOf(first, 'deploy.plan');
    expect(plan.dryRun).toBeUndefined();
    expect(plan.unreachable).toEqual([]);
    expect(plan.hostKeys.map((k) => [k.node, k.state, k.host, k.port, k.fingerprint])).toEqual([
      ['alpha', 'unknown', '127.0.0.1', a.port, a.fingerprint],
      ['beta', 'unknown', '127.0.0.1', b.port, b.fingerprint],
    ]);
    // Nothing is stored until the user confirms.
    expect(() => readFileSync(knownHostsFile)).toThrow(/ENOENT/);

    for (const k of plan.hostKeys) {
      const { node: _n, state: _s, message: _m, ...key } = k;
      expect(await api['hostkeys.trust'](key)).toEqual({ stored: true });
      expect(await api['hostkeys.trust'](key)).toEqual({ stored: false });
    }
    expect(readFileSync(knownHostsFile, 'utf8')).toBe(
      `127.0.0.1:${a.port} ${a.fingerprint} ssh-ed25519\n127.0.0.1:${b.port} ${b.fingerprint} ssh-ed25519\n`,
    );

    // Both keys trusted: the plan goes on to log in (which these servers refuse).
    const second = await finish(api, (await api['deploy.plan']({ path, lab: false })).jobId);
    expect(second.state).toBe('failed');
    expect(second.error).toMatch(/^cannot reach every node:/);
    expect(second.log.some((l) => /unknown|nobody has confirmed/.test(l))).toBe(false);

    // Node beta comes back with another key: a hard failure, and it cannot be trusted here.
    const c = await sshServer();
    const path2 = designOn([a.port, c.port]);
    writeFileSync(
      knownHostsFile,
      `127.0.0.1:${a.port} ${a.fingerprint} ssh-ed25519\n127.0.0.1:${c.port} ${b.fingerprint} ssh-ed25519\n`,
    );
    const third = await finish(api, (await api['deploy.plan']({ path: path2, lab: false })).jobId);
    const changed = valueOf(third, 'deploy.plan').hostKeys;
    expect(changed.map((k) => [k.node, k.state, k.fingerprint])).toEqual([
      ['beta', 'changed', c.fingerprint],
    ]);
    expect(changed[0]?.message).toMatch(/has CHANGED/);
    await expect(
      api['hostkeys.trust']({
        host: '127.0.0.1',
        port: c.port,
        keyType: 'ssh-ed25519',
        fingerprint: c.fingerprint,
      }),
    ).rejects.toThrow(/already has a different host key on record/);
  });

  it('a node nobody answers on is listed as unreachable, over the web host path too', async () => {
    const a = await sshServer();
    // A port nothing listens on: the server is closed at once.
    const gone = await sshServer();
    await new Promise((r) => servers.pop()?.close(r));
    const api = createServices({
      lab: fakeLab().service,
      knownHostsFile: join(tmp(), 'known_hosts'),
      openSshKnownHosts: [],
    });
    const path = designOn([a.port, gone.port]);
    const started = await handleApiMessage(
      api,
      JSON.stringify({ id: 7, channel: 'deploy.plan', request: { path, lab: false } }),
    );
    expect(started).toMatchObject({ id: 7, ok: true });
    const { jobId } = (started as { response: { jobId: string } }).response;
    const done = await finish(api, jobId);
    const plan = valueOf(done, 'deploy.plan');
    expect(plan.hostKeys.map((k) => k.node)).toEqual(['alpha']);
    expect(plan.unreachable.map((u) => u.node)).toEqual(['beta']);
    expect(plan.unreachable[0]?.error).toMatch(/refused|unreachable|ECONNREFUSED/i);
  });
});
