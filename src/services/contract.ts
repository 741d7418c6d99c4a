import { z } from 'zod';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { Design } from '../model/types.ts';
import type { ImportError, ImportNote } from '../importers/notes.ts';
import { Hypervisor, PatternKind } from '../model/schema.ts';
import { safeName } from '../model/values.ts';
import type { LiveResponses } from './liveContract.ts';
import { liveRequestSchemas } from './liveContract.ts';
import type { LabDeployResponses } from './labDeployContract.ts';
import { labDeployRequestSchemas } from './labDeployContract.ts';
import type { SecretsResponses } from './secretsContract.ts';
import { secretsRequestSchemas } from './secretsContract.ts';

/**
 * The one typed contract between the UI and the backend. Electron's IPC, the web host's
 * WebSocket and the CLI all serve exactly these channels from the same services. Each
 * channel has a request schema (every payload is checked against it on arrival) and a
 * response type; every call returns a promise.
 */
export const requestSchemas = {
  /** Parse and check design text (what the editor holds); returns the model and problems. */
  'design.check': z.strictObject({
    text: z.string().max(16 * 1024 * 1024),
    file: z.string().optional(),
  }),
  /** Check a design already in model form (the canvas' state). */
  'design.validate': z.strictObject({ design: z.unknown() }),
  /** Turn a design into the YAML text a file would hold. */
  'design.serialize': z.strictObject({ design: z.unknown() }),
  'design.open': z.strictObject({ path: z.string().min(1) }),
  'design.save': z.strictObject({ path: z.string().min(1), design: z.unknown() }),
  'templates.list': z.strictObject({}),
  'templates.open': z.strictObject({ name: z.string().regex(/^[a-z0-9-]+$/) }),
  /** Every file the design generates, for the generated files view. */
  'bundle.generate': z.strictObject({ design: z.unknown() }),
  /** The bundle as an archive to save, with the files in it (the generated files view diffs against them). */
  'bundle.export': z.strictObject({ design: z.unknown(), format: z.enum(['tar.gz', 'zip']) }),
  /** Designs opened or saved lately, newest first. */
  'recent.list': z.strictObject({}),
  'patterns.list': z.strictObject({}),
  /** A complete design laid out for a redundancy pattern (the wizard). */
  'patterns.create': z.strictObject({
    pattern: PatternKind,
    nodes: z.number().int().min(2).max(32),
    spares: z.number().int().min(0).max(31).optional(),
    vms: z.number().int().min(1).max(500).optional(),
    hypervisor: Hypervisor.optional(),
    name: safeName.optional(),
  }),
  /** Import configuration files the user uploaded (their texts). */
  'import.texts': z.strictObject({
    files: z
      .array(
        z.strictObject({
          path: z.string().min(1).max(4096),
          content: z.string().max(16 * 1024 * 1024),
        }),
      )
      .min(1)
      .max(2000),
  }),
  /** Import configuration files (or folders) on the machine the backend runs on. */
  'import.paths': z.strictObject({ paths: z.array(z.string().min(1).max(4096)).min(1).max(200) }),
  /**
   * Import live nodes over SSH. A host key nobody knows is refused and returned; the user
   * compares its fingerprint and calls again with it in `trust`.
   */
  'import.ssh': z.strictObject({
    urls: z.array(z.string().min(1).max(300)).min(1).max(32),
    identity: z.string().min(1).max(4096).optional(),
    trust: z
      .array(
        z.strictObject({
          host: z.string().min(1).max(255),
          port: z.number().int().min(1).max(65535),
          fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/=]+$/),
        }),
      )
      .max(32)
      .default([]),
  }),
  ...liveRequestSchemas,
  ...labDeployRequestSchemas,
  ...secretsRequestSchemas,
} as const;

export type Channel = keyof typeof requestSchemas;
export type RequestOf<C extends Channel> = z.input<(typeof requestSchemas)[C]>;

export interface CheckedDesign {
  readonly design?: Design;
  readonly diagnostics: readonly Diagnostic[];
  /** True when there is no design to show: the text is not a design file at all. */
  readonly unreadable: boolean;
  readonly migratedFrom?: number;
}

export interface OpenedDesign extends CheckedDesign {
  readonly path: string;
  readonly text?: string;
  readonly ioError?: string;
}

export interface TemplateInfo {
  readonly name: string;
  readonly title: string;
  readonly description: string;
}

/** One generated file as the generated files view shows it. */
export interface GeneratedFile {
  readonly node?: string;
  readonly path: string;
  /** Where the file sits inside the bundle (`nodes/<node>/<path>` or its own path). */
  readonly bundlePath: string;
  readonly content: string;
  readonly kind: string;
}

export interface GeneratedBundle {
  readonly files: readonly GeneratedFile[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A bundle archive: its bytes in base64 (the channels carry JSON) and the files in it. */
export interface ExportedBundle {
  readonly fileName: string;
  readonly format: 'tar.gz' | 'zip';
  readonly base64: string;
  readonly files: readonly GeneratedFile[];
}

export interface RecentFile {
  readonly path: string;
  readonly at: string;
}

export interface RecentFiles {
  readonly files: readonly RecentFile[];
  /** Why the list could not be read. */
  readonly problem?: string;
}

export interface PatternInfo {
  readonly kind: z.output<typeof PatternKind>;
  readonly description: string;
  /** How many spares the pattern has: none, exactly one, all but one node, or the user's choice. */
  readonly spares: 'none' | 'one' | 'all-but-one' | 'choose';
}

export type { ImportError, ImportNote };

/** A host key a node presented (deploy's PresentedHostKey; the renderer cannot import deploy/). */
export interface PresentedHostKey {
  readonly host: string;
  readonly port: number;
  readonly keyType: string;
  /** `SHA256:…`, as OpenSSH prints it. */
  readonly fingerprint: string;
}

export type ImportResponse =
  | {
      readonly ok: true;
      readonly design: Design;
      /** What the design could not express, never dropped silently. */
      readonly notes: readonly ImportNote[];
      readonly diagnostics: readonly Diagnostic[];
    }
  | {
      readonly ok: false;
      readonly errors: readonly ImportError[];
      /** Host keys seen for the first time and refused: confirm them and import again. */
      readonly unknownHostKeys: readonly PresentedHostKey[];
    };

export interface Responses extends LiveResponses, LabDeployResponses, SecretsResponses {
  'design.check': CheckedDesign;
  'design.validate': CheckedDesign;
  'design.serialize': { readonly text: string };
  'design.open': OpenedDesign;
  'design.save': { readonly path: string };
  'templates.list': readonly TemplateInfo[];
  'templates.open': OpenedDesign;
  'bundle.generate': GeneratedBundle;
  'bundle.export': ExportedBundle;
  'recent.list': RecentFiles;
  'patterns.list': readonly PatternInfo[];
  'patterns.create': CheckedDesign;
  'import.texts': ImportResponse;
  'import.paths': ImportResponse;
  'import.ssh': ImportResponse;
}

export type ResponseOf<C extends Channel> = Responses[C];

/** What the renderer holds as `window.clusterwright`: one function per channel. */
export type ClusterwrightApi = {
  readonly [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>>;
};

export const CHANNELS = Object.keys(requestSchemas) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(requestSchemas, name);
}
