import type { HostKeyView, JobKind, JobStarted } from '../../src/services/labDeployContract.ts';
import { api } from './api/api.ts';
import { saveTo } from './commands.ts';
import { sameDesign } from './design/sameDesign.ts';
import type { AfterSave, FollowedJob } from './store/labSlice.ts';
import { newDeployDialog } from './store/labSlice.ts';
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
  store().setDeployDialog(newDeployDialog(path, lab));
  await refreshSecrets();
  await plan();
}

const target = () => {
  const d = store().deployDialog;
  if (!d) return undefined;
  const real = !d.lab;
  return {
    path: d.path,
    lab: d.lab,
    ...(real && d.identity.trim() ? { identity: d.identity.trim() } : {}),
    ...(real && d.identity.trim() && d.passphrase ? { passphrase: d.passphrase } : {}),
    ...(real && d.password ? { password: d.password } : {}),
  };
};

/** Which of the design's secrets are set, and where (never their values). */
export async function refreshSecrets(): Promise<void> {
  const d = store().deployDialog;
  if (!d) return;
  try {
    const secrets = await api()['secrets.status']({ path: d.path });
    store().patchDeployDialog({ secrets, secretsError: null });
  } catch (e) {
    store().patchDeployDialog({ secretsError: message(e) });
  }
}

/** Hands the typed value of a secret to the backend, then forgets it here. */
export async function setSecret(name: string): Promise<void> {
  const d = store().deployDialog;
  const value = d?.secretDrafts[name] ?? '';
  if (!d || value === '') return;
  try {
    await api()['secrets.set']({ name, value, remember: d.rememberSecrets });
  } catch (e) {
    store().patchDeployDialog({ secretsError: message(e) });
    return;
  }
  const { [name]: _given, ...rest } = store().deployDialog?.secretDrafts ?? {};
  store().patchDeployDialog({ secretDrafts: rest });
  await refreshSecrets();
  // A plan that stopped for want of secrets goes on once the last one is given.
  const after = store().deployDialog;
  const missing = after?.secrets?.secrets.some((s) => s.source === undefined) ?? true;
  if (after?.step.stage === 'failed' && !missing) await plan();
}

/** Forgets a secret in this session and in the keyring. */
export async function forgetSecret(name: string): Promise<void> {
  try {
    await api()['secrets.forget']({ name });
  } catch (e) {
    store().patchDeployDialog({ secretsError: message(e) });
    return;
  }
  await refreshSecrets();
}

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

/** Rollback in the deploy dialog: every node chosen, and at once a dry run of it. */
export async function openRollback(): Promise<void> {
  const nodes = store().design.nodes.map((n) => n.name);
  store().setDeployStage({ stage: 'rollback', nodes, busy: false });
  await rollback(true);
}

/** Adds or removes a node from the rollback; the dry run is made again for the new set. */
export async function toggleRollbackNode(node: string): Promise<void> {
  const step = store().deployDialog?.step;
  if (step?.stage !== 'rollback') return;
  const nodes = step.nodes.includes(node)
    ? step.nodes.filter((n) => n !== node)
    : store()
        .design.nodes.map((n) => n.name)
        .filter((n) => n === node || step.nodes.includes(n));
  store().setDeployStage({ stage: 'rollback', nodes, busy: false });
  if (nodes.length > 0) await rollback(true);
}

/** Rolls back the last deploy (the CIB, files, folders it made) on the chosen nodes; a dry run says what that would do. */
export async function rollback(dryRun: boolean): Promise<void> {
  const request = target();
  const step = store().deployDialog?.step;
  if (!request || step?.stage !== 'rollback' || step.nodes.length === 0) return;
  const nodes = step.nodes;
  store().setDeployStage({ ...step, busy: true });
  const job = await followJob('deployJob', 'deploy.rollback', () =>
    api()['deploy.rollback']({ ...request, nodes: [...nodes], dryRun }),
  );
  const now = store().deployDialog?.step;
  if (now?.stage !== 'rollback') return;
  const value = job.result?.kind === 'deploy.rollback' ? job.result.value : undefined;
  store().setDeployStage({
    stage: 'rollback',
    nodes,
    busy: false,
    ...(dryRun
      ? value
        ? { preview: value }
        : {}
      : { ...(now.preview ? { preview: now.preview } : {}), ...(value ? { result: value } : {}) }),
    ...(value ? {} : { error: job.error ?? 'the rollback gave no result' }),
  });
  if (!dryRun && request.lab) await refreshLabs();
}
