import { describe, expect, it } from 'vitest';
import { renderCib, xmlAttr } from '../../../src/generators/pacemaker/cib.ts';
import type { PacemakerConfig } from '../../../src/generators/pacemaker/config.ts';
import { crmQuote, renderCrm } from '../../../src/generators/pacemaker/crm.ts';
import { generatePacemaker } from '../../../src/generators/pacemaker/generate.ts';
import { renderPcs, shQuote } from '../../../src/generators/pacemaker/pcs.ts';
import { designOf, smallDesignInput } from './smallDesign.ts';

const tiny: PacemakerConfig = {
  clusterName: 'c',
  nodes: [{ id: 1, uname: 'n1', utilization: [{ name: 'cpu', value: '4' }] }],
  properties: [{ name: 'stonith-enabled', value: 'false' }],
  rscDefaults: [{ name: 'resource-stickiness', value: '100' }],
  opDefaults: [],
  resources: [
    {
      kind: 'clone',
      id: 'd_clone',
      promotable: true,
      meta: [{ name: 'promotable', value: 'true' }],
      child: {
        kind: 'primitive',
        id: 'd',
        agent: { class: 'ocf', provider: 'pacemaker', type: 'Stateful' },
        params: [],
        meta: [],
        utilization: [],
        ops: [{ name: 'monitor', interval: '10s', role: 'Promoted' }],
      },
    },
    {
      kind: 'primitive',
      id: 'x',
      agent: { class: 'ocf', provider: 'pacemaker', type: 'Dummy' },
      description: `it's "x" & <y>`,
      params: [{ name: 'fake', value: "a'b" }],
      meta: [],
      utilization: [],
      ops: [],
    },
  ],
  constraints: [
    {
      kind: 'colocation',
      id: 'c1',
      rsc: 'x',
      withRsc: 'd_clone',
      withRscRole: 'Promoted',
      score: 'INFINITY',
    },
    {
      kind: 'order',
      id: 'o1',
      first: 'd_clone',
      firstAction: 'promote',
      then: 'x',
      thenAction: 'start',
      order: 'Mandatory',
    },
    { kind: 'location', id: 'l1', rsc: 'x', node: 'n1', score: '-INFINITY' },
  ],
};

