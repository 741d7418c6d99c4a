import type { Channel } from './contract.ts';

/**
 * Every channel of the contract as a plain list, for the two places that cannot load the
 * contract's schemas at run time: the renderer's WebSocket client and Electron's sandboxed
 * preload. The Record type makes the compiler refuse a missing or unknown channel.
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
  'secrets.status': true,
  'secrets.set': true,
  'secrets.forget': true,
};

export const CHANNEL_NAMES: readonly Channel[] = Object.freeze(Object.keys(ALL) as Channel[]);
