import fc from 'fast-check';
import type { DesignInput } from '../../../src/model/types.ts';

/** Pieces that break naive quoting in XML, the crm shell, POSIX sh or pcs's own parsing. */
const NASTY = [
  '"',
  "'",
  '\\',
  '\\"',
  '$(id)',
  '`id`',
  '${HOME}',
  ';',
  '&&',
  '|',
  '{',
  '}',
  '#',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u007f',
  '-',
  '--force',
  '=',
  ' op monitor ',
  ' meta ',
  '&amp;',
  '&#10;',
  '<x a="b">',
  ']]>',
  '<!--',
  'é',
  '☃',
  '𝄞',
  '\u2028',
  '\ufeff',
  'x'.repeat(130),
];

export const nastyValue: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'grapheme', maxLength: 8 })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => parts.join(''));

export interface InjectedService {
  readonly name: string;
  readonly value: string;
  readonly description: string;
}

/** A one-node lab design whose services carry the given values as a parameter and description. */
export function designWithServices(services: readonly InjectedService[]): DesignInput {
  return {
    schemaVersion: 2,
    cluster: {
      name: 'inject',
      lab: true,
      corosync: { links: ['ring0'] },
      pacemaker: { stonithEnabled: false },
    },
    networks: [{ name: 'ring0', cidr: '10.0.0.0/24', role: 'cluster' }],
    nodes: [
      { name: 'n1', addresses: { ring0: '10.0.0.1' }, capacity: { cpus: 1, memoryMiB: 512 } },
    ],
    services: services.map((s) => ({
      name: s.name,
      description: s.description,
      agent: { class: 'ocf', provider: 'acme', type: 'thing' },
      params: { value: s.value },
    })),
  };
}
