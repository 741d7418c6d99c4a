import { countBySeverity } from '../problems.ts';
import { useDesigner } from '../store/store.ts';

/** Live diagnostics of the design; a click selects and centres the element concerned. */
export function Problems() {
  const diagnostics = useDesigner((s) => s.diagnostics);
  const error = useDesigner((s) => s.validationError);
  const counts = countBySeverity(diagnostics);
  return (
    <section className="problems" data-testid="problems">
      <h2 data-testid="problems-count">
        Problems: {counts.error} errors, {counts.warning} warnings
      </h2>
      {error ? (
        <p className="inline-error" data-testid="problems-failure">
          {error}
        </p>
      ) : null}
      {diagnostics.length === 0 && !error ? (
        <p className="muted" data-testid="problems-none">
          No problems found.
        </p>
      ) : null}
      <ul>
        {diagnostics.map((d, i) => (
          <li key={i}>
            <button
              type="button"
              className={`problem sev-${d.severity}`}
              data-testid="problem"
              data-code={d.code}
              data-element={d.elements[0] ?? ''}
              onClick={() => {
                const name = d.elements[0];
                if (name !== undefined) useDesigner.getState().focusElement(name);
              }}
            >
              <span className="problem-sev">{d.severity}</span>{' '}
              {d.elements.length > 0 ? <strong>{d.elements.join(', ')}: </strong> : null}
              {d.message}
              <span className="problem-fix">{d.fix}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
