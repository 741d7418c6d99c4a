import { describe, expect, it } from 'vitest';
import type { StatusMemory, StatusSnapshot } from '../../src/monitor/events.ts';
import { describeEvent, statusEvents } from '../../src/monitor/events.ts';
import { parseCrmMon, summariseResources } from '../../src/monitor/parsers/crmMon.ts';
import { readFileSync } from 'node:fs';

type Res = StatusSnapshot['resources'][number];
type Node = StatusSnapshot['nodes'][number];

const node = (name: string, over: Partial<Node> = {}): Node => ({
  name,
  online: true,
  standby: false,
  unclean: false,
  reachable: true,
  ...over,
});

const snap = (
  nodes: readonly Node[],
  resources: readonly Res[],
  over: Partial<StatusSnapshot> = {},
): StatusSnapshot => ({
  collectedAt: '2025-01-01T00:00:00.000Z',
  nodes,
  resources,
  failures: [],
  ...over,
});

const three = (over: Record<string, Partial<Node>> = {}): Node[] =>
  ['a', 'b', 'c'].map((n) => node(n, over[n]));

/** Feeds the snapshots in order and returns the events of each step after the first. */
function run(...snapshots: StatusSnapshot[]) {
  let memory: StatusMemory | undefined;
  return snapshots.map((s) => {
    const r = statusEvents(memory, s);
    memory = r.memory;
    return r.events;
  });
}

