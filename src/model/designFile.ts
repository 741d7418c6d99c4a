import { Document, LineCounter, isMap, isNode, isScalar, parseDocument, visit } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import type { Diagnostic, FieldPath, SourceLocation } from './diagnostic.ts';
import { formatPath } from './diagnostic.ts';
import { MigrationError, migrate } from './migrations.ts';
import { checkReferences } from './references.ts';
import { DesignSchema } from './schema.ts';
import type { Design } from './types.ts';
import { ELEMENT_COLLECTIONS } from './types.ts';

export interface LoadResult {
  /** Present when the file parsed and matched the schema (reference errors may remain). */
  readonly design?: Design;
  readonly diagnostics: readonly Diagnostic[];
  /** True when the text is not a design file at all (not YAML, not a mapping): bad input. */
  readonly unreadable: boolean;
  /** The schemaVersion the file was written with, when it was older and got migrated. */
  readonly migratedFrom?: number;
}

/**
 * Reads a design from YAML text. Never throws: every problem comes back as a diagnostic with
 * the line, the element and the field, so the caller can show it and keep the file as it is.
 */
export function parseDesign(text: string, file?: string): LoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { ...(file !== undefined ? { file } : {}), line, column: col };
  };
  if (doc.errors.length > 0) {
    return {
      unreadable: true,
      diagnostics: doc.errors.map((e) => ({
        code: 'yaml-syntax',
        severity: 'error' as const,
        elements: [],
        message: `not valid YAML: ${e.message.split('\n')[0] ?? e.message}`,
        fix: 'correct the YAML syntax at this line (indentation, a missing ":" or an unclosed quote)',
        location: locate(e.pos[0]),
      })),
    };
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      unreadable: true,
      diagnostics: [
        {
          code: 'design-not-mapping',
          severity: 'error',
          elements: [],
          message: 'a design file must be a YAML mapping with schemaVersion, cluster, nodes, …',
          fix: 'start from a template: clusterwright new, or a file in templates/',
          location: locate(0),
        },
      ],
    };
  }
  let migrated: { raw: Record<string, unknown>; from: number };
  try {
    migrated = migrate(raw as Record<string, unknown>);
  } catch (e) {
    if (!(e instanceof MigrationError)) throw e;
    return {
      unreadable: false,
      diagnostics: [
        {
          code: 'schema-version',
          severity: 'error',
          elements: [],
          path: ['schemaVersion'],
          message: e.message,
          fix: 'set schemaVersion to a version this Clusterwright reads',
          location: locate(0),
        },
      ],
    };
  }
  const parsed = DesignSchema.safeParse(migrated.raw, { reportInput: true });
  // Line numbers come from the original document; after a migration, paths may not exist there.
  const locatePath = (path: FieldPath): SourceLocation | undefined => {
    const node = nodeAt(doc, path);
    return node?.range ? locate(node.range[0]) : undefined;
  };
  const from = migrated.from < 2 ? { migratedFrom: migrated.from } : {};
  if (!parsed.success) {
    return {
      unreadable: false,
      ...from,
      diagnostics: parsed.error.issues.flatMap((issue) =>
        issueToDiagnostics(issue, migrated.raw, locatePath),
      ),
    };
  }
  const design = parsed.data as Design;
  const refs = checkReferences(design).map((d) => {
    const location = d.path ? locatePath(d.path) : undefined;
    return location ? { ...d, location } : d;
  });
  return { unreadable: false, ...from, design, diagnostics: refs };
}

/** Checks a design held as data (the canvas' state, an API payload): schema and references. */
export function checkDesignData(raw: unknown): LoadResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      unreadable: true,
      diagnostics: [
        {
          code: 'design-not-mapping',
          severity: 'error',
          elements: [],
          message: 'a design must be an object with schemaVersion, cluster, nodes, …',
          fix: 'send the design as the model defines it',
        },
      ],
    };
  }
  const parsed = DesignSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    return {
      unreadable: false,
      diagnostics: parsed.error.issues.flatMap((i) =>
        issueToDiagnostics(i, raw as Record<string, unknown>, () => undefined),
      ),
    };
  }
  const design = parsed.data as Design;
  return { unreadable: false, design, diagnostics: checkReferences(design) };
}

