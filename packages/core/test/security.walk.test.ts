// Least privilege, proven through the real client over the simulator: every (role, command) pair
// against an explicit expectation, and every (role, data field) pair against what each role's
// client holds. A component may show or hide a button; these tests show the core decides.
//
//   node --experimental-websocket --import tsx --test packages/core/test/security.walk.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  COMMAND_TYPES,
  createFloorwalk,
  ErrorCode,
  ROLES,
  type Adapter,
  type Command,
  type CommandEnvelope,
  type CommandType,
  type CheckIn,
  type Floorwalk,
  type Interaction,
  type Role,
  type Session,
} from '@floorwalk/core';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { createSimulatorAdapter, type SimulatorAdapter } from '@floorwalk/adapters/simulator';
import { ALLOWED, EXPECTED, REVEAL } from './security-matrix.js';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
/**
 * The walk's tenant policy: a minute's notice for check-ins, so one can be proposed, accepted and
 * started inside a test, and the activity signal on, so reporting it is a question of role.
 */
const WALK_POLICY = { checkInNoticeMs: 60_000, activitySignal: { enabled: true, granularityMs: 1000 } } as const;

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

interface Floor {
  readonly clock: ManualClock;
  readonly sim: SimulatorAdapter;
  /** Team-1 agents: `self` is the agent role's user, `target` has a connected call, `other` raises the setup help request. */
  readonly self: string;
  readonly target: string;
  readonly targetCall: string;
  readonly selfCall: string;
  readonly other: string;
  readonly team2Agent: string;
  /** Clients of sup-3 (team 1) and of `other`, the far side of check-ins the walk prepares. */
  readonly sup3: Floorwalk;
  readonly otherAgent: Floorwalk;
  /** Setup: sup-3 (team 1) monitors self's call and proposes a check-in to self. */
  readonly setupSession: string;
  readonly setupCheckIn: string;
  /** Setup: sup-3 schedules a coaching session with self. */
  readonly setupCoaching: string;
  readonly otherHelp: string;
  readonly clients: Floorwalk[];
  /** The client under test, connected before the setup so it sees it happen live. */
  readonly client: Floorwalk;
  /** The commands that reached its adapter. */
  readonly reached: CommandEnvelope[];
}

const sessionFor = (role: Role, floor: Pick<Floor, 'self'>): Session =>
  role === 'agent'
    ? { userId: floor.self, role, teamIds: ['team-1'] }
    : role === 'admin'
      ? { userId: 'admin-1', role, teamIds: 'all' }
      : { userId: role === 'qa' ? 'qa-1' : 'sup-1', role, teamIds: ['team-1'] };

async function advance(clock: ManualClock, ms: number): Promise<void> {
  clock.advance(ms);
  await settle();
  await settle();
}

