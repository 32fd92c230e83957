// Channels and the link: sharding within Genesys' limits, heartbeats, socket_closing, expiry,
// reconnect and resync, rate limits and pacing, and the commands' REST calls.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { HttpResponse, http, ws } from 'msw';
import { setupServer } from 'msw/node';
import { ErrorCode, FloorwalkError, createFloorwalk, createMemoryStorage, type FloorwalkEvent, type IntentSettled } from '@floorwalk/core';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { GENESYS_LIMITS, createGenesysAdapter, planGenesysTopics, type GenesysAdapter, type GenesysAdapterOptions } from './index.js';
import { delivery, recorder, rejectsWith, tick, until, type Recorder } from './test-support.js';
import { createGenesysMock, type GenesysMock, type GenesysMockOptions } from './mocks/index.js';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
after(() => server.close());
const opened: GenesysAdapter[] = [];
afterEach(async () => {
  for (const a of opened.splice(0)) await a.disconnect();
});

const START = Date.UTC(2026, 0, 5, 9);


interface Rig {
  readonly clock: ManualClock;
  readonly mock: GenesysMock;
  readonly adapter: GenesysAdapter;
  readonly sink: Recorder;
  readonly agents: readonly string[];
  /** Every text frame the adapter's sockets were handed. */
  readonly frames: readonly string[];
  /** Until every frame the mock has sent so far has been read (a heartbeat after them has). */
  delivered(): Promise<void>;
}

function make(mockOptions: GenesysMockOptions = {}, adapterOptions: Partial<GenesysAdapterOptions> = {}): Omit<Rig, 'sink'> {
  const clock = createManualClock(START);
  const mock = createGenesysMock({ agents: 8, clock, ...mockOptions });
  server.resetHandlers(...mock.handlers);
  const { WebSocket, delivered, frames } = delivery(mock);
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), clock, WebSocket, ...adapterOptions });
  opened.push(adapter);
  return { clock, mock, adapter, agents: mock.directory.agentIds, delivered, frames };
}

async function rig(mockOptions: GenesysMockOptions = {}, adapterOptions: Partial<GenesysAdapterOptions> = {}): Promise<Rig> {
  const r = make(mockOptions, adapterOptions);
  const sink = recorder();
  await r.adapter.connect(sink);
  await r.adapter.snapshot();
  return { ...r, sink };
}

const count = (mock: GenesysMock, method: string, path: RegExp): number => mock.requests.filter((q) => q.method === method && path.test(q.path)).length;

/** A presence change by the org now arrives as an event (the link works). */
async function flows(r: Rig, presence = 'MEETING'): Promise<void> {
  const agent = r.agents[0] as string;
  const before = r.sink.received.length;
  r.clock.advance(1000);
  r.mock.play([{ type: 'presence', userId: agent, presence }]);
  await until(() => r.sink.received.slice(before).some((e) => e.type === 'presence' && e.agentId === agent), 'a presence event over the link');
}

let keys = 0;
const envelope = <C extends object>(command: C, key = `k-${++keys}`) => ({ ...command, key, issuedBy: 'sup', issuedAt: START }) as never;

// ---- channels and topics --------------------------------------------------------------------

test('connect creates a channel, opens its socket and PUTs the combined topics with ignoreErrors', async () => {
  const r = await rig();
  assert.equal(r.mock.channels.length, 1);
  const [channel] = r.mock.channels;
  assert.ok(channel?.connected);
  assert.deepEqual(r.adapter.channelIds, [channel?.id]);
  const put = r.mock.requests.find((q) => q.method === 'PUT');
  assert.match(put?.path ?? '', /^\/api\/v2\/notifications\/channels\/[^/]+\/subscriptions\?ignoreErrors=true$/);
  const topics = channel?.topics ?? [];
  for (const a of r.agents) assert.ok(topics.includes(`v2.users.${a}?activity&conversations`), `combined topic for ${a}`);
  for (const q of r.mock.directory.queueIds) {
    assert.ok(topics.includes(`v2.routing.queues.${q}?conversations&users`));
    assert.ok(topics.includes(`v2.analytics.queues.${q}.observations`));
  }
  assert.ok(!topics.some((t) => t.startsWith('v2.system') || t === 'channel.metadata'), 'system topics are never subscribed');
  await flows(r);
});

test('a new connect() reuses the channels of the last one when they are still there', async () => {
  const r = await rig();
  const first = r.adapter.channelIds[0];
  const posts = (): number => count(r.mock, 'POST', /^\/api\/v2\/notifications\/channels$/);
  assert.equal(posts(), 1);
  await r.adapter.disconnect();
  await r.adapter.connect(r.sink);
  assert.equal(posts(), 1, 'no new channel');
  assert.deepEqual(r.adapter.channelIds, [first]);
  assert.equal(count(r.mock, 'HEAD', /notifications\/channels/), 1);
  assert.equal(count(r.mock, 'PUT', /subscriptions/), 2, 'topics put again');
  await flows(r);
  // Gone while disconnected: a new one.
  await r.adapter.disconnect();
  r.mock.expireChannels();
  await r.adapter.connect(r.sink);
  assert.equal(posts(), 2);
  assert.notEqual(r.adapter.channelIds[0], first);
  await flows(r, 'BREAK');
});

test('planGenesysTopics shards 2,500 users within 1,000 topics a channel and says clearly when a list cannot fit', () => {
  const users = Array.from({ length: 2500 }, (_, i) => `user-${i}`);
  const plan = planGenesysTopics({ userIds: users, queueIds: ['q1', 'q2'] });
  // Each user costs two topics (activity, conversations), counted individually by default.
  assert.equal(plan.topicCount, 2500 * 2 + 2 * 3);
  assert.equal(plan.channels.length, 6);
  for (const c of plan.channels) assert.ok(c.cost <= GENESYS_LIMITS.topicsPerChannel);
  const all = plan.channels.flatMap((c) => c.topics);
  assert.equal(new Set(all).size, all.length, 'no topic twice');
  assert.ok(all.every((t) => t.length <= GENESYS_LIMITS.topicLength));
  // Counting a combined topic once, if the org allows it, needs fewer channels.
  assert.equal(planGenesysTopics({ userIds: users, queueIds: ['q1', 'q2'], combinedCountsAsOne: true }).channels.length, 3);
  // Separate topics per user cost more.
  assert.equal(planGenesysTopics({ userIds: users, queueIds: [], userTopics: ['presence', 'routingStatus', 'conversations'] }).channels.length, 8);

  const tooMany = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
  assert.throws(
    () => planGenesysTopics({ userIds: tooMany, queueIds: ['q1'] }),
    (err: unknown) =>
      err instanceof FloorwalkError &&
      err.code === ErrorCode.InvalidArgument &&
      err.details?.channelsNeeded === 21 &&
      err.details?.maxChannels === 20 &&
      /needs 21 notification channels/.test(err.message),
  );
  assert.throws(() => planGenesysTopics({ userIds: users, queueIds: [], maxChannels: 3 }), /only 3 may be used/);
});

