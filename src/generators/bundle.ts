import type { Design } from '../model/types.ts';
import { generateAnsible } from './ansible/generateAnsible.ts';
import { generateCorosync } from './corosync/generateCorosync.ts';
import { generateDrbd } from './drbd/generateDrbd.ts';
import { generateHypervisors } from './hypervisor/generateHypervisors.ts';
import { generateIscsi } from './iscsi/generateIscsi.ts';
import { generatePacemaker } from './pacemaker/generate.ts';
import type { BundleFile } from './bundleFile.ts';
import { bundlePath } from './bundleFile.ts';
import type { ContentHash } from './manifest.ts';
import { generateManifest } from './manifest.ts';
import { generateReadme } from './readme.ts';

export type TechnologyGenerator = (design: Design) => BundleFile[];

/** Every technology's generator, in the order their files are listed. */
export const TECHNOLOGY_GENERATORS: readonly TechnologyGenerator[] = [
  generateDrbd,
  generateCorosync,
  generateHypervisors,
  generateIscsi,
  generatePacemaker,
];

export interface Bundle {
  readonly files: readonly BundleFile[];
}

/**
 * The whole bundle of a design: every technology's files, the Ansible playbook that applies
 * them, the README and the manifest (which lists all the others). Files are sorted by their
 * path in the bundle so that the same design always gives the same bundle.
 */
export function generateBundle(
  design: Design,
  hash: ContentHash,
  generators: readonly TechnologyGenerator[] = TECHNOLOGY_GENERATORS,
): Bundle {
  const tech = generators.flatMap((g) => g(design));
  // The playbook and README list node files in bundle order too.
  const nodeFiles = tech
    .filter((f) => f.node !== undefined)
    .map((f) => [bundlePath(f), f] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, f]) => f);
  const clusterWide = tech.filter((f) => f.node === undefined);
  const withAnsible = [...nodeFiles, ...clusterWide, ...generateAnsible(design, nodeFiles)];
  const all = [...withAnsible, generateReadme(design, withAnsible)];
  const byPath = new Map<string, BundleFile>();
  for (const file of all) {
    const path = bundlePath(file);
    const other = byPath.get(path);
    if (other)
      throw new Error(
        `two generated files want the same place in the bundle, ${path}: one from "${other.element}" (${other.kind}), one from "${file.element}" (${file.kind}); rename one of the elements`,
      );
    byPath.set(path, file);
  }
  const sorted = [...byPath.keys()].sort().map((p) => byPath.get(p) as BundleFile);
  return { files: [...sorted, generateManifest(design, sorted, hash)] };
}
