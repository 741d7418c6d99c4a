import { randomBytes } from 'node:crypto';
import type {
  JobKind,
  JobPoll,
  JobResult,
  JobState,
  ProgressEvent,
  ResultOfJob,
} from './labDeployContract.ts';

/** What a running job may report: log lines and progress events, in the order they happen. */
export interface JobContext {
  log(line: string): void;
  event(event: ProgressEvent): void;
}

type Entry = { readonly log: string } | { readonly event: ProgressEvent };

interface Job {
  readonly id: string;
  readonly kind: JobKind;
  /** Jobs with the same key run one at a time (a lab and a deploy must not overlap). */
  readonly exclusive?: string;
  readonly entries: Entry[];
  state: JobState;
  result?: JobResult;
  error?: string;
  finishedAt?: number;
  readonly settled: Promise<void>;
}

export class JobError extends Error {}

export interface JobRegistryOptions {
  /** How long a finished job can still be polled (default 10 minutes). */
  readonly keepFinishedMs?: number;
  /** Most entries one poll returns; the caller polls again for the rest (default 2000). */
  readonly maxEntriesPerPoll?: number;
  readonly now?: () => number;
}

/**
 * Long-running work as jobs the UI polls: `start` runs the work in the background and
 * returns at once with an id; `poll(id, since)` returns the log lines and progress events
 * after entry `since`, the state and, once finished, the result. Nothing is pushed, so the
 * same two calls work over any request/response transport.
 */
export class JobRegistry {
  readonly #jobs = new Map<string, Job>();
  readonly #keepMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: JobRegistryOptions = {}) {
    this.#keepMs = options.keepFinishedMs ?? 10 * 60_000;
    this.#maxEntries = options.maxEntriesPerPoll ?? 2000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Starts a job. With `exclusive`, refuses while another job with the same key runs, so
   * two clicks cannot start two labs or deploy while a lab comes up.
   */
  start<K extends JobKind>(
    kind: K,
    run: (context: JobContext) => Promise<ResultOfJob<K>>,
    options: { readonly exclusive?: string } = {},
  ): { readonly jobId: string } {
    this.#forgetOld();
    if (options.exclusive !== undefined) {
      const busy = [...this.#jobs.values()].find(
        (j) => j.state === 'running' && j.exclusive === options.exclusive,
      );
      if (busy)
        throw new JobError(
          `${busy.kind} is still running (${busy.id}); wait for it to finish before starting ${kind}`,
        );
    }
    const id = `job-${randomBytes(6).toString('hex')}`;
    const entries: Entry[] = [];
    const context: JobContext = {
      log: (line) => void entries.push({ log: line }),
      event: (event) => void entries.push({ event }),
    };
    let resolveSettled: () => void = () => undefined;
    const job: Job = {
      id,
      kind,
      entries,
      state: 'running',
      ...(options.exclusive !== undefined ? { exclusive: options.exclusive } : {}),
      settled: new Promise<void>((resolve) => (resolveSettled = resolve)),
    };
    this.#jobs.set(id, job);
    // The work starts after this call returns, so even a job that fails at once is polled.
    void Promise.resolve()
      .then(() => run(context))
      .then(
        (value) => {
          job.result = { kind, value } as JobResult;
          job.state = 'done';
        },
        (e: unknown) => {
          job.error = e instanceof Error ? e.message : String(e);
          job.state = 'failed';
        },
      )
      .finally(() => {
        job.finishedAt = this.#now();
        resolveSettled();
      });
    return { jobId: id };
  }

  poll(id: string, since: number): JobPoll {
    this.#forgetOld();
    const job = this.#jobs.get(id);
    if (!job)
      throw new JobError(
        `no job ${id}: it never existed here, or it finished more than ${Math.round(this.#keepMs / 60_000)} min ago`,
      );
    const from = Math.min(Math.max(0, since), job.entries.length);
    const slice = job.entries.slice(from, from + this.#maxEntries);
    const next = from + slice.length;
    // A finished job looks finished only once its whole log has been read.
    const caughtUp = next === job.entries.length;
    const state: JobState = caughtUp ? job.state : 'running';
    return {
      id,
      kind: job.kind,
      state,
      log: slice.flatMap((e) => ('log' in e ? [e.log] : [])),
      events: slice.flatMap((e) => ('event' in e ? [e.event] : [])),
      next,
      ...(state === 'done' && job.result ? { result: job.result } : {}),
      ...(state === 'failed' && job.error !== undefined ? { error: job.error } : {}),
    };
  }

  /** Resolves when the job has finished, however it ended (for shutdown and tests). */
  async settled(id: string): Promise<void> {
    await this.#jobs.get(id)?.settled;
  }

  /** True while a job of this kind runs. */
  isRunning(kind: JobKind): boolean {
    return [...this.#jobs.values()].some((j) => j.kind === kind && j.state === 'running');
  }

  /** Ids of the jobs still running. */
  running(): string[] {
    return [...this.#jobs.values()].filter((j) => j.state === 'running').map((j) => j.id);
  }

  #forgetOld(): void {
    const now = this.#now();
    for (const [id, job] of this.#jobs)
      if (job.finishedAt !== undefined && now - job.finishedAt > this.#keepMs)
        this.#jobs.delete(id);
  }
}
