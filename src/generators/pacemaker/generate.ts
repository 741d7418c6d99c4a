import type { Design } from '../../model/types.ts';
import type { BundleFile } from '../bundleFile.ts';
import { renderCib } from './cib.ts';
import { renderCrm } from './crm.ts';
import { pacemakerConfig } from './fromDesign.ts';
import { renderPcs } from './pcs.ts';

/** cluster/cib.xml, cluster/crm.txt and cluster/pcs.sh: one configuration, three dialects. */
export function generatePacemaker(design: Design): BundleFile[] {
  const config = pacemakerConfig(design);
  const element = design.cluster.name;
  return [
    {
      path: 'cluster/cib.xml',
      mode: 0o644,
      content: renderCib(config),
      element,
      kind: 'pacemaker-cib',
    },
    {
      path: 'cluster/crm.txt',
      mode: 0o644,
      content: renderCrm(config),
      element,
      kind: 'pacemaker-crm',
    },
    {
      path: 'cluster/pcs.sh',
      mode: 0o755,
      content: renderPcs(config),
      element,
      kind: 'pacemaker-pcs',
    },
  ];
}
