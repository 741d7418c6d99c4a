import type { HLJSApi, Language, Mode } from 'highlight.js';

/**
 * Grammars highlight.js has none of: DRBD resource files, corosync.conf and crmsh's
 * configuration text. Small on purpose: keywords, option names, strings, numbers, comments
 * and braces, for the files the generators write (one statement per line).
 */

/** Sections of drbd.conf(5) that open a `{ … }` block. */
const DRBD_SECTIONS = [
  'global',
  'common',
  'resource',
  'volume',
  'on',
  'floating',
  'stacked-on-top-of',
  'connection',
  'connection-mesh',
  'path',
  'host',
  'net',
  'disk',
  'options',
  'startup',
  'handlers',
  'skip',
];

/** Values drbd.conf spells as bare words. */
const DRBD_LITERALS = ['yes', 'no', 'internal', 'flexible', 'C', 'A', 'B'];

/** A number, a size with its unit (10G), an IPv4 address or an address with its port. */
const NUMBER: Mode = {
  scope: 'number',
  match: /\b\d+(?:\.\d+){0,3}(?::\d+)?[KMGTkmgts]?\b/,
  relevance: 0,
};

const PUNCTUATION: Mode = { scope: 'punctuation', match: /[{};]/, relevance: 0 };

export function drbdGrammar(hljs: HLJSApi): Language {
  return {
    name: 'DRBD',
    aliases: ['drbd-res'],
    keywords: { $pattern: /[A-Za-z][\w-]*/, literal: DRBD_LITERALS },
    contains: [
      hljs.HASH_COMMENT_MODE,
      hljs.QUOTE_STRING_MODE,
      {
        // A section: its keyword at the start of a line, a `{` later on that line.
        match: [/^\s*/, new RegExp(`(?:${DRBD_SECTIONS.join('|')})(?![\\w-])(?=[^;\\n]*\\{)`)],
        scope: { 2: 'keyword' },
      },
      // An option: the first word of a statement.
      { match: [/^\s*/, /[a-z][a-z0-9-]*/], scope: { 2: 'attr' } },
      { scope: 'variable', match: /\/dev\/[\w/.-]+/, relevance: 0 },
      NUMBER,
      PUNCTUATION,
    ],
  };
}

export function corosyncGrammar(hljs: HLJSApi): Language {
  return {
    name: 'corosync.conf',
    aliases: ['corosync'],
    keywords: { $pattern: /[a-z]+/, literal: ['yes', 'no', 'on', 'off'] },
    contains: [
      hljs.HASH_COMMENT_MODE,
      hljs.QUOTE_STRING_MODE,
      { match: [/^\s*/, /[A-Za-z_]\w*/, /\s*/, /\{/], scope: { 2: 'section', 4: 'punctuation' } },
      {
        match: [/^\s*/, /[A-Za-z_][\w.]*/, /\s*:/],
        scope: { 2: 'attr', 3: 'punctuation' },
      },
      NUMBER,
      { scope: 'punctuation', match: /[{}]/, relevance: 0 },
    ],
  };
}

/** crmsh commands that start an element of the configuration. */
const CRM_COMMANDS = [
  'node',
  'primitive',
  'group',
  'clone',
  'ms',
  'bundle',
  'colocation',
  'collocation',
  'order',
  'location',
  'property',
  'rsc_defaults',
  'op_defaults',
  'fencing_topology',
  'rsc_template',
  'rsc_ticket',
  'tag',
];

export function crmGrammar(hljs: HLJSApi): Language {
  return {
    name: 'crmsh',
    aliases: ['crm'],
    keywords: {
      $pattern: /[A-Za-z_]+/,
      built_in: ['params', 'meta', 'op', 'utilization', 'rule', 'and', 'or', 'not'],
      literal: ['inf', 'Mandatory', 'Optional', 'Serialize', 'Promoted', 'Unpromoted'],
    },
    contains: [
      hljs.HASH_COMMENT_MODE,
      hljs.QUOTE_STRING_MODE,
      { match: [/^/, new RegExp(`(?:${CRM_COMMANDS.join('|')})\\b`)], scope: { 2: 'keyword' } },
      // The resource agent: class:provider:type.
      {
        scope: 'type',
        match: /\b(?:ocf|stonith|lsb|systemd|service):[\w.-]+(?::[\w.-]+)?/,
      },
      // key=value
      { match: [/[a-z][\w-]*/, /=/], scope: { 1: 'attr', 2: 'operator' } },
      // A score (`inf:`, `-inf:`, `50:`) or a kind (`Mandatory:`).
      { scope: 'number', match: /[-+]?(?:inf|\d+):/, relevance: 0 },
      { scope: 'number', match: /\b\d+(?:ms|s|m|h)?\b/, relevance: 0 },
      // The line continuation.
      { scope: 'meta', match: /\\$/, relevance: 0 },
    ],
  };
}
