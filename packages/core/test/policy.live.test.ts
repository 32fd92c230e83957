// Live tenant policy changes (`set-policy`), proven with real clients on one simulated centre:
// the admin changes values, every client applies them, agents are told, the trail records it.
//
//   node --experimental-websocket --import tsx --test packages/core/test/policy.live.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createFloorwalk,
  ErrorCode,
  type ActivitySource,
  type Adapter,
  type CommandEnvelope,
  type Floorwalk,
  type FloorwalkError,
  type MonitoringNotice,
  type PolicyChange,
  type PolicyOptions,
  type Session,
} from '@floorwalk/core';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { createSimulatorAdapter, type SimulatorAdapter } from '@floorwalk/adapters/simulator';
// Test hooks are not part of the package's exports.
import { simulatorTestHooks } from '../../adapters/src/simulator/simulator.js';
import { fakeAdapter } from './fixtures.js';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const admin: Session = { userId: 'admin-1', role: 'admin', teamIds: 'all' };
const sup: Session = { userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] };

/** A source whose input the test decides, recording whether the client has it listening. */
function countingSource(): ActivitySource & { listening: boolean; next: number; starts: number; stops: number } {
  const source = {
    listening: true,
    next: 0,
    starts: 0,
    stops: 0,
    take: () => (source.listening ? source.next : 0),
    start: () => {
      source.starts++;
      source.listening = true;
    },
    stop: () => {
      source.stops++;
      source.listening = false;
    },
  };
  return source;
}

interface Centre {
  readonly clock: ManualClock;
  readonly sim: SimulatorAdapter;
  readonly admin: Floorwalk;
  readonly sup: Floorwalk;
  readonly agent: Floorwalk;
  /** The agent's id: a team-1 agent on a connected call. */
  readonly agentId: string;
  readonly callId: string;
  readonly source: ReturnType<typeof countingSource>;
  readonly clients: Floorwalk[];
  /** Commands that reached the supervisor's adapter. */
  readonly supSent: CommandEnvelope[];
}

async function advance(clock: ManualClock, ms: number): Promise<void> {
  clock.advance(ms);
  await settle();
  await settle();
}

async function centre(policy: PolicyOptions = {}, adminOptions: { verifyUser?: () => Promise<boolean> } = {}): Promise<Centre> {
  const clock = createManualClock(T0);
  const sim = createSimulatorAdapter({ clock, agents: 12, teams: 1, seed: 7, warmupMs: 40 * 60_000 });
  const adminClient = createFloorwalk({ adapter: sim, clock: sim.clock, policy, session: admin, ...adminOptions });
  await adminClient.connect();
  const raw = await sim.seat().snapshot();
  const call = (raw.interactions ?? []).find((i) => i.state === 'connected' && i.agentId !== undefined);
  assert.ok(call?.agentId, 'a seeded agent is on a call');
  const agentId = call.agentId;
  const source = countingSource();
  const agent = createFloorwalk({ adapter: sim.seat({ person: agentId }), clock: sim.clock, policy, session: { userId: agentId, role: 'agent', teamIds: ['team-1'] }, activity: source });
  const supSent: CommandEnvelope[] = [];
  const seat = sim.seat();
  const supClient = createFloorwalk({ adapter: { ...seat, execute: (c) => (supSent.push(c), seat.execute(c)) } as Adapter, clock: sim.clock, policy, session: sup });
  await agent.connect();
  await supClient.connect();
  return { clock, sim, admin: adminClient, sup: supClient, agent, agentId, callId: call.id, source, clients: [agent, supClient, adminClient], supSent };
}

async function close(c: Centre): Promise<void> {
  for (const client of c.clients) await client.disconnect();
}

