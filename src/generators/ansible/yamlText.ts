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
 * and checks every scalar against every tag), so the common case is written directly:
 * strings that are plain beyond doubt, integers, and the 0644-style modes. Any other value
 * sends the whole file through the package, so the text is always the package's own.
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
 * Strings the package writes unquoted whatever their place: no indicator at the start, no
 * `: ` or ` #`, no spaces or line breaks, and not a word that YAML 1.2 reads as a boolean or
 * null (numbers, `.inf` and `-` cannot start this pattern).
 */
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./@+=-]*$/;
const NOT_A_STRING = /^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)$/;
/** Dotted IPv4 addresses: no YAML 1.2 number has three dots, so they stay plain. */
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** File modes like 0644 read as integers, so the package double-quotes them. */
const MODE = /^0[0-7]{3,4}$/;

/** Longer keys become explicit (`? key`); no value of ours comes near it. */
const MAX_PLAIN = 1000;

function scalar(value: string | number | boolean): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new NotPlain();
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (value.length > MAX_PLAIN) throw new NotPlain();
  if ((PLAIN.test(value) && !NOT_A_STRING.test(value)) || IPV4.test(value)) return value;
  if (MODE.test(value)) return `"${value}"`;
  throw new NotPlain();
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