test('2,500 watched users: six channels, every topic once, paced snapshot, live events from the last shard', async () => {
  const r = make({ agents: 2500, teams: 5, queues: 2 });
  const sink = recorder();
  let connected = false;
  const connecting = r.adapter.connect(sink).then(() => (connected = true));
  // Connecting reads 5 teams of 500 (25 pages each): pacing may make it wait for the next minute.
  while (!connected) {
    await tick(2);
    r.clock.advance(500);
  }
  await connecting;
  const channels = r.mock.channels;
  assert.equal(channels.length, 6);
  assert.ok(channels.every((c) => c.connected));
  const own = `v2.users.${r.mock.directory.supervisorId}`;
  const userTopics = channels.flatMap((c) => c.topics).filter((t) => t.startsWith('v2.users.') && !t.startsWith(own));
  assert.equal(userTopics.length, 2500);
  // The supervisor's own conversations (colleague calls) and coaching appointments, once.
  assert.deepEqual(channels.flatMap((c) => c.topics).filter((t) => t.startsWith(own)), [`${own}?conversations&wem.coaching.notification`]);
  assert.equal(new Set(userTopics).size, 2500);
  let snap: Awaited<ReturnType<GenesysAdapter['snapshot']>> | undefined;
  const snapping = r.adapter.snapshot().then((s) => (snap = s));
  while (snap === undefined) {
    await tick(2);
    r.clock.advance(500);
  }
  await snapping;
  assert.equal(snap?.agents?.length, 2500);
  assert.equal(r.mock.requests.filter((q) => q.status === 429).length, 0, 'never throttled');
  // No 60 s window holds more than the adapter's 240 requests.
  const times = r.mock.requests.map((q) => q.at);
  for (const t of times) assert.ok(times.filter((x) => x >= t && x < t + 60_000).length <= 240);
  const last = r.agents[2499] as string;
  r.mock.play([{ type: 'presence', userId: last, presence: 'TRAINING' }]);
  await until(() => sink.received.some((e) => e.type === 'presence' && e.agentId === last && e.presence.state === 'training'), 'the 2,500th agent’s presence');
  assert.equal(sink.errors.length, 0);
});

test('a watch list that cannot fit rejects connect with InvalidArgument and opens no channel', async () => {
  const r = make({ agents: 1200, teams: 2 }, { maxChannels: 2 });
  const err = await rejectsWith(r.adapter.connect(recorder()), ErrorCode.InvalidArgument);
  assert.equal(err.details?.channelsNeeded, 3);
  assert.equal(r.mock.channels.length, 0);
});

test('topics the session may not see are reported as Forbidden with the missing permissions; the rest stay live', async () => {
  const q = '8c1e2a4b-0000-4000-8000-000000000001';
  const r = await rig({ forbiddenTopics: [`v2.analytics.queues.${q}.observations`] });
  const err = r.sink.errors.find((e) => e.code === ErrorCode.Forbidden);
  assert.ok(err, 'a Forbidden error');
  assert.deepEqual(err.details?.missingPermissions, ['analytics:queueObservation:view']);
  assert.ok(r.sink.statuses.includes('live'));
  await flows(r);
});

test('one forbidden part of a combined topic is rejected alone: Genesys keeps the combined topic’s other parts live', async () => {
  const agent = '0f7d0d6e-0000-4000-8000-000000000001';
  const r = await rig({ forbiddenTopics: [`v2.users.${agent}.conversations`] });
  assert.equal(r.agents[0], agent);
  const put = r.mock.channels[0]?.topics ?? [];
  assert.ok(put.some((t) => t.startsWith(`v2.users.${agent}?`)), 'the combined topic is held, as Genesys reports it Permitted');
  const err = r.sink.errors.find((e) => e.code === ErrorCode.Forbidden);
  assert.deepEqual(err?.details?.topics, [`v2.users.${agent}.conversations`]);
  await flows(r); // the presence of that agent still arrives, on the combined topic's activity part
});

// ---- keeping the channel alive --------------------------------------------------------------

test('heartbeats keep the socket; silence brings a ping; an answered ping keeps it', async () => {
  const r = await rig();
  r.clock.advance(60_000);
  r.mock.heartbeat();
  await r.delivered();
  r.clock.advance(60_000); // 60 s since the heartbeat: still inside the 75 s window
  assert.ok(!r.mock.received.some((t) => t.includes('ping')));
  r.clock.advance(20_000);
  await until(() => r.mock.received.includes('{"message":"ping"}'), 'a ping');
  // Not the barrier: its heartbeat would keep the socket in place of the pong under test.
  await until(() => r.frames.some((f) => f.includes('"pong"')), 'the pong read');
  r.clock.advance(15_000);
  // Nothing marks a reconnect that does not come; the watchdog decides in its timer, on the advance.
  await tick(20);
  assert.ok(!r.sink.statuses.includes('reconnecting'));
  await flows(r);
});

test('ping() answers the client’s liveness check with Genesys’ own ping, not a snapshot', async () => {
  const r = make();
  const client = createFloorwalk({ adapter: r.adapter, clock: r.clock, session: { userId: r.mock.directory.supervisorId, role: 'admin', teamIds: 'all' } });
  await client.connect();
  const before = r.mock.requests.length;
  assert.equal(await client.checkConnection(), true);
  assert.equal(r.mock.requests.length, before, 'no REST call');
  assert.ok(r.mock.received.includes('{"message":"ping"}'));
  r.mock.silence(true);
  const answered = r.adapter.ping();
  r.clock.advance(10_000);
  await rejectsWith(answered, ErrorCode.NotConnected);
  r.mock.silence(false);
  await client.disconnect();
  await rejectsWith(r.adapter.ping(), ErrorCode.NotConnected);
});

test('a silent socket that does not answer its ping is replaced, on the same channel', async () => {
  const r = await rig();
  const channel = r.adapter.channelIds[0];
  r.mock.silence(true);
  r.clock.advance(75_000);
  await until(() => r.mock.received.includes('{"message":"ping"}'), 'a ping');
  r.clock.advance(10_000);
  await until(() => r.sink.statuses.includes('reconnecting'), 'reconnecting');
  r.mock.silence(false);
  await until(() => r.sink.statuses.at(-1) === 'live', 'live again');
  assert.deepEqual(r.adapter.channelIds, [channel]);
  assert.ok(count(r.mock, 'HEAD', /notifications\/channels/) >= 1);
  await flows(r);
});

test('after the socket closes: reconnecting, HEAD finds the channel, same channel, live, events flow', async () => {
  const r = await rig();
  const channel = r.adapter.channelIds[0];
  const posts = count(r.mock, 'POST', /^\/api\/v2\/notifications\/channels$/);
  r.mock.dropSockets();
  await until(() => r.sink.statuses.at(-1) === 'live' && r.sink.statuses.includes('reconnecting'), 'reconnect');
  assert.deepEqual(r.sink.statuses, ['live', 'reconnecting', 'live']);
  assert.equal(count(r.mock, 'HEAD', /notifications\/channels/), 1);
  assert.equal(count(r.mock, 'POST', /^\/api\/v2\/notifications\/channels$/), posts, 'no new channel');
  assert.deepEqual(r.adapter.channelIds, [channel]);
  await flows(r);
});

