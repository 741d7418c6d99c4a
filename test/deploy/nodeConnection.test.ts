import { describe, expect, it } from 'vitest';
import { HostKeyVerifier } from '../../src/deploy/hostKeys.ts';
import { sshOptionsForNode } from '../../src/deploy/nodeConnection.ts';
import type { ClusterNode } from '../../src/model/types.ts';

const base: ClusterNode = {
  name: 'alpha',
  addresses: {},
  capacity: { cpus: 2, memoryMiB: 2048 },
  hypervisors: [],
  spare: false,
};
const settings = {
  auth: { agent: '/run/agent.sock' },
  hostKeys: new HostKeyVerifier({ knownHostsFile: '/nonexistent/known_hosts' }),
};

describe('sshOptionsForNode', () => {
  it("uses the node's ssh block, or its name as root on port 22", () => {
    expect(sshOptionsForNode(base, settings)).toMatchObject({
      host: 'alpha',
      port: 22,
      username: 'root',
      auth: { agent: '/run/agent.sock' },
    });
    const withSsh = { ...base, ssh: { host: '192.0.2.7', port: 2222, user: 'deploy' } };
    expect(sshOptionsForNode(withSsh, settings)).toMatchObject({
      host: '192.0.2.7',
      port: 2222,
      username: 'deploy',
    });
  });

  it("goes through the node's jump host, with the same credentials and host key checks", () => {
    const node = {
      ...base,
      ssh: {
        host: '10.0.0.5',
        port: 22,
        user: 'root',
        jump: { host: 'bastion', port: 2200, user: 'ops' },
      },
    };
    const options = sshOptionsForNode(node, { ...settings, readyTimeoutMs: 3000 });
    expect(options.jump).toMatchObject({
      host: 'bastion',
      port: 2200,
      username: 'ops',
      readyTimeoutMs: 3000,
    });
    expect(options.jump?.auth).toBe(settings.auth);
    expect(options.jump?.hostKeys).toBe(settings.hostKeys);
    expect(options.jump?.jump).toBeUndefined();
    expect(sshOptionsForNode(base, settings).jump).toBeUndefined();
  });

  it('takes an override jump host for every node, in place of its own', () => {
    const node = {
      ...base,
      ssh: {
        host: '10.0.0.5',
        port: 22,
        user: 'root',
        jump: { host: 'bastion', port: 22, user: 'root' },
      },
    };
    const override = { ...settings, jump: { host: '192.0.2.9' } };
    expect(sshOptionsForNode(node, override).jump).toMatchObject({
      host: '192.0.2.9',
      port: 22,
      username: 'root',
    });
    expect(sshOptionsForNode(base, override).jump).toMatchObject({ host: '192.0.2.9' });
  });
});