/** A centre of two teams, with a monitoring session, a help request, a check-in and notes made by real clients. */
async function floor(role: Role): Promise<Floor> {
  const clock = createManualClock(T0);
  const sim = createSimulatorAdapter({ clock, agents: 24, teams: 2, seed: 7, supervisors: ['sup-1', 'sup-2', 'sup-3'], warmupMs: 40 * 60_000 });
  // The simulation runs while its main adapter is connected; seats only listen in.
  const main = createFloorwalk({ adapter: sim, clock: sim.clock, policy: WALK_POLICY, session: { userId: 'observer', role: 'admin', teamIds: 'all' } });
  await main.connect();
  const raw = await sim.seat().snapshot();
  const inTeam = (team: string) => (raw.agents ?? []).filter((a) => a.teamIds.includes(team)).map((a) => a.id);
  const connected = (agentId: string) => (raw.interactions ?? []).find((i) => i.agentId === agentId && i.state === 'connected');
  const team1 = inTeam('team-1');
  const withCalls = team1.filter((id) => connected(id) !== undefined);
  assert.ok(withCalls.length >= 2, `two team-1 agents on calls (seeded), got ${withCalls.length}`);
  const [self, target] = withCalls as [string, string];
  const other = team1.find((id) => id !== self && id !== target) as string;
  const team2Agent = inTeam('team-2')[0] as string;
  const clients: Floorwalk[] = [main];
  const reached: CommandEnvelope[] = [];
  const seat = sim.seat();
  // The real seat, with its execute observed: a refused command must never get this far.
  const observed: Adapter = { ...seat, execute: (command) => (reached.push(command), seat.execute(command)) };
  const client = createFloorwalk({ adapter: observed, clock: sim.clock, policy: WALK_POLICY, session: sessionFor(role, { self }) });
  await client.connect();
  const seatAs = async (session: Session): Promise<Floorwalk> => {
    const client = createFloorwalk({ adapter: sim.seat(), clock: sim.clock, policy: WALK_POLICY, session });
    clients.push(client);
    await client.connect();
    return client;
  };
  const sup3 = await seatAs({ userId: 'sup-3', role: 'supervisor', teamIds: ['team-1'] });
  const sup2 = await seatAs({ userId: 'sup-2', role: 'supervisor', teamIds: ['team-2'] });
  const otherAgent = await seatAs({ userId: other, role: 'agent', teamIds: ['team-1'] });
  const team2 = await seatAs({ userId: team2Agent, role: 'agent', teamIds: ['team-2'] });
  const selfCall = connected(self)?.id as string;
  await sup3.startMonitoring(self, selfCall, 'listen');
  await sup3.proposeCheckIn(self, T0 + 3 * 3_600_000, 'Weekly 1:1');
  await sup3.addCoachingNote(self, 'Good empathy on the refund call');
  await sup3.scheduleCoachingSession(self, 'Refund calls', T0 + 4 * 3_600_000, 30 * 60_000);
  await sup2.addCoachingNote(team2Agent, 'Team-2 note: nobody in team 1 may read this');
  await otherAgent.raiseHand('Customer asks for a manager');
  await team2.raiseHand('Team-2 help: nobody in team 1 may read this');
  await advance(clock, 1000);
  const setupSession = sup3.getMonitoringSessions({ active: true })[0]?.id as string;
  const setupCheckIn = sup3.getCheckIns({ agentId: self })[0]?.id as string;
  const otherHelp = sup3.getHelpRequests({ agentId: other })[0]?.id as string;
  const setupCoaching = sup3.getCoachingSessions({ agentId: self })[0]?.id as string;
  assert.ok(setupSession && setupCheckIn && otherHelp && setupCoaching, 'the setup clients made their session, check-in, help request and coaching session');
  clients.push(client);
  return { clock, sim, self, target, targetCall: connected(target)?.id as string, selfCall, other, team2Agent, sup3, otherAgent, setupSession, setupCheckIn, setupCoaching, otherHelp, clients, client, reached };
}

