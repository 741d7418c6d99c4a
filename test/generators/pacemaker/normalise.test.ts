import { describe, expect, it } from 'vitest';
import { renderCib } from '../../../src/generators/pacemaker/cib.ts';
import { pacemakerConfig } from '../../../src/generators/pacemaker/fromDesign.ts';
import { normaliseCib } from '../../support/pacemakerOracles.ts';
import { designOf, smallDesignInput } from './smallDesign.ts';

/** The dialect comparison is only as good as the normaliser: it must see real differences. */
describe('normaliseCib', () => {
  const cib = renderCib(pacemakerConfig(designOf(smallDesignInput())));

  it('ignores ids of attribute sets, pairs and ops, order of pairs, defaults and comments', () => {
    const reworded = cib
      .replace(/instance_attributes-/g, 'params-')
      .replace('<op id="vm1-monitor-30s"', '<op id="other"')
      .replace('with-rsc-role="Promoted"', 'with-rsc-role="Promoted" rsc-role="Started"')
      .replace('<resources>', '<resources><!-- a comment -->');
    expect(normaliseCib(reworded)).toEqual(normaliseCib(cib));
  });

  it.each([
    ['a parameter value', 'value="/etc/libvirt/qemu/vm1.xml"', 'value="/etc/libvirt/qemu/vm2.xml"'],
    ['an agent', 'type="VirtualDomain"', 'type="Xen"'],
    ['a role', 'with-rsc-role="Promoted"', 'with-rsc-role="Unpromoted"'],
    ['a score', 'score="50"', 'score="60"'],
    ['an op timeout', 'timeout="240s"', 'timeout="241s"'],
    ['a meta attribute', 'name="promoted-max" value="1"', 'name="promoted-max" value="2"'],
    ['a property', 'value="stop"', 'value="ignore"'],
    ['a description', '<primitive id="vm1"', '<primitive id="vm1" description="x"'],
  ])('sees a changed %s', (_what, from, to) => {
    expect(cib).toContain(from);
    expect(normaliseCib(cib.replace(from, to))).not.toEqual(normaliseCib(cib));
  });
});
