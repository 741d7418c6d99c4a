import { create } from 'zustand';
import type { Diagnostic } from '../../../src/model/diagnostic.ts';
import type { Design } from '../../../src/model/types.ts';
import type { Action } from '../actions/action.ts';
import { ActionRefused } from '../actions/action.ts';
import { deleteElements, deletionPlan } from '../actions/deleteElements.ts';
import { moveElements } from '../actions/moveElements.ts';
import type { ClipboardItem } from '../actions/paste.ts';
import { copyElements, paste, pastedNames } from '../actions/paste.ts';
import { emptyDesign } from '../design/newElement.ts';
import { NODE_SIZE, positionOf } from '../canvas/flowModel.ts';
import type { FilesSlice } from './filesSlice.ts';
import { createFilesSlice } from './filesSlice.ts';
import type { LiveSlice } from './liveSlice.ts';
import { createLiveSlice } from './liveSlice.ts';
import type { LabSlice } from './labSlice.ts';
import { createLabSlice } from './labSlice.ts';

export interface HistoryEntry {
  readonly label: string;
  readonly design: Design;
}

export type Dialog =
  | { readonly kind: 'templates' }
  | { readonly kind: 'save' }
  | { readonly kind: 'open' }
  | { readonly kind: 'confirm-delete'; readonly names: readonly string[] };

interface Point {
  readonly x: number;
  readonly y: number;
}

/** What the canvas can do for the store (set by the canvas once React Flow is ready). */
export interface Viewport {
  centreOn(point: Point): void;
  fit(): void;
  /** The design coordinates at the middle of the visible canvas. */
  visibleCentre(): Point;
}

export interface DesignerState extends FilesSlice {
  readonly design: Design;
  readonly past: readonly HistoryEntry[];
  readonly future: readonly HistoryEntry[];
  /** The file the design was opened from or saved to. */
  readonly path: string | null;
  readonly selection: readonly string[];
  /** Selected canvas edges (references), by edge id. */
  readonly edgeSelection: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  readonly validationError: string | null;
  /** Positions of elements being dragged: shown live, recorded in the design on drop. */
  readonly dragging: Readonly<Record<string, Point>>;
  /** Sizes React Flow measured, kept so derived nodes stay measured. */
  readonly measured: Readonly<Record<string, { width: number; height: number }>>;
  readonly clipboard: readonly ClipboardItem[];
  readonly toast: { readonly seq: number; readonly text: string } | null;
  readonly theme: 'light' | 'dark';
  readonly minimap: boolean;
  readonly filesOpen: boolean;
  readonly dialog: Dialog | null;
  readonly viewport: Viewport | null;

  /** Runs a named action; a refusal is shown to the user and changes nothing. */
  dispatch<I>(action: Action<I>, input: I): boolean;
  /** Replaces the whole design (new, open, template) as one undoable step. */
  load(design: Design, path: string | null, label: string): void;
  undo(): void;
  redo(): void;
  select(names: readonly string[]): void;
  selectEdges(ids: readonly string[]): void;
  drag(positions: Readonly<Record<string, Point>>): void;
  /** Records the dragged positions in the design as one undoable move. */
  endDrag(): void;
  setMeasured(name: string, size: { width: number; height: number }): void;
  copy(): void;
  pasteClipboard(): void;
  /** Deletes at once, or first asks when other elements would go with these. */
  requestDelete(names: readonly string[]): void;
  confirmDelete(): void;
  setDiagnostics(diagnostics: readonly Diagnostic[], error: string | null): void;
  showToast(text: string): void;
  setPath(path: string | null): void;
  openDialog(dialog: Dialog | null): void;
  toggleTheme(): void;
  toggleMinimap(): void;
  toggleFiles(): void;
  setViewport(viewport: Viewport | null): void;
  focusElement(name: string): void;
}

const HISTORY_LIMIT = 200;
let toastSeq = 0;

