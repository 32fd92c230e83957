// The agent side (agent.ts) loads with the first connect() given a Worker, the team side (team.ts)
// with the first given a Sync client, and command execution (commands.ts) with the first
// command. Here their modules' requests fail (msw's service worker answers with a network error,
// as a dropped connection or a missing chunk would), in Chromium, on one page where nothing has
// loaded them yet: the tests run in order, and each part's first loads are the failing ones.
// No pushed input (Worker or Sync events, relayed callbacks) loads a part, so each failure is the
// rejection of the call that asked for it.
import { expect } from '@open-wc/testing';
import { delay, http, HttpResponse, passthrough } from 'msw';
import { setupWorker } from 'msw/browser';
import { ErrorCode, FloorwalkError, type AdapterSink, type CommandEnvelope, type FloorwalkEvent, type Interaction } from '@floorwalk/core';
import { createTwilioAdapter } from '@floorwalk/adapters/twilio';
import { FakeSyncClient, FakeWorker, generateWorkerItems, twilioBackendHandlers } from '@floorwalk/adapters/twilio/mocks';

const BACKEND = `${location.origin}/twilio-lazy-backend`;
const TOKEN = 'flex-jwe';

interface Part {
  readonly requested: string[];
  failing: boolean;
  /** How long a request that goes through waits first. */
  delayMs?: number;
}

interface Recorder extends AdapterSink {
  readonly received: FloorwalkEvent[];
  readonly errors: unknown[];
  readonly statuses: string[];
}

const recorder = (): Recorder => {
  const r: Recorder = {
    received: [],
    errors: [],
    statuses: [],
    events: (batch) => void r.received.push(...batch),
    status: (status) => void r.statuses.push(status),
    error: (error) => void r.errors.push(error),
  };
  return r;
};

const waitFor = async (condition: () => boolean, what: string, ms = 5000): Promise<void> => {
  const until = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** Long enough for a rejection nobody handles to be reported by the page. */
const aWhile = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 200));

const rejection = async (promise: Promise<unknown>): Promise<FloorwalkError> => {
  let caught: unknown;
  await promise.then(
    () => expect.fail('expected a rejection'),
    (err: unknown) => (caught = err),
  );
  expect(caught).to.be.instanceOf(FloorwalkError);
  return caught as FloorwalkError;
};

const interactionState = (events: readonly FloorwalkEvent[], id: string): Interaction['state'] | undefined =>
  events.filter((e): e is Extract<FloorwalkEvent, { type: 'interaction' }> => e.type === 'interaction' && e.interaction.id === id).at(-1)?.interaction.state;