test('v2.system.socket_closing: a new channel make-before-break, with no gap and no resync', async () => {
  const r = make();
  const client = createFloorwalk({ adapter: r.adapter, clock: r.clock, session: { userId: r.mock.directory.supervisorId, role: 'admin', teamIds: 'all' } });
  const statuses: string[] = [];
  client.on('status', (change) => statuses.push(change.current));
  await client.connect();
  await until(() => client.status === 'live', 'live');
  const old = r.adapter.channelIds[0];
  const agent = r.agents[1] as string;
  const before = r.mock.requests.length;
  r.mock.socketClosing();
  r.clock.advance(1000);
  // Said on the old socket after the notice, before the new channel exists.
  r.mock.play([{ type: 'presence', userId: agent, presence: 'MEAL' }]);
  await until(() => r.adapter.channelIds[0] !== old, 'the new channel');
  await until(() => client.getAgent(agent)?.presence.state === 'meal', 'the old socket’s notification');
  r.clock.advance(1000);
  r.mock.play([{ type: 'presence', userId: agent, presence: 'TRAINING' }]);
  await until(() => client.getAgent(agent)?.presence.state === 'training', 'a notification after the move');
  await r.delivered();
  assert.deepEqual(statuses, ['connecting', 'live']);
  // One POST for the channel and one PUT of its topics: no HEAD, and none of a snapshot's reads.
  assert.deepEqual(r.mock.requests.slice(before).map((q) => q.method), ['POST', 'PUT']);
  await client.disconnect();
});

test('after socket_closing both sockets deliver until the old one is drained; a notification heard on both is one event id', async () => {
  const r = await rig();
  const [old] = r.mock.channels;
  const agent = r.agents[0] as string;
  r.mock.socketClosing();
  await until(() => r.adapter.channelIds[0] !== old?.id, 'the new channel');
  assert.ok(r.mock.channels.length === 2 && r.mock.channels.every((c) => c.connected && c.topics.length > 0), 'the new channel subscribed, the old socket open');
  const from = r.sink.received.length;
  r.clock.advance(1000);
  r.mock.play([{ type: 'presence', userId: agent, presence: 'MEETING' }]);
  const heard = (): FloorwalkEvent[] => r.sink.received.slice(from).filter((e) => e.type === 'presence' && e.agentId === agent);
  await until(() => heard().length > 1, 'the notification on both sockets');
  await r.delivered();
  // Each copy heard second has the id of the first, and the store applies an event id once.
  const ids = heard().map((e) => e.id);
  assert.ok(ids.length > 0 && ids.every((id) => ids.filter((x) => x === id).length === 2), ids.join(' '));
  // What the old socket says about its own channel (evicted, say) is not about the shard's channel now.
  r.mock.sendRaw(JSON.stringify({ topicName: `v2.system.no_longer_subscribed.${old?.id}`, version: '2', eventBody: { channelId: old?.id, systemTopicType: 'no_longer_subscribed' } }), old?.id);
  await r.delivered();
  const now = r.adapter.channelIds[0];
  // After the drain only the new socket is open.
  r.clock.advance(15_000);
  await until(() => r.mock.channels.find((c) => c.id === old?.id)?.connected === false, 'the old socket closed');
  assert.equal(r.adapter.channelIds[0], now);
  assert.ok(!r.sink.statuses.includes('reconnecting'));
  await flows(r);
});

test('socket_closing when the new channel cannot be made: the old socket serves until it closes, then reconnect and resync', async () => {
  const r = make();
  const client = createFloorwalk({ adapter: r.adapter, clock: r.clock, session: { userId: r.mock.directory.supervisorId, role: 'admin', teamIds: 'all' } });
  const statuses: string[] = [];
  client.on('status', (change) => statuses.push(change.current));
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  await client.connect();
  const old = r.adapter.channelIds[0];
  const agent = r.agents[2] as string;
  r.mock.failNext(/^\/api\/v2\/notifications\/channels$/, 503);
  r.mock.socketClosing();
  await until(() => errors.some((e) => e.details?.status === 503), 'the failed move');
  r.clock.advance(1000);
  r.mock.play([{ type: 'presence', userId: agent, presence: 'BREAK' }]);
  await until(() => client.getAgent(agent)?.presence.state === 'break', 'the old socket still delivers');
  assert.deepEqual(statuses, ['connecting', 'live']);
  // Maintenance starts: what happens meanwhile is only read back by the resync.
  const snapshots = count(r.mock, 'POST', /analytics\/conversations\/details\/query/);
  r.mock.pauseDelivery(true);
  r.clock.advance(1000);
  r.mock.play([{ type: 'presence', userId: agent, presence: 'MEAL' }]);
  r.mock.dropSockets();
  r.mock.pauseDelivery(false);
  await until(() => statuses.includes('reconnecting') && client.status === 'live', 'reconnect');
  await until(() => client.getAgent(agent)?.presence.state === 'meal', 'the resync');
  assert.ok(count(r.mock, 'POST', /analytics\/conversations\/details\/query/) > snapshots);
  assert.deepEqual(r.adapter.channelIds, [old], 'the same channel, reconnected');
  await client.disconnect();
});

test('socket_closing on two shards at once: both move, each on a spare channel, with no gap', async () => {
  const r = make({ agents: 600, teams: 2 });
  const sink = recorder();
  await r.adapter.connect(sink);
  const old = r.adapter.channelIds;
  assert.equal(old.length, 2);
  r.mock.socketClosing();
  await until(() => r.adapter.channelIds.every((id) => !old.includes(id)), 'both shards on new channels');
  assert.deepEqual(sink.statuses, ['live']);
  assert.equal(count(r.mock, 'POST', /^\/api\/v2\/notifications\/channels$/), 4);
  const last = r.agents[599] as string;
  r.clock.advance(1000);
  r.mock.play([{ type: 'presence', userId: last, presence: 'MEAL' }]);
  await until(() => sink.received.some((e) => e.type === 'presence' && e.agentId === last && e.presence.state === 'meal'), 'the second shard’s notification');
});

test('socket_closing with one spare channel for two shards: one moves, the other serves on its old socket until it closes, then reconnects', async () => {
  const r = make({ agents: 600, teams: 2 }, { maxChannels: 3 });
  const sink = recorder();
  await r.adapter.connect(sink);
  const old = r.adapter.channelIds;
  r.mock.socketClosing();
  await until(() => r.adapter.channelIds.filter((id) => !old.includes(id)).length === 1 && sink.errors.some((e) => /no spare channel/.test(e.message)), 'one move, one refused');
  await tick(20);
  // Never more than maxChannels live sockets: a 21st channel would have evicted one of ours.
  assert.ok(r.mock.channels.filter((c) => c.connected).length <= 3);
  assert.deepEqual(sink.statuses, ['live']);
  const stayed = r.adapter.channelIds.find((id) => old.includes(id)) as string;
  r.mock.dropSockets([stayed]);
  await until(() => sink.statuses.at(-1) === 'live' && sink.statuses.includes('reconnecting'), 'the reconnect of the shard that could not move');
  assert.ok(r.adapter.channelIds.includes(stayed), 'reconnected to its channel');
});

