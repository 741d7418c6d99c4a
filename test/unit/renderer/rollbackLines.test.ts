import { describe, expect, it } from 'vitest';
import {
  cibLine,
  rollbackHeadline,
  rollbackWouldChange,
} from '../../../renderer/src/store/rollbackLines.ts';
import type { NodeRollbackView, RollbackView } from '../../../src/services/labDeployContract.ts';

const node = (over: Partial<NodeRollbackView>): NodeRollbackView => ({
  node: 'a',
  deployId: '20261129T190000.000Z-ab12',
  ok: true,
  nothingToDo: false,
  message: 'rolled back',
  files: [],
  folders: [],
  ...over,
});
const cib = (action: NonNullable<NodeRollbackView['cib']>['action'], detail: string) => ({
  action,
  detail,
  saved: '/var/lib/clusterwright/backups/x/.clusterwright-cib-before.xml',
  patch: '',
});

describe('what the deploy dialog says about a rollback', () => {
  it('gives the CIB line of the node that pushed it, none elsewhere', () => {
    const restore = node({ cib: cib('restore', 'would put back the configuration replaced') });
    expect(cibLine(restore)).toBe('CIB: would put back the configuration replaced');
    expect(cibLine(node({ cib: cib('already', 'already the one replaced') }))).toBe(
      'CIB: nothing to do — already the one replaced',
    );
    expect(cibLine(node({ cib: cib('changed', 'someone else changed the cluster') }))).toBe(
      'CIB: LEFT AS IT IS — someone else changed the cluster',
    );
    expect(cibLine(node({ cib: cib('no-backup', 'the saved file is missing') }))).toMatch(
      /^CIB: LEFT AS IT IS/,
    );
    expect(cibLine(node({}))).toBeUndefined();
  });

  it('heads a dry run, a rollback, one that left things and one with nothing to do', () => {
    const view = (over: Partial<RollbackView>): RollbackView => ({
      lab: true,
      dryRun: false,
      ok: true,
      nodes: [node({}), node({ node: 'b', nothingToDo: true })],
      ...over,
    });
    expect(rollbackHeadline(view({ dryRun: true }))).toMatch(/would do this/);
    expect(rollbackWouldChange(view({ dryRun: true }))).toBe(true);
    expect(rollbackHeadline(view({}))).toBe('Rolled back.');
    expect(rollbackHeadline(view({ ok: false }))).toMatch(/NOT EVERYTHING/);
    const idle = view({ dryRun: true, nodes: [node({ nothingToDo: true })] });
    expect(rollbackHeadline(idle)).toMatch(/^Nothing to roll back/);
    expect(rollbackWouldChange(idle)).toBe(false);
  });
});
