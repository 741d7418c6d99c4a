import { z } from 'zod';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { Design } from '../model/types.ts';
import type { LabDeployResponses } from './labDeployContract.ts';
import { labDeployRequestSchemas } from './labDeployContract.ts';

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
  ...labDeployRequestSchemas,
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

export interface Responses extends LabDeployResponses {
  'design.check': CheckedDesign;
  'design.validate': CheckedDesign;
  'design.serialize': { readonly text: string };
  'design.open': OpenedDesign;
  'design.save': { readonly path: string };
  'templates.list': readonly TemplateInfo[];
  'templates.open': OpenedDesign;
  'bundle.generate': GeneratedBundle;
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
