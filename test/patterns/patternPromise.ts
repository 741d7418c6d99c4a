import { nodeHostname } from '../../src/model/elements.ts';
import type { Design } from '../../src/model/types.ts';
import type { Placement } from '../../src/simulate/crmSimulate.ts';
import type { FailureAnalysis } from '../../src/validate/failover/types.ts';

/** Placements by design name: resource id → where it runs, with node names, not hostnames. */
export type Placements = Readonly<Record<string, Placement>>;

/** crm_simulate speaks hostnames; the design and the model speak node names. */
export function byNodeName(design: Design, placements: Placements): Record<string, Placement> {
  const name = new Map(design.nodes.map((n) => [nodeHostname(n), n.name]));
  const rename = (nodes: readonly string[]): string[] => nodes.map((h) => name.get(h) ?? h).sort();
  return Object.fromEntries(
    Object.entries(placements).map(([id, p]) => [
      id,
      { nodes: rename(p.nodes), ...(p.promoted ? { promoted: rename(p.promoted) } : {}) },
    ]),
  );
}

/** How many simultaneous node failures the design's pattern promises to survive. */
export function promisedFailures(design: Design): number {
  const pattern = design.cluster.pattern;
  if (!pattern) throw new Error('the design declares no pattern');
  return pattern.kind === 'n-plus-m' ? pattern.spares : 1;
}

const nodesOf = (p: Placements, id: string): readonly string[] => p[id]?.nodes ?? [];

/**
 * Every way the placements after `failed` break what the design's pattern promises; empty
 * when the promise holds. `failed` is empty for the cluster with every node up.
 */
export function brokenPromises(
  design: Design,
  failed: readonly string[],
  placements: Placements,
): string[] {
  const pattern = design.cluster.pattern?.kind;
  const out: string[] = [];
  const down = new Set(failed);
  const survivors = design.nodes.map((n) => n.name).filter((n) => !down.has(n));
  const spares = new Set(design.nodes.filter((n) => n.spare).map((n) => n.name));
  const guestNode = new Map<string, string>();

  for (const vm of design.vms) {
    const at = nodesOf(placements, vm.name);
    const home = vm.preferredNode ?? '';
    if (at.length !== 1 || !survivors.includes(at[0] ?? '')) {
      out.push(`${vm.name} runs on [${at.join(' ')}], not on one surviving node`);
      continue;
    }
    const node = at[0] as string;
    guestNode.set(vm.name, node);
    if (!down.has(home)) {
      if (node !== home) out.push(`${vm.name} left its healthy home ${home} for ${node}`);
      continue;
    }
    const toSpare = pattern === 'n-plus-1' || pattern === 'n-plus-m' || pattern === 'n-to-1';
    if (toSpare && !spares.has(node))
      out.push(`${vm.name} (home ${home} failed) went to ${node}, which is not a spare`);
  }

  if (pattern === 'active-passive') {
    const nodes = new Set(guestNode.values());
    if (nodes.size > 1) out.push(`the guests are spread over ${[...nodes].sort().join(' ')}`);
  }

  // Each node holds no more than its capacity (the wizard sizes nodes for the promise).
  for (const n of design.nodes) {
    const guests = design.vms.filter((vm) => guestNode.get(vm.name) === n.name);
    const cpus = guests.reduce((s, vm) => s + vm.vcpus, 0);
    const memory = guests.reduce((s, vm) => s + vm.memoryMiB, 0);
    if (cpus > n.capacity.cpus || memory > n.capacity.memoryMiB)
      out.push(`${n.name} is over capacity: ${cpus} vCPUs, ${memory} MiB`);
  }

  // DRBD: an instance on every surviving replica, Primary where its guest runs.
  for (const d of design.drbd) {
    const clone = placements[`${d.name}_clone`];
    const expected = d.nodes.filter((n) => !down.has(n)).sort();
    if (JSON.stringify(clone?.nodes ?? []) !== JSON.stringify(expected))
      out.push(`${d.name} runs on [${clone?.nodes.join(' ')}], not on [${expected.join(' ')}]`);
    const users = design.vms.filter((vm) =>
      vm.disks.some((k) => k.kind === 'drbd' && k.resource === d.name),
    );
    const promoted = clone?.promoted ?? [];
    for (const vm of users) {
      const node = guestNode.get(vm.name);
      if (node !== undefined && !promoted.includes(node))
        out.push(`${d.name} is not Primary on ${node}, where ${vm.name} runs`);
    }
    if (promoted.length > (d.dualPrimary ? 2 : 1))
      out.push(`${d.name} is Primary on too many nodes: ${promoted.join(' ')}`);
  }

  // A fence device runs on a survivor other than its target, when there is one.
  for (const f of design.fencing) {
    const at = nodesOf(placements, f.name);
    const allowed = survivors.filter((n) => !(f.targets.length === 1 && f.targets[0] === n));
    const ok =
      allowed.length === 0 ? at.length === 0 : at.length === 1 && allowed.includes(at[0] ?? '');
    if (!ok) out.push(`fence device ${f.name} runs on [${at.join(' ')}]`);
  }
  return out;
}

/**
 * Where crm_simulate and our failover model place guests and DRBD Primaries differently:
 * they should agree on every placement a pattern's wizard design makes.
 */
export function modelDisagreements(
  design: Design,
  placements: Placements,
  analysis: FailureAnalysis,
): string[] {
  const out: string[] = [];
  const ours = (resource: string, promotedOnly: boolean): string[] =>
    analysis.placements
      .filter((p) => p.resource === resource && (!promotedOnly || p.role === 'promoted'))
      .map((p) => p.node)
      .sort();
  const compare = (what: string, model: readonly string[], crm: readonly string[]): void => {
    if (JSON.stringify(model) !== JSON.stringify(crm))
      out.push(`${what}: model [${model.join(' ')}], crm_simulate [${crm.join(' ')}]`);
  };
  for (const vm of design.vms) compare(vm.name, ours(vm.name, false), nodesOf(placements, vm.name));
  for (const d of design.drbd)
    compare(`${d.name} Primary`, ours(d.name, true), placements[`${d.name}_clone`]?.promoted ?? []);
  return out;
}

/**
 * One section of the expected-output file: with every node up, the guests on each node;
 * after a failure, each guest that moved or stopped since then, like a transition summary.
 */
export function summarySection(
  design: Design,
  failed: readonly string[],
  placements: Placements,
  allUp: Placements,
  heading = `${failed.join(' ')} fail${failed.length === 1 ? 's' : ''}`,
  unchanged = '(no guest moves)',
): string[] {
  if (failed.length === 0) {
    return [
      '## all nodes up',
      ...design.nodes.map((n) => {
        const guests = design.vms.filter((vm) => nodesOf(placements, vm.name).includes(n.name));
        return `${n.name}${n.spare ? ' (spare)' : ''}: ${guests.map((vm) => vm.name).join(' ') || '-'}`;
      }),
    ];
  }
  const lines = [`## ${heading}`];
  for (const vm of design.vms) {
    const was = nodesOf(allUp, vm.name).join(' ') || 'Stopped';
    const now = nodesOf(placements, vm.name).join(' ') || 'Stopped';
    if (was !== now) lines.push(`${vm.name} ${was} -> ${now}`);
  }
  if (lines.length === 1) lines.push(unchanged);
  return lines;
}
