// A supervisor barging in on the agent's own contact, as the agent's own client hears of it: from
// the agent's Streams (the CCP shows a barge, never silent monitoring), whether the barge was
// started on Connect's real-time metrics page or through Floorwalk, whose session a backplane
// also carries. Real clients over the adapter, the fake CCP and, for the supervisor, msw.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { setupServer } from 'msw/node';
import { createFloorwalk, createMemoryStorage, ErrorCode, FloorwalkError, type Adapter, type Floorwalk, type IntentSettled, type MonitoringNotice, type MonitoringSession, type PolicyOptions } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane, type Backplane } from '@floorwalk/core/backplane';
import { createAmazonConnectAdapter } from '@floorwalk/adapters/amazon-connect';
import { createAmazonConnectMocks, createFakeStreams, type FakeStreams } from '@floorwalk/adapters/amazon-connect/mocks';

const BASE = 'https://connect-backend.test';
const INSTANCE = 'aaaaaaaa-bbbb-cccc-dddd-111111111111';
const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
after(() => server.close());
const clients: Floorwalk[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect();
});

async function until(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** user-3's own CCP, on a connected call c-9. */
function agentCcp(): FakeStreams {
  const ccp = createFakeStreams({ userId: 'user-3', name: 'Agent Three' });
  ccp.offer({ contactId: 'c-9', queueId: 'q-support' });
  ccp.setContactState('c-9', 'connected');
  return ccp;
}

/** The agent's own client over its CCP, with a backplane as a deployment that monitors has. */
async function agentClient(ccp: FakeStreams, backplane: Backplane): Promise<{ client: Floorwalk; told: string[]; adapter: Adapter }> {
  const adapter = withBackplane(createAmazonConnectAdapter({ instanceId: INSTANCE, streams: ccp.connect }), backplane);
  const client = createFloorwalk({ adapter, session: { userId: 'user-3', role: 'agent', agentId: 'user-3', teamIds: 'all' } });
  clients.push(client);
  const told: string[] = [];
  client.on('monitoring', (n: MonitoringNotice) =>
    told.push(!('session' in n) ? n.kind : n.kind === 'mode-changed' ? `${n.kind} ${n.previousMode}->${n.session.mode}` : `${n.kind} ${n.session.mode} by ${who(n.session)}`),
  );
  await client.connect();
  await until(() => client.getInteractions().some((i) => i.id === 'c-9' && i.state === 'connected'), 'the call');
  return { client, told, adapter };
}

/** Who, as a reader names them: a stand-in (`supervisorKnown: false`) is no one's id. */
const who = (s: MonitoringSession): string => (s.supervisorKnown === false ? 'a supervisor' : s.supervisorId);
const active = (client: Floorwalk): string[][] => client.getMonitoringSessions({ active: true }).map((s) => [s.id, s.mode, who(s), s.interactionId ?? '']);

test('a barge from the real-time metrics page reaches the agent’s own client: started, held by a snapshot, ended when the supervisor leaves', async () => {
  const ccp = agentCcp();
  const { client, told, adapter } = await agentClient(ccp, createMemoryBackplane({ broadcast: false }));
  // Silent monitoring is in no snapshot of the agent's: nothing to tell.
  assert.deepEqual(told, []);

  ccp.supervise('c-9', 'barge', 'conn-sup-7');
  await until(() => told.length > 0, 'the barge');
  assert.deepEqual(told, ['started barge by a supervisor']);
  assert.deepEqual(active(client), [['mon:c-9:conn-sup-7', 'barge', 'a supervisor', 'c-9']]);

  // Later snapshots of the same contact (and a resync) hold the one session, under the same id.
  ccp.refresh();
  ccp.refresh();
  const snap = await adapter.snapshot();
  assert.deepEqual(
    snap.monitoring?.map((s) => [s.id, s.mode, s.endedAt]),
    [['mon:c-9:conn-sup-7', 'barge', undefined]],
  );
  await client.disconnect();
  await client.connect();
  assert.deepEqual(active(client), [['mon:c-9:conn-sup-7', 'barge', 'a supervisor', 'c-9']]);

  ccp.supervise('c-9', 'disconnected', 'conn-sup-7');
  await until(() => String(told.at(-1)).startsWith('ended'), `the end (${told.join(', ')})`);
  assert.deepEqual(told, ['started barge by a supervisor', 'ended barge by a supervisor']);
  assert.deepEqual(active(client), []);
  assert.equal(client.getInteraction('c-9')?.state, 'connected', 'the call goes on');
});

test('a barge ends for the agent with the contact; a supervisor Streams names is named', async () => {
  const ccp = agentCcp();
  const { client, told } = await agentClient(ccp, createMemoryBackplane({ broadcast: false }));
  ccp.supervise('c-9', 'barge', 'conn-sup-8', `arn:aws:connect:us-west-2:123456789012:instance/${INSTANCE}/agent/sup-2`);
  await until(() => told.length > 0, 'the barge');
  assert.deepEqual(active(client), [['mon:c-9:conn-sup-8', 'barge', 'sup-2', 'c-9']]);
  ccp.setContactState('c-9', 'ended');
  await until(() => told.length > 1, 'the end');
  assert.deepEqual(told, ['started barge by sup-2', 'ended barge by sup-2']);
  assert.deepEqual(active(client), []);
});

test('after a barge the connection leaves the agent’s snapshot: the supervisor may still listen, so the session stays as listen until the contact ends', async () => {
  const ccp = agentCcp();
  const { client, told } = await agentClient(ccp, createMemoryBackplane({ broadcast: false }));
  ccp.supervise('c-9', 'barge', 'conn-sup-9');
  await until(() => told.length > 0, 'the barge');
  ccp.supervise('c-9', null);
  await until(() => told.length > 1, 'the change');
  assert.deepEqual(active(client), [['mon:c-9:conn-sup-9', 'listen', 'a supervisor', 'c-9']]);
  ccp.setContactState('c-9', 'ended');
  await until(() => told.length > 2, 'the end');
  assert.deepEqual(told, ['started barge by a supervisor', 'mode-changed barge->listen', 'ended listen by a supervisor']);
});

test('a barge Floorwalk started is one session on the agent’s client, not two: the backplane’s copy and the CCP’s name it alike', async () => {
  const mocks = createAmazonConnectMocks({ baseUrl: BASE, users: 6 });
  server.resetHandlers(...mocks.backend.handlers);
  mocks.backend.apply({ kind: 'offer', userId: 'user-3', contactId: 'c-9' });
  mocks.backend.apply({ kind: 'contact-state', userId: 'user-3', contactId: 'c-9', state: 'CONNECTED' });
  const backplane = createMemoryBackplane({ broadcast: false });
  const sup = createFloorwalk({
    adapter: withBackplane(createAmazonConnectAdapter({ ...mocks.adapterOptions, pollIntervalMs: 100 }), backplane),
    session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' },
  });
  clients.push(sup);
  await sup.connect();
  await until(() => sup.getInteractions().some((i) => i.id === 'c-9' && i.state === 'connected'), 'the call on the supervisor’s board');
  const ccp = agentCcp();
  const { client: agent, told } = await agentClient(ccp, backplane);

  await sup.startMonitoring('user-3', 'c-9', 'barge');
  await until(() => told.includes('mode-changed listen->barge'), `the barge through the backplane (${told.join(', ')})`);
  const id = sup.getMonitoringSessions({ active: true })[0]?.id;
  assert.equal(id, `mon:c-9:${mocks.streams.connectionIdOf('c-9')}`);
  // Connect now shows the barge in the agent's own CCP, on the supervisor's monitoring connection.
  ccp.supervise('c-9', 'barge', mocks.streams.connectionIdOf('c-9'));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(
    agent.getMonitoringSessions({ active: true }).map((s) => [s.id, s.mode]),
    [[id, 'barge']],
  );
  assert.deepEqual(told.filter((t) => t.startsWith('started')), ['started listen by sup-1'], 'started once');

  // Back to listening: the barge leaves the agent's CCP, and the agent is still told of the session.
  await sup.changeMonitoringMode(id as string, 'listen');
  ccp.supervise('c-9', null);
  await until(() => told.at(-1) === 'mode-changed barge->listen', `the change (${told.join(', ')})`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(
    agent.getMonitoringSessions({ active: true }).map((s) => [s.id, s.mode]),
    [[id, 'listen']],
  );
  assert.deepEqual(
    sup.getMonitoringSessions({ active: true }).map((s) => [s.id, s.mode, s.supervisorId]),
    [[id, 'listen', 'sup-1']],
    'the supervisor’s own session is untouched',
  );
});

/** A supervisor's client on the backend's mocks and the agent's on its own CCP, one backplane, and a session the supervisor started in listen. */
async function listening(policy?: PolicyOptions): Promise<{ sup: Floorwalk; agent: Floorwalk; told: string[]; ccp: FakeStreams; backplane: Backplane; id: string; connectionId: string }> {
  const mocks = createAmazonConnectMocks({ baseUrl: BASE, users: 6 });
  server.resetHandlers(...mocks.backend.handlers);
  mocks.backend.apply({ kind: 'offer', userId: 'user-3', contactId: 'c-9' });
  mocks.backend.apply({ kind: 'contact-state', userId: 'user-3', contactId: 'c-9', state: 'CONNECTED' });
  const backplane = createMemoryBackplane({ broadcast: false });
  const sup = createFloorwalk({
    adapter: withBackplane(createAmazonConnectAdapter({ ...mocks.adapterOptions, pollIntervalMs: 100 }), backplane),
    ...(policy === undefined ? {} : { policy }),
    session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' },
  });
  clients.push(sup);
  await sup.connect();
  await until(() => sup.getInteractions().some((i) => i.id === 'c-9' && i.state === 'connected'), 'the call on the supervisor’s board');
  const ccp = agentCcp();
  const { client: agent, told } = await agentClient(ccp, backplane);
  await sup.startMonitoring('user-3', 'c-9', 'listen');
  await until(() => told.includes('started listen by sup-1'), `the session through the backplane (${told.join(', ')})`);
  const id = sup.getMonitoringSessions({ active: true })[0]?.id as string;
  return { sup, agent, told, ccp, backplane, id, connectionId: mocks.streams.connectionIdOf('c-9') };
}

test('a barge the agent’s CCP shows before the record does keeps the supervisor the record names, on the agent’s client and in the record', async () => {
  const { agent, told, ccp, backplane, id, connectionId } = await listening();
  // The agent's Streams shows the barge first and names no one (no endpoint ARN).
  ccp.supervise('c-9', 'barge', connectionId);
  await until(() => told.at(-1) === 'mode-changed listen->barge', `the barge (${told.join(', ')})`);
  assert.deepEqual(active(agent), [[id, 'barge', 'sup-1', 'c-9']]);
  assert.equal(agent.getMonitoringSessions({ active: true })[0]?.supervisorKnown, undefined);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const record = await backplane.get<MonitoringSession>(`monitoring/${id}`);
  assert.deepEqual([record?.value.supervisorId, record?.value.supervisorKnown, record?.value.mode], ['sup-1', undefined, 'barge'], 'the agent’s client wrote the barge, not over the supervisor');
  // Reloaded, the agent's client merges again: its CCP's report and the record are one session.
  await agent.disconnect();
  await agent.connect();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(active(agent), [[id, 'barge', 'sup-1', 'c-9']]);
});

test('the supervisor stops after a barge: the agent’s CCP back to “listen” cannot tell silent from gone, so the record’s end tells the agent, whichever comes first', async () => {
  for (const recordFirst of [true, false]) {
    const { sup, agent, told, ccp, id, connectionId } = await listening();
    ccp.supervise('c-9', 'barge', connectionId);
    await until(() => told.at(-1) === 'mode-changed listen->barge', `the barge (${told.join(', ')})`);
    if (recordFirst) {
      await sup.stopMonitoring(id);
      await new Promise((resolve) => setTimeout(resolve, 50));
      ccp.supervise('c-9', null);
    } else {
      ccp.supervise('c-9', null);
      await until(() => told.at(-1) === 'mode-changed barge->listen', `back to listen (${told.join(', ')})`);
      await sup.stopMonitoring(id);
    }
    await until(() => String(told.at(-1)).startsWith('ended'), `the end, ${recordFirst ? 'record' : 'CCP'} first (${told.join(', ')})`);
    assert.equal(told.at(-1), 'ended listen by sup-1');
    assert.deepEqual(active(agent), []);
    assert.equal(agent.getInteraction('c-9')?.state, 'connected', 'the call goes on');
    for (const c of clients.splice(0)) await c.disconnect();
  }
});

test('a barge from the real-time metrics page names no one: the agent’s client shows and shares it marked supervisorKnown: false, with no English in the id', async () => {
  const ccp = agentCcp();
  const backplane = createMemoryBackplane({ broadcast: false });
  const { client } = await agentClient(ccp, backplane);
  ccp.supervise('c-9', 'barge', 'conn-sup-7');
  await until(() => active(client).length > 0, 'the barge');
  const shown = client.getMonitoringSessions({ active: true })[0];
  assert.equal(shown?.supervisorKnown, false, 'the agent’s client knows no one is named');
  await new Promise((resolve) => setTimeout(resolve, 50));
  const record = await backplane.get<MonitoringSession>('monitoring/mon:c-9:conn-sup-7');
  assert.equal(record?.value.supervisorKnown, false);
  assert.notEqual(record?.value.supervisorId, 'A supervisor', 'no English in an id');
});

test('the customer hangs up while the supervisor barges: back to listening is refused once, as a conflict the outbox does not retry, and Connect is not asked', { timeout: 20_000 }, async () => {
  const mocks = createAmazonConnectMocks({ baseUrl: BASE, users: 6 });
  server.resetHandlers(...mocks.backend.handlers);
  mocks.backend.apply({ kind: 'offer', userId: 'user-3', contactId: 'c-9' });
  mocks.backend.apply({ kind: 'contact-state', userId: 'user-3', contactId: 'c-9', state: 'CONNECTED' });
  const sup = createFloorwalk({
    adapter: withBackplane(createAmazonConnectAdapter({ ...mocks.adapterOptions, pollIntervalMs: 100 }), createMemoryBackplane({ broadcast: false })),
    session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' },
    outbox: { storage: createMemoryStorage() },
  });
  clients.push(sup);
  const settled: IntentSettled[] = [];
  sup.on('intent', (i: IntentSettled) => settled.push(i));
  await sup.connect();
  await until(() => sup.getInteractions().some((i) => i.id === 'c-9' && i.state === 'connected'), 'the call on the supervisor’s board');
  await sup.startMonitoring('user-3', 'c-9', 'barge');
  await until(() => sup.getMonitoringSessions({ active: true })[0]?.mode === 'barge', 'the barge');
  const id = sup.getMonitoringSessions({ active: true })[0]?.id as string;
  const calls = mocks.streams.monitorCalls.length;

  mocks.streams.hangUp('c-9', 'customer');
  let caught: unknown;
  await sup.changeMonitoringMode(id, 'listen').catch((err: unknown) => (caught = err));
  assert.ok(caught instanceof FloorwalkError, String(caught));
  assert.deepEqual([caught.code, caught.retryable], [ErrorCode.Conflict, false], caught.message);
  const outcomes = settled.filter((i) => i.command.type === 'change-monitoring-mode').map((i) => [i.outcome, i.error?.code]);
  assert.deepEqual(outcomes, [['conflict', ErrorCode.Conflict]], 'settled once, not retried');
  assert.equal(mocks.streams.monitorCalls.length, calls, 'no updateMonitorParticipantState sent');
  assert.deepEqual(
    sup.getMonitoringSessions({ active: true }).map((s) => [s.id, s.mode]),
    [[id, 'barge']],
    'still barged',
  );
  // What the refusal offers instead: leaving.
  await sup.stopMonitoring(id);
  await until(() => sup.getMonitoringSessions({ active: true }).length === 0, 'the session to end');
});

test("a lease that lapses after a barge went back to “listen” stays lapsed for the agent: their CCP's listen cannot tell silent from gone, and their client cannot stop a leg", async () => {
  const { sup, agent, told, ccp, connectionId } = await listening({ monitoringLeaseMs: 600 });
  ccp.supervise('c-9', 'barge', connectionId);
  await until(() => told.at(-1) === 'mode-changed listen->barge', `the barge (${told.join(', ')})`);
  // The supervisor goes back to silent (or leaves: the agent's CCP shows both alike), then their client vanishes.
  ccp.supervise('c-9', null);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await sup.disconnect();
  await until(() => told.at(-1)?.startsWith('ended') === true, `the lapse told (${told.join(', ')})`);
  // The agent's CCP goes on reporting the contact as it is, to a resync too.
  ccp.refresh();
  await agent.disconnect();
  await agent.connect();
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(told.at(-1), 'ended listen by sup-1', told.join(', '));
  assert.deepEqual(agent.getMonitoringSessions({ active: true }), []);
});
