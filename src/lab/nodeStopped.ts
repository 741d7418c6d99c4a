import { join } from 'node:path';
import { LabError } from './labError.ts';
import type { LabNodeState } from './labState.ts';

/**
 * The one error for a node whose init exited before the node was ready, whichever check
 * notices first (its start, the wait for sshd, the wait for Pacemaker): the design's node
 * name, what happened, where its logs are and what to do.
 */
export function nodeStoppedError(node: Pick<LabNodeState, 'name' | 'dir'>): LabError {
  return new LabError(
    `lab node "${node.name}" stopped while starting: its init exited. ` +
      `See ${join(node.dir, 'init.log')} and the daemons' logs in ${join(node.dir, 'var-log')}/, ` +
      'fix what they report (often the corosync.conf) and try again',
  );
}
