// Real clients on a vendor platform that has no collaboration of its own (the Genesys mocks),
// sharing one backplane: help requests with a race and escalation, chat receipts and unread
// counts, a check-in from notice to the agent's confirmation, and a lease that lapses when the
// supervisor's client vanishes.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { setupServer } from 'msw/node';
import { conversationId, createFloorwalk, ErrorCode, FloorwalkError, type ActivitySource, type Adapter, type Clock, type Floorwalk, type MonitoringNotice, type PolicyOptions } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane, type Backplane } from '@floorwalk/core/backplane';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { createGenesysAdapter } from '@floorwalk/adapters/genesys';
import { createGenesysMock, type GenesysMock } from '@floorwalk/adapters/genesys/mocks';
import { until } from './fixtures.js';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
after(() => server.close());
const clients: Floorwalk[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect();
});

const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const HOUR = 3_600_000;
const POLICY: PolicyOptions = { helpEscalationMs: 60_000, checkInNoticeMs: HOUR, checkInWindowMs: 10 * 60_000, monitoringLeaseMs: 30_000 };

interface Floor {
  readonly clock: ManualClock;
  readonly mock: GenesysMock;
  readonly backplane: Backplane;
  readonly sups: readonly string[];
  readonly agentId: string;
  /** `timers`: the decorator's clock, when a test watches the timers it arms. */
  client(userId: string, role: 'supervisor' | 'agent' | 'admin', policy?: PolicyOptions, activity?: ActivitySource, timers?: Clock): Promise<Floorwalk>;
  /** The decorated adapter of the last client made. */
  adapter(): Adapter;
}

/** A Genesys org behind msw; every client gets its own Genesys adapter, all on one backplane. */
function floor(): Floor {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const mock = createGenesysMock({ agents: 8, clock });
  server.resetHandlers(...mock.handlers);
  const backplane = createMemoryBackplane({ broadcast: false });
  // Genesys teams name no supervisors: the host gives the escalation order.
  const sups = [mock.directory.supervisorId, 'sup-2', 'sup-3'];
  const agentId = mock.directory.agentIds[0] as string;
  let last: Adapter | undefined;
  return {
    clock,
    mock,
    backplane,
    sups,
    agentId,
    adapter: () => last as Adapter,
    async client(userId, role, policy = POLICY, activity, timers = clock) {
      // Genesys' own coaching appointments off, so the backplane carries sessions here (the
      // adapter's mapping of appointments is tested in genesys.wem.test.ts).
      const adapter = withBackplane(createGenesysAdapter({ ...mock.adapterOptions(), clock, heartbeatTimeoutMs: HOUR, appointments: 'off' }), backplane, {
        clock: timers,
        supervisorsOf: () => sups,
        checkInNoticeMs: HOUR,
      });
      last = adapter;
      const teamIds = role === 'agent' ? [...mock.directory.teamIds] : 'all';
      const client = createFloorwalk({
        adapter,
        clock,
        policy,
        session: role === 'agent' ? { userId, role, agentId: userId, teamIds } : { userId, role, teamIds },
        ...(activity === undefined ? {} : { activity }),
      });
      clients.push(client);
      await client.connect();
      return client;
    },
  };
}