test('socket_closing during a renewal is answered by that renewal: one new channel, no gap', async () => {
  const r = await rig({}, { heartbeatTimeoutMs: 48 * 3_600_000 });
  const old = r.adapter.channelIds[0];
  const posts = count(r.mock, 'POST', /^\/api\/v2\/notifications\/channels$/);
  r.clock.advance(24 * 3_600_000 - 10 * 60_000 + 1);
  r.mock.socketClosing();
  await until(() => r.adapter.channelIds[0] !== old, 'the renewed channel');
  await tick(50);
  assert.equal(count(r.mock, 'POST', /^\/api\/v2\/notifications\/channels$/), posts + 1);
  assert.ok(!r.sink.statuses.includes('reconnecting'));
  await flows(r);
});

test('a no_longer_subscribed heard while a socket_closing move is under way still ends on a new channel', async () => {
  const r = await rig();
  const old = r.adapter.channelIds[0] as string;
  const text = JSON.stringify({ topicName: `v2.system.no_longer_subscribed.${old}`, version: '2', eventBody: { channelId: old, systemTopicType: 'no_longer_subscribed', reason: 'another_channel_subscribed' } });
  // Heard on the old socket just as the move's new socket reaches its channel.
  let sent = false;
  server.use(ws.link(`wss://streaming.${r.mock.domain}/channels/*`).addEventListener('connection', () => {
    if (!sent) r.mock.sendRaw(text);
    sent = true;
  }));
  r.mock.socketClosing();
  await until(() => sent && r.sink.statuses.at(-1) === 'live', 'the reconnect');
  await until(() => r.adapter.channelIds[0] !== undefined && r.adapter.channelIds[0] !== old, 'a new channel');
  await flows(r);
});

test('a channel that expired on the server is replaced by a new one with the same topics', async () => {
  const r = await rig();
  const old = r.adapter.channelIds[0];
  const topics = r.mock.channels[0]?.topics;
  r.mock.expireChannels();
  await until(() => r.sink.statuses.at(-1) === 'live' && r.sink.statuses.includes('reconnecting'), 'a new channel');
  assert.notEqual(r.adapter.channelIds[0], old);
  assert.deepEqual(r.mock.channels[0]?.topics, topics);
  await flows(r);
});

test('before the 24 h expiry the channel is renewed make-before-break, with no gap reported', async () => {
  // The clock jumps a day at once, with no heartbeats on the way: keep the watchdog out of it.
  const r = await rig({}, { heartbeatTimeoutMs: 48 * 3_600_000 });
  const old = r.adapter.channelIds[0];
  r.clock.advance(24 * 3_600_000 - 11 * 60_000);
  r.mock.heartbeat();
  await r.delivered();
  assert.equal(r.adapter.channelIds[0], old);
  r.clock.advance(60_000 + 1);
  await until(() => r.adapter.channelIds[0] !== old, 'a renewed channel');
  // The old socket delivers what Genesys sent it before the new channel held every topic, then is dropped.
  assert.equal(r.mock.channels.filter((c) => c.connected).length, 2);
  r.clock.advance(15_000);
  await until(() => r.mock.channels.filter((c) => c.connected).length === 1, 'the old socket closed');
  assert.ok(!r.sink.statuses.includes('reconnecting'));
  await flows(r);
});

test('a failed renewal is retried while the old channel lives, without a gap', async () => {
  const r = await rig({}, { heartbeatTimeoutMs: 48 * 3_600_000 });
  const old = r.adapter.channelIds[0];
  r.mock.failNext(/^\/api\/v2\/notifications\/channels$/, 503);
  r.clock.advance(24 * 3_600_000 - 10 * 60_000 + 1);
  await until(() => r.sink.errors.some((e) => e.details?.status === 503), 'the failed renewal');
  assert.equal(r.adapter.channelIds[0], old);
  await flows(r);
  r.clock.advance(60_000);
  await until(() => r.adapter.channelIds[0] !== old, 'the renewal, retried');
  assert.ok(!r.sink.statuses.includes('reconnecting'));
  await flows(r, 'BREAK');
});

test('v2.system.no_longer_subscribed moves to a new channel', async () => {
  const r = await rig();
  const old = r.adapter.channelIds[0] as string;
  r.mock.sendRaw(JSON.stringify({ topicName: `v2.system.no_longer_subscribed.${old}`, version: '2', eventBody: { channelId: old, systemTopicType: 'no_longer_subscribed', reason: 'another_channel_subscribed' } }));
  await until(() => r.adapter.channelIds[0] !== undefined && r.adapter.channelIds[0] !== old && r.sink.statuses.at(-1) === 'live', 'a new channel');
  await flows(r);
});

test('v2.system.token_revoked moves to a new channel too; topic names are matched whatever their case', async () => {
  const r = await rig();
  const old = r.adapter.channelIds[0] as string;
  const agent = r.agents[0] as string;
  const errors = r.sink.errors.length;
  r.mock.sendRaw(JSON.stringify({ topicName: 'CHANNEL.METADATA', eventBody: { message: 'WebSocket Heartbeat' } }));
  r.mock.sendRaw(JSON.stringify({ topicName: `V2.Users.${agent}.ROUTINGSTATUS`, version: '2', eventBody: { id: agent, routingStatus: { status: 'NOT_RESPONDING', startTime: new Date(START).toISOString() } }, metadata: { CorrelationId: 'c-1' } }));
  await until(() => r.sink.received.some((e) => e.type === 'not-responding' && e.agentId === agent && e.notResponding), 'the upper-case topic mapped');
  assert.equal(r.sink.errors.length, errors, 'an upper-case heartbeat is a heartbeat');
  r.mock.sendRaw(JSON.stringify({ topicName: `v2.system.token_revoked.${old}`, version: '2', eventBody: { channelId: old, systemTopicType: 'token_revoked', reason: 'user_tokens_revoked' } }));
  await until(() => r.adapter.channelIds[0] !== undefined && r.adapter.channelIds[0] !== old && r.sink.statuses.at(-1) === 'live', 'a new channel');
  await flows(r);
});

test('a reconnect refused with 401 ends in failed with AuthFailed', async () => {
  const r = await rig();
  r.mock.failNext(/notifications\/channels/, 401, 10);
  r.mock.dropSockets();
  await until(() => r.sink.statuses.at(-1) === 'failed', 'failed');
  assert.ok(r.sink.errors.some((e) => e.code === ErrorCode.AuthFailed));
});

