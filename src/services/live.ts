import { stat } from 'node:fs/promises';
import { hasErrors } from '../model/diagnostic.ts';
import type { Design } from '../model/types.ts';
import type { StatusEvent, StatusMemory } from '../monitor/events.ts';
import { describeEvent, statusEvents } from '../monitor/events.ts';
import type { ClusterOperation } from '../monitor/operations.ts';
import { OperationError, operationCommand } from '../monitor/operations.ts';
import type { CibNames } from './cibNames.ts';
import { cibNames } from './cibNames.ts';
import type { Reached } from './connect.ts';
import { labOf, reachDesign, reachLab } from './connect.ts';
import { loadDesignFile } from './designFiles.ts';
import { NodePool } from './nodePool.ts';
import type { ClusterStatusReport } from './status.ts';
import { collectStatus } from './status.ts';

export class LiveError extends Error {}

/** One event of the timeline, with when it was seen and how to say it. */
export interface TimelineEvent {
  readonly at: string;
  readonly event: StatusEvent;
  readonly text: string;
}

/** What `status.collect` answers: the report, in design names, and what changed since last time. */
export interface LiveStatus {
  /** Node names (running_on, failures) are the design's, not Pacemaker's host names. */
  readonly report: ClusterStatusReport;
  /** Events since the previous collect of the same session (none on the first). */
  readonly events: readonly TimelineEvent[];
  /** crm_mon's primitive ids → the design element each belongs to. */
  readonly elements: Readonly<Record<string, string>>;
  /** How long the collect took on the backend. */
  readonly elapsedMs: number;
}

export interface OperationResult {
  readonly command: string;
  readonly summary: string;
  /** Absent on a dry run. */
  readonly ranOn?: string;
  readonly code?: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

export interface LiveTarget {
  readonly designFile: string;
  readonly lab: boolean;
}

interface Session extends LiveTarget {
  design: Design;
  names: CibNames;
  mtimeMs: number;
  readonly pool: NodePool;
  memory?: StatusMemory;
  source?: string;
  inflight?: Promise<LiveStatus>;
  lastUsed: number;
}

const MAX_SESSIONS = 16;
/** A session nobody polled for this long closes its connections. */
const IDLE_MS = 60_000;
const OPERATION_TIMEOUT_MS = 60_000;

async function loadLiveDesign(file: string): Promise<{ design: Design; mtimeMs: number }> {
  const mtimeMs = await stat(file).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  const loaded = await loadDesignFile(file);
  if (loaded.ioError) throw new LiveError(loaded.ioError);
  if (!loaded.design || hasErrors(loaded.diagnostics))
    throw new LiveError(
      `${file}: the design has model errors (${loaded.diagnostics.find((d) => d.severity === 'error')?.message ?? 'not a design'}); fix them before watching its cluster`,
    );
  return { design: loaded.design, mtimeMs };
}

function reacher(
  design: Design,
  lab: boolean,
  labBaseDir: string | undefined,
): (nodes: readonly string[]) => Promise<Reached> {
  return async (nodes) => {
    const only = new Set(nodes);
    if (!lab)
      return reachDesign({ ...design, nodes: design.nodes.filter((n) => only.has(n.name)) });
    const state = await labOf(design, labBaseDir);
    return reachLab({ ...state, nodes: state.nodes.filter((n) => only.has(n.name)) });
  };
}

/** The report with Pacemaker's host names turned into the design's node names. */
function inDesignNames(r: ClusterStatusReport, names: CibNames): ClusterStatusReport {
  const name = (host: string): string => names.nodeOf.get(host) ?? host;
  return {
    ...r,
    resources: r.resources.map((x) => ({ ...x, running_on: x.running_on.map(name) })),
    failures: r.failures.map((f) => ({ ...f, node: name(f.node) })),
  };
}

/**
 * Whether the timeline shows an event: a group's helper primitives (a container's private
 * filesystem) move with their element and would only repeat its events; their failures show.
 */
function isElementEvent(e: StatusEvent, names: CibNames): boolean {
  if (!('resource' in e) || e.kind === 'resource-failed') return true;
  const element = names.elementOf.get(e.resource);
  return element === undefined || element === e.resource;
}

/**
 * Live sessions: each keeps its design, its SSH connections and the memory the timeline is
 * computed from. Polls of one session never overlap: a poll that arrives while one runs gets
 * that one's answer.
 */
export class LiveSessions {
  readonly #sessions = new Map<string, Session>();
  /** Session set-up in progress per id, so two calls never build two sessions for one id. */
  readonly #opening = new Map<string, Promise<Session>>();
  readonly #labBaseDir: string | undefined;
  #sweeper: NodeJS.Timeout | undefined;

  constructor(options: { labBaseDir?: string } = {}) {
    this.#labBaseDir = options.labBaseDir;
  }

