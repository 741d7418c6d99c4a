import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabTools } from '../../src/lab/hostCheck.ts';
import { checkLabHost } from '../../src/lab/hostCheck.ts';
import { teardownLab } from '../../src/lab/labDown.ts';
import type { LabState } from '../../src/lab/labState.ts';
import { deleteBridge } from '../../src/lab/network.ts';
import { requireRoot } from '../support/tools.ts';

/**
 * Everything here happens in a network namespace of the test's own, through an `ip` that
 * runs there, so the host's interfaces are never touched.
 */
describe('taking lab interfaces down', () => {
  const ns = `cwtd${randomBytes(3).toString('hex')}`;
  let dir = '';
  let tools: LabTools;
  /** The real ip, inside the test namespace. */
  let inNs = '';
  /**
   * The real ip, inside the test namespace, but every `link del X` finds X already gone: what
   * happens when the kernel removes a veth with its peer's namespace between our check and
   * our removal.
   */
  let racing = '';
  const links = (): string[] =>
    (
      JSON.parse(
        execFileSync(tools.ip, ['-n', ns, '-j', 'link', 'show'], { encoding: 'utf8' }),
      ) as {
        ifname: string;
      }[]
    ).map((l) => l.ifname);

  beforeAll(async () => {
    requireRoot('the test creates a network namespace');
    tools = await checkLabHost();
    execFileSync(tools.ip, ['netns', 'add', ns]);
    dir = mkdtempSync(join(tmpdir(), 'cw-teardown-'));
    inNs = join(dir, 'ip-in-ns');
    writeFileSync(inNs, `#!/bin/sh\nexec ${tools.ip} -n ${ns} "$@"\n`, { mode: 0o755 });
    racing = join(dir, 'ip-racing');
    writeFileSync(
      racing,
      [
        '#!/bin/sh',
        `if [ "$1" = link ] && [ "$2" = del ]; then ${tools.ip} -n ${ns} link del "$3"; fi`,
        `exec ${tools.ip} -n ${ns} "$@"`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
  });

  afterAll(() => {
    if (tools) execFileSync(tools.ip, ['netns', 'del', ns]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('takes an interface that is already gone as removed', async () => {
    // A veth like a lab node's, both ends here: removing one end removes the other.
    execFileSync(tools.ip, [
      '-n',
      ns,
      'link',
      'add',
      'cwtgone',
      'type',
      'veth',
      'peer',
      'cwtgone1',
    ]);
    expect(links()).toContain('cwtgone');
    await deleteBridge({ ...tools, ip: racing }, 'cwtgone');
    expect(links()).not.toContain('cwtgone');
    expect(links()).not.toContain('cwtgone1');
  });

  it('reports a removal that really failed, tries the rest and keeps the lab state', async () => {
    execFileSync(tools.ip, ['-n', ns, 'link', 'add', 'cwtbr', 'type', 'bridge']);
    const stateDir = join(dir, 'lab');
    mkdirSync(stateDir);
    const state: LabState = {
      version: 1,
      cluster: 'teardown',
      stateDir,
      createdAt: '',
      keyPath: '',
      // The kernel refuses to delete a loopback interface: a real failure.
      bridges: [
        { name: 'lo', network: 'a', cidr: '10.9.0.0/24' },
        { name: 'cwtbr', network: 'b', cidr: '10.9.1.0/24' },
      ],
      nodes: [],
      warnings: [],
    };
    const error = await teardownLab({ ...tools, ip: inNs }, state).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^lab "teardown" is not fully down:\n {2}\S+ link del lo failed \(exit 2\): .*not supported\n.*run "clusterwright lab down" again$/,
    );
    // The failure did not stop the rest, and the state stays for another try.
    expect(links()).not.toContain('cwtbr');
    expect(links()).toContain('lo');
    expect(existsSync(stateDir)).toBe(true);
  });
});
