import type { HostKeyView, JobKind, JobStarted } from '../../src/services/labDeployContract.ts';
import { api } from './api/api.ts';
import { saveTo } from './commands.ts';
import { sameDesign } from './design/sameDesign.ts';
import type { AfterSave, FollowedJob } from './store/labSlice.ts';
import { useDesigner } from './store/store.ts';

/**
 * What the lab panel and the deploy dialog do. Long work runs as jobs on the backend; these
 * commands start a job and poll it (every 300 ms) into the store until it finishes.
 */
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const store = () => useDesigner.getState();

export const JOB_POLL_MS = 300;
const LAB_STATUS_MS = 2000;

/** Follows a job until it finishes; a job that cannot be started or polled ends as failed. */
async function followJob(
  which: 'labJob' | 'deployJob',
  kind: JobKind,
  start: () => Promise<JobStarted>,
): Promise<FollowedJob> {
  const failed = (id: string, error: string, since: number): FollowedJob => {
    store().trackJob(which, { id, kind, state: 'failed', log: [], events: [], next: since, error });
    return store()[which] as FollowedJob;
  };
  let jobId: string;
  try {
    ({ jobId } = await start());
  } catch (e) {
    return failed('not-started', message(e), 0);
  }
  let since = 0;
  for (;;) {
    try {
      const poll = await api()['jobs.poll']({ id: jobId, since });
      store().trackJob(which, poll);
      since = poll.next;
      if (poll.state !== 'running') return store()[which] as FollowedJob;
    } catch (e) {
      return failed(jobId, message(e), since);
    }
    await wait(JOB_POLL_MS);
  }
}

export async function refreshLabs(): Promise<void> {
  try {
    store().setLabs(await api()['lab.status']({}), null);
  } catch (e) {
    store().setLabs(null, message(e));
  }
}

export async function refreshStandIns(): Promise<void> {
  try {
    store().setStandIns(await api()['lab.standins']({ design: store().design }));
  } catch {
    store().setStandIns(null);
  }
}

/** While the lab panel is open: the labs' states every 2 s, the stand-ins as the design changes. */
export function watchLab(): () => void {
  let stopped = false;
  void (async () => {
    while (!stopped) {
      await refreshLabs();
      await wait(LAB_STATUS_MS);
    }
  })();
  void refreshStandIns();
  const unsubscribe = useDesigner.subscribe((s, prev) => {
    if (s.design !== prev.design) void refreshStandIns();
  });
  return () => {
    stopped = true;
    unsubscribe();
  };
}

/**
 * The design file to work on, when the file on disk holds exactly the design on the canvas;
 * otherwise asks to save first (and carries on after the save) and returns null.
 */
async function savedPath(then: AfterSave): Promise<string | null> {
  const { path, design } = store();
  if (path === null) {
    store().setSaveFirst({ reason: 'This design has not been saved yet.', then });
    return null;
  }
  try {
    const onDisk = await api()['design.open']({ path });
    if (onDisk.design && sameDesign(onDisk.design, design)) return path;
    store().setSaveFirst({
      reason: onDisk.ioError ?? `The design has changes that are not saved in ${path}.`,
      then,
    });
  } catch (e) {
    store().setSaveFirst({ reason: `${path} cannot be read: ${message(e)}`, then });
  }
  return null;
}

/** Saves to the path given, then does what was waiting for the save. */
export async function saveAndContinue(path: string): Promise<void> {
  const pending = store().saveFirst;
  if (!(await saveTo(path))) return;
  store().setSaveFirst(null);
  if (pending?.then === 'lab-up') await startLab();
  else if (pending?.then === 'deploy-lab') await openDeploy(true);
  else if (pending?.then === 'deploy-nodes') await openDeploy(false);
}

export async function startLab(): Promise<void> {
  const path = await savedPath('lab-up');
  if (path === null) return;
  if (!store().labOpen) store().toggleLab();
  const job = await followJob('labJob', 'lab.up', () => api()['lab.up']({ path }));
  if (job.state === 'failed') store().showToast(`the lab did not start: ${job.error ?? ''}`);
  await refreshLabs();
}

