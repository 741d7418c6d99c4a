import type {
  DeployView,
  HostKeyView,
  NodePlanView,
  PlanView,
  RollbackItemView,
  RollbackView,
} from '../../../src/services/labDeployContract.ts';
import type { SecretsView } from '../../../src/services/secretsContract.ts';
import {
  apply,
  closeDeploy,
  forgetSecret,
  openRollback,
  plan,
  rollback,
  setSecret,
  toggleRollbackNode,
  trustHostKey,
} from '../labCommands.ts';
import { currentPhase, nodeProgress } from '../store/deployProgress.ts';
import { cibLine, rollbackHeadline, rollbackWouldChange } from '../store/rollbackLines.ts';
import type { DeployDialogState, DeployStage, FollowedJob } from '../store/labSlice.ts';
import { useDesigner } from '../store/store.ts';
import { Modal } from './Modal.tsx';

/**
 * The deploy dialog: the plan per node (diffs and steps, a dry run), host keys to confirm,
 * per-node progress while it applies, the result and the log; and the rollback of the last
 * deploy, shown first as what it would do (CIB, files, folders per node), then done.
 */
export function DeployDialog() {
  const dialog = useDesigner((s) => s.deployDialog);
  const job = useDesigner((s) => s.deployJob);
  if (!dialog) return null;
  const { step } = dialog;
  const dryRun = step.stage === 'plan' ? step.plan.dryRun : undefined;
  // A first deploy's dry run can fail steps that need the new files (drbdadm reads them),
  // so failed steps warn rather than block; no dry run at all (host keys) blocks.
  const missingSecrets = dialog.lab
    ? 0
    : (dialog.secrets?.secrets.filter((s) => s.source === undefined).length ?? 0);
  const ready = dryRun !== undefined && missingSecrets === 0;
  const where = dialog.lab ? 'the lab' : 'the nodes';
  return (
    <Modal
      title={`Deploy to ${where}`}
      testid="deploy-dialog"
      wide
      closeOnBackdrop={false}
      onClose={closeDeploy}
      data={{ stage: step.stage }}
    >
      <p className="muted" data-testid="deploy-path">
        {dialog.path}
      </p>
      {!dialog.lab ? <Credentials dialog={dialog} /> : null}
      {/* A rollback puts back what was there: it needs no secret. */}
      {step.stage !== 'rollback' ? <Secrets dialog={dialog} /> : null}
      {step.stage === 'planning' ? (
        <p data-testid="deploy-planning">
          Planning: reading every node&apos;s files and state (a dry run, nothing changes)…
        </p>
      ) : null}
      {step.stage === 'plan' ? <Plan plan={step.plan} dialog={dialog} /> : null}
      {step.stage === 'applying' && job ? <Progress job={job} /> : null}
      {step.stage === 'done' && job?.result?.kind === 'deploy.apply' ? (
        <>
          <Result result={job.result.value} />
          <Progress job={job} />
        </>
      ) : null}
      {step.stage === 'rollback' ? <Rollback step={step} /> : null}
      {step.stage === 'failed' ? (
        <p className="inline-error" data-testid="deploy-error">
          {step.error}
        </p>
      ) : null}
      {job ? (
        <details className="deploy-log" open={step.stage === 'failed'}>
          <summary>Log ({job.log.length} lines)</summary>
          <pre data-testid="deploy-log">{job.log.join('\n')}</pre>
        </details>
      ) : null}
      <div className="modal-buttons">
        {step.stage === 'plan' ? (
          <button
            type="button"
            data-testid="deploy-apply"
            disabled={!ready}
            title={
              ready
                ? `Write the files and bring ${where} up`
                : missingSecrets > 0
                  ? 'Set every secret first'
                  : 'Trust every host key first'
            }
            onClick={() => void apply()}
          >
            {dryRun && !dryRun.ok ? 'Deploy anyway' : 'Deploy'}
          </button>
        ) : null}
        {step.stage === 'rollback' ? (
          <button
            type="button"
            data-testid="deploy-rollback-run"
            disabled={
              step.busy ||
              step.nodes.length === 0 ||
              !step.preview ||
              !rollbackWouldChange(step.preview) ||
              !!step.result
            }
            title="Restore the backups of the last deploy on the chosen nodes"
            onClick={() => void rollback(false)}
          >
            Roll back {step.nodes.length} node{step.nodes.length === 1 ? '' : 's'}
          </button>
        ) : null}
        {step.stage === 'plan' ||
        step.stage === 'failed' ||
        step.stage === 'done' ||
        step.stage === 'rollback' ? (
          <button type="button" data-testid="deploy-replan" onClick={() => void plan()}>
            {step.stage === 'rollback' ? 'Back to the plan' : 'Plan again'}
          </button>
        ) : null}
        {step.stage === 'plan' || step.stage === 'failed' || step.stage === 'done' ? (
          <button
            type="button"
            data-testid="deploy-rollback-open"
            title="Put back what the last deploy changed, from each node's backups"
            onClick={() => void openRollback()}
          >
            Roll back…
          </button>
        ) : null}
        <button type="button" data-testid="deploy-close" onClick={closeDeploy}>
          {step.stage === 'applying' ? 'Hide (the deploy goes on)' : 'Close'}
        </button>
      </div>
    </Modal>
  );
}

