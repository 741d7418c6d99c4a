import type { ReactNode } from 'react';
import { useDesigner } from '../store/store.ts';

export function closeFileDialog(): void {
  useDesigner.getState().openFileDialog(null);
}

/**
 * The frame of the pattern wizard and the import dialog. Keys typed inside stay inside: the
 * designer's shortcuts (Delete, Ctrl+Z…) must not act on the canvas behind the dialog.
 */
export function FileModal({
  title,
  testid,
  children,
}: {
  title: string;
  testid: string;
  children: ReactNode;
}) {
  return (
    <div className="modal-backdrop" onClick={closeFileDialog}>
      <div
        className="modal modal-wide"
        role="dialog"
        aria-label={title}
        data-testid={testid}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') closeFileDialog();
        }}
      >
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}
