// Amazon Connect shows silent monitoring to no one but the supervisor: the monitored agent's own
// client never hears of it from the platform. Nothing may watch an agent without their knowing,
// so on such a platform the client refuses to start monitoring while notices are on, and a
// backplane carries every session to the agent's client: start, mode changes, end, and across a
// reconnect. Real clients over the Amazon Connect adapter and its mocks (msw for the backend, the
// fake CCP for the supervisor).
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { setupServer } from 'msw/node';
import { createFloorwalk, ErrorCode, FloorwalkError, type Adapter, type AdapterSink, type Clock, type Floorwalk, type MonitoringNotice, type MonitoringSession, type PolicyOptions } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane } from '@floorwalk/core/backplane';
import { createAmazonConnectAdapter } from '@floorwalk/adapters/amazon-connect';
import { createAmazonConnectMocks, type AmazonConnectMocks } from '@floorwalk/adapters/amazon-connect/mocks';
import { ALL_CAPABILITIES, T0, fakeAdapter, nextId, settle, until } from './fixtures.js';

const BASE = 'https://connect-backend.test';
const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
after(() => server.close());
const clients: Floorwalk[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect();
});

/** A Connect instance: user-3 on a connected call, c-9. */
function instance(): AmazonConnectMocks {
  const mocks = createAmazonConnectMocks({ baseUrl: BASE, users: 6 });
  server.resetHandlers(...mocks.backend.handlers);
  mocks.backend.apply({ kind: 'offer', userId: 'user-3', contactId: 'c-9' });
  mocks.backend.apply({ kind: 'contact-state', userId: 'user-3', contactId: 'c-9', state: 'CONNECTED' });
  return mocks;
}

async function open(adapter: Adapter, role: 'supervisor' | 'agent', policy?: PolicyOptions): Promise<Floorwalk> {
  const client = createFloorwalk({
    adapter,
    ...(policy === undefined ? {} : { policy }),
    session: role === 'agent' ? { userId: 'user-3', role, agentId: 'user-3', teamIds: 'all' } : { userId: 'sup-1', role, teamIds: 'all' },
  });
  clients.push(client);
  await client.connect();
  return client;
}

test('on Amazon Connect alone, a supervisor cannot start monitoring while notices are on: the agent would not be told', async () => {
  const mocks = instance();
  const adapter = createAmazonConnectAdapter({ ...mocks.adapterOptions, pollIntervalMs: 100 });
  assert.equal(adapter.capabilities.agentSeesMonitoring, false);
  const sup = await open(adapter, 'supervisor');
  await until(() => sup.getInteractions().some((i) => i.id === 'c-9' && i.state === 'connected'), 'the call');
  const listen = { type: 'start-monitoring', agentId: 'user-3', interactionId: 'c-9', mode: 'listen' } as const;
  assert.equal(sup.can(listen), false, 'not offered');
  const refused = await sup.startMonitoring('user-3', 'c-9', 'listen').then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(refused instanceof FloorwalkError && refused.code === ErrorCode.Unsupported, String(refused));
  assert.match(refused.message, /agent would not be told.*withBackplane/);
  assert.equal(mocks.backend.requests.filter((q) => q.operation === 'MonitorContact').length, 0, 'Connect was never asked');
  // A tenant that turned notices off (its agents are told so) may monitor.
  const quiet = await open(createAmazonConnectAdapter({ ...mocks.adapterOptions, pollIntervalMs: 100 }), 'supervisor', { monitoringNotice: false });
  await until(() => quiet.getInteractions().some((i) => i.id === 'c-9'), 'the call');
  assert.equal(quiet.can(listen), true);
});

