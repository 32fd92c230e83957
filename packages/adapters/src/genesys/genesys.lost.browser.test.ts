// A lost answer, end to end: Genesys applies the request but its answer never reaches the page,
// so the outbox sends the command again with the same idempotency key. Genesys takes no such
// key: each test counts what Genesys received and applied. A real client (outbox on IndexedDB)
// over the Genesys adapter, REST through msw's service worker, on the wall clock.
import { expect } from '@open-wc/testing';
import { getResponse, http, HttpResponse, type RequestHandler } from 'msw';
import { setupWorker } from 'msw/browser';
import { createFloorwalk, createIndexedDbStorage, type CommandEnvelope, type Floorwalk, type IntentSettled } from '@floorwalk/core';
import { createGenesysAdapter } from '@floorwalk/adapters/genesys';
import { createGenesysMock, type GenesysMock } from '@floorwalk/adapters/genesys/mocks';
import { database, fast, until } from '../netdrop.support.js';
import { caughtUp } from './caught-up.support.js';

const worker = setupWorker();
const clients: Floorwalk[] = [];
before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());
afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect();
});

interface Rig {
  mock: GenesysMock;
  sup: Floorwalk;
  agentId: string;
  /** Every envelope the client handed the adapter, in order. */
  sent: CommandEnvelope[];
  settled: IntentSettled[];
  /** Requests Genesys answered with `status` for `method` on a path matching `path`. */
  applied(method: string, path: RegExp, status: number): number;
  /** Resolves once every notification Genesys has sent so far has reached the supervisor. */
  caughtUp(): Promise<void>;
}

/** A supervisor's client, live, following the appointments of the agents it watches. */
async function rig(): Promise<Rig> {
  const mock = createGenesysMock({ agents: 6 });
  worker.resetHandlers(...mock.handlers);
  const supId = mock.directory.supervisorId;
  const sent: CommandEnvelope[] = [];
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), appointments: 'watched', backoffMs: [50, 100, 200] });
  const execute = adapter.execute.bind(adapter);
  adapter.execute = (c) => {
    sent.push(c);
    return execute(c);
  };
  const sup = createFloorwalk({ adapter, session: { userId: supId, role: 'supervisor', teamIds: 'all' }, reconnect: fast, outbox: { storage: createIndexedDbStorage(database('genesys-lost')) } });
  clients.push(sup);
  await sup.connect();
  const settled: IntentSettled[] = [];
  sup.on('intent', (s) => settled.push(s));
  return {
    mock,
    sup,
    agentId: mock.directory.agentIds[1] as string,
    sent,
    settled,
    applied: (method, path, status) => mock.requests.filter((r) => r.method === method && path.test(r.path) && r.status === status).length,
    caughtUp: () => caughtUp(mock, sup, mock.directory.agentIds.at(-1) as string),
  };
}

/**
 * The next request matching `path` reaches Genesys (the mock applies it) but its answer is lost
 * on the way back; `meanwhile` runs at Genesys right after it, before any retry can come.
 */
function loseAnswer(mock: GenesysMock, method: 'patch' | 'post' | 'delete', path: RegExp, meanwhile?: () => void): void {
  const rest = mock.handlers.filter((h) => !('kind' in h && h.kind === 'websocket')) as RequestHandler[];
  worker.use(
    http[method](
      path,
      async ({ request }) => {
        await getResponse(rest, request);
        meanwhile?.();
        return HttpResponse.error();
      },
      { once: true },
    ),
  );
}

/** Asserts the outbox sent the command again, with the same key, and it settled confirmed. */
function sentTwiceConfirmed(r: Rig): void {
  expect(r.sent.length, 'the outbox tried again').to.be.at.least(2);
  expect(new Set(r.sent.map((c) => c.key)).size, 'with the same key').to.equal(1);
  expect(r.settled.map((s) => [s.outcome, s.error?.message])).to.deep.equal([['confirmed', undefined]]);
}

const HOUR = 3_600_000;
const APPOINTMENTS = /\/api\/v2\/coaching\/appointments$/;
const APPOINTMENT = /\/api\/v2\/coaching\/appointments\/[^/?]+$/;

