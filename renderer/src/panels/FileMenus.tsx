import { useState } from 'react';
import type { ReactNode } from 'react';
import { exportBundle, exportDiagram } from '../fileCommands.ts';
import { useDesigner } from '../store/store.ts';
import { RecentList } from './RecentList.tsx';

/** A toolbar button that opens a small menu below it; a click anywhere else closes it. */
function Menu({
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
    <span className="menu">
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

const EXPORTS = [
  ['tar.gz', 'Bundle (tar.gz)', () => exportBundle('tar.gz')],
  ['zip', 'Bundle (zip)', () => exportBundle('zip')],
  ['png', 'Diagram (PNG)', () => exportDiagram('png')],
  ['svg', 'Diagram (SVG)', () => exportDiagram('svg')],
] as const;

/** Toolbar entries of the file features: pattern wizard, import, export, recent designs. */
export function FileMenus() {
  const store = useDesigner.getState;
  return (
    <>
      <button
        type="button"
        data-testid="toolbar-pattern"
        onClick={() => store().openFileDialog({ kind: 'pattern' })}
      >
        Pattern…
      </button>
      <button
        type="button"
        data-testid="toolbar-import"
        onClick={() => store().openFileDialog({ kind: 'import' })}
      >
        Import…
      </button>
      <Menu label="Recent" testid="toolbar-recent">
        {(close) => <RecentList onOpened={close} />}
      </Menu>
      <Menu label="Export" testid="toolbar-export">
        {(close) =>
          EXPORTS.map(([id, label, run]) => (
            <button
              key={id}
              type="button"
              role="menuitem"
              data-testid={`export-${id}`}
              onClick={() => {
                close();
                void run();
              }}
            >
              {label}
            </button>
          ))
        }
      </Menu>
    </>
  );
}
