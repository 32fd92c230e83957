import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { setupServer } from 'msw/node';
import { ErrorCode, checkEvent, createFloorwalk, type Floorwalk, type FloorwalkError, type MonitoringNotice } from '@floorwalk/core';
import { createGenesysAdapter, type GenesysAdapter } from './index.js';
import { recorder, rejectsWith, until } from './test-support.js';
import { createGenesysMock, type GenesysMock } from './mocks/index.js';

/*
 * A supervisor viewing an agent's screen in Genesys' own tools (live screen monitoring) is told to
 * the agent, from Genesys' data alone: a screen-monitoring leg on the agent's conversation
 * (conversation level), or a conversation of the supervisor and the agent on screen media (agent
 * level). The mock org publishes both in the `ConversationEventTopicScreenMonitoring` shape.
 */

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
after(() => server.close());
const clients: Floorwalk[] = [];
const opened: GenesysAdapter[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect();
  for (const a of opened.splice(0)) await a.disconnect();
});

function org(): GenesysMock {
  const mock = createGenesysMock({ agents: 6, teams: 2, queues: 1 });
  server.resetHandlers(...mock.handlers);
  return mock;
}

/** The agent's own desktop: their token, only them watched; what it is told, as text. */
async function agentDesktop(mock: GenesysMock, agentId: string): Promise<{ client: Floorwalk; told: string[]; errors: FloorwalkError[] }> {
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), userId: agentId, getAccessToken: () => mock.tokenFor(agentId), watch: { userIds: [agentId] } });
  opened.push(adapter);
  const client = createFloorwalk({ adapter, session: { userId: agentId, role: 'agent', agentId, teamIds: 'all' } });
  clients.push(client);
  const told: string[] = [];
  const errors: FloorwalkError[] = [];
  client.on('monitoring', (n: MonitoringNotice) => told.push('session' in n ? `${n.kind} ${n.session.mode} by ${n.session.supervisorId}` : n.kind));
  client.on('error', (e) => errors.push(e));
  await client.connect();
  return { client, told, errors };
}

test('conversation level: a screen-monitoring leg on the agent’s call is a screen session of that agent on that interaction, from its start to its end; the agent keeps their call', async () => {
  const mock = org();
  const agent = mock.directory.agentIds[0] as string;
  const sup = mock.directory.supervisorId;
  const { client, told, errors } = await agentDesktop(mock, agent);
  const [cid] = mock.play([{ type: 'call', queueId: mock.directory.queueIds[0] as string, userId: agent }]) as [string];
  mock.play([{ type: 'answer', conversationId: cid }]);
  await until(() => client.getInteractions().some((i) => i.id === cid && i.state === 'connected'), 'the call');

  mock.play([{ type: 'screen', conversationId: cid, supervisorId: sup }]);
  await until(() => told.length > 0, 'the agent told');
  assert.deepEqual(told, [`started screen by ${sup}`]);
  const [session] = client.getMonitoringSessions({ agentId: agent, active: true });
  assert.deepEqual([session?.mode, session?.supervisorId, session?.interactionId], ['screen', sup, cid]);
  const call = client.getInteraction(cid);
  assert.deepEqual([call?.agentId, call?.state, call?.transfers], [agent, 'connected', undefined], 'the supervisor’s leg is not taken for the agent');

  mock.play([{ type: 'screen-end', conversationId: cid, supervisorId: sup }]);
  await until(() => told.length > 1, 'the end told');
  assert.deepEqual(told, [`started screen by ${sup}`, `ended screen by ${sup}`]);
  assert.deepEqual(client.getMonitoringSessions({ active: true }), []);
  assert.equal(client.getInteraction(cid)?.state, 'connected', 'the call goes on');
  assert.deepEqual(errors, []);
});

test('agent level: a conversation of the supervisor and the agent on screen media is a screen session of the agent on no interaction, never an interaction or a colleague call', async () => {
  const mock = org();
  const agent = mock.directory.agentIds[1] as string;
  const sup = mock.directory.supervisorId;
  const { client, told, errors } = await agentDesktop(mock, agent);

  const [view] = mock.play([{ type: 'screen', agentId: agent, supervisorId: sup }]) as [string];
  await until(() => told.length > 0, 'the agent told');
  assert.deepEqual(told, [`started screen by ${sup}`]);
  const [session] = client.getMonitoringSessions({ agentId: agent, active: true });
  assert.deepEqual([session?.mode, session?.supervisorId, session?.agentId, session?.interactionId], ['screen', sup, agent, undefined]);
  assert.equal(client.getInteraction(view), undefined, 'no interaction');
  assert.deepEqual(client.getColleagueCalls(), [], 'two users on one conversation, but no call');

  mock.play([{ type: 'screen-end', conversationId: view, supervisorId: sup }]);
  await until(() => told.length > 1, 'the end told');
  assert.deepEqual(told, [`started screen by ${sup}`, `ended screen by ${sup}`]);
  assert.deepEqual(client.getMonitoringHistory(agent).map((s) => [s.mode, s.endedAt !== undefined]), [['screen', true]]);
  assert.deepEqual(errors, [], 'no conversation without mapped media reported as malformed');
});