/** The command of each type a role would plausibly try, aimed inside team 1. */
function commandFor(type: CommandType, role: Role, f: Floor, client: Floorwalk): Command {
  const ownSession = client.getMonitoringSessions({ active: true }).find((s) => s.supervisorId === client.session.userId)?.id;
  switch (type) {
    case 'set-presence':
      return { type, agentId: role === 'agent' ? f.self : f.other, state: 'available' };
    case 'start-monitoring':
      return { type, agentId: f.target, interactionId: f.targetCall, mode: 'listen' };
    case 'change-monitoring-mode':
      return { type, sessionId: ownSession ?? f.setupSession, mode: 'whisper' };
    case 'stop-monitoring':
      return { type, sessionId: ownSession ?? f.setupSession };
    case 'raise-hand':
      return { type, agentId: role === 'agent' ? f.self : f.target, reason: 'Need a hand' };
    case 'acknowledge-help':
      return { type, requestId: f.otherHelp };
    case 'resolve-help': {
      const own = client.getHelpRequests({ agentId: f.self, open: true })[0]?.id;
      return { type, requestId: role === 'agent' && own !== undefined ? own : f.otherHelp };
    }
    case 'send-message':
      return { type, conversationId: 'team:team-1', body: `hello from ${role}` };
    case 'add-coaching-note':
      return { type, agentId: f.target, body: `note by ${role}` };
    case 'propose-check-in':
      return { type, agentId: f.target, scheduledFor: T0 + 5 * 3_600_000 };
    case 'answer-check-in':
      return { type, checkInId: f.setupCheckIn, answer: 'accepted' };
    case 'mark-read':
      return { type, conversationId: 'team:team-1' };
    case 'mark-delivered':
      return { type, conversationId: 'team:team-1', messageIds: client.getMessages('team:team-1').slice(-1).map((m) => m.id) };
    case 'counter-check-in':
      return { type, checkInId: checkInOf(client, (c) => c.agentId === f.self && c.answer === 'pending') ?? f.setupCheckIn, scheduledFor: f.clock.now() + 4 * 3_600_000 };
    case 'respond-check-in-counter':
      return { type, checkInId: checkInOf(client, (c) => c.counterFor !== undefined && c.answer === 'pending') ?? f.setupCheckIn, accept: true };
    case 'start-check-in':
      return { type, checkInId: checkInOf(client, (c) => c.answer === 'accepted' && phase(c) === 'scheduled' && c.supervisorId === client.session.userId) ?? f.setupCheckIn };
    case 'confirm-check-in':
      return { type, checkInId: checkInOf(client, (c) => phase(c) === 'starting') ?? f.setupCheckIn };
    case 'end-check-in':
      return { type, checkInId: checkInOf(client, (c) => phase(c) === 'starting' || phase(c) === 'live') ?? f.setupCheckIn };
    case 'cancel-check-in':
      return { type, checkInId: checkInOf(client, (c) => phase(c) === 'scheduled') ?? f.setupCheckIn };
    case 'renew-monitoring':
      return { type, sessionId: ownSession ?? f.setupSession };
    case 'schedule-coaching-session':
      return { type, agentId: f.target, topic: 'Call review', at: f.clock.now() + 3_600_000, durationMs: 30 * 60_000 };
    case 'reschedule-coaching-session':
      return { type, sessionId: f.setupCoaching, at: f.clock.now() + 5 * 3_600_000 };
    case 'cancel-coaching-session':
      return { type, sessionId: f.setupCoaching };
    case 'start-colleague-call':
      return { type, participantIds: [f.other] };
    case 'end-colleague-call':
      return { type, callId: client.getColleagueCalls({ active: true })[0]?.id ?? 'call-none' };
    case 'report-activity':
      return { type, agentId: role === 'agent' ? f.self : f.target, bucket: 'active' };
    case 'set-policy':
      return { type, changes: { helpEscalationMs: 90_000 } };
    default:
      throw new Error(`No command builder for ${type as string}: add it, and its row in EXPECTED.`);
  }
}

const phase = (c: CheckIn): string => c.phase ?? 'scheduled';
/** The newest check-in this client holds that matches. */
const checkInOf = (client: Floorwalk, match: (c: CheckIn) => boolean): string | undefined =>
  [...client.getCheckIns()].filter(match).sort((a, b) => b.proposedAt - a.proposedAt)[0]?.id;

/**
 * Puts the floor in the state where a role that may run `type` can: a check-in to counter, a
 * counter to answer, an accepted one to start, a started one to confirm, a session to renew. The
 * far side acts through its own real client. Roles the matrix refuses are refused before any of
 * this matters, by permission.
 */