describe('renderers', () => {
  it('writes a CIB', () => {
    expect(renderCib(tiny))
      .toBe(`<cib crm_feature_set="3.16.1" validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0">
  <configuration>
    <crm_config>
      <cluster_property_set id="cib-bootstrap-options">
        <nvpair id="cib-bootstrap-options-stonith-enabled" name="stonith-enabled" value="false"/>
      </cluster_property_set>
    </crm_config>
    <nodes>
      <node id="1" uname="n1">
        <utilization id="nodes-1-utilization">
          <nvpair id="nodes-1-utilization-cpu" name="cpu" value="4"/>
        </utilization>
      </node>
    </nodes>
    <resources>
      <clone id="d_clone">
        <meta_attributes id="d_clone-meta_attributes">
          <nvpair id="d_clone-meta_attributes-promotable" name="promotable" value="true"/>
        </meta_attributes>
        <primitive id="d" class="ocf" provider="pacemaker" type="Stateful">
          <operations>
            <op id="d-monitor-10s" name="monitor" interval="10s" role="Promoted"/>
          </operations>
        </primitive>
      </clone>
      <primitive id="x" class="ocf" provider="pacemaker" type="Dummy" description="it&apos;s &quot;x&quot; &amp; &lt;y&gt;">
        <instance_attributes id="x-instance_attributes">
          <nvpair id="x-instance_attributes-fake" name="fake" value="a&apos;b"/>
        </instance_attributes>
      </primitive>
    </resources>
    <constraints>
      <rsc_colocation id="c1" rsc="x" with-rsc="d_clone" with-rsc-role="Promoted" score="INFINITY"/>
      <rsc_order id="o1" first="d_clone" first-action="promote" then="x" then-action="start" kind="Mandatory"/>
      <rsc_location id="l1" rsc="x" node="n1" score="-INFINITY"/>
    </constraints>
    <rsc_defaults>
      <meta_attributes id="rsc-options">
        <nvpair id="rsc-options-resource-stickiness" name="resource-stickiness" value="100"/>
      </meta_attributes>
    </rsc_defaults>
    <op_defaults/>
  </configuration>
  <status/>
</cib>
`);
  });

  it('writes a crm shell script', () => {
    expect(renderCrm(tiny)).toBe(`node 1: n1 \\
\tutilization cpu="4"
primitive d ocf:pacemaker:Stateful \\
\top monitor interval=10s role=Promoted
clone d_clone d \\
\tmeta promotable="true"
primitive x ocf:pacemaker:Dummy \\
\tdescription="it's \\"x\\" & <y>" \\
\tparams fake="a'b"
colocation c1 inf: x d_clone:Promoted
order o1 Mandatory: d_clone:promote x:start
location l1 x -inf: n1
property cib-bootstrap-options: stonith-enabled="false"
rsc_defaults rsc-options: resource-stickiness="100"
`);
  });

  it('writes a pcs script', () => {
    expect(renderPcs(tiny)).toBe(`#!/bin/sh
# Pacemaker configuration of cluster c, in the pcs dialect.
# Usage: pcs cluster cib cib.xml && sh pcs.sh cib.xml && pcs cluster cib-push cib.xml --config
set -eu
CIB=\${1:?usage: pcs.sh CIB_FILE}

pcs -f "$CIB" property set stonith-enabled=false
CIB_file="$CIB" cibadmin --create --scope nodes --xml-text '<node id="1" uname="n1"/>'
pcs -f "$CIB" node utilization n1 cpu=4
pcs -f "$CIB" resource defaults update resource-stickiness=100

pcs -f "$CIB" resource create d ocf:pacemaker:Stateful op monitor interval=10s role=Promoted --no-default-ops promotable d_clone
pcs -f "$CIB" resource create x ocf:pacemaker:Dummy 'fake=a'\\''b' --no-default-ops
CIB_file="$CIB" cibadmin --modify --xml-text '<primitive id="x" description="it&apos;s &quot;x&quot; &amp; &lt;y&gt;"/>'

pcs -f "$CIB" constraint colocation add x with Promoted d_clone -- INFINITY id=c1
pcs -f "$CIB" constraint order promote d_clone then start x kind=Mandatory id=o1
pcs -f "$CIB" constraint location add l1 x n1 -- -INFINITY
`);
  });

  it('escapes per format and refuses what a format cannot carry', () => {
    expect(xmlAttr('a\tb\nc')).toBe('a&#9;b&#10;c');
    expect(() => xmlAttr('a\u0000b')).toThrow(/XML/);
    expect(crmQuote('back\\slash "q" $x')).toBe('"back\\\\slash \\"q\\" $x"');
    expect(() => crmQuote('two\nlines')).toThrow(/crm shell/);
    // crmsh re-reads its own CIB without escaping backslashes: an odd run before a quote or
    // at the end cannot come back; an even run can.
    expect(crmQuote('a\\\\')).toBe('"a\\\\\\\\"');
    expect(() => crmQuote('ends\\')).toThrow(/crm shell/);
    expect(() => crmQuote('\\"q')).toThrow(/crm shell/);
    expect(() => xmlAttr('é"')).toThrow(/Pacemaker 2\.1\.5/);
    expect(xmlAttr('"é')).toBe('&quot;é');
    expect(shQuote('plain-word')).toBe('plain-word');
    expect(shQuote("it's $(rm -rf /)")).toBe(`'it'\\''s $(rm -rf /)'`);
    expect(shQuote('-leading')).toBe('-leading');
    expect(() => shQuote('a\u0000')).toThrow(/NUL/);
  });

  it('returns three cluster-wide files named for the cluster', () => {
    const files = generatePacemaker(designOf(smallDesignInput()));
    expect(files.map((f) => [f.path, f.kind, f.element, f.node, f.mode])).toEqual([
      ['cluster/cib.xml', 'pacemaker-cib', 'pair', undefined, 0o644],
      ['cluster/crm.txt', 'pacemaker-crm', 'pair', undefined, 0o644],
      ['cluster/pcs.sh', 'pacemaker-pcs', 'pair', undefined, 0o755],
    ]);
  });
});