test('turning notices off: every client applies it, the agent is told at once, the trail records old and new', async () => {
  const c = await centre();
  const changes: PolicyChange[][] = [[], [], []];
  c.clients.forEach((client, i) => client.on('policy', (change) => changes[i]?.push(change)));
  const before = c.agent.getPolicy();
  assert.equal(before.monitoringNotice, true);
  assert.ok(Object.isFrozen(before), 'the view is frozen');

  await c.admin.setPolicy({ monitoringNotice: false });
  await advance(c.clock, 500);

  for (const client of c.clients) assert.equal(client.getPolicy().monitoringNotice, false, `${client.session.role} applied it`);
  assert.notEqual(c.agent.getPolicy(), before, 'a new object after the change');
  assert.equal(before.monitoringNotice, true, 'the old view is unchanged');
  const [agentChanges, supChanges, adminChanges] = changes;
  assert.equal(agentChanges?.length, 1);
  assert.deepEqual(agentChanges?.[0]?.agentNotices, ['monitoring-notice-off'], 'the agent is told they are no longer notified');
  assert.deepEqual(agentChanges?.[0]?.changed, ['monitoringNotice']);
  assert.equal(agentChanges?.[0]?.changedBy, 'admin-1');
  assert.deepEqual(supChanges?.[0]?.agentNotices, [], 'a supervisor is not an agent');
  assert.equal(adminChanges?.length, 1);

  // The admin's trail: its own request and success, and the platform's shared entries.
  const log = c.admin.getAuditLog();
  const sets = log.filter((e) => e.action === 'policy.set');
  assert.deepEqual(sets.map((e) => e.outcome), ['requested', 'succeeded', 'succeeded']);
  for (const e of sets) {
    assert.equal(e.actor, 'admin-1');
    assert.equal(e.target['tenantPolicy'], 'monitoringNotice=false');
    assert.equal(e.target['previous'], 'monitoringNotice=true');
  }
  const off = log.filter((e) => e.action === 'policy.monitoring-notice-off');
  assert.equal(off.length, 2, "the admin's client and the platform each record notices going off");
  // Another admin's client sees the platform's entries too.
  const other = createFloorwalk({ adapter: c.sim.seat(), clock: c.sim.clock, session: { userId: 'admin-2', role: 'admin', teamIds: 'all' } });
  c.clients.push(other);
  await other.connect();
  await c.admin.setPolicy({ helpEscalationMs: 60_000 });
  await advance(c.clock, 500);
  assert.ok(other.getAuditLog().some((e) => e.action === 'policy.set' && e.actor === 'admin-1' && e.target['tenantPolicy'] === 'helpEscalationMs=60000' && e.target['previous'] === 'helpEscalationMs=120000'));
  // ...and the late client caught up with notices off from its first snapshot.
  assert.equal(other.getPolicy().monitoringNotice, false);
  // The agent's trail holds none of the admin's policy entries: they are told by the event instead.
  assert.ok(!c.agent.getAuditLog().some((e) => e.action.startsWith('policy.')));
  await close(c);
});

test('while notices are off the agent hears no monitoring; back on, the agent is told and catches up', async () => {
  const c = await centre();
  const notices: MonitoringNotice[] = [];
  c.agent.on('monitoring', (n: MonitoringNotice) => {
    notices.push(n);
  });
  await c.admin.setPolicy({ monitoringNotice: false });
  await advance(c.clock, 500);
  await c.sup.startMonitoring(c.agentId, c.callId, 'listen');
  await advance(c.clock, 500);
  assert.equal(c.sup.getMonitoringSessions({ active: true }).length, 1, 'the session started');
  assert.equal(notices.length, 0, 'with notices off the agent is not told');
  assert.equal(c.agent.getMonitoringSessions({ active: true }).length, 0);

  const told: PolicyChange[] = [];
  c.agent.on('policy', (change) => told.push(change));
  await c.admin.setPolicy({ monitoringNotice: true });
  await advance(c.clock, 500);
  assert.deepEqual(told.map((t) => t.agentNotices), [['monitoring-notice-on']]);
  // The resync after notices come back shows the session that is still running.
  assert.deepEqual(notices.map((n) => n.kind), ['started']);
  assert.equal(c.agent.getMonitoringSessions({ active: true }).length, 1);
  await close(c);
});

