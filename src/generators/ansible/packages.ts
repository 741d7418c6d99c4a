import type { ClusterNode, Design } from '../../model/types.ts';
import type { BundleFile, FileKind } from '../bundleFile.ts';
import { lookup } from '../lookup.ts';

/** Debian packages every cluster node needs, whatever it runs. */
const CLUSTER_PACKAGES = [
  'corosync',
  'pacemaker',
  'pacemaker-cli-utils',
  'resource-agents',
  'fence-agents',
];

/**
 * Debian packages the files of a kind need on the node. OpenVZ and IET have no Debian 12
 * package: the README says so, and the playbook installs nothing for them.
 */
const PACKAGES_BY_KIND: Partial<Record<FileKind, readonly string[]>> = {
  drbd: ['drbd-utils'],
  libvirt: ['libvirt-daemon-system', 'libvirt-clients'],
  'xen-xl': ['xen-utils'],
  'iscsi-tgt': ['tgt'],
  'iscsi-lio': ['targetcli-fb'],
  'iscsi-initiator': ['open-iscsi'],
};

const PACKAGES_BY_HYPERVISOR: Record<ClusterNode['hypervisors'][number], readonly string[]> = {
  kvm: ['qemu-system-x86'],
  xen: ['xen-system-amd64'],
  openvz: [],
};

/** What `apt` installs on a node, sorted so the playbook reads the same every time. */
export function nodePackages(
  design: Design,
  node: ClusterNode,
  files: readonly BundleFile[],
): string[] {
  const wanted = new Set(CLUSTER_PACKAGES);
  // From the design as well as the files: the node runs drbdadm and iscsiadm in bring-up.
  if (lookup(design).drbdOfNode.has(node.name)) wanted.add('drbd-utils');
  if (design.iscsiInitiators.some((i) => i.node === node.name)) wanted.add('open-iscsi');
  for (const f of files) for (const p of PACKAGES_BY_KIND[f.kind] ?? []) wanted.add(p);
  for (const h of node.hypervisors) for (const p of PACKAGES_BY_HYPERVISOR[h]) wanted.add(p);
  return [...wanted].sort();
}