const patch = (p: Parameters<ReturnType<typeof useDesigner.getState>['patchDeployDialog']>[0]) =>
  useDesigner.getState().patchDeployDialog(p);

/** How to log in: the SSH agent, a key file (and its passphrase), or a password. */
function Credentials({ dialog }: { dialog: DeployDialogState }) {
  return (
    <fieldset className="deploy-credentials">
      <legend>Log in to the nodes</legend>
      <label className="deploy-identity">
        SSH key file (empty: the SSH agent)
        <input
          data-testid="deploy-identity"
          value={dialog.identity}
          placeholder="/home/me/.ssh/id_ed25519"
          onChange={(e) => patch({ identity: e.currentTarget.value })}
        />
      </label>
      {dialog.identity.trim() ? (
        <PasswordField
          label="Passphrase of the key (if it has one)"
          testid="deploy-passphrase"
          value={dialog.passphrase}
          onChange={(passphrase) => patch({ passphrase })}
        />
      ) : null}
      <PasswordField
        label="Password (instead of a key)"
        testid="deploy-password"
        value={dialog.password}
        onChange={(password) => patch({ password })}
      />
      <p className="muted">
        Used for this deploy&apos;s connections only: never saved, never written to the log.
      </p>
    </fieldset>
  );
}

function PasswordField(props: {
  label: string;
  testid: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {props.label}
      <input
        type="password"
        autoComplete="off"
        data-testid={props.testid}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      />
    </label>
  );
}

const SOURCE_TEXT = {
  session: 'set for this session',
  environment: 'set in the environment',
  stored: 'remembered in the keyring',
} as const;

/**
 * The secrets the design names (CHAP, fence passwords): where each is set, a field to give
 * the missing ones. Values go to the backend and are never shown or sent back.
 */
