// Check-ins nobody closes, on a vendor platform with no collaboration of its own (the Genesys
// mocks) and one shared backplane: one left scheduled past its window, one started that the agent
// never joins, one live that both sides leave. The backplane closes each, once however many
// clients run its timer, audited, at every client; and a client that connects after everyone
// left (a reload) closes what lapsed meanwhile.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { setupServer } from 'msw/node';
import { createFloorwalk, ErrorCode, type CheckIn, type FloorwalkError, type Floorwalk, type PolicyOptions } from '@floorwalk/core';
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
const MIN = 60_000;
const POLICY: PolicyOptions = { checkInNoticeMs: HOUR, checkInWindowMs: 10 * MIN };

interface Floor {
  readonly clock: ManualClock;
  readonly mock: GenesysMock;
  readonly backplane: Backplane;
  readonly sup: string;
  readonly agentId: string;
  client(userId: string, role: 'supervisor' | 'agent'): Promise<Floorwalk>;
}

/** A Genesys org behind msw; every client gets its own Genesys adapter, all on one backplane. */
function floor(): Floor {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const mock = createGenesysMock({ agents: 4, clock });
  server.resetHandlers(...mock.handlers);
  const backplane = createMemoryBackplane({ broadcast: false });
  const sup = mock.directory.supervisorId;
  return {
    clock,
    mock,
    backplane,
    sup,
    agentId: mock.directory.agentIds[0] as string,
    async client(userId, role) {
      const adapter = withBackplane(createGenesysAdapter({ ...mock.adapterOptions(), clock, heartbeatTimeoutMs: 24 * HOUR, appointments: 'off' }), backplane, {
        clock,
        supervisorsOf: () => [sup],
        checkInWindowMs: 10 * MIN,
      });
      const client = createFloorwalk({
        adapter,
        clock,
        policy: POLICY,
        session: role === 'agent' ? { userId, role, agentId: userId, teamIds: [...mock.directory.teamIds] } : { userId, role, teamIds: 'all' },
      });
      clients.push(client);
      await client.connect();
      return client;
    },
  };
}

/** Advances the shared clock and lets the backplane's writes land. */
async function pass(f: Floor, ms: number): Promise<void> {
  f.clock.advance(ms);
  await tick(20);
}

/** The backplane's own check-in entries in an agent's trail (a supervisor without `audit:read` reads none of them). */
const lapses = (c: Floorwalk): string[] =>
  c
    .getAuditLog()
    .filter((e) => e.actor === 'backplane' && e.action.startsWith('check-in.') && e.outcome === 'succeeded')
    .map((e) => `${e.action}:${e.target['reason']}:${e.subject}`);

async function accepted(f: Floor, sup: Floorwalk, agent: Floorwalk, at: number): Promise<string> {
  await sup.proposeCheckIn(f.agentId, at);
  await until(() => agent.getCheckIns().some((c) => c.scheduledFor === at), 'the proposal at the agent');
  const id = (agent.getCheckIns().find((c) => c.scheduledFor === at) as CheckIn).id;
  await agent.answerCheckIn(id, 'accepted');
  await until(() => sup.getCheckIns().find((c) => c.id === id)?.answer === 'accepted', 'accepted');
  return id;
}

const one = (c: Floorwalk, id: string): CheckIn | undefined => c.getCheckIns().find((x) => x.id === id);

/** A supervisor and an agent on one floor, and a check-in accepted for two hours on, started at its time. */
async function started() {
  const f = floor();
  const sup = await f.client(f.sup, 'supervisor');
  const agent = await f.client(f.agentId, 'agent');
  const at = f.clock.now() + 2 * HOUR;
  const id = await accepted(f, sup, agent, at);
  await pass(f, at - f.clock.now());
  await sup.startCheckIn(id);
  await until(() => one(agent, id)?.phase === 'starting', 'the prompt at the agent');
  return { f, sup, agent, at, id };
}

