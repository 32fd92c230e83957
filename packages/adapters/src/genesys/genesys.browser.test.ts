// The Genesys adapter in Chromium: REST through msw's service worker (setupWorker), the
// notification sockets through `ws.link`, on the wall clock, through a real client.
import { expect } from '@open-wc/testing';
import { setupWorker } from 'msw/browser';
import { ErrorCode, createFloorwalk, type AdapterSink, type FloorwalkError, type FloorwalkEvent } from '@floorwalk/core';
import { adapterConformanceCases, type ConformanceHarness } from '@floorwalk/core/testing';
import { createMemoryBackplane } from '@floorwalk/core/backplane';
import { createGenesysAdapter, createGenesysEvaluations, type GenesysAdapter } from '@floorwalk/adapters/genesys';
import { createGenesysMock, type GenesysMock } from '@floorwalk/adapters/genesys/mocks';
import { deliveryBarrier, genesysHarness } from './delivered.support.js';

const worker = setupWorker();
const opened: GenesysAdapter[] = [];

before(async () => {
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
});
after(() => worker.stop());
afterEach(async () => {
  for (const a of opened.splice(0)) await a.disconnect();
});

const tick = (ms = 10): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await tick();
  }
}

function setup(agents = 8): { mock: GenesysMock; adapter: GenesysAdapter; delivered: () => Promise<void> } {
  const mock = createGenesysMock({ agents });
  worker.resetHandlers(...mock.handlers);
  const barrier = deliveryBarrier(mock);
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), WebSocket: barrier.Socket });
  opened.push(adapter);
  return { mock, adapter, delivered: () => until(barrier.sent(), 'the frames sent so far to reach the adapter') };
}

function recorder() {
  const r = {
    received: [] as FloorwalkEvent[],
    errors: [] as FloorwalkError[],
    statuses: [] as string[],
  };
  const sink: AdapterSink = { events: (b) => void r.received.push(...b), status: (s) => void r.statuses.push(s), error: (e) => void r.errors.push(e) };
  return { ...r, sink };
}

describe('Genesys adapter in Chromium: conformance', () => {
  const harness = (): ConformanceHarness =>
    genesysHarness(createGenesysMock({ agents: 8 }), { resetHandlers: (...h) => worker.resetHandlers(...h), create: createGenesysAdapter, opened, until });
  for (const c of adapterConformanceCases('genesys (browser)', harness)) {
    it(c.name, async function () {
      await c.run();
      // Mocha's skip takes no reason: the title carries it, so the report says what went unchecked.
      if (c.skipped !== undefined) {
        if (this.test !== undefined) this.test.title += ` (skipped: ${c.skipped})`;
        this.skip();
      }
    });
  }
});

