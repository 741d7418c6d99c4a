import type { PatternOptions } from './buildPattern.ts';
import { PATTERN_DESCRIPTIONS } from './buildPattern.ts';

/** The pattern templates in templates/, made by the wizard (scripts/write-pattern-templates.ts). */
export const PATTERN_TEMPLATES: readonly {
  readonly file: string;
  readonly title: string;
  readonly options: PatternOptions;
}[] = [
  {
    file: 'pattern-active-passive',
    title: 'Active/Passive',
    options: { pattern: 'active-passive', nodes: 2, name: 'active-passive' },
  },
  {
    file: 'pattern-active-active',
    title: 'Active/Active',
    options: { pattern: 'active-active', nodes: 2, name: 'active-active' },
  },
  {
    file: 'pattern-n-plus-1',
    title: 'N+1',
    options: { pattern: 'n-plus-1', nodes: 4, name: 'n-plus-1' },
  },
  {
    file: 'pattern-n-plus-m',
    title: 'N+M',
    options: { pattern: 'n-plus-m', nodes: 5, spares: 2, name: 'n-plus-m' },
  },
  {
    file: 'pattern-n-to-1',
    title: 'N-to-1',
    options: { pattern: 'n-to-1', nodes: 4, name: 'n-to-1' },
  },
  {
    file: 'pattern-n-to-n',
    title: 'N-to-N',
    options: { pattern: 'n-to-n', nodes: 3, name: 'n-to-n' },
  },
];

export function patternTemplateHeader(t: (typeof PATTERN_TEMPLATES)[number]): string {
  return [
    `# ${t.title} pattern, ${t.options.nodes} nodes: ${PATTERN_DESCRIPTIONS[t.options.pattern]}.`,
    `# Made by: clusterwright new --pattern ${t.options.pattern} --nodes ${t.options.nodes}${t.options.spares !== undefined ? ` --spares ${t.options.spares}` : ''}`,
    '# yaml-language-server: $schema=../schema/design.schema.json',
    '',
  ].join('\n');
}
