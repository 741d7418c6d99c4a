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
  'deploy.rollback': 'Rolling back the last deploy',
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
          {lab ? <Warnings lab={lab} /> : null}
          <StandIns standIns={standIns} />
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

/** What Pacemaker says of one node, or undefined when it has not answered. */
function pacemakerState(lab: LabView, node: string): 'online' | 'offline' | 'unclean' | undefined {
  const n = lab.pacemaker?.nodes.find((p) => p.name === node);
  if (!n) return undefined;
  return n.unclean ? 'unclean' : n.online ? 'online' : 'offline';
}

function runsOn(lab: LabView, node: string): string {
  return (lab.pacemaker?.resources ?? [])
    .filter((r) => r.on.includes(node))
    .map((r) => (r.role === 'Started' ? r.id : `${r.id} (${r.role})`))
    .join(', ');
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
  const pm = lab.pacemaker;
  return (
    <div className="fault-panel" data-testid="fault-panel">
      <p className="muted" data-testid="lab-pacemaker">
        {pm
          ? `Pacemaker (asked on ${pm.source}): ${pm.quorum === undefined ? 'no DC yet' : `${pm.quorum ? 'quorate' : 'NO QUORUM'}, DC ${pm.dc ?? '?'}`}`
          : 'Pacemaker does not answer on any running node.'}
      </p>
      <table>
        <thead>
          <tr>
            <th>Node</th>
            <th>Processes</th>
            <th>Pacemaker</th>
            <th>Runs</th>
            <th>Faults</th>
          </tr>
        </thead>
        <tbody>
          {lab.nodes.map((n) => {
            const waiting = faultBusy.includes(n.name);
            const seen = pacemakerState(lab, n.name);
            return (
              <tr
                key={n.name}
                data-testid={`lab-node-${n.name}`}
                data-state={n.state}
                data-pacemaker={seen ?? 'unknown'}
              >
                <td title={n.ssh}>
                  {n.name}
                  <div className="lab-ssh">
                    {n.sshAddress}:{n.sshPort}
                  </div>
                </td>
                <td>
                  <span className={`lab-state lab-state-${n.state}`} data-testid="lab-node-state">
                    {waiting ? `${n.state}…` : n.state}
                  </span>{' '}
                  {n.processes}
                </td>
                <td className={seen === 'online' ? '' : 'inline-error'}>{seen ?? '—'}</td>
                <td className="lab-runs">{runsOn(lab, n.name)}</td>
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
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
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
      <table>
        <thead>
          <tr>
            <th>Element</th>
            <th>Resource</th>
            <th>Real agent</th>
            <th>Lab runs</th>
          </tr>
        </thead>
        <tbody>
          {standIns.resources.map((r) => (
            <tr key={r.resource} data-testid="lab-standin" data-element={r.element ?? ''}>
              <td>
                {r.element !== undefined ? (
                  <button
                    type="button"
                    className="link"
                    onClick={() => useDesigner.getState().focusElement(r.element as string)}
                  >
                    {r.element}
                  </button>
                ) : null}
              </td>
              <td>
                <code>{r.resource}</code>
              </td>
              <td>{r.agent}</td>
              <td>
                {r.standIn} <em>(stand-in)</em>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
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
