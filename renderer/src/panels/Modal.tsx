import type { ReactNode } from 'react';

/**
 * The frame of every dialog. Keys typed inside stay inside: the designer's shortcuts
 * (Delete, Ctrl+Z…) must not act on the canvas behind the dialog.
 */
export function Modal({
  title,
  testid,
  onClose,
  wide = false,
  children,
}: {
  title: string;
  testid: string;
  onClose: () => void;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className={wide ? 'modal modal-wide' : 'modal'}
        role="dialog"
        aria-label={title}
        data-testid={testid}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') onClose();
        }}
      >
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}
