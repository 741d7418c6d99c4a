import type { BundleFile } from '../../src/generators/bundleFile.ts';
import { generateCorosync } from '../../src/generators/corosync/generateCorosync.ts';
import { generateDrbd } from '../../src/generators/drbd/generateDrbd.ts';
import { generateHypervisors } from '../../src/generators/hypervisor/generateHypervisors.ts';
import { generateIscsi } from '../../src/generators/iscsi/generateIscsi.ts';
import type { Design } from '../../src/model/types.ts';

/** Every file of the storage, corosync and hypervisor generators for a design. */
export function storageFiles(design: Design): BundleFile[] {
  return [
    ...generateDrbd(design),
    ...generateCorosync(design),
    ...generateHypervisors(design),
    ...generateIscsi(design),
  ];
}
