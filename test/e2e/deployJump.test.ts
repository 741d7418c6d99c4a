import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeDesign } from '../../src/model/designFile.ts';
import type { Design } from '../../src/model/types.ts';
import { useSshHosts } from '../support/sshHosts.ts';
import type { Session } from './support/app.ts';
import { buildRenderer, clickToolbar, openApp } from './support/app.ts';
import { pairWithoutVm } from './support/pairDesign.ts';

/**
 * The designer with nodes behind a jump host: the inspector shows the node's jump host, and
 * the deploy dialog shows the jump host's key first, then (logged in to it with the password
 * typed in the dialog) the nodes' keys, then the plan. Host 0 is the jump host; hosts 1 and
 * 2 are the nodes, which cannot be reached from this machine except through it.
 */
const NODES = ['alpha', 'beta'] as const;
const SECRETS = { 'ipmi-alpha': 'jump-ipmi-1', 'ipmi-beta': 'jump-ipmi-2' } as const;

const hosts = useSshHosts(3, { privateDirs: ['/etc', '/var', '/run'] });
let root = '';
let work = '';
let session: Session | undefined;

const poll = <T>(read: () => T | Promise<T>, timeout = 120_000) =>
  expect.poll(read, { timeout, interval: 250 });

function designBehindJump(): Design {
  const jump = hosts().host(0);
  return pairWithoutVm('e2e-jump', (i) => ({
    host: hosts().host(i + 1).address,
    port: 22,
    user: 'root',
    jump: { host: jump.address, port: jump.port, user: 'root' },
  }));
}

beforeAll(async () => {
  // The nodes' replies to this machine go nowhere: only the jump host reaches them.
  for (const h of [hosts().host(1), hosts().host(2)]) {
    const bridge = h.address.replace(/\.\d+$/, '.1');
    execFileSync('ip', [
      'netns',
      'exec',
      h.netns,
      'ip',
      'route',
      'add',
      'blackhole',
      `${bridge}/32`,
    ]);
  }
  root = await buildRenderer();
  work = mkdtempSync(join(tmpdir(), 'cw-e2e-jump-'));
});

afterAll(async () => {
  await session?.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('nodes behind a jump host, from the designer', () => {
  it('shows the jump host in the inspector; the dialog confirms its key, then the nodes', async () => {
    const design = designBehindJump();
    const jump = hosts().host(0);
    const file = join(work, 'jump.yaml');
    writeFileSync(file, serializeDesign(design));
    session = await openApp(root);
    const { page } = session;

    await clickToolbar(page, 'toolbar-open');
    await page.getByTestId('path-input').fill(file);
    await page.getByTestId('path-ok').click();
    await poll(() => page.locator('.react-flow__node[data-id="alpha"]').count()).toBe(1);
    await poll(() => page.getByTestId('problems-count').textContent()).toMatch(/: 0 errors,/);

    await page.locator('.react-flow__node[data-id="alpha"]').click();
    await poll(() => page.getByTestId('inspector').getAttribute('data-element')).toBe('alpha');
    expect(await page.getByTestId('field-ssh.host').inputValue()).toBe(hosts().host(1).address);
    expect(await page.getByTestId('field-ssh.jump.host').inputValue()).toBe(jump.address);
    expect(await page.getByTestId('field-ssh.jump.port').inputValue()).toBe('22');
    expect(await page.getByTestId('field-ssh.jump.user').inputValue()).toBe('root');

    await page.getByTestId('toolbar-deploy').click();
    const dialog = page.getByTestId('deploy-dialog');
    // The jump host's key first, once for both nodes; the nodes' keys are not read yet.
    await poll(() => dialog.getByTestId('deploy-hostkeys').count()).toBe(1);
    const jumpRow = dialog.getByTestId(`deploy-hostkey-${jump.address}`);
    expect(await jumpRow.getAttribute('data-state')).toBe('unknown');
    expect(await jumpRow.locator('.fingerprint').textContent()).toBe(jump.hostKeyFingerprint());
    expect(await jumpRow.textContent()).toMatch(/jump host .*for alpha, beta/);
    for (const n of NODES) expect(await dialog.getByTestId(`deploy-hostkey-${n}`).count()).toBe(0);

    // The password typed here logs in to the jump host to read the nodes' keys.
    await dialog.getByTestId('deploy-password').fill(hosts().password);
    await dialog.getByTestId(`deploy-trust-${jump.address}`).click();
    for (const [i, n] of NODES.entries()) {
      const row = dialog.getByTestId(`deploy-hostkey-${n}`);
      await poll(() => row.count()).toBe(1);
      expect(await row.getAttribute('data-state')).toBe('unknown');
      expect(await row.locator('.fingerprint').textContent()).toBe(
        hosts()
          .host(i + 1)
          .hostKeyFingerprint(),
      );
    }
    for (const n of NODES) await dialog.getByTestId(`deploy-trust-${n}`).click();
    await poll(() => dialog.getByTestId('deploy-error').textContent()).toMatch(
      /secrets not provided: ipmi-alpha, ipmi-beta/,
    );
    for (const [name, value] of Object.entries(SECRETS)) {
      await dialog.getByTestId(`deploy-secret-value-${name}`).fill(value);
      await dialog.getByTestId(`deploy-secret-set-${name}`).click();
    }
    // Then the dry run, per node, over connections through the jump host.
    for (const n of NODES)
      await poll(() =>
        dialog.getByTestId(`deploy-plan-node-${n}`).getByTestId('deploy-plan-summary').count(),
      ).toBe(1);
    expect(await dialog.getByTestId('deploy-apply').isEnabled()).toBe(true);
  });
});