test('a screen view running when the agent’s desktop opens is found by the snapshot, at either level, and a resync keeps it running', async () => {
  const mock = org();
  const agent = mock.directory.agentIds[2] as string;
  const sup = mock.directory.supervisorId;
  const [cid] = mock.play([{ type: 'call', queueId: mock.directory.queueIds[0] as string, userId: agent }]) as [string];
  mock.play([{ type: 'answer', conversationId: cid }]);
  const [, view] = mock.play([
    { type: 'screen', conversationId: cid, supervisorId: sup },
    { type: 'screen', agentId: agent, supervisorId: sup },
  ]) as [string, string];

  const { client, told } = await agentDesktop(mock, agent);
  const running = (): string[] => client.getMonitoringSessions({ agentId: agent, active: true }).map((s) => `${s.mode} ${s.interactionId ?? 'agent'}`).sort();
  assert.deepEqual(running(), [`screen ${cid}`, 'screen agent']);
  await client.disconnect();
  await client.connect();
  assert.deepEqual(running(), [`screen ${cid}`, 'screen agent'], 'not ended by the resync');
  assert.ok(!told.some((t) => t.startsWith('ended')), told.join(', '));

  mock.play([{ type: 'screen-end', conversationId: view, supervisorId: sup }]);
  await until(() => running().length === 1, 'the agent-level view over');
  assert.deepEqual(running(), [`screen ${cid}`]);
});

test('a screen session is told, never controlled: the client refuses to switch or stop it, the adapter sends Genesys nothing for it, and the supervisor viewing may still listen', async () => {
  const mock = org();
  const agent = mock.directory.agentIds[0] as string;
  const sup = mock.directory.supervisorId;
  const adapter = createGenesysAdapter(mock.adapterOptions());
  opened.push(adapter);
  const client = createFloorwalk({ adapter, session: { userId: sup, role: 'supervisor', teamIds: 'all' } });
  clients.push(client);
  await client.connect();
  const [cid] = mock.play([{ type: 'call', queueId: mock.directory.queueIds[0] as string, userId: agent }]) as [string];
  mock.play([{ type: 'answer', conversationId: cid }, { type: 'screen', conversationId: cid, supervisorId: sup }]);
  await until(() => client.getMonitoringSessions({ active: true }).length === 1, 'the screen session');
  const screen = client.getMonitoringSessions({ active: true })[0]!;

  await rejectsWith(client.stopMonitoring(screen.id), ErrorCode.Unsupported);
  await rejectsWith(client.changeMonitoringMode(screen.id, 'listen'), ErrorCode.Unsupported);
  const sent = mock.requests.length;
  await rejectsWith(adapter.execute({ type: 'stop-monitoring', sessionId: screen.id, key: 'k-stop', issuedBy: sup, issuedAt: Date.now() }), ErrorCode.UnknownEntity);
  assert.equal(mock.requests.length, sent, 'no PATCH of the screen leg as if it were a call leg');

  // Viewing the screen is not monitoring the call: listening is a start, not a mode change.
  await client.startMonitoring(agent, cid, 'listen');
  await until(() => client.getMonitoringSessions({ active: true }).some((s) => s.mode === 'listen'), 'the listen session');
  assert.deepEqual(client.getMonitoringSessions({ active: true }).map((s) => s.mode).sort(), ['listen', 'screen']);
});

test('the events a screen view maps to are canonical: the conversation-level one names its interaction, the agent-level one none', async () => {
  const mock = org();
  const agent = mock.directory.agentIds[3] as string;
  const sup = mock.directory.supervisorId;
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), userId: agent, getAccessToken: () => mock.tokenFor(agent), watch: { userIds: [agent] } });
  opened.push(adapter);
  const sink = recorder();
  await adapter.connect(sink);
  await adapter.snapshot();
  const [cid] = mock.play([{ type: 'call', queueId: mock.directory.queueIds[0] as string, userId: agent }]) as [string];
  mock.play([{ type: 'answer', conversationId: cid }, { type: 'screen', conversationId: cid, supervisorId: sup }, { type: 'screen', agentId: agent, supervisorId: sup }]);
  await until(() => sink.received.filter((e) => e.type === 'monitoring').length >= 2, 'both sessions');
  const sessions = sink.received.flatMap((e) => (e.type === 'monitoring' ? [e] : []));
  for (const e of sessions) assert.equal(checkEvent(e), null, JSON.stringify(e));
  assert.deepEqual([...new Set(sessions.map((e) => `${e.session.mode} ${e.session.interactionId ?? '-'}`))].sort(), ['screen -', `screen ${cid}`]);
  assert.deepEqual(sink.errors, []);
});

