import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTool } from '../../support/tools.ts';

/**
 * Runs a generated login script with the real shell, `iscsiadm` replaced by a stub that
 * records its arguments (NUL-separated, one call per line): the shell's own reading of
 * the script, which is what quoting must get right.
 */
export function iscsiadmCalls(dir: string, script: string): string[][] {
  const log = join(dir, 'calls');
  writeFileSync(log, '');
  const stub = join(dir, 'iscsiadm');
  writeFileSync(
    stub,
    `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done >> "$CW_LOG"\nprintf '\\n' >> "$CW_LOG"\n`,
  );
  chmodSync(stub, 0o755);
  const path = join(dir, 'login.sh');
  writeFileSync(path, script, { mode: 0o755 });
  const r = runTool('sh', [path], { env: { PATH: `${dir}:/usr/bin:/bin`, CW_LOG: log } });
  if (r.status !== 0) throw new Error(`login script failed: ${r.stderr}`);
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\0').slice(0, -1));
}
