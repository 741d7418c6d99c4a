import { xmlComment, xmlEscape, xmlName } from '../escape/xml.ts';

/** A typed XML element; rendering escapes every attribute value and text with xmlEscape. */
export interface XmlElement {
  readonly name: string;
  readonly attrs?: Readonly<Record<string, string | number>>;
  readonly children?: readonly XmlElement[];
  readonly text?: string | number;
}

export function el(
  name: string,
  attrs: Readonly<Record<string, string | number>> = {},
  ...children: XmlElement[]
): XmlElement {
  return { name, attrs, children };
}

export function textEl(
  name: string,
  text: string | number,
  attrs: Readonly<Record<string, string | number>> = {},
): XmlElement {
  return { name, attrs, text };
}

/** Appends the lines of `e` to `out`. */
function render(e: XmlElement, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  let attrs = '';
  for (const [k, v] of Object.entries(e.attrs ?? {}))
    attrs += ` ${xmlName(k)}="${xmlEscape(String(v))}"`;
  const open = `${indent}<${xmlName(e.name)}${attrs}`;
  if (e.text !== undefined) {
    out.push(`${open}>${xmlEscape(String(e.text))}</${e.name}>`);
    return;
  }
  const children = e.children ?? [];
  if (children.length === 0) {
    out.push(`${open}/>`);
    return;
  }
  out.push(`${open}>`);
  for (const c of children) render(c, depth + 1, out);
  out.push(`${indent}</${e.name}>`);
}

export function renderXml(comment: string, root: XmlElement): string {
  const out = [`<!-- ${xmlComment(comment)} -->`];
  render(root, 0, out);
  return out.join('\n') + '\n';
}
