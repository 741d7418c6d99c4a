import type { Channel } from '../src/services/contract.ts';
import { CHANNEL_NAMES } from '../src/services/channelNames.ts';

/** The contract's channels, for the preload (which cannot bundle the contract's schemas). */
export const CONTRACT_CHANNELS = CHANNEL_NAMES;

/** The IPC channel name of a contract channel. */
export function ipcName(channel: Channel): string {
  return `cw:${channel}`;
}

/** Shell channels that exist only under Electron: native file dialogs and menu commands. */
export const SHELL_PICK_OPEN = 'cw-shell:pick-open';
export const SHELL_PICK_SAVE = 'cw-shell:pick-save';
export const SHELL_MENU = 'cw-shell:menu';
/** Save bytes the renderer made (a bundle archive, a diagram) where the user picks. */
export const SHELL_SAVE_FILE = 'cw-shell:save-file';
/** Largest file the renderer may hand over for saving. */
export const SHELL_SAVE_MAX_BYTES = 256 * 1024 * 1024;

/** What an IPC handler returns: errors travel as data so their message reaches the user. */
export type IpcReply =
  | { readonly ok: true; readonly response: unknown }
  | { readonly ok: false; readonly error: string };