describe('Genesys adapter in Chromium: the board over the mocks', () => {
  it('fills a client from the snapshot and follows presence and a call live', async () => {
    const { mock, adapter } = setup(12);
    const client = createFloorwalk({ adapter, session: { userId: mock.directory.supervisorId, role: 'supervisor', teamIds: 'all' } });
    await client.connect();
    expect(client.status).to.equal('live');
    expect(client.getAgents()).to.have.length(12);
    expect(client.getQueues().map((q) => q.name)).to.deep.equal(['Sales', 'Support']);
    const agent = mock.directory.agentIds[4] as string;
    mock.play([{ type: 'presence', userId: agent, presence: 'On Queue' }]);
    const [call] = mock.play([{ type: 'call', queueId: mock.directory.queueIds[0] as string, userId: agent, customerName: 'Pat Doe' }]);
    mock.play([{ type: 'answer', conversationId: call as string }, { type: 'hold', conversationId: call as string, held: true }]);
    await until(() => client.getInteraction(call as string)?.state === 'held', 'the held call');
    expect(client.getInteraction(call as string)?.agentId).to.equal(agent);
    expect(client.getAgent(agent)?.presence.reason?.label).to.equal('On Queue');
    await client.disconnect();
  });

  it('reconnects after the socket closes and resyncs what it missed; moves channel on socket_closing with no gap', async () => {
    const { mock, adapter } = setup();
    const client = createFloorwalk({ adapter, session: { userId: mock.directory.supervisorId, role: 'admin', teamIds: 'all' } });
    const statuses: string[] = [];
    client.on('status', (s) => statuses.push(s.current));
    await client.connect();
    const agent = mock.directory.agentIds[1] as string;

    mock.pauseDelivery(true);
    mock.play([{ type: 'presence', userId: agent, presence: 'MEAL' }]);
    mock.dropSockets();
    mock.pauseDelivery(false);
    await until(() => statuses.includes('reconnecting') && client.status === 'live', 'reconnect after close');
    await until(() => client.getAgent(agent)?.presence.state === 'meal', 'the missed change, from the resync');

    statuses.length = 0;
    const before = adapter.channelIds[0];
    mock.socketClosing();
    await until(() => adapter.channelIds[0] !== before, 'a new channel after socket_closing');
    mock.play([{ type: 'presence', userId: agent, presence: 'TRAINING' }]);
    await until(() => client.getAgent(agent)?.presence.state === 'training', 'events on the new socket');
    expect(statuses).to.deep.equal([]);

    statuses.length = 0;
    const channel = adapter.channelIds[0];
    mock.expireChannels();
    await until(() => statuses.includes('reconnecting') && client.status === 'live' && adapter.channelIds[0] !== channel, 'a new channel after expiry');
    await client.disconnect();
  });

  it('honours Retry-After on 429 and reports malformed frames as errors', async () => {
    const { mock, adapter, delivered } = setup();
    const r = recorder();
    await adapter.connect(r.sink);
    mock.throttle(1, 1);
    const command = { type: 'set-presence', agentId: mock.directory.supervisorId, state: 'break', key: 'b-1', issuedBy: 'x', issuedAt: Date.now() } as const;
    // A command rejects at once with the wait, for the outbox; the resend waits it out.
    const err = await adapter.execute(command).then(() => undefined, (e: FloorwalkError) => e);
    expect(err?.code).to.equal(ErrorCode.RateLimited);
    expect(err?.details?.retryAfterMs).to.be.within(900, 1000);
    const started = performance.now();
    await adapter.execute(command);
    expect(performance.now() - started).to.be.at.least(800);
    expect(mock.requests.filter((q) => q.status === 429)).to.have.length(1);

    for (const text of ['nope', '{}', JSON.stringify({ topicName: 'v2.users.x.presence', eventBody: { presenceDefinition: { systemPresence: 'ASLEEP' } } })]) mock.sendRaw(text);
    await until(() => r.errors.length >= 2, 'errors');
    // All three read, so an error of another kind, or a second one from the same frame, would be in.
    await delivered();
    // The third names a user the adapter does not watch: read, and dropped without an error.
    expect(r.errors.map((e) => e.code)).to.deep.equal([ErrorCode.MalformedEvent, ErrorCode.MalformedEvent]);
  });

  it('schedules a Genesys coaching appointment, places a colleague call and files an evaluation, through the service worker', async () => {
    const mock = createGenesysMock({ agents: 6 });
    worker.resetHandlers(...mock.handlers);
    const adapter = createGenesysAdapter({ ...mock.adapterOptions(), appointments: 'watched', qualityEvaluations: true });
    opened.push(adapter);
    const sup = mock.directory.supervisorId;
    const agent = mock.directory.agentIds[0] as string;
    const client = createFloorwalk({ adapter, session: { userId: sup, role: 'supervisor', teamIds: 'all' } });
    await client.connect();
    const at = Math.floor((Date.now() + 3_600_000) / 60_000) * 60_000;
    await client.scheduleCoachingSession(agent, 'Hold etiquette', at, 30 * 60_000);
    await until(() => client.getCoachingSessions({ agentId: agent }).length === 1, 'the appointment');
    const [session] = client.getCoachingSessions({ agentId: agent });
    mock.play([{ type: 'appointment-status', appointmentId: session?.id as string, status: 'Completed' }]);
    await until(() => client.getCoachingSessions({ agentId: agent })[0]?.state === 'done', 'the completion, over the coaching topic');

    await client.startColleagueCall([agent]);
    await until(() => client.getColleagueCalls({ active: true }).length === 1, 'the call');
    const callId = client.getColleagueCalls({ active: true })[0]?.id as string;
    mock.play([{ type: 'pickup', conversationId: callId, userId: agent }]);
    await client.endColleagueCall(callId);
    await until(() => client.getColleagueCalls({ active: true }).length === 0, 'the call’s end');

    const evaluations = createGenesysEvaluations({ genesys: adapter, session: { userId: sup, role: 'supervisor', teamIds: 'all' }, teamsOf: () => [], backplane: createMemoryBackplane({ broadcast: false }) });
    const [card] = await evaluations.getScorecards();
    const [call] = mock.play([{ type: 'call', queueId: mock.directory.queueIds[0] as string, userId: agent }]);
    const answers = Object.fromEntries((card?.criteria ?? []).map((c) => [c.id, c.kind === 'yes-no' ? 'yes' : 5] as const));
    const draft = await evaluations.evaluate({ scorecardId: card?.id as string, interactionId: call as string, agentId: agent, answers });
    expect(draft.score).to.equal(100);
    expect((await evaluations.release(draft.id)).state).to.equal('released');
    evaluations.close();
    await client.disconnect();
  });
});
