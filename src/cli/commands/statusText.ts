import type { ClusterStatusReport, Collected, NodeStatusReport } from '../../services/status.ts';

function collected<T>(
  label: string,
  c: Collected<T> | undefined,
  ok: (v: T) => string[],
): string[] {
  if (!c) return [];
  if (c.state === 'absent') return [`    ${label}: tool absent (${c.reason})`];
  if (c.state === 'failed') return [`    ${label}: FAILED: ${c.error}`];
  return ok(c.value).map((l) => `    ${label} ${l}`);
}

function percent(n: number): string {
  return `${n.toFixed(1)}%`;
}

function drbdLines(n: NodeStatusReport): string[] {
  return collected('drbd', n.drbd, (resources) =>
    resources.length === 0
      ? ['(no resource up)']
      : resources.map((r) => {
          const disks = r.volumes.map((v) => v.disk).join('/');
          const peers = r.peers.map((p) => {
            const vols = p.volumes.map((v) =>
              v.resyncDone !== undefined
                ? `${v.replication} ${percent(v.resyncDone)} done${v.resyncEtaSeconds !== undefined ? `, ${v.resyncEtaSeconds} s left` : ''}`
                : `${v.replication} ${v.peerDisk}`,
            );
            return `${p.peer} ${p.connection} ${p.peerRole} (${vols.join(', ')})`;
          });
          return `${r.name}: ${r.role} ${disks}${r.suspended ? ' SUSPENDED' : ''}; ${peers.join('; ') || 'no peer'}`;
        }),
  );
}

function nodeLines(n: NodeStatusReport): string[] {
  const flags = [
    n.online ? 'online' : 'OFFLINE',
    ...(n.standby ? ['standby'] : []),
    ...(n.maintenance ? ['maintenance'] : []),
    ...(n.unclean ? ['UNCLEAN'] : []),
    ...(n.isDc ? ['DC'] : []),
  ];
  const reach = n.reachable ? '' : ` (unreachable over SSH: ${n.error ?? 'no answer'})`;
  const pacemaker =
    n.pacemaker && n.pacemaker.state !== 'ok'
      ? [
          `    pacemaker: ${n.pacemaker.state === 'absent' ? `tool absent (${n.pacemaker.reason})` : n.pacemaker.error}`,
        ]
      : [];
  return [
    `  node ${n.name}: ${flags.join(' ')}${reach}`,
    ...pacemaker,
    ...drbdLines(n),
    ...collected('vms', n.vms, (vms) =>
      vms.length === 0
        ? ['(none defined)']
        : [vms.map((v) => `${v.name} ${v.state}${v.reason ? ` (${v.reason})` : ''}`).join(', ')],
    ),
    ...collected('iscsi', n.iscsi, (sessions) =>
      sessions.length === 0
        ? ['(no session)']
        : sessions.map((s) => `${s.target} via ${s.portal}:${s.port}`),
    ),
  ];
}

/** The report as lines of text; every line but the first stays the same while nothing changes. */
export function statusText(r: ClusterStatusReport): string[] {
  const lines = [`cluster ${r.cluster} (view from ${r.source ?? 'no node'}, ${r.collectedAt})`];
  if (r.error) lines.push(`  error: ${r.error}`);
  for (const n of r.nodes) lines.push(...nodeLines(n));
  for (const res of r.resources)
    lines.push(
      `  ${res.id}: ${res.role}${res.running_on.length ? ` on ${res.running_on.join(', ')}` : ''}`,
    );
  for (const f of r.failures)
    lines.push(
      `  failed: ${f.resource} ${f.operation} on ${f.node}: ${f.exitReason || f.exitStatus || f.status} (rc ${f.exitCode})`,
    );
  if (r.quorum === false) lines.push('  warning: the partition this view comes from has no quorum');
  if (r.stonithEnabled === false)
    lines.push('  warning: STONITH is disabled ("Blind faith": data integrity is not guaranteed)');
  return lines;
}

/** Lines gone and lines new between two renderings (the heading left out). */
export function changedLines(before: readonly string[], after: readonly string[]): string[] {
  const was = new Set(before.slice(1));
  const now = new Set(after.slice(1));
  return [
    ...before
      .slice(1)
      .filter((l) => !now.has(l))
      .map((l) => `- ${l.trim()}`),
    ...after
      .slice(1)
      .filter((l) => !was.has(l))
      .map((l) => `+ ${l.trim()}`),
  ];
}
