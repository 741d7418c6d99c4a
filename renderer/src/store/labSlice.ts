import type {
  JobKind,
  JobPoll,
  JobResult,
  JobState,
  LabView,
  PlanView,
  ProgressEvent,
  RollbackView,
  StandInsView,
} from '../../../src/services/labDeployContract.ts';

/** A job the UI follows, as far as it has polled it. */
export interface FollowedJob {
  readonly id: string;
  readonly kind: JobKind;
  readonly state: JobState;
  readonly log: readonly string[];
  readonly events: readonly ProgressEvent[];
  readonly result?: JobResult;
  readonly error?: string;
}

/** Where the deploy dialog is: each stage waits for the user or for a job. */
export type DeployStage =
  | { readonly stage: 'planning' }
  | { readonly stage: 'plan'; readonly plan: PlanView }
  | { readonly stage: 'applying' }
  | { readonly stage: 'done' }
  /** Rolling back the last deploy, or (dryRun) reading what that would do. */
  | { readonly stage: 'rolling-back'; readonly dryRun: boolean }
  | { readonly stage: 'rollback'; readonly view: RollbackView }
  | { readonly stage: 'failed'; readonly error: string };

export interface DeployDialogState {
  /** The saved design file being deployed. */
  readonly path: string;
  /** To the design's lab, or to its real nodes. */
  readonly lab: boolean;
  readonly step: DeployStage;
  /** SSH private key file for real nodes ('' = the SSH agent). */
  readonly identity: string;
  /** Fingerprints the user has confirmed in this dialog. */
  readonly trusted: readonly string[];
}

/** What waits for the design to be saved: lab and deploy work on the file on disk. */
export type AfterSave = 'lab-up' | 'deploy-lab' | 'deploy-nodes';

export interface SaveFirst {
  readonly reason: string;
  readonly then: AfterSave;
}

export interface LabSlice {
  readonly labOpen: boolean;
  /** Every lab on this machine, as last read; null before the first answer. */
  readonly labs: readonly LabView[] | null;
  /** Why the labs cannot be read (not root, tools missing…). */
  readonly labError: string | null;
  readonly standIns: StandInsView | null;
  /** The last lab job (up, down, revive). */
  readonly labJob: FollowedJob | null;
  /** The last deploy job (plan, apply). */
  readonly deployJob: FollowedJob | null;
  readonly deployDialog: DeployDialogState | null;
  readonly saveFirst: SaveFirst | null;
  /** Nodes with a kill or revive under way, so their buttons wait. */
  readonly faultBusy: readonly string[];

  toggleLab(): void;
  setLabs(labs: readonly LabView[] | null, error: string | null): void;
  setStandIns(standIns: StandInsView | null): void;
  /** Starts following a job (empty log) or adds a poll's news to the one followed. */
  trackJob(which: 'labJob' | 'deployJob', poll: JobPoll): void;
  setDeployDialog(dialog: DeployDialogState | null): void;
  setDeployStage(step: DeployStage): void;
  /** Changes the open deploy dialog (identity, trusted keys). */
  patchDeployDialog(patch: Partial<Pick<DeployDialogState, 'identity' | 'trusted'>>): void;
  setSaveFirst(saveFirst: SaveFirst | null): void;
  setFaultBusy(node: string, busy: boolean): void;
}

type Set = (partial: Partial<LabSlice>) => void;
type Get = () => LabSlice;

/** Adds a poll's news to a followed job; a poll of another job starts afresh. */
export function followed(job: FollowedJob | null, poll: JobPoll): FollowedJob {
  const same = job?.id === poll.id;
  return {
    id: poll.id,
    kind: poll.kind,
    state: poll.state,
    log: [...(same ? job.log : []), ...poll.log],
    events: [...(same ? job.events : []), ...poll.events],
    ...(poll.result ? { result: poll.result } : {}),
    ...(poll.error !== undefined ? { error: poll.error } : {}),
  };
}

/** The lab and deploy part of the one store (spread into useDesigner). */
export function createLabSlice(set: Set, get: Get): LabSlice {
  return {
    labOpen: false,
    labs: null,
    labError: null,
    standIns: null,
    labJob: null,
    deployJob: null,
    deployDialog: null,
    saveFirst: null,
    faultBusy: [],

    toggleLab() {
      set({ labOpen: !get().labOpen });
    },
    setLabs(labs, error) {
      set({ labs, labError: error });
    },
    setStandIns(standIns) {
      set({ standIns });
    },
    trackJob(which, poll) {
      set({ [which]: followed(get()[which], poll) });
    },
    setDeployDialog(deployDialog) {
      set({ deployDialog });
    },
    setDeployStage(step) {
      const dialog = get().deployDialog;
      if (dialog) set({ deployDialog: { ...dialog, step } });
    },
    patchDeployDialog(patch) {
      const dialog = get().deployDialog;
      if (dialog) set({ deployDialog: { ...dialog, ...patch } });
    },
    setSaveFirst(saveFirst) {
      set({ saveFirst });
    },
    setFaultBusy(node, busy) {
      const rest = get().faultBusy.filter((n) => n !== node);
      set({ faultBusy: busy ? [...rest, node] : rest });
    },
  };
}