function Secrets({ dialog }: { dialog: DeployDialogState }) {
  const view: SecretsView | null = dialog.secrets;
  if (dialog.secretsError && !view)
    return (
      <p className="inline-error" data-testid="deploy-secrets-error">
        {dialog.secretsError}
      </p>
    );
  if (!view || view.secrets.length === 0) return null;
  const missing = view.secrets.filter((s) => s.source === undefined).length;
  return (
    <fieldset className="deploy-secrets" data-testid="deploy-secrets" data-missing={missing}>
      <legend>Secrets ({missing === 0 ? 'all set' : `${missing} not set`})</legend>
      {dialog.lab && missing > 0 ? (
        <p className="muted">The lab uses visible stand-in values for secrets not given here.</p>
      ) : null}
      <ul>
        {view.secrets.map((s) => (
          <li key={s.name} data-testid={`deploy-secret-${s.name}`} data-source={s.source ?? ''}>
            <code>{s.name}</code>{' '}
            {s.source ? (
              <>
                <span>{SOURCE_TEXT[s.source]}</span>
                {s.source !== 'environment' ? (
                  <button
                    type="button"
                    data-testid={`deploy-secret-forget-${s.name}`}
                    onClick={() => void forgetSecret(s.name)}
                  >
                    Forget
                  </button>
                ) : null}
              </>
            ) : (
              <form
                className="secret-entry"
                onSubmit={(e) => {
                  e.preventDefault();
                  void setSecret(s.name);
                }}
              >
                <input
                  type="password"
                  autoComplete="off"
                  aria-label={`value of secret ${s.name}`}
                  data-testid={`deploy-secret-value-${s.name}`}
                  value={dialog.secretDrafts[s.name] ?? ''}
                  onChange={(e) =>
                    patch({
                      secretDrafts: { ...dialog.secretDrafts, [s.name]: e.currentTarget.value },
                    })
                  }
                />
                <button
                  type="submit"
                  data-testid={`deploy-secret-set-${s.name}`}
                  disabled={!dialog.secretDrafts[s.name]}
                >
                  Set
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <label
        className="inline-check"
        title={view.canRemember ? `Kept in ${view.storedIn ?? 'the keyring'}` : ''}
      >
        <input
          type="checkbox"
          data-testid="deploy-secrets-remember"
          checked={dialog.rememberSecrets && view.canRemember}
          disabled={!view.canRemember}
          onChange={(e) => patch({ rememberSecrets: e.currentTarget.checked })}
        />
        Remember secrets I set in the keyring (otherwise until the app quits)
      </label>
      {view.warning ? (
        <p className="sev-warning" data-testid="deploy-secrets-warning">
          {view.warning}
        </p>
      ) : null}
      {dialog.secretsError ? (
        <p className="inline-error" data-testid="deploy-secrets-error">
          {dialog.secretsError}
        </p>
      ) : null}
    </fieldset>
  );
}

function Plan({ plan: p, dialog }: { plan: PlanView; dialog: DeployDialogState }) {
  return (
    <div data-testid="deploy-plan">
      {p.hostKeys.length > 0 ? <HostKeys keys={p.hostKeys} trusted={dialog.trusted} /> : null}
      {p.unreachable.length > 0 ? (
        <ul className="inline-error" data-testid="deploy-unreachable">
          {p.unreachable.map((u) => (
            <li key={u.node}>
              {u.node}: {u.error}
            </li>
          ))}
        </ul>
      ) : null}
      {p.dryRun ? <DryRun view={p.dryRun} /> : null}
    </div>
  );
}

function HostKeys({ keys, trusted }: { keys: readonly HostKeyView[]; trusted: readonly string[] }) {
  return (
    <div className="host-keys" data-testid="deploy-hostkeys">
      <h3>Host keys</h3>
      <p className="muted">
        Compare each fingerprint with the one the node itself shows (ssh-keygen -lf
        /etc/ssh/ssh_host_*_key.pub on its console) before trusting it. Nothing is sent to a node
        until its key is trusted.
      </p>
      <ul>
        {keys.map((k) => (
          <li
            key={`${k.node}-${k.fingerprint}`}
            data-testid={`deploy-hostkey-${k.node}`}
            data-state={k.state}
            className={k.state === 'changed' ? 'inline-error' : ''}
          >
            <strong>{k.jumpFor ? `jump host ${k.node}` : k.node}</strong> ({k.host}:{k.port}
            {k.jumpFor ? `, for ${k.jumpFor.join(', ')}` : ''}) {k.keyType}{' '}
            <code className="fingerprint">{k.fingerprint}</code>
            {k.state === 'changed' ? (
              <p>REFUSED: {k.message}</p>
            ) : trusted.includes(k.fingerprint) ? (
              <span> — trusted</span>
            ) : (
              <button
                type="button"
                data-testid={`deploy-trust-${k.node}`}
                onClick={() => void trustHostKey(k)}
              >
                Trust this key
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

const summaryText = (s: NodePlanView['summary']): string =>
  `${s.create} new, ${s.update} changed, ${s.metadata} mode only, ${s.unchanged} unchanged` +
  (s.blocked > 0 ? `, ${s.blocked} BLOCKED` : '');

function DryRun({ view }: { view: DeployView }) {
  return (
    <div data-testid="deploy-dryrun" data-ok={view.ok}>
      {!view.ok ? (
        <p className="inline-error" data-testid="deploy-dryrun-failed">
          The dry run reports failed steps (below). Steps that read the new files (such as drbdadm
          on a first deploy) fail until the files are in place; anything else, fix before deploying.
        </p>
      ) : null}
      {view.plans.length === 0 ? (
        // Stopped before planning files (packages missing): the steps say why, per node.
        <ul className="plan-steps" data-testid="deploy-early-steps">
          {view.steps.map((s, i) => (
            <li key={i} className={s.outcome === 'failed' ? 'inline-error' : ''}>
              <span className={`outcome outcome-${s.outcome}`}>{s.outcome}</span> {s.node}: {s.step}
              : {s.detail}
            </li>
          ))}
        </ul>
      ) : null}
      {view.plans.map((p) => (
        <section key={p.node} className="plan-node" data-testid={`deploy-plan-node-${p.node}`}>
          <h3>
            {p.node} <span className="muted">{p.target}</span>
          </h3>
          <p data-testid="deploy-plan-summary">{summaryText(p.summary)}</p>
          <ul className="plan-files">
            {p.files
              .filter((f) => f.change !== 'unchanged')
              .map((f) => (
                <li key={f.path}>
                  {f.diff ? (
                    <details>
                      <summary>
                        <span className={`change change-${f.change}`}>{f.change}</span> {f.path}
                      </summary>
                      <Diff text={f.diff} />
                    </details>
                  ) : (
                    <>
                      <span className={`change change-${f.change}`}>{f.change}</span> {f.path}
                    </>
                  )}
                </li>
              ))}
          </ul>
          <Steps view={view} node={p.node} />
        </section>
      ))}
      <p data-testid="deploy-plan-cib">
        {view.cib === undefined
          ? 'CIB: no cluster runs yet; the configuration is pushed once it has started.'
          : view.cib.changed
            ? 'CIB: the configuration changes (patch below).'
            : 'CIB: no change.'}
      </p>
      {view.cib?.changed ? (
        <details>
          <summary>CIB patch</summary>
          <Diff text={view.cib.patch} />
        </details>
      ) : null}
    </div>
  );
}

function Steps({ view, node }: { view: DeployView; node: string }) {
  const steps = view.steps.filter((s) => s.node === node);
  if (steps.length === 0) return null;
  return (
    <ul className="plan-steps">
      {steps.map((s, i) => (
        <li key={i} className={s.outcome === 'failed' ? 'inline-error' : ''}>
          <span className={`outcome outcome-${s.outcome}`}>{s.outcome}</span> {s.step}: {s.detail}
        </li>
      ))}
    </ul>
  );
}

function Diff({ text }: { text: string }) {
  return (
    <pre className="diff">
      {text.split('\n').map((line, i) => (
        <span
          key={i}
          className={
            line.startsWith('+') && !line.startsWith('+++')
              ? 'diff-add'
              : line.startsWith('-') && !line.startsWith('---')
                ? 'diff-del'
                : ''
          }
        >
          {line}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

function Progress({ job }: { job: FollowedJob }) {
  const nodes = useDesigner((s) => s.design.nodes.map((n) => n.name).join('\n'));
  const rows = nodeProgress(nodes === '' ? [] : nodes.split('\n'), job.events);
  const phase = currentPhase(job.events);
  return (
    <div data-testid="deploy-progress">
      <p>
        {job.state === 'running' ? 'Deploying' : 'Deployed'}
        {phase ? ` — phase: ${phase}` : ''}
      </p>
      <table className="progress">
        <thead>
          <tr>
            <th>Node</th>
            <th>Files</th>
            <th>Last step</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.node} data-testid={`deploy-progress-${r.node}`} data-state={r.state}>
              <td>{r.node}</td>
              <td>
                {r.written} of {r.files} written
                {r.unchanged > 0 ? `, ${r.unchanged} unchanged` : ''}
              </td>
              <td>
                {r.lastStep ? `${r.lastStep.step}: ${r.lastStep.outcome}` : '—'}
                {r.failedSteps > 0 ? ` (${r.failedSteps} failed)` : ''}
              </td>
              <td className={r.state === 'failed' ? 'inline-error' : ''}>
                {r.state}
                {r.error ? `: ${r.error}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Result({ result }: { result: DeployView }) {
  return (
    <div data-testid="deploy-result" data-ok={result.ok}>
      <p className={result.ok ? 'deploy-ok' : 'inline-error'}>
        {result.ok
          ? `Deployed (${result.deployId}): CIB ${result.cibChanged ? 'changed' : 'unchanged'}.`
          : `The deploy FAILED (${result.deployId}); see the failed steps and the log.`}
      </p>
      <table className="progress">
        <thead>
          <tr>
            <th>Node</th>
            <th>Written</th>
            <th>Mode fixed</th>
            <th>Unchanged</th>
            <th>Backups</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {result.applied.map((a) => (
            <tr key={a.node} data-testid={`deploy-result-${a.node}`} data-ok={a.ok}>
              <td>{a.node}</td>
              <td>{a.written.length}</td>
              <td>{a.metadataFixed.length}</td>
              <td>{a.unchanged}</td>
              <td>{a.backups}</td>
              <td className={a.ok ? '' : 'inline-error'}>
                {a.ok ? 'ok' : `FAILED: ${a.error ?? ''}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="plan-steps">
        {result.steps
          .filter((s) => s.outcome !== 'unchanged')
          .map((s, i) => (
            <li key={i} className={s.outcome === 'failed' ? 'inline-error' : ''}>
              <span className={`outcome outcome-${s.outcome}`}>{s.outcome}</span> {s.node}: {s.step}
              : {s.detail}
            </li>
          ))}
      </ul>
      {result.warnings.length > 0 ? (
        <div data-testid="deploy-warnings">
          <h3>Pacemaker says</h3>
          <ul>
            {result.warnings.map((w) => (
              <li key={w} className="inline-error sev-warning" data-testid="deploy-warning">
                {w}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

type RollbackStage = Extract<DeployStage, { stage: 'rollback' }>;

/**
 * Rollback of the last deploy: choose nodes, read what it would do (a dry run, made at
 * once), then roll back. Files changed by hand since the deploy are left alone, and said so.
 */
function Rollback({ step }: { step: RollbackStage }) {
  const nodes = useDesigner((s) => s.design.nodes.map((n) => n.name).join('\n'));
  const shown = step.result ?? step.preview;
  return (
    <div data-testid="deploy-rollback" data-busy={step.busy} data-done={!!step.result}>
      <h3>Roll back the last deploy</h3>
      <p className="muted">
        Each chosen node gets back the files the last deploy replaced and loses the files and
        folders it created; the node the deploy pushed its CIB from puts the old configuration back.
        A file or CIB changed by hand since is left alone, and said so.
      </p>
      <div className="rollback-nodes">
        {(nodes === '' ? [] : nodes.split('\n')).map((n) => (
          <label key={n} className="inline-check">
            <input
              type="checkbox"
              data-testid={`deploy-rollback-node-${n}`}
              checked={step.nodes.includes(n)}
              disabled={step.busy || !!step.result}
              onChange={() => void toggleRollbackNode(n)}
            />
            {n}
          </label>
        ))}
      </div>
      {step.busy ? (
        <p>{step.preview ? 'Rolling back…' : 'Reading what a rollback would do…'}</p>
      ) : null}
      {step.error ? (
        <p className="inline-error" data-testid="deploy-rollback-error">
          {step.error}
        </p>
      ) : null}
      {shown ? <RollbackResult view={shown} /> : null}
    </div>
  );
}

function RollbackResult({ view }: { view: RollbackView }) {
  return (
    <div data-testid="rollback-result" data-ok={view.ok} data-dry-run={view.dryRun}>
      <p className={view.ok ? 'deploy-ok' : 'inline-error'} data-testid="rollback-headline">
        {rollbackHeadline(view)}
      </p>
      {view.nodes.map((n) => {
        const cib = cibLine(n);
        return (
          <section
            key={n.node}
            className="plan-node"
            data-testid={`rollback-node-${n.node}`}
            data-ok={n.ok}
          >
            <h3>
              {n.node} <span className="muted">{n.deployId ?? 'no deploy on record'}</span>
            </h3>
            <p className={n.ok ? '' : 'inline-error'} data-testid="rollback-message">
              {n.message}
            </p>
            {cib !== undefined && n.cib ? (
              <>
                <p
                  data-testid="rollback-cib"
                  data-action={n.cib.action}
                  className={
                    n.cib.action === 'changed' || n.cib.action === 'no-backup' ? 'inline-error' : ''
                  }
                >
                  {cib}
                </p>
                {n.cib.patch ? (
                  <details>
                    <summary>CIB patch</summary>
                    <Diff text={n.cib.patch} />
                  </details>
                ) : null}
              </>
            ) : null}
            <RollbackItems items={n.files} />
            <RollbackItems items={n.folders} folder />
          </section>
        );
      })}
    </div>
  );
}

function RollbackItems({
  items,
  folder = false,
}: {
  items: readonly RollbackItemView[];
  folder?: boolean;
}) {
  if (items.length === 0) return null;
  return (
    <ul className="plan-files" data-testid={folder ? 'rollback-folders' : 'rollback-files'}>
      {items.map((f) => (
        <li
          key={f.path}
          className={f.action === 'changed' || f.action === 'no-backup' ? 'inline-error' : ''}
        >
          <span className={`change change-${f.action}`}>
            {folder ? `${f.action} folder` : f.action}
          </span>{' '}
          {f.path} — {f.detail}
        </li>
      ))}
    </ul>
  );
}
