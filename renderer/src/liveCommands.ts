import type { ClusterOperation, TimelineEvent } from '../../src/services/liveContract.ts';
import { api } from './api/api.ts';
import { whatIfOverlay } from './canvas/overlayModel.ts';
import { WHAT_IF_CLOSED } from './store/liveSlice.ts';
import type { LiveHooks } from './store/livePolling.ts';
import { startPolling, stopPolling } from './store/livePolling.ts';
import { useDesigner } from './store/store.ts';

/**
 * Live mode, what-if and operations: the calls to the backend behind the live overlay.
 * Polling itself lives in store/livePolling.ts (polls never overlap).
 */
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const store = useDesigner.getState;

let askedPermission = false;

/** Asked once, on the first Live start (a browser only asks in answer to a click). */
function askNotificationPermission(): void {
  if (askedPermission || typeof Notification === 'undefined') return;
  askedPermission = true;
  if (Notification.permission === 'default') void Notification.requestPermission();
}

/** A desktop notification for each failover (the same web API under Electron). */
function notifyFailovers(events: readonly TimelineEvent[]): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  for (const e of events) {
    if (e.event.kind !== 'failover') continue;
    try {
      new Notification(`Clusterwright: ${e.event.resource} failed over`, {
        body: e.text,
        tag: `failover-${e.event.resource}`,
      });
    } catch {
      // Some hosts refuse page notifications outright; the timeline still has the event.
    }
  }
}

const hooks = (): LiveHooks => ({ backend: api(), onEvents: notifyFailovers });

export function setLiveLab(lab: boolean): void {
  if (store().live.on) stopLive();
  store().setLive({ lab });
}

export function startLive(): void {
  if (startPolling(hooks())) askNotificationPermission();
}

export function stopLive(): void {
  stopPolling(hooks());
}

// ------------------------------------------------------------------------------- what-if

let whatIfRun = 0;

export function openWhatIf(open: boolean): void {
  if (!open) {
    whatIfRun++;
    store().setWhatIf(WHAT_IF_CLOSED);
  } else store().setWhatIf({ open: true });
}

/** Adds or removes a node from the simulated failure and simulates again. */
export function toggleWhatIfNode(node: string): void {
  const { failNodes } = store().whatIf;
  const next = failNodes.includes(node)
    ? failNodes.filter((n) => n !== node)
    : [...failNodes, node];
  void simulate(next);
}

/** Back to the design (or the live view): no simulated failure. */
export function clearWhatIf(): void {
  whatIfRun++;
  store().setWhatIf({ failNodes: [], result: null, overlay: null, busy: false, error: null });
}

async function simulate(failNodes: readonly string[]): Promise<void> {
  const mine = ++whatIfRun;
  if (failNodes.length === 0) return clearWhatIf();
  store().setWhatIf({ open: true, failNodes, busy: true, error: null });
  try {
    const design = store().design;
    const result = await api()['simulate.whatIf']({ design, failNodes: [...failNodes] });
    if (mine !== whatIfRun) return;
    store().setWhatIf({ result, overlay: whatIfOverlay(design, result), busy: false });
  } catch (e) {
    if (mine === whatIfRun)
      store().setWhatIf({ result: null, overlay: null, busy: false, error: message(e) });
  }
}

// ---------------------------------------------------------------------------- operations

/** Asks the backend for the exact command and shows it for confirmation. */
export async function prepareOperation(operation: ClusterOperation): Promise<void> {
  const { live } = store();
  if (!live.on || !live.designFile) return;
  store().setPendingOperation({
    operation,
    command: null,
    summary: '',
    running: false,
    error: null,
  });
  try {
    const planned = await api()['cluster.operate']({
      designFile: live.designFile,
      lab: live.lab,
      ...(live.session ? { session: live.session } : {}),
      operation,
      dryRun: true,
    });
    if (store().pendingOperation?.operation !== operation) return;
    store().setPendingOperation({
      operation,
      command: planned.command,
      summary: planned.summary,
      running: false,
      error: null,
    });
  } catch (e) {
    if (store().pendingOperation?.operation === operation)
      store().setPendingOperation({
        operation,
        command: null,
        summary: '',
        running: false,
        error: message(e),
      });
  }
}

export function cancelOperation(): void {
  store().setPendingOperation(null);
}

/** Runs the confirmed command; the backend refuses it if the command would now differ. */
export async function confirmOperation(): Promise<void> {
  const { live, pendingOperation: pending } = store();
  if (!pending?.command || pending.running || !live.designFile) return;
  store().setPendingOperation({ ...pending, running: true, error: null });
  try {
    const r = await api()['cluster.operate']({
      designFile: live.designFile,
      lab: live.lab,
      ...(live.session ? { session: live.session } : {}),
      operation: pending.operation,
      dryRun: false,
      expectCommand: pending.command,
    });
    if (r.code === 0) {
      store().setPendingOperation(null);
      store().showToast(`ran on ${r.ranOn ?? '?'}: ${r.command}`);
    } else {
      store().setPendingOperation({
        ...pending,
        running: false,
        error: `exit code ${r.code ?? '?'} on ${r.ranOn ?? '?'}: ${r.stderr?.trim() || r.stdout?.trim() || 'no output'}`,
      });
    }
  } catch (e) {
    store().setPendingOperation({ ...pending, running: false, error: message(e) });
  }
}
