import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CrmMonParseError,
  parseCrmMon,
  summariseResources,
} from '../../src/monitor/parsers/crmMon.ts';
import {
  DrbdStatusParseError,
  parseDrbdStatusJson,
  parseProcDrbd,
} from '../../src/monitor/parsers/drbdStatus.ts';
import { IscsiParseError, parseIscsiSessions } from '../../src/monitor/parsers/iscsiSession.ts';
import { VirshParseError, parseDomstate, parseVirshList } from '../../src/monitor/parsers/virsh.ts';

/** Resources by id and role, whatever order the parser found them in. */
const sorted = <T extends { id: string; role: string }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => `${a.id} ${a.role}`.localeCompare(`${b.id} ${b.role}`));

/** Fixtures and where each comes from: fixtures/README.md. */
const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('crm_mon XML recorded from a real lab (fixtures/README.md)', () => {
  it('every node online: the DC, quorum, a promoted clone, a VM stand-in and its group', () => {
    const s = parseCrmMon(fixture('lab-all-online.crm_mon.xml'));
    expect(s.nodes.map((n) => [n.name, n.online, n.isDc])).toEqual([
      ['cwrec-a', true, false],
      ['cwrec-b', true, false],
      ['cwrec-c', true, true],
    ]);
    expect(s).toMatchObject({ quorum: true, dc: 'cwrec-c', stonithEnabled: false, failures: [] });
    expect(sorted(summariseResources(s.resources))).toEqual([
      { id: 'drbd-r0', role: 'Promoted', running_on: ['cwrec-b'] },
      { id: 'drbd-r0', role: 'Stopped', running_on: [] },
      { id: 'drbd-r0', role: 'Unpromoted', running_on: ['cwrec-a'] },
      { id: 'vm-web', role: 'Started', running_on: ['cwrec-a'] },
      { id: 'web-fs', role: 'Started', running_on: ['cwrec-a'] },
      { id: 'web-ip', role: 'Started', running_on: ['cwrec-a'] },
    ]);
    expect(s.resources.find((r) => r.id === 'web-fs')?.parent).toBe('web-group');
    expect(s.resources.find((r) => r.id === 'drbd-r0')?.parent).toBe('drbd-r0-clone');
  });

  it('a failed monitor: the failed action and its fail count', () => {
    const s = parseCrmMon(fixture('lab-failed-action.crm_mon.xml'));
    expect(s.failures).toEqual([
      {
        resource: 'vm-web',
        operation: 'monitor',
        node: 'cwrec-a',
        exitCode: 7,
        exitStatus: 'not running',
        exitReason: '',
        status: 'complete',
        lastChange: '2026-11-29 16:05:07Z',
      },
    ]);
    expect(s.failCounts).toEqual([{ node: 'cwrec-a', resource: 'vm-web', count: 1 }]);
  });

  it('a node killed: offline, and its VM and group started on a survivor', () => {
    const s = parseCrmMon(fixture('lab-node-down.crm_mon.xml'));
    expect(s.nodes.find((n) => n.name === 'cwrec-a')).toMatchObject({
      online: false,
      unclean: false,
      resourcesRunning: 0,
    });
    expect(sorted(summariseResources(s.resources))).toEqual([
      { id: 'drbd-r0', role: 'Promoted', running_on: ['cwrec-b'] },
      { id: 'drbd-r0', role: 'Stopped', running_on: [] },
      { id: 'vm-web', role: 'Started', running_on: ['cwrec-c'] },
      { id: 'web-fs', role: 'Started', running_on: ['cwrec-c'] },
      { id: 'web-ip', role: 'Started', running_on: ['cwrec-c'] },
    ]);
    expect(s.quorum).toBe(true);
  });

  it('crm_mon where Pacemaker does not run: its own reason, as an error', () => {
    expect(() => parseCrmMon(fixture('not-connected.crm_mon.xml'))).toThrow(
      /crm_mon: Not connected \(code 102\): .*Connection to cluster failed/,
    );
  });
});

describe('crm_mon XML recorded from crm_mon over crm_simulate CIBs (record-crm-mon.sh)', () => {
  it('all nodes online, a promoted clone, a group and a VM', () => {
    const s = parseCrmMon(fixture('all-online.crm_mon.xml'));
    expect(s.nodes.map((n) => [n.name, n.online])).toEqual([
      ['n1', true],
      ['n2', true],
      ['n3', true],
    ]);
    expect(summariseResources(s.resources)).toEqual(
      expect.arrayContaining([
        { id: 'drbd-r0', role: 'Promoted', running_on: ['n1'] },
        { id: 'drbd-r0', role: 'Unpromoted', running_on: ['n2'] },
        { id: 'vm-web', role: 'Started', running_on: ['n1'] },
      ]),
    );
  });

  it('a node down and a failed action', () => {
    expect(parseCrmMon(fixture('node-down.crm_mon.xml')).nodes[0]).toMatchObject({
      name: 'n1',
      online: false,
    });
    expect(parseCrmMon(fixture('failed-action.crm_mon.xml')).failCounts).toContainEqual({
      node: 'n1',
      resource: 'vm-web',
      count: 1,
    });
  });

  it('refuses what is not crm_mon output', () => {
    expect(() => parseCrmMon('<cib/>')).toThrow(CrmMonParseError);
    expect(() => parseCrmMon('crm_mon: Error: cluster is not available on this node')).toThrow(
      CrmMonParseError,
    );
  });
});

