import type { NodeConnection } from '../deploy/bringUp.ts';
import type { SshTransport } from '../deploy/transport/sshTransport.ts';
import type { Reached } from './connect.ts';

/** How long after a failed attempt a node is tried again. */
export const RETRY_MS = 2000;

/**
 * SSH connections to a cluster's nodes kept open between polls, so a poll every second costs
 * one command, not one handshake per node. A node whose connection drops is reconnected in
 * the background; until then it is reported unreachable and the others keep answering.
 */
export class NodePool {
  readonly #nodes: readonly string[];
  readonly #reach: (nodes: readonly string[]) => Promise<Reached>;
  readonly #connections = new Map<string, NodeConnection>();
  readonly #errors = new Map<string, string>();
  #attempt: Promise<void> | undefined;
  #lastAttempt = 0;
  #tried = false;
  #closed = false;

  /** `reach` connects to the given nodes (one batch, so a lab writes its known hosts once). */
  constructor(nodes: readonly string[], reach: (nodes: readonly string[]) => Promise<Reached>) {
    this.#nodes = nodes;
    this.#reach = reach;
  }

  /**
   * The nodes connected now, and why the others are not. The first call waits for the first
   * connections; later ones start reconnecting the missing nodes and return at once.
   */
  async reached(options: { wait?: boolean } = {}): Promise<Reached> {
    if (this.#closed) throw new Error('the connections of this live session are closed');
    const missing = this.#nodes.filter((n) => !this.#connections.has(n));
    const due = Date.now() - this.#lastAttempt >= RETRY_MS;
    if (missing.length > 0 && !this.#attempt && (due || !this.#tried))
      this.#attempt = this.#connect(missing);
    const wait = options.wait === true || !this.#tried || this.#connections.size === 0;
    if (wait && this.#attempt) await this.#attempt;
    return {
      connections: this.#nodes.flatMap((n) => this.#connections.get(n) ?? []),
      unreachable: this.#nodes
        .filter((n) => !this.#connections.has(n))
        .map((node) => ({ node, error: this.#errors.get(node) ?? 'connecting…' })),
    };
  }

  /** How many connections are open (the soak bench watches this stay flat). */
  get openConnections(): number {
    return this.#connections.size;
  }

  async #connect(missing: readonly string[]): Promise<void> {
    try {
      const r = await this.#reach(missing);
      for (const c of r.connections) {
        if (this.#closed) {
          await c.transport.close().catch(() => undefined);
          continue;
        }
        this.#connections.set(c.node, c);
        this.#errors.delete(c.node);
        this.#watch(c);
      }
      for (const u of r.unreachable) this.#errors.set(u.node, u.error);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      for (const n of missing) this.#errors.set(n, why);
    } finally {
      this.#tried = true;
      this.#lastAttempt = Date.now();
      this.#attempt = undefined;
    }
  }

  /** Forgets a connection as soon as it drops, so no poll waits on a dead node. */
  #watch(c: NodeConnection): void {
    const t = c.transport as Partial<SshTransport>;
    void t.whenClosed?.().then((reason) => {
      if (this.#connections.get(c.node) !== c) return;
      this.#connections.delete(c.node);
      this.#errors.set(c.node, reason?.message ?? 'the connection closed');
    });
  }

  /** Drops a connection that failed a command; the next poll reconnects it. */
  drop(node: string, why: string): void {
    const c = this.#connections.get(node);
    if (!c) return;
    this.#connections.delete(node);
    this.#errors.set(node, why);
    void c.transport.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#attempt;
    const all = [...this.#connections.values()];
    this.#connections.clear();
    await Promise.all(all.map((c) => c.transport.close().catch(() => undefined)));
  }
}
