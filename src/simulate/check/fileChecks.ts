import { join } from 'node:path';
import type { ManifestFile } from '../../generators/manifest.ts';
import type { CheckContext, FileCheck } from './result.ts';
import { fileCheck, missingTool, toolOutput } from './result.ts';
import type { RunOptions } from './runCommand.ts';
import { runCommand } from './runCommand.ts';
import type { Tool } from './tools.ts';
import { TOOLS, findTool } from './tools.ts';

/** Runs one tool on one file: ok on exit code 0, failed otherwise, skipped when missing. */
export async function runToolCheck(
  ctx: CheckContext,
  file: ManifestFile,
  tool: Tool,
  args: readonly string[],
  options: RunOptions = {},
  okCodes: readonly number[] = [0],
): Promise<FileCheck> {
  const path = await findTool(tool);
  if (!path) return missingTool(ctx, file, tool);
  const argv = [path, ...args];
  const r = await runCommand(argv, options);
  return fileCheck(
    file,
    tool.name,
    okCodes.includes(r.code) ? 'ok' : 'failed',
    toolOutput(r),
    argv,
  );
}

export function onDisk(ctx: CheckContext, file: ManifestFile): string {
  return join(ctx.dir, file.bundlePath);
}

/** DRBD 9 files name node ids or a connection mesh; 8.4 files have neither. */
export function isDrbd9(content: string): boolean {
  return /\b(?:node-id|connection-mesh)\b/.test(content);
}

/**
 * Runs a tool "as the file's node", inside a network namespace holding the node's addresses
 * (see NodeNamespaces). Without root it cannot, and says so.
 */
async function runAsNode(
  ctx: CheckContext,
  file: ManifestFile,
  tool: Tool,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<FileCheck> {
  if (!ctx.isRoot)
    return fileCheck(
      file,
      tool.name,
      'skipped',
      `needs root: ${tool.command} must run in a network namespace that holds the addresses of node ${file.node ?? '?'}`,
    );
  if (!ctx.namespaces) return missingTool(ctx, file, TOOLS.ip);
  const path = await findTool(tool);
  if (!path) return missingTool(ctx, file, tool);
  const node = ctx.manifest.nodes.find((n) => n.name === file.node);
  if (!node)
    return fileCheck(file, tool.name, 'failed', `manifest.json lists no node ${file.node ?? '?'}`);
  let ns: string;
  try {
    ns = await ctx.namespaces.namespaceOf(node);
  } catch (e) {
    return fileCheck(file, tool.name, 'skipped', (e as Error).message);
  }
  const argv = ctx.namespaces.exec(ns, [path, ...args]);
  const r = await runCommand(argv, { env });
  return fileCheck(file, tool.name, r.code === 0 ? 'ok' : 'failed', toolOutput(r), argv);
}

/**
 * drbdadm dump as the file's node (__DRBD_NODE__ names it, its addresses are local), so its
 * `on` section is the local one. global_common.conf follows the version of the node's
 * resources.
 */
export async function checkDrbd(
  ctx: CheckContext,
  file: ManifestFile,
  content: string,
  nodeContents: readonly string[],
): Promise<FileCheck> {
  const isGlobal = !file.path.endsWith('.res');
  const v9 = isGlobal ? nodeContents.length === 0 || nodeContents.some(isDrbd9) : isDrbd9(content);
  const hostname = ctx.manifest.nodes.find((n) => n.name === file.node)?.hostname ?? '';
  return runAsNode(
    ctx,
    file,
    v9 ? TOOLS.drbdadm : TOOLS.drbdadm84,
    ['-c', onDisk(ctx, file), 'dump', 'all'],
    { __DRBD_NODE__: hostname },
  );
}

/** corosync -t as the node: its address local, a throwaway authkey in /etc/corosync. */
export function checkCorosync(ctx: CheckContext, file: ManifestFile): Promise<FileCheck> {
  return runAsNode(ctx, file, TOOLS.corosync, ['-c', onDisk(ctx, file), '-t']);
}

export function checkLibvirt(ctx: CheckContext, file: ManifestFile): Promise<FileCheck> {
  return runToolCheck(ctx, file, TOOLS.virtXmlValidate, [onDisk(ctx, file), 'domain']);
}

export function checkTgt(ctx: CheckContext, file: ManifestFile): Promise<FileCheck> {
  return runToolCheck(ctx, file, TOOLS.tgtAdmin, ['-c', onDisk(ctx, file), '-e', '-p']);
}

/** The shell a script names in its first line, when it is sh or bash. */
export function scriptShell(content: string): 'sh' | 'bash' | undefined {
  const m = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(content);
  if (!m) return undefined;
  const interpreter = m[1] === '/usr/bin/env' ? m[2] : m[1];
  const name = interpreter?.slice(interpreter.lastIndexOf('/') + 1);
  return name === 'sh' || name === 'bash' ? name : undefined;
}

export function checkShell(
  ctx: CheckContext,
  file: ManifestFile,
  shell: 'sh' | 'bash',
): Promise<FileCheck> {
  return runToolCheck(ctx, file, shell === 'sh' ? TOOLS.sh : TOOLS.bash, ['-n', onDisk(ctx, file)]);
}

/** Ansible keeps its temporary files under the scratch folder, not in the user's home. */
function ansibleEnv(ctx: CheckContext): Record<string, string> {
  return {
    ANSIBLE_LOCAL_TEMP: join(ctx.scratch, 'ansible-tmp'),
    ANSIBLE_HOME: join(ctx.scratch, 'ansible-home'),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
  };
}

const syntaxChecks = new WeakMap<CheckContext, Promise<FileCheck>>();

/**
 * One `ansible-playbook --syntax-check` proves both site.yml and inventory.yml (an inventory
 * it cannot parse is made an error), so it runs once per bundle and both files report it.
 */
export async function checkAnsible(ctx: CheckContext, file: ManifestFile): Promise<FileCheck> {
  let run = syntaxChecks.get(ctx);
  if (!run) {
    const dir = join(ctx.dir, 'ansible');
    const site = ctx.manifest.files.find((f) => f.bundlePath === 'ansible/site.yml');
    run = runToolCheck(
      ctx,
      site ?? file,
      TOOLS.ansiblePlaybook,
      ['--syntax-check', '-i', join(dir, 'inventory.yml'), join(dir, 'site.yml')],
      { cwd: dir, env: { ...ansibleEnv(ctx), ANSIBLE_INVENTORY_UNPARSED_FAILED: '1' } },
    );
    syntaxChecks.set(ctx, run);
  }
  const result = await run;
  return { ...result, bundlePath: file.bundlePath, kind: file.kind };
}
