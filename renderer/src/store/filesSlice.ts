import type { StoreApi } from 'zustand';
import type { ImportNote, RecentFile } from '../../../src/services/contract.ts';
import type { DiffableFile } from '../export/bundleDiff.ts';
import type { DesignerState } from './store.ts';

/** The files of the last bundle export: what the generated files view compares against. */
export interface ExportSnapshot {
  readonly fileName: string;
  /** When it was exported (ISO 8601). */
  readonly at: string;
  readonly files: readonly DiffableFile[];
}

export type FileDialog = { readonly kind: 'pattern' } | { readonly kind: 'import' };

/** State of the designer's file features: export, recent designs, pattern wizard, import. */
export interface FilesSlice {
  readonly lastExport: ExportSnapshot | null;
  readonly recent: readonly RecentFile[];
  readonly recentProblem: string | null;
  readonly fileDialog: FileDialog | null;
  /** What the last import could not express, listed until dismissed. */
  readonly importNotes: { readonly source: string; readonly notes: readonly ImportNote[] } | null;
  /** The generated files view: the files, or the changes since the last export. */
  readonly filesView: 'files' | 'changes';

  setLastExport(snapshot: ExportSnapshot): void;
  setRecent(files: readonly RecentFile[], problem: string | null): void;
  openFileDialog(dialog: FileDialog | null): void;
  setImportNotes(notes: FilesSlice['importNotes']): void;
  setFilesView(view: FilesSlice['filesView']): void;
}

export function createFilesSlice(
  set: StoreApi<DesignerState>['setState'],
  _get: StoreApi<DesignerState>['getState'],
): FilesSlice {
  return {
    lastExport: null,
    recent: [],
    recentProblem: null,
    fileDialog: null,
    importNotes: null,
    filesView: 'files',
    setLastExport(snapshot) {
      set({ lastExport: snapshot });
    },
    setRecent(files, problem) {
      set({ recent: files, recentProblem: problem });
    },
    openFileDialog(dialog) {
      // One modal at a time: the designer's own dialogs close when one of these opens.
      set(dialog ? { fileDialog: dialog, dialog: null } : { fileDialog: null });
    },
    setImportNotes(notes) {
      set({ importNotes: notes });
    },
    setFilesView(view) {
      set({ filesView: view });
    },
  };
}
