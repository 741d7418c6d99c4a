import type { ClusterwrightApi } from '../../services/contract.ts';
import { isChannel } from '../../services/contract.ts';

/** What the browser sends over the WebSocket: one call of one channel. */
export interface ApiCall {
  readonly id: number;
  readonly channel: string;
  readonly request: unknown;
}

export type ApiReply =
  | { readonly id: number; readonly ok: true; readonly response: unknown }
  | { readonly id: number | null; readonly ok: false; readonly error: string };

/** Largest message the host accepts; a design of thousands of elements fits well within it. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * Runs one message against the services and returns the reply. Never throws: a malformed
 * message, an unknown channel or a failing service all come back as `ok: false`. The
 * services check the request against the contract's schema themselves.
 */
export async function handleApiMessage(
  services: ClusterwrightApi,
  text: string,
): Promise<ApiReply> {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { id: null, ok: false, error: 'not JSON: send {"id", "channel", "request"}' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return {
      id: null,
      ok: false,
      error: 'a message must be an object {"id", "channel", "request"}',
    };
  }
  const { id, channel, request } = message as Partial<ApiCall>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) {
    return { id: null, ok: false, error: 'a message needs a numeric "id"' };
  }
  if (!isChannel(channel)) {
    return { id, ok: false, error: `unknown channel ${JSON.stringify(channel)}` };
  }
  try {
    const call = services[channel] as (req: unknown) => Promise<unknown>;
    return { id, ok: true, response: await call(request) };
  } catch (e) {
    return { id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
