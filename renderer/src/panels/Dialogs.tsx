import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { TemplateInfo } from '../../../src/services/contract.ts';
import { api } from '../api/api.ts';
import { deletionPlan } from '../actions/deleteElements.ts';
import { openPath, openTemplate, saveTo } from '../commands.ts';
import { useDesigner } from '../store/store.ts';
import { Modal as Frame } from './Modal.tsx';
import { RecentList } from './RecentList.tsx';

/** Whichever dialog is open: templates gallery, open/save path, delete confirmation. */
export function Dialogs() {
  const dialog = useDesigner((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'templates':
      return <TemplatesDialog />;
    case 'open':
      return <PathDialog mode="open" />;
    case 'save':
      return <PathDialog mode="save" />;
    case 'confirm-delete':
      return <ConfirmDelete names={dialog.names} />;
  }
}

function close(): void {
  useDesigner.getState().openDialog(null);
}

function Modal({
  title,
  children,
  testid,
}: {
  title: string;
  children: ReactNode;
  testid: string;
}) {
  return (
    <Frame title={title} testid={testid} onClose={close}>
      {children}
    </Frame>
  );
}

function TemplatesDialog() {
  const [templates, setTemplates] = useState<readonly TemplateInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const list = api()['templates.list'];
    list({}).then(setTemplates, (e: unknown) =>
      setError(e instanceof Error ? e.message : String(e)),
    );
  }, []);
  return (
    <Modal title="Start from a template" testid="templates-dialog">
      {error ? <p className="inline-error">{error}</p> : null}
      {templates === null && !error ? <p className="muted">Loading…</p> : null}
      <ul className="templates">
        {templates?.map((t) => (
          <li key={t.name}>
            <button
              type="button"
              data-testid={`template-${t.name}`}
              onClick={() => void openTemplate(t.name)}
            >
              <strong>{t.title}</strong>
              <span>{t.description}</span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={close}>
        Cancel
      </button>
    </Modal>
  );
}

function PathDialog({ mode }: { mode: 'open' | 'save' }) {
  const current = useDesigner((s) => s.path);
  const [path, setPath] = useState(current ?? '');
  const submit = async (): Promise<void> => {
    if (path.trim() === '') return;
    const ok = mode === 'save' ? await saveTo(path.trim()) : await openPath(path.trim());
    if (ok) close();
  };
  return (
    <Modal title={mode === 'save' ? 'Save design' : 'Open design'} testid={`${mode}-dialog`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          Path of the design file on the host
          <input
            autoFocus
            data-testid="path-input"
            value={path}
            placeholder="/home/me/cluster.yaml"
            onChange={(e) => setPath(e.currentTarget.value)}
          />
        </label>
        <div className="modal-buttons">
          <button type="submit" data-testid="path-ok">
            {mode === 'save' ? 'Save' : 'Open'}
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
      {mode === 'open' ? <RecentList /> : null}
    </Modal>
  );
}

function ConfirmDelete({ names }: { names: readonly string[] }) {
  const design = useDesigner((s) => s.design);
  const also = deletionPlan(design, names).filter((n) => !names.includes(n));
  return (
    <Modal title={`Delete ${names.join(', ')}?`} testid="confirm-delete">
      <p>These go with it, because they cannot exist without it:</p>
      <ul data-testid="confirm-delete-also">
        {also.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      <div className="modal-buttons">
        <button
          type="button"
          data-testid="confirm-delete-ok"
          onClick={() => useDesigner.getState().confirmDelete()}
        >
          Delete all
        </button>
        <button type="button" data-testid="confirm-delete-cancel" onClick={close}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
