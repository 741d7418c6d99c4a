import type { Transport } from '../../deploy/transport/transport.ts';
import { parseCrmMon } from '../parsers/crmMon.ts';
import type { Collected, PacemakerStatus } from '../status.ts';
import type { CollectOptions } from './runCollector.ts';
import { failedRun, runCollector } from './runCollector.ts';

const SCRIPT =
  'command -v crm_mon >/dev/null 2>&1 || absent "crm_mon is not installed (pacemaker-cli-utils)"; ' +
  'exec crm_mon --one-shot --inactive --output-as=xml';

/**
 * Pacemaker's view from this node. crm_mon reports a cluster it cannot reach as XML too
 * (`<status code="102" message="Not connected">`); the parser turns that into the failure.
 */
export function collectCrmMon(
  t: Transport,
  options: CollectOptions,
): Promise<Collected<PacemakerStatus>> {
  return runCollector(t, 'crm_mon', SCRIPT, [], options, (r) =>
    r.stdout.trimStart().startsWith('<')
      ? { state: 'ok', value: parseCrmMon(r.stdout) }
      : failedRun('crm_mon', r),
  );
}
