import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, FloorwalkError, conversationId, createFloorwalk, type Adapter, type AdapterSink, type ConnectionHint, type Floorwalk, type FloorwalkEvent, type Session, type StoreChange } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { createSimulatorAdapter } from './index.js';
import { simulatorTestHooks } from './simulator.js';

/*
 * What a client misses while it is away and the snapshot cannot carry (chat, read marks, coaching
 * notes and sessions, check-ins) is restated to it after the snapshot of its next connect.
 */

const START = Date.UTC(2026, 0, 5, 9);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LATENCY = 150;

const sup: Session = { userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] };
const agent2: Session = { userId: 'agent-2', role: 'agent', teamIds: ['team-1'] };
const DM = conversationId('sup-1', 'agent-2');
const TEAM = 'team:team-1';

/** A macrotask: the catch-up follows the snapshot by one, as the backplane's replay does. */
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function floor() {
  const clock = createManualClock(START);
  const centre = createSimulatorAdapter({ clock, agents: 24, seed: 5 });
  return {
    clock,
    centre,
    async tick(ms = LATENCY) {
      await flush();
      clock.advance(ms);
      await flush();
    },
  };
}

/** A seat whose client's sinks are watched: every event the seat gives its client, in order. */
function watched(seat: Adapter): { adapter: Adapter; heard: FloorwalkEvent[] } {
  const heard: FloorwalkEvent[] = [];
  const adapter: Adapter = { ...seat, connect: (sink: AdapterSink) => seat.connect({ ...sink, events: (batch) => (heard.push(...batch), sink.events(batch)) }) };
  return { adapter, heard };
}

/** A floor with a supervisor, agent-2's client on a watched seat, and collaboration data of every kind between them. */
async function busyFloor() {
  const f = floor();
  const boss = createFloorwalk({ adapter: f.centre, clock: f.clock, session: sup, policy: { checkInNoticeMs: MINUTE } });
  await boss.connect();
  const seat = watched(f.centre.seat({ person: 'agent-2' }));
  const agent = createFloorwalk({ adapter: seat.adapter, clock: f.clock, session: agent2 });
  await agent.connect();
  for (let i = 0; i < 30; i++) await boss.sendMessage(i % 2 === 0 ? DM : TEAM, `Message ${i}`);
  for (let i = 0; i < 10; i++) await boss.addCoachingNote('agent-2', `Note ${i}`);
  await boss.proposeCheckIn('agent-2', f.clock.now() + HOUR, 'Weekly');
  await boss.scheduleCoachingSession('agent-2', 'Holds', f.clock.now() + 2 * HOUR, 30 * MINUTE);
  await f.tick();
  await f.tick(5 * MINUTE);
  await flush();
  return { f, boss, agent, heard: seat.heard };
}

/** The events of the catch-up batches among those heard. */
const catchUp = (heard: readonly FloorwalkEvent[]) => heard.filter((e) => e.id.includes(':catch-up:'));

/** What a client shows of the collaboration data, for comparing before and after. */
function shown(c: Floorwalk, conversations: readonly string[]) {
  return {
    messages: conversations.map((id) => c.getMessages(id).map((m) => [m.id, m.delivery, m.readBy ?? []])),
    notes: c.getCoachingNotes().map((n) => n.id),
    checkIns: c.getCheckIns().map((x) => [x.id, x.phase, x.answer]),
    sessions: c.getCoachingSessions().map((s) => [s.id, s.state]),
  };
}

