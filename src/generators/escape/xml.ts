import { UnsafeValueError } from './unsafeValue.ts';

/** Characters XML 1.0 cannot carry at all, escaped or not (§2.2 Char), plus lone surrogates. */
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Anything that may need escaping or refusing; most values hold none of it. */
// eslint-disable-next-line no-control-regex
const SPECIAL = /[&<>"'\u0000-\u001f\ud800-\udfff\ufffe\uffff]/;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Attribute-value normalisation would turn these into spaces; keep them as they are.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Escapes text for XML character data and for double-quoted attribute values alike. */
export function xmlEscape(value: string): string {
  if (!SPECIAL.test(value)) return value;
  if (NOT_XML_CHAR.test(value)) {
    throw new UnsafeValueError('XML', value, 'it holds a character XML 1.0 cannot represent');
  }
  return value.replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c] ?? c);
}

/** XML element and attribute names our builders use: plain ASCII names, never user data. */
export function xmlName(value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(value)) {
    throw new UnsafeValueError('XML', value, 'not an XML name');
  }
  return value;
}

/** Comment text: XML forbids `--` inside a comment and `-` at its end, so hyphens are spaced. */
export function xmlComment(text: string): string {
  const spaced = xmlEscape(text).replace(/-(?=-)/g, '- ');
  return spaced.endsWith('-') ? `${spaced} ` : spaced;
}