test('a raised hand reaches every supervisor, escalates when nobody takes it, and of two takers one wins and the other hears who', async () => {
  const f = floor();
  const [sup1, sup2, sup3] = await Promise.all([f.client(f.sups[0] as string, 'supervisor'), f.client('sup-2', 'supervisor'), f.client('sup-3', 'supervisor')]);
  const agent = await f.client(f.agentId, 'agent');
  assert.ok(agent.capabilities.commands.includes('raise-hand'), 'the decorated Genesys adapter offers help requests');

  await agent.raiseHand('Customer wants a refund over my limit');
  for (const sup of [sup1, sup2, sup3]) await until(() => sup?.getHelpRequests({ open: true }).length === 1, 'the hand on every supervisor');
  const request = sup1?.getHelpRequests({ open: true })[0];
  assert.equal(request?.assignedTo, f.sups[0], 'waits on the first supervisor in the chain');
  assert.equal(agent.getHelpRequests({ open: true })[0]?.id, request?.id, 'the agent sees their own request');

  // Nobody takes it for a minute: it moves to the next supervisor, once, whoever's timer fires first.
  f.clock.advance(60_000);
  await until(() => sup3?.getHelpRequests()[0]?.escalations === 1, 'the escalation');
  assert.equal(sup2?.getHelpRequests()[0]?.assignedTo, 'sup-2');
  // The shared trail: an agent reads the entries about them.
  await until(() => agent.getAuditLog().some((e) => e.action === 'help.escalate'), 'the escalation audited');
  assert.equal(agent.getAuditLog().filter((e) => e.action === 'help.escalate').length, 1, 'four timers, one escalation');

  // Two supervisors take it at once: one wins, the other is told who.
  const results = await Promise.allSettled([sup2?.acknowledgeHelp(request?.id as string), sup3?.acknowledgeHelp(request?.id as string)]);
  const won = results.findIndex((r) => r.status === 'fulfilled');
  const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
  assert.ok(won >= 0 && lost !== undefined, `one winner and one loser: ${results.map((r) => r.status).join(', ')}`);
  const winner = won === 0 ? 'sup-2' : 'sup-3';
  assert.ok(lost.reason instanceof FloorwalkError);
  assert.equal(lost.reason.code, ErrorCode.Conflict);
  assert.equal(lost.reason.details?.acknowledgedBy, winner, lost.reason.message);
  assert.match(lost.reason.message, new RegExp(winner));
  await until(() => agent.getHelpRequests()[0]?.state === 'acknowledged', 'the agent sees it taken');
  assert.equal(agent.getHelpRequests()[0]?.acknowledgedBy, winner);
  // Taken requests escalate no more.
  f.clock.advance(120_000);
  await tick(20);
  assert.equal(sup1?.getHelpRequests()[0]?.escalations, 1);
});

test("chat across clients: sent, delivered when the recipient's client has it, read when they read it; unread counts follow", async () => {
  const f = floor();
  const sup = await f.client(f.sups[0] as string, 'supervisor');
  const agent = await f.client(f.agentId, 'agent');
  const dm = conversationId(f.sups[0] as string, f.agentId);
  await sup.sendMessage(dm, 'Can you take the next escalation?');
  await until(() => agent.getUnreadCount(dm) === 1, 'the unread message at the agent');
  // The agent's client received it and said so: the supervisor sees it delivered.
  await until(() => sup.getMessages(dm)[0]?.delivery === 'delivered', 'delivered');
  assert.equal(sup.getUnreadCount(dm), 0, 'own messages are never unread');
  assert.equal(agent.getConversations().find((c) => c.id === dm)?.unread, 1);
  f.clock.advance(5_000);
  await agent.markRead(dm);
  await until(() => sup.getMessages(dm)[0]?.delivery === 'read', 'read');
  assert.equal(agent.getUnreadCount(dm), 0);
  await agent.sendMessage(dm, 'Sure');
  await until(() => sup.getUnreadCount(dm) === 1, 'the reply unread at the supervisor');
  // A late client (the agent opens another tab) replays the history from the backplane.
  const late = await f.client(f.agentId, 'agent');
  await until(() => late.getMessages(dm).length === 2, 'history replayed');
  assert.deepEqual(late.getMessages(dm).map((m) => `${m.authorId === f.agentId ? 'agent' : 'sup'}:${m.delivery}`), ['sup:read', 'agent:delivered']);
});

