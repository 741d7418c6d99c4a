import { describe, expect, it } from 'vitest';
import { updateField } from '../../../renderer/src/actions/updateField.ts';
import type { Field } from '../../../renderer/src/inspector/fields.ts';
import { FIELDS, fieldId, typedEdit } from '../../../renderer/src/inspector/fields.ts';
import { checkDesignData } from '../../../src/model/designFile.ts';
import type { Design } from '../../../src/model/types.ts';
import { loadTemplate } from '../../support/designs.ts';

type Typed = Extract<Field, { kind: 'text' | 'number' }>;

function field(id: string): Typed {
  const f = FIELDS.nodes.find((x) => fieldId(x.path) === id);
  if (!f || (f.kind !== 'text' && f.kind !== 'number')) throw new Error(`no typed field ${id}`);
  return f;
}

/** Types `text` into a node's field, as the inspector commits it on blur. */
function type(design: Design, node: string, id: string, text: string): Design {
  const edit = typedEdit(field(id), text);
  return updateField.perform(Object.freeze(design), { element: node, ...edit });
}

function modelErrors(design: Design) {
  return checkDesignData(design).diagnostics.filter((d) => d.severity === 'error');
}

describe("the inspector's SSH and jump host fields of a node", () => {
  it('shows the ssh host, port, user and the jump host, port, user', () => {
    const ids = FIELDS.nodes.map((f) => fieldId(f.path));
    for (const id of [
      'ssh.host',
      'ssh.port',
      'ssh.user',
      'ssh.jump.host',
      'ssh.jump.port',
      'ssh.jump.user',
    ])
      expect(ids).toContain(id);
  });

  it('adds a jump host, changes its port and user, and removes it when its host is emptied', () => {
    let d = loadTemplate('two-node-drbd-kvm');
    d = type(d, 'alpha', 'ssh.jump.host', '192.0.2.7');
    expect(modelErrors(d)).toEqual([]);
    expect(checkDesignData(d).design?.nodes[0]?.ssh?.jump).toEqual({
      host: '192.0.2.7',
      port: 22,
      user: 'root',
    });
    d = type(d, 'alpha', 'ssh.jump.port', '2222');
    d = type(d, 'alpha', 'ssh.jump.user', 'ops');
    expect(d.nodes[0]?.ssh?.jump).toEqual({ host: '192.0.2.7', port: 2222, user: 'ops' });
    expect(modelErrors(d)).toEqual([]);

    d = type(d, 'alpha', 'ssh.jump.host', '');
    expect(d.nodes[0]?.ssh).toEqual({ host: '10.99.0.11', port: 22, user: 'root' });
    expect(modelErrors(d)).toEqual([]);
  });

  it('keeps a bad jump host as typed so validation names the field', () => {
    const d = type(loadTemplate('two-node-drbd-kvm'), 'beta', 'ssh.jump.host', '-oProxyCommand=x');
    const errors = modelErrors(d);
    expect(errors[0]?.path).toEqual(['nodes', 1, 'ssh', 'jump', 'host']);
    expect(errors[0]?.message).toMatch(/not an IPv4 address or a host name/);
  });

  it('an emptied ssh host removes the ssh block; an emptied port goes back to 22', () => {
    let d = loadTemplate('two-node-drbd-kvm');
    d = type(d, 'alpha', 'ssh.port', '2200');
    expect(d.nodes[0]?.ssh?.port).toBe(2200);
    d = type(d, 'alpha', 'ssh.port', '');
    expect(checkDesignData(d).design?.nodes[0]?.ssh?.port).toBe(22);
    d = type(d, 'alpha', 'ssh.host', '');
    expect(d.nodes[0]?.ssh).toBeUndefined();
  });
});
