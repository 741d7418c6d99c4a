import type { ClusterOperation, TimelineEvent } from '../../src/services/liveContract.ts';
import { api } from './api/api.ts';
import { liveOverlay, shareUnchanged, whatIfOverlay } from './canvas/overlayModel.ts';
import { LIVE_OFF, WHAT_IF_CLOSED } from './store/liveSlice.ts';
import { useDesigner } from './store/store.ts';

/**
 * Live mode, what-if and operations: the calls to the backend behind the live overlay.
 * Polls never overlap: the next one is scheduled when the previous one has answered.
 */
export const POLL_INTERVAL_MS = 1000;
const TIMELINE_LIMIT = 200;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const store = useDesigner.getState;

let timer: ReturnType<typeof setTimeout> | undefined;
/** Bumped on every start and stop: an answer from an older run is dropped. */
let run = 0;
let askedPermission = false;

function newSession(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

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

export function setLiveLab(lab: boolean): void {
  if (store().live.on) stopLive();
  store().setLive({ lab });
}

export function startLive(): void {
  const s = store();
  if (s.live.on) return;
  if (s.path === null) {
    s.showToast('Live reads the cluster of a design file: save the design first');
    return;
  }
  askNotificationPermission();
  const mine = ++run;
  s.setLive({
    ...LIVE_OFF,
    lab: s.live.lab,
    on: true,
    session: newSession(),
    designFile: s.path,
  });
  void poll(mine);
}

export function stopLive(): void {
  run++;
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  const { session } = store().live;
  store().setLive({ ...LIVE_OFF, lab: store().live.lab });
  const stop = api()['status.stop'];
  if (session) stop({ session }).catch(() => undefined);
}

async function poll(mine: number): Promise<void> {
  const { live } = store();
  if (mine !== run || !live.on || !live.session || !live.designFile) return;
  const started = Date.now();
  store().setLive({ polling: true, pollStartedAt: started });
  try {
    const status = await api()['status.collect']({
      designFile: live.designFile,
      lab: live.lab,
      session: live.session,
    });
    if (mine !== run) return;
    const now = store();
    const events = [...status.events].reverse();
    now.setLive({
      status,
      overlay: shareUnchanged(now.live.overlay, liveOverlay(now.design, status)),
      timeline:
        events.length > 0
          ? [...events, ...now.live.timeline].slice(0, TIMELINE_LIMIT)
          : now.live.timeline,
      error: null,
    });
    notifyFailovers(status.events);
  } catch (e) {
    if (mine === run) store().setLive({ error: message(e) });
  } finally {
    if (mine === run) {
      store().setLive({ polling: false, pollStartedAt: null });
      const wait = Math.max(0, POLL_INTERVAL_MS - (Date.now() - started));
      timer = setTimeout(() => void poll(mine), wait);
    }
  }
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
