import type { NodePool } from './nodePool.ts';
import type { NodeProbe } from './nodeProbe.ts';
import { probeNode, unreachableProbe } from './nodeProbe.ts';
import type { NodePlan } from './probePlan.ts';

/** One round on one node through the pool: connect if needed, then every collector. */
export async function probeThroughPool(
  pool: NodePool,
  plan: NodePlan,
  timeoutMs: number,
): Promise<NodeProbe> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const lease = await pool.get(plan.node, deadline);
  if ('error' in lease) return unreachableProbe(plan.node, lease.error, lease.kind, started);
  return probeNode(lease.transport, plan, deadline, started);
}

/** One round on every node at once; a node that hangs costs its timeout, not the others'. */
export function probeAll(
  pool: NodePool,
  plans: readonly NodePlan[],
  timeoutMs: number,
): Promise<NodeProbe[]> {
  return Promise.all(plans.map((p) => probeThroughPool(pool, p, timeoutMs)));
}

export interface WatchOptions {
  /** A node is asked again this long after its previous round started. */
  readonly intervalMs: number;
  /** Each round of a node ends by then, answered or not. */
  readonly timeoutMs: number;
}

/**
 * Keeps asking every node, each on its own loop, so a node that hangs or is gone never holds
 * the others back: each finished round is handed to `onProbe` as soon as it ends.
 */
export class StatusWatch {
  readonly #pool: NodePool;
  readonly #plans: readonly NodePlan[];
  readonly #options: WatchOptions;
  readonly #onProbe: (probe: NodeProbe) => void;
  #stopped = false;
  #loops: Promise<void>[] = [];
  readonly #wakers = new Set<() => void>();

  constructor(
    pool: NodePool,
    plans: readonly NodePlan[],
    options: WatchOptions,
    onProbe: (probe: NodeProbe) => void,
  ) {
    this.#pool = pool;
    this.#plans = plans;
    this.#options = options;
    this.#onProbe = onProbe;
  }

  start(): void {
    if (this.#loops.length > 0) throw new Error('the watch is already running');
    this.#loops = this.#plans.map((p) => this.#loop(p));
  }

  async #loop(plan: NodePlan): Promise<void> {
    while (!this.#stopped) {
      const started = Date.now();
      const probe = await probeThroughPool(this.#pool, plan, this.#options.timeoutMs);
      if (this.#stopped) return;
      this.#onProbe(probe);
      await this.#sleep(this.#options.intervalMs - (Date.now() - started));
    }
  }

  #sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.#stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#wakers.add(wake);
    });
  }

  /**
   * Stops every loop and closes every connection: rounds still running end at once, since
   * their commands fail when their connection closes.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const wake of [...this.#wakers]) wake();
    await this.#pool.closeAll();
    await Promise.all(this.#loops);
  }
}