test('on Amazon Connect with a backplane, the agent is told of every start, mode change and end of silent monitoring, and a reconnect keeps a running session', async () => {
  const mocks = instance();
  const backplane = createMemoryBackplane({ broadcast: false });
  // The agent's side polls the backend; the fake CCP is the supervisor's.
  const { streams: _, ...agentOptions } = mocks.adapterOptions;
  const supAdapter = withBackplane(createAmazonConnectAdapter({ ...mocks.adapterOptions, pollIntervalMs: 100 }), backplane);
  const agentAdapter = withBackplane(createAmazonConnectAdapter({ ...agentOptions, pollIntervalMs: 100 }), backplane);
  assert.equal(supAdapter.capabilities.agentSeesMonitoring, true, 'the backplane tells');
  assert.equal(supAdapter.capabilities.outsideMonitoringUntold, true, "but not of monitoring started in Connect's own tools");
  const sup = await open(supAdapter, 'supervisor');
  const agent = await open(agentAdapter, 'agent');
  const told: string[] = [];
  agent.on('monitoring', (n: MonitoringNotice) => told.push(!('session' in n) ? n.kind : n.kind === 'mode-changed' ? `${n.kind} ${n.previousMode}->${n.session.mode}` : `${n.kind} ${n.session.mode}`));
  await until(() => sup.getInteractions().some((i) => i.id === 'c-9' && i.state === 'connected'), 'the call');

  await sup.startMonitoring('user-3', 'c-9', 'barge');
  // MonitorContact joins silently; barge is the CCP's second step.
  await until(() => told.includes('mode-changed listen->barge'), `the agent told of the barge (${told.join(', ')})`);
  assert.deepEqual(told, ['started listen', 'mode-changed listen->barge']);
  const session = sup.getMonitoringSessions({ active: true })[0];
  assert.ok(session !== undefined);
  assert.deepEqual(
    agent.getMonitoringSessions({ active: true }).map((s) => [s.id, s.supervisorId, s.mode]),
    [[session.id, 'sup-1', 'barge']],
  );

  // The agent's page reloads: the session still runs, and nothing says it ended.
  await agent.disconnect();
  await agent.connect();
  assert.deepEqual(
    agent.getMonitoringSessions({ active: true }).map((s) => s.id),
    [session.id],
  );

  await sup.changeMonitoringMode(session.id, 'listen');
  await until(() => told.at(-1) === 'mode-changed barge->listen', `the agent told of the change (${told.join(', ')})`);
  await sup.stopMonitoring(session.id);
  await until(() => told.at(-1) === 'ended listen', `the agent told of the end (${told.join(', ')})`);
  assert.deepEqual(told, ['started listen', 'mode-changed listen->barge', 'mode-changed barge->listen', 'ended listen']);
  assert.deepEqual(agent.getMonitoringSessions({ active: true }), []);
  assert.deepEqual(sup.getMonitoringSessions({ active: true }), []);
});

