import type { NodeProbe } from '../../../src/monitor/nodeProbe.ts';

/**
 * Every probe a watch hands out, in order, and a way to wait for the ones that matter.
 * Waits end on the event itself; the limit only turns a hang into a clear failure.
 */
export class ProbeLog {
  readonly probes: NodeProbe[] = [];
  readonly #waiters = new Set<() => void>();

  readonly add = (p: NodeProbe): void => {
    this.probes.push(p);
    for (const w of [...this.#waiters]) w();
  };

  /** Probes of `node` from index `from` on. */
  of(node: string, from = 0): NodeProbe[] {
    return this.probes.slice(from).filter((p) => p.node === node);
  }

  /** Resolves with what `get` returns once it returns something (checked at each probe). */
  until<T>(get: () => T | undefined, what: string, limitMs = 60_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = get();
        if (value === undefined) return;
        done();
        resolve(value);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`still waiting for: ${what} (after ${limitMs} ms)`));
      }, limitMs);
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** The first probe from index `from` on that matches. */
  next(match: (p: NodeProbe) => boolean, what: string, from = 0): Promise<NodeProbe> {
    return this.until(() => this.probes.slice(from).find(match), what);
  }

  /** Resolves once `node` has handed `count` probes since index `from`. */
  more(node: string, count: number, from: number, what: string): Promise<NodeProbe[]> {
    return this.until(() => {
      const got = this.of(node, from);
      return got.length >= count ? got : undefined;
    }, what);
  }
}