test("an agent's client that was away is told, after its snapshot, of the messages, note, check-in and session sent meanwhile; a private note never; nothing twice", async () => {
  const f = floor();
  const boss = createFloorwalk({ adapter: f.centre, clock: f.clock, session: sup, policy: { privateCoachingNotes: true, checkInNoticeMs: MINUTE } });
  await boss.connect();
  const agent = createFloorwalk({ adapter: f.centre.seat({ person: 'agent-2' }), clock: f.clock, session: agent2 });
  await agent.connect();
  await agent.disconnect();

  await boss.sendMessage(DM, 'Can you take the 11:00 huddle?');
  await boss.sendMessage(TEAM, 'Queue is long, skip breaks for ten minutes');
  await boss.proposeCheckIn('agent-2', f.clock.now() + HOUR, 'Weekly');
  await boss.addCoachingNote('agent-2', 'Great empathy on the refund call');
  await boss.addCoachingNote('agent-2', 'Sounds tired today', undefined, { private: true });
  await boss.scheduleCoachingSession('agent-2', 'Refund calls', f.clock.now() + 2 * HOUR, 30 * MINUTE);
  await f.tick();
  await f.tick(5 * MINUTE);
  assert.equal(boss.getCoachingNotes('agent-2').length, 2, 'the supervisor has both notes');
  const checkIn = boss.getCheckIns()[0]?.id;

  await agent.connect();
  await flush();
  assert.deepEqual(agent.getMessages(DM).map((m) => m.body), ['Can you take the 11:00 huddle?']);
  assert.ok(agent.getMessages(TEAM).some((m) => m.body === 'Queue is long, skip breaks for ten minutes'), 'the team message');
  assert.deepEqual(agent.getCheckIns().map((c) => [c.id, c.topic, c.phase, c.answer]), [[checkIn, 'Weekly', 'scheduled', 'pending']]);
  assert.deepEqual(agent.getCoachingNotes().map((n) => n.body), ['Great empathy on the refund call'], 'the shared note, never the private one');
  assert.deepEqual(agent.getCoachingSessions().map((s) => [s.topic, s.state]), [['Refund calls', 'scheduled']]);
  // The agent's client owes the receipt it would have sent live: the supervisor sees it delivered.
  await f.tick();
  assert.equal(boss.getMessages(DM)[0]?.delivery, 'delivered');

  const before = shown(agent, [DM, TEAM]);
  await agent.disconnect();
  await agent.connect();
  await flush();
  assert.deepEqual(shown(agent, [DM, TEAM]), before, 'a second reconnect restates the same entities: nothing doubles');
  await Promise.all([agent.disconnect(), boss.disconnect()]);
});

test("a supervisor's client that was away learns what the centre did meanwhile: a check-in lapsed, teammates read a team message", async () => {
  const f = floor();
  const boss = createFloorwalk({ adapter: f.centre, clock: f.clock, session: sup, policy: { checkInNoticeMs: MINUTE } });
  await boss.connect();
  // A person sits behind agent-2, so nobody answers the check-in for them and it lapses.
  const agent = createFloorwalk({ adapter: f.centre.seat({ person: 'agent-2' }), clock: f.clock, session: agent2 });
  await agent.connect();
  await boss.proposeCheckIn('agent-2', f.clock.now() + 20 * MINUTE);
  await boss.sendMessage(TEAM, 'Huddle at 11');
  await f.tick();
  const checkIn = boss.getCheckIns()[0]?.id;
  const message = boss.getMessages(TEAM).find((m) => m.body === 'Huddle at 11');
  assert.deepEqual([boss.getCheckIns()[0]?.phase, message?.readBy ?? []], ['scheduled', []]);

  // The centre adapter itself goes: while it is away the model runs silently.
  await boss.disconnect();
  f.clock.advance(40 * MINUTE);
  await boss.connect();
  await flush();
  const lapsed = boss.getCheckIns().find((c) => c.id === checkIn);
  assert.deepEqual([lapsed?.phase, lapsed?.lapsed], ['cancelled', 'window-passed']);
  assert.ok((boss.getMessages(TEAM).find((m) => m.id === message?.id)?.readBy ?? []).length > 0, 'teammates read it while the supervisor was away');
  await Promise.all([agent.disconnect(), boss.disconnect()]);
});