function issueToDiagnostics(
  issue: z.core.$ZodIssue,
  raw: Record<string, unknown>,
  locatePath: (p: FieldPath) => SourceLocation | undefined,
): Diagnostic[] {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  const element = elementNameAt(raw, path);
  const elements = element ? [element] : [];
  const withLocation = (d: Diagnostic): Diagnostic => {
    const location = d.path ? (locatePath(d.path) ?? locatePath(path)) : undefined;
    return location ? { ...d, location } : d;
  };
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) =>
      withLocation({
        code: 'field-unknown',
        severity: 'error',
        elements,
        path: [...path, key],
        message: `unknown field "${key}"${path.length ? ` in ${formatPath(path)}` : ''}`,
        fix: 'remove it or correct its spelling; docs/design-format.md lists every field',
      }),
    );
  }
  const field = path.length > 0 ? formatPath(path) : 'the design';
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  return [
    withLocation({
      code: missing ? 'field-missing' : 'field-invalid',
      severity: 'error',
      elements,
      path,
      message: missing ? `${field} is required` : `${field}: ${issue.message}`,
      fix: missing
        ? `add ${String(path[path.length - 1])} to ${element ?? 'the design'}`
        : fixFor(issue),
    }),
  ];
}

function fixFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `use one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `use at least ${String(issue.minimum)}`;
    case 'too_big':
      return `use at most ${String(issue.maximum)}`;
    case 'invalid_type':
      return `write a ${issue.expected} here`;
    default:
      return 'correct the value as the message says';
  }
}

/** The name of the element a path points into, for `nodes[2].capacity.cpus` the node's name. */
function elementNameAt(
  raw: Record<string, unknown>,
  path: readonly (string | number)[],
): string | undefined {
  const [collection, index] = path;
  if (typeof collection === 'string' && typeof index === 'number') {
    const items = raw[collection];
    if (Array.isArray(items)) {
      const item: unknown = items[index];
      if (typeof item === 'object' && item !== null && 'name' in item) {
        const name = (item as { name: unknown }).name;
        if (typeof name === 'string') return name;
      }
      return `${collection}[${index}]`;
    }
  }
  if (collection === 'cluster') {
    const cluster = raw.cluster;
    if (typeof cluster === 'object' && cluster !== null && 'name' in cluster) {
      const name = (cluster as { name: unknown }).name;
      if (typeof name === 'string') return name;
    }
  }
  return undefined;
}

function nodeAt(doc: Document, path: FieldPath): YamlNode | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = doc.getIn(path.slice(0, n), true);
    if (isNode(node)) {
      // For a key that exists in a map, point at the key itself rather than the whole value.
      if (n === path.length && n > 0) {
        const parent: unknown = doc.getIn(path.slice(0, n - 1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[n - 1]);
          if (pair && isNode(pair.key)) return pair.key;
        }
      }
      return node;
    }
  }
  return undefined;
}

/**
 * Writes a design as YAML: keys in schema order, empty collections left out, positions on
 * one line each, so files read well and diff line by line.
 */
export function serializeDesign(design: Design): string {
  const known = new Set<string>();
  for (const c of ELEMENT_COLLECTIONS) for (const el of design[c]) known.add(el.name);
  const out: Record<string, unknown> = {
    schemaVersion: design.schemaVersion,
    cluster: design.cluster,
  };
  for (const c of ELEMENT_COLLECTIONS) if (design[c].length > 0) out[c] = design[c];
  const layout = Object.entries(design.layout).filter(([name]) => known.has(name));
  if (layout.length > 0) out.layout = Object.fromEntries(layout);
  const doc = new Document(out);
  // Small leaf collections (positions, addresses, lists of names) read best on one line.
  visit(doc, {
    Seq(_, seq) {
      if (seq.items.length > 0 && seq.items.every((i) => isScalar(i))) seq.flow = true;
    },
    Map(_, map) {
      const leaf = map.items.every((p) => isScalar(p.value));
      const named = map.items.some((p) => isScalar(p.key) && p.key.value === 'name');
      if (leaf && !named && map.items.length > 0 && map.items.length <= 6) map.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, indentSeq: true, flowCollectionPadding: true });
}
