import { describe, expect, it } from 'vitest';
import type { LiveStatus } from '../../../src/services/liveContract.ts';
import type { DrbdResourceStatus } from '../../../src/monitor/status.ts';
import { cibNames } from '../../../src/services/cibNames.ts';
import { whatIf } from '../../../src/services/whatIf.ts';
import {
  liveOverlay,
  shareUnchanged,
  whatIfOverlay,
} from '../../../renderer/src/canvas/overlayModel.ts';
import { loadTemplate } from '../../support/designs.ts';

const design = loadTemplate('three-node-drbd9-openvz');
const elements = Object.fromEntries(cibNames(design).elementOf);

type Report = LiveStatus['report'];

function status(over: Partial<Report> = {}): LiveStatus {
  return {
    report: {
      cluster: 'vz-trio',
      collectedAt: '2025-01-01T10:00:00.000Z',
      source: 'vz2',
      nodes: ['vz1', 'vz2', 'vz3'].map((name) => ({
        name,
        online: name !== 'vz3',
        standby: name === 'vz2',
        unclean: false,
        reachable: name !== 'vz3',
      })),
      resources: [
        { id: 'ct-dns', role: 'Promoted', running_on: ['vz1'] },
        { id: 'ct-dns', role: 'Unpromoted', running_on: ['vz2'] },
        { id: 'ct-dns', role: 'Stopped', running_on: [] },
        { id: 'dns_private', role: 'Started', running_on: ['vz1'] },
        { id: 'dns', role: 'Started', running_on: ['vz1'] },
        { id: 'proxy_private', role: 'Stopped', running_on: [] },
        { id: 'proxy', role: 'Stopped', running_on: [] },
      ],
      failures: [
        {
          resource: 'proxy_private',
          operation: 'start',
          node: 'vz2',
          exitCode: 1,
          exitStatus: 'error',
          exitReason: 'mount failed',
          status: 'complete',
          lastChange: '',
        },
      ],
      unreachable: [{ node: 'vz3', error: 'cannot reach root@10.97.0.13:22 (ECONNREFUSED)' }],
      stonithEnabled: false,
      ...over,
    },
    events: [],
    elements,
    elapsedMs: 12,
  };
}

