import { setTimeout as delay } from 'node:timers/promises';
import { LabError } from './labError.ts';

/** How often state is polled; readiness is always a state check, never a guessed sleep. */
export const POLL_INTERVAL_MS = 200;

/** Calls `probe` until it returns a value, or throws `failure` once `deadline` (epoch ms) passes. */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  deadline: number,
  failure: string | (() => string),
): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline)
      throw new LabError(typeof failure === 'string' ? failure : failure());
    await delay(POLL_INTERVAL_MS);
  }
}
