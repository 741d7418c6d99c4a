import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveStatus } from '../../../src/services/liveContract.ts';
import type { LiveHooks } from '../../../renderer/src/store/livePolling.ts';
import { startPolling, stopPolling } from '../../../renderer/src/store/livePolling.ts';
import { useDesigner } from '../../../renderer/src/store/store.ts';
import { cibNames } from '../../../src/services/cibNames.ts';
import { loadTemplate } from '../../support/designs.ts';

/**
 * The Live poller against a stand-in backend whose answers the test releases one by one (the
 * real backend is exercised by test/e2e/live.test.ts): a slow answer must never lead to a
 * second poll running beside it, and stopping must end the polling.
 */
const design = loadTemplate('three-node-drbd9-openvz');

interface Call {
  readonly request: { designFile: string; lab: boolean; session: string };
  answer(status: LiveStatus): void;
}

const calls: Call[] = [];
let running = 0;
let mostAtOnce = 0;
const stopped: string[] = [];
let backend: LiveHooks['backend'];

function status(dnsOn: string): LiveStatus {
  return {
    report: {
      cluster: 'vz-trio',
      collectedAt: new Date().toISOString(),
      source: 'vz1',
      nodes: ['vz1', 'vz2', 'vz3'].map((name) => ({
        name,
        online: true,
        standby: false,
        unclean: false,
        reachable: true,
      })),
      resources: [{ id: 'dns', role: 'Started', running_on: [dnsOn] }],
      failures: [],
      unreachable: [],
      stonithEnabled: false,
    },
    events: [],
    elements: Object.fromEntries(cibNames(design).elementOf),
    elapsedMs: 1,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  calls.length = 0;
  running = 0;
  mostAtOnce = 0;
  backend = {
    'status.collect': (request: Call['request']) =>
      new Promise<LiveStatus>((resolve) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        calls.push({
          request,
          answer: (s) => {
            running--;
            resolve(s);
          },
        });
      }),
    'status.stop': async ({ session }: { session: string }) => {
      stopped.push(session);
      return { stopped: true };
    },
  };
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Live polling', () => {
  it('polls about every second, never two at once, and stops when told', async () => {
    useDesigner.getState().load(design, '/designs/trio.yaml', 'open');
    useDesigner.getState().setLive({ lab: true });

    expect(startPolling({ backend })).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.request).toMatchObject({ designFile: '/designs/trio.yaml', lab: true });
    const session = calls[0]!.request.session;
    expect(session).toMatch(/^[0-9a-f]{24}$/);

    // A cluster that takes 10 s to answer gets no second poll meanwhile.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
    expect(useDesigner.getState().live.polling).toBe(true);

    calls[0]!.answer(status('vz1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(useDesigner.getState().live.overlay.dns?.on).toEqual(['vz1']);
    // That poll took longer than the interval: the next one starts at once.
    expect(calls).toHaveLength(2);
    expect(useDesigner.getState().live.polling).toBe(true);

    calls[1]!.answer(status('vz2'));
    await vi.advanceTimersByTimeAsync(0);
    expect(useDesigner.getState().live.overlay.dns?.on).toEqual(['vz2']);
    expect(useDesigner.getState().live.polling).toBe(false);
    expect(calls).toHaveLength(2);
    // It answered at once: the next poll waits out the rest of the second.
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    expect(calls[2]!.request.session).toBe(session);
    expect(mostAtOnce).toBe(1);

    // Stop while a poll runs: its late answer is dropped and nothing polls again.
    stopPolling({ backend });
    expect(stopped).toContain(session);
    calls[2]!.answer(status('vz3'));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toHaveLength(3);
    expect(useDesigner.getState().live.on).toBe(false);
    expect(useDesigner.getState().live.overlay).toEqual({});
  });

  it('refuses to start without a design file, saying why', async () => {
    useDesigner.getState().load(design, null, 'new');
    expect(startPolling({ backend })).toBe(false);
    expect(calls).toHaveLength(0);
    expect(useDesigner.getState().toast?.text).toBe(
      'Live reads the cluster of a design file: save the design first',
    );
  });
});
