import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostProbe } from '../../src/lab/hostCheck.ts';
import { LAB_TOOLS, checkLabHost, defaultHostProbe } from '../../src/lab/hostCheck.ts';
import { LabHostError } from '../../src/lab/labError.ts';
import { labUp } from '../../src/lab/labUp.ts';
import { listLabs } from '../../src/lab/labState.ts';
import { createLabService } from '../../src/services/lab.ts';
import { requireRoot, requireTool } from '../support/tools.ts';
import { testCorosyncConf } from './support/corosyncConf.ts';
import { LAB_TRIO, loadFixture } from './support/fixtures.ts';
import { runLabCli } from './support/labCli.ts';

const INSTALL = 'apt-get install corosync pacemaker resource-agents openssh-server';

/** A PATH holding links to every real lab tool except `without`. */
function pathWithout(dir: string, without: readonly string[]): string[] {
  for (const [tool, pkg] of LAB_TOOLS)
    if (!without.includes(tool)) symlinkSync(requireTool(tool, pkg), join(dir, tool));
  return [dir];
}

describe('a host that cannot run a lab', () => {
  let dirs: string[] = [];
  const tempDir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'cw-labhost-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    dirs = [];
  });
  const linuxRoot: HostProbe = { ...defaultHostProbe(), platform: 'linux', uid: 0 };

  it('is refused when not root, saying why root is needed', async () => {
    await expect(checkLabHost({ ...linuxRoot, uid: 1000 })).rejects.toThrow(
      /must run as root: it creates network namespaces.*sudo/,
    );
  });

  it('is refused when not Linux', async () => {
    await expect(checkLabHost({ ...linuxRoot, platform: 'darwin' })).rejects.toThrow(
      /needs Linux .*this is darwin/,
    );
  });

  it('names each missing tool, its package and the install command', async () => {
    const dir = tempDir();
    const probe = { ...linuxRoot, searchPath: pathWithout(dir, ['corosync', 'sshd']) };
    const error = await checkLabHost(probe).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabHostError);
    const message = (error as Error).message;
    expect(message).toContain('lacks: corosync (corosync), sshd (openssh-server).');
    expect(message).toContain(INSTALL);
    expect(message).not.toContain('pacemakerd');
  });

  it('finds every tool at the path it checked when nothing is missing', async () => {
    const dir = tempDir();
    const tools = await checkLabHost({ ...linuxRoot, searchPath: pathWithout(dir, []) });
    expect(tools.corosync).toBe(join(dir, 'corosync'));
    expect(Object.keys(tools).sort()).toEqual(LAB_TOOLS.map(([t]) => t).sort());
  });

  it('makes `lab up` print the reason and exit 2 without touching anything', async () => {
    const baseDir = tempDir();
    const service = createLabService({
      corosyncConf: testCorosyncConf,
      baseDir,
      probe: { ...linuxRoot, searchPath: ['/nonexistent'] },
    });
    const result = await runLabCli(service, ['up', LAB_TRIO]);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toContain('clusterwright lab up: the lab runs real cluster software');
    expect(result.err).toContain(INSTALL);
    const status = await runLabCli(
      createLabService({ baseDir, probe: { ...linuxRoot, uid: 1000 } }),
      ['status'],
    );
    expect(status.code).toBe(2);
    expect(status.err).toMatch(/lab status: the lab must run as root/);
  });

  it('refuses a design network the host already routes, before making anything', async () => {
    requireRoot('the lab reads the host routes and would create namespaces');
    const baseDir = tempDir();
    const design = loadFixture(LAB_TRIO);
    // Every Linux host routes 127.0.0.0/8 (local table); a lab must never capture it.
    const clash = {
      ...design,
      networks: design.networks.map((n) =>
        n.name === 'ring0' ? { ...n, cidr: '127.0.0.0/24' } : n,
      ),
    };
    await expect(labUp(clash, { corosyncConf: testCorosyncConf(clash), baseDir })).rejects.toThrow(
      /network "ring0" \(127\.0\.0\.0\/24\) overlaps 127\.0\.0\.0\/8, which this host already routes/,
    );
    expect(await listLabs(baseDir)).toEqual([]);
  });
});
