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
 * drbdadm dump, pretending to be the file's node (__DRBD_NODE__) so that its `on` section is
 * the local one. global_common.conf follows the version of the node's resources.
 */
export async function checkDrbd(
  ctx: CheckContext,
  file: ManifestFile,
  content: string,
  nodeContents: readonly string[],
): Promise<FileCheck> {
  const isGlobal = !file.path.endsWith('.res');
  const v9 = isGlobal ? nodeContents.length === 0 || nodeContents.some(isDrbd9) : isDrbd9(content);
  const hostname = ctx.manifest.nodes.find((n) => n.name === file.node)?.hostname ?? file.node;
  return runToolCheck(
    ctx,
    file,
    v9 ? TOOLS.drbdadm : TOOLS.drbdadm84,
    ['-c', onDisk(ctx, file), 'dump', 'all'],
    hostname === undefined ? {} : { env: { __DRBD_NODE__: hostname } },
  );
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

export function checkAnsiblePlaybook(ctx: CheckContext, file: ManifestFile): Promise<FileCheck> {
  const dir = join(ctx.dir, 'ansible');
  return runToolCheck(
    ctx,
    file,
    TOOLS.ansiblePlaybook,
    ['--syntax-check', '-i', join(dir, 'inventory.yml'), onDisk(ctx, file)],
    { cwd: dir, env: ansibleEnv(ctx) },
  );
}

export function checkAnsibleInventory(ctx: CheckContext, file: ManifestFile): Promise<FileCheck> {
  return runToolCheck(
    ctx,
    file,
    TOOLS.ansibleInventory,
    // Unparsable inventory is an error, not a warning that leaves an empty inventory.
    ['-i', onDisk(ctx, file), '--list'],
    { env: { ...ansibleEnv(ctx), ANSIBLE_INVENTORY_UNPARSED_FAILED: '1' } },
  );
}