async function prepare(type: CommandType, role: Role, f: Floor, client: Floorwalk): Promise<void> {
  const soon = f.clock.now() + 2 * 60_000;
  const newest = (c: Floorwalk, agentId: string): CheckIn | undefined => [...c.getCheckIns({ agentId })].sort((a, b) => b.proposedAt - a.proposedAt)[0];
  if (role === 'agent' && type === 'counter-check-in') {
    await f.sup3.proposeCheckIn(f.self, f.clock.now() + 2 * 3_600_000, 'To counter');
  } else if (role === 'agent' && type === 'confirm-check-in') {
    await f.sup3.proposeCheckIn(f.self, soon, 'To confirm');
    await advance(f.clock, 200);
    await client.answerCheckIn(newest(client, f.self)?.id as string, 'accepted');
    await advance(f.clock, 200);
    await f.sup3.startCheckIn(newest(f.sup3, f.self)?.id as string);
  } else if (role === 'supervisor' && type === 'respond-check-in-counter') {
    await client.proposeCheckIn(f.other, f.clock.now() + 2 * 3_600_000, 'To be countered');
    await advance(f.clock, 200);
    await f.otherAgent.counterCheckIn(newest(f.otherAgent, f.other)?.id as string, f.clock.now() + 3 * 3_600_000);
  } else if (role === 'supervisor' && type === 'start-check-in') {
    await client.proposeCheckIn(f.other, soon, 'To start');
    await advance(f.clock, 200);
    await f.otherAgent.answerCheckIn(newest(f.otherAgent, f.other)?.id as string, 'accepted');
  } else if ((role === 'supervisor' || role === 'qa') && type === 'renew-monitoring') {
    if (!client.getMonitoringSessions({ active: true }).some((s) => s.supervisorId === client.session.userId)) {
      await client.startMonitoring(f.target, f.targetCall, 'listen');
    }
  } else return;
  await advance(f.clock, 200);
}

test('every command type has an expectation for every role, and nothing else does', () => {
  assert.deepEqual(Object.keys(EXPECTED).sort(), [...COMMAND_TYPES].sort());
  for (const type of COMMAND_TYPES) assert.deepEqual(Object.keys(EXPECTED[type] ?? {}).sort(), [...ROLES].sort(), type);
});

for (const role of ROLES) {
  test(`the ${role} role: every command is allowed or refused by the core as the matrix says`, async () => {
    const f = await floor(role);
    const { client, reached } = f;
    try {
      for (const type of COMMAND_TYPES) {
        const expected = EXPECTED[type]?.[role];
        assert.ok(expected !== undefined, `no expectation for (${role}, ${type})`);
        await prepare(type, role, f, client);
        const command = commandFor(type, role, f, client);
        const before = reached.length;
        const audited = client.getAuditLog().length;
        const outcome = await client.execute(command).then(
          () => ALLOWED,
          (err: unknown) => err,
        );
        if (expected === ALLOWED) {
          assert.equal(outcome, ALLOWED, `(${role}, ${type}) should be allowed: ${String((outcome as Error)?.message)}`);
          assert.equal(reached.length, before + 1, `(${role}, ${type}) reached the adapter once`);
          assert.equal(reached.at(-1)?.type, type);
        } else {
          assert.ok(outcome !== ALLOWED, `(${role}, ${type}) should be refused`);
          const error = outcome as { name?: string; code?: number; message?: string };
          assert.equal(error.name, 'FloorwalkError', `(${role}, ${type}) refused with a typed error`);
          assert.equal(error.code, expected, `(${role}, ${type}): ${error.message}`);
          assert.equal(reached.length, before, `(${role}, ${type}) never reached the adapter`);
          const denial = client.getAuditLog().slice(audited).find((e) => e.action === 'command.denied');
          assert.ok(denial, `(${role}, ${type}) left a command.denied audit entry`);
          assert.equal(denial.outcome, 'denied');
          assert.equal(denial.actor, client.session.userId);
          assert.equal(denial.target['command'], type);
          // And what it was about, by the ids the caller gave (a conversation, a call, a check-in...).
          for (const [key, value] of Object.entries(command)) {
            if (key.endsWith('Id') && typeof value === 'string') assert.equal(denial.target[key], value, `(${role}, ${type}) names its ${key}`);
          }
        }
        await advance(f.clock, 400);
      }
    } finally {
      for (const c of f.clients) await c.disconnect();
    }
  });
}

