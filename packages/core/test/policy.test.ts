import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  COMMAND_TYPES,
  createFloorwalk,
  DEFAULT_ROLE_PERMISSIONS,
  ErrorCode,
  FloorwalkError,
  ROLES,
  type Command,
  type CommandType,
  type AuditEntry,
  type MonitoringNotice,
  type MonitoringSessionNotice,
  type Permission,
  type PolicyOptions,
  type Role,
  type Session,
} from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { call, fakeAdapter, nextId, settle, T0 } from './fixtures.js';

/** Sessions per role, all scoped to team t1. The agent is a1. */
const sessions: Record<Role, Session> = {
  agent: { userId: 'a1', role: 'agent', teamIds: ['t1'] },
  supervisor: { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] },
  qa: { userId: 'qa-1', role: 'qa', teamIds: ['t1'] },
  admin: { userId: 'admin-1', role: 'admin', teamIds: 'all' },
};

async function liveAs(session: Session, policy: PolicyOptions = {}) {
  const adapter = fakeAdapter();
  // Time stands at T0, so check-in notice and windows are measured against the fixtures' times.
  const client = createFloorwalk({ adapter, session, policy: { activitySignal: { enabled: true }, ...policy }, clock: createManualClock(T0) });
  await client.connect();
  // Shared entities the commands refer to: a help request and a check-in for a1, a monitoring
  // session on a1's call started by this session (so it can change and stop it).
  adapter.emit(
    { type: 'help-request', id: nextId(), at: T0, source: 'fake', request: { id: 'h1', agentId: 'a1', reason: 'refund', state: 'open', raisedAt: T0 } },
    { type: 'check-in', id: nextId(), at: T0, source: 'fake', checkIn: { id: 'k1', agentId: 'a1', supervisorId: 'sup-1', scheduledFor: T0 + 3_600_000, proposedAt: T0, noticeMs: 3_600_000, answer: 'pending' } },
    { type: 'monitoring', id: nextId(), at: T0, source: 'fake', session: { id: 'm1', mode: 'listen', supervisorId: session.userId, agentId: 'a1', interactionId: 'i1', startedAt: T0 } },
    // k2: the agent countered; k3: accepted and due now; k4: started, waiting for the agent.
    { type: 'check-in', id: nextId(), at: T0, source: 'fake', checkIn: { id: 'k2', agentId: 'a1', supervisorId: 'sup-1', scheduledFor: T0 + 3_600_000, proposedAt: T0, noticeMs: 3_600_000, answer: 'pending', counterFor: T0 + 7_200_000, counteredAt: T0 } },
    { type: 'check-in', id: nextId(), at: T0, source: 'fake', checkIn: { id: 'k3', agentId: 'a1', supervisorId: 'sup-1', scheduledFor: T0 + 60_000, proposedAt: T0 - 86_400_000, noticeMs: 86_400_000, answer: 'accepted' } },
    { type: 'check-in', id: nextId(), at: T0, source: 'fake', checkIn: { id: 'k4', agentId: 'a1', supervisorId: 'sup-1', scheduledFor: T0, proposedAt: T0 - 86_400_000, noticeMs: 86_400_000, answer: 'accepted', phase: 'starting', startedAt: T0 } },
    { type: 'colleague-call', id: nextId(), at: T0, source: 'fake', call: { id: 'c1', kind: 'direct', participantIds: [session.userId, 'a1'], startedBy: session.userId, startedAt: T0 } },
    // cs1: a coaching session with a1 that another supervisor organised.
    { type: 'coaching-session', id: nextId(), at: T0, source: 'fake', session: { id: 'cs1', topic: 'Refund calls', at: T0 + 3_600_000, durationMs: 1_800_000, attendeeIds: ['a1'], organiserId: 'sup-9', agentId: 'a1', state: 'scheduled' } },
  );
  await settle();
  return { adapter, client };
}

