import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { parseJumpHost } from '../../../src/services/jumpHost.ts';
import { templatePathOf } from '../../support/designs.ts';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('--jump [user@]host[:port]', () => {
  it('reads a host alone, with a user, with a port', () => {
    expect(parseJumpHost('bastion')).toEqual({ host: 'bastion', port: 22, user: 'root' });
    expect(parseJumpHost('ops@192.0.2.7')).toEqual({ host: '192.0.2.7', port: 22, user: 'ops' });
    expect(parseJumpHost('ops@192.0.2.7:2222')).toEqual({
      host: '192.0.2.7',
      port: 2222,
      user: 'ops',
    });
    expect(parseJumpHost('bastion:2200')).toEqual({ host: 'bastion', port: 2200, user: 'root' });
    expect(parseJumpHost('ops@bastion.example.com:2222')).toEqual({
      host: 'bastion.example.com',
      port: 2222,
      user: 'ops',
    });
  });

  it.each([
    ['-oProxyCommand=touch /tmp/x', /host "-oProxyCommand=touch \/tmp\/x" starts with "-"/],
    ['ops@-x', /host "-x" starts with "-"/],
    ['', /no host/],
    ['ops@', /no host/],
    ['a@b@c', /cannot read it; write it as \[user@\]host\[:port\]/],
    ['bastion:ssh', /port "ssh" is not a number/],
    ['bastion:0', /port 0 is not between 1 and 65535/],
    ['bastion:70000', /port 70000 is not between 1 and 65535/],
    ['-x@bastion', /user "-x" is not a valid Unix user name/],
    ['Bastion.example.com', /host "Bastion.example.com" is not an IPv4 address or a host name/],
    ['bas tion', /host "bas tion" is not an IPv4 address or a host name/],
    ['a..b', /host "a\.\.b" is not an IPv4 address or a host name/],
  ])('refuses "%s" with a clear message', (text, message) => {
    expect(() => parseJumpHost(text)).toThrow(message);
  });

  it.each(['deploy', 'status'])(
    '%s refuses a bad --jump before anything else (exit 2)',
    async (verb) => {
      const r = await run([
        verb,
        templatePathOf('two-node-drbd-kvm'),
        '--jump',
        '-oProxyCommand=x',
      ]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`clusterwright ${verb}: --jump "-oProxyCommand=x": the host`);
      expect(r.err).toContain('starts with "-"');
    },
  );

  it.each(['deploy', 'status'])('%s --help describes --jump', async (verb) => {
    const r = await run([verb, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /--jump <\[user@\]host\[:port\]>\s+reach every node through this jump host/,
    );
  });
});
