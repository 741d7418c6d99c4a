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

function render(e: XmlElement, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const attrs = Object.entries(e.attrs ?? {})
    .map(([k, v]) => ` ${xmlName(k)}="${xmlEscape(String(v))}"`)
    .join('');
  const open = `${indent}<${xmlName(e.name)}${attrs}`;
  if (e.text !== undefined) return [`${open}>${xmlEscape(String(e.text))}</${e.name}>`];
  const children = e.children ?? [];
  if (children.length === 0) return [`${open}/>`];
  return [`${open}>`, ...children.flatMap((c) => render(c, depth + 1)), `${indent}</${e.name}>`];
}

export function renderXml(comment: string, root: XmlElement): string {
  return [`<!-- ${xmlComment(comment)} -->`, ...render(root, 0)].join('\n') + '\n';
}
