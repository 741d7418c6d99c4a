import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDesign, serializeDesign } from '../../../src/model/designFile.ts';
import { designJsonSchema } from '../../../src/model/jsonSchema.ts';
import { templatePathOf } from '../../support/designs.ts';

const base = readFileSync(templatePathOf('two-node-drbd-kvm'), 'utf8');
const ALPHA_SSH = 'ssh: { host: 10.99.0.11 }';

function withAlphaSsh(ssh: string) {
  expect(base).toContain(ALPHA_SSH);
  return parseDesign(base.replace(ALPHA_SSH, `ssh: ${ssh}`), 'jump.yaml');
}

function errorsOf(ssh: string) {
  return withAlphaSsh(ssh).diagnostics.filter((d) => d.severity === 'error');
}

describe("a node's jump host (ssh.jump)", () => {
  it('is optional, with port 22 and user root by default', () => {
    const plain = withAlphaSsh('{ host: 10.99.0.11 }');
    expect(plain.design?.nodes[0]?.ssh).toEqual({ host: '10.99.0.11', port: 22, user: 'root' });

    const jumped = withAlphaSsh('{ host: 10.99.0.11, jump: { host: bastion } }');
    expect(jumped.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(jumped.design?.nodes[0]?.ssh?.jump).toEqual({ host: 'bastion', port: 22, user: 'root' });
  });

  it('takes DNS host names, for the node and for its jump host', () => {
    const named = withAlphaSsh(
      '{ host: alpha.dc1.example.com, jump: { host: bastion.example.com, user: ops } }',
    );
    expect(named.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(named.design?.nodes[0]?.ssh?.host).toBe('alpha.dc1.example.com');
    expect(named.design?.nodes[0]?.ssh?.jump?.host).toBe('bastion.example.com');
  });

  it('keeps its host, port and user through save and load', () => {
    const loaded = withAlphaSsh(
      '{ host: 10.99.0.11, jump: { host: 192.0.2.7, port: 2222, user: ops } }',
    );
    const design = loaded.design;
    expect(design).toBeDefined();
    if (!design) return;
    const text = serializeDesign(design);
    expect(text).toContain('jump:');
    const again = parseDesign(text, 'saved.yaml');
    expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(again.design).toEqual(design);
    expect(again.design?.nodes[0]?.ssh?.jump).toEqual({
      host: '192.0.2.7',
      port: 2222,
      user: 'ops',
    });
  });

  it.each([
    ['a host starting with "-"', '{ host: "-oProxyCommand=touch /tmp/x" }', 'host'],
    ['a host with a space', '{ host: "bastion x" }', 'host'],
    ['a host with an empty label', '{ host: "bastion..example.com" }', 'host'],
    ['a host label ending with "-"', '{ host: "bastion-.example.com" }', 'host'],
    ['a user starting with "-"', '{ host: bastion, user: "-oX" }', 'user'],
    ['a port out of range', '{ host: bastion, port: 70000 }', 'port'],
    ['a missing host', '{ port: 22 }', 'host'],
    ['an unknown key', '{ host: bastion, proxyCommand: nc }', undefined],
  ])('refuses %s, naming the field', (_what, jump, field) => {
    const errors = errorsOf(`{ host: 10.99.0.11, jump: ${jump} }`);
    expect(errors.length, JSON.stringify(errors)).toBeGreaterThan(0);
    const path = errors[0]?.path ?? [];
    expect(path.slice(0, 4)).toEqual(['nodes', 0, 'ssh', 'jump']);
    if (field) expect(path[4]).toBe(field);
    expect(errors[0]?.location?.file).toBe('jump.yaml');
  });

  it('is in the published JSON Schema', () => {
    const text = JSON.stringify(designJsonSchema());
    expect(text).toContain('"jump"');
    const onDisk = JSON.parse(readFileSync('schema/design.schema.json', 'utf8')) as unknown;
    expect(onDisk).toEqual(designJsonSchema());
  });
});
