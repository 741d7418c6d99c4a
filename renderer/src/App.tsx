import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from './canvas/Canvas.tsx';
import { Inspector } from './inspector/Inspector.tsx';
import { DeployDialog } from './panels/DeployDialog.tsx';
import { Dialogs } from './panels/Dialogs.tsx';
import { FileDialogs } from './panels/FileDialogs.tsx';
import { ImportNotes } from './panels/ImportNotes.tsx';
import { FilesPanel } from './panels/FilesPanel.tsx';
import { LivePanel } from './panels/LivePanel.tsx';
import { OperationDialog } from './panels/OperationDialog.tsx';
import { LabPanel } from './panels/LabPanel.tsx';
import { Palette } from './panels/Palette.tsx';
import { Problems } from './panels/Problems.tsx';
import { SaveFirstDialog } from './panels/SaveFirstDialog.tsx';
import { Toast } from './panels/Toast.tsx';
import { Toolbar } from './panels/Toolbar.tsx';
import { useDesigner } from './store/store.ts';

export function App() {
  const theme = useDesigner((s) => s.theme);
  const filesOpen = useDesigner((s) => s.filesOpen);
  const labOpen = useDesigner((s) => s.labOpen);
  return (
    <ReactFlowProvider>
      <div className={`app theme-${theme}`} data-testid="app" data-theme={theme}>
        <Toolbar />
        <Palette />
        <main className="centre">
          <Canvas />
          {filesOpen ? <FilesPanel /> : null}
          <LivePanel />
          {labOpen ? <LabPanel /> : null}
        </main>
        <aside className="side">
          <Inspector />
          <Problems />
          <ImportNotes />
        </aside>
        <Dialogs />
        <FileDialogs />
        <OperationDialog />
        <SaveFirstDialog />
        <DeployDialog />
        <Toast />
      </div>
    </ReactFlowProvider>
  );
}