/** For each command: the permission it needs when aimed at a1 (self for the agent), in scope. */
function commandFor(type: CommandType, role: Role): { command: Command; needs: Permission | 'own-session' | 'own-or-respond' | 'check-in-party' | 'coaching-decline' } {
  switch (type) {
    case 'set-presence':
      return { command: { type, agentId: 'a1', state: 'break' }, needs: role === 'agent' ? 'presence:write:self' : 'presence:write:team' };
    case 'start-monitoring':
      // m1 already covers i1 for this session; a1 gets a second live call to start on.
      return { command: { type, agentId: 'a1', interactionId: 'i9', mode: 'whisper' }, needs: 'monitor:whisper' };
    case 'change-monitoring-mode':
      return { command: { type, sessionId: 'm1', mode: 'barge' }, needs: 'monitor:barge' };
    case 'stop-monitoring':
      return { command: { type, sessionId: 'm1' }, needs: 'own-session' };
    case 'raise-hand':
      return { command: { type, agentId: 'a1', reason: 'Customer wants a manager' }, needs: 'help:raise' };
    case 'acknowledge-help':
      return { command: { type, requestId: 'h1' }, needs: 'help:respond' };
    case 'resolve-help':
      return { command: { type, requestId: 'h1' }, needs: 'own-or-respond' };
    case 'send-message':
      return { command: { type, conversationId: 'team:t1', body: 'hi team' }, needs: 'chat:send' };
    case 'add-coaching-note':
      return { command: { type, agentId: 'a1', body: 'Great de-escalation' }, needs: 'coaching:write' };
    case 'propose-check-in':
      return { command: { type, agentId: 'a1', scheduledFor: T0 + 86_400_000 }, needs: 'check-in:propose' };
    case 'answer-check-in':
      return { command: { type, checkInId: 'k1', answer: 'accepted' }, needs: 'check-in:answer' };
    case 'mark-read':
      return { command: { type, conversationId: 'team:t1' }, needs: 'chat:send' };
    case 'mark-delivered':
      return { command: { type, conversationId: 'team:t1', messageIds: ['x1'] }, needs: 'chat:send' };
    case 'counter-check-in':
      return { command: { type, checkInId: 'k1', scheduledFor: T0 + 2 * 86_400_000 }, needs: 'check-in:answer' };
    case 'respond-check-in-counter':
      return { command: { type, checkInId: 'k2', accept: true }, needs: 'check-in:propose' };
    case 'start-check-in':
      return { command: { type, checkInId: 'k3' }, needs: 'check-in:propose' };
    case 'confirm-check-in':
      return { command: { type, checkInId: 'k4' }, needs: 'check-in:answer' };
    case 'end-check-in':
      return { command: { type, checkInId: 'k4' }, needs: 'check-in-party' };
    case 'cancel-check-in':
      return { command: { type, checkInId: 'k1' }, needs: 'check-in-party' };
    case 'renew-monitoring':
      return { command: { type, sessionId: 'm1' }, needs: 'own-session' };
    case 'schedule-coaching-session':
      return { command: { type, agentId: 'a1', topic: 'Refund calls', at: T0 + 3_600_000, durationMs: 1_800_000 }, needs: 'coaching:write' };
    case 'reschedule-coaching-session':
      return { command: { type, sessionId: 'cs1', at: T0 + 7_200_000 }, needs: 'coaching:manage:team' };
    // The agent it is about may decline it; moving it is for those who manage the team's sessions.
    case 'cancel-coaching-session':
      return { command: { type, sessionId: 'cs1' }, needs: 'coaching-decline' };
    case 'start-colleague-call':
      return { command: { type, participantIds: [role === 'agent' ? 'a2' : 'a1'] }, needs: 'call:colleague' };
    case 'end-colleague-call':
      return { command: { type, callId: 'c1' }, needs: 'call:colleague' };
    case 'report-activity':
      return { command: { type, agentId: 'a1', bucket: 'idle' }, needs: 'activity:report:self' };
    case 'set-policy':
      return { command: { type, changes: { helpEscalationMs: 60_000 } }, needs: 'policy:write' };
  }
}