test('a client that stayed connected is told nothing more: not when another reconnects, not when its own liveness check takes a snapshot', async () => {
  const f = floor();
  let hint: ((h: ConnectionHint) => void) | undefined;
  const boss = createFloorwalk({
    adapter: f.centre,
    clock: f.clock,
    session: sup,
    policy: { checkInNoticeMs: MINUTE },
    hints: (h) => {
      hint = h;
      return () => {};
    },
  });
  await boss.connect();
  const agent = createFloorwalk({ adapter: f.centre.seat({ person: 'agent-2' }), clock: f.clock, session: agent2 });
  await agent.connect();
  await boss.sendMessage(DM, 'Morning');
  await boss.addCoachingNote('agent-2', 'Nice close');
  await boss.proposeCheckIn('agent-2', f.clock.now() + HOUR);
  await boss.scheduleCoachingSession('agent-2', 'Holds', f.clock.now() + 2 * HOUR, 30 * MINUTE);
  await f.tick();
  await f.tick();
  await flush();

  const changes: StoreChange[] = [];
  boss.subscribe((c) => changes.push(c));
  await agent.disconnect();
  await agent.connect();
  await flush();
  await flush();
  assert.equal(changes.length, 0, "another client's reconnect changes nothing here");

  hint?.('visible');
  for (let i = 0; i < 5; i++) await flush();
  assert.equal(changes.length, 1, 'the liveness check restates the snapshot, and only that');
  const change = changes[0] as StoreChange;
  assert.equal(change.reset, true);
  assert.deepEqual([change.conversations.size, change.coachingNotes.size, change.checkIns.size, change.coachingSessions?.size ?? 0], [0, 0, 0, 0]);
  await Promise.all([agent.disconnect(), boss.disconnect()]);
});

test("a seat's client goes reconnecting while the centre adapter is away, and resyncs when it is back: what changed meanwhile shows, once, and what it sent meanwhile goes", async () => {
  const f = floor();
  const boss = createFloorwalk({ adapter: f.centre, clock: f.clock, session: sup });
  await boss.connect();
  const agent = createFloorwalk({ adapter: f.centre.seat({ person: 'agent-2' }), clock: f.clock, session: agent2 });
  await agent.connect();
  await f.tick();
  const statuses: string[] = [];
  agent.on('status', (s) => statuses.push(s.current));

  // Taken before the centre goes, their effects fall due after its latency: while it is away.
  await boss.setAgentPresence('agent-2', 'meeting', { id: 'huddle', label: 'Team huddle' });
  await boss.sendMessage(DM, 'Huddle now, room 2');
  await boss.disconnect();
  assert.equal(agent.status, 'reconnecting', 'the platform is unreachable for the seat too');
  // Held by the client until the link is back, not refused as NotConnected.
  const sent = agent.sendMessage(DM, 'On my way');
  f.clock.advance(5 * MINUTE);
  await flush();
  assert.equal(agent.getAgent('agent-2')?.presence.state, 'available', 'nothing reaches the seat while the centre is away');

  await boss.connect();
  await sent;
  await f.tick();
  await f.tick();
  assert.deepEqual(statuses, ['reconnecting', 'live']);
  assert.deepEqual([agent.getAgent('agent-2')?.presence.state, agent.getAgent('agent-2')?.presence.reason?.id], ['meeting', 'huddle']);
  const messages = agent.getMessages(DM);
  assert.deepEqual(messages.map((m) => m.body), ['Huddle now, room 2', 'On my way']);
  assert.equal(new Set(messages.map((m) => m.id)).size, 2, 'each message once');
  assert.deepEqual(boss.getMessages(DM).map((m) => m.body), ['Huddle now, room 2', 'On my way']);
  await Promise.all([agent.disconnect(), boss.disconnect()]);
});

test('a seat connected while the centre adapter is away waits for it: connecting, then live with what the centre holds', async () => {
  const f = floor();
  const boss = createFloorwalk({ adapter: f.centre, clock: f.clock, session: sup });
  await boss.connect();
  await boss.sendMessage(TEAM, 'Huddle at 11');
  await f.tick();
  await boss.disconnect();

  const agent = createFloorwalk({ adapter: f.centre.seat({ person: 'agent-2' }), clock: f.clock, session: agent2 });
  let connected = false;
  const connecting = agent.connect().then(() => (connected = true));
  await flush();
  await flush();
  assert.deepEqual([agent.status, connected], ['connecting', false], 'never live while the platform is unreachable');

  await boss.connect();
  await connecting;
  await flush();
  assert.equal(agent.status, 'live');
  assert.equal(agent.getMessages(TEAM).filter((m) => m.body === 'Huddle at 11').length, 1);
  await Promise.all([agent.disconnect(), boss.disconnect()]);
});

