import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHostName, command, rawShell, sh, shellQuote } from '../../src/deploy/quote.ts';
import { LocalTransport } from '../../src/deploy/transport/localTransport.ts';
import type { Transport } from '../../src/deploy/transport/transport.ts';
import { useSshHosts } from '../support/sshHosts.ts';
import { useTempDir } from '../support/tmp.ts';
import { connectTo } from './connect.ts';

/** Strings built to break quoting: quotes, substitutions, newlines, options, unicode. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc
    .array(
      fc.constantFrom(
        "'",
        '"',
        '\\',
        '$(id)',
        '`id`',
        '${HOME}',
        '$',
        '\n',
        '\r',
        '\t',
        ' ',
        '-',
        '--',
        '-n',
        '*',
        '?',
        '[',
        '!',
        ';',
        '|',
        '&',
        '>',
        '#',
        '~',
        '%s',
        '%%',
        'é',
        '日本',
        '🙂',
        '\u200b',
        'a',
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join('')),
);
const arg = nasty.filter((s) => !s.includes('\0'));

/**
 * Each run sends a batch of strings in one command, NUL-separated on the way back (a
 * NUL can never be inside an argument), so hundreds of strings cost tens of round trips.
 */
async function roundTrips(t: Transport, runs: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(arg, { minLength: 1, maxLength: 24 }), async (batch) => {
      const script = batch.map((s) => `printf %s ${shellQuote(s)}; printf '\\0'`).join('; ');
      const r = await t.exec(script);
      expect(r.stderr).toBe('');
      expect(r.stdout.split('\0').slice(0, -1)).toEqual(batch);
    }),
    { numRuns: runs },
  );
}

describe('shellQuote', () => {
  it('single-quotes, escaping quotes as the shell needs', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('$(reboot)')).toBe("'$(reboot)'");
    expect(shellQuote('/etc/drbd.d/r0.res')).toBe('/etc/drbd.d/r0.res');
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });

  it('quotes every word of a command and every value of sh``', () => {
    expect(command(['rm', '-f', '--', 'a b', "c'd"])).toBe(`rm -f -- 'a b' 'c'\\''d'`);
    const files = ['x y', 'z'];
    const inner = sh`cat -- ${files}`;
    expect(sh`${inner} ${rawShell('|')} wc -c > ${'/tmp/o ut'}`.shell).toBe(
      `cat -- 'x y' z | wc -c > '/tmp/o ut'`,
    );
  });

  it('survives a local shell for random strings', async () => {
    await roundTrips(new LocalTransport(), 30);
  });
});

describe('shellQuote over SSH', () => {
  const hosts = useSshHosts(1);
  const tempDir = useTempDir('cw-quote-');

  it('remote printf %s of the quoted string returns it exactly', async () => {
    const t = await connectTo(hosts().host(0), tempDir());
    try {
      await roundTrips(t, 40);
    } finally {
      await t.close();
    }
  });
});

describe('checkHostName', () => {
  it('refuses names that would read as options or carry control characters', () => {
    expect(checkHostName('node-1.example')).toBe('node-1.example');
    expect(() => checkHostName('-oProxyCommand=x')).toThrow(/cannot start with "-"/);
    expect(() => checkHostName('a b')).toThrow(/whitespace/);
    expect(() => checkHostName('a\nb')).toThrow(/control/);
    expect(() => checkHostName('')).toThrow(/empty/);
  });
});
