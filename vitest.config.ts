import { defineConfig } from 'vitest/config';

/**
 * Tests that start lab clusters (or drive them from the browser) share this machine's
 * network namespaces, bridges and the lab folder, and several use the same template's
 * addresses: they run one file at a time, after everything else.
 */
const CLUSTER_TESTS = [
  'test/lab/**/*.test.ts',
  'test/e2e/**/*.test.ts',
  'test/monitor/labMonitor.test.ts',
  'test/deploy/deployAcceptance.test.ts',
  'test/**/*.lab.test.ts',
];

export default defineConfig({
  test: {
    // Oracle, SSH and lab tests start real processes; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'tools',
          include: ['test/**/*.test.ts'],
          exclude: CLUSTER_TESTS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'cluster',
          include: CLUSTER_TESTS,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