test("chat across clients whose clocks differ by minutes: one order everywhere, the order the backplane took them in; unread and read as each reader saw them; a slow reader's receipt counts", async () => {
  const f = floor();
  // Each page stamps what it writes with its own clock: sup-2's runs five minutes fast, the
  // agent's five minutes slow, the first supervisor's right.
  const skewed = (ms: number): Clock => ({ now: () => f.clock.now() + ms, setTimeout: (fn, after) => f.clock.setTimeout(fn, after), clearTimeout: (h) => f.clock.clearTimeout(h) });
  const [lead, fast] = f.sups as [string, string];
  const sup = await f.client(lead, 'supervisor');
  const sup2 = await f.client(fast, 'supervisor', POLICY, undefined, skewed(5 * 60_000));
  const agent = await f.client(f.agentId, 'agent', POLICY, undefined, skewed(-5 * 60_000));
  const team = `team:${f.mock.directory.teamIds[0] as string}`;
  const bodies = (c: Floorwalk, id = team): string[] => c.getMessages(id).map((m) => m.body);
  const post = async (c: Floorwalk, body: string): Promise<void> => {
    f.clock.advance(20_000);
    await c.sendMessage(team, body);
    await until(() => [sup, sup2, agent].every((x) => bodies(x).includes(body)), `${body} everywhere`);
  };
  await post(sup, 'Huddle at 10:30');
  await post(agent, "I'll be there");
  await post(sup2, 'Moved to 10:45');
  const order = ['Huddle at 10:30', "I'll be there", 'Moved to 10:45'];
  for (const c of [sup, sup2, agent]) assert.deepEqual(bodies(c), order, 'the order they were sent in, on every client');
  await agent.markRead(team);
  await until(() => agent.getUnreadCount(team) === 0, 'read at the agent');
  // Written after the agent read, by a right clock behind the fast one: new to the agent.
  await post(sup, 'Room 4');
  for (const c of [sup, sup2, agent]) assert.deepEqual(bodies(c), [...order, 'Room 4']);
  assert.equal(agent.getUnreadCount(team), 1, 'Room 4 is unread at the agent');
  const readers = (c: Floorwalk, body: string) => c.getMessages(team).find((m) => m.body === body)?.readBy ?? [];
  await until(() => readers(sup, 'Moved to 10:45').includes(f.agentId), 'the agent read what they saw');
  assert.deepEqual(readers(sup, 'Room 4'), [], 'not what came after');
  // A 1:1 from the fast clock to the slow one: the agent's receipt is newer news, whatever its stamp.
  const dm = conversationId(fast, f.agentId);
  await sup2.sendMessage(dm, 'Call me');
  await until(() => agent.getUnreadCount(dm) === 1, 'at the agent');
  await until(() => sup2.getMessages(dm)[0]?.delivery === 'delivered', 'delivered at the sender');
  f.clock.advance(5_000);
  await agent.markRead(dm);
  await until(() => sup2.getMessages(dm)[0]?.delivery === 'read', 'read at the sender');
});

test('a check-in: refused at short notice (even from a client whose policy says none), accepted, started inside its window, live once the agent confirms', async () => {
  const f = floor();
  const sup = await f.client(f.sups[0] as string, 'supervisor');
  const agent = await f.client(f.agentId, 'agent');
  // A stale or hostile client with no notice rule is refused where the write happens.
  const careless = await f.client('sup-2', 'supervisor', { ...POLICY, checkInNoticeMs: 0 });
  const now = f.clock.now();
  await assert.rejects(careless.proposeCheckIn(f.agentId, now + 10 * 60_000), (e: FloorwalkError) => e.code === ErrorCode.NoticeTooShort);
  await assert.rejects(sup.proposeCheckIn(f.agentId, now + 10 * 60_000), (e: FloorwalkError) => e.code === ErrorCode.NoticeTooShort);
  const at = now + 2 * HOUR;
  await sup.proposeCheckIn(f.agentId, at, 'Quality review');
  await until(() => agent.getCheckIns().length === 1, 'the proposal at the agent');
  const id = agent.getCheckIns()[0]?.id as string;
  assert.equal(agent.getCheckIns()[0]?.noticeMs, 2 * HOUR);
  await agent.answerCheckIn(id, 'accepted');
  await until(() => sup.getCheckIns()[0]?.answer === 'accepted', 'accepted');
  // Too early: an hour before, outside the ten-minute window.
  f.clock.advanceTo(at - HOUR);
  await assert.rejects(sup.startCheckIn(id), (e: FloorwalkError) => e.code === ErrorCode.OutsideWindow);
  f.clock.advanceTo(at - 5 * 60_000);
  await sup.startCheckIn(id);
  await until(() => agent.getCheckIns()[0]?.phase === 'starting', 'starting at the agent');
  assert.equal(sup.getCheckIns()[0]?.phase, 'starting', 'not live until the agent confirms');
  await agent.confirmCheckIn(id);
  await until(() => sup.getCheckIns()[0]?.phase === 'live', 'live');
  await tick(10);
  const actions = agent.getAuditLog().filter((e) => e.outcome === 'succeeded').map((e) => `${e.action}:${e.actor}`);
  const [s1, a1] = [f.sups[0] as string, f.agentId];
  for (const a of [`check-in.propose:${s1}`, `check-in.accept:${a1}`, `check-in.start:${s1}`, `check-in.confirm:${a1}`]) assert.ok(actions.includes(a), `${a} in the shared trail: ${actions.join(', ')}`);
});

