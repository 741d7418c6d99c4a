import { nodeHostname } from '../model/elements.ts';
import type { Design } from '../model/types.ts';
import type { BundleFile, FileKind } from './bundleFile.ts';
import { bundlePath } from './bundleFile.ts';

/** How a bundle says it is one: `check` and the writer of a bundle look for these. */
export const MANIFEST_PATH = 'manifest.json';
export const MANIFEST_FORMAT = 'clusterwright-bundle';
export const MANIFEST_VERSION = 1;

/** The hash is injected (node:crypto in services) so that generators stay pure. */
export type ContentHash = (content: string) => string;

export interface ManifestFile {
  readonly bundlePath: string;
  readonly node?: string;
  /** Absolute on the node for node files; the bundle path for cluster-wide files. */
  readonly path: string;
  /** Octal, as chmod and Ansible write it: "0644". */
  readonly mode: string;
  readonly sha256: string;
  readonly element: string;
  readonly kind: FileKind;
}

export interface ManifestNode {
  readonly name: string;
  readonly hostname: string;
  /** Network name → this node's address: tools that must run "as the node" need them local. */
  readonly addresses: Readonly<Record<string, string>>;
  /** This node's address on each corosync link, link 0 first. */
  readonly corosyncAddresses: readonly string[];
}

export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly version: typeof MANIFEST_VERSION;
  readonly cluster: string;
  readonly nodes: readonly ManifestNode[];
  readonly files: readonly ManifestFile[];
}

export function octalMode(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}

export function buildManifest(
  design: Design,
  files: readonly BundleFile[],
  hash: ContentHash,
): Manifest {
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    cluster: design.cluster.name,
    nodes: design.nodes.map((n) => ({
      name: n.name,
      hostname: nodeHostname(n),
      addresses: { ...n.addresses },
      corosyncAddresses: design.cluster.corosync.links.flatMap((net) => {
        const a = n.addresses[net];
        return a === undefined ? [] : [a];
      }),
    })),
    files: files.map((f) => ({
      bundlePath: bundlePath(f),
      ...(f.node === undefined ? {} : { node: f.node }),
      path: f.path,
      mode: octalMode(f.mode),
      sha256: hash(f.content),
      element: f.element,
      kind: f.kind,
    })),
  };
}

/** manifest.json: lists every other file of the bundle. */
export function generateManifest(
  design: Design,
  files: readonly BundleFile[],
  hash: ContentHash,
): BundleFile {
  return {
    path: MANIFEST_PATH,
    mode: 0o644,
    content: `${JSON.stringify(buildManifest(design, files, hash), null, 2)}\n`,
    element: design.cluster.name,
    kind: 'manifest',
  };
}
