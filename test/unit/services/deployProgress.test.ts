import { describe, expect, it } from 'vitest';
import type { DeployEvent } from '../../../src/deploy/deploy.ts';
import {
  finishProgress,
  foldProgress,
  initialProgress,
  progressLine,
} from '../../../src/services/deployProgress.ts';

describe('per-node deploy progress', () => {
  it('folds the events of parallel nodes into one row per node', () => {
    const events: DeployEvent[] = [
      { type: 'phase', phase: 'plan' },
      {
        type: 'node-plan',
        node: 'b',
        summary: { create: 1, update: 1, metadata: 0, unchanged: 2, blocked: 0 },
      },
      { type: 'phase', phase: 'files' },
      { type: 'node-start', node: 'a', files: 2 },
      { type: 'node-start', node: 'b', files: 2 },
      { type: 'file-done', node: 'b', path: '/etc/x', outcome: 'written' },
      { type: 'file-done', node: 'a', path: '/etc/x', outcome: 'written' },
      { type: 'file-done', node: 'b', path: '/etc/y', outcome: 'written' },
      { type: 'node-failed', node: 'a', message: 'the connection to a was lost', kind: 'closed' },
      { type: 'step', result: { step: 'authkey', node: 'b', outcome: 'done', detail: 'copied' } },
    ];
    const p = finishProgress(events.reduce(foldProgress, initialProgress(['a', 'b'])), true);
    expect(p.a).toMatchObject({
      stage: 'failed',
      filesDone: 1,
      filesTotal: 2,
      error: 'the connection to a was lost',
    });
    expect(p.b).toMatchObject({ stage: 'done', filesDone: 2, filesTotal: 2 });
    expect(p.b?.steps.map((s) => s.step)).toEqual(['authkey']);
    expect(progressLine(p.b!)).toBe('b: done files 2/2 (plan: 1 new, 1 changed, 0 mode, 2 same)');
  });
});