  #session(id: string, target: LiveTarget): Promise<Session> {
    const before = this.#opening.get(id) ?? Promise.resolve(undefined);
    const next = before
      .catch(() => undefined)
      .then(() => this.#open(id, target))
      .finally(() => {
        if (this.#opening.get(id) === next) this.#opening.delete(id);
      });
    this.#opening.set(id, next);
    return next;
  }

  async #open(id: string, target: LiveTarget): Promise<Session> {
    const found = this.#sessions.get(id);
    if (found && found.designFile === target.designFile && found.lab === target.lab) {
      found.lastUsed = Date.now();
      const mtimeMs = await stat(found.designFile).then(
        (s) => s.mtimeMs,
        () => found.mtimeMs,
      );
      if (mtimeMs !== found.mtimeMs) {
        // Saved since: names may have changed; connections stay (the nodes are the same ones
        // unless the node list changed, in which case the session starts over).
        const { design } = await loadLiveDesign(found.designFile);
        const sameNodes =
          design.nodes.map((n) => n.name).join('\0') ===
          found.design.nodes.map((n) => n.name).join('\0');
        if (sameNodes) {
          Object.assign(found, { design, mtimeMs, names: cibNames(design) });
          return found;
        }
      } else return found;
    }
    if (found) await this.stop(id);
    const { design, mtimeMs } = await loadLiveDesign(target.designFile);
    const session: Session = {
      ...target,
      design,
      mtimeMs,
      names: cibNames(design),
      pool: new NodePool(
        design.nodes.map((n) => n.name),
        reacher(design, target.lab, this.#labBaseDir),
      ),
      lastUsed: Date.now(),
    };
    this.#sessions.set(id, session);
    await this.#evict();
    this.#sweep();
    return session;
  }

  async #evict(): Promise<void> {
    while (this.#sessions.size > MAX_SESSIONS) {
      const oldest = [...this.#sessions.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
      if (!oldest) return;
      await this.stop(oldest[0]);
    }
  }

  /** Closes the connections of sessions nobody polls any more (a closed tab never says stop). */
  #sweep(): void {
    if (this.#sweeper) return;
    this.#sweeper = setInterval(() => {
      const now = Date.now();
      for (const [id, s] of this.#sessions)
        if (now - s.lastUsed > IDLE_MS && !s.inflight) void this.stop(id);
      if (this.#sessions.size === 0 && this.#sweeper) {
        clearInterval(this.#sweeper);
        this.#sweeper = undefined;
      }
    }, IDLE_MS / 4);
    this.#sweeper.unref();
  }

  /** The cluster's status now, and the events since this session's previous collect. */
  async collect(id: string, target: LiveTarget): Promise<LiveStatus> {
    const session = await this.#session(id, target);
    if (session.inflight) return session.inflight;
    const run = this.#collect(session);
    session.inflight = run;
    try {
      return await run;
    } finally {
      session.inflight = undefined;
      session.lastUsed = Date.now();
    }
  }

  async #collect(session: Session): Promise<LiveStatus> {
    const started = Date.now();
    const reached = await session.pool.reached();
    // The node that answered last time is asked first: it answered, it likely still does.
    const connections = [...reached.connections].sort(
      (a, b) => Number(b.node === session.source) - Number(a.node === session.source),
    );
    const raw = await collectStatus(session.design, { ...reached, connections });
    session.source = raw.source;
    const report = inDesignNames(raw, session.names);
    const { events, memory } = statusEvents(session.memory, report);
    session.memory = memory;
    return {
      report,
      events: events
        .filter((e) => isElementEvent(e, session.names))
        .map((event) => ({
          at: report.collectedAt,
          event,
          text: describeEvent(event),
        })),
      elements: Object.fromEntries(session.names.elementOf),
      elapsedMs: Date.now() - started,
    };
  }

  /**
   * Runs an operation on one reachable node (the one whose crm_mon answered last, if it
   * still can), or with `dryRun` only says which command it would run.
   */
  async operate(
    id: string | undefined,
    target: LiveTarget,
    op: ClusterOperation,
    options: { dryRun: boolean; expectCommand?: string },
  ): Promise<OperationResult> {
    const session = id === undefined ? undefined : await this.#session(id, target);
    const design = session?.design ?? (await loadLiveDesign(target.designFile)).design;
    let planned;
    try {
      planned = operationCommand(op, session?.names ?? cibNames(design));
    } catch (e) {
      if (e instanceof OperationError) throw new LiveError(`${target.designFile}: ${e.message}`);
      throw e;
    }
    const base = { command: planned.command, summary: planned.summary };
    if (options.dryRun) return base;
    if (options.expectCommand !== undefined && options.expectCommand !== planned.command)
      throw new LiveError(
        `the command is now "${planned.command}", not the one confirmed ("${options.expectCommand}"): the design changed; confirm again`,
      );
    const pool =
      session?.pool ??
      new NodePool(
        design.nodes.map((n) => n.name),
        reacher(design, target.lab, this.#labBaseDir),
      );
    try {
      const reached = await pool.reached({ wait: true });
      const connections = [...reached.connections].sort(
        (a, b) => Number(b.node === session?.source) - Number(a.node === session?.source),
      );
      const failures: string[] = reached.unreachable.map((u) => `${u.node}: ${u.error}`);
      for (const c of connections) {
        try {
          const r = await c.transport.exec(planned.command, { timeoutMs: OPERATION_TIMEOUT_MS });
          return { ...base, ranOn: c.node, code: r.code, stdout: r.stdout, stderr: r.stderr };
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          failures.push(`${c.node}: ${why}`);
          pool.drop(c.node, why);
        }
      }
      throw new LiveError(
        `no node of ${design.cluster.name} could run "${planned.command}":\n  ${failures.join('\n  ')}`,
      );
    } finally {
      if (!session) await pool.close();
    }
  }

  /** Ends a session: its connections close and its timeline memory is forgotten. */
  async stop(id: string): Promise<void> {
    const s = this.#sessions.get(id);
    if (!s) return;
    this.#sessions.delete(id);
    await s.inflight?.catch(() => undefined);
    await s.pool.close();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#sessions.keys()].map((id) => this.stop(id)));
  }

  /** Open SSH connections over every session, for the soak bench. */
  get openConnections(): number {
    let n = 0;
    for (const s of this.#sessions.values()) n += s.pool.openConnections;
    return n;
  }
}
