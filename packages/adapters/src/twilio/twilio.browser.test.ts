// In Chromium, as a host page runs it: a real client over the adapter, the fake Worker and Sync
// client in place of the Twilio SDKs, and the backend mocked by msw's service worker, so the
// coaching calls go through the browser's own fetch.
import { expect } from '@open-wc/testing';
import { setupWorker } from 'msw/browser';
import { createFloorwalk } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane } from '@floorwalk/core/backplane';
import { createTwilioAdapter } from '@floorwalk/adapters/twilio';
import { FakeSyncClient, FakeWorker, generateWorkerItems, twilioBackendHandlers } from '@floorwalk/adapters/twilio/mocks';

const BACKEND = `${location.origin}/twilio-backend`;

const waitFor = async (condition: () => boolean, ms = 2000): Promise<void> => {
  const until = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('twilio adapter in the browser', () => {
  const workers = generateWorkerItems(40, { teams: 2 });
  const sync = new FakeSyncClient({ workers });
  const backend = twilioBackendHandlers({ baseUrl: BACKEND, sync, token: 'flex-jwe' });
  const msw = setupWorker(...backend.handlers);

  before(async () => {
    await msw.start({ quiet: true, onUnhandledRequest: 'bypass' });
  });
  after(() => msw.stop());

  it('a supervisor (also a worker) sees the team, coaches a call and changes an agent\'s activity', async () => {
    const me = new FakeWorker({ sid: 'WK00000000000000000000000000000999', name: 'sup', supervisor: false });
    // The supervisor's leg reaches no worker's client: a backplane tells the agent, or the client refuses monitoring.
    const adapter = withBackplane(createTwilioAdapter({ worker: me, sync, backendUrl: BACKEND, getToken: () => 'flex-jwe', queriesPerSecond: 100 }), createMemoryBackplane({ broadcast: false }));
    const client = createFloorwalk({ adapter, session: { userId: me.sid, role: 'supervisor', teamIds: 'all' } });
    await client.connect();
    expect(client.status).to.equal('live');
    await waitFor(() => client.getAgents().length === 41);

    // The supervisor's own reservation, accepted, is a call with a conference to coach on.
    const call = me.offer({
      channel: 'voice',
      attributes: { from: '+15555550100', conference: { sid: 'CF00000000000000000000000000000001', participants: { worker: 'CA00000000000000000000000000000a01' } } },
    });
    // The agent's leg the attributes name, on the conference: Twilio coaches only a leg there.
    backend.joinCall('CF00000000000000000000000000000001', 'worker', 'CA00000000000000000000000000000a01');
    await call.accept();
    await waitFor(() => client.getInteractions({ agentId: me.sid }).some((i) => i.state === 'connected'));

    await client.startMonitoring(me.sid, call.sid, 'whisper');
    await waitFor(() => client.getMonitoringSessions().length === 1);
    const session = client.getMonitoringSessions()[0]!;
    expect(session.mode).to.equal('whisper');
    expect(backend.participants.get(session.id)?.call_sid_to_coach).to.equal('CA00000000000000000000000000000a01');

    const agent = workers[3]!.worker_sid;
    await client.setAgentPresence(agent, 'break');
    await waitFor(() => client.getAgent(agent)?.presence.state === 'break');
    expect(sync.worker(agent)?.activity_name).to.equal('Break');

    await client.disconnect();
    expect(sync.queries.every((q) => q.closed)).to.equal(true);
  });
});
