import { useEffect } from 'react';
import type { LabView, StandInsView } from '../../../src/services/labDeployContract.ts';
import { killNode, openDeploy, reviveNode, startLab, stopLab, watchLab } from '../labCommands.ts';
import type { FollowedJob } from '../store/labSlice.ts';
import { useDesigner } from '../store/store.ts';

const JOB_TITLES: Readonly<Record<FollowedJob['kind'], string>> = {
  'lab.up': 'Starting the lab',
  'lab.down': 'Stopping the lab',
  'lab.revive': 'Reviving a node',
  'deploy.plan': 'Planning a deploy',
  'deploy.apply': 'Deploying',
};

/**
 * The local lab of the design's cluster: start, deploy to, stop; a fault panel to kill and
 * revive nodes (crmsh's crash_test, visual); what runs as a stand-in; Pacemaker's warnings.
 */
export function LabPanel() {
  useEffect(() => watchLab(), []);
  const cluster = useDesigner((s) => s.design.cluster.name);
  const labs = useDesigner((s) => s.labs);
  const labError = useDesigner((s) => s.labError);
  const standIns = useDesigner((s) => s.standIns);
  const job = useDesigner((s) => s.labJob);
  const lab = labs?.find((l) => l.cluster === cluster);
  const others = labs?.filter((l) => l.cluster !== cluster) ?? [];
  const busy = job?.state === 'running';
  const running = lab?.nodes.filter((n) => n.state === 'running').length ?? 0;
  return (
    <section className="lab" data-testid="lab-panel">
      <header className="lab-head">
        <h2>Lab</h2>
        <span data-testid="lab-summary" className="muted">
          {labs === null && !labError
            ? 'Looking for labs…'
            : lab
              ? `lab ${lab.cluster}: ${running} of ${lab.nodes.length} nodes running (since ${new Date(lab.createdAt).toLocaleTimeString()})`
              : `no lab runs for cluster ${cluster}`}
        </span>
        <button
          type="button"
          data-testid="lab-start"
          disabled={busy || lab !== undefined}
          onClick={() => void startLab()}
        >
          Start lab
        </button>
        <button
          type="button"
          data-testid="lab-deploy"
          disabled={busy || lab === undefined}
          onClick={() => void openDeploy(true)}
        >
          Deploy to lab
        </button>
        <button
          type="button"
          data-testid="lab-stop"
          disabled={busy || lab === undefined}
          onClick={() => void stopLab()}
        >
          Stop lab
        </button>
      </header>
      {labError ? (
        <p className="inline-error" data-testid="lab-error">
          {labError}
        </p>
      ) : null}
      {job ? <JobLine job={job} /> : null}
      <div className="lab-body">
        <FaultPanel lab={lab} busy={busy} />
        <div className="lab-side">
          <StandIns standIns={standIns} />
          {lab ? <Warnings lab={lab} /> : null}
        </div>
      </div>
      {others.length > 0 ? (
        <p className="muted" data-testid="lab-others">
          Other labs on this machine: {others.map((l) => l.cluster).join(', ')} (stop them with:
          sudo clusterwright lab down &lt;their design&gt;)
        </p>
      ) : null}
    </section>
  );
}

function JobLine({ job }: { job: FollowedJob }) {
  const last = job.log[job.log.length - 1];
  return (
    <details className="lab-job" data-testid="lab-job" data-state={job.state} data-kind={job.kind}>
      <summary>
        {JOB_TITLES[job.kind]}:{' '}
        {job.state === 'running'
          ? `running… ${last ?? ''}`
          : job.state === 'done'
            ? 'done'
            : `FAILED: ${job.error ?? ''}`}
      </summary>
      <pre data-testid="lab-log">{job.log.join('\n')}</pre>
    </details>
  );
}

function FaultPanel({ lab, busy }: { lab: LabView | undefined; busy: boolean }) {
  const faultBusy = useDesigner((s) => s.faultBusy);
  if (!lab)
    return (
      <div className="fault-panel muted" data-testid="fault-panel">
        Start a lab to run this design&apos;s nodes on this machine: real corosync and Pacemaker in
        network namespaces, reachable over SSH.
      </div>
    );
  return (
    <table className="fault-panel" data-testid="fault-panel">
      <thead>
        <tr>
          <th>Node</th>
          <th>State</th>
          <th>Processes</th>
          <th>Faults</th>
          <th>Log in</th>
        </tr>
      </thead>
      <tbody>
        {lab.nodes.map((n) => {
          const waiting = faultBusy.includes(n.name);
          return (
            <tr key={n.name} data-testid={`lab-node-${n.name}`} data-state={n.state}>
              <td>{n.name}</td>
              <td>
                <span className={`lab-state lab-state-${n.state}`} data-testid="lab-node-state">
                  {waiting ? `${n.state}…` : n.state}
                </span>
              </td>
              <td>{n.processes}</td>
              <td>
                <button
                  type="button"
                  data-testid={`lab-kill-${n.name}`}
                  title="Kill every process of the node at once, like pulling its power"
                  disabled={busy || waiting || n.state !== 'running'}
                  onClick={() => void killNode(n.name)}
                >
                  Kill
                </button>{' '}
                <button
                  type="button"
                  data-testid={`lab-revive-${n.name}`}
                  title="Start the node again and wait until it is online"
                  disabled={busy || waiting || n.state !== 'killed'}
                  onClick={() => void reviveNode(n.name)}
                >
                  Revive
                </button>
              </td>
              <td>
                <code className="lab-ssh">{n.ssh}</code>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function StandIns({ standIns }: { standIns: StandInsView | null }) {
  if (!standIns) return null;
  return (
    <div className="stand-ins" data-testid="lab-standins">
      <h3>Stand-ins in the lab</h3>
      <p className="muted">
        A lab node has no DRBD module, hypervisor, iSCSI or IPMI: these resources run with stand-in
        agents that behave alike (labelled in the CIB). Their configuration files still go to every
        node.
      </p>
      <ul>
        {standIns.resources.map((r) => (
          <li key={r.resource} data-testid="lab-standin" data-element={r.element ?? ''}>
            {r.element !== undefined ? (
              <button
                type="button"
                className="link"
                onClick={() => useDesigner.getState().focusElement(r.element as string)}
              >
                {r.element}
              </button>
            ) : null}{' '}
            <code>{r.resource}</code>: {r.agent} → <strong>{r.standIn}</strong> (stand-in)
          </li>
        ))}
      </ul>
      {standIns.fencingOff ? (
        <p className="inline-error sev-warning" data-testid="lab-fencing-off">
          Fencing is off in the lab (stonith-enabled=false): there is no fencing hardware. Pacemaker
          warns about it; the warning is shown, not hidden.
        </p>
      ) : null}
    </div>
  );
}

function Warnings({ lab }: { lab: LabView }) {
  return (
    <div className="lab-warnings" data-testid="lab-warnings">
      <h3>Pacemaker says</h3>
      {lab.warnings.length === 0 ? (
        <p className="muted">No warnings from crm_verify.</p>
      ) : (
        <ul>
          {lab.warnings.map((w) => (
            <li key={w} className="inline-error sev-warning" data-testid="lab-warning">
              {w}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
