import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ErrorCode,
  FloorwalkError,
  MAX_TEXT_LENGTH,
  conversationId,
  createFloorwalk,
  type ErrorCodeValue,
  type Floorwalk,
  type FloorwalkOptions,
  type Interaction,
  type MonitoringNotice,
  type MonitoringSessionNotice,
  type PolicyOptions,
  type Session,
} from '@floorwalk/core';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { createSimulatorAdapter, type SimulatorAdapter, type SimulatorOptions } from './index.js';

/*
 * Supervision and collaboration end to end: two (or three) real clients on one simulated centre,
 * one for the supervisor and one for the agent, so what each is told is what the other did.
 */

const START = Date.UTC(2026, 0, 5, 9);
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const LATENCY = 150;

interface Floor {
  readonly clock: ManualClock;
  readonly centre: SimulatorAdapter;
  /** A client on its own seat of the centre; the first one made uses the centre adapter itself. */
  client(session: Session, extra?: Partial<FloorwalkOptions>): Promise<Floorwalk>;
  /** Lets the simulated latency pass, and the microtasks it schedules. */
  tick(ms?: number): Promise<void>;
}

async function floor(options: SimulatorOptions = {}): Promise<Floor> {
  const clock = createManualClock(START);
  const centre = createSimulatorAdapter({ clock, agents: 24, seed: 5, supervisorsPerTeam: 2, ...options });
  let first = true;
  const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    clock,
    centre,
    async client(session, extra = {}) {
      const adapter = first ? centre : centre.seat();
      first = false;
      const client = createFloorwalk({ adapter, clock, session, ...extra });
      await client.connect();
      return client;
    },
    async tick(ms = LATENCY) {
      await flush();
      clock.advance(ms);
      await flush();
    },
  };
}

const supervisor = (policy: PolicyOptions = {}): [Session, Partial<FloorwalkOptions>] => [{ userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] }, { policy }];
const agentSession = (id: string): Session => ({ userId: id, role: 'agent', teamIds: ['team-1'] });

