import type { Readable, Writable } from 'node:stream';

type Input = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/**
 * Asks for a value without echoing it (a password, a secret). On a terminal it reads keys
 * in raw mode (Enter ends, Backspace erases, Ctrl-C or Ctrl-D gives up); from a pipe it
 * reads one line. Resolves undefined when the user gives up or the input ends.
 */
export function promptHidden(
  question: string,
  input: Input = process.stdin,
  output: Writable = process.stderr,
): Promise<string | undefined> {
  output.write(question);
  return new Promise((resolve) => {
    let value = '';
    const raw = input.isTTY === true && typeof input.setRawMode === 'function';
    const done = (v: string | undefined) => {
      input.off('data', onData);
      input.off('end', onEnd);
      if (raw) input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      resolve(v);
    };
    const onEnd = () => done(value === '' ? undefined : value);
    const onData = (chunk: Buffer | string) => {
      const text = chunk.toString('utf8');
      let i = 0;
      for (const ch of text) {
        i += ch.length;
        if (ch === '\r' || ch === '\n') {
          if (ch === '\r' && text[i] === '\n') i += 1;
          // What follows the line is the next prompt's: hand it back to the stream.
          const rest = text.slice(i);
          done(value);
          if (rest !== '') input.unshift(Buffer.from(rest, 'utf8'));
          return;
        }
        if (raw && (ch === '\u0003' || ch === '\u0004')) return done(undefined);
        if (raw && (ch === '\u007f' || ch === '\b')) value = value.slice(0, -1);
        else value += ch;
      }
    };
    if (raw) input.setRawMode?.(true);
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}
