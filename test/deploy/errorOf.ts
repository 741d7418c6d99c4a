import { TransportError } from '../../src/deploy/transport/transportError.ts';

/** The TransportError a promise rejects with; fails the test if it resolves or throws something else. */
export async function transportErrorOf(p: Promise<unknown>): Promise<TransportError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TransportError) return e;
    throw new Error(`expected a TransportError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a TransportError, but the operation succeeded');
}
