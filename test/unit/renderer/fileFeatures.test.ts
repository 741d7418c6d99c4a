import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { bundleChanges } from '../../../renderer/src/export/bundleDiff.ts';
import { clip, diagramSvg, escapeXml } from '../../../renderer/src/export/diagramSvg.ts';
import { referencesOf } from '../../../renderer/src/design/references.ts';
import { placedElements } from '../../../renderer/src/design/elements.ts';
import {
  DEFAULT_PATTERN_FORM,
  patternRequest,
  sparesOf,
} from '../../../renderer/src/wizard/patternForm.ts';
import { emptyDesign } from '../../../renderer/src/design/newElement.ts';
import { loadTemplate } from '../../support/designs.ts';

describe('the diagram as SVG', () => {
  const design = loadTemplate('two-node-drbd-kvm');

  it('is well-formed XML with a card per element and a curve per reference', () => {
    const { svg, width, height } = diagramSvg(design, [], 'light');
    expect(XMLValidator.validate(svg)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      svg,
    ) as { svg: { width: string; height: string; g: { class: string; 'data-id': string }[] } };
    expect(Number(parsed.svg.width)).toBe(width);
    expect(Number(parsed.svg.height)).toBe(height);
    const groups = parsed.svg.g;
    expect(groups.filter((g) => g.class === 'element').map((g) => g['data-id'])).toEqual(
      placedElements(design).map((e) => e.name),
    );
    expect(groups.filter((g) => g.class === 'edge')).toHaveLength(referencesOf(design).length);
    for (const name of ['alpha', 'beta', 'vm-web', 'ring0']) expect(svg).toContain(`>${name}<`);
  });

  it('fits every card inside its bounds, with a margin', () => {
    const { svg, width, height } = diagramSvg(design, [], 'dark');
    const rects = [...svg.matchAll(/<rect x="([\d.-]+)" y="([\d.-]+)" width="180" height="64"/g)];
    expect(rects.length).toBe(placedElements(design).length);
    for (const [, x, y] of rects) {
      expect(Number(x)).toBeGreaterThanOrEqual(40);
      expect(Number(y)).toBeGreaterThanOrEqual(40);
      expect(Number(x) + 180).toBeLessThanOrEqual(width - 40 + 0.1);
      expect(Number(y) + 64).toBeLessThanOrEqual(height - 40 + 0.1);
    }
    // Dark theme colours, not light ones.
    expect(svg).toContain('fill="#15171a"');
  });

  it('shows problem badges with their counts', () => {
    const { svg } = diagramSvg(
      design,
      [
        { code: 'x', severity: 'error', elements: ['alpha'], message: 'm', fix: 'f' },
        { code: 'y', severity: 'warning', elements: ['alpha'], message: 'm', fix: 'f' },
      ] as never,
      'light',
    );
    expect(svg).toMatch(/<circle [^>]*fill="#c62828"\/><text [^>]*>2<\/text>/);
  });

  it('is an empty picture for an empty design, still valid', () => {
    const { svg, width, height } = diagramSvg(emptyDesign(), [], 'light');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect([width, height]).toEqual([80, 80]);
  });

  it('escapes text and cuts long lines', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
  });
});

describe('changes since the last export', () => {
  it('lists changed, added and removed files with unified diffs, sorted by path', () => {
    const before = [
      { bundlePath: 'nodes/a/etc/x.conf', content: 'one\ntwo\nthree\n' },
      { bundlePath: 'cluster/cib.xml', content: '<cib/>\n' },
      { bundlePath: 'gone.txt', content: 'bye\n' },
    ];
    const after = [
      { bundlePath: 'nodes/a/etc/x.conf', content: 'one\nTWO\nthree\nfour\n' },
      { bundlePath: 'cluster/cib.xml', content: '<cib/>\n' },
      { bundlePath: 'new.txt', content: 'hi\n' },
    ];
    const { changes, unchanged } = bundleChanges(before, after);
    expect(unchanged).toBe(1);
    expect(changes.map((c) => [c.bundlePath, c.status, c.linesAdded, c.linesRemoved])).toEqual([
      ['gone.txt', 'removed', 0, 1],
      ['new.txt', 'added', 1, 0],
      ['nodes/a/etc/x.conf', 'changed', 2, 1],
    ]);
    expect(changes[2]?.patch).toBe(
      [
        '--- a/nodes/a/etc/x.conf',
        '+++ b/nodes/a/etc/x.conf',
        '@@ -1,3 +1,4 @@',
        ' one',
        '-two',
        '+TWO',
        ' three',
        '+four',
        '',
      ].join('\n'),
    );
    expect(changes[0]?.patch).toMatch(/^--- a\/gone\.txt\n\+\+\+ \/dev\/null\n/);
    expect(changes[1]?.patch).toMatch(/^--- \/dev\/null\n\+\+\+ b\/new\.txt\n/);
  });

  it('has no changes for the same files', () => {
    const files = [{ bundlePath: 'a', content: 'x\n' }];
    expect(bundleChanges(files, [...files])).toEqual({ changes: [], unchanged: 1 });
  });
});

describe('the pattern wizard form', () => {
  it('shows the spares each pattern has', () => {
    expect(sparesOf('none', 6, 3)).toBe(0);
    expect(sparesOf('one', 6, 3)).toBe(1);
    expect(sparesOf('all-but-one', 6, 3)).toBe(5);
    expect(sparesOf('choose', 6, 3)).toBe(3);
  });

  it('sends the spares only where the user chooses them, and the VMs only when given', () => {
    expect(patternRequest({ ...DEFAULT_PATTERN_FORM, pattern: 'n-plus-1' }, 'one')).toEqual({
      request: { pattern: 'n-plus-1', nodes: 4, hypervisor: 'kvm' },
    });
    expect(
      patternRequest(
        {
          ...DEFAULT_PATTERN_FORM,
          pattern: 'n-plus-m',
          nodes: '6',
          spares: '2',
          vms: ' 5 ',
          hypervisor: 'xen',
          name: 'prod-a',
        },
        'choose',
      ),
    ).toEqual({
      request: {
        pattern: 'n-plus-m',
        nodes: 6,
        spares: 2,
        vms: 5,
        hypervisor: 'xen',
        name: 'prod-a',
      },
    });
  });

  it('says what to fix in the form', () => {
    const bad = (change: Partial<typeof DEFAULT_PATTERN_FORM>, rule = 'choose' as const) =>
      patternRequest({ ...DEFAULT_PATTERN_FORM, ...change }, rule);
    expect(bad({ nodes: '1' })).toEqual({ error: 'Nodes: a whole number from 2 to 32' });
    expect(bad({ nodes: '2.5' })).toEqual({ error: 'Nodes: a whole number from 2 to 32' });
    expect(bad({ nodes: '4', spares: '4' })).toEqual({
      error: 'Spares: from 1 to 3, so at least one node stays active',
    });
    expect(bad({ vms: '0' })).toMatchObject({ error: expect.stringMatching(/^VMs:/) });
    expect(bad({ name: 'Prod' })).toMatchObject({
      error: expect.stringMatching(/^Cluster name:/),
    });
    expect(bad({ name: 'prod-' })).toMatchObject({
      error: expect.stringMatching(/^Cluster name:/),
    });
  });
});
