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
import { parseVirshList } from '../../src/monitor/parsers/virsh.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('crm_mon XML (recorded from real crm_mon, see fixtures/record-crm-mon.sh)', () => {
  it('all nodes online, a promoted clone, a group and a VM', () => {
    const s = parseCrmMon(fixture('all-online.crm_mon.xml'));
    expect(s.nodes.map((n) => [n.name, n.online])).toEqual([
      ['n1', true],
      ['n2', true],
      ['n3', true],
    ]);
    expect(s.stonithEnabled).toBe(false);
    const summary = summariseResources(s.resources);
    expect(summary).toEqual(
      expect.arrayContaining([
        { id: 'drbd-r0', role: 'Promoted', running_on: ['n1'] },
        { id: 'drbd-r0', role: 'Unpromoted', running_on: ['n2'] },
        { id: 'vm-web', role: 'Started', running_on: ['n1'] },
        { id: 'web-ip', role: 'Started', running_on: ['n1'] },
      ]),
    );
    expect(s.resources.find((r) => r.id === 'web-fs')?.parent).toBe('web-group');
    expect(s.resources.find((r) => r.id === 'drbd-r0')?.parent).toBe('drbd-r0-clone');
    expect(s.failures).toEqual([]);
  });

  it('a node down: it is offline and its resources run elsewhere', () => {
    const s = parseCrmMon(fixture('node-down.crm_mon.xml'));
    expect(s.nodes.find((n) => n.name === 'n1')).toMatchObject({
      online: false,
      resourcesRunning: 0,
    });
    const vm = s.resources.find((r) => r.id === 'vm-web');
    expect(vm).toMatchObject({ role: 'Started', runningOn: ['n3'] });
  });

  it('a failed action with its fail count', () => {
    const s = parseCrmMon(fixture('failed-action.crm_mon.xml'));
    expect(s.failures).toEqual([
      expect.objectContaining({
        resource: 'vm-web',
        operation: 'monitor',
        node: 'n1',
        exitCode: 7,
        status: 'complete',
      }),
    ]);
    expect(s.failCounts).toContainEqual({ node: 'n1', resource: 'vm-web', count: 1 });
  });

  it('refuses what is not crm_mon output', () => {
    expect(() => parseCrmMon('<cib/>')).toThrow(CrmMonParseError);
    expect(() => parseCrmMon('crm_mon: Error: cluster is not available on this node')).toThrow(
      CrmMonParseError,
    );
  });
});

describe('DRBD state', () => {
  it('drbdsetup status --json during a resync and with a disconnected peer', () => {
    const [web, db] = parseDrbdStatusJson(fixture('drbd9-resync.status.json'));
    expect(web).toMatchObject({
      name: 'vm-web',
      role: 'Primary',
      volumes: [{ volume: 0, minor: 0, disk: 'UpToDate', quorum: true }],
    });
    expect(web!.peers[0]).toMatchObject({
      peer: 'beta',
      connection: 'Connected',
      peerRole: 'Secondary',
    });
    expect(web!.peers[0]!.volumes[0]).toEqual({
      volume: 0,
      replication: 'SyncSource',
      peerDisk: 'Inconsistent',
      percentInSync: 45.01,
    });
    expect(db!.peers[0]).toMatchObject({ connection: 'Connecting', peerRole: 'Unknown' });
    expect(db!.volumes[0]).toMatchObject({ disk: 'Outdated', quorum: false });
  });

  it('/proc/drbd of DRBD 8.4 with a resync in progress, mapped to resource names', () => {
    const minors = new Map([
      [0, { name: 'r0', volume: 0, peer: 'beta' }],
      [1, { name: 'r1', volume: 0, peer: 'beta' }],
      [2, { name: 'r2', volume: 0, peer: 'beta' }],
    ]);
    const [r0, r1, r2] = parseProcDrbd(fixture('drbd84-resync.proc_drbd.txt'), minors);
    expect(r0).toMatchObject({
      name: 'r0',
      role: 'Primary',
      volumes: [{ minor: 0, disk: 'UpToDate' }],
    });
    expect(r0!.peers[0]!.volumes[0]).toEqual({
      volume: 0,
      replication: 'SyncSource',
      peerDisk: 'Inconsistent',
      percentInSync: 62.5,
    });
    expect(r1!.peers[0]).toMatchObject({ connection: 'Connected', peerRole: 'Primary' });
    expect(r2!.peers[0]).toMatchObject({ connection: 'WFConnection', peerRole: 'Unknown' });
  });

  it('refuses output that is not DRBD state', () => {
    expect(() => parseDrbdStatusJson('drbdsetup: command not found')).toThrow(DrbdStatusParseError);
    expect(() => parseDrbdStatusJson('{"name":"x"}')).toThrow(DrbdStatusParseError);
    expect(() => parseProcDrbd('cat: /proc/drbd: No such file or directory', new Map())).toThrow(
      DrbdStatusParseError,
    );
  });
});

describe('virsh list', () => {
  it('reads running, paused and shut-off domains', () => {
    expect(parseVirshList(fixture('virsh-list-all.txt'))).toEqual([
      { name: 'web', state: 'running' },
      { name: 'mail', state: 'paused' },
      { name: 'db', state: 'shut off' },
    ]);
  });
});