test('the mock org’s steps still act on the agent’s own leg once a supervisor views their screen: hold, hang up, wrap up, and a monitor step', async () => {
  const mock = org();
  const agent = mock.directory.agentIds[4] as string;
  const sup = mock.directory.supervisorId;
  const { client, told } = await agentDesktop(mock, agent);
  const [cid] = mock.play([{ type: 'call', queueId: mock.directory.queueIds[0] as string, userId: agent }]) as [string];
  mock.play([{ type: 'answer', conversationId: cid }, { type: 'screen', conversationId: cid, supervisorId: sup }]);
  await until(() => told.length > 0, 'the view told');
  mock.play([{ type: 'monitor', conversationId: cid, supervisorId: sup, mode: 'monitor' }]);
  await until(() => told.length > 1, 'the listen told');
  assert.deepEqual(
    client.getMonitoringSessions({ active: true }).map((s) => `${s.mode} of ${s.agentId}`).sort(),
    [`listen of ${agent}`, `screen of ${agent}`],
    'the monitor leg is on the agent’s leg, not the supervisor’s screen leg',
  );
  mock.play([{ type: 'hold', conversationId: cid, held: true }]);
  await until(() => client.getInteraction(cid)?.state === 'held', 'the agent on hold');
  mock.play([{ type: 'hold', conversationId: cid, held: false }, { type: 'hangup', conversationId: cid }]);
  await until(() => client.getInteraction(cid)?.state === 'wrap-up', 'the agent in wrap-up');
  mock.play([{ type: 'wrapup', conversationId: cid }]);
  await until(() => client.getInteraction(cid)?.state === 'ended', 'the call over');
  assert.deepEqual(client.getMonitoringSessions({ active: true }), []);
});

test('a screen view that outlasts the interaction it is on is followed to its own end: the agent is told when it stops', async () => {
  const mock = org();
  const agent = mock.directory.agentIds[5] as string;
  const sup = mock.directory.supervisorId;
  const { client, told, errors } = await agentDesktop(mock, agent);
  const [cid] = mock.play([{ type: 'call', queueId: mock.directory.queueIds[0] as string, userId: agent }]) as [string];
  mock.play([{ type: 'answer', conversationId: cid }, { type: 'screen', conversationId: cid, supervisorId: sup }]);
  await until(() => told.length > 0, 'the view told');
  type Leg = { userId?: string; purpose: string; endTime?: string; screenMonitoredParticipantId?: string; wrapup?: unknown; endAcwTime?: string; calls?: Record<string, unknown>[]; screenMonitorings?: Record<string, unknown>[] };
  const body = structuredClone(mock.conversation(cid)) as { id: string; participants: Leg[] };
  const send = (): void => mock.sendRaw(JSON.stringify({ topicName: `v2.users.${agent}.conversations`, version: '2', eventBody: body }));
  const t = (s: number): string => new Date(Date.now() + s * 1000).toISOString();
  // Genesys' payloads, one after the other: the call over and wrapped up while the supervisor's
  // screen-monitoring leg still runs; then that leg's own end.
  for (const p of body.participants) {
    if (p.screenMonitoredParticipantId !== undefined) continue;
    for (const m of p.calls ?? []) Object.assign(m, { state: 'disconnected', disconnectedTime: t(1), disconnectType: p.purpose === 'customer' ? 'peer' : 'client' });
    p.endTime = t(1);
    if (p.userId === agent) Object.assign(p, { wrapup: { code: 'Resolved' }, endAcwTime: t(2) });
  }
  send();
  await until(() => client.getInteraction(cid)?.state === 'ended', 'the call over');
  assert.deepEqual(told, [`started screen by ${sup}`], 'the view goes on');
  const leg = body.participants.find((p) => p.screenMonitoredParticipantId !== undefined) as Leg;
  Object.assign(leg.screenMonitorings?.[0] ?? {}, { state: 'disconnected', disconnectedTime: t(3), disconnectType: 'system' });
  leg.endTime = t(3);
  send();
  await until(() => told.length > 1, 'the end of the view told');
  assert.deepEqual(told, [`started screen by ${sup}`, `ended screen by ${sup}`]);
  assert.deepEqual(client.getMonitoringSessions({ active: true }), []);
  assert.deepEqual(errors, []);
});