test('a supervisor cannot act on another team, whatever the command names', async () => {
  const f = await floor('supervisor');
  const { client, reached } = f;
  const team2Help = f.clients[2]?.getHelpRequests({ agentId: f.team2Agent })[0]?.id as string;
  const attempts: Command[] = [
    { type: 'set-presence', agentId: f.team2Agent, state: 'break' },
    { type: 'add-coaching-note', agentId: f.team2Agent, body: 'out of scope' },
    { type: 'propose-check-in', agentId: f.team2Agent, scheduledFor: T0 + 3_600_000 },
    { type: 'acknowledge-help', requestId: team2Help },
    { type: 'send-message', conversationId: 'team:team-2', body: 'out of scope' },
  ];
  for (const command of attempts) {
    const error = await client.execute(command).then(
      () => null,
      (err: { code?: number }) => err,
    );
    assert.ok(error !== null, `${command.type} on team 2 is refused`);
    assert.ok(
      [ErrorCode.UnknownAgent, ErrorCode.OutOfScope, ErrorCode.UnknownEntity, ErrorCode.Forbidden].includes(error.code as never),
      `${command.type}: a scope error, got ${String(error.code)}`,
    );
  }
  assert.equal(reached.length, 0, 'nothing reached the adapter');
  for (const c of f.clients) await c.disconnect();
});

/** What each role's client holds, by data field. */
interface Sight {
  ownInteractions: boolean;
  teamInteractions: boolean;
  otherTeamInteractions: boolean;
  /** Customer data of the interactions it holds: `clear`, `masked`, or `none` when it holds none. */
  customer: 'clear' | 'masked' | 'none';
  teamAgents: boolean;
  otherTeamAgents: boolean;
  teamHelp: boolean;
  otherTeamHelp: boolean;
  ownCoaching: boolean;
  teamCoaching: boolean;
  otherTeamCoaching: boolean;
}

const SIGHT: Record<Role, Sight> = {
  agent: { ownInteractions: true, teamInteractions: false, otherTeamInteractions: false, customer: 'clear', teamAgents: true, otherTeamAgents: false, teamHelp: false, otherTeamHelp: false, ownCoaching: true, teamCoaching: false, otherTeamCoaching: false },
  supervisor: { ownInteractions: false, teamInteractions: true, otherTeamInteractions: false, customer: 'masked', teamAgents: true, otherTeamAgents: false, teamHelp: true, otherTeamHelp: false, ownCoaching: false, teamCoaching: true, otherTeamCoaching: false },
  qa: { ownInteractions: false, teamInteractions: true, otherTeamInteractions: false, customer: 'masked', teamAgents: true, otherTeamAgents: false, teamHelp: false, otherTeamHelp: false, ownCoaching: false, teamCoaching: true, otherTeamCoaching: false },
  admin: { ownInteractions: false, teamInteractions: true, otherTeamInteractions: true, customer: 'masked', teamAgents: true, otherTeamAgents: true, teamHelp: true, otherTeamHelp: true, ownCoaching: false, teamCoaching: false, otherTeamCoaching: false },
};

function customerState(interactions: readonly Interaction[]): Sight['customer'] {
  const withCustomer = interactions.filter((i) => i.customer?.name !== undefined);
  if (withCustomer.length === 0) return 'none';
  const masked = withCustomer.filter((i) => (i.customer?.masked ?? []).includes('name'));
  if (masked.length === withCustomer.length) return 'masked';
  assert.equal(masked.length, 0, 'customer data is all masked or all clear for one session');
  return 'clear';
}

