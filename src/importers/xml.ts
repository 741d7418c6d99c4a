import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ImportSyntaxError } from './notes.ts';

/**
 * An XML element as the importers walk it: attributes as strings, children by tag name,
 * always lists (so one <nvpair> and many read alike), and the element's text.
 */
export interface XmlElement {
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: Readonly<Record<string, readonly XmlElement[]>>;
  readonly text: string;
}

const ATTRS = '@attrs';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: ATTRS,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  textNodeName: '#text',
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  processEntities: true,
  htmlEntities: false,
});

/** Parses XML text; throws ImportSyntaxError naming the line for text that is not XML. */
export function parseXml(text: string, file: string): { name: string; root: XmlElement } {
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new ImportSyntaxError(file, valid.err.line, `not well-formed XML: ${valid.err.msg}`);
  const doc = parser.parse(text) as Record<string, unknown>;
  const names = Object.keys(doc).filter((k) => !k.startsWith('?') && k !== '#text');
  const name = names[0];
  if (name === undefined || names.length !== 1)
    throw new ImportSyntaxError(file, 1, 'an XML file needs exactly one root element');
  const first = (doc[name] as unknown[])[0];
  return { name, root: toElement(first) };
}

function toElement(raw: unknown): XmlElement {
  if (typeof raw !== 'object' || raw === null)
    return { attrs: {}, children: {}, text: raw === undefined ? '' : String(raw) };
  const obj = raw as Record<string, unknown>;
  const attrs: Record<string, string> = {};
  const children: Record<string, XmlElement[]> = {};
  let text = '';
  for (const [k, v] of Object.entries(obj)) {
    if (k === ATTRS) {
      for (const [a, av] of Object.entries(v as Record<string, unknown>)) attrs[a] = String(av);
    } else if (k === '#text') {
      text = Array.isArray(v) ? v.map(String).join('') : String(v);
    } else {
      children[k] = (v as unknown[]).map(toElement);
    }
  }
  return { attrs, children, text };
}

export function kids(el: XmlElement | undefined, name: string): readonly XmlElement[] {
  return el?.children[name] ?? [];
}

export function kid(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children[name]?.[0];
}

/** Names of the child elements, in no guaranteed order between different names. */
export function childNames(el: XmlElement): string[] {
  return Object.keys(el.children);
}
