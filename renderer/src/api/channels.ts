import type { Channel } from '../../../src/services/contract.ts';

/**
 * The contract's channels, listed here because the renderer imports only types from the
 * contract; the Record type makes the compiler refuse a missing or unknown channel.
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

export const CHANNEL_NAMES = Object.keys(ALL) as Channel[];