test("a seat's connect() waiting for the centre adapter settles when the seat disconnects or connects again, not only once the centre is back; only the last one goes live", async () => {
  const f = floor();
  const seat = f.centre.seat({ person: 'agent-2' });
  const sink = () => {
    const statuses: string[] = [];
    return { statuses, events: () => undefined, status: (s: string) => void statuses.push(s), error: () => undefined };
  };
  const outcome = (p: Promise<void>) => {
    const o = { settled: false };
    void p.then(() => (o.settled = true));
    return o;
  };

  // The centre never connected: a connect given up by disconnect() does not wait for it.
  const first = sink();
  const given = outcome(seat.connect(first));
  await flush();
  assert.equal(given.settled, false, 'waits while the centre is away');
  await seat.disconnect();
  await flush();
  assert.equal(given.settled, true, 'settled by disconnect(), with the centre still away');

  // Replaced by a new connect: the old one settles, the new one waits and alone goes live.
  const second = sink();
  const replaced = outcome(seat.connect(second));
  const third = sink();
  const last = outcome(seat.connect(third));
  await flush();
  assert.deepEqual([replaced.settled, last.settled], [true, false]);

  const boss = createFloorwalk({ adapter: f.centre, clock: f.clock, session: sup });
  await boss.connect();
  await flush();
  assert.equal(last.settled, true);
  assert.deepEqual([first.statuses, second.statuses, third.statuses], [[], [], ['live']]);
  await Promise.all([seat.disconnect(), boss.disconnect()]);
});

test("a seat's connect() waits for a centre adapter that never connects only seatTimeoutMs (30 s by default), then fails retryable NotConnected; its client tries again and is live once the centre is", async () => {
  const f = floor();
  const seat = f.centre.seat({ person: 'agent-2' });
  const statuses: string[] = [];
  const outcome: { error?: unknown } = {};
  const settled = seat.connect({ events: () => undefined, status: (s) => void statuses.push(s), error: () => undefined }).then(
    () => 'resolved',
    (err: unknown) => ((outcome.error = err), 'rejected'),
  );
  await f.tick(30_000 - 1);
  assert.equal('error' in outcome, false, 'still waiting a moment before the bound');
  await f.tick(1);
  assert.equal(await settled, 'rejected');
  const failed = outcome.error;
  assert.ok(failed instanceof FloorwalkError);
  assert.deepEqual([failed.code, failed.retryable, statuses], [ErrorCode.NotConnected, true, []]);

  // Through a client with its own reconnect: it backs off and tries again, and once the centre
  // is live the next try goes live and its connect() resolves.
  const agent = createFloorwalk({ adapter: f.centre.seat({ person: 'agent-2' }), clock: f.clock, session: agent2, reconnect: true });
  const reasons: unknown[] = [];
  agent.on('status', (s) => void (s.reason !== undefined && reasons.push(s.reason.code)));
  let live = false;
  const connecting = agent.connect().then(() => (live = true));
  await f.tick(30_000);
  assert.deepEqual([agent.status, reasons], ['connecting', [ErrorCode.NotConnected]], 'backing off after the bound, not stuck in one wait');
  const boss = createFloorwalk({ adapter: f.centre, clock: f.clock, session: sup });
  await boss.connect();
  for (let i = 0; i < 20 && !live; i++) await f.tick(1_000);
  await connecting;
  assert.equal(agent.status, 'live');
  await Promise.all([agent.disconnect(), boss.disconnect()]);
});

