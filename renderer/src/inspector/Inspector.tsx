import type { KeyboardEvent } from 'react';
import type { Diagnostic } from '../../../src/model/diagnostic.ts';
import type { Design } from '../../../src/model/types.ts';
import { updateField } from '../actions/updateField.ts';
import { locate } from '../design/elements.ts';
import { KINDS } from '../design/kinds.ts';
import { useDesigner } from '../store/store.ts';
import { LiveOperations } from '../panels/LiveOperations.tsx';
import type { Field, FieldPath } from './fields.ts';
import {
  CLUSTER_FIELDS,
  FIELDS,
  fieldId,
  formatParams,
  parseParams,
  typedEdit,
  valueAt,
} from './fields.ts';

/** Diagnostics of one element or the cluster, split by the field they point at. */
function errorsFor(
  diagnostics: readonly Diagnostic[],
  prefix: FieldPath,
  fields: readonly Field[],
  name: string,
): { byField: Map<string, Diagnostic[]>; general: Diagnostic[] } {
  const byField = new Map<string, Diagnostic[]>();
  const general: Diagnostic[] = [];
  for (const d of diagnostics) {
    const path = d.path ?? [];
    const mine = prefix.every((k, i) => path[i] === k);
    if (!mine) {
      if (d.elements.includes(name)) general.push(d);
      continue;
    }
    const rest = path.slice(prefix.length);
    const field = fields.find((f) => f.path.every((k, i) => rest[i] === k));
    if (field) byField.set(fieldId(field.path), [...(byField.get(fieldId(field.path)) ?? []), d]);
    else general.push(d);
  }
  return { byField, general };
}

/** The form for the selected element (or the cluster): every edit is an updateField action. */
export function Inspector() {
  const design = useDesigner((s) => s.design);
  const selection = useDesigner((s) => s.selection);
  const diagnostics = useDesigner((s) => s.diagnostics);

  if (selection.length > 1) {
    return (
      <section className="inspector" data-testid="inspector">
        <h2>{selection.length} elements selected</h2>
        <button
          data-testid="inspector-delete"
          onClick={() => useDesigner.getState().requestDelete(selection)}
        >
          Delete them
        </button>
      </section>
    );
  }
  const selected = selection[0];
  const at = selected === undefined ? undefined : locate(design, selected);
  const fields = at ? FIELDS[at.collection] : CLUSTER_FIELDS;
  const item: unknown = at
    ? (design[at.collection] as readonly unknown[])[at.index]
    : design.cluster;
  const prefix: FieldPath = at ? [at.collection, at.index] : ['cluster'];
  const owner = at ? at.name : design.cluster.name;
  const { byField, general } = errorsFor(diagnostics, prefix, fields, owner);

  const commit = (path: FieldPath, value: unknown): void => {
    const store = useDesigner.getState();
    const ok = store.dispatch(updateField, { element: at ? at.name : null, path, value });
    if (ok && at && path.length === 1 && path[0] === 'name') store.select([String(value)]);
  };

  return (
    <section className="inspector" data-testid="inspector" data-element={at?.name ?? ''}>
      <h2>{at ? `${KINDS[at.collection].label} ${at.name}` : `Cluster ${design.cluster.name}`}</h2>
      <LiveOperations element={at?.name} />
      {general.map((d, i) => (
        <p key={i} className={`inline-error sev-${d.severity}`} data-testid="inspector-error">
          {d.message}
        </p>
      ))}
      <form onSubmit={(e) => e.preventDefault()}>
        {fields.map((f) => (
          <FieldRow
            key={`${owner}:${fieldId(f.path)}`}
            field={f}
            value={valueAt(item, f.path)}
            design={design}
            errors={byField.get(fieldId(f.path)) ?? []}
            commit={commit}
          />
        ))}
      </form>
      {at ? (
        <button
          type="button"
          data-testid="inspector-delete"
          onClick={() => useDesigner.getState().requestDelete([at.name])}
        >
          Delete {at.name}
        </button>
      ) : null}
    </section>
  );
}

interface RowProps {
  readonly field: Field;
  readonly value: unknown;
  readonly design: Design;
  readonly errors: readonly Diagnostic[];
  readonly commit: (path: FieldPath, value: unknown) => void;
}

/** Commit text on Enter or when leaving the field, so a rename is one step, not one per key. */
function onEnter(e: KeyboardEvent<HTMLInputElement>): void {
  if (e.key === 'Enter') e.currentTarget.blur();
}