for (const role of ROLES) {
  for (const type of COMMAND_TYPES) {
    const { command, needs } = commandFor(type, role);
    const granted = DEFAULT_ROLE_PERMISSIONS[role] as readonly string[];
    const expected =
      needs === 'own-session'
        ? true
        : needs === 'own-or-respond'
          ? role === 'agent' || granted.includes('help:respond')
          : needs === 'check-in-party'
            ? role === 'agent' || role === 'supervisor'
            : needs === 'coaching-decline'
              ? role === 'agent' || granted.includes('coaching:manage:team')
              : granted.includes(needs);
    test(`${role} ${expected ? 'may' : 'may not'} ${type}`, async () => {
      const { adapter, client } = await liveAs(sessions[role]);
      adapter.emit({ type: 'interaction', id: nextId(), at: T0, source: 'fake', interaction: call('i9', 'a1', 'connected', { connectedAt: T0 }) });
      assert.equal(client.can(command), expected, 'can() agrees with the table');
      const result = client.execute(command);
      if (expected) {
        await result;
        assert.equal(adapter.executed.at(-1)?.type, type);
        assert.equal(adapter.executed.at(-1)?.issuedBy, sessions[role].userId);
      } else {
        // A role that may not read the teams' coaching sessions (admin) does not hold the session at all.
        const code = type.endsWith('-coaching-session') && type !== 'schedule-coaching-session' && !granted.includes('coaching:read:team') && role !== 'agent' ? ErrorCode.UnknownEntity : ErrorCode.Forbidden;
        await assert.rejects(result, (e: unknown) => e instanceof FloorwalkError && e.code === code);
        assert.equal(adapter.executed.length, 0, 'nothing reached the adapter');
      }
    });
  }
}

test('a supervisor cannot act on agents outside their teams, whatever the UI shows', async () => {
  const { adapter, client } = await liveAs(sessions.supervisor);
  // b1 is in t2. The supervisor never even holds b1, so the core reports it as unknown.
  for (const command of [
    { type: 'set-presence', agentId: 'b1', state: 'break' },
    { type: 'start-monitoring', agentId: 'b1', interactionId: 'i2', mode: 'listen' },
    { type: 'add-coaching-note', agentId: 'b1', body: 'x' },
  ] as const) {
    await assert.rejects(client.execute(command), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.UnknownAgent);
  }
  assert.equal(adapter.executed.length, 0);
});

test('an agent in two teams is in scope for a supervisor of either', async () => {
  const adapter = fakeAdapter();
  adapter.snapshotEvent = { ...adapter.snapshotEvent, agents: [{ id: 'x1', name: 'X', teamIds: ['t2', 't1'], queueIds: [], presence: { state: 'available', since: T0 } }] };
  const client = createFloorwalk({ adapter, session: sessions.supervisor });
  await client.connect();
  await client.setAgentPresence('x1', 'break');
  assert.equal(adapter.executed.length, 1);
});