for (const role of ROLES) {
  test(`the ${role} role holds exactly the data fields its permissions allow`, async () => {
    const f = await floor(role);
    const { client } = f;
    const agents = client.getAgents();
    const team1 = new Set(agents.filter((a) => a.teamIds.includes('team-1')).map((a) => a.id));
    const interactions = client.getInteractions();
    const isTeam = (agentId: string | undefined) => agentId !== undefined && team1.has(agentId);
    const seen: Sight = {
      ownInteractions: role === 'agent' && interactions.some((i) => i.agentId === f.self),
      teamInteractions: interactions.some((i) => i.agentId === f.target),
      otherTeamInteractions: interactions.some((i) => i.agentId !== undefined && !isTeam(i.agentId)),
      customer: customerState(interactions),
      teamAgents: agents.some((a) => a.id === f.target),
      otherTeamAgents: agents.some((a) => a.teamIds.includes('team-2')),
      teamHelp: client.getHelpRequests().some((r) => r.agentId === f.other),
      otherTeamHelp: client.getHelpRequests().some((r) => r.agentId === f.team2Agent),
      ownCoaching: client.getCoachingNotes().some((n) => n.agentId === f.self && role === 'agent'),
      teamCoaching: client.getCoachingNotes().some((n) => n.agentId === f.self && role !== 'agent'),
      otherTeamCoaching: client.getCoachingNotes().some((n) => n.agentId === f.team2Agent),
    };
    assert.deepEqual(seen, SIGHT[role]);
    // Masked values keep their shape: initials, the last four digits, the mail domain.
    for (const i of interactions) {
      const c = i.customer;
      if (c?.masked === undefined) continue;
      if (c.name !== undefined) assert.match(c.name, /^(\p{Lu}\.)( \p{Lu}\.)*$/u, `masked name ${c.name}`);
      if (c.phone !== undefined) assert.match(c.phone, /^[+•() -]*\d{4}$/u, `masked phone ${c.phone}`);
      if (c.email !== undefined) assert.match(c.email, /^.•••@[^@]+$/u, `masked email ${c.email}`);
      if (i.subject !== undefined) assert.equal(i.subject, '(withheld)');
    }
    // The audit trail a client holds: its own actions, the entries about its own agent (who
    // monitored them, check-in decisions), and everything only for a role with audit:read.
    const log = client.getAuditLog();
    for (const entry of log) {
      const mine = entry.actor === client.session.userId || (role === 'agent' && entry.subject === f.self);
      assert.ok(mine || role === 'admin', `${role} holds ${entry.action} by ${entry.actor} about ${String(entry.subject)}`);
    }
    // The setup's monitoring of self is the agent's to read, and the admin's, and nobody else's.
    const aboutSelf = log.some((e) => e.actor === 'sup-3' && e.subject === f.self && e.action.startsWith('monitoring.'));
    assert.equal(aboutSelf, role === 'agent' || role === 'admin', `${role} reads sup-3's monitoring of ${f.self}`);
    for (const c of f.clients) await c.disconnect();
  });
}


for (const role of ROLES) {
  test(`the ${role} role: revealing a customer field is ${REVEAL[role] === ALLOWED ? 'allowed and audited' : 'refused and audited'}`, async () => {
    const f = await floor(role);
    const { client } = f;
    const outcome = await client.revealCustomerField(f.targetCall, 'name').then(
      (value) => ({ value }),
      (err: { code?: number }) => ({ code: err.code }),
    );
    const actions = client.getAuditLog().map((e) => `${e.action}:${e.outcome}`);
    if (REVEAL[role] === ALLOWED) {
      assert.ok('value' in outcome && typeof outcome.value === 'string' && !outcome.value.includes('•'), 'the clear value');
      assert.ok(actions.includes('customer.reveal:succeeded'));
    } else {
      assert.deepEqual(outcome, { code: REVEAL[role] });
      assert.ok(actions.includes('command.denied:denied'));
      assert.ok(!actions.some((a) => a.startsWith('customer.reveal')), 'no reveal happened');
    }
    for (const c of f.clients) await c.disconnect();
  });
}