test("a seat's connect() given a centre that connects within the bound goes live as before, and the bound passing later changes nothing", async () => {
  const f = floor();
  const centre = createSimulatorAdapter({ clock: f.clock, agents: 24, seed: 5, seatTimeoutMs: 5_000 });
  const agent = createFloorwalk({ adapter: centre.seat({ person: 'agent-2' }), clock: f.clock, session: agent2 });
  const errors: number[] = [];
  agent.on('error', (e) => void errors.push(e.code));
  const connecting = agent.connect();
  await f.tick(4_999);
  assert.equal(agent.status, 'connecting');
  const boss = createFloorwalk({ adapter: centre, clock: f.clock, session: sup });
  await boss.connect();
  await connecting;
  await f.tick(60_000);
  assert.deepEqual([agent.status, errors], ['live', []]);
  await Promise.all([agent.disconnect(), boss.disconnect()]);
});

test("a seat's wait for the centre takes its bound's timer with it however it ends: the centre connecting, the seat's disconnect(), its next connect()", async () => {
  // The manual clock holds only the simulator's timers here (no client): the model's one, and each waiting seat's bound.
  const f = floor();
  const centre = createSimulatorAdapter({ clock: f.clock, agents: 24, seed: 5, seatTimeoutMs: 5_000 });
  const quiet = (): AdapterSink => ({ events: () => undefined, status: () => undefined, error: () => undefined });
  const seat = centre.seat();

  const left = seat.connect(quiet());
  assert.equal(f.clock.pendingTimers, 1, 'the bound of the wait');
  await seat.disconnect();
  await left;
  assert.equal(f.clock.pendingTimers, 0, 'gone with a disconnect()');

  const first = seat.connect(quiet());
  const second = seat.connect(quiet());
  await first;
  assert.equal(f.clock.pendingTimers, 1, "the given-up wait's gone, the next one's kept");

  await centre.connect(quiet());
  await second;
  assert.equal(f.clock.pendingTimers, 1, "the model's timer alone once the centre is live");
  await Promise.all([seat.disconnect(), centre.disconnect()]);
  assert.equal(f.clock.pendingTimers, 0);
});

test('a blip with nothing missed restates nothing: no event after the snapshot, no change beyond its own', async () => {
  const { f, boss, agent, heard } = await busyFloor();
  const before = shown(agent, [DM, TEAM]);
  assert.deepEqual([before.messages.map((m) => m.length), before.notes.length, before.checkIns.length, before.sessions.length], [[15, 15], 10, 1, 1]);
  const changes: StoreChange[] = [];
  agent.subscribe((c) => changes.push(c));
  heard.length = 0;
  await agent.disconnect();
  await agent.connect();
  for (let i = 0; i < 5; i++) await flush();
  assert.deepEqual(catchUp(heard), [], 'nothing restated');
  assert.equal(changes.length, 1, "the snapshot's change only");
  const change = changes[0] as StoreChange;
  assert.deepEqual([change.reset, change.conversations.size, change.coachingNotes.size, change.checkIns.size, change.coachingSessions?.size ?? 0], [true, 0, 0, 0, 0]);
  assert.deepEqual(shown(agent, [DM, TEAM]), before, 'everything still held');

  // The centre adapter blips too: its seats, caught up, are told nothing either.
  await boss.disconnect();
  await boss.connect();
  for (let i = 0; i < 5; i++) await flush();
  assert.deepEqual(catchUp(heard), []);
  assert.deepEqual(shown(agent, [DM, TEAM]), before);
  await f.tick();
  await Promise.all([agent.disconnect(), boss.disconnect()]);
});

