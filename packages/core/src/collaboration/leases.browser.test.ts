// Monitoring lease renewals on the wall clock, in Chromium. A timer set from a timer's callback is
// nested in it; Chromium holds a hidden page's timers nested five deep or more to one wake-up a
// minute (intensive wake-up throttling), which would let a 30 s lease lapse while the supervisor
// works in another tab. A headless page cannot be hidden, but the same nesting level also decides
// the 4 ms clamp on zero-delay timers, which any page shows: three zero-delay timers chained from
// a renewal take at least 12 ms when the renewal runs five deep, and a fraction of one otherwise.
import { expect, waitUntil } from '@open-wc/testing';
import { createFloorwalk, type Adapter, type AdapterSink, type Command, type SnapshotEvent } from '@floorwalk/core';

const T0 = Date.now();

/** Three zero-delay timers in a chain, started where it is called; resolves with their time. */
const zeroDelayChain = (): Promise<number> =>
  new Promise((resolve) => {
    const start = performance.now();
    let left = 3;
    const step = (): void => {
      if (--left === 0) resolve(performance.now() - start);
      else setTimeout(step, 0);
    };
    setTimeout(step, 0);
  });

function vendor(probes: Promise<number>[]): { adapter: Adapter; sink: () => AdapterSink } {
  let sink: AdapterSink | null = null;
  const snapshot: SnapshotEvent = {
    type: 'snapshot',
    id: 'snap-1',
    at: T0,
    source: 'lease-vendor',
    scope: { kind: 'all' },
    teams: [{ id: 't1', name: 'Team 1', supervisorIds: ['sup-1'] }],
    agents: [{ id: 'a1', name: 'Ada', teamIds: ['t1'], queueIds: [], presence: { state: 'available', since: T0 } }],
    interactions: [],
  };
  const adapter: Adapter = {
    id: 'lease-vendor',
    capabilities: { channels: ['voice'], commands: ['start-monitoring', 'renew-monitoring'], monitoringModes: ['listen'] },
    async connect(s) {
      sink = s;
      s.status('live');
    },
    snapshot: async () => snapshot,
    execute: async (command: Command) => {
      if (command.type === 'renew-monitoring') probes.push(zeroDelayChain());
    },
    async disconnect() {
      sink = null;
    },
  };
  return {
    adapter,
    sink: () => {
      if (sink === null) throw new Error('not connected');
      return sink;
    },
  };
}

describe('monitoring lease renewals', () => {
  it('are never timers nested in the renewal before, so a hidden tab still renews on time', async () => {
    const probes: Promise<number>[] = [];
    const { adapter, sink } = vendor(probes);
    // A renewal every 250 ms (a third of the lease).
    const client = createFloorwalk({ adapter, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] }, policy: { monitoringLeaseMs: 750 } });
    await client.connect();
    sink().events([
      {
        type: 'monitoring',
        id: 'mon-1',
        at: Date.now(),
        source: 'lease-vendor',
        session: { id: 'm1', mode: 'listen', supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: Date.now() },
      },
    ]);
    await waitUntil(() => probes.length >= 8, 'eight renewals', { timeout: 5_000, interval: 50 });
    await client.disconnect();
    const times = await Promise.all(probes.slice(0, 8));
    // From the sixth renewal on, a chain of renewal timers would be five deep: every probe there
    // would take 12 ms or more.
    const late = times.slice(5).sort((a, b) => a - b);
    expect(late[1], `zero-delay chains after renewals 6-8: ${times.map((t) => t.toFixed(1)).join(', ')} ms`).to.be.below(6);
  });
});
