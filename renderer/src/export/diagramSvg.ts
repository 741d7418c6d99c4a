import type { Diagnostic } from '../../../src/model/diagnostic.ts';
import type { Design } from '../../../src/model/types.ts';
import { NODE_SIZE, toFlowEdges, toFlowNodes } from '../canvas/flowModel.ts';
import type { Placeable } from '../design/kinds.ts';
import { KINDS } from '../design/kinds.ts';

/** Colours of the diagram, per theme: the same as styles.css gives the canvas. */
export interface DiagramColours {
  readonly background: string;
  readonly panel: string;
  readonly fg: string;
  readonly muted: string;
  readonly border: string;
  readonly edge: string;
  readonly error: string;
  readonly warning: string;
  readonly info: string;
}

export const DIAGRAM_COLOURS: Readonly<Record<'light' | 'dark', DiagramColours>> = {
  light: {
    background: '#f7f7f8',
    panel: '#ffffff',
    fg: '#1d1f23',
    muted: '#6b7280',
    border: '#d6d9de',
    edge: '#9aa1ab',
    error: '#c62828',
    warning: '#b26a00',
    info: '#1565c0',
  },
  dark: {
    background: '#15171a',
    panel: '#1f2226',
    fg: '#e6e8eb',
    muted: '#9aa1ab',
    border: '#343941',
    edge: '#6b7280',
    error: '#ff6b6b',
    warning: '#ffb74d',
    info: '#64b5f6',
  },
};

/** The coloured top edge of a card, as the canvas draws it (kinds without one use the border). */
const KIND_COLOUR: Partial<Record<Placeable, string>> = {
  networks: '#0f9d58',
  nodes: '#1a73e8',
  drbd: '#8e24aa',
  vms: '#f4511e',
  fencing: '#e53935',
};

const PADDING = 40;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/** SVG text does not wrap or ellipsise: cut long lines the way the card's CSS would show them. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export interface Diagram {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

const n = (v: number): string => String(Math.round(v * 10) / 10);

/**
 * The canvas as a standalone SVG, built from the design (the model is the truth, not the DOM):
 * a card per element at its position with kind, name, summary and problem badge, and a curve
 * per reference from the top of the element that holds it to the bottom of the one it names.
 */
export function diagramSvg(
  design: Design,
  diagnostics: readonly Diagnostic[],
  theme: 'light' | 'dark',
): Diagram {
  const c = DIAGRAM_COLOURS[theme];
  const nodes = toFlowNodes(design, [], {}, {}, diagnostics);
  const { width: w, height: h } = NODE_SIZE;
  const xs = nodes.map((node) => node.position.x);
  const ys = nodes.map((node) => node.position.y);
  const minX = nodes.length ? Math.min(...xs) : 0;
  const minY = nodes.length ? Math.min(...ys) : 0;
  const width = (nodes.length ? Math.max(...xs) + w - minX : 0) + 2 * PADDING;
  const height = (nodes.length ? Math.max(...ys) + h - minY : 0) + 2 * PADDING;
  const at = new Map(
    nodes.map((node) => [
      node.id,
      { x: node.position.x - minX + PADDING, y: node.position.y - minY + PADDING },
    ]),
  );

  const edges = toFlowEdges(design).flatMap((e) => {
    const from = at.get(e.source);
    const to = at.get(e.target);
    if (!from || !to) return [];
    // Out of the top of the holder, into the bottom of what it names (as the handles sit).
    const sx = from.x + w / 2;
    const sy = from.y;
    const tx = to.x + w / 2;
    const ty = to.y + h;
    const bend = Math.max(30, Math.abs(sy - ty) / 2);
    const mx = (sx + tx) / 2;
    const my = (sy + ty) / 2;
    const role = escapeXml(String(e.label ?? ''));
    const labelWidth = role.length * 6 + 8;
    return [
      `<g class="edge" data-id="${escapeXml(e.id)}">` +
        `<path d="M${n(sx)},${n(sy)} C${n(sx)},${n(sy - bend)} ${n(tx)},${n(ty + bend)} ${n(tx)},${n(ty)}" fill="none" stroke="${c.edge}" stroke-width="1.5"/>` +
        `<rect x="${n(mx - labelWidth / 2)}" y="${n(my - 8)}" width="${n(labelWidth)}" height="16" rx="3" fill="${c.background}"/>` +
        `<text x="${n(mx)}" y="${n(my + 4)}" text-anchor="middle" font-size="10" fill="${c.muted}">${role}</text>` +
        `</g>`,
    ];
  });

  const cards = nodes.map((node) => {
    const p = at.get(node.id) ?? { x: 0, y: 0 };
    const { collection, name, summary, problems, worst } = node.data;
    const kind = KINDS[collection];
    const top = KIND_COLOUR[collection] ?? c.border;
    const badge =
      problems > 0 && worst
        ? `<circle cx="${n(p.x + w - 16)}" cy="${n(p.y + 14)}" r="9" fill="${c[worst]}"/>` +
          `<text x="${n(p.x + w - 16)}" y="${n(p.y + 18)}" text-anchor="middle" font-size="11" font-weight="600" fill="#ffffff">${problems}</text>`
        : '';
    return (
      `<g class="element" data-id="${escapeXml(name)}" data-kind="${collection}">` +
      `<rect x="${n(p.x)}" y="${n(p.y)}" width="${w}" height="${h}" rx="6" fill="${c.panel}" stroke="${c.border}"/>` +
      `<rect x="${n(p.x)}" y="${n(p.y)}" width="${w}" height="3" fill="${top}"/>` +
      `<text x="${n(p.x + 10)}" y="${n(p.y + 18)}" font-size="11" fill="${c.muted}">${escapeXml(`${kind.glyph} ${kind.label}`)}</text>` +
      `<text x="${n(p.x + 10)}" y="${n(p.y + 36)}" font-size="13" font-weight="600" fill="${c.fg}">${escapeXml(clip(name, 24))}</text>` +
      `<text x="${n(p.x + 10)}" y="${n(p.y + 53)}" font-size="11" fill="${c.muted}">${escapeXml(clip(summary, 30))}</text>` +
      badge +
      `</g>`
    );
  });

  const title = escapeXml(`${design.cluster.name}: Clusterwright design`);
  const svg =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" font-family='${FONT}'>` +
    `<title>${title}</title>` +
    `<rect width="100%" height="100%" fill="${c.background}"/>` +
    edges.join('') +
    cards.join('') +
    `</svg>\n`;
  return { svg, width, height };
}
