import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { ClusterwrightApi } from '../src/services/contract.ts';
import { CHANNELS, requestSchemas } from '../src/services/contract.ts';
import type { IpcReply } from './channels.ts';
import { ipcName } from './channels.ts';
import { isTrustedSender } from './security.ts';

/**
 * Binds every contract channel to the services. A message from any frame but the app's own
 * page is refused, and every payload is checked against the channel's schema first.
 */
export function registerIpc(ipcMain: IpcMain, services: ClusterwrightApi): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(
      ipcName(channel),
      async (event: IpcMainInvokeEvent, request: unknown): Promise<IpcReply> => {
        if (!isTrustedSender(event.senderFrame))
          return {
            ok: false,
            error: 'refused: the request did not come from the Clusterwright window',
          };
        const parsed = requestSchemas[channel].safeParse(request);
        if (!parsed.success)
          return {
            ok: false,
            error: `bad request for ${channel}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
          };
        try {
          const call = services[channel] as (req: unknown) => Promise<unknown>;
          return { ok: true, response: await call(parsed.data) };
        } catch (e) {
          return { ok: false, error: e instanceof Error ? e.message : String(e) };
        }
      },
    );
  }
}
