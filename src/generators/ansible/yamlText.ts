import { Document } from 'yaml';

/** What the Ansible files hold: maps, lists, strings and numbers. */
export type YamlValue = string | number | boolean | readonly YamlValue[] | YamlMap;
/** Keys whose value is undefined are left out, as the package (and JSON) leave them out. */
export interface YamlMap {
  readonly [key: string]: YamlValue | undefined;
}

/**
 * A YAML file as the `yaml` package writes it (block style, no line folding), with a comment
 * on top. The package is slow for inventories of hundreds of files (it builds a node tree
 * and checks every scalar against every tag), so the common case is written directly, by
 * the package's own rules for one-line ASCII strings, integers and booleans. Any other
 * value sends the whole file through the package, so the text is always the package's own.
 */
export function yamlText(comment: string, value: YamlValue): string {
  return plainYaml(comment, value) ?? libraryYaml(comment, value);
}

/** The file as the `yaml` package writes it. */
export function libraryYaml(comment: string, value: YamlValue): string {
  const doc = new Document(value);
  doc.commentBefore = comment;
  return doc.toString({ lineWidth: 0 });
}

/** Thrown inside plainYaml at the first value it does not write itself. */
class NotPlain extends Error {}

/**
 * The strings written here: one line of printable ASCII, short enough to stay an implicit
 * key (the package makes longer keys explicit), not starting like a document marker.
 */
const SIMPLE = /^[\x20-\x7e]{1,1000}$/;
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/;
/** When the package's plain style refuses a string (its own test, for one-line strings). */
const PLAIN_REFUSED = /^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]|[\t ]#|[\t :]$/;
/** Tags other than string that a plain scalar may resolve to (YAML 1.2 core schema). */
const OTHER_TAGS = new Document().schema.tags.filter(
  (t) => t.default && t.tag !== 'tag:yaml.org,2002:str',
);
/** Every one of those (null, booleans, numbers) starts with one of these, or is empty. */
const MAY_BE_OTHER = /^[-+.0-9~nNtTfF]/;

function stringScalar(value: string): string {
  if (!SIMPLE.test(value) || DOCUMENT_MARKER.test(value)) throw new NotPlain();
  const readsAsOther =
    MAY_BE_OTHER.test(value) && OTHER_TAGS.some((t) => 'test' in t && t.test?.test(value));
  if (!readsAsOther && !PLAIN_REFUSED.test(value)) return value;
  // The package's choice of quotes: single ones only when that avoids escaping a double one.
  // In JSON, printable ASCII needs escapes only for " and \, which YAML reads alike.
  return value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value);
}

function scalar(value: string | number | boolean): string {
  if (typeof value === 'number') {
    // -0 and large numbers have forms of their own: leave them to the package.
    if (!Number.isSafeInteger(value) || Object.is(value, -0)) throw new NotPlain();
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  return stringScalar(value);
}

function isScalar(value: YamlValue): value is string | number | boolean {
  return typeof value !== 'object';
}

function isSeq(value: readonly YamlValue[] | YamlMap): value is readonly YamlValue[] {
  return Array.isArray(value);
}

function entriesOf(map: YamlMap): [string, YamlValue][] {
  const out: [string, YamlValue][] = [];
  for (const key in map) {
    const value = map[key];
    if (value !== undefined) out.push([key, value]);
  }
  return out;
}

/** `key: value`, or `key:` with the collection on the lines below, indented by two. */
function writeMap(out: string[], map: YamlMap, indent: string): void {
  const entries = entriesOf(map);
  if (entries.length === 0) throw new NotPlain();
  for (const [key, value] of entries) {
    const head = `${indent}${scalar(key)}:`;
    if (isScalar(value)) out.push(`${head} ${scalar(value)}`);
    else if (isSeq(value) && value.length === 0) out.push(`${head} []`);
    else if (!isSeq(value) && entriesOf(value).length === 0) out.push(`${head} {}`);
    else {
      out.push(head);
      writeCollection(out, value, `${indent}  `);
    }
  }
}

/** `- item`; a map item starts on the dash line and goes on two columns in. */
function writeSeq(out: string[], seq: readonly YamlValue[], indent: string): void {
  for (const item of seq) {
    if (isScalar(item)) {
      out.push(`${indent}- ${scalar(item)}`);
      continue;
    }
    if (isSeq(item)) throw new NotPlain();
    const first = out.length;
    writeMap(out, item, `${indent}  `);
    out[first] = `${indent}- ${(out[first] as string).slice(indent.length + 2)}`;
  }
}

function writeCollection(
  out: string[],
  value: readonly YamlValue[] | YamlMap,
  indent: string,
): void {
  if (isSeq(value)) writeSeq(out, value, indent);
  else writeMap(out, value, indent);
}

/** The file written directly, or undefined when a value needs the package's judgement. */
export function plainYaml(comment: string, value: YamlValue): string | undefined {
  if (isScalar(value) || /^\n*$/.test(comment) || /[\r\u2028\u2029]/.test(comment))
    return undefined;
  if (isSeq(value) ? value.length === 0 : entriesOf(value).length === 0) return undefined;
  // The package's own comment rule: "#" before every line but empty ones, " " becomes "#".
  const out = [comment.replace(/^(?!$)(?: $)?/gm, '#'), ''];
  try {
    writeCollection(out, value, '');
  } catch (e) {
    if (e instanceof NotPlain) return undefined;
    throw e;
  }
  return `${out.join('\n')}\n`;
}