test('a scheduled check-in nobody starts lapses at the end of its window on every client, once, audited; a pending one too; a counter-proposal waits for its own window', async () => {
  const f = floor();
  const sup = await f.client(f.sup, 'supervisor');
  const agent = await f.client(f.agentId, 'agent');
  // Three more clients run the same timer: the lapse is still written and audited once.
  const others = await Promise.all([f.client(f.sup, 'supervisor'), f.client(f.agentId, 'agent'), f.client(f.agentId, 'agent')]);
  const at = f.clock.now() + 2 * HOUR;
  const id = await accepted(f, sup, agent, at);
  await sup.proposeCheckIn(f.agentId, at + 5 * MIN);
  await until(() => agent.getCheckIns().length === 2, 'the second proposal');
  const pending = (agent.getCheckIns().find((c) => c.id !== id) as CheckIn).id;
  await sup.proposeCheckIn(f.agentId, at + 6 * MIN);
  await until(() => agent.getCheckIns().length === 3, 'the third proposal');
  const countered = (agent.getCheckIns().find((c) => c.id !== id && c.id !== pending) as CheckIn).id;
  await agent.counterCheckIn(countered, at + 3 * HOUR);
  await until(() => sup.getCheckIns().find((c) => c.id === countered)?.counterFor === at + 3 * HOUR, 'the counter-proposal');
  assert.equal(one(agent, id)?.lapsesAt, at + 10 * MIN, 'the record says when it lapses');

  // Inside the window nothing changes.
  await pass(f, at + 10 * MIN - 1 - f.clock.now());
  assert.equal(one(agent, id)?.phase, 'scheduled');
  await pass(f, 1);
  for (const c of [sup, agent, ...others]) await until(() => one(c, id)?.phase === 'cancelled', 'lapsed at every client');
  assert.deepEqual({ ...one(agent, id), lapsesAt: undefined }, { ...one(sup, id), lapsesAt: undefined });
  assert.equal(one(agent, id)?.lapsed, 'window-passed');
  assert.equal(one(agent, id)?.cancelledBy, 'backplane');
  assert.equal(one(agent, id)?.lapsesAt, undefined, 'a closed check-in lapses no more');
  await pass(f, 5 * MIN);
  await until(() => one(agent, pending)?.phase === 'cancelled', 'the unanswered proposal lapsed too');
  assert.equal(one(agent, pending)?.answer, 'pending', 'the agent never answered: the record does not say they did');
  assert.equal(one(agent, countered)?.phase, 'scheduled', 'the agent’s later time keeps the proposal open');
  await until(() => lapses(agent).length === 2, 'both lapses in the shared trail');
  await tick(20);
  const a = f.agentId;
  assert.deepEqual(lapses(agent), [`check-in.cancel:window-passed:${a}`, `check-in.cancel:window-passed:${a}`], 'five timers, one entry each');
  assert.equal((await f.backplane.read('audit', { limit: 100 })).filter((e) => e.author === 'backplane').length, 2, 'two entries on the backplane');

  // A lapsed check-in cannot be started any more.
  await assert.rejects(sup.startCheckIn(id), (e: FloorwalkError) => e.code === ErrorCode.Conflict);
  await pass(f, 3 * HOUR);
  await until(() => one(agent, countered)?.phase === 'cancelled', 'the counter-proposal lapses after its own window');
});

test('a started check-in the agent never joins ends unjoined after two minutes, never live; a late join is refused', async () => {
  const { f, sup, agent, at, id } = await started();
  assert.equal(one(agent, id)?.lapsesAt, at + 2 * MIN, 'the agent’s time to join');
  await pass(f, 2 * MIN - 1);
  assert.equal(one(agent, id)?.phase, 'starting');
  await pass(f, 1);
  for (const c of [sup, agent]) await until(() => one(c, id)?.phase === 'ended', 'ended at both');
  const ended = one(agent, id) as CheckIn;
  assert.equal(ended.lapsed, 'not-confirmed');
  assert.equal(ended.confirmedAt, undefined, 'never live without the agent');
  assert.equal(ended.endedAt, at + 2 * MIN);
  await assert.rejects(agent.confirmCheckIn(id), (e: FloorwalkError) => e.code === ErrorCode.Conflict);
  await until(() => lapses(agent).length === 1, 'audited');
  assert.deepEqual(lapses(agent), [`check-in.end:not-confirmed:${f.agentId}`]);
});

test('a live check-in both sides leave ends at the time limit; a client that connects after it is due closes it at once, once', async () => {
  const { f, sup, agent, at, id } = await started();
  await agent.confirmCheckIn(id);
  await until(() => one(sup, id)?.phase === 'live', 'live');
  assert.equal(one(sup, id)?.lapsesAt, at + HOUR, 'an hour at most');
  // Both close their pages: nobody's timer runs.
  for (const c of clients.splice(0)) await c.disconnect();
  await pass(f, 3 * HOUR);
  assert.equal((await f.backplane.get<CheckIn>(`check-in/${id}`))?.value.phase, 'live', 'nobody there to close it');
  // The agent opens the page again (two tabs): the first to replay the record closes it.
  const [again, tab] = await Promise.all([f.client(f.agentId, 'agent'), f.client(f.agentId, 'agent')]);
  // Each arms its timer, already due, as the record lands; a manual clock fires it at the next
  // advance. An advance before the replay landed (a fixed 20 ms on a loaded machine) fired nothing.
  for (const c of [again, tab]) await until(() => one(c, id)?.phase === 'live', 'the record replayed');
  await pass(f, 0);
  for (const c of [again, tab]) await until(() => one(c, id)?.phase === 'ended', 'ended on reconnect');
  const ended = one(again, id) as CheckIn;
  assert.equal(ended.lapsed, 'time-limit');
  assert.equal(ended.confirmedAt, at, 'it was live');
  await until(() => lapses(again).length === 1, 'audited');
  await tick(20);
  assert.deepEqual(lapses(again), [`check-in.end:time-limit:${f.agentId}`], 'two tabs, one entry');
});

test('a person’s own end or cancel wins over a lapse due at the same time, and the lapse writes nothing after it', async () => {
  const f = floor();
  const sup = await f.client(f.sup, 'supervisor');
  const agent = await f.client(f.agentId, 'agent');
  const at = f.clock.now() + 2 * HOUR;
  const id = await accepted(f, sup, agent, at);
  await pass(f, at + 5 * MIN - f.clock.now());
  await agent.cancelCheckIn(id);
  await until(() => one(sup, id)?.phase === 'cancelled', 'cancelled');
  await pass(f, 10 * MIN);
  assert.equal(one(sup, id)?.cancelledBy, f.agentId);
  assert.equal(one(sup, id)?.lapsed, undefined);
  assert.deepEqual(lapses(agent), []);
});
