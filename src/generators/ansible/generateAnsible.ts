import type { Design } from '../../model/types.ts';
import type { BundleFile } from '../bundleFile.ts';
import { inventoryYaml } from './inventory.ts';
import { siteYaml } from './site.ts';

/** ansible/inventory.yml and ansible/site.yml for the node files of a bundle. */
export function generateAnsible(design: Design, nodeFiles: readonly BundleFile[]): BundleFile[] {
  const common = { mode: 0o644, element: design.cluster.name, kind: 'ansible' as const };
  return [
    { path: 'ansible/inventory.yml', content: inventoryYaml(design, nodeFiles), ...common },
    { path: 'ansible/site.yml', content: siteYaml(design), ...common },
  ];
}