test('a failing reconnect retries with backoff on the clock', async () => {
  const r = await rig();
  r.mock.failNext(/notifications\/channels/, 503, 2);
  r.mock.dropSockets();
  await until(() => r.sink.errors.some((e) => e.code === ErrorCode.VendorError && e.details?.status === 503), 'the first failure');
  assert.notEqual(r.sink.statuses.at(-1), 'live');
  r.clock.advance(1_200); // first tier: 1 s ± 20 %
  await until(() => r.sink.errors.filter((e) => e.details?.status === 503).length === 2, 'the second failure');
  r.clock.advance(2_400);
  await until(() => r.sink.statuses.at(-1) === 'live', 'live after backoff');
});

test('a gap in delivery is healed by the resync the client runs after reconnecting', async () => {
  const r = make();
  const client = createFloorwalk({ adapter: r.adapter, clock: r.clock, session: { userId: r.mock.directory.supervisorId, role: 'admin', teamIds: 'all' } });
  const statuses: string[] = [];
  client.on('status', (change) => statuses.push(change.current));
  await client.connect();
  const agent = r.agents[2] as string;
  const queue = r.mock.directory.queueIds[0] as string;
  r.mock.pauseDelivery(true);
  r.clock.advance(5_000);
  const [missed] = r.mock.play([{ type: 'presence', userId: agent, presence: 'MEAL' }, { type: 'call', queueId: queue }]);
  r.mock.dropSockets();
  r.mock.pauseDelivery(false);
  await until(() => statuses.includes('reconnecting') && client.status === 'live', 'reconnecting, then live');
  await until(() => client.getAgent(agent)?.presence.state === 'meal', 'the missed presence');
  assert.ok(client.getInteractions().some((i) => i.id === missed && i.state === 'queued'), 'the missed call');
  await client.disconnect();
});

// ---- rate limits ----------------------------------------------------------------------------

test('a 429 on a command rejects it at once, RateLimited with Retry-After in ms; every call then waits it out on the clock', async () => {
  const r = await rig();
  const me = r.mock.directory.supervisorId;
  r.mock.throttle(1, 3);
  // Not waited out in the adapter: the client's outbox waits retryAfterMs and sends it again.
  const err = await rejectsWith(r.adapter.execute(envelope({ type: 'set-presence', agentId: me, state: 'break' })), ErrorCode.RateLimited);
  assert.equal(err.details?.retryAfterMs, 3_000);
  assert.equal(err.details?.status, 429);
  assert.equal(count(r.mock, 'PATCH', /presences/), 1, 'one PATCH, answered 429');
  // The outbox's resend: held until Retry-After has passed, like every other call.
  let done = false;
  const p = r.adapter.execute(envelope({ type: 'set-presence', agentId: me, state: 'break' })).then(() => (done = true));
  await tick(20);
  r.clock.advance(2_999);
  await tick(20);
  assert.equal(done, false);
  assert.equal(count(r.mock, 'PATCH', /presences/), 1, 'nothing sent before Retry-After');
  r.clock.advance(1);
  await p;
  assert.equal(r.mock.user(me)?.presenceId, '227b37e2-f1d0-4dd0-8f50-badd7cf6d158');
});

test('a 429 without Retry-After holds calls 5 s, not 0, and tells the command so', async () => {
  const r = await rig();
  const me = r.mock.directory.supervisorId;
  let throttled = 0;
  // Genesys' 429 body, its header missing (a proxy in between may drop it).
  server.use(http.patch(`https://api.${r.mock.domain}/api/v2/users/:id/presences/purecloud`, () => {
    if (throttled++ > 0) return undefined;
    return HttpResponse.json({ message: 'Rate limit exceeded the maximum. Retry the request in [5] seconds', code: 'too.many.requests.retry.after', status: 429 }, { status: 429 });
  }));
  const err = await rejectsWith(r.adapter.execute(envelope({ type: 'set-presence', agentId: me, state: 'break' })), ErrorCode.RateLimited);
  assert.equal(err.details?.retryAfterMs, 5_000);
  let done = false;
  const p = r.adapter.execute(envelope({ type: 'set-presence', agentId: me, state: 'break' })).then(() => (done = true));
  await tick(20);
  r.clock.advance(4_999);
  await tick(20);
  assert.equal(throttled, 1, 'no request before the pause');
  assert.equal(done, false);
  r.clock.advance(1);
  await p;
  assert.equal(throttled, 2);
});

test('a 429 whose Retry-After is an HTTP-date (as a proxy in front of Genesys sends it) waits until that date, not the 5 s fallback', async () => {
  const r = await rig();
  const me = r.mock.directory.supervisorId;
  let throttled = 0;
  // 12 s after the adapter's clock, in the IMF-fixdate form RFC 9110 §5.6.7 prefers.
  const until = new Date(START + 12_000).toUTCString();
  server.use(http.patch(`https://api.${r.mock.domain}/api/v2/users/:id/presences/purecloud`, () => {
    if (throttled++ > 0) return undefined;
    return HttpResponse.json({ message: 'Rate limit exceeded the maximum.', code: 'too.many.requests.retry.after', status: 429 }, { status: 429, headers: { 'Retry-After': until } });
  }));
  const err = await rejectsWith(r.adapter.execute(envelope({ type: 'set-presence', agentId: me, state: 'break' })), ErrorCode.RateLimited);
  assert.equal(err.details?.retryAfterMs, 12_000 - (r.clock.now() - START));
  let done = false;
  const p = r.adapter.execute(envelope({ type: 'set-presence', agentId: me, state: 'break' })).then(() => (done = true));
  await tick(20);
  r.clock.advance(START + 12_000 - r.clock.now() - 1);
  await tick(20);
  assert.equal(throttled, 1, 'no request before the date');
  assert.equal(done, false);
  r.clock.advance(1);
  await p;
  assert.equal(throttled, 2);
});

test('throttling that outlasts the retries of a read (a snapshot) rejects it with a retryable RateLimited', async () => {
  const r = await rig();
  r.mock.throttle(10, 1);
  let settled = false;
  const p = r.adapter.snapshot();
  p.catch(() => undefined).finally(() => (settled = true));
  while (!settled) {
    await tick(5);
    r.clock.advance(1_000);
  }
  const err = await rejectsWith(p, ErrorCode.RateLimited);
  assert.equal(err.retryable, true);
  assert.equal(err.details?.status, 429);
});