export async function stopLab(): Promise<void> {
  const { path } = store();
  if (path === null) {
    store().showToast('open the design file the lab was started from, then stop it');
    return;
  }
  const job = await followJob('labJob', 'lab.down', () => api()['lab.down']({ path }));
  if (job.state === 'failed') store().showToast(`the lab did not stop: ${job.error ?? ''}`);
  await refreshLabs();
}

export async function killNode(node: string): Promise<void> {
  store().setFaultBusy(node, true);
  try {
    await api()['lab.kill']({ node });
  } catch (e) {
    store().showToast(`could not kill ${node}: ${message(e)}`);
  } finally {
    await refreshLabs();
    store().setFaultBusy(node, false);
  }
}

export async function reviveNode(node: string): Promise<void> {
  store().setFaultBusy(node, true);
  try {
    const job = await followJob('labJob', 'lab.revive', () => api()['lab.revive']({ node }));
    if (job.state === 'failed') store().showToast(`could not revive ${node}: ${job.error ?? ''}`);
  } finally {
    await refreshLabs();
    store().setFaultBusy(node, false);
  }
}

/** Opens the deploy dialog on the saved design and plans (a dry run) at once. */
export async function openDeploy(lab: boolean): Promise<void> {
  const path = await savedPath(lab ? 'deploy-lab' : 'deploy-nodes');
  if (path === null) return;
  store().setDeployDialog({ path, lab, step: { stage: 'planning' }, identity: '', trusted: [] });
  await plan();
}

const target = () => {
  const d = store().deployDialog;
  if (!d) return undefined;
  return {
    path: d.path,
    lab: d.lab,
    ...(d.identity.trim() ? { identity: d.identity.trim() } : {}),
  };
};

export async function plan(): Promise<void> {
  const request = target();
  if (!request) return;
  store().setDeployStage({ stage: 'planning' });
  const job = await followJob('deployJob', 'deploy.plan', () => api()['deploy.plan'](request));
  if (!store().deployDialog) return;
  if (job.result?.kind === 'deploy.plan')
    store().setDeployStage({ stage: 'plan', plan: job.result.value });
  else store().setDeployStage({ stage: 'failed', error: job.error ?? 'the plan gave no result' });
}

/** Stores a host key the user confirmed; once every unknown key is confirmed, plans again. */
export async function trustHostKey(key: HostKeyView): Promise<void> {
  try {
    await api()['hostkeys.trust']({
      host: key.host,
      port: key.port,
      keyType: key.keyType,
      fingerprint: key.fingerprint,
    });
  } catch (e) {
    store().showToast(`could not trust the key of ${key.node}: ${message(e)}`);
    return;
  }
  const dialog = store().deployDialog;
  if (!dialog) return;
  const trusted = [...dialog.trusted, key.fingerprint];
  store().patchDeployDialog({ trusted });
  const step = dialog.step;
  if (step.stage !== 'plan') return;
  const waiting = step.plan.hostKeys.filter(
    (k) => k.state === 'changed' || !trusted.includes(k.fingerprint),
  );
  if (waiting.length === 0) await plan();
}

export async function apply(): Promise<void> {
  const request = target();
  if (!request) return;
  store().setDeployStage({ stage: 'applying' });
  const job = await followJob('deployJob', 'deploy.apply', () => api()['deploy.apply'](request));
  if (!store().deployDialog) return;
  if (job.state === 'done') store().setDeployStage({ stage: 'done' });
  else store().setDeployStage({ stage: 'failed', error: job.error ?? 'the deploy gave no result' });
  if (request.lab) await refreshLabs();
}

export function closeDeploy(): void {
  store().setDeployDialog(null);
}

/**
 * Rolls back the last deploy on every node (the CIB, files, folders it made); with dryRun
 * only reads what that would do, which the dialog shows before the user confirms.
 */
export async function rollback(dryRun: boolean): Promise<void> {
  const request = target();
  if (!request) return;
  store().setDeployStage({ stage: 'rolling-back', dryRun });
  const job = await followJob('deployJob', 'deploy.rollback', () =>
    api()['deploy.rollback']({ ...request, dryRun }),
  );
  if (!store().deployDialog) return;
  if (job.result?.kind === 'deploy.rollback')
    store().setDeployStage({ stage: 'rollback', view: job.result.value });
  else
    store().setDeployStage({ stage: 'failed', error: job.error ?? 'the rollback gave no result' });
  if (request.lab && !dryRun) await refreshLabs();
}