/** A session scheduled (answered) for the rig's agent, an hour ahead. */
async function scheduled(r: Rig): Promise<string> {
  await r.sup.scheduleCoachingSession(r.agentId, 'Hold etiquette', Date.now() + HOUR, 30 * 60_000);
  await until(() => r.sup.getCoachingSessions({ agentId: r.agentId }).length === 1, 'the session');
  r.sent.length = 0;
  r.settled.length = 0;
  return r.sup.getCoachingSessions({ agentId: r.agentId })[0]?.id as string;
}

describe('Genesys: a coaching command whose answer was lost', () => {
  it('a session scheduled is created once: the agent gets one invitation', async () => {
    const r = await rig();
    loseAnswer(r.mock, 'post', APPOINTMENTS);
    const at = Math.floor((Date.now() + HOUR) / 60_000) * 60_000;
    await r.sup.scheduleCoachingSession(r.agentId, 'Hold etiquette', at, 30 * 60_000).catch(() => {});
    sentTwiceConfirmed(r);
    expect(r.applied('POST', APPOINTMENTS, 201), 'appointments Genesys created').to.equal(1);
    await until(() => r.sup.getCoachingSessions({ agentId: r.agentId }).length > 0, 'the session');
    // A second session would come by a later notification.
    await r.caughtUp();
    expect(r.sup.getCoachingSessions({ agentId: r.agentId }).map((s) => [s.topic, s.at, s.state])).to.deep.equal([['Hold etiquette', at, 'scheduled']]);
  }).timeout(20_000);

  it('a session moved is moved: the PATCH sent again sets the same time', async () => {
    const r = await rig();
    const id = await scheduled(r);
    const later = Math.floor((Date.now() + 3 * HOUR) / 60_000) * 60_000;
    loseAnswer(r.mock, 'patch', APPOINTMENT);
    await r.sup.rescheduleCoachingSession(id, later, 45 * 60_000).catch(() => {});
    sentTwiceConfirmed(r);
    const held = r.mock.appointment(id) as { dateStart: string; lengthInMinutes: number };
    expect([Date.parse(held.dateStart), held.lengthInMinutes]).to.deep.equal([later, 45]);
    await until(() => r.sup.getCoachingSessions({ agentId: r.agentId })[0]?.at === later, 'the new time');
    expect(r.sup.getCoachingSessions({ agentId: r.agentId }).map((s) => [s.at, s.durationMs, s.state])).to.deep.equal([[later, 45 * 60_000, 'scheduled']]);
  }).timeout(20_000);

  for (const lag of [false, true]) {
    it(`a session cancelled counts as cancelled: ${lag ? 'while notifications lag, the retry’s 404' : 'the session already gone by its notification'} is the cancel done`, async () => {
      const r = await rig();
      const id = await scheduled(r);
      // Lagging, the Delete notification has not come by the retry: its DELETE finds nothing.
      r.mock.pauseDelivery(lag);
      loseAnswer(r.mock, 'delete', APPOINTMENT);
      await r.sup.cancelCoachingSession(id).catch(() => {});
      r.mock.pauseDelivery(false);
      sentTwiceConfirmed(r);
      expect(r.mock.appointment(id), 'gone at Genesys').to.equal(undefined);
      expect(r.applied('DELETE', APPOINTMENT, 200), 'DELETEs Genesys applied').to.equal(1);
      expect(r.applied('DELETE', APPOINTMENT, 404), 'DELETEs Genesys refused').to.equal(lag ? 1 : 0);
      await until(() => r.sup.getCoachingSessions({ agentId: r.agentId })[0]?.state === 'cancelled', 'cancelled');
    }).timeout(20_000);
  }
});

const MONITOR = /\/participants\/[^/]+\/(monitor|coach|barge)$/;
const LEG = /\/api\/v2\/conversations\/calls\/[^/]+\/participants\/[^/]+$/;

