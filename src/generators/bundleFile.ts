/**
 * What every generator returns: files as data. Generators see no filesystem; writing the
 * bundle to disk, an archive or a node is someone else's job.
 */
export type FileKind =
  | 'drbd'
  | 'corosync'
  | 'pacemaker-cib'
  | 'pacemaker-crm'
  | 'pacemaker-pcs'
  | 'libvirt'
  | 'xen-xl'
  | 'openvz'
  | 'iscsi-lio'
  | 'iscsi-tgt'
  | 'iscsi-iet'
  | 'iscsi-initiator'
  | 'ansible'
  | 'manifest'
  | 'readme';

export interface BundleFile {
  /** The node the file belongs on; absent for cluster-wide files (cluster/, ansible/, README). */
  readonly node?: string;
  /**
   * For node files: the absolute path on that node (`/etc/drbd.d/r0.res`).
   * For cluster-wide files: the path inside the bundle (`cluster/cib.xml`).
   */
  readonly path: string;
  readonly mode: number;
  readonly content: string;
  /** The design element that produced the file (its name), or the cluster's name. */
  readonly element: string;
  readonly kind: FileKind;
}

/** Where a file sits inside the bundle: `nodes/<node>/<absolute path>` or its own path. */
export function bundlePath(file: Pick<BundleFile, 'node' | 'path'>): string {
  return file.node === undefined ? file.path : `nodes/${file.node}${file.path}`;
}

/**
 * Secrets (CHAP, IPMI passwords) never live in the design or the bundle. A file that needs
 * one holds this placeholder; deploy replaces it on the node with the secret from the
 * keyring. Fence agents instead get `password_script` pointing at SECRET_DIR.
 */
export function secretPlaceholder(name: string): string {
  return `${SECRET_MARK}${name}@@`;
}

/** How every placeholder starts: a plain search for it skips most files quickly. */
export const SECRET_MARK = '@@CW_SECRET:';

export const SECRET_PLACEHOLDER = /@@CW_SECRET:([a-z][a-z0-9-]*)@@/g;

/** Where deploy puts secret files on a node (mode 0600, owned by root). */
export const SECRET_DIR = '/etc/clusterwright/secrets';
