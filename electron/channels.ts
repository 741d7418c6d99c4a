import type { Channel } from '../src/services/contract.ts';

/**
 * The contract's channels for the preload, which cannot bundle the contract's schemas; the
 * Record type makes the compiler refuse a missing or unknown channel.
 */
const ALL: Readonly<Record<Channel, true>> = {
  'design.check': true,
  'design.validate': true,
  'design.serialize': true,
  'design.open': true,
  'design.save': true,
  'templates.list': true,
  'templates.open': true,
  'bundle.generate': true,
  'bundle.export': true,
  'recent.list': true,
  'patterns.list': true,
  'patterns.create': true,
  'import.texts': true,
  'import.paths': true,
  'import.ssh': true,
  'status.collect': true,
  'status.stop': true,
  'cluster.operate': true,
  'simulate.whatIf': true,
  'jobs.poll': true,
  'lab.up': true,
  'lab.down': true,
  'lab.kill': true,
  'lab.revive': true,
  'lab.status': true,
  'lab.standins': true,
  'deploy.plan': true,
  'deploy.apply': true,
  'deploy.rollback': true,
  'hostkeys.trust': true,
};

export const CONTRACT_CHANNELS = Object.freeze(Object.keys(ALL) as Channel[]);

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
