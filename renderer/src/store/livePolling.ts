import type { ClusterwrightApi } from '../../../src/services/contract.ts';
import type { TimelineEvent } from '../../../src/services/liveContract.ts';
import { liveOverlay, shareUnchanged } from '../canvas/overlayModel.ts';
import { LIVE_OFF } from './liveSlice.ts';
import { useDesigner } from './store.ts';

/**
 * The Live poller: one status.collect at a time, the next one a second after the previous
 * one started (at once when it took longer). Free of the DOM, so it is tested with a
 * backend whose answers the test releases.
 */
export const POLL_INTERVAL_MS = 1000;
const TIMELINE_LIMIT = 200;

export interface LiveHooks {
  readonly backend: Pick<ClusterwrightApi, 'status.collect' | 'status.stop'>;
  /** Called with each poll's new events (desktop notifications). */
  readonly onEvents?: (events: readonly TimelineEvent[]) => void;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const store = useDesigner.getState;

let timer: ReturnType<typeof setTimeout> | undefined;
/** Bumped on every start and stop: an answer from an older run is dropped. */
let run = 0;

function newSession(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Starts Live on the design's file; false (and a toast saying why) when there is none. */
export function startPolling(hooks: LiveHooks): boolean {
  const s = store();
  if (s.live.on) return true;
  if (s.path === null) {
    s.showToast('Live reads the cluster of a design file: save the design first');
    return false;
  }
  const mine = ++run;
  s.setLive({
    ...LIVE_OFF,
    lab: s.live.lab,
    on: true,
    session: newSession(),
    designFile: s.path,
  });
  void poll(mine, hooks);
  return true;
}

export function stopPolling(hooks: LiveHooks): void {
  run++;
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  const { session } = store().live;
  store().setLive({ ...LIVE_OFF, lab: store().live.lab });
  const stop = hooks.backend['status.stop'];
  if (session) stop({ session }).catch(() => undefined);
}

async function poll(mine: number, hooks: LiveHooks): Promise<void> {
  const { live } = store();
  if (mine !== run || !live.on || !live.session || !live.designFile) return;
  const started = Date.now();
  store().setLive({ polling: true, pollStartedAt: started });
  try {
    const collect = hooks.backend['status.collect'];
    const status = await collect({
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
    hooks.onEvents?.(status.events);
  } catch (e) {
    if (mine === run) store().setLive({ error: message(e) });
  } finally {
    if (mine === run) {
      store().setLive({ polling: false, pollStartedAt: null });
      const wait = Math.max(0, POLL_INTERVAL_MS - (Date.now() - started));
      timer = setTimeout(() => void poll(mine, hooks), wait);
    }
  }
}