describe('DRBD 9: drbdsetup status --json --verbose --statistics (drbd-utils 9.22 layout)', () => {
  const [web, db, vz] = parseDrbdStatusJson(fixture('drbd9-status.json'));

  it('a partial resync: how much is in sync, how much of the resync is done, time left', () => {
    expect(web).toMatchObject({
      name: 'vm-web',
      role: 'Primary',
      suspended: false,
      volumes: [{ volume: 0, minor: 0, disk: 'UpToDate', quorum: true }],
    });
    expect(web!.peers).toEqual([
      {
        peer: 'beta',
        connection: 'Connected',
        peerRole: 'Secondary',
        volumes: [
          {
            volume: 0,
            replication: 'SyncSource',
            peerDisk: 'Inconsistent',
            percentInSync: 95,
            resyncDone: 75,
            resyncEtaSeconds: 17,
            outOfSyncKiB: 524288,
          },
        ],
      },
    ]);
  });

  it('a peer out of reach: connecting, outdated, no quorum, I/O suspended', () => {
    expect(db).toMatchObject({ role: 'Secondary', suspended: true });
    expect(db!.volumes[0]).toMatchObject({ disk: 'Outdated', quorum: false });
    expect(db!.peers[0]).toMatchObject({ connection: 'Connecting', peerRole: 'Unknown' });
    expect(db!.peers[0]!.volumes[0]).toEqual({
      volume: 0,
      replication: 'Off',
      peerDisk: 'DUnknown',
      percentInSync: 100,
      outOfSyncKiB: 0,
    });
  });

  it('three replicas and two volumes: SyncTarget of one peer on volume 1 only', () => {
    expect(vz!.volumes.map((v) => [v.volume, v.minor, v.disk])).toEqual([
      [0, 2, 'UpToDate'],
      [1, 3, 'Inconsistent'],
    ]);
    expect(vz!.peers.map((p) => [p.peer, p.peerRole])).toEqual([
      ['beta', 'Primary'],
      ['gamma', 'Secondary'],
    ]);
    const gamma = vz!.peers[1]!.volumes;
    expect(gamma[0]).toMatchObject({ replication: 'Established', percentInSync: 100 });
    expect(gamma[0]!.resyncDone).toBeUndefined();
    expect(gamma[1]).toMatchObject({
      replication: 'SyncTarget',
      percentInSync: 40,
      resyncDone: 40,
      resyncEtaSeconds: 82,
    });
  });

  it('no resource up is an empty list; what is not DRBD 9 status is refused', () => {
    expect(parseDrbdStatusJson('[\n]\n\n')).toEqual([]);
    expect(parseDrbdStatusJson('')).toEqual([]);
    expect(() => parseDrbdStatusJson('drbdsetup: command not found')).toThrow(DrbdStatusParseError);
    expect(() => parseDrbdStatusJson('{"name":"x"}')).toThrow(DrbdStatusParseError);
    expect(() => parseDrbdStatusJson('[{"devices":[]}]')).toThrow(/without a name or role/);
  });

  it('drbdsetup\'s "no estimate yet" is no estimate', () => {
    const text = fixture('drbd9-status.json').replace(
      '"estimated-seconds-to-finish": 17',
      '"estimated-seconds-to-finish": 987654321',
    );
    expect(parseDrbdStatusJson(text)[0]!.peers[0]!.volumes[0]!.resyncEtaSeconds).toBeUndefined();
  });
});

