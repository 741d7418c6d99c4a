import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Manifest, ManifestFile } from '../../generators/manifest.ts';
import { MANIFEST_FORMAT, MANIFEST_PATH } from '../../generators/manifest.ts';
import { checkCib } from './cibCheck.ts';
import {
  checkAnsible,
  checkCorosync,
  checkDrbd,
  checkLibvirt,
  checkShell,
  checkTgt,
  scriptShell,
} from './fileChecks.ts';
import type { CheckContext, FileCheck, MissingTool } from './result.ts';
import { NodeNamespaces } from './nodeNamespaces.ts';
import { fileCheck } from './result.ts';
import { TOOLS, findTool } from './tools.ts';

export interface BundleCheckReport {
  readonly dir: string;
  readonly cluster: string;
  readonly results: readonly FileCheck[];
  /** Tools some file needed that this machine lacks, with the Debian package to install. */
  readonly missingTools: readonly MissingTool[];
  readonly counts: Readonly<Record<FileCheck['status'], number>>;
  /** No tool rejected any file (skipped checks do not count against it). */
  readonly ok: boolean;
}

/** The folder is not a bundle (no readable manifest.json): bad input, not a failed check. */
export class NotABundleError extends Error {}

async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST_PATH);
  let manifest: Partial<Manifest>;
  try {
    manifest = JSON.parse(await readFile(path, 'utf8')) as Partial<Manifest>;
  } catch (e) {
    throw new NotABundleError(
      `${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}; give the folder that clusterwright generate wrote`,
    );
  }
  if (
    manifest.format !== MANIFEST_FORMAT ||
    !Array.isArray(manifest.files) ||
    !Array.isArray(manifest.nodes)
  )
    throw new NotABundleError(
      `${path}: not a Clusterwright bundle manifest; give the folder that clusterwright generate wrote`,
    );
  return manifest as Manifest;
}

function sha256(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/** Every check that applies to one file; an empty list means no tool checks its kind. */
async function checksFor(
  ctx: CheckContext,
  file: ManifestFile,
  content: string,
  contents: ReadonlyMap<string, string>,
): Promise<FileCheck[]> {
  const results: FileCheck[] = [];
  switch (file.kind) {
    case 'drbd': {
      const siblings = ctx.manifest.files
        .filter((f) => f.kind === 'drbd' && f.node === file.node && f.path.endsWith('.res'))
        .map((f) => contents.get(f.bundlePath) ?? '');
      results.push(await checkDrbd(ctx, file, content, siblings));
      break;
    }
    case 'corosync':
      results.push(await checkCorosync(ctx, file));
      break;
    case 'pacemaker-cib':
      results.push(...(await checkCib(ctx, file, content)));
      break;
    case 'libvirt':
      results.push(await checkLibvirt(ctx, file));
      break;
    case 'iscsi-tgt':
      results.push(await checkTgt(ctx, file));
      break;
    case 'ansible':
      if (file.path === 'ansible/site.yml' || file.path === 'ansible/inventory.yml')
        results.push(await checkAnsible(ctx, file));
      break;
    default:
      break;
  }
  const shell = scriptShell(content);
  if (shell) results.push(await checkShell(ctx, file, shell));
  return results;
}

async function checkFile(
  ctx: CheckContext,
  file: ManifestFile,
  contents: ReadonlyMap<string, string>,
): Promise<FileCheck[]> {
  const content = contents.get(file.bundlePath);
  if (content === undefined)
    return [
      fileCheck(file, 'manifest', 'failed', 'listed in manifest.json but missing from the bundle'),
    ];
  const results: FileCheck[] = [];
  if (sha256(content) !== file.sha256)
    results.push(
      fileCheck(
        file,
        'manifest',
        'failed',
        'content differs from its sha256 in manifest.json: the file was changed after generate',
      ),
    );
  const checks = await checksFor(ctx, file, content, contents);
  if (checks.length === 0)
    checks.push(fileCheck(file, '-', 'skipped', 'no tool checks this kind of file offline'));
  return [...results, ...checks];
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the order of results. */
async function pool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Proves a bundle folder with every real tool found on this machine: each file listed in its
 * manifest goes to the tools that apply to it. Commands run from argv arrays, never a shell.
 */
export async function checkBundle(
  dir: string,
  options: { readonly concurrency?: number } = {},
): Promise<BundleCheckReport> {
  const root = resolve(dir);
  const manifest = await readManifest(root);
  const contents = new Map<string, string>();
  for (const f of manifest.files) {
    const text = await readFile(join(root, f.bundlePath), 'utf8').catch(() => undefined);
    if (text !== undefined) contents.set(f.bundlePath, text);
  }
  const scratch = await mkdtemp(join(tmpdir(), 'cw-check-'));
  const isRoot = process.getuid?.() === 0;
  const ip = isRoot ? await findTool(TOOLS.ip) : undefined;
  const namespaces = ip ? new NodeNamespaces(ip) : undefined;
  const ctx: CheckContext = {
    dir: root,
    manifest,
    isRoot,
    ...(namespaces ? { namespaces } : {}),
    scratch,
    missing: new Map(),
  };
  try {
    const results = (
      await pool(manifest.files, options.concurrency ?? 4, (f) => checkFile(ctx, f, contents))
    ).flat();
    const counts = { ok: 0, failed: 0, skipped: 0 };
    for (const r of results) counts[r.status]++;
    return {
      dir: root,
      cluster: manifest.cluster,
      results,
      missingTools: [...ctx.missing.values()].sort((a, b) => a.tool.localeCompare(b.tool)),
      counts,
      ok: counts.failed === 0,
    };
  } finally {
    await namespaces?.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