test('what changed while a client was away is restated, and only that; a client whose link went before its catch-up still gets all of it', async () => {
  const { f, boss, agent, heard } = await busyFloor();
  const checkIn = agent.getCheckIns()[0]?.id as string;
  await agent.disconnect();
  await boss.sendMessage(DM, 'While you were out');
  await boss.addCoachingNote('agent-2', 'Missed note');
  await boss.cancelCheckIn(checkIn);
  await f.tick();
  const changes: StoreChange[] = [];
  agent.subscribe((c) => changes.push(c));
  heard.length = 0;
  await agent.connect();
  for (let i = 0; i < 5; i++) await flush();
  const restated = catchUp(heard);
  const note = boss.getCoachingNotes('agent-2').find((n) => n.body === 'Missed note')?.id;
  const message = boss.getMessages(DM).find((m) => m.body === 'While you were out')?.id;
  assert.deepEqual(
    restated.map((e) => (e.type === 'chat-message' ? e.message.id : e.type === 'coaching-note' ? e.note.id : e.type === 'check-in' ? e.checkIn.id : e.type)),
    [message, note, checkIn],
    'the message, the note and the check-in changed meanwhile, nothing else',
  );
  assert.equal(agent.getCheckIns()[0]?.phase, 'cancelled');
  assert.ok(agent.getMessages(DM).some((m) => m.id === message));
  const last = changes.at(-1) as StoreChange;
  assert.deepEqual([[...last.conversations], [...last.coachingNotes], [...last.checkIns]], [[DM], [note], [checkIn]]);

  // A new seat's first link goes before its catch-up came: the next one still restates everything.
  const late = watched(f.centre.seat());
  const colleague = createFloorwalk({ adapter: late.adapter, clock: f.clock, session: agent2 });
  await colleague.connect();
  await colleague.disconnect();
  await colleague.connect();
  for (let i = 0; i < 5; i++) await flush();
  assert.deepEqual(shown(colleague, [DM, TEAM]), shown(agent, [DM, TEAM]));
  await Promise.all([colleague.disconnect(), agent.disconnect(), boss.disconnect()]);
});

test('a tenant policy changed while a client was away restates everything kept: what the client may see of it may have changed', async () => {
  const { f, boss, agent, heard } = await busyFloor();
  await agent.disconnect();
  const admin = createFloorwalk({ adapter: f.centre.seat(), clock: f.clock, session: { userId: 'admin-1', role: 'admin', teamIds: 'all' } });
  await admin.connect();
  await admin.setPolicy({ privateCoachingNotes: true });
  await f.tick();
  heard.length = 0;
  await agent.connect();
  for (let i = 0; i < 5; i++) await flush();
  const kinds = new Map<string, number>();
  for (const e of catchUp(heard)) kinds.set(e.type, (kinds.get(e.type) ?? 0) + 1);
  assert.deepEqual([kinds.get('chat-message'), kinds.get('coaching-note'), kinds.get('check-in'), kinds.get('coaching-session')], [30, 10, 1, 1]);
  await Promise.all([admin.disconnect(), agent.disconnect(), boss.disconnect()]);
});

test("a seat's catch-up that comes once the centre adapter has gone does not count its client as hearing: what changed while the centre was away is still restated", async () => {
  const { f, boss, agent } = await busyFloor();
  const session = agent.getCoachingSessions()[0]?.id as string;
  // The seat blips, and the centre goes before the seat's catch-up (a macrotask after its snapshot) comes.
  await agent.disconnect();
  await agent.connect();
  await boss.disconnect();
  await flush();
  // Away past the session's end: the centre runs that silently when it connects again.
  f.clock.advance(3 * HOUR);
  await boss.connect();
  // The seat's client goes before its resync's catch-up, and comes back.
  await agent.disconnect();
  await agent.connect();
  for (let i = 0; i < 5; i++) await flush();
  assert.equal(boss.getCoachingSessions().find((s) => s.id === session)?.state, 'done');
  assert.equal(agent.getCoachingSessions().find((s) => s.id === session)?.state, 'done', 'the session that ended while the centre was away');
  await Promise.all([agent.disconnect(), boss.disconnect()]);
});

