import type { ClusterwrightApi } from '../../../src/services/contract.ts';
import { useDesigner } from './store.ts';

/**
 * Validates the design through the API whenever it changes, after a short pause so a burst
 * of edits costs one call. Answers that arrive after a newer edit are dropped.
 */
export function startLiveValidation(api: ClusterwrightApi, delayMs = 150): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  const run = (): void => {
    const seq = ++latest;
    const { design } = useDesigner.getState();
    api['design.validate']({ design }).then(
      (checked) => {
        if (seq === latest) useDesigner.getState().setDiagnostics(checked.diagnostics, null);
      },
      (e: unknown) => {
        if (seq === latest)
          useDesigner
            .getState()
            .setDiagnostics([], `validation failed: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  };
  const unsubscribe = useDesigner.subscribe((state, prev) => {
    if (state.design === prev.design) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, delayMs);
  });
  run();
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    unsubscribe();
  };
}
