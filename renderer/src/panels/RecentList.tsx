import { useEffect } from 'react';
import { openRecent, refreshRecent } from '../fileCommands.ts';
import { useDesigner } from '../store/store.ts';

/** Designs opened or saved lately (the backend keeps the list), newest first. */
export function RecentList({ onOpened }: { onOpened?: () => void }) {
  const recent = useDesigner((s) => s.recent);
  const problem = useDesigner((s) => s.recentProblem);
  useEffect(() => {
    void refreshRecent();
  }, []);
  return (
    <div className="recent" data-testid="recent-list">
      <h3>Recent designs</h3>
      {problem ? <p className="inline-error sev-warning">{problem}</p> : null}
      {recent.length === 0 && !problem ? <p className="muted">None yet.</p> : null}
      <ul>
        {recent.map((f) => (
          <li key={f.path}>
            <button
              type="button"
              data-testid="recent-item"
              data-path={f.path}
              title={`last opened or saved ${new Date(f.at).toLocaleString()}`}
              onClick={() => void openRecent(f.path).then(() => onOpened?.())}
            >
              <strong>{f.path.split('/').pop()}</strong>
              <span className="muted">{f.path}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
