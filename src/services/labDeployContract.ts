import { z } from 'zod';

/**
 * The lab, deploy, host key and job channels of the contract (spread into contract.ts).
 * Long work (lab up/down/revive, deploy plan/apply) starts a job and returns its id; the UI
 * then asks `jobs.poll` for what happened since its last look, so the same calls work over
 * Electron's IPC and the web host's WebSocket, neither of which pushes to the renderer here.
 */
const designPath = z.string().min(1).max(4096);
/** A private key file for SSH; without it the SSH agent is used. Never a secret itself. */
const identity = z.string().min(1).max(4096).optional();
/**
 * How to log in to real nodes besides the key file: the key's passphrase, or a password.
 * Both are used for this call's connections only: never stored, logged or sent back.
 */
const credentials = {
  identity,
  passphrase: z.string().min(1).max(1024).optional(),
  password: z.string().min(1).max(1024).optional(),
};

export const labDeployRequestSchemas = {
  /** What happened in a job since entry `since` (0 for everything). */
  'jobs.poll': z.strictObject({
    id: z.string().regex(/^job-[0-9a-f]{12}$/),
    since: z.number().int().min(0),
  }),
  /** Starts a lab of the saved design file: one lab node per design node. A job. */
  'lab.up': z.strictObject({ path: designPath }),
  /** Takes the lab of the saved design file's cluster down. A job. */
  'lab.down': z.strictObject({ path: designPath }),
  /** Kills a lab node at once, like pulling its power. */
  'lab.kill': z.strictObject({ node: z.string().min(1).max(200) }),
  /** Starts a killed lab node again and waits until its lab is online. A job. */
  'lab.revive': z.strictObject({ node: z.string().min(1).max(200) }),
  /** Every lab on this machine and its nodes' states. */
  'lab.status': z.strictObject({}),
  /** Which elements of a design run as stand-ins in a lab, and as what. */
  'lab.standins': z.strictObject({ design: z.unknown() }),
  /** A dry run of deploying the saved design file: per node the diffs and the steps. A job. */
  'deploy.plan': z.strictObject({ path: designPath, lab: z.boolean(), ...credentials }),
  /** Deploys the saved design file to its nodes, or to its lab. A job. */
  'deploy.apply': z.strictObject({ path: designPath, lab: z.boolean(), ...credentials }),
  /**
   * Puts back, on the chosen nodes (all when none are named), what the last deploy changed
   * there (the CIB, files, the folders it made); with `dryRun`, says what it would do. A job.
   */
  'deploy.rollback': z.strictObject({
    path: designPath,
    lab: z.boolean(),
    nodes: z.array(z.string().min(1).max(253)).max(256).optional(),
    dryRun: z.boolean(),
    ...credentials,
  }),
  /** Stores a host key the user confirmed in Clusterwright's own known-hosts file. */
  'hostkeys.trust': z.strictObject({
    host: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[A-Za-z0-9.:_[\]-]+$/)
      .refine((h) => !h.startsWith('-'), 'a host name may not start with "-"'),
    port: z.number().int().min(1).max(65535),
    keyType: z.string().regex(/^[a-z0-9@.-]{3,64}$/),
    fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
  }),
} as const;

export type JobKind =
  'lab.up' | 'lab.down' | 'lab.revive' | 'deploy.plan' | 'deploy.apply' | 'deploy.rollback';
export type JobState = 'running' | 'done' | 'failed';

export interface JobStarted {
  readonly jobId: string;
}

export type StepOutcomeView = 'done' | 'unchanged' | 'dry-run' | 'failed';

/** Progress of a deploy as it happens, per node (plain data: it crosses IPC and WebSocket). */
export type ProgressEvent =
  | { readonly type: 'phase'; readonly phase: string }
  | {
      readonly type: 'step';
      readonly node: string;
      readonly step: string;
      readonly outcome: StepOutcomeView;
      readonly detail: string;
    }
  | { readonly type: 'node-start'; readonly node: string; readonly files: number }
  | { readonly type: 'file-start'; readonly node: string; readonly path: string }
  | {
      readonly type: 'file-done';
      readonly node: string;
      readonly path: string;
      readonly outcome: 'written' | 'metadata';
    }
  | {
      readonly type: 'node-done';
      readonly node: string;
      readonly written: number;
      readonly unchanged: number;
    }
  | { readonly type: 'node-failed'; readonly node: string; readonly message: string };

export type LabNodeRunStateView = 'starting' | 'running' | 'killed';

export interface LabNodeView {
  readonly name: string;
  readonly state: LabNodeRunStateView;
  readonly sshAddress: string;
  readonly sshPort: number;
  /** The command line that logs in to the node as root. */
  readonly ssh: string;
  readonly processes: number;
}

/** What Pacemaker itself reports about a lab, from crm_mon on one running node. */
export interface LabPacemakerView {
  /** The lab node whose crm_mon answered. */
  readonly source: string;
  readonly quorum?: boolean;
  readonly dc?: string;
  readonly nodes: readonly {
    readonly name: string;
    readonly online: boolean;
    readonly unclean: boolean;
  }[];
  /** Resources running somewhere: id, role and the lab nodes they run on. */
  readonly resources: readonly {
    readonly id: string;
    readonly role: string;
    readonly on: readonly string[];
  }[];
}

export interface LabView {
  readonly cluster: string;
  readonly stateDir: string;
  readonly createdAt: string;
  /** Pacemaker's own warnings (crm_verify), as last checked: shown, never hidden. */
  readonly warnings: readonly string[];
  readonly nodes: readonly LabNodeView[];
  /** Pacemaker's view, when a running node answered crm_mon (lab.status only). */
  readonly pacemaker?: LabPacemakerView;
}

