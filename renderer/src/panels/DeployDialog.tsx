import type {
  DeployView,
  HostKeyView,
  NodePlanView,
  PlanView,
  RollbackItemView,
  RollbackView,
} from '../../../src/services/labDeployContract.ts';
import { apply, closeDeploy, plan, rollback, trustHostKey } from '../labCommands.ts';
import { currentPhase, nodeProgress } from '../store/deployProgress.ts';
import { cibLine, rollbackHeadline, rollbackWouldChange } from '../store/rollbackLines.ts';
import type { DeployDialogState, FollowedJob } from '../store/labSlice.ts';
import { useDesigner } from '../store/store.ts';

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
  const ready = dryRun !== undefined;
  const where = dialog.lab ? 'the lab' : 'the nodes';
  return (
    <div className="modal-backdrop">
      <div
        className="modal modal-wide"
        role="dialog"
        aria-label={`Deploy to ${where}`}
        data-testid="deploy-dialog"
        data-stage={step.stage}
        onKeyDown={(e) => {
          if (e.key === 'Escape') closeDeploy();
        }}
      >
        <h2>Deploy to {where}</h2>
        <p className="muted" data-testid="deploy-path">
          {dialog.path}
        </p>
        {!dialog.lab ? <IdentityField dialog={dialog} /> : null}
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
        {step.stage === 'rolling-back' ? (
          <p data-testid="rollback-running">
            {step.dryRun
              ? "Reading each node's last deploy (a dry run, nothing changes)…"
              : 'Rolling back the last deploy…'}
          </p>
        ) : null}
        {step.stage === 'rollback' ? <RollbackResult view={step.view} /> : null}
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
              title={ready ? `Write the files and bring ${where} up` : 'Trust every host key first'}
              onClick={() => void apply()}
            >
              {dryRun && !dryRun.ok ? 'Deploy anyway' : 'Deploy'}
            </button>
          ) : null}
          {step.stage === 'rollback' && step.view.dryRun ? (
            <button
              type="button"
              data-testid="rollback-apply"
              disabled={!rollbackWouldChange(step.view)}
              title={`Undo the last deploy on ${where}`}
              onClick={() => void rollback(false)}
            >
              Roll back
            </button>
          ) : null}
          {(step.stage === 'plan' && ready) || step.stage === 'done' ? (
            <button
              type="button"
              data-testid="rollback-plan"
              title="Show what undoing the last deploy would do (nothing changes yet)"
              onClick={() => void rollback(true)}
            >
              Roll back the last deploy…
            </button>
          ) : null}
          {step.stage === 'plan' ||
          step.stage === 'failed' ||
          step.stage === 'done' ||
          step.stage === 'rollback' ? (
            <button type="button" data-testid="deploy-replan" onClick={() => void plan()}>
              Plan again
            </button>
          ) : null}
          <button type="button" data-testid="deploy-close" onClick={closeDeploy}>
            {step.stage === 'applying' || (step.stage === 'rolling-back' && !step.dryRun)
              ? 'Hide (it goes on)'
              : 'Close'}
          </button>
        </div>
      </div>
    </div>
  );
}

function IdentityField({ dialog }: { dialog: DeployDialogState }) {
  return (
    <label className="deploy-identity">
      SSH key file (empty: the SSH agent)
      <input
        data-testid="deploy-identity"
        value={dialog.identity}
        placeholder="/home/me/.ssh/id_ed25519"
        onChange={(e) =>
          useDesigner.getState().patchDeployDialog({ identity: e.currentTarget.value })
        }
      />
    </label>
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
            <strong>{k.node}</strong> ({k.host}:{k.port}) {k.keyType}{' '}
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
            <h3>{n.node}</h3>
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
