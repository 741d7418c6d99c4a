import type { Design } from '../../../src/model/types.ts';
import type { LiveStatus, WhatIfResult } from '../../../src/services/liveContract.ts';
import { resourceNames } from '../design/resources.ts';

/**
 * What the canvas overlays on each element, derived from a live status report or a what-if
 * simulation: plain data, so the derivation is tested without a browser.
 */
export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'muted';

export interface OverlayBadge {
  readonly text: string;
  readonly tone: Tone;
  readonly title?: string;
}

export interface ElementOverlay {
  /**
   * Nodes: online, offline, standby, unclean, unknown; what-if: failed, survives.
   * Resources: running, stopped, failed, unknown; what-if: moves, stays, unplaced.
   */
  readonly state: string;
  /** Where a resource runs in its main role (Promoted for DRBD), in design node names. */
  readonly on: readonly string[];
  readonly badges: readonly OverlayBadge[];
}

export type Overlay = Readonly<Record<string, ElementOverlay>>;

type Report = LiveStatus['report'];

const ACTIVE_ROLES = new Set(['Started', 'Promoted', 'Unpromoted', 'Migrating', 'Starting']);

function nodeOverlay(report: Report, name: string): ElementOverlay | undefined {
  const n = report.nodes.find((x) => x.name === name);
  if (!n) return undefined;
  const unreachable = report.unreachable.find((u) => u.node === name);
  // Without any crm_mon answer membership is unknown; reachability still is.
  const state =
    report.error !== undefined
      ? 'unknown'
      : n.unclean
        ? 'unclean'
        : !n.online
          ? 'offline'
          : n.standby
            ? 'standby'
            : 'online';
  const tone: Tone =
    state === 'online' ? 'ok' : state === 'standby' || state === 'unknown' ? 'warn' : 'bad';
  const badges: OverlayBadge[] = [
    {
      text: state,
      tone,
      ...(state === 'unknown' ? { title: report.error ?? '' } : {}),
    },
  ];
  if (!n.reachable)
    badges.push({ text: 'unreachable', tone: 'bad', title: unreachable?.error ?? '' });
  if (report.source === name) badges.push({ text: 'crm_mon source', tone: 'muted' });
  return { state, on: [], badges };
}

function resourceOverlay(
  report: Report,
  elements: Readonly<Record<string, string>>,
  name: string,
): ElementOverlay {
  if (report.error !== undefined)
    return {
      state: 'unknown',
      on: [],
      badges: [{ text: 'status unknown', tone: 'warn', title: report.error }],
    };
  const own = report.resources.filter((r) => r.id === name);
  const active = own.filter((r) => ACTIVE_ROLES.has(r.role) && r.running_on.length > 0);
  const promotable = own.some((r) => r.role === 'Promoted' || r.role === 'Unpromoted');
  const on = [
    ...new Set(
      active
        .filter((r) => (promotable ? r.role === 'Promoted' : r.role !== 'Unpromoted'))
        .flatMap((r) => r.running_on),
    ),
  ];
  const badges: OverlayBadge[] = active.map((r) => ({
    text: `running on ${r.running_on.join(', ')} (${r.role})`,
    tone: r.role === 'Promoted' || r.role === 'Started' ? 'ok' : 'info',
  }));
  const failures = report.failures.filter((f) => (elements[f.resource] ?? f.resource) === name);
  for (const f of failures)
    badges.push({
      text: `failed: ${f.operation} on ${f.node}`,
      tone: 'bad',
      title: `${f.resource}: ${f.exitReason || f.status} (rc ${f.exitCode})`,
    });
  // Members of the element's group (a container's private area) that are not running.
  const members = report.resources.filter(
    (r) => r.id !== name && elements[r.id] === name && r.role === 'Stopped',
  );
  for (const m of members)
    badges.push({ text: `${m.id} stopped`, tone: 'warn', title: `${m.id} belongs to ${name}` });
  if (active.length === 0)
    badges.unshift({ text: own.length > 0 ? 'stopped' : 'not in the cluster', tone: 'bad' });
  const state = failures.length > 0 ? 'failed' : active.length > 0 ? 'running' : 'stopped';
  return { state, on, badges };
}

// ------------------------------------------------------------------------ optional details

/** DRBD and VM details appear in reports that carry them (DRBD 9, virsh collectors). */
interface DrbdDetail {
  readonly node: string;
  readonly name: string;
  readonly role: string;
  readonly disk: string;
  readonly percentInSync: number;
}

interface VmDetail {
  readonly node: string;
  readonly name: string;
  readonly state: string;
}

/** Each node's own collected list (`ok` only: absent tools and failures carry no details). */
function perNode<T>(
  report: Report,
  pick: (n: Report['nodes'][number]) => { state: string; value?: readonly T[] } | undefined,
): { node: string; item: T }[] {
  return report.nodes.flatMap((n) => {
    const c = pick(n);
    return c?.state === 'ok' && c.value ? c.value.map((item) => ({ node: n.name, item })) : [];
  });
}

