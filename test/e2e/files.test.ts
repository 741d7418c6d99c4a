import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import type { Download, Page } from 'playwright-core';
import { x as untar } from 'tar';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../importers/fixtureFiles.ts';
import { useSshHosts } from '../support/sshHosts.ts';
import { useTempDir } from '../support/tmp.ts';
import { canvasNode, clickToolbar, poll, SCREENSHOTS, useAppPerTest } from './support/app.ts';

const tempDir = useTempDir('cw-e2e-files-');
const openSession = useAppPerTest();

async function openTemplate(page: Page, name: string): Promise<void> {
  await clickToolbar(page, 'toolbar-templates');
  await page.getByTestId(`template-${name}`).click();
  await poll(() => page.getByTestId('problems-count').textContent()).toMatch(/: 0 errors,/);
}

/** Picks an entry of the Export menu and returns the file the browser downloaded. */
async function exportVia(page: Page, item: string): Promise<{ download: Download; file: string }> {
  await page.getByTestId('toolbar-export').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`export-${item}`).click(),
  ]);
  const file = join(tempDir(), download.suggestedFilename());
  await download.saveAs(file);
  return { download, file };
}

describe('file features of the designer in Chromium', () => {
  it('exports the bundle as tar.gz with the DRBD resource and the CIB, and diffs an edit against it', async () => {
    const session = await openSession();
    const { page } = session;
    await openTemplate(page, 'two-node-drbd-kvm');

    const { download, file } = await exportVia(page, 'tar.gz');
    expect(download.suggestedFilename()).toBe('kvm-pair-bundle.tar.gz');
    const out = tempDir();
    await untar({ file, cwd: out });
    const res = readFileSync(
      join(out, 'kvm-pair-bundle/nodes/alpha/etc/drbd.d/vm-web.res'),
      'utf8',
    );
    expect(res).toMatch(/resource "?vm-web"? \{/);
    expect(res).toMatch(/10\.11\.0\.11:7789/);
    expect(res).toMatch(/10\.11\.0\.12:7789/);
    const cib = readFileSync(join(out, 'kvm-pair-bundle/cluster/cib.xml'), 'utf8');
    expect(XMLValidator.validate(cib)).toBe(true);
    expect(cib).toMatch(/<primitive [^>]*type="VirtualDomain"/);
    expect(cib).toMatch(/<primitive [^>]*class="ocf" [^>]*type="drbd"|type="drbd"[^>]*class="ocf"/);
    expect(cib).toMatch(/<node [^>]*uname="alpha"/);
    await poll(() => page.getByTestId('toast').textContent()).toMatch(
      /^exported \d+ files to kvm-pair-bundle\.tar\.gz$/,
    );

    // Right after the export, nothing differs from it.
    await clickToolbar(page, 'toolbar-files');
    await page.getByTestId('files-view-changes').click();
    await poll(() => page.getByTestId('files-diff-summary').textContent()).toMatch(
      /0 changed, 0 added, 0 removed, \d+ unchanged$/,
    );

    // Edit the DRBD port in the inspector: the resource files and the CIB-free rest differ.
    await canvasNode(page, 'vm-web').click();
    await poll(() => page.getByTestId('inspector').getAttribute('data-element')).toBe('vm-web');
    await page.getByTestId('field-port').fill('7790');
    await page.getByTestId('field-port').press('Enter');
    const changed = page.getByTestId('diff-nodes/alpha/etc/drbd.d/vm-web.res');
    await poll(() => changed.getAttribute('data-status')).toBe('changed');
    const patch = (await changed.getByTestId('diff-patch').textContent()) ?? '';
    expect(patch).toMatch(/^--- a\/nodes\/alpha\/etc\/drbd\.d\/vm-web\.res$/m);
    expect(patch).toMatch(/^-.*10\.11\.0\.11:7789/m);
    expect(patch).toMatch(/^\+.*10\.11\.0\.11:7790/m);
    // Highlighted as a diff: the removed and the added line.
    const patchView = changed.getByTestId('diff-patch');
    expect(await patchView.getAttribute('data-language')).toBe('diff');
    expect(await patchView.locator('.hljs-deletion').allTextContents()).toContainEqual(
      expect.stringMatching(/^-.*10\.11\.0\.11:7789/),
    );
    expect(await patchView.locator('.hljs-addition').allTextContents()).toContainEqual(
      expect.stringMatching(/^\+.*10\.11\.0\.11:7790/),
    );
    await poll(() => page.getByTestId('files-diff-summary').textContent()).toMatch(
      /[1-9]\d* changed, 0 added, 0 removed/,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'changes-since-export.png') });

    // A zip export becomes the new base: the diff is empty again.
    const zip = await exportVia(page, 'zip');
    expect(zip.download.suggestedFilename()).toBe('kvm-pair-bundle.zip');
    expect([...readFileSync(zip.file).subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    await poll(() => page.getByTestId('files-diff-summary').textContent()).toMatch(
      /^Since kvm-pair-bundle\.zip .*0 changed, 0 added, 0 removed/,
    );
    expect(session.errors).toEqual([]);
  }, 180_000);

  it('exports the diagram as PNG and as SVG', async () => {
    const session = await openSession();
    const { page } = session;
    await openTemplate(page, 'two-node-drbd-kvm');

    const png = await exportVia(page, 'png');
    expect(png.download.suggestedFilename()).toBe('kvm-pair-diagram.png');
    const bytes = readFileSync(png.file);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    // Drawn at twice the diagram's size; the template spans several cards each way.
    expect(width).toBeGreaterThan(2 * 3 * 180);
    expect(height).toBeGreaterThan(2 * 3 * 64);
    expect(bytes.length).toBeGreaterThan(10_000);

    const svg = await exportVia(page, 'svg');
    expect(svg.download.suggestedFilename()).toBe('kvm-pair-diagram.svg');
    const text = readFileSync(svg.file, 'utf8');
    expect(XMLValidator.validate(text)).toBe(true);
    for (const name of ['alpha', 'beta', 'vm-web', 'web', 'ring0', 'ipmi-alpha'])
      expect(text).toContain(`>${name}</text>`);
    // The PNG is that very picture: same proportions.
    const [, w, h] = /<svg [^>]*width="([\d.]+)" height="([\d.]+)"/.exec(text) ?? [];
    expect(Math.abs(width / height - Number(w) / Number(h))).toBeLessThan(0.01);
    expect(session.errors).toEqual([]);
  }, 180_000);

  it('remembers saved designs in the Recent menu and reopens them', async () => {
    const session = await openSession();
    const { page } = session;
    await openTemplate(page, 'iscsi-storage-xen');
    const file = join(tempDir(), 'san.yaml');
    await clickToolbar(page, 'toolbar-save');
    await page.getByTestId('path-input').fill(file);
    await page.getByTestId('path-ok').click();
    await poll(() => page.getByTestId('toast').textContent()).toBe(`saved to ${file}`);

    await clickToolbar(page, 'toolbar-new');
    await poll(() => page.locator('.react-flow__node').count()).toBe(0);
    await clickToolbar(page, 'toolbar-recent');
    const item = page.locator(`[data-testid="recent-item"][data-path="${file}"]`);
    await poll(() => item.count()).toBe(1);
    await item.click();
    await poll(() => page.getByTestId('toolbar-path').textContent()).toBe(file);
    await poll(() => page.locator('.react-flow__node').count()).toBeGreaterThan(5);
    const recent = JSON.parse(readFileSync(join(session.configDir, 'recent.json'), 'utf8')) as {
      files: { path: string }[];
    };
    expect(recent.files[0]?.path).toBe(file);

    // The Open dialog lists it too.
    await clickToolbar(page, 'toolbar-open');
    await poll(() =>
      page
        .getByTestId('open-dialog')
        .locator(`[data-testid="recent-item"][data-path="${file}"]`)
        .count(),
    ).toBe(1);
    expect(session.errors).toEqual([]);
  }, 180_000);

  it('creates an N+M design with the pattern wizard: valid, laid out, on the canvas', async () => {
    const session = await openSession();
    const { page } = session;
    await clickToolbar(page, 'toolbar-pattern');
    const wizard = page.getByTestId('pattern-wizard');
    await page.getByTestId('pattern-n-plus-1').check();
    // N+1 has one spare, fixed by the pattern.
    expect(await page.getByTestId('pattern-spares').isDisabled()).toBe(true);
    expect(await page.getByTestId('pattern-spares').inputValue()).toBe('1');

    await page.getByTestId('pattern-n-plus-m').check();
    await poll(() => page.getByTestId('pattern-description').textContent()).toMatch(
      /N\+M: N active nodes and M spares that stay free until nodes fail/,
    );
    await page.getByTestId('pattern-nodes').fill('5');
    await page.getByTestId('pattern-spares').fill('5');
    await page.getByTestId('pattern-create').click();
    await poll(() => page.getByTestId('pattern-error').textContent()).toBe(
      'Spares: from 1 to 4, so at least one node stays active',
    );
    await page.getByTestId('pattern-spares').fill('2');
    await page.getByTestId('pattern-vms').fill('6');
    await page.getByTestId('pattern-hypervisor').selectOption('xen');
    await page.getByTestId('pattern-name').fill('web-farm');
    await wizard.screenshot({ path: join(SCREENSHOTS, 'pattern-wizard.png') });
    await page.getByTestId('pattern-create').click();

    await poll(() => wizard.count()).toBe(0);
    for (const n of ['node01', 'node02', 'node03', 'node04', 'node05'])
      await poll(() => canvasNode(page, n).count()).toBe(1);
    await poll(() => page.locator('.react-flow__node[data-id^="vm"]').count()).toBe(6);
    await poll(() => page.getByTestId('problems-count').textContent()).toMatch(/: 0 errors,/);
    expect(await page.locator('[data-testid="problem"].sev-error').count()).toBe(0);
    // Laid out: no two cards on the same spot.
    const cards = await page.locator('.react-flow__node').all();
    const spots = await Promise.all(
      cards.map(async (c) => {
        const box = await c.boundingBox();
        return `${Math.round(box?.x ?? NaN)},${Math.round(box?.y ?? NaN)}`;
      }),
    );
    expect(new Set(spots).size).toBe(cards.length);
    // One undoable step.
    await page.getByTestId('toolbar-undo').click();
    await poll(() => page.locator('.react-flow__node').count()).toBe(0);
    expect(session.errors).toEqual([]);
  }, 180_000);

  it('imports uploaded DRBD, corosync and CIB files onto the canvas and lists the notes', async () => {
    const session = await openSession();
    const { page } = session;
    await clickToolbar(page, 'toolbar-import');
    await page
      .getByTestId('import-files-input')
      .setInputFiles(
        ['vm-web.res', 'corosync.conf', 'cib.xml'].map((f) => join(FIXTURES, 'kvm', f)),
      );
    await poll(() => page.getByTestId('import-file').allTextContents()).toEqual([
      expect.stringContaining('vm-web.res'),
      expect.stringContaining('corosync.conf'),
      expect.stringContaining('cib.xml'),
    ]);
    await page.getByTestId('import-dialog').screenshot({
      path: join(SCREENSHOTS, 'import-dialog.png'),
    });
    await page.getByTestId('import-run').click();

    await poll(() => page.getByTestId('import-dialog').count()).toBe(0);
    for (const name of ['alpha', 'beta', 'vm-web', 'p-vm-web', 'cluster', 'st-alpha'])
      await poll(() => canvasNode(page, name).count()).toBe(1);
    await poll(() =>
      page.locator('.react-flow__node[data-kind], .react-flow__node').count(),
    ).toBeGreaterThan(6);
    const notes = page.getByTestId('import-note');
    await poll(() => notes.count()).toBeGreaterThan(3);
    expect(await notes.allTextContents()).toContainEqual(
      expect.stringContaining('st_pdu (stonith:fence_vmware_soap): fence agent'),
    );
    // A note names its element; a click selects it.
    const drbdNote = page.locator('[data-testid="import-note"][data-element="vm-web"]').first();
    await drbdNote.click();
    await poll(() => page.getByTestId('inspector').getAttribute('data-element')).toBe('vm-web');
    await page.screenshot({ path: join(SCREENSHOTS, 'import-notes.png') });
    expect(session.errors).toEqual([]);
  }, 180_000);

  it('imports paths on the host, naming a path it cannot read', async () => {
    const session = await openSession();
    const { page } = session;
    await clickToolbar(page, 'toolbar-import');
    await page.getByTestId('import-tab-paths').click();
    const missing = join(tempDir(), 'nowhere.res');
    await page.getByTestId('import-paths').fill(missing);
    await page.getByTestId('import-run').click();
    await poll(() => page.getByTestId('import-errors').textContent()).toBe(
      `${missing}: no such file`,
    );
    await page.getByTestId('import-paths').fill(join(FIXTURES, 'cfs'));
    await page.getByTestId('import-run').click();
    await poll(() => page.getByTestId('import-dialog').count()).toBe(0);
    for (const name of ['pcmk-1', 'pcmk-2', 'wwwdata'])
      await poll(() => canvasNode(page, name).count()).toBe(1);
    await poll(() => page.getByTestId('import-notes').textContent()).toContain(
      join(FIXTURES, 'cfs'),
    );
    expect(session.errors).toEqual([]);
  }, 180_000);
});

describe('import from a live node in Chromium', () => {
  const hosts = useSshHosts(1);

  it('asks to confirm an unknown host key by its fingerprint, then reads the node', async () => {
    const session = await openSession();
    const { page } = session;
    const host = hosts().host(0);
    await clickToolbar(page, 'toolbar-import');
    await page.getByTestId('import-tab-ssh').click();
    await page
      .getByTestId('import-ssh-urls')
      .fill(`ssh://${host.username}@${host.address}:${host.port}`);
    await page.getByTestId('import-ssh-identity').fill(host.privateKeyPath);
    await page.getByTestId('import-run').click();
    await poll(() => page.getByTestId('import-host-key-fingerprint').textContent()).toBe(
      host.hostKeyFingerprint(),
    );
    const knownHosts = join(session.configDir, 'known_hosts');
    const known = (): string => {
      try {
        return readFileSync(knownHosts, 'utf8');
      } catch {
        return '';
      }
    };
    // Nothing is trusted before the user says so.
    expect(known()).not.toContain(host.hostKeyFingerprint());

    await page.getByTestId('import-trust').click();
    // The test host shares this machine's /etc, so what it holds varies; the SSH part is what
    // is checked: the connection went through, and the node's files were read or named.
    await poll(
      async () =>
        (await page.getByTestId('import-notes').count()) +
        (await page.getByTestId('import-errors').count()),
    ).toBe(1);
    expect(await page.getByTestId('import-host-keys').count()).toBe(0);
    expect(known()).toContain(`${host.address}:${host.port} ${host.hostKeyFingerprint()}`);
    if ((await page.getByTestId('import-errors').count()) === 1)
      expect(await page.getByTestId('import-errors').textContent()).not.toMatch(
        /cannot connect|host key/,
      );
    else
      expect(await page.getByTestId('import-notes').textContent()).toContain(
        `ssh://${host.username}@${host.address}`,
      );
    expect(session.errors).toEqual([]);
  }, 180_000);
});
