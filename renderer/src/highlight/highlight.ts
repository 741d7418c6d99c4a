import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import diff from 'highlight.js/lib/languages/diff';
import ini from 'highlight.js/lib/languages/ini';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { corosyncGrammar, crmGrammar, drbdGrammar } from './clusterGrammars.ts';

/**
 * Syntax highlighting of the generated files: highlight.js's core with only the grammars the
 * bundle needs, so the renderer does not carry 190 languages it never shows.
 */
const GRAMMARS = {
  bash,
  corosync: corosyncGrammar,
  crmsh: crmGrammar,
  diff,
  drbd: drbdGrammar,
  ini,
  json,
  markdown,
  xml,
  yaml,
} as const;

export type HighlightLanguage = keyof typeof GRAMMARS;

for (const [name, grammar] of Object.entries(GRAMMARS)) hljs.registerLanguage(name, grammar);

/**
 * Above this size a file is shown as plain text: highlighting costs about 0.5 ms of CPU per
 * KiB of XML (bench/highlight.ts), so the 64-node CIB (1.2 MiB) would stall the window.
 */
export const HIGHLIGHT_LIMIT_BYTES = 192 * 1024;

/** The grammar of a generated file, from its kind (GeneratedFile.kind) and, rarely, its name. */
export function languageOf(file: {
  readonly kind: string;
  readonly path: string;
}): HighlightLanguage | null {
  switch (file.kind) {
    case 'drbd':
      return 'drbd';
    case 'corosync':
      return 'corosync';
    case 'pacemaker-cib':
    case 'libvirt':
    case 'iscsi-tgt':
      return 'xml';
    case 'pacemaker-crm':
      return 'crmsh';
    case 'pacemaker-pcs':
    case 'iscsi-lio':
      return 'bash';
    case 'xen-xl':
    case 'openvz':
    case 'iscsi-iet':
      return 'ini';
    case 'iscsi-initiator':
      // The login script, or initiatorname.iscsi (`InitiatorName=…`).
      return file.path.endsWith('.sh') ? 'bash' : 'ini';
    case 'ansible':
      return 'yaml';
    case 'manifest':
      return 'json';
    case 'readme':
      return 'markdown';
    default:
      return null;
  }
}

export type Highlighted =
  | { readonly kind: 'html'; readonly html: string; readonly language: HighlightLanguage }
  | { readonly kind: 'plain'; readonly text: string; readonly note: string | null };

/**
 * What highlight.js may put in the page: its own spans around text it escaped. Anything else
 * (a tag, an attribute) means the text was not escaped, and the file is shown as plain text.
 */
const NOT_A_SPAN = /<(?!span class="[\w .-]+">|\/span>)/;

export function isOnlySpans(html: string): boolean {
  return !NOT_A_SPAN.test(html);
}

/** The size of a text in UTF-8 bytes, without encoding it (the CIB can be a megabyte). */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    // A surrogate pair is one 4-byte character: 2 + 2.
    else if (c >= 0xd800 && c <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB`
    : `${Math.round(bytes / 1024)} KiB`;
}

/** Highlights a text in a language, or says why it is shown plain. */
export function highlightText(
  text: string,
  language: HighlightLanguage | null,
  limitBytes: number = HIGHLIGHT_LIMIT_BYTES,
): Highlighted {
  if (language === null) return { kind: 'plain', text, note: null };
  const bytes = utf8Bytes(text);
  if (bytes > limitBytes)
    return {
      kind: 'plain',
      text,
      note: `${size(bytes)}: shown without highlighting (the limit is ${size(limitBytes)}).`,
    };
  const html = hljs.highlight(text, { language, ignoreIllegals: true }).value;
  if (!isOnlySpans(html))
    return { kind: 'plain', text, note: 'shown without highlighting: the highlighter failed.' };
  return { kind: 'html', html, language };
}