test("a monitoring lease lapses when the supervisor's client vanishes, and the agent is told", async () => {
  const f = floor();
  const sup = await f.client(f.sups[0] as string, 'supervisor');
  const other = await f.client('sup-2', 'supervisor');
  const agent = await f.client(f.agentId, 'agent');
  assert.ok(sup.capabilities.commands.includes('renew-monitoring'), 'leases beside Genesys monitoring');
  assert.equal(sup.capabilities.outsideMonitoringUntold, undefined, "Genesys tells agents of monitoring from its own UI");
  const notices: MonitoringNotice[] = [];
  agent.on('monitoring', (n) => notices.push(n));
  const [cid] = f.mock.play([{ type: 'call', queueId: f.mock.directory.queueIds[0] as string, userId: f.agentId }]);
  f.mock.play([{ type: 'answer', conversationId: cid as string }]);
  await until(() => sup.getInteraction(cid as string)?.state === 'connected', 'the connected call');
  await sup.startMonitoring(f.agentId, cid as string, 'listen');
  await until(() => agent.getMonitoringSessions({ active: true }).length === 1, 'the agent sees the session');
  const lease = async () => (await f.backplane.list<{ expiresAt: number; endReason?: string }>('lease/'))[0]?.value;
  for (let i = 0; i < 200 && (await lease()) === undefined; i++) await tick();
  const first = (await lease())?.expiresAt ?? 0;
  assert.equal(first, f.clock.now() + 30_000, "a lease of the policy's length on the backplane");
  // Live, the supervisor's client renews: a minute passes and the session stays.
  for (let i = 0; i < 6; i++) {
    f.clock.advance(10_000);
    await tick(10);
  }
  assert.equal(agent.getMonitoringSessions({ active: true }).length, 1, 'renewed while the supervisor is there');
  assert.ok(((await lease())?.expiresAt ?? 0) > first + 30_000, 'the renewals moved the expiry');
  assert.equal(notices.filter((n) => n.kind === 'ended').length, 0);
  // The supervisor's client goes away without stopping; nobody renews.
  await sup.disconnect();
  f.clock.advance(31_000);
  await until(() => notices.some((n) => n.kind === 'ended'), 'the agent told the session ended');
  const ended = notices.find((n) => n.kind === 'ended');
  assert.equal(ended?.kind === 'ended' ? ended.reason : undefined, 'lease-expired');
  await until(() => agent.getAuditLog().some((e) => e.action === 'monitoring.lease-expired'), 'the lapse in the shared trail');
  assert.equal(agent.getAuditLog().filter((e) => e.action === 'monitoring.lease-expired').length, 1, 'two clients watched it, one ended it');
  assert.equal((await lease())?.endReason, 'lease-expired');
  assert.equal(other.getMonitoringSessions({ active: true }).length, 0, 'the other supervisor sees it ended too');
});

test("a supervisor's screen view of a call never takes the lease of the monitoring they start on it", async () => {
  const f = floor();
  const supId = f.sups[0] as string;
  const sup = await f.client(supId, 'supervisor');
  const [cid] = f.mock.play([{ type: 'call', queueId: f.mock.directory.queueIds[0] as string, userId: f.agentId }]) as [string];
  // Genesys reports the screen view with every change of the call, the new listen leg's too.
  f.mock.play([{ type: 'answer', conversationId: cid }, { type: 'screen', conversationId: cid, supervisorId: supId }]);
  await until(() => sup.getMonitoringSessions({ active: true }).length === 1, 'the screen view');
  await sup.startMonitoring(f.agentId, cid, 'listen');
  const leased = async (): Promise<string[]> => (await f.backplane.list<{ session: { mode: string } }>('lease/')).map((r) => r.value.session.mode);
  for (let i = 0; i < 200 && (await leased()).length === 0; i++) await tick();
  assert.deepEqual(await leased(), ['listen']);
});

