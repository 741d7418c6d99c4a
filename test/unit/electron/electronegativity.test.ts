import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requireRoot, requireTool } from '../../support/tools.ts';
import { useTempDir } from '../../support/tmp.ts';

const ELECTRON_DIR = fileURLToPath(new URL('../../../electron/', import.meta.url));
const SCANNER = fileURLToPath(
  new URL('../../../node_modules/@doyensec/electronegativity', import.meta.url),
);
const tempDir = useTempDir('cw-eneg-');

interface Finding {
  readonly id: string;
  readonly severity: string;
  readonly file: string;
}

/**
 * Runs electronegativity on a folder. It always tries to fetch translations and Electron's
 * release list from the internet, so it runs in a network namespace of its own with no
 * network: nothing leaves this machine. The release check, which needs the list, is left out.
 */
function scan(input: string): Finding[] {
  const unshare = requireTool('unshare', 'util-linux');
  requireRoot('electronegativity runs in a network namespace of its own (unshare --net)');
  const script = `
    const run = require(${JSON.stringify(SCANNER)});
    run({ input: ${JSON.stringify(input)}, electronVersionOverride: '45.5.0',
          excludeFromScan: ['AvailableSecurityFixesGlobalCheck'] }).then((r) => {
      if (r.errors.length > 0) throw new Error('could not parse: ' + JSON.stringify(r.errors));
      console.log('@@' + JSON.stringify(r.issues.map((i) => ({
        id: i.id, severity: i.severity.name, file: i.file }))));
    });`;
  const run = spawnSync(unshare, ['--net', process.execPath, '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('@@'));
  if (run.status !== 0 || line === undefined)
    throw new Error(`electronegativity failed (${run.status}): ${run.stderr}${run.stdout}`);
  return JSON.parse(line.slice(2)) as Finding[];
}

describe('electronegativity', () => {
  it('finds no high-severity problem in electron/', () => {
    const findings = scan(ELECTRON_DIR);
    expect(findings.filter((f) => f.severity === 'HIGH')).toEqual([]);
    // It did read our window code: the preload is flagged for manual review.
    expect(findings.map((f) => f.id)).toContain('PRELOAD_JS_CHECK');
  });

  it('does find the high-severity problems of an insecure window, so the scan is real', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'main.ts'),
      `import { BrowserWindow } from 'electron';\n` +
        `new BrowserWindow({ webPreferences: { contextIsolation: false, nodeIntegration: true } });\n`,
    );
    const high = scan(dir).filter((f) => f.severity === 'HIGH');
    expect(high.map((f) => f.id)).toEqual(
      expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']),
    );
  });
});
