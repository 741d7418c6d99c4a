import type { Channel, ClusterwrightApi } from '../../../src/services/contract.ts';

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

type Reply =
  | { readonly id: number; readonly ok: true; readonly response: unknown }
  | { readonly id: number | null; readonly ok: false; readonly error: string };

/** The services as the web host serves them: each channel a call over one WebSocket. */
export function createWsClient(url: string, channels: readonly Channel[]): ClusterwrightApi {
  let socket: WebSocket | undefined;
  let opened: Promise<WebSocket> | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (why: string): void => {
    for (const p of pending.values()) p.reject(new Error(why));
    pending.clear();
  };

  const connect = (): Promise<WebSocket> => {
    if (opened && socket && socket.readyState <= WebSocket.OPEN) return opened;
    const ws = new WebSocket(url);
    socket = ws;
    opened = new Promise<WebSocket>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(ws), { once: true });
      ws.addEventListener(
        'close',
        () => {
          reject(new Error('the Clusterwright host refused or closed the connection'));
          failAll('the connection to the Clusterwright host closed; reload the page');
        },
        { once: true },
      );
    });
    ws.addEventListener('message', (event) => {
      const reply = JSON.parse(String(event.data)) as Reply;
      if (reply.id === null) return;
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.response);
      else p.reject(new Error(reply.error));
    });
    return opened;
  };

  const call = async (channel: Channel, request: unknown): Promise<unknown> => {
    const ws = await connect();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, channel, request }));
    });
  };

  const api: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const channel of channels) api[channel] = (request) => call(channel, request);
  return Object.freeze(api) as unknown as ClusterwrightApi;
}

/** The API socket of the host that served this page, with the token from the page's URL. */
export function apiUrlFor(location: Pick<Location, 'host' | 'search'>): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  return `ws://${location.host}/api?token=${encodeURIComponent(token)}`;
}
