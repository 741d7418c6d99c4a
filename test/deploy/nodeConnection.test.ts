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
});
