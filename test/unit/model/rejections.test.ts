import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDesign } from '../../../src/model/designFile.ts';
import { templatePathOf } from '../../support/designs.ts';

const base = readFileSync(templatePathOf('two-node-drbd-kvm'), 'utf8');

function errorsOf(text: string) {
  const result = parseDesign(text, 'broken.yaml');
  return result.diagnostics.filter((d) => d.severity === 'error');
}

describe('a design with a mistake is rejected with the element, field and line', () => {
  it('a dangling reference names the element and the field', () => {
    const errors = errorsOf(base.replace('nodes: [alpha, beta]', 'nodes: [alpha, gamma]'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'ref-dangling',
      elements: ['vm-web'],
      path: ['drbd', 0, 'nodes', 1],
      location: {
        file: 'broken.yaml',
        line: base.split('\n').findIndex((l) => l.includes('nodes: [alpha, beta]')) + 1,
      },
    });
    expect(errors[0]!.message).toContain('"gamma"');
  });

  it('a reference to the wrong kind of element is refused', () => {
    const errors = errorsOf(base.replace('preferredNode: alpha', 'preferredNode: web-ip'));
    expect(errors[0]).toMatchObject({
      code: 'ref-wrong-kind',
      elements: ['web', 'web-ip'],
      path: ['vms', 0, 'preferredNode'],
    });
  });

  it('a duplicate name is refused', () => {
    const errors = errorsOf(base.replace('- name: web-ip', '- name: web'));
    expect(errors.map((e) => e.code)).toContain('name-duplicate');
    const dup = errors.find((e) => e.code === 'name-duplicate')!;
    expect(dup.elements).toEqual(['web']);
    expect(dup.path).toEqual(['floatingIps', 0, 'name']);
    expect(dup.message).toMatch(/virtual machine and a floating IP/);
  });

  it.each([
    ['a quote', "web'x"],
    ['a newline', 'web\\nx'],
    ['a brace', 'web{x}'],
    ['a command substitution', '$(reboot)'],
    ['a leading dash', '-web'],
    ['a semicolon', 'web;reboot'],
    ['an upper-case letter', 'Web'],
  ])('an unsafe name with %s is refused, naming the field', (_what, unsafe) => {
    const errors = errorsOf(base.replace('  - name: web\n', `  - name: "${unsafe}"\n`));
    const bad = errors.find((e) => e.code === 'field-invalid');
    expect(bad, JSON.stringify(errors)).toBeDefined();
    expect(bad!.path).toEqual(['vms', 0, 'name']);
    expect(bad!.message).toMatch(/not a safe name/);
    expect(bad!.location?.line).toBe(base.split('\n').indexOf('  - name: web') + 1);
  });

  it('an unknown field is refused, naming the element and the field', () => {
    const errors = errorsOf(
      base.replace('    vcpus: 4\n', '    vcpus: 4\n    vcpu_pinning: 0-3\n'),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'field-unknown',
      elements: ['web'],
      path: ['vms', 0, 'vcpu_pinning'],
    });
    expect(errors[0]!.location?.line).toBe(base.split('\n').indexOf('    vcpus: 4') + 2);
  });

  it('a missing required field says what to add', () => {
    const errors = errorsOf(base.replace('    memoryMiB: 8192\n', ''));
    expect(errors[0]).toMatchObject({
      code: 'field-missing',
      elements: ['web'],
      path: ['vms', 0, 'memoryMiB'],
    });
    expect(errors[0]!.fix).toContain('memoryMiB');
  });

  it('an address that is not an IPv4 address is refused', () => {
    const errors = errorsOf(base.replace('address: 192.168.50.100', 'address: 192.168.50.300'));
    expect(errors[0]).toMatchObject({
      code: 'field-invalid',
      elements: ['web-ip'],
      path: ['floatingIps', 0, 'address'],
    });
  });

  it('a value with a control character is refused', () => {
    const errors = errorsOf(
      base.replace("username: admin, lanplus: '1'", 'username: "admin\\nstonith-enabled=false"'),
    );
    expect(errors[0]).toMatchObject({
      code: 'field-invalid',
      elements: ['ipmi-alpha'],
      path: ['fencing', 0, 'params', 'username'],
    });
  });

  it('YAML syntax errors are bad input with a line number, not a crash', () => {
    const result = parseDesign('schemaVersion: 2\ncluster: [unclosed\n', 'bad.yaml');
    expect(result.unreadable).toBe(true);
    expect(result.diagnostics[0]).toMatchObject({
      code: 'yaml-syntax',
      location: { file: 'bad.yaml' },
    });
  });

  it('a file from a newer Clusterwright is refused with what to do', () => {
    const result = parseDesign(base.replace('schemaVersion: 2', 'schemaVersion: 99'));
    expect(result.design).toBeUndefined();
    expect(result.diagnostics[0]!.message).toMatch(/newer Clusterwright/);
  });

  it('duplicate YAML keys are refused rather than silently overwritten', () => {
    const result = parseDesign(base.replace('    vcpus: 4\n', '    vcpus: 4\n    vcpus: 8\n'));
    expect(result.design).toBeUndefined();
    expect(result.diagnostics[0]!.code).toBe('yaml-syntax');
  });
});
