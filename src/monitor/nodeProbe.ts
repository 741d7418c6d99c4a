import type { Transport } from '../deploy/transport/transport.ts';
import type { TransportErrorKind } from '../deploy/transport/transportError.ts';
import { isTransportError } from '../deploy/transport/transportError.ts';
import { collectCrmMon } from './collectors/crmMon.ts';
import { collectDrbd84, collectDrbd9 } from './collectors/drbd.ts';
import { collectIscsiSessions } from './collectors/iscsi.ts';
import { collectVms } from './collectors/vms.ts';
import type { NodePlan } from './probePlan.ts';
import type {
  Collected,
  DrbdResourceStatus,
  IscsiSession,
  PacemakerStatus,
  VmStatus,
} from './status.ts';

/** Everything one node told us in one round, or why it could not. */
export interface NodeProbe {
  readonly node: string;
  /** When the round finished (ISO 8601). */
  readonly at: string;
  /** How long the round took, connecting included. */
  readonly tookMs: number;
  /** False when no collector could run: no connection, lost, or nothing answered in time. */
  readonly reachable: boolean;
  readonly error?: string;
  readonly errorKind?: TransportErrorKind;
  readonly crm?: Collected<PacemakerStatus>;
  readonly drbd?: Collected<DrbdResourceStatus[]>;
  readonly vms?: Collected<VmStatus[]>;
  readonly iscsi?: Collected<IscsiSession[]>;
}

interface Outcome<T> {
  readonly result?: Collected<T>;
  readonly transportError?: { message: string; kind: TransportErrorKind };
}

async function attempt<T>(run: () => Promise<Collected<T>>): Promise<Outcome<T>> {
  try {
    return { result: await run() };
  } catch (e) {
    if (isTransportError(e)) return { transportError: { message: e.message, kind: e.kind } };
    return { result: { state: 'failed', error: (e as Error).message } };
  }
}

/**
 * Runs every collector of the plan on one node at once, all over the node's one connection,
 * each killed at the deadline. A collector that hits a transport error is a failure of that
 * collector; the node is unreachable only when none of them got through.
 */
export async function probeNode(
  t: Transport,
  plan: NodePlan,
  deadline: number,
  started: number = Date.now(),
): Promise<NodeProbe> {
  const timeoutMs = Math.max(1, deadline - Date.now());
  const options = { timeoutMs };
  const { drbd, vms } = plan;
  const [crm, drbdOut, vmsOut, iscsiOut] = await Promise.all([
    attempt(() => collectCrmMon(t, options)),
    drbd
      ? attempt(() =>
          drbd.version === '9' ? collectDrbd9(t, options) : collectDrbd84(t, drbd.minors, options),
        )
      : undefined,
    vms ? attempt(() => collectVms(t, vms.uri, options)) : undefined,
    plan.iscsi ? attempt(() => collectIscsiSessions(t, options)) : undefined,
  ]);
  const outcomes: Outcome<unknown>[] = [crm];
  for (const o of [drbdOut, vmsOut, iscsiOut]) if (o) outcomes.push(o);
  const reachable = outcomes.some((o) => o.result !== undefined);
  const lost = outcomes.find((o) => o.transportError)?.transportError;
  const asCollected = <T>(o: Outcome<T>): Collected<T> =>
    o.result ?? { state: 'failed', error: o.transportError?.message ?? 'no answer' };
  if (!reachable)
    return unreachableProbe(plan.node, lost?.message ?? 'no answer', lost?.kind, started);
  return {
    node: plan.node,
    at: new Date().toISOString(),
    tookMs: Date.now() - started,
    reachable,
    crm: asCollected(crm),
    ...(drbdOut ? { drbd: asCollected(drbdOut) } : {}),
    ...(vmsOut ? { vms: asCollected(vmsOut) } : {}),
    ...(iscsiOut ? { iscsi: asCollected(iscsiOut) } : {}),
  };
}

/** A probe for a node we could not even reach: no collector ran. */
export function unreachableProbe(
  node: string,
  error: string,
  errorKind: TransportErrorKind | undefined,
  started: number,
): NodeProbe {
  return {
    node,
    at: new Date().toISOString(),
    tookMs: Date.now() - started,
    reachable: false,
    error,
    ...(errorKind ? { errorKind } : {}),
  };
}
