import type { Transport } from '../deploy/transport/transport.ts';
import type { TransportErrorKind } from '../deploy/transport/transportError.ts';
import { isTransportError } from '../deploy/transport/transportError.ts';

/** A transport that says when its connection ends (the SSH transport does). */
export interface WatchableTransport extends Transport {
  whenClosed?(): Promise<unknown>;
}

/** Makes a new connection to one node. */
export type Connector = () => Promise<WatchableTransport>;

export type Lease =
  | { readonly transport: Transport }
  | { readonly error: string; readonly kind?: TransportErrorKind };

interface Slot {
  transport?: WatchableTransport;
  connecting?: Promise<void>;
  lastError?: { message: string; kind?: TransportErrorKind };
  connects: number;
}

/**
 * One long-lived connection per node, shared by every round of a watch. A connection that
 * ends is made again on the next request; at most one attempt per node is in flight, and
 * an attempt that outlives a request's deadline keeps going for the next one, so a node
 * that does not answer costs each round its deadline and no more.
 */
export class NodePool {
  readonly #connectors: ReadonlyMap<string, Connector>;
  readonly #slots = new Map<string, Slot>();
  #closed = false;
  /** Requests waiting for a connection, woken when closeAll starts. */
  readonly #waiting = new Set<() => void>();

  constructor(connectors: ReadonlyMap<string, Connector>) {
    this.#connectors = connectors;
    for (const node of connectors.keys()) this.#slots.set(node, { connects: 0 });
  }

  /** The node's connection, made now if needed and if it comes before `deadline`. */
  async get(node: string, deadline: number): Promise<Lease> {
    const slot = this.#slots.get(node);
    const connector = this.#connectors.get(node);
    if (!slot || !connector) return { error: `no connection is known for node "${node}"` };
    if (this.#closed) return { error: 'the monitor is stopped', kind: 'closed' };
    if (slot.transport) return { transport: slot.transport };
    slot.connecting ??= this.#connect(node, slot, connector);
    // Each wait has its own timer and wake-up, both dropped after: a long outage must not
    // pile reactions onto a promise that lives as long as the pool.
    let timer: NodeJS.Timeout | undefined;
    let wake: () => void = () => undefined;
    const stop = new Promise<'late' | 'closed'>((resolve) => {
      timer = setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now()));
      wake = () => resolve('closed');
      this.#waiting.add(wake);
    });
    let outcome: 'done' | 'late' | 'closed';
    try {
      outcome = await Promise.race([slot.connecting.then(() => 'done' as const), stop]);
    } finally {
      clearTimeout(timer);
      this.#waiting.delete(wake);
    }
    if (outcome === 'closed') return { error: 'the monitor is stopped', kind: 'closed' };
    if (slot.transport) return { transport: slot.transport };
    if (outcome === 'late')
      return {
        error: `${node} did not complete the SSH login in time${slot.lastError ? ` (last error: ${slot.lastError.message})` : ''}`,
        kind: 'timeout',
      };
    return {
      error: slot.lastError?.message ?? `cannot connect to ${node}`,
      ...(slot.lastError?.kind ? { kind: slot.lastError.kind } : {}),
    };
  }

  async #connect(node: string, slot: Slot, connector: Connector): Promise<void> {
    try {
      const t = await connector();
      if (this.#closed) {
        await t.close().catch(() => undefined);
        return;
      }
      slot.transport = t;
      slot.connects += 1;
      delete slot.lastError;
      void t.whenClosed?.().then((why) => {
        if (slot.transport !== t) return;
        delete slot.transport;
        slot.lastError = {
          message: why instanceof Error ? why.message : `the connection to ${node} was closed`,
          kind: isTransportError(why) ? why.kind : 'closed',
        };
      });
    } catch (e) {
      slot.lastError = {
        message: (e as Error).message,
        ...(isTransportError(e) ? { kind: e.kind } : {}),
      };
    } finally {
      delete slot.connecting;
    }
  }

  /** Connections open now. */
  openCount(): number {
    return [...this.#slots.values()].filter((s) => s.transport).length;
  }

  /** How many connections were made to each node since the start (1 each when none broke). */
  connectCounts(): ReadonlyMap<string, number> {
    return new Map([...this.#slots].map(([node, s]) => [node, s.connects]));
  }

  /**
   * Closes every open connection. An attempt still in flight (a node that does not answer)
   * is not waited for: it closes its connection itself if it ever lands, so a stop or a
   * one-shot status never waits longer than the slowest node's timeout.
   */
  async closeAll(): Promise<void> {
    this.#closed = true;
    for (const wake of [...this.#waiting]) wake();
    const open = [...this.#slots.values()].flatMap((s) => {
      const t = s.transport;
      delete s.transport;
      return t ? [t] : [];
    });
    await Promise.all(open.map((t) => t.close().catch(() => undefined)));
  }
}
