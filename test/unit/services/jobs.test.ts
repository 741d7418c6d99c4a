import { describe, expect, it } from 'vitest';
import { JobError, JobRegistry } from '../../../src/services/jobs.ts';
import type { JobContext } from '../../../src/services/jobs.ts';

/** A job body the test drives step by step: it runs until the test lets it finish. */
function controlled<T>() {
  let context: JobContext | undefined;
  let finish: (value: T) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  const body = (ctx: JobContext) => {
    context = ctx;
    return new Promise<T>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return {
    body,
    ctx: () => {
      if (!context) throw new Error('the job has not started yet');
      return context;
    },
    finish: (v: T) => finish(v),
    fail: (e: Error) => fail(e),
  };
}

const started = async (jobs: JobRegistry, id: string) => {
  // The body runs after start() returns; one turn of the queue lets it begin.
  await Promise.resolve();
  await Promise.resolve();
  expect(jobs.running()).toContain(id);
};

describe('jobs: long work the UI polls', () => {
  it('returns an id at once, then reports log lines and events since a cursor, then the result', async () => {
    const jobs = new JobRegistry();
    const work = controlled<{ cluster: string; nodes: number }>();
    const { jobId } = jobs.start('lab.down', work.body);
    expect(jobId).toMatch(/^job-[0-9a-f]{12}$/);
    expect(jobs.poll(jobId, 0)).toEqual({
      id: jobId,
      kind: 'lab.down',
      state: 'running',
      log: [],
      events: [],
      next: 0,
    });
    await started(jobs, jobId);

    work.ctx().log('taking down');
    work.ctx().event({ type: 'node-start', node: 'a', files: 2 });
    work.ctx().log('a: done');
    const first = jobs.poll(jobId, 0);
    expect(first).toMatchObject({
      state: 'running',
      log: ['taking down', 'a: done'],
      events: [{ type: 'node-start', node: 'a', files: 2 }],
      next: 3,
    });
    expect(first.result).toBeUndefined();

    expect(jobs.isRunning('lab.down')).toBe(true);
    expect(jobs.isRunning('lab.up')).toBe(false);
    work.ctx().event({ type: 'node-done', node: 'a', written: 2, unchanged: 0 });
    work.finish({ cluster: 'c', nodes: 2 });
    await jobs.settled(jobId);
    // Only what came after the cursor, and the result with it.
    expect(jobs.poll(jobId, first.next)).toEqual({
      id: jobId,
      kind: 'lab.down',
      state: 'done',
      log: [],
      events: [{ type: 'node-done', node: 'a', written: 2, unchanged: 0 }],
      next: 4,
      result: { kind: 'lab.down', value: { cluster: 'c', nodes: 2 } },
    });
    // Polling again from the start gives the whole story again.
    expect(jobs.poll(jobId, 0).log).toEqual(['taking down', 'a: done']);
    expect(jobs.running()).toEqual([]);
    expect(jobs.isRunning('lab.down')).toBe(false);
  });

  it('a failing job reports failed with the message, after its log', async () => {
    const jobs = new JobRegistry();
    const work = controlled<{ cluster: string; nodes: number }>();
    const { jobId } = jobs.start('lab.down', work.body);
    await started(jobs, jobId);
    work.ctx().log('trying');
    work.fail(new Error('there is no lab to take down'));
    await jobs.settled(jobId);
    expect(jobs.poll(jobId, 0)).toEqual({
      id: jobId,
      kind: 'lab.down',
      state: 'failed',
      log: ['trying'],
      events: [],
      next: 1,
      error: 'there is no lab to take down',
    });
  });

  it('a job that throws before doing anything is still polled, not lost', async () => {
    const jobs = new JobRegistry();
    const { jobId } = jobs.start('lab.up', () => {
      throw new Error('the lab must run as root');
    });
    await jobs.settled(jobId);
    expect(jobs.poll(jobId, 0)).toMatchObject({
      state: 'failed',
      error: 'the lab must run as root',
    });
  });

  it('a long log comes in pages; the job looks finished only once it is all read', async () => {
    const jobs = new JobRegistry({ maxEntriesPerPoll: 3 });
    const { jobId } = jobs.start('lab.down', async (ctx) => {
      for (let i = 0; i < 7; i++) ctx.log(`line ${i}`);
      return { cluster: 'c', nodes: 1 };
    });
    await jobs.settled(jobId);
    const lines: string[] = [];
    const states: string[] = [];
    let since = 0;
    for (;;) {
      const p = jobs.poll(jobId, since);
      lines.push(...p.log);
      states.push(p.state);
      since = p.next;
      if (p.state !== 'running') {
        expect(p.result).toEqual({ kind: 'lab.down', value: { cluster: 'c', nodes: 1 } });
        break;
      }
      expect(p.result).toBeUndefined();
    }
    expect(lines).toEqual(Array.from({ length: 7 }, (_, i) => `line ${i}`));
    expect(states).toEqual(['running', 'running', 'done']);
  });

  it('refuses a second exclusive job while the first runs, and allows it after', async () => {
    const jobs = new JobRegistry();
    const work = controlled<{ cluster: string; nodes: number }>();
    const { jobId } = jobs.start('lab.down', work.body, { exclusive: 'cluster' });
    expect(() =>
      jobs.start('deploy.apply', () => Promise.reject(new Error('never')), {
        exclusive: 'cluster',
      }),
    ).toThrow(
      new JobError(
        `lab.down is still running (${jobId}); wait for it to finish before starting deploy.apply`,
      ),
    );
    // Jobs without the key, or with another one, are not held up.
    const other = jobs.start('lab.revive', () => Promise.reject(new Error('x')));
    await jobs.settled(other.jobId);
    work.finish({ cluster: 'c', nodes: 1 });
    await jobs.settled(jobId);
    const again = jobs.start('lab.down', async () => ({ cluster: 'c', nodes: 0 }), {
      exclusive: 'cluster',
    });
    await jobs.settled(again.jobId);
    expect(jobs.poll(again.jobId, 0).state).toBe('done');
  });

  it('forgets finished jobs after a while and says so', async () => {
    let now = 1_000_000;
    const jobs = new JobRegistry({ keepFinishedMs: 60_000, now: () => now });
    const { jobId } = jobs.start('lab.down', async () => ({ cluster: 'c', nodes: 1 }));
    await jobs.settled(jobId);
    now += 59_000;
    expect(jobs.poll(jobId, 0).state).toBe('done');
    now += 2_000;
    expect(() => jobs.poll(jobId, 0)).toThrow(
      /^no job job-[0-9a-f]{12}: .* finished more than 1 min ago$/,
    );
    expect(() => jobs.poll('job-000000000000', 0)).toThrow(JobError);
  });
});