test('one session, two reports: a stand-in (supervisorKnown: false) never overwrites a named supervisor in the record, a named report replaces a stand-in, and the agent is shown the name', async () => {
  const backplane = createMemoryBackplane({ broadcast: false });
  const hidden = { ...ALL_CAPABILITIES, agentSeesMonitoring: false };
  const agentSide = fakeAdapter(hidden);
  const supSide = fakeAdapter(hidden);
  const agentAdapter = withBackplane(agentSide, backplane);
  const supAdapter = withBackplane(supSide, backplane);
  const shown: MonitoringSession[] = [];
  const sink = (into?: MonitoringSession[]): AdapterSink => ({
    events: (batch) => {
      for (const e of batch) if (e.type === 'monitoring') into?.push(e.session);
    },
    status: () => {},
    error: (e) => assert.fail(String(e)),
  });
  await agentAdapter.connect(sink(shown));
  await supAdapter.connect(sink());
  await Promise.all([agentAdapter.snapshot(), supAdapter.snapshot()]);
  const record = async (): Promise<[string, string | undefined, string | undefined, string | undefined]> => {
    const r = await backplane.get<MonitoringSession>('monitoring/m1');
    return [r?.author ?? '', r?.value.supervisorId, r?.value.supervisorKnown === false ? 'stand-in' : undefined, r?.value.mode];
  };
  const session = (s: Partial<MonitoringSession>): MonitoringSession => ({ id: 'm1', mode: 'barge', supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: T0, ...s });
  const stand = { supervisorId: 'unknown', supervisorKnown: false } as const;

  // The agent's platform shows a barge and names no one: shared as such, by the agent's client.
  agentSide.emit({ type: 'monitoring', id: nextId(), at: T0, source: 'fake', session: session(stand) });
  await until(() => shown.length > 0, 'the agent shown the barge');
  await settle();
  assert.deepEqual(await record(), ['a1', 'unknown', 'stand-in', 'barge']);

  // The supervisor's platform reports the same session, named: the name replaces the stand-in.
  supSide.emit({ type: 'monitoring', id: nextId(), at: T0 + 1, source: 'fake', session: session({}) });
  await until(() => shown.at(-1)?.supervisorId === 'sup-1', `the agent shown the name (${JSON.stringify(shown.at(-1))})`);
  assert.equal(shown.at(-1)?.supervisorKnown, undefined);
  assert.deepEqual(await record(), ['sup-1', 'sup-1', undefined, 'barge']);

  // The agent's platform reports a change, still naming no one: it never undoes the name.
  agentSide.emit({ type: 'monitoring', id: nextId(), at: T0 + 2, source: 'fake', session: session({ ...stand, mode: 'listen' }) });
  await until(() => shown.at(-1)?.mode === 'listen', 'the change');
  assert.equal(shown.at(-1)?.supervisorId, 'sup-1');
  await settle();
  assert.deepEqual((await record()).slice(1), ['sup-1', undefined, 'listen']);
  await agentAdapter.disconnect();
  await supAdapter.disconnect();
});

/**
 * A supervisor's client cut off for longer than the lease while their CCP stays on the agent's
 * contact: the agent's client lapses the lease and tells the agent it ended, but only the
 * supervisor's own CCP can drop the leg. The agent's client holds no Streams of the supervisor's.
 */
async function outlivedLease(): Promise<{ mocks: AmazonConnectMocks; sup: Floorwalk; agent: Floorwalk; told: string[]; leg: () => boolean }> {
  const mocks = instance();
  const backplane = createMemoryBackplane({ broadcast: false });
  const { streams: _, ...agentOptions } = mocks.adapterOptions;
  const sup = await open(withBackplane(createAmazonConnectAdapter({ ...mocks.adapterOptions, pollIntervalMs: 100 }), backplane), 'supervisor', { monitoringLeaseMs: 600 });
  const agent = await open(withBackplane(createAmazonConnectAdapter({ ...agentOptions, pollIntervalMs: 100 }), backplane), 'agent');
  assert.equal(agent.capabilities.commands.includes('stop-monitoring'), false, "the agent's client cannot drop a supervisor's leg");
  const told: string[] = [];
  agent.on('monitoring', (n: MonitoringNotice) => told.push('session' in n ? `${n.kind} ${n.session.mode}${n.kind === 'ended' && n.reason !== undefined ? ` ${n.reason}` : ''}` : n.kind));
  await until(() => sup.getInteractions().some((i) => i.id === 'c-9' && i.state === 'connected'), 'the call');
  await sup.startMonitoring('user-3', 'c-9', 'listen');
  await until(() => told.includes('started listen'), 'the agent told');
  // The fake CCP holds c-9 only as the supervisor's monitoring contact; dropped, it is gone.
  const leg = (): boolean => {
    try {
      return mocks.streams.connectionIdOf('c-9') !== '';
    } catch {
      return false;
    }
  };
  await sup.disconnect();
  await until(() => told.includes('ended listen lease-expired'), `the lapse told (${told.join(', ')})`);
  assert.ok(leg(), "the supervisor's CCP still listens: nothing the agent's client holds could drop it");
  return { mocks, sup, agent, told, leg };
}

test("a leg that outlived its lease is dropped by the supervisor's own client when it comes back: what the agent was told comes true", async () => {
  const { sup, agent, told, leg } = await outlivedLease();
  await sup.connect();
  await until(() => !leg(), "the supervisor's CCP off the contact");
  await settle();
  assert.deepEqual(told, ['started listen', 'ended listen lease-expired']);
  assert.deepEqual(agent.getMonitoringSessions({ active: true }), []);
  assert.deepEqual(sup.getMonitoringSessions({ active: true }), []);
});

