import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { serializeDesign } from '../../src/model/designFile.ts';
import type { Design } from '../../src/model/types.ts';
import { benchDesign } from '../../bench/generate.ts';
import { loadTemplate } from '../support/designs.ts';
import { useTempDir } from '../support/tmp.ts';
import { clickToolbar, poll, SCREENSHOTS, useAppPerTest } from './support/app.ts';

const tempDir = useTempDir('cw-e2e-highlight-');
const openSession = useAppPerTest();

async function openTemplate(page: Page, name: string): Promise<void> {
  await clickToolbar(page, 'toolbar-templates');
  await page.getByTestId(`template-${name}`).click();
  await poll(() => page.getByTestId('problems-count').textContent()).toMatch(/: 0 errors,/);
}

/** The texts of the highlighted tokens of one scope in the file shown. */
function tokens(page: Page, scope: string): Promise<string[]> {
  return page.getByTestId('file-content').locator(`.hljs-${scope}`).allTextContents();
}

const colourOf = (locator: Locator): Promise<string> =>
  locator.evaluate((el) => getComputedStyle(el).color);

describe('the generated files view in Chromium', () => {
  it('lists the files per node, filters them, and highlights a DRBD resource and the CIB', async () => {
    const session = await openSession();
    const { page } = session;
    await openTemplate(page, 'two-node-drbd-kvm');
    await clickToolbar(page, 'toolbar-files');

    const groups = page.locator('[data-testid^="files-group-"]');
    await poll(async () =>
      Promise.all((await groups.all()).map((g) => g.getAttribute('data-testid'))),
    ).toEqual([
      'files-group-bundle',
      'files-group-cluster',
      'files-group-ansible',
      'files-group-node:alpha',
      'files-group-node:beta',
    ]);
    const alpha = page.getByTestId('files-group-node:alpha');
    expect(await alpha.getByRole('button').allTextContents()).toContain('/etc/drbd.d/vm-web.res');

    // The filter narrows the list to the files whose path holds every word.
    await page.getByTestId('files-filter').fill('alpha .res');
    const listed = page.getByTestId('files-list').getByRole('button');
    await poll(() => listed.allTextContents()).toEqual(['/etc/drbd.d/vm-web.res']);
    await poll(() => page.getByTestId('files-count').textContent()).toMatch(/^1 of \d+ files$/);

    await listed.first().click();
    const content = page.getByTestId('file-content');
    await poll(() => content.getAttribute('data-language')).toBe('drbd');
    expect(await content.getAttribute('data-highlighted')).toBe('yes');
    expect(await tokens(page, 'keyword')).toEqual(
      expect.arrayContaining(['resource', 'net', 'volume', 'on']),
    );
    expect(await tokens(page, 'attr')).toEqual(
      expect.arrayContaining(['protocol', 'address', 'meta-disk']),
    );
    expect(await tokens(page, 'number')).toContain('10.11.0.11:7789');
    expect(await tokens(page, 'string')).toContain('"vm-web"');
    expect(await content.textContent()).toMatch(/resource "vm-web" \{/);
    // The theme colours apply: a keyword is not the colour of plain text.
    const keyword = content.locator('.hljs-keyword').first();
    const lightKeyword = await colourOf(keyword);
    expect(lightKeyword).not.toBe(await colourOf(content));

    await page.getByTestId('files-filter').fill('cib');
    await poll(() => listed.allTextContents()).toEqual(['cib.xml']);
    await listed.first().click();
    await poll(() => content.getAttribute('data-language')).toBe('xml');
    expect(await tokens(page, 'name')).toEqual(
      expect.arrayContaining(['cib', 'primitive', 'rsc_colocation']),
    );
    expect(await tokens(page, 'attr')).toEqual(expect.arrayContaining(['class', 'type']));
    expect(await tokens(page, 'string')).toContain('"VirtualDomain"');

    // Dark theme: the same token in another colour.
    await page.getByTestId('files-filter').fill('');
    await page.getByTestId('file-nodes/alpha/etc/drbd.d/vm-web.res').click();
    await poll(() => content.getAttribute('data-language')).toBe('drbd');
    await clickToolbar(page, 'toolbar-theme');
    await poll(() => page.getByTestId('app').getAttribute('data-theme')).toBe('dark');
    await poll(() => colourOf(content.locator('.hljs-keyword').first())).not.toBe(lightKeyword);
    await clickToolbar(page, 'toolbar-theme');
    await poll(() => page.getByTestId('app').getAttribute('data-theme')).toBe('light');
    await page.screenshot({ path: join(SCREENSHOTS, 'generated-files.png') });
    expect(session.errors).toEqual([]);
  }, 180_000);

  it('shows the 64-node CIB (1.2 MiB) as plain text with a note, and a small file highlighted', async () => {
    const file = join(tempDir(), 'big.yaml');
    writeFileSync(file, serializeDesign(benchDesign(64)));
    const session = await openSession();
    const { page } = session;
    await clickToolbar(page, 'toolbar-open');
    await page.getByTestId('path-input').fill(file);
    await page.getByTestId('path-ok').click();
    await poll(() => page.getByTestId('toolbar-path').textContent()).toBe(file);
    await clickToolbar(page, 'toolbar-files');

    const content = page.getByTestId('file-content');
    await page.getByTestId('file-cluster/cib.xml').click();
    await poll(() => content.getAttribute('data-highlighted')).toBe('no');
    expect(await page.getByTestId('file-content-note').textContent()).toMatch(
      /^1\.\d MiB: shown without highlighting \(the limit is 192 KiB\)\.$/,
    );
    expect(await content.locator('span').count()).toBe(0);
    expect((await content.textContent())?.length).toBeGreaterThan(1_000_000);
    expect(await content.textContent()).toMatch(/^<\?xml|^<cib/);

    // A node's small file next to it is highlighted as usual.
    await page.getByTestId('file-nodes/n63/etc/corosync/corosync.conf').click();
    await poll(() => content.getAttribute('data-language')).toBe('corosync');
    expect(await page.getByTestId('file-content-note').count()).toBe(0);
    expect(session.errors).toEqual([]);
  }, 180_000);

  it('shows free text with markup in it as text, and breaks no CSP rule', async () => {
    const evil = '<script>alert(1)</script> "><img src=x onerror=alert(2)>';
    const template = loadTemplate('two-node-drbd-kvm');
    const design: Design = {
      ...template,
      cluster: { ...template.cluster, description: evil },
      vms: template.vms.map((v) => ({ ...v, description: evil })),
      drbd: template.drbd.map((r) => ({ ...r, description: evil })),
    };
    const file = join(tempDir(), 'evil.yaml');
    writeFileSync(file, serializeDesign(design));

    const session = await openSession();
    const { page } = session;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await clickToolbar(page, 'toolbar-open');
    await page.getByTestId('path-input').fill(file);
    await page.getByTestId('path-ok').click();
    await poll(() => page.getByTestId('toolbar-path').textContent()).toBe(file);
    await clickToolbar(page, 'toolbar-files');

    const content = page.getByTestId('file-content');
    for (const [path, language, shown] of [
      // crm.txt holds the text as it is, the CIB as XML entities, the README escaped for Markdown.
      ['cluster/crm.txt', 'crmsh', '<script>alert(1)</script>'],
      ['cluster/cib.xml', 'xml', '&lt;script&gt;alert(1)&lt;/script&gt;'],
      ['nodes/alpha/etc/libvirt/qemu/web.xml', 'xml', '&lt;img src=x onerror=alert(2)&gt;'],
      ['README.md', 'markdown', 'onerror=alert(2)'],
    ] as const) {
      await page.getByTestId(`file-${path}`).click();
      await poll(() => content.getAttribute('data-language')).toBe(language);
      expect(await content.textContent(), path).toContain(shown);
      expect(await content.locator('script, img, [onerror]').count(), path).toBe(0);
      // Every element inside is highlight.js's: the code element and its spans.
      expect(
        await content.evaluate((el) =>
          [...el.querySelectorAll('*')].every(
            (e) =>
              ['CODE', 'SPAN'].includes(e.tagName) &&
              [...e.attributes].every((a) => a.name === 'class'),
          ),
        ),
        path,
      ).toBe(true);
    }
    expect(dialogs).toEqual([]);
    expect(
      await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    ).toEqual([]);
    expect(session.errors).toEqual([]);
  }, 180_000);
});
