import type { DeployEvent, DeployResult } from '../deploy/deploy.ts';
import type { NodeRollbackResult, RollbackEvent } from '../deploy/rollback.ts';
import type { LabStatus } from '../lab/labStatus.ts';
import type {
  DeployView,
  LabView,
  NodeRollbackView,
  ProgressEvent,
  RollbackView,
} from './labDeployContract.ts';

/**
 * The backend's results as the plain data the contract carries: no Error objects, no
 * buffers, no remote state the UI has no use for.
 */

export function labView(status: LabStatus): LabView {
  return {
    cluster: status.cluster,
    stateDir: status.stateDir,
    createdAt: status.createdAt,
    warnings: status.warnings,
    nodes: status.nodes.map((n) => ({
      name: n.name,
      state: n.state,
      sshAddress: n.sshAddress,
      sshPort: n.sshPort,
      ssh: n.ssh,
      processes: n.pids.length,
    })),
  };
}

export function deployView(
  result: DeployResult,
  options: {
    readonly lab: boolean;
    readonly dryRun: boolean;
    readonly warnings?: readonly string[];
  },
): DeployView {
  return {
    deployId: result.deployId,
    lab: options.lab,
    dryRun: options.dryRun,
    ok: result.ok,
    plans: result.plans.map((p) => ({
      node: p.node,
      target: p.target,
      summary: p.summary,
      files: p.files.map((f) => ({
        path: f.file.path,
        change: f.change,
        mode: f.file.mode,
        diff: f.diff,
      })),
    })),
    ...(result.cib ? { cib: { changed: result.cib.changed, patch: result.cib.patch } } : {}),
    applied: result.applied.map((a) => ({
      node: a.node,
      ok: a.ok,
      written: a.written,
      metadataFixed: a.metadataFixed,
      unchanged: a.unchanged.length,
      backups: a.backups.length,
      ...(a.error ? { error: a.error.message } : {}),
    })),
    steps: result.steps.map((s) => ({
      node: s.node,
      step: s.step,
      outcome: s.outcome,
      detail: s.detail,
    })),
    cibChanged: result.cibChanged,
    warnings: options.warnings ?? [],
  };
}

/** A deploy event as a progress event for the UI; undefined for events it does not show. */
export function progressOf(e: DeployEvent): ProgressEvent | undefined {
  switch (e.type) {
    case 'phase':
      return { type: 'phase', phase: e.phase };
    case 'step':
      return {
        type: 'step',
        node: e.result.node,
        step: e.result.step,
        outcome: e.result.outcome,
        detail: e.result.detail,
      };
    case 'node-start':
      return { type: 'node-start', node: e.node, files: e.files };
    case 'file-start':
      return { type: 'file-start', node: e.node, path: e.path };
    case 'file-done':
      return { type: 'file-done', node: e.node, path: e.path, outcome: e.outcome };
    case 'node-done':
      return { type: 'node-done', node: e.node, written: e.written, unchanged: e.unchanged };
    case 'node-failed':
      return { type: 'node-failed', node: e.node, message: e.message };
    default:
      // An event kind added to the deploy later: the caller logs its type.
      return undefined;
  }
}

/** One log line per progress event worth a line (file starts are progress only). */
export function logLineOf(e: ProgressEvent): string | undefined {
  switch (e.type) {
    case 'phase':
      return `== ${e.phase}`;
    case 'step':
      return `${e.node}: ${e.step}: ${e.outcome} — ${e.detail}`;
    case 'node-start':
      return e.files > 0 ? `${e.node}: writing ${e.files} file(s)` : undefined;
    case 'file-start':
      return undefined;
    case 'file-done':
      return `${e.node}: ${e.outcome} ${e.path}`;
    case 'node-done':
      return `${e.node}: ${e.written} written, ${e.unchanged} unchanged`;
    case 'node-failed':
      return `${e.node}: FAILED: ${e.message}`;
  }
}

function nodeRollbackView(r: NodeRollbackResult): NodeRollbackView {
  return {
    node: r.node,
    ...(r.deployId !== undefined ? { deployId: r.deployId } : {}),
    ok: r.ok,
    nothingToDo: r.nothingToDo,
    message: r.message,
    ...(r.cib
      ? {
          cib: {
            action: r.cib.action,
            detail: r.cib.detail,
            saved: r.cib.saved,
            patch: r.cib.patch,
          },
        }
      : {}),
    files: r.files.map((f) => ({ path: f.path, action: f.action, detail: f.detail })),
    folders: r.folders.map((f) => ({ path: f.path, action: f.action, detail: f.detail })),
  };
}

export function rollbackView(
  results: readonly NodeRollbackResult[],
  options: { readonly lab: boolean; readonly dryRun: boolean },
): RollbackView {
  return {
    lab: options.lab,
    dryRun: options.dryRun,
    ok: results.every((r) => r.ok),
    nodes: results.map(nodeRollbackView),
  };
}

/** One log line per rollback event, as the CLI prints it. */
export function rollbackLogLine(e: RollbackEvent): string {
  switch (e.type) {
    case 'rollback-start':
      return `${e.node}: rolling back ${e.deployId ?? '(no deploy on record)'}`;
    case 'rollback-cib':
      return `${e.node}: CIB ${e.cib.action} — ${e.cib.detail}`;
    case 'rollback-file':
      return `${e.node}: ${e.file.action} ${e.file.path} — ${e.file.detail}`;
    case 'rollback-folder': {
      const verb = { remove: 'remove folder', keep: 'keep folder', already: 'folder gone' };
      return `${e.node}: ${verb[e.folder.action]} ${e.folder.path} — ${e.folder.detail}`;
    }
    case 'rollback-done':
      return `${e.node}: ${e.result.ok ? '' : 'FAILED: '}${e.result.message}`;
  }
}
