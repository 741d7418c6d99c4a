import { useState } from 'react';
import type { ReactNode } from 'react';

/**
 * A toolbar button that opens a small menu below it; a click anywhere else or Escape closes
 * it. `children` gets `close` so an entry can close the menu once it has run.
 */
export function ToolbarMenu({
  label,
  testid,
  children,
}: {
  label: string;
  testid: string;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const close = (): void => setOpen(false);
  return (
    <span
      className="menu"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        type="button"
        data-testid={testid}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {label} ▾
      </button>
      {open ? (
        <>
          <span className="menu-catcher" onClick={close} />
          <div className="menu-items" role="menu" data-testid={`${testid}-menu`}>
            {children(close)}
          </div>
        </>
      ) : null}
    </span>
  );
}

/** An entry of a toolbar menu: runs its command, then closes the menu. */
export function MenuEntry({
  testid,
  close,
  run,
  checked,
  hint,
  children,
}: {
  testid: string;
  close: () => void;
  run: () => unknown;
  /** For a toggle: whether it is on. */
  checked?: boolean;
  /** A shortcut shown beside the label. */
  hint?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      role={checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
      aria-checked={checked}
      data-testid={testid}
      onClick={() => {
        close();
        void run();
      }}
    >
      <span className="menu-check">{checked ? '✓' : ''}</span>
      {children}
      {hint ? <span className="menu-hint muted">{hint}</span> : null}
    </button>
  );
}
