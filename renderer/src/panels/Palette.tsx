import { addElement, nextName } from '../actions/addElement.ts';
import { PALETTE_MIME } from '../canvas/Canvas.tsx';
import { canConnect } from '../design/connections.ts';
import type { Placeable } from '../design/kinds.ts';
import { KINDS, PLACEABLE } from '../design/kinds.ts';
import { useDesigner } from '../store/store.ts';

/** Adds an element in the middle of the visible canvas (the palette's click and keyboard use). */
function addAtCentre(collection: Placeable): void {
  const store = useDesigner.getState();
  const centre = store.viewport?.visibleCentre() ?? { x: 0, y: 0 };
  const name = nextName(store.design, collection);
  const position = { x: centre.x - 90, y: centre.y - 32 };
  if (store.dispatch(addElement, { collection, name, position })) store.select([name]);
}

/** Every element kind: drag one onto the canvas, or click it. */
export function Palette() {
  return (
    <nav className="palette" data-testid="palette" aria-label="Element palette">
      <h2>Elements</h2>
      {PLACEABLE.map((collection) => (
        <button
          key={collection}
          type="button"
          className="palette-item"
          draggable
          data-testid={`palette-${collection}`}
          title={canConnect(collection)}
          onDragStart={(e) => {
            e.dataTransfer.setData(PALETTE_MIME, collection);
            e.dataTransfer.effectAllowed = 'copy';
          }}
          onClick={() => addAtCentre(collection)}
        >
          <span aria-hidden="true">{KINDS[collection].glyph}</span> {KINDS[collection].label}
        </button>
      ))}
    </nav>
  );
}