test('the mock’s throttle aimed at a write is not spent on the reads that go first (a POST query among them); unaimed, it takes the next request', async () => {
  const r = await rig();
  const me = r.mock.directory.supervisorId;
  r.mock.throttle(1, 3, { method: 'patch', path: /\/presences\/purecloud$/ });
  const before = r.mock.requests.length;
  // A snapshot's GETs and its POST to the conversations query go out before the PATCH.
  let read = false;
  void r.adapter.snapshot().finally(() => (read = true)).catch(() => undefined);
  await until(() => read, 'the snapshot, none of its reads throttled');
  const reads = r.mock.requests.slice(before);
  assert.ok(reads.some((q) => q.method === 'POST') && reads.some((q) => q.method === 'GET'), reads.map((q) => q.method).join());
  assert.ok(reads.every((q) => q.status === 200), reads.map((q) => `${q.method} ${q.status}`).join());
  const err = await rejectsWith(r.adapter.execute(envelope({ type: 'set-presence', agentId: me, state: 'break' })), ErrorCode.RateLimited);
  assert.equal(err.details?.retryAfterMs, 3_000);
  assert.deepEqual(r.mock.requests.filter((q) => q.status === 429).map((q) => `${q.method} ${q.path}`), [`PATCH /api/v2/users/${me}/presences/purecloud`]);
  // Spent by that one: the outbox's resend, after the wait, goes through.
  r.clock.advance(3_000);
  await r.adapter.execute(envelope({ type: 'set-presence', agentId: me, state: 'break' }));
  assert.equal(r.mock.user(me)?.presenceId, '227b37e2-f1d0-4dd0-8f50-badd7cf6d158');
  // The old form answers the next request whatever it is, in Genesys' shape.
  r.mock.throttle(1, 2);
  const res = await fetch('https://api.mypurecloud.com/api/v2/presence/definitions', { headers: { Authorization: 'Bearer mock-token' } });
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('Retry-After'), '2');
  const { contextId, ...body } = (await res.json()) as Record<string, unknown>;
  assert.equal(typeof contextId, 'string');
  assert.deepEqual(body, { message: 'Rate limit exceeded the maximum. Retry the request in [2] seconds', code: 'too.many.requests.retry.after', status: 429 });
  assert.equal((await fetch('https://api.mypurecloud.com/api/v2/presence/definitions', { headers: { Authorization: 'Bearer mock-token' } })).status, 200);
});

test('a coaching appointment sent through the outbox while Genesys says wait 40 s (past the 30 s send limit) is made once: RateLimited at once, the intent waits and goes again', async () => {
  const r = make();
  const sup = r.mock.directory.supervisorId;
  const agent = r.agents[0] as string;
  const client = createFloorwalk({ adapter: r.adapter, clock: r.clock, session: { userId: sup, role: 'supervisor', teamIds: 'all' }, outbox: { storage: createMemoryStorage() } });
  const settled: IntentSettled[] = [];
  client.on('intent', (i) => settled.push(i));
  await client.connect();
  await until(() => client.status === 'live', 'live');
  const create = /^\/api\/v2\/coaching\/appointments$/;
  const sent = () => r.mock.requests.filter((q) => q.method === 'POST' && create.test(q.path));
  const posts = () => sent().map((q) => q.status);
  r.mock.throttle(2, 40, { method: 'POST', path: create });
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  void client.scheduleCoachingSession(agent, 'Hold etiquette', START + 3_600_000, 30 * 60_000).catch(() => undefined);
  await until(() => posts().length === 1, 'the first POST');
  // Past the send limit and past Genesys' wait, in steps, until the intent settles.
  for (let waited = 0; settled.length === 0 && waited < 300_000; waited += 5_000) {
    await tick(10);
    r.clock.advance(5_000);
  }
  assert.deepEqual(posts(), [429, 429, 201], 'each send answered before the next: no second appointment');
  const at = sent().map((q) => q.at);
  assert.ok((at[1] as number) - (at[0] as number) >= 40_000 && (at[2] as number) - (at[1] as number) >= 40_000, `each resend after Genesys' wait: ${at.map((t) => t - START).join(', ')}`);
  assert.deepEqual(settled.map((i) => [i.command.type, i.outcome]), [['schedule-coaching-session', 'confirmed']]);
  assert.equal(errors.filter((e) => e.code === ErrorCode.NotConnected).length, 0, 'no send outlasted the client’s time limit');
  await client.disconnect();
});

test('429 on channel creation delays connect, it does not fail it', async () => {
  const r = make();
  r.mock.failNext(/never/, 500, 0);
  r.mock.throttle(1, 2);
  const sink = recorder();
  let connected = false;
  const p = r.adapter.connect(sink).then(() => (connected = true));
  await until(() => r.mock.requests.some((q) => q.status === 429), 'the 429');
  await tick(20);
  assert.equal(connected, false);
  r.clock.advance(2_000);
  await p;
  assert.equal(sink.statuses.at(-1), 'live');
});

test('a 429 on channel set-up (the channel POST, the subscriptions PUT) is a RateLimited error event with its Retry-After while the adapter waits, then it asks again once', async () => {
  const r = make();
  r.mock.throttle(1, 2, { method: 'POST', path: /\/notifications\/channels$/ });
  r.mock.throttle(1, 3, { method: 'PUT', path: /\/subscriptions/ });
  const sink = recorder();
  let connected = false;
  const p = r.adapter.connect(sink).then(() => (connected = true));
  const limited = (): FloorwalkError[] => sink.errors.filter((e) => e.code === ErrorCode.RateLimited);
  await until(() => limited().length === 1, 'the channel POST’s 429 told');
  assert.deepEqual(limited()[0]!.details, { method: 'POST', path: '/api/v2/notifications/channels', status: 429, retryAfterMs: 2_000 });
  await tick(20);
  assert.equal(connected, false, 'waiting, not given up');
  assert.equal(count(r.mock, 'POST', /\/notifications\/channels$/), 1, 'not asked again before Retry-After');
  r.clock.advance(2_000);
  await until(() => limited().length === 2, 'the subscriptions PUT’s 429 told');
  assert.equal(limited()[1]!.details?.retryAfterMs, 3_000);
  assert.equal(limited()[1]!.details?.method, 'PUT');
  await tick(20);
  assert.equal(count(r.mock, 'PUT', /\/subscriptions/), 1, 'not asked again before Retry-After');
  r.clock.advance(3_000);
  await p;
  assert.equal(sink.statuses.at(-1), 'live');
  assert.deepEqual(r.mock.requests.filter((q) => /\/notifications\/channels/.test(q.path)).map((q) => `${q.method} ${q.status}`), ['POST 429', 'POST 200', 'PUT 429', 'PUT 200']);
  assert.equal(limited().length, 2, 'each 429 told once');
});

test('a reconnect whose new channel meets a 429: the client shows reconnecting and its host hears RateLimited with the wait, then it is live again', async () => {
  const r = make();
  const client = createFloorwalk({ adapter: r.adapter, clock: r.clock, session: { userId: r.mock.directory.supervisorId, role: 'admin', teamIds: 'all' } });
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  await client.connect();
  r.mock.throttle(1, 30, { method: 'POST', path: /\/notifications\/channels$/ });
  r.mock.expireChannels();
  await until(() => errors.some((e) => e.code === ErrorCode.RateLimited), 'the 429 told');
  assert.equal(client.status, 'reconnecting');
  const told = errors.find((e) => e.code === ErrorCode.RateLimited)!;
  assert.equal(told.details?.retryAfterMs, 30_000);
  assert.equal(told.details?.path, '/api/v2/notifications/channels');
  r.clock.advance(29_000);
  await tick(20);
  assert.equal(count(r.mock, 'POST', /\/notifications\/channels$/), 2, 'the first channel and the one answered 429: none asked again before Retry-After');
  r.clock.advance(1_000);
  await until(() => client.status === 'live', 'live again');
  await client.disconnect();
});