export interface LabUpView {
  readonly lab: LabView;
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
  readonly elapsedMs: number;
}

/** An element that a lab runs with a stand-in agent, because a namespace lacks its hardware. */
export interface StandInView {
  /** The Pacemaker resource id. */
  readonly resource: string;
  /** The design element it comes from, when the id names one. */
  readonly element?: string;
  readonly agent: string;
  readonly standIn: string;
}

export interface StandInsView {
  readonly resources: readonly StandInView[];
  /** The lab turns fencing off (it has no fencing hardware); Pacemaker warns about it. */
  readonly fencingOff: boolean;
}

export type FileChangeView = 'create' | 'update' | 'metadata' | 'unchanged' | 'blocked';

export interface NodePlanView {
  readonly node: string;
  readonly target: string;
  readonly summary: Readonly<Record<FileChangeView, number>>;
  readonly files: readonly {
    readonly path: string;
    readonly change: FileChangeView;
    readonly mode: number;
    /** Unified diff; '' unless created or updated. */
    readonly diff: string;
  }[];
}

export interface NodeApplyView {
  readonly node: string;
  readonly ok: boolean;
  readonly written: readonly string[];
  readonly metadataFixed: readonly string[];
  readonly unchanged: number;
  readonly backups: number;
  readonly error?: string;
}

export interface StepView {
  readonly node: string;
  readonly step: string;
  readonly outcome: StepOutcomeView;
  readonly detail: string;
}

/** A node whose host key is not trusted: unknown (confirm it) or changed (a hard failure). */
export interface HostKeyView {
  readonly node: string;
  readonly host: string;
  readonly port: number;
  readonly keyType: string;
  readonly fingerprint: string;
  readonly state: 'unknown' | 'changed';
  readonly message: string;
  /** Set when this is a jump host's key: the nodes reached through it (then `node` is its host). */
  readonly jumpFor?: readonly string[];
}

export interface DeployView {
  readonly deployId: string;
  readonly lab: boolean;
  readonly dryRun: boolean;
  readonly ok: boolean;
  readonly plans: readonly NodePlanView[];
  readonly cib?: { readonly changed: boolean; readonly patch: string };
  readonly applied: readonly NodeApplyView[];
  readonly steps: readonly StepView[];
  readonly cibChanged: boolean;
  /** Pacemaker's warnings on the cluster after a lab deploy (e.g. fencing off). */
  readonly warnings: readonly string[];
}

/** One step of a node's rollback: a file, a folder, or the CIB (see src/deploy/rollback.ts). */
export interface RollbackItemView {
  readonly path: string;
  /** File: restore, remove, mode, already, changed, no-backup; folder: remove, keep, already. */
  readonly action: string;
  readonly detail: string;
}

export interface NodeRollbackView {
  readonly node: string;
  /** The deploy rolled back; absent when the node has none on record. */
  readonly deployId?: string;
  readonly ok: boolean;
  readonly nothingToDo: boolean;
  readonly message: string;
  /** Present on the node the deploy pushed its CIB change from. */
  readonly cib?: {
    readonly action: 'restore' | 'already' | 'changed' | 'no-backup';
    readonly detail: string;
    /** Where the replaced configuration is kept on the node. */
    readonly saved: string;
    /** The patch applied, or in a dry run the one that would be. */
    readonly patch: string;
  };
  readonly files: readonly RollbackItemView[];
  readonly folders: readonly RollbackItemView[];
}

export interface RollbackView {
  readonly lab: boolean;
  readonly dryRun: boolean;
  readonly ok: boolean;
  readonly nodes: readonly NodeRollbackView[];
}

export interface PlanView {
  /** Host keys to confirm (or changed ones that stop everything); no dry run until none. */
  readonly hostKeys: readonly HostKeyView[];
  readonly unreachable: readonly { readonly node: string; readonly error: string }[];
  /** The dry run, once every node's key is trusted and every node answered. */
  readonly dryRun?: DeployView;
}

export type JobResult =
  | { readonly kind: 'lab.up'; readonly value: LabUpView }
  | { readonly kind: 'lab.down'; readonly value: { cluster: string; nodes: number } }
  | { readonly kind: 'lab.revive'; readonly value: LabView }
  | { readonly kind: 'deploy.plan'; readonly value: PlanView }
  | { readonly kind: 'deploy.apply'; readonly value: DeployView }
  | { readonly kind: 'deploy.rollback'; readonly value: RollbackView };

export type ResultOfJob<K extends JobKind> = Extract<JobResult, { kind: K }>['value'];

/**
 * What a job did since the caller's last look. `next` is where to continue; the state is
 * `running` until the caller has read every entry of a finished job, and only then carries
 * the result (or the error).
 */
export interface JobPoll {
  readonly id: string;
  readonly kind: JobKind;
  readonly state: JobState;
  readonly log: readonly string[];
  readonly events: readonly ProgressEvent[];
  readonly next: number;
  readonly result?: JobResult;
  readonly error?: string;
}

export interface LabDeployResponses {
  'jobs.poll': JobPoll;
  'lab.up': JobStarted;
  'lab.down': JobStarted;
  'lab.kill': { readonly node: string; readonly killedProcesses: number };
  'lab.revive': JobStarted;
  'lab.status': readonly LabView[];
  'lab.standins': StandInsView;
  'deploy.plan': JobStarted;
  'deploy.apply': JobStarted;
  'deploy.rollback': JobStarted;
  'hostkeys.trust': { readonly stored: boolean };
}