test('coaching notes and sessions from a supervisor reach the agent; a private note stays with supervisors; a session closes after its time', async () => {
  const f = floor();
  const policy: PolicyOptions = { ...POLICY, privateCoachingNotes: true };
  const sup = await f.client(f.sups[0] as string, 'supervisor', policy);
  const other = await f.client('sup-2', 'supervisor', policy);
  const agent = await f.client(f.agentId, 'agent', policy);
  await sup.addCoachingNote(f.agentId, 'Great de-escalation on the refund call');
  await sup.addCoachingNote(f.agentId, 'Watch the hold times', undefined, { private: true });
  await until(() => other.getCoachingNotes(f.agentId).length === 2, 'both notes at the other supervisor');
  await until(() => agent.getCoachingNotes().length === 1, 'the shared note at the agent');
  await tick(20);
  assert.deepEqual(agent.getCoachingNotes().map((n) => n.body), ['Great de-escalation on the refund call'], 'the private note never reaches the agent');
  const at = f.clock.now() + HOUR;
  await sup.scheduleCoachingSession(f.agentId, 'Hold times', at, 30 * 60_000, ['sup-2']);
  await until(() => agent.getCoachingSessions().length === 1, 'the session at the agent');
  assert.deepEqual(agent.getCoachingSessions()[0]?.attendeeIds, [f.agentId, 'sup-2']);
  await assert.rejects(sup.scheduleCoachingSession(f.agentId, 'Who?', at, 60_000, ['nobody-here']), (e: FloorwalkError) => e.code === ErrorCode.UnknownEntity);
  f.clock.advance(HOUR + 30 * 60_000);
  await until(() => other.getCoachingSessions()[0]?.state === 'done', 'done after its time');
});

/** A clock that keeps the due times of the timers set on it and not yet run or cleared. */
function watched(clock: ManualClock): Clock & { due(): number[] } {
  const pending = new Map<unknown, number>();
  return {
    now: () => clock.now(),
    setTimeout(callback, ms) {
      const handle: unknown = clock.setTimeout(() => {
        pending.delete(handle);
        callback();
      }, ms);
      pending.set(handle, clock.now() + ms);
      return handle as ReturnType<Clock['setTimeout']>;
    },
    clearTimeout(handle) {
      pending.delete(handle);
      clock.clearTimeout(handle);
    },
    due: () => [...pending.values()],
  };
}

