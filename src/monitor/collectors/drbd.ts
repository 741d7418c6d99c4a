import type { Transport } from '../../deploy/transport/transport.ts';
import type { Drbd84Minor } from '../parsers/drbdStatus.ts';
import { parseDrbdStatusJson, parseProcDrbd } from '../parsers/drbdStatus.ts';
import type { Collected, DrbdResourceStatus } from '../status.ts';
import type { CollectOptions } from './runCollector.ts';
import { failedRun, runCollector } from './runCollector.ts';

const NO_MODULE = 'absent "the DRBD kernel module is not loaded (no /proc/drbd)"';

const DRBD9 =
  'command -v drbdsetup >/dev/null 2>&1 || absent "drbdsetup is not installed (drbd-utils)"; ' +
  `[ -e /proc/drbd ] || ${NO_MODULE}; ` +
  'exec drbdsetup status --json --verbose --statistics';

const DRBD84 = `[ -e /proc/drbd ] || ${NO_MODULE}; exec cat /proc/drbd`;

/** DRBD 9: every resource, its volumes and each peer's connection, with resync progress. */
export function collectDrbd9(
  t: Transport,
  options: CollectOptions,
): Promise<Collected<DrbdResourceStatus[]>> {
  return runCollector(t, 'drbdsetup', DRBD9, [], options, (r) =>
    r.code === 0
      ? { state: 'ok', value: parseDrbdStatusJson(r.stdout) }
      : failedRun('drbdsetup status', r),
  );
}

/** DRBD 8.4: /proc/drbd, its minors named after the design's resources. */
export function collectDrbd84(
  t: Transport,
  minors: ReadonlyMap<number, Drbd84Minor>,
  options: CollectOptions,
): Promise<Collected<DrbdResourceStatus[]>> {
  return runCollector(t, 'proc-drbd', DRBD84, [], options, (r) =>
    r.code === 0
      ? { state: 'ok', value: parseProcDrbd(r.stdout, minors) }
      : failedRun('cat /proc/drbd', r),
  );
}