test('a leg that outlived its lease and cannot be dropped is told to the agent as running again, and the supervisor can stop it', async () => {
  const { mocks, sup, agent, told, leg } = await outlivedLease();
  // Connect refuses the destroy (ValueError: not retried).
  mocks.streams.throwNext('ValueError');
  await sup.connect();
  await until(() => told.length > 2, `the agent told again (${told.join(', ')})`);
  assert.deepEqual(told, ['started listen', 'ended listen lease-expired', 'started listen']);
  assert.ok(leg(), 'still on the contact');
  const session = agent.getMonitoringSessions({ active: true })[0];
  assert.equal(session?.supervisorId, 'sup-1');
  await until(() => sup.getMonitoringSessions({ active: true }).length === 1, "on the supervisor's screen, with its Stop");
  await sup.stopMonitoring(session.id);
  await until(() => told.at(-1) === 'ended listen', `the end told (${told.join(', ')})`);
  assert.equal(leg(), false);
});

test("a re-stop whose answer never comes writes nothing once the leg is gone and the page closed: the agent is not told a session over runs", async () => {
  const { mocks, sup, agent, told, leg } = await outlivedLease();
  // The CCP drops the leg but holds its answers (its iframe reloading); the supervisor then
  // closes the page, which fails the unanswered stop as not connected.
  mocks.streams.stopAnswering();
  await sup.connect();
  await until(() => !leg(), "the supervisor's CCP off the contact");
  await settle();
  await sup.disconnect();
  await settle();
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(told, ['started listen', 'ended listen lease-expired']);
  assert.deepEqual(agent.getMonitoringSessions({ active: true }), []);
});

test("a lapse another client writes while the supervisor's own client still holds the leg has that client drop it at once", async () => {
  const mocks = instance();
  const backplane = createMemoryBackplane({ broadcast: false });
  const { streams: _, ...agentOptions } = mocks.adapterOptions;
  // The supervisor's page is still there, but its timers run late (a busy or throttled tab): its
  // renewals miss the lease and the agent's client, on time, lapses it.
  const late: Clock = { now: () => Date.now(), setTimeout: (cb, ms) => setTimeout(cb, ms + 2_000), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  const sup = createFloorwalk({
    adapter: withBackplane(createAmazonConnectAdapter({ ...mocks.adapterOptions, pollIntervalMs: 100 }), backplane, { clock: late }),
    clock: late,
    policy: { monitoringLeaseMs: 600 },
    session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' },
  });
  clients.push(sup);
  await sup.connect();
  const agent = await open(withBackplane(createAmazonConnectAdapter({ ...agentOptions, pollIntervalMs: 100 }), backplane), 'agent');
  const told: string[] = [];
  agent.on('monitoring', (n: MonitoringNotice) => told.push('session' in n ? `${n.kind} ${n.session.mode}${n.kind === 'ended' && n.reason !== undefined ? ` ${n.reason}` : ''}` : n.kind));
  await until(() => sup.getInteractions().some((i) => i.id === 'c-9' && i.state === 'connected'), 'the call');
  await sup.startMonitoring('user-3', 'c-9', 'listen');
  await until(() => told.includes('started listen'), 'the agent told');
  await until(() => told.includes('ended listen lease-expired'), `the lapse told (${told.join(', ')})`);
  const leg = (): boolean => {
    try {
      return mocks.streams.connectionIdOf('c-9') !== '';
    } catch {
      return false;
    }
  };
  // Before any timer of the supervisor's page runs again: the lapse alone makes it act.
  await until(() => !leg(), "the supervisor's CCP off the contact", 1_500);
  await settle();
  assert.deepEqual(told, ['started listen', 'ended listen lease-expired']);
  assert.deepEqual(sup.getMonitoringSessions({ active: true }), [], "the supervisor's screen says what is true");
});
