import { connectionBetween } from '../design/connections.ts';
import { done, draftOf } from '../design/mutable.ts';
import type { Action } from './action.ts';
import { ActionRefused } from './action.ts';

export interface ConnectInput {
  readonly from: string;
  readonly to: string;
}

/** Links two elements as the connection rules say (a VM to its disk, a node to a network…). */
export const connect: Action<ConnectInput> = {
  name: 'connect',
  perform(design, { from, to }) {
    const link = connectionBetween(design, from, to);
    if (!link.ok) throw new ActionRefused(link.reason);
    const draft = draftOf(design);
    link.apply(draft);
    return done(draft);
  },
};