/** A connected call of the rig's agent, seen by the supervisor. */
async function liveCall(r: Rig): Promise<string> {
  const [id] = r.mock.play([{ type: 'call', queueId: r.mock.directory.queueIds[0] as string, userId: r.agentId }]);
  r.mock.play([{ type: 'answer', conversationId: id as string }]);
  await until(() => r.sup.getInteraction(id as string)?.agentId === r.agentId && r.sup.getInteraction(id as string)?.state === 'connected', 'the call');
  return id as string;
}

/** Monitoring started (answered) on the rig's agent. */
async function monitoring(r: Rig, callId: string): Promise<string> {
  await r.sup.startMonitoring(r.agentId, callId, 'listen');
  await until(() => r.sup.getMonitoringSessions({ active: true }).length === 1, 'the monitoring session');
  r.sent.length = 0;
  r.settled.length = 0;
  return r.sup.getMonitoringSessions({ active: true })[0]?.id as string;
}

const active = (r: Rig): unknown[] => r.sup.getMonitoringSessions({ active: true }).map((s) => [s.agentId, s.mode]);

describe('Genesys: a monitoring command whose answer was lost', () => {
  it('monitoring started starts one leg', async () => {
    const r = await rig();
    const callId = await liveCall(r);
    loseAnswer(r.mock, 'post', MONITOR);
    await r.sup.startMonitoring(r.agentId, callId, 'listen').catch(() => {});
    sentTwiceConfirmed(r);
    expect(r.applied('POST', MONITOR, 202), 'monitoring legs Genesys started').to.equal(1);
    await until(() => active(r).length > 0, 'the session');
    // A second leg would come by a later notification.
    await r.caughtUp();
    expect(active(r)).to.deep.equal([[r.agentId, 'listen']]);
  }).timeout(20_000);

  it('monitoring stopped counts as stopped', async () => {
    const r = await rig();
    await monitoring(r, await liveCall(r));
    loseAnswer(r.mock, 'patch', LEG);
    await r.sup.stopMonitoring(r.sup.getMonitoringSessions({ active: true })[0]?.id as string).catch(() => {});
    sentTwiceConfirmed(r);
    await until(() => active(r).length === 0, 'the session ended');
  }).timeout(20_000);

  for (const lag of [false, true]) {
    it(`a mode change whose new leg’s answer was lost ends with one leg, in the new mode${lag ? ', notifications lagging' : ''}`, async () => {
      const r = await rig();
      const callId = await liveCall(r);
      const sessionId = await monitoring(r, callId);
      // Lagging, the old leg still looks live at the retry: its PATCH goes again, and succeeds.
      r.mock.pauseDelivery(lag);
      loseAnswer(r.mock, 'post', MONITOR);
      await r.sup.changeMonitoringMode(sessionId, 'whisper').catch(() => {});
      sentTwiceConfirmed(r);
      expect(r.applied('POST', /\/coach$/, 202), 'coach legs Genesys started').to.equal(1);
      const legs = (r.mock.conversation(callId) as { participants: { userId?: string; endTime?: string }[] }).participants;
      expect(legs.filter((p) => p.userId === r.mock.directory.supervisorId && p.endTime === undefined), 'the supervisor’s live legs').to.have.length(1);
      if (lag) return;
      // A leg left over would show by a later notification.
      await r.caughtUp();
      expect(active(r)).to.deep.equal([[r.agentId, 'whisper']]);
    }).timeout(20_000);
  }

  it('a mode change whose ending of the old leg lost its answer goes on to the new mode', async () => {
    const r = await rig();
    const sessionId = await monitoring(r, await liveCall(r));
    loseAnswer(r.mock, 'patch', LEG);
    await r.sup.changeMonitoringMode(sessionId, 'whisper').catch(() => {});
    sentTwiceConfirmed(r);
    expect(r.applied('POST', /\/coach$/, 202), 'coach legs Genesys started').to.equal(1);
    await until(() => active(r).length === 1 && r.sup.getMonitoringSessions({ active: true })[0]?.mode === 'whisper', 'the new mode');
    // A leg left over would show by a later notification.
    await r.caughtUp();
    expect(active(r)).to.deep.equal([[r.agentId, 'whisper']]);
  }).timeout(20_000);
});
