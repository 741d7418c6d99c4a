import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { ManifestFile } from '../../generators/manifest.ts';
import { onDisk, runToolCheck } from './fileChecks.ts';
import type { CheckContext, FileCheck } from './result.ts';
import { fileCheck } from './result.ts';
import { TOOLS } from './tools.ts';

const RNG_DIR = '/usr/share/pacemaker';

interface CibNode {
  readonly id: string;
  readonly uname: string;
}

function xmlAttr(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function asArray<T>(v: T | readonly T[] | undefined): readonly T[] {
  return v === undefined ? [] : Array.isArray(v) ? (v as readonly T[]) : [v as T];
}

/** The nodes a CIB names in <nodes>, or the manifest's nodes numbered as corosync numbers them. */
export function cibNodes(xml: string, fallback: readonly string[]): CibNode[] {
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
    cib?: { configuration?: { nodes?: { node?: unknown } } };
  };
  const nodes = asArray(parsed.cib?.configuration?.nodes?.node as object | object[] | undefined)
    .map((n) => n as { id?: unknown; uname?: unknown })
    .filter((n) => typeof n.id === 'string' || typeof n.id === 'number')
    .map((n) => ({ id: String(n.id), uname: String(n.uname ?? n.id) }));
  return nodes.length > 0 ? nodes : fallback.map((uname, i) => ({ id: String(i + 1), uname }));
}

/**
 * The CIB as a running, quorate cluster with every node online sees it (oracles.md): without
 * this crm_verify always warns, about no quorum or about every node being unclean.
 */
export function quorateCopy(xml: string, nodes: readonly CibNode[]): string {
  const states = nodes
    .map(
      (n) =>
        `<node_state id="${xmlAttr(n.id)}" uname="${xmlAttr(n.uname)}" in_ccm="true" crmd="online" join="member" expected="member"/>`,
    )
    .join('');
  const withQuorum = xml.replace(/<cib\b([^>]*?)(\/?)>/, (_m, attrs: string, slash: string) => {
    const rest = attrs.replace(/\s+have-quorum\s*=\s*("[^"]*"|'[^']*')/, '');
    return `<cib${rest} have-quorum="1"${slash}>`;
  });
  const withoutStatus = withQuorum.replace(
    /<status\b[^>]*\/>|<status\b[^>]*>[\s\S]*?<\/status>/,
    '',
  );
  return withoutStatus.replace(/<\/cib>\s*$/, `<status>${states}</status></cib>\n`);
}

/** crm_verify on a quorate copy, and xmllint against the schema the CIB says it follows. */
export async function checkCib(
  ctx: CheckContext,
  file: ManifestFile,
  content: string,
): Promise<FileCheck[]> {
  const copy = join(ctx.scratch, `${file.bundlePath.replace(/\//g, '_')}.quorate.xml`);
  let verify: FileCheck;
  try {
    const nodes = cibNodes(
      content,
      ctx.manifest.nodes.map((n) => n.hostname),
    );
    await writeFile(copy, quorateCopy(content, nodes), { mode: 0o600 });
    verify = await runToolCheck(ctx, file, TOOLS.crmVerify, ['-x', copy, '-V']);
  } catch (e) {
    verify = fileCheck(
      file,
      TOOLS.crmVerify.name,
      'failed',
      `not a readable CIB: ${(e as Error).message}`,
    );
  }
  const schema = /\bvalidate-with\s*=\s*"(pacemaker-[0-9.]+)"/.exec(content)?.[1];
  let rng = join(RNG_DIR, 'pacemaker.rng');
  if (schema) {
    const specific = join(RNG_DIR, `${schema}.rng`);
    if (
      await access(specific).then(
        () => true,
        () => false,
      )
    )
      rng = specific;
  }
  const lint = await runToolCheck(ctx, file, TOOLS.xmllint, [
    '--noout',
    '--relaxng',
    rng,
    onDisk(ctx, file),
  ]);
  return [verify, lint];
}