describe('live overlay: per-element badges from a status report', () => {
  const overlay = liveOverlay(design, status());

  it('nodes: online, standby, offline and unreachable, and the crm_mon source', () => {
    expect(overlay.vz1).toEqual({
      state: 'online',
      on: [],
      badges: [{ text: 'online', tone: 'ok' }],
    });
    expect(overlay.vz2?.state).toBe('standby');
    expect(overlay.vz2?.badges.map((b) => b.text)).toEqual(['standby', 'crm_mon source']);
    expect(overlay.vz3?.state).toBe('offline');
    expect(overlay.vz3?.badges).toEqual([
      { text: 'offline', tone: 'bad' },
      {
        text: 'unreachable',
        tone: 'bad',
        title: 'cannot reach root@10.97.0.13:22 (ECONNREFUSED)',
      },
    ]);
  });

  it('a promotable DRBD resource: where it is promoted, and every role', () => {
    expect(overlay['ct-dns']).toEqual({
      state: 'running',
      on: ['vz1'],
      badges: [
        { text: 'running on vz1 (Promoted)', tone: 'ok' },
        { text: 'running on vz2 (Unpromoted)', tone: 'info' },
      ],
    });
  });

  it('a container: where it runs; a stopped one with its failed member', () => {
    expect(overlay.dns).toEqual({
      state: 'running',
      on: ['vz1'],
      badges: [{ text: 'running on vz1 (Started)', tone: 'ok' }],
    });
    expect(overlay.proxy?.state).toBe('failed');
    expect(overlay.proxy?.on).toEqual([]);
    expect(overlay.proxy?.badges.map((b) => b.text)).toEqual([
      'stopped',
      'failed: start on vz2',
      'proxy_private stopped',
    ]);
    expect(overlay.proxy?.badges[1]?.title).toBe('proxy_private: mount failed (rc 1)');
  });

  it('a resource crm_mon does not know about says so', () => {
    expect(overlay['dns-ip']?.badges[0]).toEqual({ text: 'not in the cluster', tone: 'bad' });
  });

  it('no crm_mon answer: nodes and resources are unknown, not offline or stopped', () => {
    const blind = liveOverlay(
      design,
      status({ error: 'no node could be reached', resources: [], failures: [] }),
    );
    expect(blind.vz1?.state).toBe('unknown');
    expect(blind.dns?.state).toBe('unknown');
    expect(blind.dns?.badges[0]?.text).toBe('status unknown');
  });

  it('DRBD and VM details from the nodes whose collectors answered', () => {
    const base = status();
    const drbd: DrbdResourceStatus = {
      name: 'ct-dns',
      role: 'Secondary',
      volumes: [{ volume: 0, minor: 20, disk: 'Inconsistent' }],
      peers: [
        {
          peer: 'vz1',
          connection: 'Connected',
          peerRole: 'Primary',
          volumes: [
            {
              volume: 0,
              replication: 'SyncTarget',
              peerDisk: 'UpToDate',
              percentInSync: 40,
              resyncDone: 42.5,
            },
          ],
        },
      ],
    };
    const detailed: LiveStatus = {
      ...base,
      report: {
        ...base.report,
        nodes: base.report.nodes.map((n) =>
          n.name === 'vz2'
            ? { ...n, drbd: { state: 'ok', value: [drbd] } }
            : n.name === 'vz1'
              ? {
                  ...n,
                  vms: { state: 'ok', value: [{ name: 'dns', state: 'running' }] },
                  drbd: { state: 'absent', reason: 'no DRBD kernel module' },
                }
              : n,
        ),
      },
    };
    const o = liveOverlay(design, detailed);
    expect(o['ct-dns']?.badges).toContainEqual({
      text: 'vz2: Secondary Inconsistent · sync 42.5%',
      tone: 'warn',
    });
    expect(o.dns?.badges).toContainEqual({ text: 'vz1: running', tone: 'info' });
  });

  it('an unchanged element keeps its object, so its card does not redraw', () => {
    const again = liveOverlay(design, status());
    const shared = shareUnchanged(overlay, again);
    expect(shared).toBe(overlay);
    const moved = liveOverlay(
      design,
      status({ resources: [{ id: 'dns', role: 'Started', running_on: ['vz2'] }] }),
    );
    const next = shareUnchanged(overlay, moved);
    expect(next).not.toBe(overlay);
    expect(next.vz1).toBe(overlay.vz1);
    expect(next.dns?.on).toEqual(['vz2']);
  });
});

describe('what-if overlay', () => {
  it('failing vz1: it fails, the others survive, its resources move', async () => {
    const result = await whatIf(design, ['vz1'], { crm: false });
    const o = whatIfOverlay(design, result);
    expect(o.vz1).toEqual({
      state: 'failed',
      on: [],
      badges: [{ text: 'fails (what-if)', tone: 'bad' }],
    });
    expect(o.vz2?.state).toBe('survives');
    expect(o.dns).toEqual({
      state: 'moves',
      on: ['vz2'],
      badges: [{ text: 'moves vz1 → vz2', tone: 'warn' }],
    });
    expect(o['ct-dns']?.state).toBe('moves');
    expect(o['ct-dns']?.on).toEqual(['vz2']);
    expect(o['ct-dns']?.badges).toContainEqual({ text: 'promoted on vz2', tone: 'warn' });
    expect(o.proxy).toEqual({
      state: 'stays',
      on: ['vz2'],
      badges: [{ text: 'stays on vz2', tone: 'ok' }],
    });
  });

  it('failing two of three nodes: no quorum, nothing can be placed', async () => {
    const result = await whatIf(design, ['vz1', 'vz2'], { crm: false });
    const o = whatIfOverlay(design, result);
    expect(o.vz3?.badges[0]).toEqual({ text: 'survives, no quorum', tone: 'bad' });
    expect(o.dns?.state).toBe('unplaced');
    expect(o.dns?.badges[0]?.text).toBe('cannot be placed');
    expect(o.dns?.badges[0]?.title).toMatch(/quorum/);
  });
});
