import type { Transport } from '../../deploy/transport/transport.ts';
import { parseIscsiSessions } from '../parsers/iscsiSession.ts';
import type { Collected, IscsiSession } from '../status.ts';
import type { CollectOptions } from './runCollector.ts';
import { failedRun, runCollector } from './runCollector.ts';

const SCRIPT =
  'command -v iscsiadm >/dev/null 2>&1 || absent "iscsiadm is not installed (open-iscsi)"; ' +
  'exec iscsiadm -m session';

/** open-iscsi's ISCSI_ERR_NO_OBJS_FOUND: "iscsiadm: No active sessions." */
const NO_SESSIONS = 21;

/** The iSCSI sessions this initiator is logged in to. */
export function collectIscsiSessions(
  t: Transport,
  options: CollectOptions,
): Promise<Collected<IscsiSession[]>> {
  return runCollector(t, 'iscsiadm', SCRIPT, [], options, (r) => {
    if (r.code === NO_SESSIONS || /No active sessions/i.test(r.stderr))
      return { state: 'ok', value: [] };
    return r.code === 0
      ? { state: 'ok', value: parseIscsiSessions(r.stdout) }
      : failedRun('iscsiadm -m session', r);
  });
}
