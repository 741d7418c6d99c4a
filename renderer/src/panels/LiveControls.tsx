import '../canvas/overlay.css';
import { openWhatIf, setLiveLab, startLive, stopLive } from '../liveCommands.ts';
import { useDesigner } from '../store/store.ts';

/** Toolbar part: Live on/off (lab or real nodes) and the what-if panel. */
export function LiveControls() {
  const on = useDesigner((s) => s.live.on);
  const lab = useDesigner((s) => s.live.lab);
  const polling = useDesigner((s) => s.live.polling);
  const error = useDesigner((s) => s.live.error);
  const collected = useDesigner((s) => s.live.status?.report.collectedAt);
  const whatIfOpen = useDesigner((s) => s.whatIf.open);
  const dot = error ? 'error' : polling ? 'polling' : '';
  return (
    <span className="live-controls">
      <label title="Watch the design's local lab (clusterwright lab up) instead of its nodes">
        <input
          type="checkbox"
          data-testid="live-lab"
          checked={lab}
          onChange={(e) => setLiveLab(e.target.checked)}
        />{' '}
        lab
      </label>
      <button
        type="button"
        data-testid="toolbar-live"
        aria-pressed={on}
        className={on ? 'live-on' : ''}
        title={on ? 'Stop watching the cluster' : "Watch the saved design's cluster, every second"}
        onClick={() => (on ? stopLive() : startLive())}
      >
        Live
      </button>
      {on ? (
        <span
          className={`live-dot ${dot}`}
          data-testid="live-dot"
          data-collected={collected ?? ''}
          title={error ?? (collected ? `last status ${collected}` : 'first status…')}
        />
      ) : null}
      <button
        type="button"
        data-testid="toolbar-whatif"
        aria-pressed={whatIfOpen}
        onClick={() => openWhatIf(!whatIfOpen)}
      >
        What-if
      </button>
    </span>
  );
}