test('the adapter paces itself below its per-minute budget', async () => {
  const r = await rig({}, { requestsPerMinute: 20 });
  const sent = r.mock.requests.length;
  assert.ok(sent <= 17, `connect and snapshot used ${sent}`);
  const room = 20 - sent;
  const me = r.mock.directory.supervisorId;
  const all = Array.from({ length: room + 3 }, (_, i) => r.adapter.execute(envelope({ type: 'set-presence', agentId: me, state: i % 2 === 0 ? 'break' : 'meal' })));
  await until(() => count(r.mock, 'PATCH', /presences/) === room, 'the commands that fit');
  await tick(30);
  assert.equal(count(r.mock, 'PATCH', /presences/), room, 'the rest wait for the window');
  r.clock.advance(60_000);
  await Promise.all(all);
  assert.equal(count(r.mock, 'PATCH', /presences/), room + 3);
  assert.equal(r.mock.requests.filter((q) => q.status === 429).length, 0);
});

// ---- commands -------------------------------------------------------------------------------

const AVAILABLE_DEF = '6a3af858-942f-489d-9700-5f9bcdcdae9b';
const ON_QUEUE_DEF = 'e08eaf1b-ee47-4fa9-a231-1200e284798f';

test('set-presence an earlier page queued is read back before the PATCH, as a lost answer is: that page may have sent it', async () => {
  const r = await rig();
  const [changed, unchanged, , onBreak] = r.agents as [string, string, string, string];
  // Issued a minute ago by a page whose outbox kept it, and replayed by this one.
  const restored = (agentId: string) => ({ type: 'set-presence', agentId, state: 'break', key: `earlier-${agentId}`, issuedBy: 'sup', issuedAt: START - 60_000, restored: true }) as never;
  const patches = (agentId: string): number => count(r.mock, 'PATCH', new RegExp(`^/api/v2/users/${agentId}/presences/purecloud$`));
  await flows(r);
  await rejectsWith(r.adapter.execute(restored(changed)), ErrorCode.Conflict);
  assert.equal(patches(changed), 0, 'a presence chosen since is not undone');
  await r.adapter.execute(restored(onBreak));
  assert.equal(patches(onBreak), 0, 'already on break: nothing to send');
  await r.adapter.execute(restored(unchanged));
  assert.equal(patches(unchanged), 1, 'unchanged since the intent: sent');
});

test('set-presence of a tab that closed, adopted by a page opened before it was issued, is read back too: that tab may have sent it', async () => {
  const r = await rig();
  const changed = r.agents[0] as string;
  // This adapter was made at START; the other tab issued the intent after that, then closed.
  const adopted = { type: 'set-presence', agentId: changed, state: 'break', key: 'closed-tab', issuedBy: 'sup', issuedAt: START + 500, restored: true } as never;
  await flows(r);
  await rejectsWith(r.adapter.execute(adopted), ErrorCode.Conflict);
  assert.equal(count(r.mock, 'PATCH', new RegExp(`^/api/v2/users/${changed}/presences/purecloud$`)), 0, 'a presence chosen since is not undone');
});

test('a set-presence issued on this page is sent, not read back as an earlier page’s, though the host’s clock for the client is behind the adapter’s', async () => {
  const r = make();
  // A host clock for the client (synced to its server, say) two minutes behind the page's.
  const lagging = { now: () => r.clock.now() - 120_000, setTimeout: r.clock.setTimeout, clearTimeout: r.clock.clearTimeout };
  const client = createFloorwalk({ adapter: r.adapter, clock: lagging, session: { userId: r.mock.directory.supervisorId, role: 'admin', teamIds: 'all' } });
  await client.connect();
  const agent = r.agents[0] as string;
  r.clock.advance(30_000);
  r.mock.play([{ type: 'presence', userId: agent, presence: 'MEAL' }]);
  await until(() => client.getAgent(agent)?.presence.state === 'meal', 'the agent’s own change');
  r.clock.advance(30_000);
  const reads = count(r.mock, 'GET', new RegExp(`^/api/v2/users/${agent}/presences/purecloud$`));
  await client.setAgentPresence(agent, 'available');
  assert.equal(count(r.mock, 'GET', new RegExp(`^/api/v2/users/${agent}/presences/purecloud$`)), reads, 'nothing to read back: this page issued it');
  assert.equal(count(r.mock, 'PATCH', new RegExp(`^/api/v2/users/${agent}/presences/purecloud$`)), 1);
  assert.equal(r.mock.user(agent)?.presenceId, ON_QUEUE_DEF);
  await client.disconnect();
});

test('set-presence: own presence to On Queue, to plain Available by reason, and another agent’s for a supervisor', async () => {
  const r = await rig();
  const me = r.mock.directory.supervisorId;
  await r.adapter.execute(envelope({ type: 'set-presence', agentId: me, state: 'available' }));
  assert.equal(r.mock.user(me)?.presenceId, ON_QUEUE_DEF);
  await r.adapter.execute(envelope({ type: 'set-presence', agentId: me, state: 'available', reason: { id: AVAILABLE_DEF, label: 'Available' } }));
  assert.equal(r.mock.user(me)?.presenceId, AVAILABLE_DEF);
  const agent = r.agents[1] as string;
  await r.adapter.execute(envelope({ type: 'set-presence', agentId: agent, state: 'break', reason: { id: '0b1c2d3e-0000-4000-8000-00000000c0f1', label: 'Coffee' } }));
  assert.ok(r.mock.requests.some((q) => q.method === 'PATCH' && q.path === `/api/v2/users/${agent}/presences/purecloud`));
  await until(() => r.sink.received.some((e) => e.type === 'presence' && e.agentId === agent && e.presence.reason?.label === 'Coffee'), 'the agent’s new presence');
  assert.equal(r.mock.user(agent)?.routing, 'OFF_QUEUE');
  const offQueue = createGenesysAdapter({ ...r.mock.adapterOptions(), clock: r.clock, availableMeans: 'available' });
  opened.push(offQueue);
  await offQueue.connect(recorder());
  await offQueue.execute(envelope({ type: 'set-presence', agentId: me, state: 'available' }));
  assert.equal(r.mock.user(me)?.presenceId, AVAILABLE_DEF);
});

test('the same command key has one effect', async () => {
  const r = await rig();
  const command = envelope({ type: 'set-presence', agentId: r.agents[0] as string, state: 'meeting' }, 'same-key');
  await r.adapter.execute(command);
  await r.adapter.execute(command);
  assert.equal(count(r.mock, 'PATCH', /presences/), 1);
  // A failed attempt had no effect: the same key may be tried again.
  r.mock.failNext(/presences/, 503);
  const retried = envelope({ type: 'set-presence', agentId: r.agents[0] as string, state: 'training' }, 'retried-key');
  await rejectsWith(r.adapter.execute(retried), ErrorCode.VendorError);
  await r.adapter.execute(retried);
  await r.adapter.execute(retried);
  assert.equal(r.mock.requests.filter((q) => q.method === 'PATCH' && q.status === 200).length, 2);
});

