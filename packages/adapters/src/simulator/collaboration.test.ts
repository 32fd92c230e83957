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
  await f.tick(2 * MINUTE);
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