describe('DRBD 8.4: /proc/drbd (drbd_proc.c layout)', () => {
  const gib = 1024 * 1024;
  const minors = new Map([
    [0, { name: 'r0', volume: 0, peer: 'beta', sizeKiB: 8 * gib }],
    [1, { name: 'r1', volume: 0, peer: 'beta', sizeKiB: 4 * gib }],
    [2, { name: 'r2', volume: 0, peer: 'beta', sizeKiB: 4 * gib }],
    [4, { name: 'r4', volume: 0, peer: 'gamma', sizeKiB: 2 * gib }],
  ]);
  const resources = parseProcDrbd(fixture('drbd84-proc.txt'), minors);
  const byName = (n: string) => resources.find((r) => r.name === n)!;

  it('a resync in progress shown in MiB: done per cent, time left, how much is in sync', () => {
    expect(byName('r0')).toMatchObject({
      role: 'Primary',
      volumes: [{ minor: 0, disk: 'UpToDate' }],
    });
    expect(byName('r0').peers).toEqual([
      {
        peer: 'beta',
        connection: 'Connected',
        peerRole: 'Secondary',
        volumes: [
          {
            volume: 0,
            replication: 'SyncSource',
            peerDisk: 'Inconsistent',
            percentInSync: 62.5,
            resyncDone: 62.6,
            resyncEtaSeconds: 31,
            outOfSyncKiB: 3145728,
          },
        ],
      },
    ]);
  });

  it('a SyncTarget shown in KiB, a connected pair, a peer being waited for', () => {
    expect(byName('r2').peers[0]!.volumes[0]).toMatchObject({
      replication: 'SyncTarget',
      resyncDone: 25.3,
      resyncEtaSeconds: 38,
      percentInSync: 81.25,
    });
    expect(byName('r1').peers[0]).toMatchObject({
      connection: 'Connected',
      peerRole: 'Primary',
      volumes: [{ replication: 'Established', peerDisk: 'UpToDate', percentInSync: 100 }],
    });
    expect(byName('r4').peers[0]).toMatchObject({
      peer: 'gamma',
      connection: 'Connecting',
      peerRole: 'Unknown',
      volumes: [{ replication: 'Off', peerDisk: 'DUnknown', outOfSyncKiB: 4096 }],
    });
  });

  it('skips unconfigured minors and names minors the design does not know', () => {
    expect(resources.map((r) => r.name)).toEqual(['r0', 'r1', 'r2', 'r4']);
    const unnamed = parseProcDrbd(fixture('drbd84-proc.txt'), new Map());
    expect(unnamed.map((r) => r.name)).toEqual(['minor-0', 'minor-1', 'minor-2', 'minor-4']);
  });

  it('refuses what is not /proc/drbd of DRBD 8', () => {
    expect(() => parseProcDrbd('cat: /proc/drbd: No such file or directory', minors)).toThrow(
      DrbdStatusParseError,
    );
    expect(() =>
      parseProcDrbd(
        'version: 9.2.8 (api:2/proto:86-122)\nTransports (api:21): tcp (9.2.8)\n',
        minors,
      ),
    ).toThrow(/not \/proc\/drbd of DRBD 8/);
  });
});

describe('virsh (recorded from libvirt test driver)', () => {
  it('reads every domain with its state, a state of two words included', () => {
    expect(parseVirshList(fixture('virsh-list-all.txt'))).toEqual([
      { name: 'web', state: 'running' },
      { name: 'mail', state: 'paused' },
      { name: 'crashy', state: 'crashed' },
      { name: 'db', state: 'shut off' },
    ]);
  });

  it('keeps a name with spaces whole (cells cut at the headings)', () => {
    const text =
      ' Id   Name         State\n------------------------------\n 7    web server   in shutdown\n';
    expect(parseVirshList(text)).toEqual([{ name: 'web server', state: 'in shutdown' }]);
  });

  it('an empty table is no domain; other text is refused', () => {
    expect(parseVirshList(' Id   Name   State\n--------------------\n\n')).toEqual([]);
    expect(() => parseVirshList('error: failed to connect to the hypervisor')).toThrow(
      VirshParseError,
    );
  });

  it('domstate --reason: state and reason', () => {
    expect(parseDomstate('paused (migrating)\n\n')).toEqual({
      state: 'paused',
      reason: 'migrating',
    });
    expect(parseDomstate('shut off (crashed)\n')).toEqual({ state: 'shut off', reason: 'crashed' });
    expect(parseDomstate('running\n')).toEqual({ state: 'running' });
  });
});

describe('iscsiadm -m session (open-iscsi flat layout)', () => {
  it('reads IPv4 and IPv6 portals, with and without the flash suffix', () => {
    expect(parseIscsiSessions(fixture('iscsiadm-session.txt'))).toEqual([
      {
        transport: 'tcp',
        sid: 1,
        portal: '10.20.0.50',
        port: 3260,
        tpgt: 1,
        target: 'iqn.2025-01.org.example:storage.web',
      },
      {
        transport: 'tcp',
        sid: 2,
        portal: '10.20.0.51',
        port: 3260,
        tpgt: 1,
        target: 'iqn.2025-01.org.example:storage.db',
      },
      {
        transport: 'tcp',
        sid: 4,
        portal: 'fd00:20::50',
        port: 3261,
        tpgt: 2,
        target: 'iqn.2025-01.org.example:storage.mail',
      },
    ]);
  });

  it('refuses a line that is not a session', () => {
    expect(() => parseIscsiSessions('iscsiadm: No active sessions.')).toThrow(IscsiParseError);
  });
});
