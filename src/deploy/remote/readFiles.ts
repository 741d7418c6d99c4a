import type { Transport } from '../transport/transport.ts';
import { RemoteCommandError } from './remoteError.ts';
import { checkRemotePath } from './remotePath.ts';
import { runScript } from './runScript.ts';

// One line per path: `-` when there is no regular file, else its bytes in base64 (so any
// content, NULs and invalid UTF-8 included, survives the trip and the line split).
const SCRIPT = `
for f do
  if [ -f "$f" ] && [ ! -L "$f" ]; then base64 -w0 < "$f" || exit 10; echo
  else echo -
  fi
done`;

/** Many files' bytes in one round trip, in the order given; undefined where missing. */
export async function readRemoteFiles(
  t: Transport,
  paths: readonly string[],
): Promise<(Buffer | undefined)[]> {
  if (paths.length === 0) return [];
  const r = await runScript(t, 'cw-readall', SCRIPT, paths.map(checkRemotePath));
  if (r.code !== 0)
    throw new RemoteCommandError(t.name, `read ${paths.join(' ')}`, r.code, r.stderr);
  const lines = r.stdout.split('\n').slice(0, -1);
  if (lines.length !== paths.length) {
    throw new RemoteCommandError(t.name, 'read (unexpected output)', r.code, r.stderr);
  }
  return lines.map((l) => (l === '-' ? undefined : Buffer.from(l, 'base64')));
}
