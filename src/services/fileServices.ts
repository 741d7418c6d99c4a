import { join, resolve } from 'node:path';
import { hasErrors } from '../model/diagnostic.ts';
import { checkDesignData } from '../model/designFile.ts';
import type { PresentedHostKey } from '../deploy/hostKeys.ts';
import { bundlePath } from '../generators/bundleFile.ts';
import type { BundleFile } from '../generators/bundleFile.ts';
import type { ImportResult } from '../importers/importFiles.ts';
import { PatternError, buildPatternDesign } from '../patterns/buildPattern.ts';
import { bundleOf } from './bundle.ts';
import type {
  GeneratedFile,
  ImportResponse,
  PatternInfo,
  RequestOf,
  ResponseOf,
} from './contract.ts';
import { archiveBytes, archiveName } from './exportBundle.ts';
import { importConfigPaths, importConfigTexts } from './import.ts';
import { importFromSsh } from './importRemote.ts';
import { PATTERNS } from './patterns.ts';
import { readRecent, recentFilePath, recordRecent, userConfigDir } from './recentFiles.ts';
import { validateDesign } from '../validate/validate.ts';

/** The channels of the designer's file features: export, recent files, patterns, import. */
export type FileChannel =
  | 'bundle.export'
  | 'recent.list'
  | 'patterns.list'
  | 'patterns.create'
  | 'import.texts'
  | 'import.paths'
  | 'import.ssh';

export interface FileServiceOptions {
  /** Where recent.json and known_hosts live; by default $XDG_CONFIG_HOME/clusterwright, read per call. */
  readonly configDir?: string;
}

/** A failure the user can act on; its message reaches the UI as is. */
export class FileServiceError extends Error {}

export function toGeneratedFile(f: BundleFile): GeneratedFile {
  return {
    ...(f.node !== undefined ? { node: f.node } : {}),
    path: f.path,
    bundlePath: bundlePath(f),
    content: f.content,
    kind: f.kind,
  };
}

const SPARES: Readonly<Record<PatternInfo['kind'], PatternInfo['spares']>> = {
  'active-passive': 'all-but-one',
  'active-active': 'none',
  'n-plus-1': 'one',
  'n-plus-m': 'choose',
  'n-to-1': 'one',
  'n-to-n': 'none',
};

function importResponse(
  result: ImportResult,
  unknown: readonly PresentedHostKey[] = [],
): ImportResponse {
  return result.ok
    ? { ok: true, design: result.design, notes: result.notes, diagnostics: result.diagnostics }
    : { ok: false, errors: result.errors, unknownHostKeys: unknown };
}

export function fileHandlers(options: FileServiceOptions = {}): {
  [C in FileChannel]: (req: RequestOf<C>) => Promise<ResponseOf<C>>;
} {
  const configDir = (): string => options.configDir ?? userConfigDir();
  return {
    'bundle.export': async ({ design, format }) => {
      const checked = checkDesignData(design);
      if (!checked.design)
        throw new FileServiceError('the design does not match the schema; fix its problems first');
      const diagnostics = hasErrors(checked.diagnostics)
        ? checked.diagnostics
        : [...checked.diagnostics, ...validateDesign(checked.design)];
      if (hasErrors(diagnostics)) {
        const errors = diagnostics.filter((d) => d.severity === 'error').length;
        throw new FileServiceError(
          `the design has ${errors} error(s); fix the problems listed in the designer, then export`,
        );
      }
      const files = bundleOf(checked.design).files;
      const name = archiveName(checked.design.cluster.name);
      const bytes = await archiveBytes(files, name, format);
      return {
        fileName: `${name}.${format}`,
        format,
        base64: Buffer.from(bytes).toString('base64'),
        files: files.map(toGeneratedFile),
      };
    },
    'recent.list': async () => readRecent(recentFilePath(configDir())),
    'patterns.list': async () => PATTERNS.map((p) => ({ ...p, spares: SPARES[p.kind] })),
    'patterns.create': async (request) => {
      try {
        const design = buildPatternDesign(request);
        return { design, diagnostics: validateDesign(design), unreadable: false };
      } catch (e) {
        if (e instanceof PatternError) throw new FileServiceError(e.message);
        throw e;
      }
    },
    'import.texts': async ({ files }) => importResponse(importConfigTexts(files)),
    'import.paths': async ({ paths }) => importResponse(await importConfigPaths(paths)),
    'import.ssh': async ({ urls, identity, trust }) => {
      const unknown: PresentedHostKey[] = [];
      const result = await importFromSsh(urls, {
        ...(identity !== undefined ? { identity } : {}),
        knownHostsFile: join(configDir(), 'known_hosts'),
        // Only a key the user has compared and confirmed is trusted; others come back to ask.
        confirmHostKey: (key) => {
          const confirmed = (trust ?? []).some(
            (t) => t.host === key.host && t.port === key.port && t.fingerprint === key.fingerprint,
          );
          if (!confirmed) unknown.push(key);
          return confirmed;
        },
      });
      return importResponse(result, unknown);
    },
  };
}

/** Remembers a design the user opened or saved; the list is a convenience, so a failure here never fails the open or save. */
export async function rememberRecent(options: FileServiceOptions, path: string): Promise<void> {
  await recordRecent(recentFilePath(options.configDir ?? userConfigDir()), resolve(path)).catch(
    () => undefined,
  );
}
