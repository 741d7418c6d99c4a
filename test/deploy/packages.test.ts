import { appendFileSync, chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkPackages,
  installCommand,
  namesFor,
  parsePackageCheck,
  unavailableOn,
} from '../../src/deploy/packages.ts';
import { useSshHosts } from '../support/sshHosts.ts';
import { useTempDir } from '../support/tmp.ts';
import { runTool } from '../support/tools.ts';
import { connectTo } from './connect.ts';

describe('package names and commands per distribution', () => {
  it('spells the packages as each family does, and says which have no package there', () => {
    const debian = [
      'corosync',
      'pacemaker-cli-utils',
      'fence-agents',
      'qemu-system-x86',
      'xen-utils',
    ];
    expect(namesFor('debian', debian)).toEqual(debian);
    expect(namesFor('rpm-dnf', debian)).toEqual([
      'corosync',
      'pacemaker-cli',
      'fence-agents-all',
      'qemu-kvm',
    ]);
    expect(unavailableOn('rpm-dnf', debian)).toEqual(['xen-utils']);
    expect(namesFor('suse', debian)).toEqual([
      'corosync',
      'pacemaker-cli',
      'fence-agents',
      'qemu-kvm',
      'xen-tools',
    ]);
    expect(installCommand('debian', ['pacemaker', 'corosync'])).toBe(
      'apt-get install -y corosync pacemaker',
    );
    expect(installCommand('rpm-dnf', ['pacemaker'])).toBe('dnf install -y pacemaker');
    expect(installCommand('suse', ['pacemaker'])).toBe('zypper install -y pacemaker');
  });

  it('reads what the check printed', () => {
    expect(parsePackageCheck('os rocky rhel centos fedora\npm dnf\nhave corosync\n')).toEqual({
      os: { id: 'rocky', idLike: ['rhel', 'centos', 'fedora'] },
      manager: 'dnf',
      installed: new Set(['corosync']),
    });
    expect(parsePackageCheck('garbage').manager).toBe('none');
    expect(parsePackageCheck('uid 0 root\nos debian\npm dpkg\n').user).toEqual({
      uid: 0,
      name: 'root',
    });
    expect(parsePackageCheck('os debian\npm dpkg\n').user).toBeUndefined();
  });
});

/**
 * A real node: the test host's /var is its own copy, so its dpkg database can lack a package
 * this machine has, and the real dpkg-query on the node sees it missing.
 */
describe('the packages step on a node', () => {
  const hosts = useSshHosts(1, { privateDirs: ['/var'] });
  const tempDir = useTempDir('cw-packages-');

  it('passes when every package is installed, and offers the apt-get command for the missing ones', async () => {
    const installed = runTool('dpkg-query', [
      '-W',
      '-f=${db:Status-Status}\\n',
      'corosync',
      'pacemaker',
    ]);
    expect(
      installed.stdout.trim().split('\n'),
      'this machine needs corosync and pacemaker installed',
    ).toEqual(['installed', 'installed']);
    const host = hosts().host(0);
    const t = await connectTo(host, tempDir());
    try {
      const c = { node: 'n1', transport: t };
      const ok = await checkPackages(c, ['corosync', 'pacemaker']);
      expect(ok).toMatchObject({ step: 'packages', node: 'n1', outcome: 'unchanged' });

      // Take pacemaker out of the node's dpkg database (its own copy of /var).
      const status = host.fileOnHost('/var/lib/dpkg/status');
      const stanzas = readFileSync(status, 'utf8').split('\n\n');
      writeFileSync(status, stanzas.filter((s) => !/^Package: pacemaker$/m.test(s)).join('\n\n'));
      expect(readFileSync('/var/lib/dpkg/status', 'utf8')).toMatch(/^Package: pacemaker$/m);

      const missing = await checkPackages(c, ['corosync', 'pacemaker', 'no-such-package-cw']);
      expect(missing.outcome).toBe('failed');
      expect(missing.fix).toBe('apt-get install -y no-such-package-cw pacemaker');
      expect(missing.detail).toContain(
        'install them with: apt-get install -y no-such-package-cw pacemaker',
      );
    } finally {
      await t.close();
    }
  });
});

describe('the packages step on a node logged into as another user than root', () => {
  const hosts = useSshHosts(1, { privateDirs: ['/etc'] });
  const tempDir = useTempDir('cw-packages-user-');

  it('stops the deploy before any file, saying it needs root and how to get it', async () => {
    const host = hosts().host(0);
    // A user of the host's own /etc only (the overlay keeps it off this machine).
    appendFileSync(host.fileOnHost('/etc/passwd'), 'cwdeploy:x:4242:4242:cw test:/tmp:/bin/sh\n');
    appendFileSync(host.fileOnHost('/etc/group'), 'cwdeploy:x:4242:\n');
    expect(readFileSync('/etc/passwd', 'utf8')).not.toMatch(/^cwdeploy:/m);
    // sshd reads the test set's authorized_keys as that user: let it (public keys only).
    chmodSync(hosts().dir, 0o755);
    chmodSync(join(hosts().dir, 'authorized_keys'), 0o644);
    const t = await connectTo(host, tempDir(), { username: 'cwdeploy' });
    try {
      expect((await t.exec('id -u')).stdout.trim()).toBe('4242');
      const r = await checkPackages({ node: 'n1', transport: t }, ['corosync']);
      expect(r).toMatchObject({ step: 'packages', node: 'n1', outcome: 'failed' });
      expect(r.detail).toMatch(
        /^logged in as cwdeploy \(uid 4242\), but a deploy needs root on the node .* set ssh\.user of node n1 to root/,
      );
    } finally {
      await t.close();
    }
  });
});
