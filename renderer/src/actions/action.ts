import type { Design } from '../../../src/model/types.ts';

/**
 * Every edit is a named, pure action: the design in, the next design out. Components only
 * dispatch actions; undo and redo keep the designs the actions returned.
 */
export interface Action<I> {
  /** What the undo menu says: "add node", "connect"… */
  readonly name: string;
  perform(design: Design, input: I): Design;
}

/** An edit that makes no sense, with a short reason to show the user. */
export class ActionRefused extends Error {
  override readonly name = 'ActionRefused';
}