function drbdDetails(report: Report): DrbdDetail[] {
  return perNode(report, (n) => n.drbd).map(({ node, item }) => {
    const sync = item.peers.flatMap((p) => p.volumes.map((v) => v.resyncDone ?? v.percentInSync));
    return {
      node,
      name: item.name,
      role: item.role,
      disk: item.volumes.map((v) => v.disk).find((d) => d !== '') ?? '',
      percentInSync: sync.length > 0 ? Math.min(...sync) : 100,
    };
  });
}

function vmDetails(report: Report): VmDetail[] {
  return perNode(report, (n) => n.vms).map(({ node, item }) => ({
    node,
    name: item.name,
    state: item.state,
  }));
}

function withDetails(overlay: ElementOverlay, extra: readonly OverlayBadge[]): ElementOverlay {
  return extra.length === 0 ? overlay : { ...overlay, badges: [...overlay.badges, ...extra] };
}

/** Per-element overlay of a live status report. */
export function liveOverlay(design: Design, status: LiveStatus): Overlay {
  const { report, elements } = status;
  const out: Record<string, ElementOverlay> = {};
  for (const n of design.nodes) {
    const o = nodeOverlay(report, n.name);
    if (o) out[n.name] = o;
  }
  const drbd = drbdDetails(report);
  const vms = vmDetails(report);
  for (const name of resourceNames(design)) {
    const extra: OverlayBadge[] = [
      ...drbd
        .filter((d) => d.name === name)
        .map((d) => ({
          text: `${d.node}: ${d.role} ${d.disk}${d.percentInSync < 100 ? ` · sync ${d.percentInSync.toFixed(1)}%` : ''}`,
          tone: (d.percentInSync < 100 || d.disk !== 'UpToDate' ? 'warn' : 'info') as Tone,
        })),
      ...vms
        .filter((v) => v.name === name)
        .map((v) => ({
          text: `${v.node}: ${v.state}`,
          tone: (v.state === 'running' ? 'info' : 'muted') as Tone,
        })),
    ];
    out[name] = withDetails(resourceOverlay(report, elements, name), extra);
  }
  return out;
}

/** Per-element overlay of a what-if simulation: where each resource goes, what fails. */
export function whatIfOverlay(design: Design, result: WhatIfResult): Overlay {
  const { analysis } = result;
  const failed = new Set(analysis.failed);
  const out: Record<string, ElementOverlay> = {};
  for (const n of design.nodes) {
    out[n.name] = failed.has(n.name)
      ? { state: 'failed', on: [], badges: [{ text: 'fails (what-if)', tone: 'bad' }] }
      : {
          state: 'survives',
          on: [],
          badges: [
            {
              text: analysis.quorate ? 'survives' : 'survives, no quorum',
              tone: analysis.quorate ? 'ok' : 'bad',
            },
          ],
        };
  }
  for (const name of resourceNames(design)) {
    const unplaced = analysis.unplaced.find((u) => u.resource === name);
    if (unplaced) {
      out[name] = {
        state: 'unplaced',
        on: [],
        badges: [{ text: 'cannot be placed', tone: 'bad', title: unplaced.reason }],
      };
      continue;
    }
    const placements = analysis.placements.filter((p) => p.resource === name);
    if (placements.length === 0) continue;
    const main = placements.filter((p) => p.kind !== 'drbd' || p.role === 'promoted');
    const on = [...new Set(main.map((p) => p.node))];
    const moves = analysis.actions.flatMap((a) =>
      a.action === 'move' && a.resource === name ? [a] : [],
    );
    const promotes = analysis.actions.flatMap((a) =>
      a.action === 'promote' && a.resource === name ? [a] : [],
    );
    const badges: OverlayBadge[] = [];
    for (const m of moves) badges.push({ text: `moves ${m.from} → ${m.to}`, tone: 'warn' });
    for (const p of promotes) badges.push({ text: `promoted on ${p.node}`, tone: 'warn' });
    if (moves.length === 0 && promotes.length === 0)
      badges.push({ text: `stays on ${on.join(', ') || '—'}`, tone: 'ok' });
    const moved = moves.length > 0 || promotes.length > 0;
    out[name] = { state: moved ? 'moves' : 'stays', on, badges };
  }
  const differs = result.crm.state === 'differs' ? result.crm.differences : [];
  for (const d of differs) {
    const o = out[d.resource];
    if (o)
      out[d.resource] = withDetails(o, [
        {
          text: `crm_simulate: ${d.crm.join(', ') || 'stopped'}`,
          tone: 'warn',
          title: `Pacemaker's scheduler places it on ${d.crm.join(', ') || 'no node'}; our model on ${d.ours.join(', ') || 'no node'}`,
        },
      ]);
  }
  return out;
}

/** Keeps the previous object of every element whose overlay did not change (fewer redraws). */
export function shareUnchanged(prev: Overlay, next: Overlay): Overlay {
  let changed = Object.keys(prev).length !== Object.keys(next).length;
  const out: Record<string, ElementOverlay> = {};
  for (const [name, o] of Object.entries(next)) {
    const old = prev[name];
    if (old && JSON.stringify(old) === JSON.stringify(o)) out[name] = old;
    else {
      out[name] = o;
      changed = true;
    }
  }
  return changed ? out : prev;
}