test('turning the activity signal on: the agent is told, their device shares buckets, the supervisor sees them; off again stops it all', async () => {
  const c = await centre();
  assert.equal(c.source.listening, false, 'signal off at start: the source is stopped, nothing is counted');
  assert.deepEqual(c.agent.getSharedActivity(), []);
  const told: PolicyChange[] = [];
  c.agent.on('policy', (change) => told.push(change));
  const shared: string[] = [];
  c.agent.on('activity-shared', (s) => shared.push(s.bucket));

  c.source.next = 3;
  await c.admin.setPolicy({ activitySignal: { enabled: true, granularityMs: 1000 } });
  await advance(c.clock, 500);
  assert.deepEqual(told.map((t) => t.agentNotices), [['activity-signal-on']]);
  assert.deepEqual(c.agent.getPolicy().activitySignal, { enabled: true, granularityMs: 1000 });
  assert.equal(c.source.listening, true, 'the source listens once the signal is on');
  await advance(c.clock, 500);
  assert.deepEqual(shared, ['active']);
  assert.equal(c.sup.getAgent(c.agentId)?.activity?.bucket, 'active', 'the supervisor holds the bucket');
  // Quiet input: idle after two quiet samples.
  c.source.next = 0;
  for (let i = 0; i < 3; i++) await advance(c.clock, 1000);
  assert.deepEqual(shared, ['active', 'idle']);
  assert.equal(c.sup.getAgent(c.agentId)?.activity?.bucket, 'idle');
  assert.deepEqual(c.agent.getSharedActivity().map((s) => s.bucket), ['active', 'idle']);

  await c.admin.setPolicy({ activitySignal: { enabled: false } });
  await advance(c.clock, 500);
  assert.deepEqual(told.map((t) => t.agentNotices), [['activity-signal-on'], ['activity-signal-off']]);
  assert.equal(c.source.listening, false, 'stopped again: nothing counted');
  assert.equal(c.sup.getAgent(c.agentId)?.activity, undefined, 'the supervisor no longer holds a bucket');
  assert.deepEqual(c.agent.getSharedActivity(), [], 'nothing shown while off');
  c.source.next = 9;
  for (let i = 0; i < 3; i++) await advance(c.clock, 1000);
  assert.deepEqual(shared, ['active', 'idle'], 'nothing more shared');
  await close(c);
});

test('only an admin may change policy; the others are refused, audited, and nothing changes', async () => {
  const c = await centre();
  for (const client of [c.agent, c.sup]) {
    const err = await client.setPolicy({ monitoringNotice: false }).then(
      () => null,
      (e: FloorwalkError) => e,
    );
    assert.equal(err?.code, ErrorCode.Forbidden, client.session.role);
    assert.ok(client.getAuditLog().some((e) => e.action === 'command.denied' && e.target['command'] === 'set-policy'));
    assert.equal(client.can({ type: 'set-policy', changes: { monitoringNotice: false } }), false);
  }
  const qa = createFloorwalk({ adapter: c.sim.seat(), clock: c.sim.clock, session: { userId: 'qa-1', role: 'qa', teamIds: ['team-1'] } });
  c.clients.push(qa);
  await qa.connect();
  await assert.rejects(qa.setPolicy({ activitySignal: { enabled: true } }), (e: FloorwalkError) => e.code === ErrorCode.Forbidden);
  assert.equal(c.admin.can({ type: 'set-policy', changes: { monitoringNotice: false } }), true);
  await advance(c.clock, 500);
  for (const client of c.clients) assert.equal(client.getPolicy().monitoringNotice, true);
  assert.ok(!c.supSent.some((e) => e.type === 'set-policy'), 'a refused change never reached the platform');
  await close(c);
});

test('bad changes are refused with InvalidArgument naming the field; roles and step-up cannot change live', async () => {
  const c = await centre();
  const bad: unknown[] = [
    {},
    { roles: { agent: [] } },
    { stepUp: { commands: [] } },
    { monitoringNotice: 'no' },
    { checkInNoticeMs: -1 },
    { helpEscalationMs: Number.POSITIVE_INFINITY },
    { activitySignal: { enabled: true, granularityMs: 10 } },
    { activitySignal: true },
    null,
  ];
  for (const changes of bad) {
    await assert.rejects(
      c.admin.setPolicy(changes as never),
      (e: FloorwalkError) => e.code === ErrorCode.InvalidArgument && /set-policy: changes/.test(e.message),
      JSON.stringify(changes),
    );
  }
  await advance(c.clock, 500);
  assert.ok(!c.admin.getAuditLog().some((e) => e.action === 'policy.set'), 'nothing was requested');
  await close(c);
});

test('a policy that lists set-policy for step-up holds it until the admin is verified', async () => {
  const refused = await centre({ stepUp: { commands: ['set-policy'] } });
  await assert.rejects(refused.admin.setPolicy({ monitoringNotice: false }), (e: FloorwalkError) => e.code === ErrorCode.StepUpRequired);
  await advance(refused.clock, 500);
  assert.equal(refused.agent.getPolicy().monitoringNotice, true, 'nothing changed');
  assert.ok(refused.admin.getAuditLog().some((e) => e.action === 'step-up' && e.outcome === 'failed' && e.target['action'] === 'set-policy'));
  await close(refused);

  let asked = 0;
  const verified = await centre({ stepUp: { commands: ['set-policy'] } }, { verifyUser: async () => (asked++, true) });
  await verified.admin.setPolicy({ monitoringNotice: false });
  await advance(verified.clock, 500);
  assert.equal(asked, 1);
  assert.equal(verified.agent.getPolicy().monitoringNotice, false);
  const actions = verified.admin.getAuditLog().map((e) => `${e.action}:${e.outcome}`);
  assert.ok(actions.indexOf('step-up:succeeded') < actions.indexOf('policy.set:requested'), 'verified before it was requested');
  await close(verified);
});

