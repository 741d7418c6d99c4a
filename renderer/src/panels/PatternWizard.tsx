import { useEffect, useState } from 'react';
import type { PatternInfo } from '../../../src/services/contract.ts';
import { api } from '../api/api.ts';
import { createFromPattern } from '../fileCommands.ts';
import type { PatternForm } from '../wizard/patternForm.ts';
import { DEFAULT_PATTERN_FORM, patternRequest, sparesOf } from '../wizard/patternForm.ts';
import { FileModal, closeFileDialog } from './FileModal.tsx';

const TITLES: Readonly<Record<PatternInfo['kind'], string>> = {
  'active-passive': 'Active/Passive',
  'active-active': 'Active/Active',
  'n-plus-1': 'N+1',
  'n-plus-m': 'N+M',
  'n-to-1': 'N-to-1',
  'n-to-n': 'N-to-N',
};

/** The pattern wizard: a redundancy pattern and its sizes → a complete design on the canvas. */
export function PatternWizard() {
  const [patterns, setPatterns] = useState<readonly PatternInfo[] | null>(null);
  const [form, setForm] = useState<PatternForm>(DEFAULT_PATTERN_FORM);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const list = api()['patterns.list'];
    list({}).then(setPatterns, (e: unknown) =>
      setError(e instanceof Error ? e.message : String(e)),
    );
  }, []);
  const chosen = patterns?.find((p) => p.kind === form.pattern);
  const rule = chosen?.spares ?? 'none';
  const nodes = Number(form.nodes) || 0;
  const update = (change: Partial<PatternForm>): void => {
    setForm({ ...form, ...change });
    setError(null);
  };
  const submit = async (): Promise<void> => {
    const checked = patternRequest(form, rule);
    if ('error' in checked) return setError(checked.error);
    setBusy(true);
    const failed = await createFromPattern(checked.request);
    setBusy(false);
    if (failed !== null) setError(failed);
  };
  return (
    <FileModal title="New design from a redundancy pattern" testid="pattern-wizard">
      {patterns === null && !error ? <p className="muted">Loading…</p> : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset className="patterns" disabled={busy}>
          <legend>Pattern</legend>
          {patterns?.map((p) => (
            <label key={p.kind} className="pattern-choice">
              <input
                type="radio"
                name="pattern"
                value={p.kind}
                data-testid={`pattern-${p.kind}`}
                checked={form.pattern === p.kind}
                onChange={() => update({ pattern: p.kind })}
              />
              <span>
                <strong>{TITLES[p.kind]}</strong> <span className="muted">{p.description}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {chosen ? (
          <p className="pattern-description" data-testid="pattern-description">
            <strong>{TITLES[chosen.kind]}:</strong> {chosen.description}.
          </p>
        ) : null}
        <div className="wizard-grid">
          <label>
            Nodes (actives and spares)
            <input
              type="number"
              min={2}
              max={32}
              data-testid="pattern-nodes"
              value={form.nodes}
              onChange={(e) => update({ nodes: e.currentTarget.value })}
            />
          </label>
          <label>
            Spares
            <input
              type="number"
              min={1}
              data-testid="pattern-spares"
              disabled={rule !== 'choose'}
              title={rule === 'choose' ? 'nodes kept free until a failure' : 'fixed by the pattern'}
              value={rule === 'choose' ? form.spares : String(sparesOf(rule, nodes, 0))}
              onChange={(e) => update({ spares: e.currentTarget.value })}
            />
          </label>
          <label>
            VMs
            <input
              type="number"
              min={1}
              max={500}
              data-testid="pattern-vms"
              placeholder="two per active node"
              value={form.vms}
              onChange={(e) => update({ vms: e.currentTarget.value })}
            />
          </label>
          <label>
            Hypervisor
            <select
              data-testid="pattern-hypervisor"
              value={form.hypervisor}
              onChange={(e) =>
                update({ hypervisor: e.currentTarget.value as PatternForm['hypervisor'] })
              }
            >
              <option value="kvm">KVM</option>
              <option value="xen">Xen</option>
              <option value="openvz">OpenVZ</option>
            </select>
          </label>
          <label>
            Cluster name
            <input
              data-testid="pattern-name"
              placeholder={`${form.pattern}-${form.nodes}`}
              value={form.name}
              onChange={(e) => update({ name: e.currentTarget.value })}
            />
          </label>
        </div>
        {error ? (
          <p className="inline-error" data-testid="pattern-error">
            {error}
          </p>
        ) : null}
        <div className="modal-buttons">
          <button type="submit" data-testid="pattern-create" disabled={busy || !chosen}>
            {busy ? 'Creating…' : 'Create design'}
          </button>
          <button type="button" onClick={closeFileDialog}>
            Cancel
          </button>
        </div>
      </form>
    </FileModal>
  );
}