describe('twilio: parts loaded on first need when they fail to load', () => {
  const parts = {
    agent: { requested: [], failing: true } as Part,
    team: { requested: [], failing: true } as Part,
    commands: { requested: [], failing: true } as Part,
  };
  const route = (file: string, part: Part) =>
    http.get(new RegExp(`/twilio/${file}\\.(?:js|ts)(?:\\?|$)`), async ({ request }) => {
      part.requested.push(request.url);
      if (part.failing) return HttpResponse.error();
      if (part.delayMs) await delay(part.delayMs);
      return passthrough();
    });
  const workers = generateWorkerItems(12, { teams: 2 });
  const sync = new FakeSyncClient({ workers });
  const backend = twilioBackendHandlers({ baseUrl: BACKEND, sync, token: TOKEN });
  const msw = setupWorker(route('agent', parts.agent), route('team', parts.team), route('commands', parts.commands), ...backend.handlers);

  // Whatever reaches the page uncaught: a failed load must never end up here.
  const uncaught: unknown[] = [];
  const onRejection = (e: PromiseRejectionEvent): void => void uncaught.push(e.reason);
  const onError = (e: ErrorEvent): void => void uncaught.push(e.error ?? e.message);

  before(async () => {
    window.addEventListener('unhandledrejection', onRejection);
    window.addEventListener('error', onError);
    await msw.start({ quiet: true, onUnhandledRequest: 'bypass' });
  });
  beforeEach(() => void uncaught.splice(0));
  after(() => {
    window.removeEventListener('unhandledrejection', onRejection);
    window.removeEventListener('error', onError);
    msw.stop();
  });

  it('a Sync-only page never asks for the agent side; its connect() rejects naming the team side and opens nothing', async () => {
    const adapter = createTwilioAdapter({ sync, workerSids: workers.map((w) => w.worker_sid) });
    const sink = recorder();
    const error = await rejection(adapter.connect(sink));
    expect(error.code).to.equal(ErrorCode.NotConnected);
    expect(error.message).to.contain('team side');
    expect(parts.team.requested.length, 'the team side was asked for').to.be.greaterThan(0);
    expect(parts.agent.requested, 'no Worker: the agent side is never asked for').to.deep.equal([]);
    expect(sync.queries, 'no live query opened').to.deep.equal([]);
    expect((await adapter.snapshot()).agents).to.deep.equal([]);
    await aWhile();
    expect(sink.received).to.deep.equal([]);
    expect(sink.errors).to.deep.equal([]);
    expect(uncaught).to.deep.equal([]);
  });

  it('a page with a Worker and Sync whose two sides both fail: connect() rejects typed, the other failure is not left unhandled, nothing listens', async () => {
    const me = new FakeWorker({ sid: 'WK00000000000000000000000000000998', name: 'both' });
    const adapter = createTwilioAdapter({ worker: me, sync, teamSids: [workers[0]!.team_sid!] });
    const sink = recorder();
    const agentAsked = parts.agent.requested.length;
    const error = await rejection(adapter.connect(sink));
    expect(error.code).to.equal(ErrorCode.NotConnected);
    expect(error.message).to.match(/team side|agent side/);
    await aWhile();
    expect(parts.agent.requested.length, 'the agent side was asked for').to.be.greaterThan(agentAsked);
    expect(uncaught, 'no unhandled rejection from the side connect() did not report').to.deep.equal([]);
    expect(me.listenerCount('ready'), 'nothing listens to the Worker').to.equal(0);
    expect(sync.queries).to.deep.equal([]);
    expect(sink.received).to.deep.equal([]);
  });

  // The agent page of the next tests: its first connect fails, a later one (once the agent side
  // has loaded) reads what the Worker did meanwhile.
  const solo = new FakeWorker({ sid: 'WK00000000000000000000000000000997', name: 'solo' });
  const soloAdapter = createTwilioAdapter({ worker: solo, readyTimeoutMs: 60_000 });
  const soloFailed = recorder();
  let soloCall: ReturnType<FakeWorker['offer']> | undefined;

  it('an agent page: connect() rejects naming the agent side at once, listens to nothing, and asks for neither the team side nor commands', async () => {
    const teamAsked = parts.team.requested.length;
    const agentAsked = parts.agent.requested.length;
    const started = performance.now();
    const error = await rejection(soloAdapter.connect(soloFailed));
    expect(performance.now() - started, 'rejected with the load, not at the ready timeout').to.be.lessThan(10_000);
    expect(error.code).to.equal(ErrorCode.NotConnected);
    expect(error.message).to.contain('agent side');
    expect(parts.agent.requested.length).to.be.greaterThan(agentAsked);
    expect(solo.listenerCount('ready')).to.equal(0);

    // The Worker moves on while no one listens.
    solo.changeActivity('Break');
    soloCall = solo.offer({ channel: 'voice', attributes: { from: '+15555550100' } });
    expect(soloFailed.received, 'nothing applied from the failed connect').to.deep.equal([]);
    expect((await soloAdapter.snapshot()).agents).to.deep.equal([]);
    expect(parts.team.requested.length, 'no Sync: the team side is not asked for').to.equal(teamAsked);
    expect(parts.commands.requested, 'no command: commands are not asked for').to.deep.equal([]);
    await aWhile();
    expect(soloFailed.errors).to.deep.equal([]);
    expect(uncaught).to.deep.equal([]);
  });

  it('a page with a Worker and Sync whose team side fails while the agent side still loads: the agent side, once loaded, listens to nothing', async () => {
    const me = new FakeWorker({ sid: 'WK00000000000000000000000000000996', name: 'slow' });
    const adapter = createTwilioAdapter({ worker: me, sync, teamSids: [workers[0]!.team_sid!] });
    const sink = recorder();
    const agentAsked = parts.agent.requested.length;
    parts.agent.failing = false;
    parts.agent.delayMs = 300;
    const error = await rejection(adapter.connect(sink));
    expect(error.code).to.equal(ErrorCode.NotConnected);
    expect(error.message).to.contain('team side');
    expect(parts.agent.requested.length, 'the agent side asked for again, and on its way').to.be.greaterThan(agentAsked);
    // The agent side arrives after connect() rejected.
    await new Promise((resolve) => setTimeout(resolve, 600));
    parts.agent.delayMs = 0;
    expect(me.listenerCount('ready'), 'nothing listens to the Worker').to.equal(0);
    me.changeActivity('Break');
    expect(sink.received, 'nothing delivered for a connection that failed').to.deep.equal([]);
    expect(sync.queries).to.deep.equal([]);
    expect(uncaught).to.deep.equal([]);
  });

  it('the agent page connects again: the agent side loaded, it reads what the Worker did meanwhile and hears what follows; still no team side or commands', async () => {
    const teamAsked = parts.team.requested.length;
    const sink = recorder();
    await soloAdapter.connect(sink);
    expect(sink.statuses.at(-1)).to.not.equal('failed');
    const snapshot = await soloAdapter.snapshot();
    expect(snapshot.agents?.map((a) => [a.id, a.presence.state])).to.deep.equal([[solo.sid, 'break']]);
    expect(snapshot.interactions?.map((i) => [i.id, i.state])).to.deep.equal([[soloCall!.sid, 'offered']]);
    await soloCall!.accept();
    expect(interactionState(sink.received, soloCall!.sid)).to.equal('connected');
    expect(solo.listenerCount('ready'), 'listening once').to.equal(1);

    expect(parts.team.requested.length, 'no Sync: the team side is never asked for').to.equal(teamAsked);
    expect(parts.commands.requested, 'no command: commands are never asked for').to.deep.equal([]);
    expect(soloFailed.errors).to.deep.equal([]);
    expect(sink.errors).to.deep.equal([]);
    await aWhile();
    expect(uncaught).to.deep.equal([]);
    await soloAdapter.disconnect();
  });

  it('a page with a Worker and Sync whose team side fails: connect() rejects typed and leaves the Worker alone; the next connect opens the team and hears every reservation', async () => {
    const me = new FakeWorker({ sid: 'WK00000000000000000000000000000999', name: 'sup' });
    // Offered before the page connected: the agent side reads it from the Worker.
    const call = me.offer({ channel: 'voice', attributes: { from: '+15555550101' } });
    const adapter = createTwilioAdapter({ worker: me, sync, teamSids: [...new Set(workers.map((w) => w.team_sid!))] });
    const failed = recorder();
    const teamAsked = parts.team.requested.length;
    const error = await rejection(adapter.connect(failed));
    expect(error.code).to.equal(ErrorCode.NotConnected);
    expect(error.message).to.contain('team side');
    expect(parts.team.requested.length).to.be.greaterThan(teamAsked);
    expect(sync.queries, 'no live query opened').to.deep.equal([]);
    await aWhile();
    expect(me.listenerCount('ready'), 'a rejected connect leaves nothing listening to the Worker').to.equal(0);
    const heardBefore = failed.received.length;
    me.changeActivity('Unavailable');
    expect(failed.received.length, 'nothing delivered for a connection that failed').to.equal(heardBefore);

    // A worker changes in Sync while the team side is missing: the next connect reads it.
    const moved = workers[1]!;
    sync.setWorker({ ...moved, activity_name: 'Break', worker_activity_sid: 'WA00000000000000000000000000000004' });

    const asked = parts.team.requested.length;
    parts.team.failing = false;
    const sink = recorder();
    await adapter.connect(sink);
    expect(parts.team.requested.length, 'asked for again').to.be.greaterThan(asked);
    await waitFor(() => sync.queries.some((q) => q.index === 'tr-reservation'), 'the reservation query');
    const snapshot = await adapter.snapshot();
    expect(snapshot.agents?.map((a) => a.id).sort()).to.deep.equal([me.sid, ...workers.map((w) => w.worker_sid)].sort());
    expect(snapshot.agents?.find((a) => a.id === moved.worker_sid)?.presence.state).to.equal('break');
    expect(snapshot.agents?.find((a) => a.id === me.sid)?.presence.state).to.equal('away');
    expect(snapshot.interactions?.map((i) => [i.id, i.state])).to.deep.equal([[call.sid, 'offered']]);

    // The reservation the failed connect had already read is heard on the new connection.
    await call.accept();
    expect(interactionState(sink.received, call.sid), 'the accept is heard').to.equal('connected');
    expect(me.listenerCount('ready'), 'listening once').to.equal(1);
    expect(sync.queries.filter((q) => !q.closed).length).to.be.greaterThan(0);
    expect(sink.errors).to.deep.equal([]);
    expect(parts.commands.requested).to.deep.equal([]);
    await aWhile();
    expect(uncaught).to.deep.equal([]);
    await adapter.disconnect();
    expect(sync.queries.every((q) => q.closed)).to.equal(true);
  });

  it('a command whose execution fails to load rejects typed and sends nothing; the same command then loads it and reaches the backend', async () => {
    parts.team.failing = false; // already so when the test above passed; this one is about commands
    // No queue poll: what this page sends to the backend is the command alone.
    const adapter = createTwilioAdapter({ sync, workerSids: workers.map((w) => w.worker_sid), backendUrl: BACKEND, getToken: () => TOKEN, queuePollMs: 0 });
    const sink = recorder();
    await adapter.connect(sink);
    const agent = workers[2]!;
    expect((await adapter.snapshot()).agents?.find((a) => a.id === agent.worker_sid)?.presence.state).to.not.equal('break');
    const command: CommandEnvelope = { type: 'set-presence', agentId: agent.worker_sid, state: 'break', key: 'lazy-1', issuedBy: 'WKsupervisor', issuedAt: Date.now() };

    const error = await rejection(adapter.execute(command));
    expect(error.code).to.equal(ErrorCode.NotConnected);
    expect(error.message).to.contain('commands');
    expect(parts.commands.requested.length, 'the module was asked for').to.be.greaterThan(0);
    expect(backend.requests, 'nothing sent').to.deep.equal([]);
    expect(sync.worker(agent.worker_sid)?.activity_name).to.equal(agent.activity_name);

    const asked = parts.commands.requested.length;
    parts.commands.failing = false;
    await adapter.execute(command);
    expect(parts.commands.requested.length, 'asked for again').to.be.greaterThan(asked);
    expect(backend.requests).to.deep.equal([
      { path: 'worker-activity', body: { WorkerSid: agent.worker_sid, ActivitySid: 'WA00000000000000000000000000000004', Token: TOKEN } },
    ]);
    expect(sync.worker(agent.worker_sid)?.activity_name).to.equal('Break');
    await waitFor(() => sink.received.some((e) => e.type === 'presence' && e.agentId === agent.worker_sid && e.presence.state === 'break'), 'the presence applied');
    expect(sink.errors).to.deep.equal([]);
    await aWhile();
    expect(uncaught).to.deep.equal([]);
    await adapter.disconnect();
  });
});
