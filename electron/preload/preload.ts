import { contextBridge, ipcRenderer } from 'electron';
import type { Channel } from '../../src/services/contract.ts';
import type { MenuMessage } from '../../src/services/shellMenu.ts';
import { menuMessage } from '../../src/services/shellMenu.ts';
import type { IpcReply } from '../channels.ts';
import {
  CONTRACT_CHANNELS,
  SHELL_MENU,
  SHELL_PICK_OPEN,
  SHELL_PICK_SAVE,
  SHELL_SAVE_FILE,
  ipcName,
} from '../channels.ts';

/**
 * Gives the renderer one function per contract channel and nothing else: no ipcRenderer, no
 * Node. Each function checks its channel against the contract before it sends anything.
 */
function call(channel: Channel) {
  return async (request: unknown): Promise<unknown> => {
    if (!CONTRACT_CHANNELS.includes(channel)) throw new Error(`unknown channel ${channel}`);
    const reply = (await ipcRenderer.invoke(ipcName(channel), request)) as IpcReply;
    if (!reply.ok) throw new Error(reply.error);
    return reply.response;
  };
}

const api: Record<string, (request: unknown) => Promise<unknown>> = {};
for (const channel of CONTRACT_CHANNELS) api[channel] = call(channel);

contextBridge.exposeInMainWorld('clusterwright', Object.freeze(api));
contextBridge.exposeInMainWorld(
  'clusterwrightShell',
  Object.freeze({
    pickOpenPath: (): Promise<string | null> => ipcRenderer.invoke(SHELL_PICK_OPEN),
    pickSavePath: (suggested: string | null): Promise<string | null> =>
      ipcRenderer.invoke(SHELL_PICK_SAVE, typeof suggested === 'string' ? suggested : null),
    saveFile: (suggestedName: string, bytes: Uint8Array): Promise<string | null> =>
      ipcRenderer.invoke(SHELL_SAVE_FILE, String(suggestedName), bytes),
    onMenuCommand: (listener: (message: MenuMessage) => void): void => {
      ipcRenderer.on(SHELL_MENU, (_event, value: unknown) => {
        const message = menuMessage(value);
        if (message) listener(message);
      });
    },
  }),
);