test('changed time values reach the commands that carry them: lease, escalation, notice, window', async () => {
  const c = await centre();
  await c.admin.setPolicy({ monitoringLeaseMs: 12_000, checkInNoticeMs: 60_000, checkInWindowMs: 120_000 });
  await advance(c.clock, 500);
  assert.deepEqual(
    [c.sup.getPolicy().monitoringLeaseMs, c.sup.getPolicy().checkInNoticeMs, c.sup.getPolicy().checkInWindowMs],
    [12_000, 60_000, 120_000],
  );
  await c.sup.startMonitoring(c.agentId, c.callId, 'listen');
  // A minute's notice is now enough (the default asks a day).
  await c.sup.proposeCheckIn(c.agentId, c.clock.now() + 2 * 60_000, 'Quick one');
  const sent = (type: string) => c.supSent.find((e) => e.type === type) as unknown as Record<string, unknown>;
  assert.equal(sent('start-monitoring')['leaseMs'], 12_000);
  assert.equal(sent('propose-check-in')['minNoticeMs'], 60_000);
  // The renewer keeps to the new lease: a renewal every third of it.
  await advance(c.clock, 500);
  const renewalsBefore = c.supSent.filter((e) => e.type === 'renew-monitoring').length;
  await advance(c.clock, 4_000);
  assert.equal(c.supSent.filter((e) => e.type === 'renew-monitoring').length, renewalsBefore + 1);
  await close(c);
});

test('now() is the client clock; malformed or late policy events change nothing', async () => {
  const c = await centre();
  assert.equal(c.agent.now(), c.clock.now());
  await advance(c.clock, 1234);
  assert.equal(c.agent.now(), c.clock.now());
  const errors: FloorwalkError[] = [];
  c.agent.on('error', (e) => errors.push(e));
  // Through the platform's own mapping: dropped there and reported.
  simulatorTestHooks(c.sim).injectRaw({ type: 'policy', changes: { monitoringNotice: 'off' }, changedBy: 'admin-1' });
  simulatorTestHooks(c.sim).injectRaw({ type: 'policy', changes: { roles: { agent: ['audit:read'] } }, changedBy: 'admin-1' });
  await settle();
  assert.deepEqual(errors.map((e) => e.code), [ErrorCode.MalformedEvent, ErrorCode.MalformedEvent]);
  assert.equal(c.agent.getPolicy().monitoringNotice, true);
  await close(c);

  // Straight into a client: checked there too, and an older change never undoes a newer one.
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: { userId: 'a1', role: 'agent', teamIds: ['t1'] } });
  const rawErrors: FloorwalkError[] = [];
  client.on('error', (e) => rawErrors.push(e));
  await client.connect();
  assert.ok(Math.abs(client.now() - Date.now()) < 5_000, 'the wall clock without a clock option');
  const policyEvent = (id: string, at: number, changes: unknown) => ({ type: 'policy', id, at, source: 'fake', changes, changedBy: 'admin-1' }) as never;
  adapter.emit(policyEvent('p0', T0, { checkInNoticeMs: 'soon' }), policyEvent('p1', T0 + 10, { monitoringNotice: false }), policyEvent('p2', T0 + 5, { monitoringNotice: true }));
  await settle();
  assert.deepEqual(rawErrors.map((e) => e.code), [ErrorCode.MalformedEvent]);
  assert.equal(client.getPolicy().monitoringNotice, false, 'the late, older change was ignored');
  await client.disconnect();
});

test('adapters that cannot carry a change to the other clients refuse it with a clear reason', async () => {
  const adapter = fakeAdapter({ channels: ['voice'], commands: ['set-presence'], monitoringModes: [] });
  const client = createFloorwalk({ adapter, session: admin });
  await client.connect();
  const err = await client.setPolicy({ monitoringNotice: false }).then(
    () => null,
    (e: FloorwalkError) => e,
  );
  assert.equal(err?.code, ErrorCode.Unsupported);
  assert.match(err?.message ?? '', /Live policy changes are not available on fake/);
  assert.equal(client.getPolicy().monitoringNotice, true);
  await client.disconnect();
});