describe('statusEvents', () => {
  it('reports nothing on the first collect and nothing when nothing changed', () => {
    const s = snap(three(), [{ id: 'vm', role: 'Started', running_on: ['a'] }]);
    expect(run(s, s)).toEqual([[], []]);
  });

  it('a node lost and its VM failed over in one step', () => {
    const [, step] = run(
      snap(three(), [{ id: 'vm', role: 'Started', running_on: ['a'] }]),
      snap(three({ a: { online: false, reachable: false } }), [
        { id: 'vm', role: 'Started', running_on: ['b'] },
      ]),
    );
    expect(step).toEqual([
      { kind: 'node-lost', node: 'a' },
      { kind: 'node-unreachable', node: 'a' },
      { kind: 'failover', resource: 'vm', from: 'a', to: 'b', nodeLost: true },
    ]);
    expect(describeEvent(step![2]!)).toBe('vm failed over from a to b');
  });

  it('a failover seen over several collects (stopped in between) is still one failover', () => {
    const steps = run(
      snap(three(), [{ id: 'vm', role: 'Started', running_on: ['a'] }]),
      snap(three({ a: { online: false } }), [{ id: 'vm', role: 'Stopped', running_on: [] }]),
      snap(three({ a: { online: false } }), [{ id: 'vm', role: 'Stopped', running_on: [] }]),
      snap(three({ a: { online: false } }), [{ id: 'vm', role: 'Started', running_on: ['c'] }]),
    );
    expect(steps[1]).toEqual([
      { kind: 'node-lost', node: 'a' },
      { kind: 'resource-stopped', resource: 'vm', from: 'a' },
    ]);
    expect(steps[2]).toEqual([]);
    expect(steps[3]).toEqual([
      { kind: 'failover', resource: 'vm', from: 'a', to: 'c', nodeLost: true },
    ]);
  });

  it('a move between online nodes is a move, not a failover; a restart in place is a start', () => {
    const steps = run(
      snap(three(), [{ id: 'ip', role: 'Started', running_on: ['a'] }]),
      snap(three(), [{ id: 'ip', role: 'Started', running_on: ['b'] }]),
      snap(three(), [{ id: 'ip', role: 'Stopped', running_on: [] }]),
      snap(three(), [{ id: 'ip', role: 'Started', running_on: ['b'] }]),
    );
    expect(steps[1]).toEqual([
      { kind: 'failover', resource: 'ip', from: 'a', to: 'b', nodeLost: false },
    ]);
    expect(describeEvent(steps[1]![0]!)).toBe('ip moved from a to b');
    expect(steps[2]).toEqual([{ kind: 'resource-stopped', resource: 'ip', from: 'b' }]);
    expect(steps[3]).toEqual([{ kind: 'resource-started', resource: 'ip', node: 'b' }]);
  });

  it('promotion and demotion of a promotable clone; its promoted role failing over', () => {
    const drbd = (promoted: string[], unpromoted: string[]): Res[] => [
      { id: 'r0', role: 'Promoted', running_on: promoted },
      { id: 'r0', role: 'Unpromoted', running_on: unpromoted },
    ];
    const steps = run(
      snap(three(), drbd(['a'], ['b', 'c'])),
      // Planned switch-over: a demoted, then b promoted.
      snap(three(), [{ id: 'r0', role: 'Unpromoted', running_on: ['a', 'b', 'c'] }]),
      snap(three(), drbd(['b'], ['a', 'c'])),
      // b dies: no promoted instance for a while, then c.
      snap(three({ b: { online: false } }), [
        { id: 'r0', role: 'Unpromoted', running_on: ['a', 'c'] },
      ]),
      snap(three({ b: { online: false } }), drbd(['c'], ['a'])),
    );
    expect(steps[1]).toEqual([{ kind: 'demoted', resource: 'r0', node: 'a' }]);
    expect(steps[2]).toEqual([
      { kind: 'promoted', resource: 'r0', node: 'b' },
      { kind: 'failover', resource: 'r0', from: 'a', to: 'b', nodeLost: false },
    ]);
    // Still running unpromoted: no "stopped", and a lost node is not "demoted".
    expect(steps[3]).toEqual([{ kind: 'node-lost', node: 'b' }]);
    expect(steps[4]).toEqual([
      { kind: 'promoted', resource: 'r0', node: 'c' },
      { kind: 'failover', resource: 'r0', from: 'b', to: 'c', nodeLost: true },
    ]);
  });

  it('node standby, resume, unclean and rejoin', () => {
    const steps = run(
      snap(three(), []),
      snap(three({ a: { standby: true } }), []),
      snap(three(), []),
      snap(three({ c: { online: false, unclean: true } }), []),
      snap(three(), []),
    );
    expect(steps.slice(1)).toEqual([
      [{ kind: 'node-standby', node: 'a' }],
      [{ kind: 'node-resumed', node: 'a' }],
      [
        { kind: 'node-lost', node: 'c' },
        { kind: 'node-unclean', node: 'c' },
      ],
      [{ kind: 'node-joined', node: 'c' }],
    ]);
  });

  it('a new failed action is reported once', () => {
    const failure = {
      resource: 'vm',
      operation: 'start',
      node: 'b',
      exitReason: 'not installed',
      exitCode: 5,
    };
    const steps = run(
      snap(three(), []),
      snap(three(), [], { failures: [failure] }),
      snap(three(), [], { failures: [failure] }),
      snap(three(), [], { failures: [{ ...failure, exitReason: '', operation: 'monitor' }] }),
    );
    expect(steps[1]).toEqual([
      {
        kind: 'resource-failed',
        resource: 'vm',
        node: 'b',
        operation: 'start',
        reason: 'not installed',
      },
    ]);
    expect(steps[2]).toEqual([]);
    expect(steps[3]).toEqual([
      {
        kind: 'resource-failed',
        resource: 'vm',
        node: 'b',
        operation: 'monitor',
        reason: 'exit code 5',
      },
    ]);
  });

  it('a collect where no crm_mon answered says nothing about resources, and the next one does not invent a start', () => {
    const running = snap(three(), [{ id: 'vm', role: 'Started', running_on: ['a'] }]);
    const blind = snap(three({ a: { online: false, reachable: false } }), [], {
      error: 'no node could be reached',
    });
    const steps = run(running, blind, running);
    expect(steps[1]).toEqual([{ kind: 'node-unreachable', node: 'a' }]);
    expect(steps[2]).toEqual([{ kind: 'node-reachable', node: 'a' }]);
  });

  it('reads the recorded crm_mon outputs: all online, then a node down', () => {
    const read = (f: string): StatusSnapshot => {
      const s = parseCrmMon(readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8'));
      return snap(
        s.nodes.map((n) => node(n.name, { online: n.online, unclean: n.unclean })),
        summariseResources(s.resources),
      );
    };
    const [, step] = run(read('all-online.crm_mon.xml'), read('node-down.crm_mon.xml'));
    expect(step).toContainEqual({ kind: 'node-lost', node: 'n1' });
    expect(step).toContainEqual({
      kind: 'failover',
      resource: 'vm-web',
      from: 'n1',
      to: 'n3',
      nodeLost: true,
    });
  });
});