test("a blip of the page's network (the interrupt hook): the centre's client and a seat's go reconnecting and hear nothing while the platform runs on, then live, resynced to where it is, their own commands held and sent once, ids going on", async () => {
  const f = floor();
  const centre = watched(f.centre);
  const boss = createFloorwalk({ adapter: centre.adapter, clock: f.clock, session: sup });
  await boss.connect();
  const seat = watched(f.centre.seat({ person: 'agent-2' }));
  const agent = createFloorwalk({ adapter: seat.adapter, clock: f.clock, session: agent2 });
  await agent.connect();
  await f.tick(MINUTE);
  const statuses: string[] = [];
  boss.on('status', (s) => void statuses.push(`boss ${s.current}`));
  agent.on('status', (s) => void statuses.push(`agent ${s.current}`));
  const heard = centre.heard.length;
  const seq = (e: FloorwalkEvent): number => Number(/^simulator:(\d+)$/.exec(e.id)?.[1] ?? -1);
  const last = Math.max(...centre.heard.map(seq));

  simulatorTestHooks(f.centre).interrupt(5 * MINUTE);
  assert.deepEqual(statuses, ['agent reconnecting', 'boss reconnecting']);
  // Held by each client until the link is back, not refused.
  const sent = agent.sendMessage(DM, 'Back in a sec');
  const set = boss.setAgentPresence('agent-3', 'training');
  await f.tick(5 * MINUTE - 1);
  assert.equal(centre.heard.length, heard, 'nothing reaches the page while its link is down');
  // The platform ran on meanwhile: the page's view is behind, until the resync.
  const eye = f.centre.seat();
  // The supervisor's team as the client shows it, and as the platform has it now.
  const shownTeam = () => boss.getAgents().map((a) => [a.id, a.presence]);
  const platformTeam = async () => {
    const all = new Map(((await eye.snapshot()).agents ?? []).map((a) => [a.id, a.presence]));
    return boss.getAgents().map((a) => [a.id, all.get(a.id)]);
  };
  assert.notDeepEqual(shownTeam(), await platformTeam());

  await f.tick(1);
  for (let i = 0; i < 5; i++) await flush();
  assert.deepEqual(statuses.slice(2).sort(), ['agent live', 'boss live']);
  await Promise.all([sent, set]);
  await f.tick();
  assert.deepEqual(shownTeam(), await platformTeam(), 'resynced: where a fresh snapshot is');
  assert.equal(boss.getAgent('agent-3')?.presence.state, 'training');
  assert.deepEqual(boss.getMessages(DM).map((m) => m.body), ['Back in a sec']);
  assert.deepEqual(agent.getMessages(DM).map((m) => m.body), ['Back in a sec']);
  const after = centre.heard.slice(heard).filter((e) => seq(e) >= 0);
  assert.ok(after.length > 0 && after.every((e) => seq(e) > last), 'new facts under new ids, after the old ones');
  await Promise.all([agent.disconnect(), boss.disconnect()]);
});

test("a disconnect() or connect() during a blip stands: the dropped link does not come back by itself over it", async () => {
  const f = floor();
  const hooks = simulatorTestHooks(f.centre);
  const boss = createFloorwalk({ adapter: f.centre, clock: f.clock, session: sup });
  await boss.connect();
  const agent = createFloorwalk({ adapter: f.centre.seat({ person: 'agent-2' }), clock: f.clock, session: agent2 });
  await agent.connect();

  hooks.interrupt(MINUTE);
  await boss.disconnect();
  await f.tick(2 * MINUTE);
  for (let i = 0; i < 5; i++) await flush();
  assert.equal(agent.status, 'reconnecting', 'the centre stays away: its seat is not told live');
  await assert.rejects(f.centre.execute({ type: 'set-presence', agentId: 'agent-3', state: 'break', key: 'after-blip', issuedBy: 'sup-1', issuedAt: START }), (err: unknown) => err instanceof FloorwalkError && err.code === ErrorCode.NotConnected);

  // Connected again during a second blip: the client's new link is the one that stays.
  await boss.connect();
  hooks.interrupt(MINUTE);
  await boss.disconnect();
  await boss.connect();
  await f.tick(2 * MINUTE);
  for (let i = 0; i < 5; i++) await flush();
  await boss.setAgentPresence('agent-3', 'training');
  await f.tick();
  assert.deepEqual([boss.status, boss.getAgent('agent-3')?.presence.state], ['live', 'training'], "the client's own link still carries the centre's events");
  await Promise.all([agent.disconnect(), boss.disconnect()]);
});
