import { createHash } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import type { BundleFile } from '../generators/bundleFile.ts';
import { readRemoteFileStates } from './remote/readFileStates.ts';
import type { RemoteFileState } from './remote/statFiles.ts';
import type { Transport } from './transport/transport.ts';

/**
 * What deploying a file would do:
 * - create / update: content written (a unified diff shows how)
 * - metadata: same content, mode to fix (the mtime stays)
 * - unchanged: nothing at all
 * - blocked: the path holds a symlink, folder or device, which deploy does not replace
 */
export type FileChange = 'create' | 'update' | 'metadata' | 'unchanged' | 'blocked';

/** What deploy needs of a file: bundle files, and files deploy makes itself (fence passwords). */
export type DeployFile = Pick<BundleFile, 'node' | 'path' | 'mode' | 'content' | 'element'> & {
  /**
   * For a file holding secrets: hides them in the node's copy before it is shown in a diff
   * (that copy may hold an older value, which no redactor knows).
   */
  readonly maskOld?: (text: string) => string;
};

export interface FilePlan {
  readonly file: DeployFile;
  readonly change: FileChange;
  /** Unified diff from the node's file to the new one; '' unless create or update. */
  readonly diff: string;
  /** The state read from the node, reused by apply so it need not read again. */
  readonly current: RemoteFileState;
}

export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly metadata: number;
  readonly unchanged: number;
  readonly blocked: number;
}

export interface NodePlan {
  readonly node: string;
  /** The transport's name (`user@host:port`). */
  readonly target: string;
  readonly files: readonly FilePlan[];
  readonly summary: PlanSummary;
}

/** One node's share of a deploy: its files (with secrets already filled in) and a transport. */
export interface NodeDeployTarget {
  readonly node: string;
  readonly transport: Transport;
  /** Files whose `node` is this node; others are ignored. */
  readonly files: readonly DeployFile[];
  /** Applied to every diff shown: hides the secret values filled into files. */
  readonly redact?: (text: string) => string;
}

/**
 * Work that is the same for every node given the same file (its hash, its diff against
 * the same old content), done once per deploy however many nodes get it. Kept for one
 * deploy only: the diffs may hold what `redact` hides.
 */
export interface PlanMemo {
  readonly hashes: Map<string, string>;
  readonly patches: Map<string, string>;
}

export const newPlanMemo = (): PlanMemo => ({ hashes: new Map(), patches: new Map() });

function sha256(memo: PlanMemo, s: string): string {
  let h = memo.hashes.get(s);
  if (h === undefined) {
    h = createHash('sha256').update(s, 'utf8').digest('hex');
    memo.hashes.set(s, h);
  }
  return h;
}

function patchOf(memo: PlanMemo, from: string, to: string, before: string, after: string): string {
  // Paths hold no NUL; the length keeps `before` and `after` apart.
  const key = `${from}\0${to}\0${before.length}\0${before}${after}`;
  let p = memo.patches.get(key);
  if (p === undefined) {
    p = createTwoFilesPatch(from, to, before, after, undefined, undefined, { context: 3 });
    memo.patches.set(key, p);
  }
  return p;
}

function summarize(files: readonly FilePlan[]): PlanSummary {
  const count = (c: FileChange) => files.filter((f) => f.change === c).length;
  return {
    create: count('create'),
    update: count('update'),
    metadata: count('metadata'),
    unchanged: count('unchanged'),
    blocked: count('blocked'),
  };
}

/**
 * Reads a node's current files (one batch of SFTP requests, or two commands, however many
 * files) and says what a deploy would change. It only reads: planning is the dry run.
 */
export async function planNode(
  target: NodeDeployTarget,
  memo: PlanMemo = newPlanMemo(),
): Promise<NodePlan> {
  const files = target.files.filter((f) => f.node === target.node);
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) {
      throw new Error(`node ${target.node}: two bundle files for ${f.path} (from ${f.element})`);
    }
    seen.add(f.path);
  }
  const t = target.transport;
  const wanted = files.map((f) => sha256(memo, f.content));
  const { states, contents } = await readRemoteFileStates(
    t,
    files.map((f) => f.path),
    (s, i) => s.kind === 'file' && s.sha256 !== wanted[i],
  );
  const kinds = files.map((f, i): FileChange => {
    const s = states[i] ?? { kind: 'missing' };
    if (s.kind === 'missing') return 'create';
    if (s.kind === 'other') return 'blocked';
    if (s.sha256 !== wanted[i]) return 'update';
    return s.mode === f.mode ? 'unchanged' : 'metadata';
  });
  const redact = target.redact ?? ((x: string) => x);
  const plans = files.map((file, i): FilePlan => {
    const change = kinds[i] ?? 'create';
    // Both sides of a file holding secrets are shown masked, so an unchanged secret line
    // shows no change and no value appears on either side.
    const mask = file.maskOld ?? ((x: string) => x);
    const before =
      change === 'create'
        ? ''
        : change === 'update'
          ? mask(contents[i]?.toString('utf8') ?? '')
          : undefined;
    const after = mask(file.content);
    const patch =
      before === undefined
        ? ''
        : patchOf(
            memo,
            change === 'create' ? '/dev/null' : `a${file.path}`,
            `b${file.path}`,
            before,
            after,
          );
    const onlySecrets = change === 'update' && before === after;
    const diff = redact(
      onlySecrets ? `${patch}(only secret values change; values are not shown)\n` : patch,
    );
    return { file, change, diff, current: states[i] ?? { kind: 'missing' } };
  });
  return { node: target.node, target: t.name, files: plans, summary: summarize(plans) };
}

/** Plans every node in parallel. A node that cannot be read rejects the whole plan. */
export function planDeploy(targets: readonly NodeDeployTarget[]): Promise<NodePlan[]> {
  const memo = newPlanMemo();
  return Promise.all(targets.map((t) => planNode(t, memo)));
}
