import { useDesigner } from '../store/store.ts';
import { ImportDialog } from './ImportDialog.tsx';
import { PatternWizard } from './PatternWizard.tsx';

/** The pattern wizard or the import dialog, whichever is open. */
export function FileDialogs() {
  const dialog = useDesigner((s) => s.fileDialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'pattern':
      return <PatternWizard />;
    case 'import':
      return <ImportDialog />;
  }
}
