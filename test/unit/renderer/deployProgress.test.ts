import { describe, expect, it } from 'vitest';
import { sameDesign } from '../../../renderer/src/design/sameDesign.ts';
import { currentPhase, nodeProgress } from '../../../renderer/src/store/deployProgress.ts';
import { followed } from '../../../renderer/src/store/labSlice.ts';
import type { JobPoll, ProgressEvent } from '../../../src/services/labDeployContract.ts';
import { loadTemplate } from '../../support/designs.ts';

describe('deploy progress per node', () => {
  const events: ProgressEvent[] = [
    { type: 'phase', phase: 'packages' },
    { type: 'step', node: 'a', step: 'packages', outcome: 'unchanged', detail: 'present' },
    { type: 'phase', phase: 'files' },
    { type: 'node-start', node: 'a', files: 3 },
    { type: 'node-start', node: 'b', files: 2 },
    { type: 'file-start', node: 'a', path: '/etc/x' },
    { type: 'file-done', node: 'a', path: '/etc/x', outcome: 'written' },
    { type: 'file-done', node: 'b', path: '/etc/x', outcome: 'written' },
    { type: 'node-failed', node: 'b', message: 'b closed the connection' },
    { type: 'node-done', node: 'b', written: 1, unchanged: 0 },
  ];

  it('folds events into one row per node, in design order, failures sticking', () => {
    expect(nodeProgress(['a', 'b', 'c'], events)).toEqual([
      {
        node: 'a',
        state: 'writing',
        files: 3,
        written: 1,
        unchanged: 0,
        failedSteps: 0,
        lastStep: { step: 'packages', outcome: 'unchanged' },
      },
      {
        node: 'b',
        state: 'failed',
        files: 2,
        written: 1,
        unchanged: 0,
        failedSteps: 0,
        error: 'b closed the connection',
      },
      { node: 'c', state: 'waiting', files: 0, written: 0, unchanged: 0, failedSteps: 0 },
    ]);
    expect(currentPhase(events)).toBe('files');
    expect(currentPhase([])).toBeUndefined();
  });

  it('a failed bring-up step marks its node failed with the step and why', () => {
    const rows = nodeProgress(
      ['a'],
      [
        { type: 'node-start', node: 'a', files: 1 },
        { type: 'node-done', node: 'a', written: 1, unchanged: 0 },
        { type: 'step', node: 'a', step: 'cluster', outcome: 'failed', detail: 'no systemd' },
      ],
    );
    expect(rows[0]).toMatchObject({
      state: 'failed',
      failedSteps: 1,
      error: 'cluster: no systemd',
    });
  });

  it('a followed job gathers the polls of one job and starts afresh for another', () => {
    const poll = (id: string, log: string[], state: JobPoll['state'] = 'running'): JobPoll => ({
      id,
      kind: 'deploy.apply',
      state,
      log,
      events: [],
      next: log.length,
    });
    const one = followed(null, poll('job-1', ['a']));
    const two = followed(one, poll('job-1', ['b'], 'done'));
    expect(two).toMatchObject({ id: 'job-1', state: 'done', log: ['a', 'b'] });
    expect(followed(two, poll('job-2', ['c'])).log).toEqual(['c']);
  });
});

describe('the canvas design against the file', () => {
  it('ignores key order and unset fields, sees every real change', () => {
    const design = loadTemplate('three-node-drbd9-openvz');
    const reordered = Object.fromEntries(Object.entries(design).reverse());
    expect(sameDesign(design, reordered)).toBe(true);
    expect(sameDesign(design, { ...design, extra: undefined })).toBe(true);
    const moved = { ...design, layout: { ...design.layout, vz1: { x: 1, y: 2 } } };
    expect(sameDesign(design, moved)).toBe(false);
    const renamed = { ...design, cluster: { ...design.cluster, name: 'other' } };
    expect(sameDesign(design, renamed)).toBe(false);
  });
});
