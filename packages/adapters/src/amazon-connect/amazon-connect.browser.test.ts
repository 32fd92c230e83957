// The adapter in Chromium as a host page would run it: msw's service worker standing in for the
// host's backend, the fake CCP for Streams, a real client on the wall clock.
import { expect } from '@open-wc/testing';
import { setupWorker } from 'msw/browser';
import { createFloorwalk, type Floorwalk } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane } from '@floorwalk/core/backplane';
import { createAmazonConnectAdapter } from '@floorwalk/adapters/amazon-connect';
import { createAmazonConnectMocks } from '@floorwalk/adapters/amazon-connect/mocks';

const waitFor = async (condition: () => boolean, ms: number, what: string): Promise<void> => {
  const until = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > until) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('amazon-connect in Chromium', () => {
  const mocks = createAmazonConnectMocks({ users: 20 });
  const worker = setupWorker(...mocks.backend.handlers);
  let client: Floorwalk;

  before(async () => {
    await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
  });
  after(() => worker.stop());

  it('polls the backend through the service worker and follows the CCP', async () => {
    // Connect shows silent monitoring to no agent: a backplane tells them, or the client refuses it.
    const adapter = withBackplane(createAmazonConnectAdapter({ ...mocks.adapterOptions, pollIntervalMs: 1000 }), createMemoryBackplane({ broadcast: false }));
    client = createFloorwalk({ adapter, session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' } });
    const errors: unknown[] = [];
    client.on('error', (e) => errors.push(e));
    await client.connect();
    expect(client.status).to.equal('live');
    // 20 polled agents, plus the supervisor from the CCP.
    expect(client.getAgents()).to.have.length(21);
    expect(client.getTeams().map((t) => t.id)).to.deep.equal(['team-1']);
    expect(client.getAgent('user-1')?.name).to.equal(mocks.backend.names['user-1']);

    mocks.backend.apply({ kind: 'status', userId: 'user-2', status: 'Lunch' });
    mocks.backend.apply({ kind: 'offer', userId: 'user-3', contactId: 'c-3' });
    mocks.backend.apply({ kind: 'contact-state', userId: 'user-3', contactId: 'c-3', state: 'CONNECTED' });
    await waitFor(() => client.getAgent('user-2')?.presence.state === 'meal', 4000, 'the next poll');
    await waitFor(() => client.getRoutingActivity('user-3') === 'interacting', 4000, 'user-3 on a call');

    // Own status: accepted first, applied when the CCP's next snapshot shows it (with no live contact:
    // on one it would be the next status, applied once the contacts are cleared).
    await client.setPresence('break');
    expect(client.getAgent('sup-1')?.presence.state).to.equal('available');
    mocks.streams.refresh();
    await Promise.resolve();
    expect(client.getAgent('sup-1')?.presence.state).to.equal('break');

    mocks.streams.offer({ contactId: 'own-1', type: 'chat', queueId: 'q-support' });
    await Promise.resolve();
    expect(client.getInteractions({ agentId: 'sup-1' }).map((i) => i.channel)).to.deep.equal(['chat']);

    await client.startMonitoring('user-3', 'c-3', 'listen');
    await waitFor(() => client.getMonitoringSessions({ active: true }).length === 1, 2000, 'the monitoring session');
    const session = client.getMonitoringSessions({ active: true })[0];
    expect(session?.mode).to.equal('listen');
    await client.stopMonitoring(session?.id as string);
    await waitFor(() => client.getMonitoringSessions({ active: true }).length === 0, 2000, 'monitoring ends');
    expect(client.can({ type: 'start-monitoring', agentId: 'user-3', interactionId: 'c-3', mode: 'whisper' })).to.equal(false);

    expect(errors).to.deep.equal([]);
    await client.disconnect();
    // A call already answered by the worker may still land; after that, nothing more is asked.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const heard = mocks.backend.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(mocks.backend.requests.length, 'no polling after disconnect').to.equal(heard);
  });
});