test('bad commands and vendor errors reject with typed errors', async () => {
  const r = await rig();
  await rejectsWith(r.adapter.execute(envelope({ type: 'set-presence', agentId: 'nobody', state: 'break' })), ErrorCode.UnknownAgent);
  await rejectsWith(r.adapter.execute(envelope({ type: 'set-presence', agentId: r.agents[0] as string, state: 'napping' })), ErrorCode.InvalidArgument);
  await rejectsWith(r.adapter.execute({ type: 'set-presence', agentId: 'x', state: 'break' } as never), ErrorCode.InvalidArgument);
  await rejectsWith(r.adapter.execute(envelope({ type: 'raise-hand', agentId: 'x', reason: 'help' })), ErrorCode.Unsupported);
  await rejectsWith(r.adapter.execute(envelope({ type: 'start-monitoring', agentId: r.agents[0] as string, interactionId: 'no-such', mode: 'listen' })), ErrorCode.UnknownInteraction);
  await rejectsWith(r.adapter.execute(envelope({ type: 'stop-monitoring', sessionId: 'no-such:session' })), ErrorCode.UnknownEntity);
  r.mock.failNext(/presences/, 403);
  await rejectsWith(r.adapter.execute(envelope({ type: 'set-presence', agentId: r.agents[0] as string, state: 'break' })), ErrorCode.Forbidden);
  r.mock.failNext(/presences/, 500);
  const err = await rejectsWith(r.adapter.execute(envelope({ type: 'set-presence', agentId: r.agents[0] as string, state: 'break' })), ErrorCode.VendorError);
  assert.equal(err.retryable, true);
  const failing = createGenesysAdapter({ ...r.mock.adapterOptions(), clock: r.clock, getAccessToken: () => Promise.reject(new Error('login required')) });
  opened.push(failing);
  await rejectsWith(failing.connect(recorder()), ErrorCode.AuthFailed);
  r.mock.failNext(/presence\/definitions/, 401);
  const unauthorised = createGenesysAdapter({ ...r.mock.adapterOptions(), clock: r.clock });
  opened.push(unauthorised);
  await rejectsWith(unauthorised.connect(recorder()), ErrorCode.AuthFailed);
});

/** A call (or message) from a queue to `agent`, answered, once the adapter has told it connected. */
async function connectedCall(r: Rig, agent: string, media?: 'message'): Promise<string> {
  const [cid] = r.mock.play([{ type: 'call', queueId: r.mock.directory.queueIds[media === undefined ? 0 : 1] as string, userId: agent, ...(media && { media }) }]);
  r.mock.play([{ type: 'answer', conversationId: cid as string }]);
  await until(() => r.sink.received.some((e) => e.type === 'interaction' && e.interaction.id === cid && e.interaction.state === 'connected'), 'the connected call');
  return cid as string;
}

test('a monitoring start an earlier page queued, and sent there, is not sent again by the next page: the supervisor joins once', async () => {
  const r = await rig();
  const agent = r.agents[0] as string;
  const cid = await connectedCall(r, agent);
  const start = { type: 'start-monitoring', agentId: agent, interactionId: cid, mode: 'listen', key: 'earlier-start', issuedBy: 'sup', issuedAt: START } as const;
  await r.adapter.execute(start);
  const monitors = (): number => count(r.mock, 'POST', /^\/api\/v2\/conversations\/calls\/[^/]+\/participants\/[^/]+\/monitor$/);
  assert.equal(monitors(), 1);
  // The page went away before its outbox heard the answer; the next one replays the intent.
  await r.adapter.disconnect();
  r.clock.advance(60_000);
  const next = createGenesysAdapter({ ...r.mock.adapterOptions(), clock: r.clock });
  opened.push(next);
  await next.connect(recorder());
  await next.snapshot();
  await next.execute({ ...start, restored: true });
  assert.equal(monitors(), 1, 'the leg the earlier page started is taken, not a second one');
});

test('monitor, coach and barge a call; switch mode; stop: the REST calls and the sessions Genesys reports', async () => {
  const r = await rig();
  const agent = r.agents[0] as string;
  const cid = await connectedCall(r, agent);
  const sessions = (): Extract<FloorwalkEvent, { type: 'monitoring' }>['session'][] =>
    r.sink.received.filter((e): e is Extract<FloorwalkEvent, { type: 'monitoring' }> => e.type === 'monitoring').map((e) => e.session);

  await r.adapter.execute(envelope({ type: 'start-monitoring', agentId: agent, interactionId: cid, mode: 'listen' }));
  assert.ok(r.mock.requests.some((q) => q.method === 'POST' && /^\/api\/v2\/conversations\/calls\/[^/]+\/participants\/[^/]+\/monitor$/.test(q.path)));
  await until(() => sessions().some((s) => s.mode === 'listen'), 'the listen session');
  const listen = sessions().find((s) => s.mode === 'listen');
  assert.equal(listen?.supervisorId, r.mock.directory.supervisorId);

  await r.adapter.execute(envelope({ type: 'change-monitoring-mode', sessionId: listen?.id as string, mode: 'whisper' }));
  assert.ok(r.mock.requests.some((q) => q.method === 'PATCH' && q.path.endsWith(listen?.id.split(':')[1] as string)));
  assert.ok(r.mock.requests.some((q) => q.method === 'POST' && q.path.endsWith('/coach')));
  await until(() => sessions().some((s) => s.id === listen?.id && s.endedAt !== undefined) && sessions().some((s) => s.mode === 'whisper'), 'listen ended, whisper started');

  const whisper = sessions().find((s) => s.mode === 'whisper');
  await r.adapter.execute(envelope({ type: 'stop-monitoring', sessionId: whisper?.id as string }));
  await until(() => sessions().some((s) => s.id === whisper?.id && s.endedAt !== undefined), 'whisper ended');

  await r.adapter.execute(envelope({ type: 'start-monitoring', agentId: agent, interactionId: cid, mode: 'barge' }));
  assert.ok(r.mock.requests.some((q) => q.method === 'POST' && q.path.endsWith('/barge')));
  await until(() => sessions().some((s) => s.mode === 'barge'), 'the barge session');
  await rejectsWith(r.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'someone-else', interactionId: cid, mode: 'listen' })), ErrorCode.UnknownAgent);
});

test('messages can be monitored (listen) but not coached or barged', async () => {
  const r = await rig();
  const agent = r.agents[1] as string;
  const cid = await connectedCall(r, agent, 'message');
  await rejectsWith(r.adapter.execute(envelope({ type: 'start-monitoring', agentId: agent, interactionId: cid, mode: 'whisper' })), ErrorCode.Unsupported);
  await r.adapter.execute(envelope({ type: 'start-monitoring', agentId: agent, interactionId: cid, mode: 'listen' }));
  assert.ok(r.mock.requests.some((q) => q.method === 'POST' && /^\/api\/v2\/conversations\/messages\/[^/]+\/participants\/[^/]+\/monitor$/.test(q.path)));
});
