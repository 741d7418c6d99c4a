import type { PatternInfo, RequestOf } from '../../../src/services/contract.ts';

/** What the pattern wizard's fields hold: text, as the user typed it. */
export interface PatternForm {
  readonly pattern: PatternInfo['kind'];
  readonly nodes: string;
  readonly spares: string;
  /** Empty: the pattern's default (two per active node). */
  readonly vms: string;
  readonly hypervisor: 'kvm' | 'xen' | 'openvz';
  /** Empty: the pattern's own name. */
  readonly name: string;
}

export const DEFAULT_PATTERN_FORM: PatternForm = {
  pattern: 'n-plus-1',
  nodes: '4',
  spares: '2',
  vms: '',
  hypervisor: 'kvm',
  name: '',
};

/** How many spares the pattern will have for this many nodes (what the wizard shows). */
export function sparesOf(rule: PatternInfo['spares'], nodes: number, chosen: number): number {
  switch (rule) {
    case 'none':
      return 0;
    case 'one':
      return 1;
    case 'all-but-one':
      return Math.max(0, nodes - 1);
    case 'choose':
      return chosen;
  }
}

const whole = (text: string): number | undefined =>
  /^\s*\d+\s*$/.test(text) ? Number(text.trim()) : undefined;

/** The patterns.create request, or what to fix in the form first. */
export function patternRequest(
  form: PatternForm,
  rule: PatternInfo['spares'],
): { readonly request: RequestOf<'patterns.create'> } | { readonly error: string } {
  const nodes = whole(form.nodes);
  if (nodes === undefined || nodes < 2 || nodes > 32)
    return { error: 'Nodes: a whole number from 2 to 32' };
  const spares = whole(form.spares);
  if (rule === 'choose' && (spares === undefined || spares < 1 || spares >= nodes))
    return { error: `Spares: from 1 to ${nodes - 1}, so at least one node stays active` };
  const vms = form.vms.trim() === '' ? undefined : whole(form.vms);
  if (form.vms.trim() !== '' && (vms === undefined || vms < 1 || vms > 500))
    return { error: 'VMs: a whole number from 1 to 500, or empty for two per active node' };
  const name = form.name.trim();
  // The model's safe-name rule (src/model/values.ts); the backend checks it again.
  if (name !== '' && !/^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(name))
    return {
      error:
        'Cluster name: 1–63 lower-case letters, digits and "-", starting with a letter and not ending with "-" (or empty)',
    };
  return {
    request: {
      pattern: form.pattern,
      nodes,
      ...(rule === 'choose' && spares !== undefined ? { spares } : {}),
      ...(vms !== undefined ? { vms } : {}),
      hypervisor: form.hypervisor,
      ...(name !== '' ? { name } : {}),
    },
  };
}
