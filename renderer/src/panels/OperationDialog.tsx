import { cancelOperation, confirmOperation } from '../liveCommands.ts';
import { useDesigner } from '../store/store.ts';
import { Modal } from './Modal.tsx';

/** Confirms a cluster operation by showing the exact command that will run. */
export function OperationDialog() {
  const pending = useDesigner((s) => s.pendingOperation);
  const lab = useDesigner((s) => s.live.lab);
  if (!pending) return null;
  return (
    <Modal
      title={`Run on the ${lab ? 'lab ' : ''}cluster`}
      testid="operation-dialog"
      onClose={cancelOperation}
    >
      {pending.command === null && !pending.error ? <p className="muted">Preparing…</p> : null}
      {pending.summary ? <p>{pending.summary}</p> : null}
      {pending.command !== null ? (
        <>
          <p className="muted">This exact command runs on one reachable node:</p>
          <code className="op-command" data-testid="operation-command">
            {pending.command}
          </code>
        </>
      ) : null}
      {pending.error ? (
        <p className="inline-error" data-testid="operation-error">
          {pending.error}
        </p>
      ) : null}
      <div className="modal-buttons">
        <button
          type="button"
          data-testid="operation-confirm"
          disabled={pending.command === null || pending.running}
          onClick={() => void confirmOperation()}
        >
          {pending.running ? 'Running…' : 'Run it'}
        </button>
        <button type="button" data-testid="operation-cancel" onClick={cancelOperation}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
