import type { FileKind } from '../../generators/bundleFile.ts';
import type { Manifest, ManifestFile } from '../../generators/manifest.ts';
import type { CommandResult } from './runCommand.ts';
import type { NodeNamespaces } from './nodeNamespaces.ts';
import type { Tool } from './tools.ts';

export type CheckStatus = 'ok' | 'failed' | 'skipped';

/** One tool's verdict on one file of the bundle. */
export interface FileCheck {
  readonly bundlePath: string;
  readonly node?: string;
  readonly kind: FileKind;
  readonly tool: string;
  readonly status: CheckStatus;
  /** What the tool said (trimmed), or why it did not run. */
  readonly output: string;
  /** The argv that ran, for a user who wants to run it again by hand. */
  readonly command?: readonly string[];
}

export interface MissingTool {
  readonly tool: string;
  readonly command: string;
  readonly debianPackage: string;
}

export interface CheckContext {
  /** Absolute path of the bundle folder. */
  readonly dir: string;
  readonly manifest: Manifest;
  readonly isRoot: boolean;
  /** Present when this process is root and has `ip`: runs tools as a node. */
  readonly namespaces?: NodeNamespaces;
  /** A private scratch folder for this run (copies of files the tools need changed). */
  readonly scratch: string;
  /** Tools a check needed but this machine lacks, by name. */
  readonly missing: Map<string, MissingTool>;
}

const MAX_OUTPUT = 4000;

/** drbdadm asks modinfo about the kernel module, which a checking machine need not have. */
const NOISE = /^(?:sh: \d+: modinfo: not found|modinfo: not found)$/;

export function toolOutput(r: CommandResult): string {
  const text = `${r.stdout}\n${r.stderr}`
    .split('\n')
    .filter((l) => !NOISE.test(l.trim()))
    .join('\n')
    .trim();
  return text.length > MAX_OUTPUT ? `${text.slice(0, MAX_OUTPUT)}\n… (cut)` : text;
}

export function fileCheck(
  file: ManifestFile,
  tool: string,
  status: CheckStatus,
  output: string,
  command?: readonly string[],
): FileCheck {
  return {
    bundlePath: file.bundlePath,
    ...(file.node === undefined ? {} : { node: file.node }),
    kind: file.kind,
    tool,
    status,
    output,
    ...(command ? { command } : {}),
  };
}

/** A skipped result for a missing tool, remembering the tool for the report. */
export function missingTool(ctx: CheckContext, file: ManifestFile, tool: Tool): FileCheck {
  ctx.missing.set(tool.name, {
    tool: tool.name,
    command: tool.command,
    debianPackage: tool.debianPackage,
  });
  return fileCheck(
    file,
    tool.name,
    'skipped',
    `${tool.command} is not installed here: apt-get install ${tool.debianPackage}`,
  );
}
