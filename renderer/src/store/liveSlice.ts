import type {
  ClusterOperation,
  LiveStatus,
  TimelineEvent,
  WhatIfResult,
} from '../../../src/services/liveContract.ts';
import type { Overlay } from '../canvas/overlayModel.ts';

/** The live cluster view: on while Live polls the design file's cluster. */
export interface LiveView {
  readonly on: boolean;
  /** Watch the design's local lab instead of its real nodes. */
  readonly lab: boolean;
  /** Random per Live run: the backend keeps connections and the timeline memory under it. */
  readonly session: string | null;
  readonly designFile: string | null;
  readonly status: LiveStatus | null;
  readonly overlay: Overlay;
  /** Newest first. */
  readonly timeline: readonly TimelineEvent[];
  /** A poll is running now (the next one waits for it). */
  readonly polling: boolean;
  /** When the current poll started (epoch ms), to show a slow cluster as slow. */
  readonly pollStartedAt: number | null;
  readonly error: string | null;
}

export interface WhatIfView {
  readonly open: boolean;
  readonly failNodes: readonly string[];
  readonly result: WhatIfResult | null;
  readonly overlay: Overlay | null;
  readonly busy: boolean;
  readonly error: string | null;
}

/** An operation waiting for the user's confirmation, with the exact command it runs. */
export interface PendingOperation {
  readonly operation: ClusterOperation;
  readonly command: string | null;
  readonly summary: string;
  readonly running: boolean;
  readonly error: string | null;
}

export interface LiveSlice {
  readonly live: LiveView;
  readonly whatIf: WhatIfView;
  readonly pendingOperation: PendingOperation | null;
  setLive(patch: Partial<LiveView>): void;
  setWhatIf(patch: Partial<WhatIfView>): void;
  setPendingOperation(op: PendingOperation | null): void;
}

export const LIVE_OFF: LiveView = {
  on: false,
  lab: false,
  session: null,
  designFile: null,
  status: null,
  overlay: {},
  timeline: [],
  polling: false,
  pollStartedAt: null,
  error: null,
};

export const WHAT_IF_CLOSED: WhatIfView = {
  open: false,
  failNodes: [],
  result: null,
  overlay: null,
  busy: false,
  error: null,
};

type Set = (fn: (s: LiveSlice) => Partial<LiveSlice>) => void;

/** The live part of the one store (combined in store.ts). */
export function createLiveSlice(set: Set): LiveSlice {
  return {
    live: LIVE_OFF,
    whatIf: WHAT_IF_CLOSED,
    pendingOperation: null,
    setLive(patch) {
      set((s) => ({ live: { ...s.live, ...patch } }));
    },
    setWhatIf(patch) {
      set((s) => ({ whatIf: { ...s.whatIf, ...patch } }));
    },
    setPendingOperation(op) {
      set(() => ({ pendingOperation: op }));
    },
  };
}
