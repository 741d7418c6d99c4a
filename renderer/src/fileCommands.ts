import type { Design } from '../../src/model/types.ts';
import type { ImportResponse, RequestOf } from '../../src/services/contract.ts';
import { api } from './api/api.ts';
import { openPath } from './commands.ts';
import { diagramSvg } from './export/diagramSvg.ts';
import { bytesOfBase64, saveFile } from './export/saveFile.ts';
import { useDesigner } from './store/store.ts';

/**
 * The commands of the designer's file features: export the bundle and the diagram, recent
 * designs, the pattern wizard and import. Like commands.ts, each reports failure to the user.
 */
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const ARCHIVE_TYPES = { 'tar.gz': 'application/gzip', zip: 'application/zip' } as const;

export async function exportBundle(format: 'tar.gz' | 'zip'): Promise<void> {
  const store = useDesigner.getState();
  try {
    const exported = await api()['bundle.export']({ design: store.design, format });
    const where = await saveFile(
      exported.fileName,
      bytesOfBase64(exported.base64),
      ARCHIVE_TYPES[format],
    );
    if (where === null) return;
    // What was exported is what the generated files view compares the design against.
    store.setLastExport({
      fileName: exported.fileName,
      at: new Date().toISOString(),
      files: exported.files.map((f) => ({ bundlePath: f.bundlePath, content: f.content })),
    });
    store.showToast(`exported ${exported.files.length} files to ${where}`);
  } catch (e) {
    store.showToast(`could not export the bundle: ${message(e)}`);
  }
}

export async function exportDiagram(format: 'svg' | 'png'): Promise<void> {
  const store = useDesigner.getState();
  try {
    const { design, diagnostics, theme } = store;
    const diagram = diagramSvg(design, diagnostics, theme);
    const base = `${design.cluster.name}-diagram`;
    const where =
      format === 'svg'
        ? await saveFile(`${base}.svg`, new TextEncoder().encode(diagram.svg), 'image/svg+xml')
        : await saveFile(
            `${base}.png`,
            await (
              await import('./export/pngOfSvg.ts')
            ).pngOfSvg(diagram.svg, diagram.width, diagram.height),
            'image/png',
          );
    if (where !== null) store.showToast(`exported the diagram to ${where}`);
  } catch (e) {
    store.showToast(`could not export the diagram: ${message(e)}`);
  }
}

export async function refreshRecent(): Promise<void> {
  const store = useDesigner.getState();
  try {
    const list = await api()['recent.list']({});
    store.setRecent(list.files, list.problem ?? null);
  } catch (e) {
    store.setRecent([], `recent designs unavailable: ${message(e)}`);
  }
}

export async function openRecent(path: string): Promise<void> {
  if (await openPath(path)) {
    useDesigner.getState().openDialog(null);
    await refreshRecent();
  }
}

/** Replaces the canvas with a new design as one undoable step, and shows all of it. */
function show(design: Design, label: string): void {
  const store = useDesigner.getState();
  store.load(design, null, label);
  store.openFileDialog(null);
  requestAnimationFrame(() => useDesigner.getState().viewport?.fit());
}

/** Builds a pattern's design; returns the error to show in the wizard, or null when it opened. */
export async function createFromPattern(
  request: RequestOf<'patterns.create'>,
): Promise<string | null> {
  try {
    const created = await api()['patterns.create'](request);
    if (!created.design) return created.diagnostics[0]?.message ?? 'no design came back';
    show(created.design, `new ${request.pattern} design`);
    return null;
  } catch (e) {
    return message(e);
  }
}

export type ImportSource =
  | { readonly kind: 'texts'; readonly request: RequestOf<'import.texts'> }
  | { readonly kind: 'paths'; readonly request: RequestOf<'import.paths'> }
  | { readonly kind: 'ssh'; readonly request: RequestOf<'import.ssh'> };

function describe(source: ImportSource): string {
  switch (source.kind) {
    case 'texts':
      return `${source.request.files.length} uploaded file(s)`;
    case 'paths':
      return source.request.paths.join(', ');
    case 'ssh':
      return source.request.urls.join(', ');
  }
}

/**
 * Imports and, when it worked, opens the result laid out automatically with its notes
 * listed. The failed response comes back for the dialog to show (errors, host keys to confirm).
 */
export async function importDesign(source: ImportSource): Promise<ImportResponse> {
  const call = api();
  const result =
    source.kind === 'texts'
      ? await call['import.texts'](source.request)
      : source.kind === 'paths'
        ? await call['import.paths'](source.request)
        : await call['import.ssh'](source.request);
  if (!result.ok) return result;
  const store = useDesigner.getState();
  let design = result.design;
  try {
    const { autoLayout } = await import('./layout/autoLayout.ts');
    design = { ...design, layout: await autoLayout(design) };
  } catch (e) {
    // The importer's own rows still place everything; say why the nicer layout is missing.
    store.showToast(`auto-layout failed, kept the importer's rows: ${message(e)}`);
  }
  show(design, `import ${describe(source)}`);
  store.setImportNotes({ source: describe(source), notes: result.notes });
  return result;
}