async function rejectsWith(promise: Promise<unknown>, code: ErrorCodeValue, pattern?: RegExp): Promise<FloorwalkError> {
  let caught: unknown;
  await assert.rejects(promise, (err: unknown) => {
    caught = err;
    assert.ok(err instanceof FloorwalkError, `expected a FloorwalkError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (pattern !== undefined) assert.match(err.message, pattern);
    return true;
  });
  return caught as FloorwalkError;
}

/** Advances until someone in team-1 has a connected interaction, and returns it. */
async function liveCall(f: Floor, sup: Floorwalk): Promise<Interaction> {
  for (let i = 0; i < 240; i++) {
    const found = sup.getInteractions({ state: 'connected' }).find((x) => x.agentId !== undefined);
    if (found !== undefined) return found;
    await f.tick(5 * SECOND);
  }
  throw new Error('no connected interaction in team-1 within 20 simulated minutes');
}

// ---- chat ---------------------------------------------------------------------------------

test('chat 1:1: sent, delivered by the recipient client, read when marked; unread counts; markup stays text', async () => {
  const f = await floor();
  const sup = await f.client(...supervisor());
  const agent = await f.client(agentSession('agent-2'));
  const dm = conversationId('sup-1', 'agent-2');
  const body = '<script>alert("x")</script><b>Queue</b> &amp; you';
  await sup.sendMessage(dm, body);
  await f.tick(LATENCY);
  const sent = sup.getMessages(dm)[0];
  assert.ok(sent !== undefined);
  assert.equal(sent.body, body, 'markup is kept and returned as plain text, never altered');
  // The agent's client received it and sent its receipt: delivered well before the simulated device would.
  await f.tick(LATENCY);
  assert.equal(sup.getMessages(dm)[0]?.delivery, 'delivered');
  assert.equal(agent.getMessages(dm)[0]?.body, body);
  assert.equal(agent.getUnreadCount(dm), 1);
  assert.equal(agent.getUnreadCount(), 1);
  assert.equal(sup.getUnreadCount(dm), 0, 'own messages are never unread');
  const summary = agent.getConversations().find((c) => c.id === dm);
  assert.deepEqual([summary?.kind, summary?.participants, summary?.unread, summary?.lastMessage?.id], ['direct', ['agent-2', 'sup-1'], 1, sent.id]);
  assert.ok(agent.getConversations().some((c) => c.id === 'team:team-1' && c.kind === 'team' && c.teamId === 'team-1'), 'the team channel is always listed');

  await agent.markRead(dm);
  await f.tick(LATENCY);
  assert.equal(agent.getUnreadCount(dm), 0);
  assert.equal(sup.getMessages(dm)[0]?.delivery, 'read');
  await agent.disconnect();
  await sup.disconnect();
});

test("chat: one's own message stays shown from the send's answer until the platform's copy takes its place, never blinking out", async () => {
  const f = await floor();
  const sup = await f.client(...supervisor());
  const dm = conversationId('sup-1', 'agent-2');
  const shown = (): string[] => sup.getMessages(dm).map((m) => `${m.body} (${m.delivery})`);
  await sup.sendMessage(dm, 'Back in five');
  // Answered: nothing is pending any more, and the platform's copy is still a latency away.
  assert.deepEqual(sup.getPendingIntents(), []);
  assert.deepEqual(shown(), ['Back in five (sent)'], 'shown as sent from the answer on');
  assert.equal(sup.getConversations().find((c) => c.id === dm)?.lastMessage?.body, 'Back in five');
  // Read at every step until the copy is in: always the one message.
  for (let t = 0; t < LATENCY; t += 50) {
    await f.tick(50);
    assert.deepEqual(shown(), ['Back in five (sent)'], `${t + 50} ms after the answer`);
  }
  const [copy] = sup.getMessages(dm);
  assert.match(copy?.id ?? '', /^msg-\d+$/, "the platform's copy replaced the one shown");
  assert.equal(typeof copy?.key, 'string');
  await sup.disconnect();
});

test('chat team channel: readBy lists readers; empty, overlong and out-of-team messages are refused', async () => {
  const f = await floor();
  const sup = await f.client(...supervisor());
  const agent = await f.client(agentSession('agent-2'));
  await agent.sendMessage('team:team-1', 'Anyone free for a transfer?');
  await f.tick(LATENCY);
  assert.equal(sup.getUnreadCount('team:team-1'), 1);
  await sup.markRead('team:team-1');
  await f.tick(LATENCY);
  const held = agent.getMessages('team:team-1')[0];
  assert.ok(held?.readBy?.includes('sup-1'), `readBy ${String(held?.readBy)}`);
  assert.ok(!(held?.readBy ?? []).includes('agent-2'), 'the author is not a reader');
  assert.equal(sup.getUnreadCount('team:team-1'), 0);

  await rejectsWith(agent.sendMessage('team:team-1', '   '), ErrorCode.InvalidArgument, /body/);
  await rejectsWith(agent.sendMessage('team:team-1', 'x'.repeat(MAX_TEXT_LENGTH + 1)), ErrorCode.InvalidArgument, /body/);
  // agent-20 is in team-2: no shared team, no 1:1.
  await rejectsWith(agent.sendMessage(conversationId('agent-2', 'agent-20'), 'hi'), ErrorCode.Forbidden, /shares no team/);
  await rejectsWith(agent.sendMessage('team:team-2', 'hi'), ErrorCode.Forbidden);
  await agent.disconnect();
  await sup.disconnect();
});

// ---- check-ins ----------------------------------------------------------------------------

test('check-in: notice enforced, agent counters, supervisor accepts, start only in the window, agent confirms, then live and ended; all audited', async () => {
  const f = await floor();
  const sup = await f.client(...supervisor({ checkInNoticeMs: 24 * HOUR, checkInWindowMs: 10 * MINUTE }));
  const agent = await f.client(agentSession('agent-2'));
  const admin = await f.client({ userId: 'admin-1', role: 'admin', teamIds: 'all' });

  const tooSoon = await rejectsWith(sup.proposeCheckIn('agent-2', f.clock.now() + 2 * HOUR), ErrorCode.NoticeTooShort);
  assert.equal(tooSoon.details?.requiredMs, 24 * HOUR);
  await sup.proposeCheckIn('agent-2', f.clock.now() + 25 * HOUR, 'Weekly');
  await f.tick();
  const proposed = agent.getCheckIns()[0];
  assert.ok(proposed !== undefined);
  assert.deepEqual([proposed.answer, proposed.phase, proposed.topic], ['pending', 'scheduled', 'Weekly']);

  const later = f.clock.now() + 26 * HOUR;
  await agent.counterCheckIn(proposed.id, later);
  await f.tick();
  assert.equal(sup.getCheckIns()[0]?.counterFor, later);
  // The simulated agent stays out of it once the person answered, however long it waits.
  await f.tick(10 * MINUTE);
  assert.equal(sup.getCheckIns()[0]?.answer, 'pending');
  await sup.respondToCheckInCounter(proposed.id, true);
  await f.tick();
  const agreed = agent.getCheckIns()[0];
  assert.deepEqual([agreed?.answer, agreed?.scheduledFor, agreed?.counterFor], ['accepted', later, undefined]);

  // Too early: the window opens ten minutes before.
  await rejectsWith(sup.startCheckIn(proposed.id), ErrorCode.OutsideWindow);
  await rejectsWith(agent.startCheckIn(proposed.id), ErrorCode.Forbidden);
  f.clock.advanceTo(later - 5 * MINUTE);
  await sup.startCheckIn(proposed.id);
  await f.tick();
  assert.equal(agent.getCheckIns()[0]?.phase, 'starting', 'started, but not live until the agent confirms');
  // (Inside the two minutes a start waits for the agent; after them it lapses, as tested below.)
  await f.tick(MINUTE);
  assert.equal(sup.getCheckIns()[0]?.phase, 'starting', 'nobody confirms for the person');
  await agent.confirmCheckIn(proposed.id);
  await f.tick();
  assert.equal(sup.getCheckIns()[0]?.phase, 'live');
  await sup.endCheckIn(proposed.id);
  await f.tick();
  assert.equal(agent.getCheckIns()[0]?.phase, 'ended');

  const trail = (c: Floorwalk) => c.getAuditLog().filter((e) => e.target.checkInId === proposed.id && e.actor !== 'admin-1');
  const shared = ['check-in.propose', 'check-in.counter', 'check-in.counter-accept', 'check-in.start', 'check-in.confirm', 'check-in.end'];
  for (const action of shared) {
    assert.ok(trail(admin).some((e) => e.action === action && e.subject === 'agent-2'), `admin reads ${action}`);
    assert.ok(trail(agent).some((e) => e.action === action), `the agent reads ${action} about them`);
  }
  await Promise.all([agent.disconnect(), sup.disconnect(), admin.disconnect()]);
});

test('check-in: cannot start without consent (pending or declined)', async () => {
  const f = await floor();
  const sup = await f.client(...supervisor({ checkInNoticeMs: HOUR }));
  const agent = await f.client(agentSession('agent-2'));
  await sup.proposeCheckIn('agent-2', f.clock.now() + 2 * HOUR);
  await f.tick();
  const second = sup.getCheckIns()[0] ?? assert.fail('no check-in');
  await rejectsWith(sup.startCheckIn(second.id), ErrorCode.Conflict, /not accepted/);
  await agent.answerCheckIn(second.id, 'declined');
  await f.tick();
  assert.deepEqual([sup.getCheckIns().find((c) => c.id === second.id)?.answer, sup.getCheckIns().find((c) => c.id === second.id)?.phase], ['declined', 'cancelled']);
  f.clock.advanceTo(second.scheduledFor);
  await rejectsWith(sup.startCheckIn(second.id), ErrorCode.Conflict, /not accepted/);
  await Promise.all([agent.disconnect(), sup.disconnect()]);
});

test('check-in nobody closes lapses, audited as the simulator’s act and told to both sides: unstarted past its window (a counter-proposal keeps it to its own), unjoined after two minutes, live past an hour', async () => {
  const f = await floor();
  const sup = await f.client(...supervisor({ checkInNoticeMs: HOUR }));
  const admin = await f.client({ userId: 'admin-1', role: 'admin', teamIds: 'all' });
  // A person behind the agent's seat: the simulation answers nothing for them.
  const agent = createFloorwalk({ adapter: f.centre.seat({ person: 'agent-2' }), clock: f.clock, session: agentSession('agent-2') });
  await agent.connect();
  const at = f.clock.now() + 2 * HOUR;
  // Four proposals: left unanswered, accepted but never started, countered to a later time, and one that goes live.
  for (const t of [at, at + MINUTE, at + 2 * MINUTE, at + 3 * MINUTE]) await sup.proposeCheckIn('agent-2', t);
  await f.tick();
  const [unanswered, unstarted, countered, joined] = [...agent.getCheckIns()].sort((a, b) => a.scheduledFor - b.scheduledFor).map((c) => c.id) as [string, string, string, string];
  await agent.answerCheckIn(unstarted, 'accepted');
  await agent.answerCheckIn(joined, 'accepted');
  await agent.counterCheckIn(countered, at + 3 * HOUR);
  await f.tick();
  const one = (c: Floorwalk, id: string) => c.getCheckIns().find((x) => x.id === id);
  const phases = (c: Floorwalk) => [unanswered, unstarted, countered, joined].map((id) => `${one(c, id)?.phase}/${one(c, id)?.lapsed ?? '-'}`);

  // Five minutes into the first window nothing has lapsed; the agent's client starts the last one's.
  f.clock.advanceTo(at + 3 * MINUTE);
  await sup.startCheckIn(joined);
  await f.tick();
  await agent.confirmCheckIn(joined);
  await f.tick();
  f.clock.advanceTo(at + 10 * MINUTE - 1);
  await f.tick(0);
  assert.deepEqual(phases(agent), ['scheduled/-', 'scheduled/-', 'scheduled/-', 'live/-']);
  await f.tick(MINUTE + 1);
  for (const c of [sup, agent]) assert.deepEqual(phases(c), ['cancelled/window-passed', 'cancelled/window-passed', 'scheduled/-', 'live/-'], 'lapsed at the end of each window');
  assert.equal(one(agent, unanswered)?.answer, 'pending', 'never answered, and the record does not say otherwise');
  assert.equal(one(agent, unstarted)?.cancelledBy, 'simulator');
  await rejectsWith(agent.answerCheckIn(unanswered, 'accepted'), ErrorCode.Conflict);
  await rejectsWith(sup.startCheckIn(unstarted), ErrorCode.Conflict);

  // Live for an hour with nobody ending it: ended.
  f.clock.advanceTo(at + 3 * MINUTE + 151 + HOUR);
  await f.tick();
  assert.deepEqual(phases(sup), ['cancelled/window-passed', 'cancelled/window-passed', 'scheduled/-', 'ended/time-limit']);
  assert.ok(one(sup, joined)?.confirmedAt !== undefined, 'it had been live');
  // The countered one lapses after the agent's own time and its window.
  f.clock.advanceTo(at + 3 * HOUR + 10 * MINUTE);
  await f.tick();
  assert.equal(phases(agent)[2], 'cancelled/window-passed');

  const trail = admin
    .getAuditLog()
    .filter((e) => e.actor === 'simulator' && e.action.startsWith('check-in.'))
    .map((e) => `${e.action}:${e.target.reason}:${e.subject}`);
  assert.deepEqual(trail, [
    'check-in.cancel:window-passed:agent-2',
    'check-in.cancel:window-passed:agent-2',
    'check-in.end:time-limit:agent-2',
    'check-in.cancel:window-passed:agent-2',
  ]);
  assert.equal(agent.getAuditLog().filter((e) => e.actor === 'simulator' && e.action.startsWith('check-in.')).length, 4, 'the agent reads the entries about them');
  await Promise.all([agent.disconnect(), sup.disconnect(), admin.disconnect()]);
});

test('check-in: a start the person never joins ends after two minutes, never live; a join after that is refused', async () => {
  const f = await floor();
  const sup = await f.client(...supervisor({ checkInNoticeMs: HOUR }));
  const agent = await f.client(agentSession('agent-2'));
  await sup.proposeCheckIn('agent-2', f.clock.now() + 2 * HOUR);
  await f.tick();
  const id = agent.getCheckIns()[0]?.id as string;
  await agent.answerCheckIn(id, 'accepted');
  f.clock.advanceTo(START + 2 * HOUR);
  await sup.startCheckIn(id);
  await f.tick();
  const started = agent.getCheckIns()[0]?.startedAt as number;
  f.clock.advanceTo(started + 2 * MINUTE - 1);
  await f.tick(0);
  assert.equal(agent.getCheckIns()[0]?.phase, 'starting');
  await f.tick(1);
  const ended = sup.getCheckIns()[0];
  assert.deepEqual([ended?.phase, ended?.lapsed, ended?.endedAt, ended?.confirmedAt], ['ended', 'not-confirmed', started + 2 * MINUTE, undefined]);
  await rejectsWith(agent.confirmCheckIn(id), ErrorCode.Conflict);
  assert.deepEqual(
    agent.getAuditLog().filter((e) => e.actor === 'simulator').map((e) => `${e.action}:${e.target.reason}`),
    ['check-in.end:not-confirmed'],
  );
  await Promise.all([agent.disconnect(), sup.disconnect()]);
});

test('an agent calling supervisor commands is rejected by the core; nothing reaches the platform', async () => {
  const f = await floor();
  const sup = await f.client(...supervisor());
  const live = await liveCall(f, sup);
  const agent = await f.client(agentSession(live.agentId as string));
  const before = f.centre.clock.now();
  for (const attempt of [
    agent.startMonitoring(live.agentId as string, live.id, 'listen'),
    agent.proposeCheckIn(live.agentId as string, before + 48 * HOUR),
    agent.addCoachingNote(live.agentId as string, 'self praise'),
    agent.scheduleCoachingSession(live.agentId as string, 'x', before + HOUR, 30 * MINUTE),
    agent.setAgentPresence('agent-1' === live.agentId ? 'agent-2' : 'agent-1', 'break'),
  ]) {
    await rejectsWith(attempt, ErrorCode.Forbidden);
  }
  assert.equal(agent.getPendingIntents().length, 0);
  assert.ok(agent.getAuditLog().some((e) => e.action === 'command.denied' && e.target.command === 'start-monitoring'));
  await Promise.all([agent.disconnect(), sup.disconnect()]);
});

// ---- monitoring ---------------------------------------------------------------------------

test('monitoring: the agent is told of start, mode change and end; renewals keep the lease; a vanished supervisor client ends it for everyone', async () => {
  const f = await floor();
  // The agent's client holds the centre; the supervisor's sits on a seat it can leave.
  const watcher = await f.client({ userId: 'admin-9', role: 'admin', teamIds: 'all' });
  const live = await liveCall(f, watcher);
  const agentId = live.agentId as string;
  const team = watcher.getAgent(agentId)?.teamIds[0] as string;
  const supId = watcher.getTeam(team)?.supervisorIds[0] as string;
  const agent = await f.client({ userId: agentId, role: 'agent', teamIds: [team] });
  const sup = await f.client({ userId: supId, role: 'supervisor', teamIds: [team] }, { policy: { monitoringLeaseMs: 9 * SECOND } });
  const notices: MonitoringNotice[] = [];
  agent.on('monitoring', (n) => notices.push(n));

  await sup.startMonitoring(agentId, live.id, 'listen');
  await f.tick();
  const session = sup.getMonitoringSessions({ active: true })[0] ?? assert.fail('no session');
  assert.ok(session.leaseExpiresAt !== undefined && session.leaseExpiresAt > f.clock.now());
  await rejectsWith(sup.startMonitoring(agentId, live.id, 'barge'), ErrorCode.Conflict, /already monitoring/);
  await sup.changeMonitoringMode(session.id, 'whisper');
  await f.tick();
  assert.deepEqual(
    notices.map((n) => ('session' in n ? [n.kind, n.session.supervisorId, n.session.mode] : [n.kind])),
    [
      ['started', supId, 'listen'],
      ['mode-changed', supId, 'whisper'],
    ],
  );
  // Live and renewing every 3 s: well past the 9 s lease, still on (unless the call ended).
  for (let i = 0; i < 8 && agent.getInteraction(live.id)?.state === 'connected'; i++) await f.tick(2 * SECOND);
  // This seed's call lasts well beyond the lease, so only renewals explain the session still being on.
  assert.ok(['connected', 'held'].includes(agent.getInteraction(live.id)?.state ?? 'ended'), 'the call is still live');
  assert.ok(f.clock.now() > (session.leaseExpiresAt as number) + 5 * SECOND);
  assert.ok(agent.getMonitoringSessions({ active: true }).some((s) => s.id === session.id), 'renewed: still on past the first lease');

  // The supervisor's client goes away: nobody renews, the platform ends it after the lease.
  await sup.disconnect();
  for (let i = 0; i < 10; i++) await f.tick(SECOND);
  const ended = notices.at(-1);
  assert.equal(ended?.kind, 'ended');
  assert.equal(ended?.reason, 'lease-expired');
  assert.equal(ended?.session.endReason, 'lease-expired');
  assert.ok(agent.getAuditLog().some((e) => e.action === 'monitoring.lease-expired' && e.subject === agentId && e.target.sessionId === session.id));
  const history = agent.getMonitoringHistory();
  assert.deepEqual(history.map((s) => [s.id, s.supervisorId, s.mode, s.endReason]), [[session.id, supId, 'whisper', 'lease-expired']]);
  // Who monitored me survives a resync: ended sessions stay in the platform's snapshot.
  assert.equal(await agent.checkConnection(), true);
  assert.equal(agent.getMonitoringHistory()[0]?.id, session.id);
  await Promise.all([agent.disconnect(), watcher.disconnect()]);
});

test('monitoring an interaction that just ended is refused; a session ends with its interaction and the agent is told why', async () => {
  const f = await floor();
  const sup = await f.client(...supervisor());
  const live = await liveCall(f, sup);
  const agentId = live.agentId as string;
  const agent = await f.client(agentSession(agentId));
  const notices: MonitoringNotice[] = [];
  agent.on('monitoring', (n) => notices.push(n));
  await sup.startMonitoring(agentId, live.id, 'listen');
  for (let i = 0; i < 240 && sup.getInteraction(live.id)?.state !== 'ended'; i++) await f.tick(5 * SECOND);
  assert.equal(sup.getInteraction(live.id)?.state, 'ended');
  assert.equal(notices.at(-1)?.kind, 'ended');
  assert.equal((notices.at(-1) as MonitoringSessionNotice | undefined)?.reason, 'interaction-ended');
  await rejectsWith(sup.startMonitoring(agentId, live.id, 'listen'), ErrorCode.UnknownInteraction);
  // Admin reads the platform's trail of it; the supervisor reads their own actions.
  assert.ok(sup.getAuditLog().some((e) => e.action === 'monitoring.start' && e.outcome === 'succeeded' && e.subject === agentId));
  assert.ok(agent.getAuditLog({ agentId }).some((e) => e.action === 'monitoring.end' && e.target.reason === 'interaction-ended'));
  assert.deepEqual(agent.getAuditLog({ agentId: 'agent-404' }), []);
  await Promise.all([agent.disconnect(), sup.disconnect()]);
});

test('a platform without whisper refuses whisper, including from a help request', async () => {
  const f = await floor({ capabilities: { monitoringModes: ['listen', 'barge'] } });
  const sup = await f.client(...supervisor());
  const live = await liveCall(f, sup);
  await rejectsWith(sup.startMonitoring(live.agentId as string, live.id, 'whisper'), ErrorCode.Unsupported, /whisper/);
  const agent = await f.client(agentSession(live.agentId as string));
  await agent.raiseHand('Customer wants a refund over limit', live.id);
  await f.tick();
  const request = sup.getHelpRequests({ open: true }).find((r) => r.agentId === live.agentId) ?? assert.fail('no request');
  await rejectsWith(sup.whisperOnHelp(request.id), ErrorCode.Unsupported);
  await f.tick();
  assert.equal(sup.getHelpRequests().find((r) => r.id === request.id)?.state, 'open', 'a refused whisper took nothing');
  await Promise.all([agent.disconnect(), sup.disconnect()]);
});

// ---- help ---------------------------------------------------------------------------------

test('help: a hand carries the key of the raise that put it up, so a reloaded page that withdrew the raise knows it and lowers it', async () => {
  const f = await floor();
  const sup = await f.client(...supervisor());
  const live = await liveCall(f, sup);
  const agent = await f.client(agentSession(live.agentId as string));
  const keys: string[] = [];
  agent.on('intent', (settled) => void (settled.command.type === 'raise-hand' && keys.push(settled.key)));
  await agent.raiseHand('Need a second pair of eyes', live.id);
  await f.tick();
  const hand = sup.getHelpRequests({ open: true }).find((r) => r.agentId === live.agentId) ?? assert.fail('no request');
  assert.equal(keys.length, 1);
  assert.equal(hand.key, keys[0], 'the supervisor’s copy names the raise');
  assert.equal(agent.getHelpRequests().find((r) => r.id === hand.id)?.key, keys[0], 'and the agent’s');
  await Promise.all([agent.disconnect(), sup.disconnect()]);
});

test('help: supervisors see it at once; two acknowledging: one wins, the other gets Conflict naming who; escalation; whisper in one call', async () => {
  const f = await floor();
  const sup = await f.client(...supervisor());
  const second = await f.client({ userId: 'sup-1-2', role: 'supervisor', teamIds: ['team-1'] });
  const live = await liveCall(f, sup);
  const agentId = live.agentId as string;
  const agent = await f.client(agentSession(agentId), { policy: { helpEscalationMs: 5 * SECOND } });

  await agent.raiseHand('Need approval for a refund', live.id);
  await f.tick();
  const raised = second.getHelpRequests({ open: true }).find((r) => r.agentId === agentId) ?? assert.fail('not seen by the second supervisor');
  assert.equal(raised.assignedTo, 'sup-1');
  await f.tick(5 * SECOND);
  const escalated = sup.getHelpRequests().find((r) => r.id === raised.id);
  assert.deepEqual([escalated?.state, escalated?.assignedTo, escalated?.escalations], ['open', 'sup-1-2', 1]);
  assert.ok(agent.getAuditLog().some((e) => e.action === 'help.escalate' && e.target.to === 'sup-1-2'));

  // Both click at once: the platform takes the first and refuses the second.
  const first = second.acknowledgeHelp(raised.id);
  const late = sup.acknowledgeHelp(raised.id);
  await first;
  const lost = await rejectsWith(late, ErrorCode.Conflict);
  assert.equal(lost.details?.acknowledgedBy, 'sup-1-2');
  await f.tick();
  assert.equal(sup.getHelpRequests().find((r) => r.id === raised.id)?.acknowledgedBy, 'sup-1-2', 'the store shows who took it');
  // Asked again once the store knows: refused by the core before it leaves.
  const again = await rejectsWith(sup.acknowledgeHelp(raised.id), ErrorCode.Conflict, /sup-1-2/);
  assert.equal(again.details?.acknowledgedBy, 'sup-1-2');

  // The one who took it whispers on the interaction straight from the request.
  const notices: MonitoringNotice[] = [];
  agent.on('monitoring', (n) => notices.push(n));
  await second.whisperOnHelp(raised.id);
  await f.tick();
  assert.deepEqual(
    second.getMonitoringSessions({ active: true }).map((s) => [s.interactionId, s.mode]),
    [[live.id, 'whisper']],
  );
  assert.deepEqual(notices.map((n) => ('session' in n ? [n.kind, n.session.supervisorId, n.session.mode] : [n.kind])), [['started', 'sup-1-2', 'whisper']]);
  await Promise.all([agent.disconnect(), sup.disconnect(), second.disconnect()]);
});

test('whisperOnHelp on an open request acknowledges it first, then whispers', async () => {
  const f = await floor();
  const sup = await f.client(...supervisor());
  const live = await liveCall(f, sup);
  const agent = await f.client(agentSession(live.agentId as string));
  await agent.raiseHand('Angry customer', live.id);
  await f.tick();
  const request = sup.getHelpRequests({ open: true }).find((r) => r.agentId === live.agentId) ?? assert.fail('no request');
  await sup.whisperOnHelp(request.id);
  await f.tick();
  const after = agent.getHelpRequests().find((r) => r.id === request.id);
  assert.deepEqual([after?.state, after?.acknowledgedBy], ['acknowledged', 'sup-1']);
  assert.equal(agent.getMonitoringSessions({ active: true })[0]?.mode, 'whisper');
  const colleague = await f.client(agentSession(live.agentId === 'agent-11' ? 'agent-12' : 'agent-11'));
  await colleague.raiseHand('How do I process a chargeback?');
  await f.tick();
  const noCall = sup.getHelpRequests({ open: true }).find((r) => r.agentId === colleague.session.userId) ?? assert.fail('no request');
  await rejectsWith(sup.whisperOnHelp(noCall.id), ErrorCode.InvalidArgument, /no interaction/);
  await Promise.all([agent.disconnect(), colleague.disconnect(), sup.disconnect()]);
});

// ---- coaching -----------------------------------------------------------------------------

test('coaching: private notes only with the policy and never reach the agent; sessions are scheduled and attendees told', async () => {
  const f = await floor();
  const plain = await f.client(...supervisor());
  await rejectsWith(plain.addCoachingNote('agent-2', 'Private thought', undefined, { private: true }), ErrorCode.Forbidden, /privateCoachingNotes/);
  const sup = await f.client(...supervisor({ privateCoachingNotes: true }));
  assert.ok(sup.getAuditLog().some((e) => e.action === 'policy.set' && e.target.tenantPolicy === 'privateCoachingNotes=true'), 'turning private notes on is audited');
  const agent = await f.client(agentSession('agent-2'));
  await sup.addCoachingNote('agent-2', 'Good hold etiquette');
  await sup.addCoachingNote('agent-2', 'Watch for burnout', undefined, { private: true });
  await f.tick();
  assert.deepEqual(sup.getCoachingNotes('agent-2').map((n) => [n.body, n.private === true]), [
    ['Good hold etiquette', false],
    ['Watch for burnout', true],
  ]);
  assert.deepEqual(agent.getCoachingNotes().map((n) => n.body), ['Good hold etiquette']);

  const at = f.clock.now() + 2 * HOUR;
  await sup.scheduleCoachingSession('agent-2', 'Refund calls', at, 30 * MINUTE, ['sup-1-2']);
  await rejectsWith(sup.scheduleCoachingSession('agent-2', 'Past', f.clock.now() - 1, MINUTE), ErrorCode.InvalidArgument, /future/);
  await f.tick();
  const seen = agent.getCoachingSessions()[0];
  assert.deepEqual([seen?.topic, seen?.at, seen?.organiserId, seen?.state, seen?.attendeeIds], ['Refund calls', at, 'sup-1', 'scheduled', ['agent-2', 'sup-1-2']]);
  f.clock.advanceTo(at + 30 * MINUTE);
  await f.tick(0);
  assert.equal(agent.getCoachingSessions()[0]?.state, 'done');
  await Promise.all([agent.disconnect(), sup.disconnect(), plain.disconnect()]);
});

test("raising a hand or reporting activity for someone else is refused before the agent is looked up: the caller learns nothing of which ids exist", async () => {
  const f = await floor();
  const sup = await f.client(...supervisor());
  const seat = f.centre.seat();
  const raise = (agentId: string, by: string) =>
    seat.execute({ type: 'raise-hand', agentId, reason: 'Probing', key: `probe-${by}-${agentId}`, issuedBy: by, issuedAt: f.clock.now() });
  for (const by of ['agent-3', 'sup-1', 'admin-1']) {
    for (const agentId of ['agent-2', 'agent-999']) await rejectsWith(raise(agentId, by), ErrorCode.Forbidden, /raises their own hand/);
  }
  // Their own id, unknown here, is still theirs to be told of.
  await rejectsWith(raise('agent-999', 'agent-999'), ErrorCode.UnknownAgent);
  // The activity signal likewise: only one's own, whether the id exists or not.
  const report = (agentId: string, by: string) => seat.execute({ type: 'report-activity', agentId, bucket: 'active', key: `act-${by}-${agentId}`, issuedBy: by, issuedAt: f.clock.now() });
  for (const by of ['agent-3', 'sup-1']) {
    for (const agentId of ['agent-2', 'agent-999']) await rejectsWith(report(agentId, by), ErrorCode.Forbidden, /reports their own activity/);
  }
  await rejectsWith(report('agent-999', 'agent-999'), ErrorCode.UnknownAgent);
  await sup.disconnect();
});

test('coaching sessions moved and cancelled: the agent sees each change; a moved session closes at its new end, a cancelled one never', async () => {
  const f = await floor();
  const sup = await f.client(...supervisor());
  const agent = await f.client(agentSession('agent-2'));
  const at = f.clock.now() + 2 * HOUR;
  await sup.scheduleCoachingSession('agent-2', 'Refund calls', at, 30 * MINUTE);
  await sup.scheduleCoachingSession('agent-2', 'Hold times', at, 30 * MINUTE);
  await f.tick();
  const [moved, declined] = agent.getCoachingSessions().map((c) => c.id) as [string, string];
  await sup.rescheduleCoachingSession(moved, at + HOUR, 20 * MINUTE);
  await agent.cancelCoachingSession(declined);
  await f.tick();
  assert.deepEqual(
    agent.getCoachingSessions().map((c) => [c.topic, c.at, c.durationMs, c.state]),
    [
      ['Hold times', at, 30 * MINUTE, 'cancelled'],
      ['Refund calls', at + HOUR, 20 * MINUTE, 'scheduled'],
    ],
  );
  // The platform itself holds the line, whatever a client sends: another agent may not cancel it,
  // the agent may not move it, nothing changes a cancelled session.
  const seat = f.centre.seat();
  const raw = (command: Record<string, unknown>, by: string) => seat.execute({ ...command, key: `k-${by}-${String(command.type)}`, issuedBy: by, issuedAt: f.clock.now() } as never);
  await rejectsWith(raw({ type: 'cancel-coaching-session', sessionId: moved }, 'agent-3'), ErrorCode.Forbidden);
  await rejectsWith(raw({ type: 'reschedule-coaching-session', sessionId: moved, at: at + 3 * HOUR }, 'agent-2'), ErrorCode.Forbidden);
  await rejectsWith(raw({ type: 'reschedule-coaching-session', sessionId: declined, at: at + 3 * HOUR }, 'sup-1'), ErrorCode.Conflict);
  // Nobody raises a hand for someone else, not even their supervisor; the hand stays down.
  for (const by of ['agent-3', 'sup-1']) await rejectsWith(raw({ type: 'raise-hand', agentId: 'agent-2', reason: 'On their behalf' }, by), ErrorCode.Forbidden, /raises their own hand/);
  await f.tick();
  assert.deepEqual(agent.getHelpRequests(), []);
  await rejectsWith(sup.rescheduleCoachingSession(moved, f.clock.now() - 1), ErrorCode.InvalidArgument, /future/);
  f.clock.advanceTo(at + 30 * MINUTE);
  await f.tick(0);
  assert.equal(agent.getCoachingSessions()[1]?.state, 'scheduled', 'not closed at its old end');
  assert.equal(agent.getCoachingSessions()[0]?.state, 'cancelled');
  f.clock.advanceTo(at + HOUR + 20 * MINUTE);
  await f.tick(0);
  assert.equal(agent.getCoachingSessions()[1]?.state, 'done', 'closed at its new end');
  await rejectsWith(sup.cancelCoachingSession(moved), ErrorCode.Conflict, /done/);
  await Promise.all([agent.disconnect(), sup.disconnect()]);
});

// ---- colleague calls ----------------------------------------------------------------------

test('colleague calls: both sides see the call where the platform has internal calls; elsewhere refused with a reason naming it', async () => {
  const f = await floor();
  const sup = await f.client(...supervisor());
  const agent = await f.client(agentSession('agent-2'));
  await agent.startColleagueCall(['sup-1']);
  await f.tick();
  const call = sup.getColleagueCalls({ active: true })[0] ?? assert.fail('the supervisor does not see the call');
  assert.deepEqual([call.kind, call.participantIds, call.startedBy], ['direct', ['agent-2', 'sup-1'], 'agent-2']);
  await sup.endColleagueCall(call.id);
  await f.tick();
  assert.equal(agent.getColleagueCalls({ active: true }).length, 0);
  assert.ok(agent.getColleagueCalls()[0]?.endedAt !== undefined);
  await rejectsWith(agent.startColleagueCall(['agent-20']), ErrorCode.Forbidden, /shares no team/);
  await Promise.all([agent.disconnect(), sup.disconnect()]);

  const other = await floor({ id: 'acme-cloud', capabilities: { commands: ['set-presence', 'send-message', 'mark-read', 'mark-delivered'] } });
  const a = await other.client(agentSession('agent-2'));
  const refused = await rejectsWith(a.startColleagueCall(['sup-1']), ErrorCode.Unsupported, /acme-cloud/);
  assert.equal(refused.details?.command, 'start-colleague-call');
  await a.disconnect();
});

// ---- activity signal ----------------------------------------------------------------------

test('activity signal: off by default; when on, buckets at most once per granularity, the agent sees what was shared, the supervisor only the bucket', async () => {
  const f = await floor();
  const sup = await f.client(...supervisor({ activitySignal: { enabled: true, granularityMs: 10 * SECOND } }));
  let counts: number[] = [];
  const source = { take: () => counts.shift() ?? 0, stop: () => {} };

  const off = await f.client(agentSession('agent-3'), { activity: source });
  counts = [5, 5, 5];
  await f.tick(30 * SECOND);
  assert.deepEqual(off.getSharedActivity(), []);
  assert.equal(sup.getAgent('agent-3')?.activity, undefined, 'nothing is shared while the policy is off');
  await rejectsWith(off.execute({ type: 'report-activity', agentId: 'agent-3', bucket: 'active' }), ErrorCode.Forbidden, /activitySignal/);
  await off.disconnect();

  const agent = await f.client(agentSession('agent-2'), { activity: source, policy: { activitySignal: { enabled: true, granularityMs: 10 * SECOND } } });
  assert.ok(agent.getAuditLog().some((e) => e.action === 'policy.set' && e.target.tenantPolicy === 'activitySignal.enabled=true'));
  // The first sample goes out as the client goes live.
  assert.deepEqual(agent.getSharedActivity().map((s) => s.bucket), ['active']);
  const told: string[] = [];
  agent.on('activity-shared', (s) => told.push(s.bucket));
  // Input in the next samples, then silence: still active, then idle after 2 quiet samples, away after 5.
  counts = [3, 7, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 8; i++) await f.tick(10 * SECOND);
  const shared = agent.getSharedActivity();
  assert.deepEqual(shared.map((s) => s.bucket), ['active', 'idle', 'away']);
  assert.deepEqual(told, ['idle', 'away'], 'every later share is announced');
  for (let i = 1; i < shared.length; i++) assert.ok((shared[i]?.at ?? 0) - (shared[i - 1]?.at ?? 0) >= 10 * SECOND, 'at most one report per granularity');
  const seen = sup.getAgent('agent-2')?.activity;
  assert.equal(seen?.bucket, 'away');
  assert.deepEqual(Object.keys(seen ?? {}).sort(), ['bucket', 'since'], 'the supervisor sees the bucket and its time, nothing else');
  await Promise.all([agent.disconnect(), sup.disconnect()]);
});

// ---- audit --------------------------------------------------------------------------------

test('audit: admin reads everything, an agent the entries about them, a supervisor their own actions', async () => {
  const f = await floor();
  const admin = await f.client({ userId: 'admin-1', role: 'admin', teamIds: 'all' });
  const sup = await f.client(...supervisor({ checkInNoticeMs: HOUR }));
  const a2 = await f.client(agentSession('agent-2'));
  const a3 = await f.client(agentSession('agent-3'));
  await sup.proposeCheckIn('agent-2', f.clock.now() + 2 * HOUR);
  await sup.proposeCheckIn('agent-3', f.clock.now() + 2 * HOUR);
  await f.tick();
  const proposals = (c: Floorwalk) => c.getAuditLog().filter((e) => e.action === 'check-in.propose' && e.actor === 'sup-1' && e.outcome === 'succeeded' && !e.id.startsWith('sup-1:'));
  assert.deepEqual(proposals(admin).map((e) => e.subject).sort(), ['agent-2', 'agent-3']);
  assert.deepEqual(proposals(a2).map((e) => e.subject), ['agent-2']);
  assert.deepEqual(proposals(a3).map((e) => e.subject), ['agent-3']);
  assert.deepEqual(proposals(sup).map((e) => e.subject).sort(), ['agent-2', 'agent-3']);
  assert.deepEqual(admin.getAuditLog({ agentId: 'agent-3' }).map((e) => e.subject).filter((s) => s !== 'agent-3'), []);
  // Entries are frozen copies: a reader cannot rewrite the trail.
  const entry = a2.getAuditLog()[0] ?? assert.fail('no entry');
  assert.throws(() => {
    (entry as { actor: string }).actor = 'someone-else';
  });
  await Promise.all([admin.disconnect(), sup.disconnect(), a2.disconnect(), a3.disconnect()]);
});

test('a seat with a person behind it: the simulation never answers, confirms, reads or chats for them', async () => {
  const clock = createManualClock(START);
  const centre = createSimulatorAdapter({ clock, agents: 24, seed: 5, supervisorsPerTeam: 2 });
  const sup = createFloorwalk({ adapter: centre, clock, session: supervisor()[0], policy: { checkInNoticeMs: MINUTE } });
  await sup.connect();
  const agent = createFloorwalk({ adapter: centre.seat({ person: 'agent-2' }), clock, session: agentSession('agent-2'), policy: { checkInNoticeMs: MINUTE } });
  await agent.connect();
  const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
  const pass = async (ms: number): Promise<void> => {
    // In steps, so the simulation's own timers fire as they fall due.
    for (let t = 0; t < ms; t += 30 * SECOND) {
      clock.advance(30 * SECOND);
      await flush();
    }
  };
  await sup.proposeCheckIn('agent-2', START + 3 * HOUR, 'Catch-up');
  const dm = conversationId('agent-2', 'sup-1');
  for (let i = 0; i < 12; i++) await sup.sendMessage(dm, `Ping ${i}`);
  await pass(2 * HOUR);
  const checkIn = agent.getCheckIns({ agentId: 'agent-2' })[0];
  assert.equal(checkIn?.answer, 'pending', 'two hours on, the check-in still waits for the person');
  const messages = agent.getMessages(dm);
  assert.equal(messages.length, 12, 'no reply was written in their name');
  assert.ok(messages.every((m) => m.authorId === 'sup-1' && m.delivery === 'delivered'), 'delivered to their device, never marked read for them');
  // Once they do answer, a started check-in waits for their own confirmation.
  await agent.answerCheckIn(checkIn!.id, 'accepted');
  await pass(55 * MINUTE);
  await sup.startCheckIn(checkIn!.id);
  await pass(HOUR);
  const unjoined = agent.getCheckIns({ agentId: 'agent-2' })[0];
  assert.deepEqual([unjoined?.phase, unjoined?.lapsed, unjoined?.confirmedAt], ['ended', 'not-confirmed', undefined], 'not confirmed on their behalf: it ended unjoined');
  // A call between the supervisor and the person lasts until one of them hangs up; a call to a
  // simulated colleague ends when the colleague hangs up.
  await sup.startColleagueCall(['agent-2']);
  await sup.startColleagueCall(['agent-3']);
  await pass(HOUR);
  const calls = sup.getColleagueCalls();
  const withPerson = calls.find((c) => c.participantIds.includes('agent-2'));
  const withSimulated = calls.find((c) => c.participantIds.includes('agent-3'));
  assert.ok(withPerson !== undefined && withPerson.endedAt === undefined, 'an hour on, the call with the person is still up');
  assert.ok(withSimulated?.endedAt !== undefined, 'the simulated colleague hung up');
  await agent.endColleagueCall(withPerson.id);
  await pass(30 * SECOND);
  assert.ok(sup.getColleagueCalls().find((c) => c.id === withPerson.id)?.endedAt !== undefined, 'ended when the person hung up');
  await sup.disconnect();
  await agent.disconnect();
});

test('a seat asked for from JavaScript with null or odd options is a seat all the same', () => {
  const centre = createSimulatorAdapter({ clock: createManualClock(Date.UTC(2026, 10, 28, 9)), agents: 4 });
  // seat(null) threw a TypeError reading person.
  for (const options of [undefined, null, {}, { person: 42 }, { person: '' }]) {
    const seat = centre.seat(options as never);
    assert.equal(seat.id, centre.id);
    assert.equal(typeof seat.connect, 'function');
  }
});