test('a supervisor cannot post to another team channel or a DM they are not in', async () => {
  const { client } = await liveAs(sessions.supervisor);
  await assert.rejects(client.sendMessage('team:t2', 'hello'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Forbidden);
  await assert.rejects(client.sendMessage('dm:a1:a2', 'hello'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Forbidden);
  await client.sendMessage('dm:a1:sup-1', 'hello');
});

test('data scope: a supervisor holds only their teams; an agent only their own interactions', async () => {
  const sup = (await liveAs(sessions.supervisor)).client;
  assert.deepEqual(sup.getAgents().map((a) => a.id).sort(), ['a1', 'a2']);
  assert.deepEqual(sup.getTeams().map((t) => t.id), ['t1']);
  assert.deepEqual(sup.getInteractions().map((i) => i.id), ['i1']);
  const agentClient = (await liveAs(sessions.agent)).client;
  assert.deepEqual(agentClient.getAgents().map((a) => a.id).sort(), ['a1', 'a2'], 'an agent sees teammates’ presence');
  assert.deepEqual(agentClient.getInteractions().map((i) => i.id), ['i1'], 'but only their own interactions');
});

test('customer data is masked before it reaches the store, except for the handling agent', async () => {
  const sup = (await liveAs(sessions.supervisor)).client;
  const seen = sup.getInteraction('i1')?.customer;
  assert.deepEqual(seen, { name: 'J. D.', phone: '+•• •••• ••0123', masked: ['name', 'phone'] });
  const own = (await liveAs(sessions.agent)).client.getInteraction('i1')?.customer;
  assert.equal(own?.phone, '+44 7700 900123');
  assert.equal(own?.masked, undefined);
});

test('a tenant can grant customer:read:team explicitly', async () => {
  const granted = [...DEFAULT_ROLE_PERMISSIONS.supervisor, 'customer:read:team'] as const;
  const { client } = await liveAs(sessions.supervisor, { roles: { supervisor: granted } });
  assert.equal(client.getInteraction('i1')?.customer?.phone, '+44 7700 900123');
});

test('an interaction transferred out of scope is forgotten, not left stale', async () => {
  const { adapter, client } = await liveAs(sessions.supervisor);
  assert.ok(client.getInteraction('i1'));
  adapter.emit({ type: 'interaction', id: nextId(), at: T0 + 1000, source: 'fake', interaction: call('i1', 'b1', 'connected', { connectedAt: T0, transfers: 1 }) });
  assert.equal(client.getInteraction('i1'), undefined);
  assert.equal(client.getRoutingActivity('a1'), 'idle');
});

test('an agent moved out of the supervisor’s teams is removed', async () => {
  const { adapter, client } = await liveAs(sessions.supervisor);
  adapter.emit({ type: 'agent', id: nextId(), at: T0 + 1000, source: 'fake', agent: { id: 'a2', name: 'A2', teamIds: ['t2'], queueIds: [], presence: { state: 'available', since: T0 } } });
  assert.equal(client.getAgent('a2'), undefined);
});

test('the monitored agent is told at start, mode change and end', async () => {
  const { adapter, client } = await liveAs(sessions.agent);
  const notices: MonitoringNotice[] = [];
  client.on('monitoring', (n) => notices.push(n));
  const base = { id: 'm7', supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: T0 + 10 };
  adapter.emit({ type: 'monitoring', id: nextId(), at: T0 + 10, source: 'fake', session: { ...base, mode: 'listen' } });
  adapter.emit({ type: 'monitoring', id: nextId(), at: T0 + 20, source: 'fake', session: { ...base, mode: 'whisper' } });
  adapter.emit({ type: 'monitoring', id: nextId(), at: T0 + 30, source: 'fake', session: { ...base, mode: 'whisper', endedAt: T0 + 30 } });
  assert.deepEqual(notices.map((n) => ('session' in n ? `${n.kind}:${n.session.mode}:${n.session.supervisorId}` : n.kind)), ['started:listen:sup-1', 'mode-changed:whisper:sup-1', 'ended:whisper:sup-1']);
  assert.equal((notices[1] as MonitoringSessionNotice | undefined)?.previousMode, 'listen');
  assert.equal(client.getMonitoringSessions({ agentId: 'a1', active: false }).length, 1, 'the agent can list who monitored them');
});

test('the agent is told when a supervisor views their screen, on an interaction or on none (the platform reports it)', async () => {
  const { adapter, client } = await liveAs(sessions.agent);
  const notices: MonitoringNotice[] = [];
  client.on('monitoring', (n) => notices.push(n));
  const view = { id: 'v1', mode: 'screen', supervisorId: 'sup-1', agentId: 'a1', startedAt: T0 + 10 } as const;
  adapter.emit({ type: 'monitoring', id: nextId(), at: T0 + 10, source: 'fake', session: view });
  adapter.emit({ type: 'monitoring', id: nextId(), at: T0 + 20, source: 'fake', session: { ...view, id: 'v2', interactionId: 'i1' } });
  adapter.emit({ type: 'monitoring', id: nextId(), at: T0 + 30, source: 'fake', session: { ...view, endedAt: T0 + 30 } });
  assert.deepEqual(notices.map((n) => ('session' in n ? `${n.kind}:${n.session.mode}:${n.session.interactionId ?? '-'}` : n.kind)), ['started:screen:-', 'started:screen:i1', 'ended:screen:-']);
  assert.deepEqual(client.getMonitoringHistory('a1').filter((s) => s.mode === 'screen').map((s) => s.id), ['v2', 'v1']);
});

test('a screen view is told, never controlled: its supervisor can neither switch nor stop it here, and may still start monitoring the call it shows', async () => {
  const { adapter, client } = await liveAs(sessions.supervisor);
  adapter.emit({ type: 'interaction', id: nextId(), at: T0, source: 'fake', interaction: call('i9', 'a1', 'connected', { offeredAt: T0, connectedAt: T0 }) });
  adapter.emit({ type: 'monitoring', id: nextId(), at: T0, source: 'fake', session: { id: 'v3', mode: 'screen', supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i9', startedAt: T0 } });
  await settle();
  assert.equal(client.can({ type: 'stop-monitoring', sessionId: 'v3' }), false);
  await assert.rejects(client.stopMonitoring('v3'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Unsupported);
  await assert.rejects(client.changeMonitoringMode('v3', 'listen'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Unsupported);
  assert.equal(adapter.executed.length, 0, 'nothing reached the platform');
  // The screen view of i9 is no audio session on it: listening there is a start, not a conflict.
  await client.startMonitoring('a1', 'i9', 'listen');
  assert.deepEqual(adapter.executed.map((c) => c.type), ['start-monitoring']);
});

test('agents do not see sessions monitoring colleagues', async () => {
  const { adapter, client } = await liveAs(sessions.agent);
  adapter.emit({ type: 'monitoring', id: nextId(), at: T0 + 10, source: 'fake', session: { id: 'm8', mode: 'listen', supervisorId: 'sup-1', agentId: 'a2', interactionId: 'ix', startedAt: T0 } });
  assert.equal(client.getMonitoringSessions({ agentId: 'a2' }).length, 0);
});

test('turning monitoring notices off is explicit and audited', async () => {
  const { adapter, client } = await liveAs(sessions.agent, { monitoringNotice: false });
  const entry = client.getAuditLog().find((e) => e.action === 'policy.monitoring-notice-off');
  assert.ok(entry, 'an audit entry records the tenant decision');
  const notices: MonitoringNotice[] = [];
  client.on('monitoring', (n) => notices.push(n));
  adapter.emit({ type: 'monitoring', id: nextId(), at: T0 + 10, source: 'fake', session: { id: 'm9', mode: 'listen', supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i1', startedAt: T0 } });
  assert.equal(notices.length, 0);
});

test('monitoring commands write requested and outcome audit entries; denials are audited', async () => {
  const { adapter, client } = await liveAs(sessions.supervisor);
  await client.changeMonitoringMode('m1', 'whisper');
  const log = client.getAuditLog().filter((e) => e.action === 'monitoring.change-mode');
  assert.deepEqual(log.map((e) => e.outcome), ['requested', 'succeeded']);
  assert.equal(log[0]?.commandKey, log[1]?.commandKey);
  assert.equal(log[0]?.target.sessionId, 'm1');
  adapter.failWith = new Error('vendor 500');
  await assert.rejects(client.stopMonitoring('m1'));
  assert.equal(client.getAuditLog().at(-1)?.outcome, 'failed');
  const qa = (await liveAs(sessions.qa)).client;
  await assert.rejects(qa.startMonitoring('a1', 'i1', 'barge'));
  assert.equal(qa.getAuditLog().at(-1)?.action, 'command.denied');
});

test("a presence set for someone else is audited with who, whom, what and when; one's own presence is not", async () => {
  // A team lead who also takes calls: their own agent record is sup-1.
  const { adapter, client } = await liveAs({ ...sessions.supervisor, agentId: 'sup-1' });
  await client.setAgentPresence('a1', 'break', { id: 'coffee', label: 'Coffee' });
  await client.setPresence('meeting');
  const presence = client.getAuditLog().filter((e) => e.action === 'presence.set');
  assert.deepEqual(
    presence.map((e) => [e.actor, e.subject, e.target['agentId'], e.target['state'], e.outcome, e.at]),
    [
      ['sup-1', 'a1', 'a1', 'break', 'requested', T0],
      ['sup-1', 'a1', 'a1', 'break', 'succeeded', T0],
    ],
    "the supervisor's own presence is not on the trail",
  );
  assert.equal(presence[0]?.commandKey, adapter.executed[0]?.key, 'tied to the command');
  assert.deepEqual(adapter.executed.map((c) => c.type === 'set-presence' && c.agentId), ['a1', 'sup-1']);
  // Refused by the platform: the outcome is on the record too.
  adapter.failWith = new FloorwalkError(ErrorCode.VendorError, 'vendor 500');
  await assert.rejects(client.setAgentPresence('a1', 'available'));
  assert.deepEqual(client.getAuditLog().filter((e) => e.action === 'presence.set').slice(2).map((e) => [e.outcome, e.target['state']]), [
    ['requested', 'available'],
    ['failed', 'available'],
  ]);
  const agent = (await liveAs(sessions.agent)).client;
  await agent.setPresence('break');
  assert.deepEqual(agent.getAuditLog().filter((e) => e.action === 'presence.set'), [], "an agent's own breaks are not");
});

test('a refusal repeated in a loop does not push real entries out of the bounded trail: listeners hear each, the log keeps it once a minute', async () => {
  const clock = createManualClock(T0);
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: sessions.supervisor, clock });
  await client.connect();
  const heard: AuditEntry[] = [];
  client.on('audit', (e) => heard.push(e));
  await client.setAgentPresence('a1', 'break');
  // A host that re-sends a change on every store update, for an agent of another team: each is refused.
  for (let i = 0; i < 1500; i++) await client.setAgentPresence('b1', 'break').catch(() => undefined);
  const denied = (entries: readonly AuditEntry[]) => entries.filter((e) => e.action === 'command.denied');
  assert.equal(denied(heard).length, 1500, 'a host shipping the trail gets every attempt');
  assert.ok(Object.isFrozen(heard.at(-1)) && Object.isFrozen(heard.at(-1)?.target));
  assert.deepEqual(
    client.getAuditLog().map((e) => [e.action, e.outcome, e.subject]),
    [
      ['presence.set', 'requested', 'a1'],
      ['presence.set', 'succeeded', 'a1'],
      ['command.denied', 'denied', 'b1'],
    ],
    'the supervisor\'s real action is still on the record',
  );
  // Another refusal is kept at once; the same one again once a minute has passed.
  await client.setAgentPresence('b1', 'meal').catch(() => undefined);
  clock.advance(60_000);
  await client.setAgentPresence('b1', 'meal').catch(() => undefined);
  assert.deepEqual(denied(client.getAuditLog()).map((e) => [e.target['state'], e.at]), [
    ['break', T0],
    ['meal', T0],
    ['meal', T0 + 60_000],
  ]);
  await client.disconnect();
});

test('the audit trail cannot be rewritten through the public API: an entry and whom it names are read-only, for listeners and readers alike', async () => {
  const { adapter, client } = await liveAs(sessions.supervisor);
  const tries: string[] = [];
  const rewrite = (entry: AuditEntry): void => {
    for (const attempt of [() => ((entry.target as Record<string, string>)['agentId'] = 'a2'), () => ((entry as { subject?: string }).subject = 'a2')]) {
      try {
        attempt();
        tries.push('changed');
      } catch {
        tries.push('refused');
      }
    }
  };
  client.on('audit', rewrite);
  await client.startMonitoring('a1', 'i9', 'listen').catch(() => undefined);
  adapter.emit({ type: 'interaction', id: nextId(), at: T0, source: 'fake', interaction: call('i9', 'a1', 'connected', { connectedAt: T0 }) });
  await client.startMonitoring('a1', 'i9', 'whisper');
  // One of the platform's shared trail, about the agent this supervisor watches.
  adapter.emit({ type: 'audit', id: nextId(), at: T0, source: 'fake', entry: { id: 'p1', at: T0, actor: 'sup-1', action: 'monitoring.lease-expired', outcome: 'succeeded', target: { agentId: 'a1', interactionId: 'i1' }, subject: 'a1' } });
  await settle();
  for (const entry of client.getAuditLog()) rewrite(entry);
  // The listener hears the four written after it was added; the reader reads all five.
  assert.equal(tries.length, 2 * (4 + 5), 'two rewrites of each entry, by the listener and by a reader');
  assert.deepEqual([...new Set(tries)], ['refused']);
  const named = client.getAuditLog().map((e) => [e.action, e.target['agentId'], e.target['interactionId'], e.subject]);
  assert.deepEqual(named, [
    ['policy.set', undefined, undefined, undefined],
    ['command.denied', 'a1', 'i9', 'a1'],
    ['monitoring.start', 'a1', 'i9', 'a1'],
    ['monitoring.start', 'a1', 'i9', 'a1'],
    ['monitoring.lease-expired', 'a1', 'i1', 'a1'],
  ]);
});

test('a second session on the same interaction by the same supervisor is a conflict', async () => {
  const { client } = await liveAs(sessions.supervisor);
  await assert.rejects(client.startMonitoring('a1', 'i1', 'listen'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Conflict);
});

test('only connected or held interactions can be monitored', async () => {
  const { adapter, client } = await liveAs(sessions.supervisor);
  adapter.emit({ type: 'interaction', id: nextId(), at: T0, source: 'fake', interaction: call('i5', 'a2', 'offered', { offeredAt: T0 }) });
  await assert.rejects(client.startMonitoring('a2', 'i5', 'listen'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Conflict);
  await assert.rejects(client.startMonitoring('a2', 'i1', 'listen'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.UnknownInteraction);
});

test('a supervisor cannot stop another supervisor’s session', async () => {
  const { adapter, client } = await liveAs(sessions.supervisor);
  adapter.emit({ type: 'monitoring', id: nextId(), at: T0, source: 'fake', session: { id: 'm2', mode: 'listen', supervisorId: 'sup-9', agentId: 'a1', interactionId: 'i1', startedAt: T0 } });
  await assert.rejects(client.stopMonitoring('m2'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Forbidden);
});

test('a payload that claims its fields are masked is masked all the same', async () => {
  const { adapter, client } = await liveAs(sessions.supervisor);
  adapter.emit({
    type: 'interaction',
    id: nextId(),
    at: T0 + 1,
    source: 'fake',
    interaction: call('i1', 'a1', 'connected', { connectedAt: T0, customer: { phone: '+44 7700 900123', email: 'jane@example.com', masked: ['phone', 'email'] }, subject: 'Card 4111 1111 1111 1111' }),
  });
  const seen = client.getInteraction('i1');
  assert.equal(seen?.customer?.phone, '+•• •••• ••0123');
  assert.equal(seen?.customer?.email, 'j•••@example.com');
  assert.equal(seen?.subject, '(withheld)');
  assert.deepEqual(seen?.customer?.masked, ['phone', 'email', 'subject']);
  // Already-masked values come out unchanged: the masks are idempotent.
  adapter.emit({ type: 'interaction', id: nextId(), at: T0 + 2, source: 'fake', interaction: { ...seen!, state: 'held', heldAt: T0 + 2 } });
  assert.equal(client.getInteraction('i1')?.customer?.phone, '+•• •••• ••0123');
});

test('a monitoring command cancelled before it was sent still gets an audited outcome', async () => {
  const { adapter, client } = await liveAs(sessions.supervisor);
  adapter.sink!.status('reconnecting');
  const waiting = client.changeMonitoringMode('m1', 'whisper');
  await client.disconnect();
  await assert.rejects(waiting, (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Cancelled);
  const entries = client.getAuditLog().filter((e) => e.action === 'monitoring.change-mode');
  assert.deepEqual(entries.map((e) => e.outcome), ['requested', 'failed']);
  assert.equal(new Set(client.getAuditLog().map((e) => e.id)).size, client.getAuditLog().length, 'audit ids are unique');
});
