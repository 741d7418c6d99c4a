import { useState } from 'react';
import { saveAndContinue } from '../labCommands.ts';
import type { SaveFirst } from '../store/labSlice.ts';
import { useDesigner } from '../store/store.ts';
import { Modal } from './Modal.tsx';

const WHAT: Readonly<Record<SaveFirst['then'], string>> = {
  'lab-up': 'start the lab',
  'deploy-lab': 'deploy to the lab',
  'deploy-nodes': 'deploy',
};

/** Lab and deploy work on the design file, so what runs is what is on disk: save first. */
export function SaveFirstDialog() {
  const saveFirst = useDesigner((s) => s.saveFirst);
  return saveFirst ? <SaveFirstForm saveFirst={saveFirst} /> : null;
}

function SaveFirstForm({ saveFirst }: { saveFirst: SaveFirst }) {
  const current = useDesigner((s) => s.path);
  const [path, setPath] = useState(current ?? '');
  const cancel = () => useDesigner.getState().setSaveFirst(null);
  return (
    <Modal title="Save the design first" testid="save-first-dialog" onClose={cancel}>
      <p data-testid="save-first-reason">{saveFirst.reason}</p>
      <p className="muted">
        To {WHAT[saveFirst.then]}, Clusterwright uses the design file on disk, so what runs is
        exactly what you saved.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim() !== '') void saveAndContinue(path.trim());
        }}
      >
        <label>
          Save to (a path on the host)
          <input
            autoFocus
            data-testid="save-first-path"
            value={path}
            placeholder="/home/me/cluster.yaml"
            onChange={(e) => setPath(e.currentTarget.value)}
          />
        </label>
        <div className="modal-buttons">
          <button type="submit" data-testid="save-first-ok">
            Save and {WHAT[saveFirst.then]}
          </button>
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
