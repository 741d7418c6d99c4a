import { useState } from 'react';
import { arrange, newDesign, openInteractive, saveInteractive } from '../commands.ts';
import { exportBundle, exportDiagram } from '../fileCommands.ts';
import { useDesigner } from '../store/store.ts';
import { RecentList } from './RecentList.tsx';
import { MenuEntry, ToolbarMenu } from './ToolbarMenu.tsx';

/**
 * The toolbar's menus: File, Export and View hold what is used now and then, so the toolbar
 * stays one row. Entries keep the test ids they had as toolbar buttons.
 */
const store = useDesigner.getState;

export function FileMenu() {
  const [recent, setRecent] = useState(false);
  return (
    <ToolbarMenu label="File" testid="toolbar-file">
      {(close) => (
        <>
          <MenuEntry testid="toolbar-new" close={close} run={newDesign}>
            New
          </MenuEntry>
          <MenuEntry testid="toolbar-open" close={close} run={openInteractive} hint="Ctrl+O">
            Open…
          </MenuEntry>
          <button
            type="button"
            role="menuitem"
            aria-haspopup="menu"
            aria-expanded={recent}
            data-testid="toolbar-recent"
            onClick={() => setRecent(!recent)}
          >
            <span className="menu-check" />
            Open recent {recent ? '▴' : '▾'}
          </button>
          {recent ? (
            <RecentList
              onOpened={() => {
                setRecent(false);
                close();
              }}
            />
          ) : null}
          <MenuEntry
            testid="toolbar-save"
            close={close}
            run={() => saveInteractive(false)}
            hint="Ctrl+S"
          >
            Save
          </MenuEntry>
          <MenuEntry
            testid="toolbar-save-as"
            close={close}
            run={() => saveInteractive(true)}
            hint="Ctrl+Shift+S"
          >
            Save as…
          </MenuEntry>
          <hr />
          <MenuEntry
            testid="toolbar-import"
            close={close}
            run={() => store().openFileDialog({ kind: 'import' })}
          >
            Import…
          </MenuEntry>
          <MenuEntry
            testid="toolbar-pattern"
            close={close}
            run={() => store().openFileDialog({ kind: 'pattern' })}
          >
            New from pattern…
          </MenuEntry>
          <MenuEntry
            testid="toolbar-templates"
            close={close}
            run={() => store().openDialog({ kind: 'templates' })}
          >
            Templates…
          </MenuEntry>
        </>
      )}
    </ToolbarMenu>
  );
}

const EXPORTS = [
  ['tar.gz', 'Bundle (tar.gz)', () => exportBundle('tar.gz')],
  ['zip', 'Bundle (zip)', () => exportBundle('zip')],
  ['png', 'Diagram (PNG)', () => exportDiagram('png')],
  ['svg', 'Diagram (SVG)', () => exportDiagram('svg')],
] as const;

export function ExportMenu() {
  return (
    <ToolbarMenu label="Export" testid="toolbar-export">
      {(close) =>
        EXPORTS.map(([id, label, run]) => (
          <MenuEntry key={id} testid={`export-${id}`} close={close} run={run}>
            {label}
          </MenuEntry>
        ))
      }
    </ToolbarMenu>
  );
}

export function ViewMenu() {
  const theme = useDesigner((s) => s.theme);
  const minimap = useDesigner((s) => s.minimap);
  const filesOpen = useDesigner((s) => s.filesOpen);
  return (
    <ToolbarMenu label="View" testid="toolbar-view">
      {(close) => (
        <>
          <MenuEntry
            testid="toolbar-files"
            close={close}
            run={() => store().toggleFiles()}
            checked={filesOpen}
          >
            Generated files
          </MenuEntry>
          <MenuEntry
            testid="toolbar-minimap"
            close={close}
            run={() => store().toggleMinimap()}
            checked={minimap}
          >
            Minimap
          </MenuEntry>
          <MenuEntry
            testid="toolbar-theme"
            close={close}
            run={() => store().toggleTheme()}
            checked={theme === 'dark'}
          >
            Dark theme
          </MenuEntry>
          <hr />
          <MenuEntry testid="toolbar-fit" close={close} run={() => store().viewport?.fit()}>
            Zoom to fit
          </MenuEntry>
          <MenuEntry testid="toolbar-layout" close={close} run={arrange}>
            Auto-layout
          </MenuEntry>
        </>
      )}
    </ToolbarMenu>
  );
}