function namesOf(design: Design, kinds: readonly (keyof Design & string)[]): string[] {
  return kinds.flatMap((k) =>
    (design[k] as readonly { readonly name: string }[]).map((e) => e.name),
  );
}

function FieldRow({ field, value, design, errors, commit }: RowProps) {
  const id = fieldId(field.path);
  const testid = `field-${id}`;
  let control;
  switch (field.kind) {
    case 'text':
    case 'number': {
      const shown = value === undefined ? '' : String(value);
      control = (
        <input
          key={shown}
          id={testid}
          data-testid={testid}
          defaultValue={shown}
          inputMode={field.kind === 'number' ? 'numeric' : 'text'}
          aria-invalid={errors.length > 0}
          onKeyDown={onEnter}
          onBlur={(e) => {
            const text = e.currentTarget.value.trim();
            if (text === shown) return;
            const edit = typedEdit(field, text);
            commit(edit.path, edit.value);
          }}
        />
      );
      break;
    }
    case 'select':
      control = (
        <select
          id={testid}
          data-testid={testid}
          value={String(value ?? '')}
          onChange={(e) => commit(field.path, e.currentTarget.value)}
        >
          {field.options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      );
      break;
    case 'checkbox':
      control = (
        <input
          type="checkbox"
          id={testid}
          data-testid={testid}
          checked={value === true}
          onChange={(e) => commit(field.path, e.currentTarget.checked)}
        />
      );
      break;
    case 'refs': {
      const current = Array.isArray(value) ? (value as string[]) : [];
      const names = namesOf(design, field.of);
      control = (
        <div className="refs" data-testid={testid}>
          {names.length === 0 ? <span className="muted">none in the design yet</span> : null}
          {names.map((n) => (
            <label key={n}>
              <input
                type="checkbox"
                data-testid={`${testid}-${n}`}
                checked={current.includes(n)}
                onChange={(e) =>
                  commit(
                    field.path,
                    e.currentTarget.checked ? [...current, n] : current.filter((x) => x !== n),
                  )
                }
              />
              {n}
            </label>
          ))}
        </div>
      );
      break;
    }
    case 'ref': {
      const names = namesOf(design, [field.of]);
      const current = typeof value === 'string' ? value : '';
      control = (
        <select
          id={testid}
          data-testid={testid}
          value={current}
          onChange={(e) => {
            const v = e.currentTarget.value;
            commit(field.path, v === '' && field.optional ? undefined : v);
          }}
        >
          {field.optional || current === '' ? <option value="">(none)</option> : null}
          {names.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      );
      break;
    }
    case 'words': {
      const shown = Array.isArray(value) ? value.join(', ') : '';
      control = (
        <input
          key={shown}
          id={testid}
          data-testid={testid}
          defaultValue={shown}
          onKeyDown={onEnter}
          onBlur={(e) => {
            const words = e.currentTarget.value
              .split(',')
              .map((w) => w.trim())
              .filter((w) => w !== '');
            if (words.join(', ') !== shown) commit(field.path, words);
          }}
        />
      );
      break;
    }
    case 'params': {
      const shown = formatParams(value);
      control = (
        <textarea
          key={shown}
          id={testid}
          data-testid={testid}
          defaultValue={shown}
          rows={3}
          onBlur={(e) => {
            if (e.currentTarget.value.trim() !== shown)
              commit(field.path, parseParams(e.currentTarget.value));
          }}
        />
      );
      break;
    }
    case 'addresses': {
      const addresses = (value ?? {}) as Record<string, string>;
      control = (
        <div className="addresses" data-testid={testid}>
          {design.networks.map((net) => {
            const shown = addresses[net.name] ?? '';
            return (
              <label key={net.name}>
                <span>{net.name}</span>
                <input
                  key={shown}
                  data-testid={`${testid}-${net.name}`}
                  defaultValue={shown}
                  placeholder="no address"
                  onKeyDown={onEnter}
                  onBlur={(e) => {
                    const text = e.currentTarget.value.trim();
                    if (text !== shown)
                      commit([...field.path, net.name], text === '' ? undefined : text);
                  }}
                />
              </label>
            );
          })}
        </div>
      );
      break;
    }
  }
  return (
    <div className={`field${errors.length > 0 ? ' has-error' : ''}`}>
      <label htmlFor={testid}>{field.label}</label>
      {control}
      {errors.map((d, i) => (
        <p key={i} className={`inline-error sev-${d.severity}`} data-testid={`field-error-${id}`}>
          {d.message}
        </p>
      ))}
    </div>
  );
}