test('a coaching session moved or cancelled reaches the agent; its closing timer moves with it, and goes with a cancel', async () => {
  const f = floor();
  const sup = await f.client(f.sups[0] as string, 'supervisor');
  const lead = await f.client('sup-2', 'supervisor');
  const timers = watched(f.clock);
  const agent = await f.client(f.agentId, 'agent', POLICY, undefined, timers);
  for (const c of [sup, lead, agent]) {
    assert.ok(c.capabilities.commands.includes('reschedule-coaching-session') && c.capabilities.commands.includes('cancel-coaching-session'), 'carried by the backplane');
  }
  const at = f.clock.now() + HOUR;
  const half = 30 * 60_000;
  await sup.scheduleCoachingSession(f.agentId, 'Hold times', at, half);
  await until(() => agent.getCoachingSessions().length === 1 && lead.getCoachingSessions().length === 1, 'the session everywhere');
  const id = agent.getCoachingSessions()[0]?.id as string;
  assert.ok(timers.due().includes(at + half), 'the agent’s client closes it at its end');

  // Moved an hour later by the organiser: the agent sees the new time, and the old end closes nothing.
  await sup.rescheduleCoachingSession(id, at + HOUR, 45 * 60_000);
  await until(() => agent.getCoachingSessions()[0]?.at === at + HOUR, 'the new time at the agent');
  assert.equal(agent.getCoachingSessions()[0]?.durationMs, 45 * 60_000);
  assert.ok(!timers.due().includes(at + half) && timers.due().includes(at + HOUR + 45 * 60_000), 'the timer was re-armed for the new end');
  f.clock.advanceTo(at + half + 1);
  await tick(20);
  assert.equal(agent.getCoachingSessions()[0]?.state, 'scheduled', 'not closed at its old end');
  // The agent may decline it but not move it; nor may anyone move it into the past.
  await assert.rejects(agent.rescheduleCoachingSession(id, at + 3 * HOUR), (e: FloorwalkError) => e.code === ErrorCode.Forbidden);
  await assert.rejects(lead.rescheduleCoachingSession(id, f.clock.now() - 1), (e: FloorwalkError) => e.code === ErrorCode.InvalidArgument && e.details?.['field'] === 'at');
  // Another supervisor over the agent's team moves it too; the length stays when none is given.
  await lead.rescheduleCoachingSession(id, at + 2 * HOUR);
  await until(() => agent.getCoachingSessions()[0]?.at === at + 2 * HOUR, 'the second move at the agent');
  assert.equal(agent.getCoachingSessions()[0]?.durationMs, 45 * 60_000);

  // The agent declines: cancelled everywhere, its timer gone, and nothing more may change it.
  await agent.cancelCoachingSession(id);
  await until(() => sup.getCoachingSessions()[0]?.state === 'cancelled' && agent.getCoachingSessions()[0]?.state === 'cancelled', 'cancelled everywhere');
  // Only the one that deletes the record once late readers have had their grace (keepEndedMs, 1 hour).
  assert.deepEqual(timers.due().filter((t) => t >= at), [f.clock.now() + HOUR], 'no timer left to close a cancelled session');
  await assert.rejects(sup.rescheduleCoachingSession(id, at + 3 * HOUR), (e: FloorwalkError) => e.code === ErrorCode.Conflict);
  await assert.rejects(sup.cancelCoachingSession(id), (e: FloorwalkError) => e.code === ErrorCode.Conflict);
  f.clock.advance(4 * HOUR);
  await tick(20);
  assert.equal(agent.getCoachingSessions()[0]?.state, 'cancelled', 'a cancelled session never turns done');
  // Deleted from the backplane after the grace; the clients that held it keep it as history.
  assert.equal((await f.backplane.list('coaching-session/')).length, 0);
  // Each change is audited in its author's client, with the agent as subject.
  assert.deepEqual(
    sup.getAuditLog().filter((e) => e.action.startsWith('coaching.') && e.outcome === 'succeeded').map((e) => [e.action, e.subject]),
    [['coaching.schedule', f.agentId], ['coaching.reschedule', f.agentId]],
  );
  assert.deepEqual(agent.getAuditLog().filter((e) => e.action === 'coaching.cancel').map((e) => e.outcome), ['requested', 'succeeded']);
});

test('an admin turns agent notices off live: every client on the backplane applies it, the agent is told, a late client catches up, admins read it audited', async () => {
  const f = floor();
  const admin = await f.client('admin-1', 'admin');
  const sup = await f.client(f.sups[0] as string, 'supervisor');
  const agent = await f.client(f.agentId, 'agent');
  assert.ok(admin.capabilities.commands.includes('set-policy'), 'the decorated Genesys adapter carries policy changes');
  const told: (readonly string[])[] = [];
  agent.on('policy', (change) => told.push(change.agentNotices));
  await assert.rejects(sup.setPolicy({ monitoringNotice: false }), (e: FloorwalkError) => e.code === ErrorCode.Forbidden);

  await admin.setPolicy({ monitoringNotice: false, activitySignal: { enabled: true, granularityMs: 120_000 } });
  await until(() => agent.getPolicy().monitoringNotice === false && sup.getPolicy().monitoringNotice === false, 'the change on every client');
  assert.deepEqual(told, [['monitoring-notice-off', 'activity-signal-on']]);
  assert.equal(agent.getPolicy().activitySignal.granularityMs, 120_000);

  // A change naming only part of a value keeps the rest; a client connecting later has it all.
  await admin.setPolicy({ activitySignal: { enabled: false } });
  await until(() => agent.getPolicy().activitySignal.enabled === false, 'the signal off at the agent');
  const late = await f.client('sup-2', 'supervisor');
  assert.equal(late.getPolicy().monitoringNotice, false);
  assert.deepEqual(late.getPolicy().activitySignal, { enabled: false, granularityMs: 120_000 });

  await until(() => admin.getAuditLog().filter((e) => e.actor === 'admin-1' && e.outcome === 'succeeded' && e.id.startsWith('bp:')).length === 3, 'the shared audit entries');
  const shared = admin.getAuditLog().filter((e) => e.id.startsWith('bp:'));
  assert.deepEqual(
    shared.map((e) => [e.action, e.target['tenantPolicy'], e.target['previous']]),
    [
      ['policy.set', 'monitoringNotice=false; activitySignal.enabled=true; activitySignal.granularityMs=120000', 'monitoringNotice=true; activitySignal.enabled=false; activitySignal.granularityMs=60000'],
      ['policy.monitoring-notice-off', 'monitoringNotice=false; activitySignal.enabled=true; activitySignal.granularityMs=120000', 'monitoringNotice=true; activitySignal.enabled=false; activitySignal.granularityMs=60000'],
      ['policy.set', 'activitySignal.enabled=false', 'activitySignal.enabled=true; activitySignal.granularityMs=120000'],
    ],
  );
  assert.ok(!agent.getAuditLog().some((e) => e.action.startsWith('policy.') && e.id.startsWith('bp:')), 'policy entries name no agent: the agent is told by the event');
});