export const useDesigner = create<DesignerState & LiveSlice & LabSlice>()((set, get) => {
  const commit = (label: string, design: Design, extra: Partial<DesignerState> = {}): void => {
    const { past, design: before } = get();
    set({
      design,
      past: [...past, { label, design: before }].slice(-HISTORY_LIMIT),
      future: [],
      ...extra,
    });
  };
  const refuse = (e: unknown): false => {
    if (!(e instanceof ActionRefused)) throw e;
    get().showToast(e.message);
    return false;
  };
  const existing = (design: Design, names: readonly string[]): string[] => {
    const all = new Set(Object.keys(design.layout));
    for (const c of [
      design.networks,
      design.nodes,
      design.drbd,
      design.iscsiTargets,
      design.iscsiInitiators,
      design.vms,
      design.floatingIps,
      design.filesystems,
      design.services,
      design.fencing,
    ] as readonly (readonly { readonly name: string }[])[])
      for (const e of c) all.add(e.name);
    return names.filter((n) => all.has(n));
  };

  return {
    ...createFilesSlice(set, get),
    ...createLiveSlice(set),
    ...createLabSlice(set, get),
    design: emptyDesign(),
    past: [],
    future: [],
    path: null,
    selection: [],
    edgeSelection: [],
    diagnostics: [],
    validationError: null,
    dragging: {},
    measured: {},
    clipboard: [],
    toast: null,
    theme: 'light',
    minimap: true,
    filesOpen: false,
    dialog: null,
    viewport: null,

    dispatch(action, input) {
      try {
        const next = action.perform(get().design, input);
        if (next === get().design) return true;
        commit(action.name, next, {
          selection: existing(next, get().selection),
          edgeSelection: [],
        });
        return true;
      } catch (e) {
        return refuse(e);
      }
    },
    load(design, path, label) {
      commit(label, design, { path, selection: [], dragging: {} });
    },
    undo() {
      const { past, future, design } = get();
      const last = past[past.length - 1];
      if (!last) return;
      set({
        design: last.design,
        past: past.slice(0, -1),
        future: [{ label: last.label, design }, ...future],
        selection: existing(last.design, get().selection),
      });
    },
    redo() {
      const { past, future, design } = get();
      const next = future[0];
      if (!next) return;
      set({
        design: next.design,
        past: [...past, { label: next.label, design }],
        future: future.slice(1),
        selection: existing(next.design, get().selection),
      });
    },
    select(names) {
      const current = get().selection;
      if (names.length === current.length && names.every((n, i) => n === current[i])) return;
      set({ selection: [...names] });
    },
    selectEdges(ids) {
      const current = get().edgeSelection;
      if (ids.length === current.length && ids.every((n, i) => n === current[i])) return;
      set({ edgeSelection: [...ids] });
    },
    drag(positions) {
      set({ dragging: { ...get().dragging, ...positions } });
    },
    endDrag() {
      const { dragging } = get();
      if (Object.keys(dragging).length > 0) get().dispatch(moveElements, { positions: dragging });
      set({ dragging: {} });
    },
    setMeasured(name, size) {
      set({ measured: { ...get().measured, [name]: size } });
    },
    copy() {
      const { design, selection } = get();
      if (selection.length === 0) return;
      set({ clipboard: copyElements(design, selection) });
    },
    pasteClipboard() {
      const { clipboard, design } = get();
      if (clipboard.length === 0) return;
      if (get().dispatch(paste, { items: clipboard, offset: { x: 40, y: 40 } }))
        set({ selection: pastedNames(design, get().design) });
    },
    requestDelete(names) {
      if (names.length === 0) return;
      const plan = deletionPlan(get().design, names);
      if (plan.length > names.length) set({ dialog: { kind: 'confirm-delete', names } });
      else get().dispatch(deleteElements, { names });
    },
    confirmDelete() {
      const { dialog } = get();
      set({ dialog: null });
      if (dialog?.kind === 'confirm-delete')
        get().dispatch(deleteElements, { names: dialog.names });
    },
    setDiagnostics(diagnostics, error) {
      set({ diagnostics, validationError: error });
    },
    showToast(text) {
      set({ toast: { seq: ++toastSeq, text } });
    },
    setPath(path) {
      set({ path });
    },
    openDialog(dialog) {
      set({ dialog });
    },
    toggleTheme() {
      set({ theme: get().theme === 'light' ? 'dark' : 'light' });
    },
    toggleMinimap() {
      set({ minimap: !get().minimap });
    },
    toggleFiles() {
      set({ filesOpen: !get().filesOpen });
    },
    setViewport(viewport) {
      set({ viewport });
    },
    focusElement(name) {
      const { design, viewport } = get();
      set({ selection: [name] });
      const at = positionOf(design, name);
      if (viewport && at)
        viewport.centreOn({ x: at.x + NODE_SIZE.width / 2, y: at.y + NODE_SIZE.height / 2 });
    },
  };
});
