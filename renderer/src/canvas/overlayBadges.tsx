import './overlay.css';
import { useDesigner } from '../store/store.ts';
import type { ElementOverlay } from './overlayModel.ts';

/** The overlay an element shows now: a what-if result first, else the live cluster. */
export function useElementOverlay(name: string): ElementOverlay | undefined {
  // While a what-if result shows, elements it says nothing about show nothing: no mixing.
  return useDesigner((s) =>
    s.whatIf.overlay ? s.whatIf.overlay[name] : s.live.on ? s.live.overlay[name] : undefined,
  );
}

/** The live or what-if badges under a canvas card: state, where it runs, failures. */
export function OverlayBadges({ name }: { name: string }) {
  const overlay = useElementOverlay(name);
  const whatIf = useDesigner((s) => s.whatIf.overlay !== null);
  if (!overlay) return null;
  return (
    <div
      className={`overlay overlay-${overlay.state}${whatIf ? ' overlay-whatif' : ''}`}
      data-testid={`overlay-${name}`}
      data-state={overlay.state}
      data-on={overlay.on.join(',')}
    >
      {overlay.badges.map((b, i) => (
        <span key={i} className={`overlay-badge tone-${b.tone}`} title={b.title}>
          {b.text}
        </span>
      ))}
    </div>
  );
}