test("the activity signal on a vendor platform: the agent's buckets reach supervisors through the backplane, and turning it off clears them", async () => {
  const f = floor();
  const admin = await f.client('admin-1', 'admin');
  const sup = await f.client(f.sups[0] as string, 'supervisor');
  let input = 5;
  const source: ActivitySource = { take: () => input, stop: () => undefined, start: () => undefined };
  const agent = await f.client(f.agentId, 'agent', POLICY, source);
  const agentAdapter = f.adapter();
  assert.ok(agent.capabilities.commands.includes('report-activity'), 'the decorated Genesys adapter carries the activity signal');

  await admin.setPolicy({ activitySignal: { enabled: true, granularityMs: 1000 } });
  await until(() => agent.getPolicy().activitySignal.enabled, 'the signal on at the agent');
  for (let i = 0; i < 3 && sup.getAgent(f.agentId)?.activity === undefined; i++) {
    f.clock.advance(1000);
    await tick(20);
  }
  await until(() => sup.getAgent(f.agentId)?.activity?.bucket === 'active', 'the bucket at the supervisor');
  assert.deepEqual(Object.keys(sup.getAgent(f.agentId)?.activity ?? {}).sort(), ['bucket', 'since'], 'the bucket and its time, nothing else');
  // Quiet input: the device moves to idle and the supervisor follows.
  input = 0;
  for (let i = 0; i < 10 && sup.getAgent(f.agentId)?.activity?.bucket === 'active'; i++) {
    f.clock.advance(1000);
    await tick(20);
  }
  await until(() => sup.getAgent(f.agentId)?.activity?.bucket === 'idle', `idle at the supervisor (the agent shared ${agent.getSharedActivity().map((a) => a.bucket).join(', ')})`);
  // A supervisor connecting later reads the last bucket from the backplane.
  const late = await f.client('sup-2', 'supervisor');
  await until(() => late.getAgent(f.agentId)?.activity?.bucket === 'idle', 'the bucket at a late supervisor');

  // Only the agent's own device reports: the backplane refuses anyone else, whatever reached it.
  await assert.rejects(
    agentAdapter.execute({ type: 'report-activity', agentId: f.agentId, bucket: 'away', key: 'forged-1', issuedBy: 'sup-2', issuedAt: f.clock.now() }),
    (e: FloorwalkError) => e.code === ErrorCode.Forbidden,
  );

  await admin.setPolicy({ activitySignal: { enabled: false } });
  await until(() => sup.getAgent(f.agentId)?.activity === undefined && late.getAgent(f.agentId)?.activity === undefined, 'the bucket gone from supervisors');
  assert.equal((await f.backplane.get(`activity/${f.agentId}`))?.value, null, 'the stored bucket cleared');
  // With the signal off the backplane takes no report either, even one that skips the client.
  await assert.rejects(
    agentAdapter.execute({ type: 'report-activity', agentId: f.agentId, bucket: 'active', key: 'late-1', issuedBy: f.agentId, issuedAt: f.clock.now() }),
    (e: FloorwalkError) => e.code === ErrorCode.Forbidden,
  );
});
