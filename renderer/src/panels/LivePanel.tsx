import '../canvas/overlay.css';
import type { TimelineEvent, WhatIfResult } from '../../../src/services/liveContract.ts';
import { clearWhatIf, toggleWhatIfNode } from '../liveCommands.ts';
import { useDesigner } from '../store/store.ts';

const time = (iso: string): string => iso.slice(11, 19);

/** Below the canvas while Live or what-if is on: the event timeline and the what-if picker. */
export function LivePanel() {
  const on = useDesigner((s) => s.live.on);
  const whatIf = useDesigner((s) => s.whatIf.open);
  if (!on && !whatIf) return null;
  return (
    <section className="live-panel" data-testid="live-panel">
      {on ? <Timeline /> : null}
      {whatIf ? <WhatIf /> : null}
    </section>
  );
}

function Timeline() {
  const timeline = useDesigner((s) => s.live.timeline);
  const status = useDesigner((s) => s.live.status);
  const error = useDesigner((s) => s.live.error);
  const polling = useDesigner((s) => s.live.polling);
  const report = status?.report;
  return (
    <div data-testid="timeline">
      <h2>Cluster events</h2>
      <p className="muted" data-testid="live-summary">
        {report
          ? `${report.cluster}: crm_mon from ${report.source ?? 'no node'} at ${time(report.collectedAt)}, ${status.elapsedMs} ms`
          : polling
            ? 'connecting to the nodes…'
            : 'waiting for the first status…'}
      </p>
      {error ? (
        <p className="inline-error" data-testid="live-error">
          {error}
        </p>
      ) : null}
      {report?.error ? (
        <p className="inline-error" data-testid="live-report-error">
          {report.error}
        </p>
      ) : null}
      {report?.stonithEnabled === false ? (
        <p className="inline-error sev-warning">
          STONITH is disabled (Pacemaker&apos;s &quot;Blind faith&quot;): data integrity is not
          guaranteed
        </p>
      ) : null}
      <ol>
        {timeline.length === 0 ? <li className="muted">no change seen yet</li> : null}
        {timeline.map((e, i) => (
          <TimelineRow key={`${e.at}-${i}-${e.text}`} event={e} />
        ))}
      </ol>
    </div>
  );
}

function TimelineRow({ event }: { event: TimelineEvent }) {
  return (
    <li
      className={`event-${event.event.kind}`}
      data-testid="timeline-event"
      data-kind={event.event.kind}
    >
      <span className="when">{time(event.at)}</span>
      {event.text}
    </li>
  );
}

function WhatIf() {
  const nodes = useDesigner((s) => s.design.nodes);
  const { failNodes, result, busy, error } = useDesigner((s) => s.whatIf);
  return (
    <div data-testid="whatif">
      <h2>What if these nodes fail?</h2>
      <div className="whatif-nodes">
        {nodes.map((n) => (
          <label key={n.name}>
            <input
              type="checkbox"
              data-testid={`whatif-node-${n.name}`}
              checked={failNodes.includes(n.name)}
              onChange={() => toggleWhatIfNode(n.name)}
            />{' '}
            {n.name}
          </label>
        ))}
        <button
          type="button"
          data-testid="whatif-clear"
          disabled={failNodes.length === 0}
          onClick={clearWhatIf}
        >
          Clear
        </button>
      </div>
      {busy ? <p className="muted">simulating…</p> : null}
      {error ? (
        <p className="inline-error" data-testid="whatif-error">
          {error}
        </p>
      ) : null}
      {result && !busy ? <WhatIfSummary result={result} /> : null}
      {failNodes.length === 0 ? (
        <p className="muted">
          Pick one or more nodes: the canvas shows where everything would go, starting from the
          design&apos;s healthy placement (our failover model, checked with crm_simulate for one
          node).
        </p>
      ) : null}
    </div>
  );
}

function WhatIfSummary({ result }: { result: WhatIfResult }) {
  const { analysis, crm } = result;
  return (
    <div data-testid="whatif-summary">
      <p className={analysis.quorate ? 'muted' : 'inline-error'}>
        {analysis.quorate
          ? 'The surviving nodes keep quorum.'
          : 'The surviving nodes lose quorum: Pacemaker stops what the no-quorum policy says.'}
      </p>
      {analysis.unplaced.length > 0 ? (
        <ul>
          {analysis.unplaced.map((u) => (
            <li key={u.resource} className="inline-error" data-testid="whatif-unplaced">
              {u.resource} cannot be placed: {u.reason}
            </li>
          ))}
        </ul>
      ) : null}
      <ul data-testid="whatif-actions">
        {analysis.actions.map((a, i) => (
          <li key={i}>
            {a.action === 'move'
              ? `move ${a.resource} ${a.from} → ${a.to}`
              : a.action === 'fence'
                ? `fence ${a.node}`
                : `${a.action} ${a.resource} on ${a.node}`}
          </li>
        ))}
      </ul>
      <p className="muted" data-testid="whatif-crm" data-state={crm.state}>
        {crm.state === 'agrees'
          ? 'crm_simulate on the generated CIB agrees.'
          : crm.state === 'differs'
            ? `crm_simulate places differently: ${crm.differences.map((d) => `${d.resource} on ${d.crm.join(', ') || 'no node'}`).join('; ')}`
            : `crm_simulate: ${crm.reason}`}
      </p>
    </div>
  );
}
