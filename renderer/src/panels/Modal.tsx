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
  closeOnBackdrop = true,
  data = {},
  children,
}: {
  title: string;
  testid: string;
  onClose: () => void;
  wide?: boolean;
  /** False for dialogs holding typed work (passwords, secrets) a stray click must not drop. */
  closeOnBackdrop?: boolean;
  /** data-* attributes of the dialog, for tests (data={{ stage: 'plan' }}). */
  data?: Readonly<Record<string, string>>;
  children: ReactNode;
}) {
  const attributes = Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v]));
  return (
    <div className="modal-backdrop" onClick={closeOnBackdrop ? onClose : undefined}>
      <div
        className={wide ? 'modal modal-wide' : 'modal'}
        role="dialog"
        aria-label={title}
        data-testid={testid}
        {...attributes}
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
