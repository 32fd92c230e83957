// Twilio shows a supervisor's conference leg to no one but the page that added it: the Worker and
// the Sync indexes carry no conference participants. With a backplane the agent is told of it,
// and must be told it ended with the call even when no client's Twilio adapter holds the session
// any more (the supervisor's page reloaded, or its link dropped and the adapter was opened again).
// Real clients over the Twilio adapter, the fake Sync client for the team index, and the host's
// backend served by msw with Twilio's participant resources.
import assert from 'node:assert/strict';
import { after, afterEach, before, test, type TestContext } from 'node:test';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createFloorwalk, ErrorCode, FloorwalkError, type AuditEntry, type Floorwalk, type FloorwalkOptions, type MonitoringNotice, type PolicyOptions } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane, type Backplane, type WithBackplaneOptions } from '@floorwalk/core/backplane';
import { createTwilioAdapter } from '@floorwalk/adapters/twilio';
import { FakeSyncClient, generateWorkerItems, twilioBackendHandlers, voiceCallItem, type TrReservationItem, type TwilioBackendMock } from '@floorwalk/adapters/twilio/mocks';
import { settle, until } from './fixtures.js';

const BACKEND = 'https://backend.test/floorwalk';
const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
after(() => server.close());
const clients: Floorwalk[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect();
});

const SUP = 'WK00000000000000000000000000000999';
const CALL = 'WR00000000000000000000000000000001';

/** One agent on a connected voice call in Flex's `tr-reservation` index, and the backend. */
function flex(others = 0): { sync: FakeSyncClient; agentId: string; call: TrReservationItem; backend: TwilioBackendMock } {
  const workers = generateWorkerItems(4, { teams: 1 });
  const agent = workers[1] as (typeof workers)[number];
  const call = voiceCallItem(agent, 1);
  // Other agents' calls, listed before it.
  const busy = workers.slice(2, 2 + others).map((w, n) => voiceCallItem(w, n + 2));
  const sync = new FakeSyncClient({ workers, reservations: [...busy, call] });
  const backend = twilioBackendHandlers({ baseUrl: BACKEND, sync, token: 'flex-jwe' });
  // Each agent's leg the call's attributes name, on its conference: Twilio coaches only a leg there.
  for (const r of [...busy, call]) {
    const conference = (r.attributes as { conference: { sid: string; participants: { worker: string } } }).conference;
    backend.joinCall(conference.sid, 'worker', conference.participants.worker);
  }
  server.resetHandlers(...backend.handlers);
  return { sync, agentId: agent.worker_sid, call, backend };
}

/** The supervisor's page; the backplane is told whose it is (`userId`), so it knows the sessions it shows as its own. */
async function supervisor(sync: FakeSyncClient, backplane: Backplane, policy?: PolicyOptions, logger?: FloorwalkOptions['logger']): Promise<Floorwalk> {
  const adapter = withBackplane(createTwilioAdapter({ sync, backendUrl: BACKEND, getToken: () => 'flex-jwe', queriesPerSecond: 100 }), backplane, { userId: SUP });
  const client = createFloorwalk({ adapter, session: { userId: SUP, role: 'supervisor', teamIds: 'all' }, ...(policy && { policy }), ...(logger && { logger }) });
  clients.push(client);
  await client.connect();
  await until(() => client.getInteraction(CALL)?.state === 'connected', 'the call on the board');
  return client;
}

/** The agent's page: Sync alone, no backend (it cannot add or remove conference participants). */
async function agentPage(sync: FakeSyncClient, backplane: Backplane, agentId: string, options?: WithBackplaneOptions): Promise<{ agent: Floorwalk; told: string[] }> {
  const agent = createFloorwalk({ adapter: withBackplane(createTwilioAdapter({ sync, queriesPerSecond: 100 }), backplane, options), session: { userId: agentId, role: 'agent', agentId, teamIds: 'all' } });
  clients.push(agent);
  const told: string[] = [];
  agent.on('monitoring', (n: MonitoringNotice) => told.push('session' in n ? `${n.kind} ${n.session.mode}${n.kind === 'ended' && n.reason !== undefined ? ` ${n.reason}` : ''}` : n.kind));
  await agent.connect();
  await until(() => agent.getInteraction(CALL)?.state === 'connected', "the agent's call");
  return { agent, told };
}

/** The floor, a backplane, and the agent's page on it. */
async function withAgent(): Promise<ReturnType<typeof flex> & { backplane: Backplane; agent: Floorwalk; told: string[] }> {
  const floor = flex();
  const backplane = createMemoryBackplane({ broadcast: false });
  return { ...floor, backplane, ...(await agentPage(floor.sync, backplane, floor.agentId)) };
}

/** The agent's page, and a supervisor's page holding the leg of a listen it started (`leg`, the session id). */
async function holding(): Promise<Awaited<ReturnType<typeof withAgent>> & { sup: Floorwalk; leg: string }> {
  const floor = await withAgent();
  const sup = await supervisor(floor.sync, floor.backplane);
  await sup.startMonitoring(floor.agentId, CALL, 'listen');
  await until(() => floor.told.includes('started listen'), 'the agent told');
  return { ...floor, sup, leg: (sup.getMonitoringSessions({ active: true })[0] as { id: string }).id };
}

/**
 * A listen the agent was told of, then the supervisor's page reloads: its new Twilio adapter knows
 * no conference leg; the backplane's record does, and the reloaded page shows the session.
 */
async function reloadedMidListen(others = 0): Promise<ReturnType<typeof flex> & { backplane: Backplane; agent: Floorwalk; told: string[]; again: Floorwalk }> {
  const floor = flex(others);
  const backplane = createMemoryBackplane({ broadcast: false });
  const sup = await supervisor(floor.sync, backplane);
  const { agent, told } = await agentPage(floor.sync, backplane, floor.agentId);
  await sup.startMonitoring(floor.agentId, CALL, 'listen');
  await until(() => told.includes('started listen'), 'the agent told');
  await sup.disconnect();
  const again = await supervisor(floor.sync, backplane);
  await until(() => again.getMonitoringSessions({ active: true }).length === 1, 'the running session on the reloaded page');
  return { ...floor, backplane, agent, told, again };
}

test("a supervisor whose page reloaded can still switch and stop the leg they added: the backplane's session is found on the call's conference", async () => {
  const { backend, agent, told, again } = await reloadedMidListen();
  const id = (again.getMonitoringSessions({ active: true })[0] as { id: string }).id;

  await again.changeMonitoringMode(id, 'whisper');
  await until(() => told.includes('mode-changed whisper'), `the agent told of the whisper (${told.join(', ')})`);
  assert.equal(backend.participants.get(id)?.coaching, true, 'the leg coaches the agent now');
  await again.stopMonitoring(id);
  await until(() => told.at(-1)?.startsWith('ended') === true, `the agent told it ended (${told.join(', ')})`);
  assert.equal(backend.participants.has(id), false, 'the leg left the conference');
  assert.deepEqual(agent.getMonitoringSessions({ active: true }), []);
  assert.equal([...backend.participants.values()].filter((p) => p.label !== 'worker').length, 0, 'no second leg was added');
});

test("a listen whose supervisor's page reloaded ends for the agent when the call ends, though no Twilio adapter holds it any more", async () => {
  const { sync, call, backplane, agent, told, again } = await reloadedMidListen();

  // The agent hangs up and goes to wrap-up: the conference, and every leg on it, is over.
  sync.setReservation({ ...call, status: 'wrapup', date_updated: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
  await until(() => agent.getInteraction(CALL)?.state === 'wrap-up', 'wrap-up');
  await until(() => told.length > 1, `the agent told it ended (${told.join(', ')})`);
  await settle();
  assert.deepEqual(told, ['started listen', 'ended listen interaction-ended']);
  assert.deepEqual(agent.getMonitoringSessions({ active: true }), []);
  await until(() => again.getMonitoringSessions({ active: true }).length === 0, "ended on the supervisor's page too");
  const record = (await backplane.list<{ endedAt?: number; endReason?: string }>('monitoring/'))[0]?.value;
  assert.equal(record?.endReason, 'interaction-ended');
  const lease = (await backplane.list<{ endedAt?: number; endReason?: string }>('lease/'))[0]?.value;
  assert.equal(lease === undefined || lease.endReason === 'interaction-ended', true, `no lease left to lapse (${JSON.stringify(lease)})`);
});

test("a supervisor's leg leaves the conference when the agent leaves the call (a cold transfer), not only the session: the next agent would be heard unseen", async () => {
  const floor = flex();
  const backplane = createMemoryBackplane({ broadcast: false });
  const { agent, told } = await agentPage(floor.sync, backplane, floor.agentId);
  const sup = await supervisor(floor.sync, backplane);
  await sup.startMonitoring(floor.agentId, CALL, 'listen');
  await until(() => told.includes('started listen'), 'the agent told');
  const leg = (sup.getMonitoringSessions({ active: true })[0] as { id: string }).id;
  assert.equal(floor.backend.participants.has(leg), true, 'the leg is on the conference');

  // The agent transfers the caller and goes to wrap-up; the conference goes on with the next agent.
  floor.sync.setReservation({ ...floor.call, status: 'wrapup', date_updated: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
  await until(() => told.at(-1) === 'ended listen interaction-ended', `the agent told it ended (${told.join(', ')})`);
  await until(() => !floor.backend.participants.has(leg), 'the leg taken off the conference');
  const stop = floor.backend.requests.find((q) => q.path === 'participant' && q.body.Action === 'stop');
  assert.equal(stop?.body.CallSid, leg);
  assert.equal(stop?.body.ConferenceSid, (floor.call.attributes as { conference: { sid: string } }).conference.sid, 'on the call’s conference');
  assert.deepEqual(sup.getMonitoringSessions({ active: true }), []);
  assert.deepEqual(agent.getMonitoringSessions({ active: true }), []);
});

test("a reloaded supervisor's stop looks past a call whose conference Twilio no longer knows (404) and finds their leg on the next", async () => {
  const { backend, agent, told, again } = await reloadedMidListen(1);
  const id = (again.getMonitoringSessions({ active: true })[0] as { id: string }).id;
  const lists = (): number => backend.requests.filter((q) => q.path === 'participant' && q.body.Action === 'list').length;
  const before = lists();
  // The other call's conference, listed first, ended and went meanwhile.
  backend.failNext({ path: 'participant', status: 404, code: 20404, message: 'The requested resource /Conferences/CF/Participants.json was not found' });
  await again.stopMonitoring(id);
  await until(() => told.at(-1)?.startsWith('ended') === true, `the agent told it ended (${told.join(', ')})`);
  assert.equal(lists() - before, 2, 'one list per live call, the 404 one included');
  assert.equal(backend.participants.has(id), false, 'the leg left the conference');
  assert.deepEqual(agent.getMonitoringSessions({ active: true }), []);
});

test("a reloaded supervisor's mode change looks for the leg on live calls only: not on the conferences of calls in wrap-up, where a session has ended with its call", async () => {
  const floor = await reloadedMidListen(1);
  const { backend, sync, again, told } = floor;
  const other = voiceCallItem(generateWorkerItems(4, { teams: 1 })[2] as ReturnType<typeof generateWorkerItems>[number], 2);
  sync.setReservation({ ...other, status: 'wrapup', date_updated: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
  await until(() => again.getInteraction(other.reservation_sid)?.state === 'wrap-up', "the other agent's call in wrap-up");
  const id = (again.getMonitoringSessions({ active: true })[0] as { id: string }).id;
  const lists = (): Record<string, unknown>[] => backend.requests.filter((q) => q.path === 'participant' && q.body.Action === 'list').map((q) => q.body);
  const before = lists().length;
  await again.changeMonitoringMode(id, 'whisper');
  await until(() => told.at(-1) === 'mode-changed whisper', `the agent told (${told.join(', ')})`);
  assert.deepEqual(lists().slice(before).map((b) => b.ReservationSid), [CALL], 'one list, of the live call');
});

test("a reloaded supervisor's stop whose lookup Twilio rate-limits fails RateLimited with its Retry-After, and pressed again finds the leg", async () => {
  const { backend, agent, told, again } = await reloadedMidListen(1);
  const id = (again.getMonitoringSessions({ active: true })[0] as { id: string }).id;
  backend.failNext({ path: 'participant', status: 429, code: 20429, message: 'Too Many Requests', headers: { 'Retry-After': '1' } });
  const first = await again.stopMonitoring(id).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(first instanceof FloorwalkError && first.code === ErrorCode.RateLimited, String(first));
  assert.equal(first.details?.retryAfterMs, 1_000);
  assert.equal(backend.participants.has(id), true, 'nothing stopped');
  await again.stopMonitoring(id);
  await until(() => told.at(-1)?.startsWith('ended') === true, `the agent told it ended (${told.join(', ')})`);
  assert.equal(backend.participants.has(id), false, 'the leg left the conference');
  assert.deepEqual(agent.getMonitoringSessions({ active: true }), []);
});

const wrapUp = (floor: ReturnType<typeof flex>): void =>
  floor.sync.setReservation({ ...floor.call, status: 'wrapup', date_updated: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
const stops = (backend: TwilioBackendMock): Record<string, unknown>[] => backend.requests.filter((q) => q.path === 'participant' && q.body.Action === 'stop').map((q) => q.body);
const conferenceOf = (call: TrReservationItem): string => (call.attributes as { conference: { sid: string } }).conference.sid;
const errorsOf = (client: Floorwalk): FloorwalkError[] => {
  const seen: FloorwalkError[] = [];
  client.on('error', (e) => seen.push(e));
  return seen;
};

test("a supervisor's page that reloaded takes its leg off the conference when the call goes to wrap-up (a transfer), found by its label: the next agent would be heard unseen", async () => {
  const floor = await reloadedMidListen();
  const { backend, again, told } = floor;
  const id = (again.getMonitoringSessions({ active: true })[0] as { id: string }).id;
  const errors = errorsOf(again);
  wrapUp(floor);
  await until(() => told.at(-1) === 'ended listen interaction-ended', `the agent told it ended (${told.join(', ')})`);
  await until(() => !backend.participants.has(id), 'the leg taken off the conference');
  assert.deepEqual(
    stops(backend).map((b) => [b.CallSid, b.ConferenceSid]),
    [[id, conferenceOf(floor.call)]],
    'one stop, of that leg on the call’s conference',
  );
  await settle();
  assert.deepEqual(errors, []);
  assert.deepEqual(told, ['started listen', 'ended listen interaction-ended']);
  assert.deepEqual(again.getMonitoringSessions({ active: true }), []);
  // Twilio's answer to the stop says the leg went, not why: the supervisor's page still shows why.
  assert.deepEqual(
    again.getMonitoringSessions().map((s) => s.endReason),
    ['interaction-ended'],
  );
});

test("the stop the backplane issues itself on a supervisor's forgotten leg is audited, requested then succeeded, where the monitored agent reads it", async () => {
  const floor = await reloadedMidListen();
  const { backend, again, agent, agentId } = floor;
  const id = (again.getMonitoringSessions({ active: true })[0] as { id: string }).id;
  wrapUp(floor);
  await until(() => !backend.participants.has(id), 'the leg taken off the conference');
  const stopsOf = () => agent.getAuditLog({ agentId }).filter((e) => e.action === 'monitoring.stop');
  await until(() => stopsOf().length === 2, `both entries on the agent's trail (${JSON.stringify(stopsOf())})`);
  const [asked, done] = stopsOf();
  assert.deepEqual(
    [asked?.outcome, done?.outcome, asked?.actor, done?.actor, asked?.subject],
    ['requested', 'succeeded', 'backplane', 'backplane', agentId],
  );
  assert.equal(asked?.commandKey, done?.commandKey, 'tied by the key of the stop');
  assert.deepEqual(asked?.target, { sessionId: id, interactionId: CALL, supervisorId: SUP, reason: 'interaction-ended' });
});

test("the holding page's own stop at wrap-up is audited as every stop is, one pair where the agent reads it: requested, then succeeded, failed when Twilio refuses it for good, and once only across a retry after a rate limit", async (t) => {
  for (const answer of ['taken off', '403', '429 then taken off'] as const) {
    await t.test(answer, async () => {
      const { sup, leg, ...floor } = await holding();
      const errors = errorsOf(sup);
      if (answer === '403') floor.backend.failNext({ path: 'participant', action: 'stop', status: 403, code: 20403, message: 'Forbidden' });
      if (answer === '429 then taken off') floor.backend.failNext({ path: 'participant', action: 'stop', status: 429, code: 20429, message: 'Too Many Requests', headers: { 'Retry-After': '1' } });
      wrapUp(floor);
      const stopsOf = () => floor.agent.getAuditLog({ agentId: floor.agentId }).filter((e) => e.action === 'monitoring.stop');
      await until(() => stopsOf().length === 2, `both entries on the agent's trail (${JSON.stringify(stopsOf())})`, 3_000);
      if (answer !== '403') assert.equal(floor.backend.participants.has(leg), false, 'the leg is off');
      await settle();
      const [asked, done] = stopsOf();
      assert.deepEqual(stopsOf().map((e) => e.outcome), ['requested', answer === '403' ? 'failed' : 'succeeded']);
      assert.equal(asked?.commandKey, done?.commandKey, 'tied by the key of the stop');
      assert.equal(asked?.subject, floor.agentId);
      assert.deepEqual(asked?.target, { sessionId: leg, interactionId: CALL, supervisorId: SUP, reason: 'interaction-ended' });
      if (answer === '403') assert.match(done?.reason ?? '', /403/);
      assert.equal(errors.length, answer === 'taken off' ? 0 : 1);
    });
  }
});

test("two pages of one supervisor: a leg the other page took off (Twilio answers this page's stop or mode change 404) is ended here too, not a whisper left shown over no leg", async (t) => {
  for (const then of ['stop', 'barge'] as const) {
    await t.test(then, async () => {
      const floor = await withAgent();
      const { backplane, told } = floor;
      const first = await supervisor(floor.sync, backplane);
      const second = await supervisor(floor.sync, backplane);
      await first.startMonitoring(floor.agentId, CALL, 'whisper');
      await until(() => told.includes('started whisper'), 'the agent told');
      const id = (first.getMonitoringSessions({ active: true })[0] as { id: string }).id;
      await until(() => second.getMonitoringSessions({ active: true }).length === 1, 'the session on the other page');
      await second.stopMonitoring(id);
      await until(() => told.at(-1) === 'ended whisper', `the end told (${told.join(', ')})`);
      assert.equal(floor.backend.participants.has(id), false, 'the leg is off');
      // The first page added the leg and still holds it: Twilio tells it nothing of the stop.
      if (then === 'stop') await first.stopMonitoring(id);
      else await assert.rejects(first.changeMonitoringMode(id, 'barge'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.UnknownEntity);
      await until(() => first.getMonitoringSessions({ active: true }).length === 0, 'nothing shown running over no leg');
      await settle();
      assert.deepEqual(told, ['started whisper', 'ended whisper']);
    });
  }
});

/**
 * A page's look for its leg (a `list` the page sends when `look` runs) failing as Twilio and the
 * network do: a 404 is the conference over (done, nothing told, not asked again); a 429 a
 * RateLimited error and a try again after its Retry-After; no network a NotConnected error and a
 * try again. The agent is told nothing new in any case.
 */
async function lookFailing(t: TestContext, ready: () => Promise<{ floor: ReturnType<typeof flex> & { told: string[] }; page: Floorwalk; look: () => unknown }>): Promise<void> {
  await t.test('404', async () => {
    const { floor, page, look } = await ready();
    const told = [...floor.told];
    const errors = errorsOf(page);
    floor.backend.failNext({ path: 'participant', action: 'list', status: 404, code: 20404, message: 'The requested resource /Conferences/CF/Participants.json was not found' });
    const asked = (): number => floor.backend.requests.filter((q) => q.path === 'participant').length;
    const before = asked();
    await look();
    await until(() => asked() > before, 'the lookup');
    await new Promise((r) => setTimeout(r, 1_200));
    assert.deepEqual(errors, [], 'the conference is over: nothing to tell');
    assert.equal(stops(floor.backend).length, 0, 'no stop of a leg not found');
    assert.equal(asked() - before, 1, 'not asked again');
    assert.deepEqual(floor.told.slice(told.length).filter((n) => n.startsWith('started')), []);
  });
  for (const cut of ['429', 'no network'] as const) {
    await t.test(cut, async () => {
      const { floor, page, look } = await ready();
      const id = ([...floor.backend.participants.values()].find((p) => p.label !== 'worker') as { call_sid: string }).call_sid;
      const errors = errorsOf(page);
      let down = cut === 'no network';
      if (down) server.use(http.post(`${BACKEND}/participant`, () => (down ? HttpResponse.error() : undefined)));
      else floor.backend.failNext({ path: 'participant', action: 'list', status: 429, code: 20429, message: 'Too Many Requests', headers: { 'Retry-After': '1' } });
      await look();
      await until(() => errors.length > 0, 'the failure told');
      assert.equal(errors[0]?.code, down ? ErrorCode.NotConnected : ErrorCode.RateLimited);
      if (!down) assert.equal(errors[0]?.details?.retryAfterMs, 1_000);
      assert.equal(floor.backend.participants.has(id), true, 'not yet');
      down = false;
      await until(() => !floor.backend.participants.has(id), 'the leg taken off on a later try', 3_000);
      assert.equal(errors.length, 1);
      assert.equal(floor.told.filter((n) => n.startsWith('started')).length, 1, 'never told it runs again');
    });
  }
}

test('the reloaded page looking for its leg at wrap-up: a conference Twilio answers 404 for is over (done, nothing told); a 429 is a RateLimited error and a try again after its Retry-After; no network, an error and a try again', (t) =>
  lookFailing(t, async () => {
    const floor = await reloadedMidListen();
    return { floor, page: floor.again, look: () => wrapUp(floor) };
  }));

/**
 * A supervisor's client cut off for longer than the lease (600 ms) while their leg stays on the
 * conference: the agent's client lapses the lease and tells the agent it ended, but it cannot
 * take the leg off (no backend), and the supervisor's Twilio adapter forgot it with the link.
 */
/** A session on a 600 ms lease, started by the supervisor's page and told to the agent's. */
async function leased(mode: 'listen' | 'whisper'): Promise<ReturnType<typeof flex> & { backplane: Backplane; sup: Floorwalk; agent: Floorwalk; told: string[]; id: string }> {
  const floor = flex();
  const backplane = createMemoryBackplane({ broadcast: false });
  const sup = await supervisor(floor.sync, backplane, { monitoringLeaseMs: 600 });
  const { agent, told } = await agentPage(floor.sync, backplane, floor.agentId);
  await sup.startMonitoring(floor.agentId, CALL, mode);
  await until(() => told.includes(`started ${mode}`), 'the agent told');
  const id = (sup.getMonitoringSessions({ active: true })[0] as { id: string }).id;
  return { ...floor, backplane, sup, agent, told, id };
}

async function lapsedWhileAway(): Promise<ReturnType<typeof leased>> {
  const floor = await leased('listen');
  const { sup, told, id } = floor;
  await sup.disconnect();
  await until(() => told.includes('ended listen lease-expired'), `the lapse told (${told.join(', ')})`);
  assert.equal(floor.backend.participants.has(id), true, 'the leg is still on the conference: nobody could take it off');
  return floor;
}

test("a leg whose lease lapsed while the supervisor's client was away is taken off when it comes back, though its Twilio adapter forgot it: what the agent was told comes true", async () => {
  const { backend, sup, agent, told, id } = await lapsedWhileAway();
  await sup.connect();
  await until(() => !backend.participants.has(id), 'the leg taken off the conference');
  await settle();
  assert.deepEqual(told, ['started listen', 'ended listen lease-expired']);
  assert.deepEqual(agent.getMonitoringSessions({ active: true }), []);
  assert.deepEqual(sup.getMonitoringSessions({ active: true }), []);
});

test('a lapsed leg Twilio refuses to take off is told to the agent as running again, and the supervisor can stop it', async () => {
  const floor = await lapsedWhileAway();
  const { backend, sup, agent, told, id } = floor;
  const errors = errorsOf(sup);
  backend.failNext({ path: 'participant', action: 'stop', status: 403, code: 20403, message: 'Forbidden' });
  await sup.connect();
  await until(() => told.length > 2, `the agent told again (${told.join(', ')})`);
  assert.deepEqual(told, ['started listen', 'ended listen lease-expired', 'started listen']);
  assert.equal(errors[0]?.code, ErrorCode.Forbidden, 'the refusal told');
  const audited = () => agent.getAuditLog({ agentId: floor.agentId }).filter((e) => e.action === 'monitoring.stop').map((e) => `${e.actor} ${e.outcome} ${e.target.reason}`);
  await until(() => audited().length === 2, `the refused stop on the agent's trail (${audited().join(', ')})`);
  assert.deepEqual(audited(), ['backplane requested lease-expired', 'backplane failed lease-expired']);
  assert.equal(backend.participants.has(id), true);
  await until(() => sup.getMonitoringSessions({ active: true }).length === 1, "on the supervisor's screen, with its Stop");
  await sup.stopMonitoring(id);
  await until(() => told.at(-1) === 'ended listen', `the end told (${told.join(', ')})`);
  assert.equal(backend.participants.has(id), false);
  assert.deepEqual(agent.getMonitoringSessions({ active: true }), []);
});

test('a whisper that lapsed while its supervisor was away is told to the agent as the whisper it was, ended and, when Twilio refuses to take it off, running again: not as the listen it started as', async () => {
  const floor = await leased('listen');
  const { sup, told, id } = floor;
  await sup.changeMonitoringMode(id, 'whisper');
  await until(() => told.at(-1)?.endsWith(' whisper') === true, `the whisper told (${told.join(', ')})`);
  await sup.disconnect();
  await until(() => told.some((t) => t.startsWith('ended')), `the lapse told (${told.join(', ')})`);
  assert.equal(told.at(-1), 'ended whisper lease-expired');
  floor.backend.failNext({ path: 'participant', action: 'stop', status: 403, code: 20403, message: 'Forbidden' });
  const before = told.length;
  await sup.connect();
  await until(() => told.length > before, `the agent told again (${told.join(', ')})`);
  assert.equal(told.at(-1), 'started whisper', 'the leg runs, and whispers');
  assert.equal(floor.backend.participants.get(id)?.coaching, true);
});

test('a lapsed leg looked for while Twilio rate-limits is a RateLimited error and a try again, never a session reopened over a leg not found', async () => {
  const { backend, sup, told, id } = await lapsedWhileAway();
  const errors = errorsOf(sup);
  backend.failNext({ path: 'participant', action: 'list', status: 429, code: 20429, message: 'Too Many Requests', headers: { 'Retry-After': '1' } });
  await sup.connect();
  await until(() => errors.length > 0, 'the rate limit told');
  assert.equal(errors[0]?.code, ErrorCode.RateLimited);
  await until(() => !backend.participants.has(id), 'the leg taken off on the next try', 3_000);
  await settle();
  assert.deepEqual(told, ['started listen', 'ended listen lease-expired']);
});

test("a leg whose call went to wrap-up while the supervisor's client was away (the agent's page wrote the end) is taken off when it comes back: the conference goes on after a transfer", async () => {
  const floor = flex();
  const backplane = createMemoryBackplane({ broadcast: false });
  const sup = await supervisor(floor.sync, backplane);
  const { agent, told } = await agentPage(floor.sync, backplane, floor.agentId);
  await sup.startMonitoring(floor.agentId, CALL, 'listen');
  await until(() => told.includes('started listen'), 'the agent told');
  const id = (sup.getMonitoringSessions({ active: true })[0] as { id: string }).id;
  await sup.disconnect();
  wrapUp(floor);
  await until(() => told.includes('ended listen interaction-ended'), `the end told by the agent's page (${told.join(', ')})`);
  await settle();
  assert.equal(floor.backend.participants.has(id), true, 'the leg is still on the conference: the agent’s page cannot take it off');
  const errors = errorsOf(sup);
  await sup.connect();
  await until(() => !floor.backend.participants.has(id), 'the leg taken off the conference', 3_000);
  assert.deepEqual(
    stops(floor.backend).map((b) => [b.CallSid, b.ConferenceSid]),
    [[id, conferenceOf(floor.call)]],
    'one stop, of that leg on the call’s conference',
  );
  await settle();
  assert.deepEqual(errors, []);
  assert.deepEqual(told, ['started listen', 'ended listen interaction-ended'], 'never told it runs again');
  assert.deepEqual(agent.getMonitoringSessions({ active: true }), []);
  assert.deepEqual(sup.getMonitoringSessions({ active: true }), []);
});

test("the page that holds the leg, its stop at wrap-up refused for now (429, no network): an error told, and the leg taken off on a later try", async (t) => {
  for (const cut of ['429', 'no network'] as const) {
    await t.test(cut, async () => {
      const floor = await holding();
      const { told, sup, leg } = floor;
      const errors = errorsOf(sup);
      let down = cut === 'no network';
      if (down) server.use(http.post(`${BACKEND}/participant`, () => (down ? HttpResponse.error() : undefined)));
      else floor.backend.failNext({ path: 'participant', action: 'stop', status: 429, code: 20429, message: 'Too Many Requests', headers: { 'Retry-After': '1' } });
      wrapUp(floor);
      await until(() => errors.length > 0, 'the failure told');
      assert.equal(errors[0]?.code, cut === '429' ? ErrorCode.RateLimited : ErrorCode.NotConnected);
      assert.equal(floor.backend.participants.has(leg), true, 'not yet');
      down = false;
      await until(() => !floor.backend.participants.has(leg), 'the leg taken off on a later try', 3_000);
      assert.equal(errors.length, 1);
      assert.deepEqual(told, ['started listen', 'ended listen interaction-ended']);
    });
  }
});

test("a page of the supervisor's that cannot take legs off (no backend) leaves a lapsed whisper lapsed: it never tells the agent it runs over a leg it could not look for", async () => {
  const floor = await leased('whisper');
  const { backplane, sup, told } = floor;
  await sup.disconnect();
  await until(() => told.includes('ended whisper lease-expired'), `the lapse told (${told.join(', ')})`);
  // The supervisor opens a board without the backend: it shows the team, and can stop no leg.
  const board = createFloorwalk({
    adapter: withBackplane(createTwilioAdapter({ sync: floor.sync, queriesPerSecond: 100 }), backplane, { userId: SUP }),
    session: { userId: SUP, role: 'supervisor', teamIds: 'all' },
  });
  clients.push(board);
  const errors = errorsOf(board);
  await board.connect();
  await until(() => board.getInteraction(CALL)?.state === 'connected', 'the call on the board');
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(told, ['started whisper', 'ended whisper lease-expired']);
  assert.deepEqual(errors, []);
});

const complete = (floor: ReturnType<typeof flex>): void =>
  floor.sync.setReservation({ ...floor.call, status: 'completed', task_status: 'completed', date_updated: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });

test("the page that holds the leg takes it off the call's conference when the reservation goes straight to completed (no wrap-up: the backend completed the task), though a completed reservation's attributes are not kept", async () => {
  const floor = await holding();
  const { told, sup, leg } = floor;
  const errors = errorsOf(sup);
  complete(floor);
  await until(() => told.at(-1) === 'ended listen interaction-ended', `the agent told it ended (${told.join(', ')})`);
  await until(() => stops(floor.backend).length > 0, 'the stop');
  assert.deepEqual(
    stops(floor.backend).map((b) => [b.CallSid, b.ConferenceSid, b.TaskSid]),
    [[leg, conferenceOf(floor.call), floor.call.task_sid]],
    'one stop, of that leg on the call’s conference',
  );
  await until(() => !floor.backend.participants.has(leg), 'the leg taken off the conference');
  await settle();
  assert.deepEqual(errors, []);
  assert.deepEqual(sup.getMonitoringSessions({ active: true }), []);
});

test("a leg Twilio refuses for good to take off at wrap-up (a 403) is told to the agent as running again, shown to the supervisor with its Stop and an error, and not ended again by its call", async (t) => {
  for (const page of ['holding the leg', 'reloaded'] as const) {
    await t.test(page, async () => {
      let floor: ReturnType<typeof flex> & { backplane: Backplane; agent: Floorwalk; told: string[] };
      let sup: Floorwalk;
      if (page === 'reloaded') {
        const reloaded = await reloadedMidListen();
        floor = reloaded;
        sup = reloaded.again;
      } else {
        ({ sup, ...floor } = await holding());
      }
      const { backend, told } = floor;
      const id = (sup.getMonitoringSessions({ active: true })[0] as { id: string }).id;
      const errors = errorsOf(sup);
      // The holding page stops the leg at once; the reloaded one looks for it first.
      backend.failNext({ path: 'participant', action: page === 'reloaded' ? 'list' : 'stop', status: 403, code: 20403, message: 'Forbidden' });
      wrapUp(floor);
      await until(() => told.length > 2, `the agent told again (${told.join(', ')})`);
      assert.deepEqual(told, ['started listen', 'ended listen interaction-ended', 'started listen']);
      assert.equal(errors[0]?.code, ErrorCode.Forbidden, 'the refusal told');
      assert.equal(backend.participants.has(id), true);
      assert.equal(stops(backend).length, page === 'reloaded' ? 0 : 1, 'asked once');
      await until(() => sup.getMonitoringSessions({ active: true }).length === 1, "on the supervisor's screen, with its Stop");
      // The call stays in wrap-up: the agent's page taking it in again (a resync) ends nothing.
      await floor.agent.disconnect();
      await floor.agent.connect();
      await until(() => floor.agent.getInteraction(CALL)?.state === 'wrap-up', "the agent's call in wrap-up");
      await settle();
      assert.equal(told.length, 3, `told nothing more (${told.join(', ')})`);
      assert.equal(floor.agent.getMonitoringSessions({ active: true }).length, 1);
      if (page === 'holding the leg') {
        // Completed since: the page holding the leg does not end it, nor ask Twilio again.
        complete(floor);
        await until(() => floor.agent.getInteraction(CALL)?.state === 'ended', 'the call completed');
        await settle();
        assert.equal(told.length, 3, `told nothing more (${told.join(', ')})`);
        assert.equal(stops(backend).length, 1);
      }
      await sup.stopMonitoring(id);
      await until(() => told.at(-1)?.startsWith('ended listen') === true, `the end told (${told.join(', ')})`);
      assert.equal(backend.participants.has(id), false);
      assert.deepEqual(floor.agent.getMonitoringSessions({ active: true }), []);
    });
  }
});

test("a session written back as running after Twilio refused its leg's stop at wrap-up (403) is leased again: its supervisor's client renews it, and when that client goes away it lapses for the agent as any lease does", async (t) => {
  for (const page of ['holding the leg', 'reloaded'] as const) {
    await t.test(page, async () => {
      const floor = flex();
      const backplane = createMemoryBackplane({ broadcast: false });
      const refused: unknown[] = [];
      const logger = { debug: (m: string, ...d: unknown[]) => m.includes('renew-monitoring') && refused.push(d[0]), info() {}, warn() {}, error() {} };
      let sup = await supervisor(floor.sync, backplane, { monitoringLeaseMs: 600 }, logger);
      const { agent, told } = await agentPage(floor.sync, backplane, floor.agentId);
      await sup.startMonitoring(floor.agentId, CALL, 'listen');
      await until(() => told.includes('started listen'), 'the agent told');
      const id = (sup.getMonitoringSessions({ active: true })[0] as { id: string }).id;
      if (page === 'reloaded') {
        await sup.disconnect();
        sup = await supervisor(floor.sync, backplane, { monitoringLeaseMs: 600 }, logger);
        await until(() => sup.getMonitoringSessions({ active: true }).length === 1, 'the session on the reloaded page');
      }
      // The holding page stops the leg at once; the reloaded one looks for it first.
      floor.backend.failNext({ path: 'participant', action: page === 'reloaded' ? 'list' : 'stop', status: 403, code: 20403, message: 'Forbidden' });
      wrapUp(floor);
      await until(() => told.length > 2, `the agent told again (${told.join(', ')})`);
      assert.deepEqual(told, ['started listen', 'ended listen interaction-ended', 'started listen']);
      // Three leases' time with the supervisor's page open: renewed, so it runs on.
      await new Promise((r) => setTimeout(r, 1_800));
      assert.deepEqual(told, ['started listen', 'ended listen interaction-ended', 'started listen'], 'not lapsed while its supervisor is there');
      const lease = (await backplane.get<{ expiresAt: number; endedAt?: number }>(`lease/${id}`))?.value;
      assert.equal(lease?.endedAt, undefined, `a lease running again (${JSON.stringify(lease)})`);
      assert.ok((lease?.expiresAt ?? 0) > Date.now(), 'renewed');
      assert.deepEqual(refused, [], 'no renewal refused');
      assert.equal(floor.backend.participants.has(id), true, 'the leg Twilio would not take off');
      // The supervisor closes the page (their device hangs up with it): no one holds the session now.
      await sup.disconnect();
      await until(() => told.length > 3, `the lapse told (${told.join(', ')})`, 3_000);
      assert.equal(told.at(-1), 'ended listen lease-expired');
      assert.deepEqual(agent.getMonitoringSessions({ active: true }), []);
    });
  }
});

/** The supervisor's page adds a leg, then is away while the call goes to wrap-up and is completed (the agent's page writes the end). */
async function awayUntilCompleted(): Promise<ReturnType<typeof flex> & { backplane: Backplane; agent: Floorwalk; told: string[]; sup: Floorwalk; id: string }> {
  const { sup, leg: id, ...floor } = await holding();
  await sup.disconnect();
  wrapUp(floor);
  await until(() => floor.told.includes('ended listen interaction-ended'), `the end told by the agent's page (${floor.told.join(', ')})`);
  complete(floor);
  await until(() => floor.agent.getInteraction(CALL)?.state === 'ended', 'the call completed');
  await settle();
  assert.equal(floor.backend.participants.has(id), true, 'the leg is still on the conference (a transfer): the agent’s page cannot take it off');
  return { ...floor, sup, id };
}

test("a supervisor's page away for the whole wrap-up, the call completed since, takes its leg off the conference it put it on when it comes back: the call is reported no more, the conference goes on after a transfer", async () => {
  const floor = await awayUntilCompleted();
  const { backend, sup, told, id } = floor;
  const errors = errorsOf(sup);
  await sup.connect();
  await until(() => !backend.participants.has(id), 'the leg taken off the conference', 3_000);
  const asked = backend.requests.filter((q) => q.path === 'participant' && (q.body.CallSid === id || q.body.Action === 'list')).map((q) => [q.body.Action, q.body.ConferenceSid]);
  assert.deepEqual(asked, [['list', conferenceOf(floor.call)], ['stop', conferenceOf(floor.call)]], 'looked for by its label on that conference, then stopped there');
  await settle();
  assert.deepEqual(errors, []);
  assert.deepEqual(told, ['started listen', 'ended listen interaction-ended'], 'never told it runs again');
  assert.deepEqual(sup.getMonitoringSessions({ active: true }), []);
});

test("that page's look on the conference of a call reported no more: a 404 is the conference over (done, nothing told); a 429 is a RateLimited error and a try again after its Retry-After; no network, a NotConnected error and a try again", (t) =>
  lookFailing(t, async () => {
    const floor = await awayUntilCompleted();
    return { floor, page: floor.sup, look: () => floor.sup.connect() };
  }));

test("a reloaded page that never held or found the leg, away while its call was completed, has no conference to look for it on: the agent's trail says the stop was not searched for, not that the leg was not found, and no request is made", async () => {
  const floor = await reloadedMidListen();
  const { backend, again, agent, agentId, told } = floor;
  const id = (again.getMonitoringSessions({ active: true })[0] as { id: string }).id;
  await again.disconnect();
  wrapUp(floor);
  await until(() => told.includes('ended listen interaction-ended'), `the end told by the agent's page (${told.join(', ')})`);
  complete(floor);
  await until(() => agent.getInteraction(CALL)?.state === 'ended', 'the call completed');
  const before = backend.requests.filter((q) => q.path === 'participant').length;
  await again.connect();
  const stopsOf = () => agent.getAuditLog({ agentId }).filter((e) => e.action === 'monitoring.stop');
  await until(() => stopsOf().length === 2, `the stop on the agent's trail (${JSON.stringify(stopsOf())})`);
  assert.deepEqual(
    stopsOf().map((e) => [e.outcome, e.target.leg]),
    [
      ['requested', undefined],
      ['failed', 'not-searched'],
    ],
  );
  await settle();
  assert.equal(backend.requests.filter((q) => q.path === 'participant').length, before, 'nothing asked of the backend');
  assert.equal(backend.participants.has(id), true, 'the leg is where it was: only its conference’s end or the supervisor hanging up takes it off');
  assert.deepEqual(told, ['started listen', 'ended listen interaction-ended'], 'never told it runs again over a leg no one can look for');
});

test("the audit trail holds one pair per stop meant: a wrap-up stop tried again after a rate limit, and looked at again at a later snapshot, is requested once and succeeded once", async () => {
  const floor = await reloadedMidListen();
  const { backend, again, agent, agentId } = floor;
  const id = (again.getMonitoringSessions({ active: true })[0] as { id: string }).id;
  const errors = errorsOf(again);
  backend.failNext({ path: 'participant', action: 'list', status: 429, code: 20429, message: 'Too Many Requests', headers: { 'Retry-After': '1' } });
  wrapUp(floor);
  await until(() => errors.length > 0, 'the rate limit told');
  await until(() => !backend.participants.has(id), 'the leg taken off on the next try', 3_000);
  const stopsOf = () => agent.getAuditLog({ agentId }).filter((e) => e.action === 'monitoring.stop');
  await until(() => stopsOf().some((e) => e.outcome === 'succeeded'), `the outcome on the agent's trail (${JSON.stringify(stopsOf())})`);
  await settle();
  assert.deepEqual(stopsOf().map((e) => e.outcome), ['requested', 'succeeded'], 'the rate-limited try is no pair of its own');
  // Back after a reconnect, the call still in wrap-up: the same stop, looked at again.
  const asked = (): number => backend.requests.filter((q) => q.path === 'participant').length;
  const before = asked();
  await again.disconnect();
  await again.connect();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(asked(), before, 'done already: not asked again');
  assert.deepEqual(
    stopsOf().map((e) => e.outcome),
    ['requested', 'succeeded'],
  );
  assert.equal(new Set(stopsOf().map((e) => e.commandKey)).size, 1, 'tied by one key');
  assert.equal(stopsOf()[1]?.target.leg, undefined, 'found and taken off');
});

test("a stop whose page went away before trying it again is not left on the trail as under way: a new page of the supervisor's that cannot look for the leg closes it, failed, the leg unknown, asking nothing", async () => {
  const floor = await reloadedMidListen();
  const { backend, backplane, again, agent, agentId, told } = floor;
  const errors = errorsOf(again);
  backend.failNext({ path: 'participant', action: 'list', status: 429, code: 20429, message: 'Too Many Requests', headers: { 'Retry-After': '1' } });
  wrapUp(floor);
  await until(() => errors.length > 0, 'the rate limit told');
  // Closed before its try again; the call completed meanwhile, so Flex reports it no more.
  await again.disconnect();
  complete(floor);
  await until(() => agent.getInteraction(CALL)?.state === 'ended', 'the call completed');
  const stopsOf = () => agent.getAuditLog({ agentId }).filter((e) => e.action === 'monitoring.stop');
  assert.deepEqual(stopsOf().map((e) => e.outcome), ['requested']);
  const asked = (): number => backend.requests.filter((q) => q.path === 'participant').length;
  const before = asked();
  // Opened again: no call of its own to look on (completed reservations leave Flex's index).
  const page = createFloorwalk({
    adapter: withBackplane(createTwilioAdapter({ sync: floor.sync, backendUrl: BACKEND, getToken: () => 'flex-jwe', queriesPerSecond: 100 }), backplane, { userId: SUP }),
    session: { userId: SUP, role: 'supervisor', teamIds: 'all' },
  });
  clients.push(page);
  await page.connect();
  await until(() => stopsOf().length === 2, `the stop closed (${JSON.stringify(stopsOf())})`);
  const [requested, failed] = stopsOf();
  assert.equal(failed?.outcome, 'failed');
  assert.equal(failed?.commandKey, requested?.commandKey, 'the outcome of that stop');
  assert.equal(failed?.target.leg, 'unknown');
  assert.match(failed?.reason ?? '', /^Not finished/);
  await settle();
  assert.equal(asked(), before, 'nothing asked of the backend');
  assert.equal(stopsOf().length, 2);
  assert.deepEqual(told, ['started listen', 'ended listen interaction-ended']);
});

/**
 * The holding page's stop at wrap-up rate-limited (429, Retry-After 1 s); `meanwhile` runs before its
 * try again, then the leg is waited off and the stop's outcome onto the agent's trail (returned).
 */
async function holdingRateLimited(meanwhile: (sup: Floorwalk) => Promise<unknown>): Promise<() => AuditEntry[]> {
  const { sup, leg, ...floor } = await holding();
  const errors = errorsOf(sup);
  floor.backend.failNext({ path: 'participant', action: 'stop', status: 429, code: 20429, message: 'Too Many Requests', headers: { 'Retry-After': '1' } });
  wrapUp(floor);
  await until(() => errors.length > 0, 'the rate limit told');
  await meanwhile(sup);
  await until(() => !floor.backend.participants.has(leg), 'the leg taken off', 3_000);
  const stopsOf = () => floor.agent.getAuditLog({ agentId: floor.agentId }).filter((e) => e.action === 'monitoring.stop');
  await until(() => stopsOf().some((e) => e.outcome === 'succeeded'), `the outcome on the agent's trail (${JSON.stringify(stopsOf())})`);
  return stopsOf;
}

test("the holding page's stop cut off by a reconnect before its try again, and taken off by the backplane's look when the page is back, is still one pair on the agent's trail", async () => {
  const stopsOf = await holdingRateLimited(async (sup) => {
    await sup.disconnect();
    await sup.connect();
  });
  await new Promise((r) => setTimeout(r, 1_200));
  assert.deepEqual(stopsOf().map((e) => [e.outcome, e.actor]), [['requested', 'twilio'], ['succeeded', 'backplane']]);
  assert.equal(new Set(stopsOf().map((e) => e.commandKey)).size, 1, 'one key');
});

test("a stop the holding page is still trying (waiting out a rate limit) is not closed by a liveness check's snapshot: its trail is requested, then succeeded, once", async () => {
  const stopsOf = await holdingRateLimited((sup) => sup.checkConnection());
  await settle();
  assert.deepEqual(stopsOf().map((e) => e.outcome), ['requested', 'succeeded']);
});

test("a stop whose page went away for good before trying it again is closed, failed, the leg unknown, when the session's record is deleted: no client looks for that leg any more", async (t) => {
  for (const page of ['holding the leg', 'reloaded'] as const) {
    await t.test(page, async () => {
      const floor = flex();
      const backplane = createMemoryBackplane({ broadcast: false });
      let sup = await supervisor(floor.sync, backplane);
      const { agent, told } = await agentPage(floor.sync, backplane, floor.agentId, { keepEndedMs: 800 });
      await sup.startMonitoring(floor.agentId, CALL, 'listen');
      await until(() => told.includes('started listen'), 'the agent told');
      if (page === 'reloaded') {
        await sup.disconnect();
        sup = await supervisor(floor.sync, backplane);
        await until(() => sup.getMonitoringSessions({ active: true }).length === 1, 'the session on the reloaded page');
      }
      const errors = errorsOf(sup);
      floor.backend.failNext({ path: 'participant', action: page === 'reloaded' ? 'list' : 'stop', status: 429, code: 20429, message: 'Too Many Requests', headers: { 'Retry-After': '1' } });
      wrapUp(floor);
      await until(() => errors.length > 0, 'the rate limit told');
      await sup.disconnect();
      const stopsOf = () => agent.getAuditLog({ agentId: floor.agentId }).filter((e) => e.action === 'monitoring.stop');
      await until(() => stopsOf().length === 2, `the stop closed (${JSON.stringify(stopsOf())})`, 3_000);
      assert.deepEqual(stopsOf().map((e) => [e.outcome, e.target.leg]), [['requested', undefined], ['failed', 'unknown']]);
      assert.equal(await backplane.get(`monitoring/${stopsOf()[0]?.target.sessionId as string}`), undefined, 'the record deleted');
    });
  }
});

test("the holding page's stop at a straight completion that Twilio answers 404 (the conference ended with the call) is done: nothing told, not asked again, nothing reopened", async () => {
  const { told, sup, ...floor } = await holding();
  const errors = errorsOf(sup);
  floor.backend.failNext({ path: 'participant', action: 'stop', status: 404, code: 20404, message: 'The requested resource /Conferences/CF/Participants/CA was not found' });
  complete(floor);
  await until(() => stops(floor.backend).length > 0, 'the stop');
  await new Promise((r) => setTimeout(r, 1_200));
  assert.deepEqual(errors, []);
  assert.equal(stops(floor.backend).length, 1, 'not asked again');
  assert.deepEqual(told, ['started listen', 'ended listen interaction-ended']);
  assert.deepEqual(sup.getMonitoringSessions({ active: true }), []);
});

/** `inner` as a remote backplane is: a write lands at once, but this instance hears of it `ms` later. */
function lagging(inner: Backplane, ms: number): Backplane {
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'watch') {
        return (listener: Parameters<Backplane['watch']>[0]) => {
          let on = true;
          const off = target.watch((change) => void setTimeout(() => on && listener(change), ms));
          return () => ((on = false), off());
        };
      }
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

test("the holding page's stop refused for good at wrap-up (a 403) is written back as running though its backplane tells it of the call's end only after Twilio's refusal", async () => {
  const floor = await withAgent();
  const sup = await supervisor(floor.sync, lagging(floor.backplane, 150));
  await sup.startMonitoring(floor.agentId, CALL, 'listen');
  await until(() => floor.told.includes('started listen'), 'the agent told');
  const id = (sup.getMonitoringSessions({ active: true })[0] as { id: string }).id;
  const errors = errorsOf(sup);
  floor.backend.failNext({ path: 'participant', action: 'stop', status: 403, code: 20403, message: 'Forbidden' });
  wrapUp(floor);
  await until(() => errors.some((e) => e.code === ErrorCode.Forbidden), 'the refusal told');
  await until(() => floor.told.length > 2, `the agent told again (${floor.told.join(', ')})`, 2_000);
  assert.deepEqual(floor.told, ['started listen', 'ended listen interaction-ended', 'started listen']);
  assert.equal(floor.backend.participants.has(id), true, 'the leg is still on the conference');
  assert.equal(floor.agent.getMonitoringSessions({ active: true }).length, 1);
});

test("a page of the supervisor's opened while the holding page waits out a rate limit closes that stop as unfinished, and the outcome the holding page then comes to still reaches the agent's trail: a refusal with its reason, a success", async (t) => {
  for (const then of ['refused (403)', 'taken off'] as const) {
    await t.test(then, async () => {
      const { sup, leg, ...floor } = await holding();
      const errors = errorsOf(sup);
      floor.backend.failNext({ path: 'participant', action: 'stop', status: 429, code: 20429, message: 'Too Many Requests', headers: { 'Retry-After': '1' } });
      if (then === 'refused (403)') floor.backend.failNext({ path: 'participant', action: 'stop', status: 403, code: 20403, message: 'Forbidden' });
      // Straight to completed: no page knows the call any more, so the new one does not look for the leg.
      complete(floor);
      await until(() => errors.length > 0, 'the rate limit told');
      // Another tab or device of the supervisor's, on its own link: its first snapshot comes while
      // the holding page waits to try again, and nothing tells it that page is still there.
      const other = createFloorwalk({
        adapter: withBackplane(createTwilioAdapter({ sync: floor.sync, backendUrl: BACKEND, getToken: () => 'flex-jwe', queriesPerSecond: 100 }), floor.backplane, { userId: SUP }),
        session: { userId: SUP, role: 'supervisor', teamIds: 'all' },
      });
      clients.push(other);
      await other.connect();
      const stopsOf = () => floor.agent.getAuditLog({ agentId: floor.agentId }).filter((e) => e.action === 'monitoring.stop');
      await until(() => stopsOf().length === 3, `the holding page's outcome on the agent's trail too (${JSON.stringify(stopsOf())})`, 3_000);
      const [requested, unfinished, outcome] = stopsOf();
      assert.deepEqual([requested?.outcome, unfinished?.outcome, unfinished?.target.leg], ['requested', 'failed', 'unknown']);
      assert.match(unfinished?.reason ?? '', /^Not finished: .*or still waits to try it again/);
      assert.equal(new Set(stopsOf().map((e) => e.commandKey)).size, 1, 'one stop meant');
      if (then === 'refused (403)') {
        assert.deepEqual([outcome?.outcome, outcome?.actor, outcome?.target.leg], ['failed', 'twilio', undefined]);
        assert.match(outcome?.reason ?? '', /Forbidden/, "Twilio's refusal, with its reason");
        assert.ok(floor.backend.participants.has(leg), 'the leg still on the conference');
      } else {
        assert.deepEqual([outcome?.outcome, outcome?.actor], ['succeeded', 'twilio']);
        assert.equal(floor.backend.participants.has(leg), false);
      }
      await settle();
      assert.equal(stopsOf().length, 3);
    });
  }
});

/** Twilio refuses every stop of a leg (a 403, as for a conference its backend may not touch); other actions go through. */
function refuseStops(): void {
  server.use(
    http.post(`${BACKEND}/participant`, async ({ request }) => {
      const body = (await request.clone().json()) as { Action?: string };
      if (body.Action === 'stop') return HttpResponse.json({ code: 20403, message: 'Forbidden', more_info: 'https://www.twilio.com/docs/errors/20403', status: 403 }, { status: 403 });
      return undefined;
    }),
  );
}

test("a leg Twilio refuses to take off, on a page that holds it but renews no lease, is one session to the agent while that page is there, and ends once when it goes: not started and ended again each lease", async (t) => {
  for (const refused of ['at its lapse', 'at wrap-up'] as const) {
    await t.test(refused, async () => {
      const floor = await withAgent();
      // The lease comes from the backplane's option; the page's own policy renews none (its renewal is not running).
      const adapter = withBackplane(createTwilioAdapter({ sync: floor.sync, backendUrl: BACKEND, getToken: () => 'flex-jwe', queriesPerSecond: 100 }), floor.backplane, { userId: SUP, monitoringLeaseMs: 600 });
      const sup = createFloorwalk({ adapter, session: { userId: SUP, role: 'supervisor', teamIds: 'all' }, policy: { monitoringLeaseMs: 0 } });
      clients.push(sup);
      await sup.connect();
      await until(() => sup.getInteraction(CALL)?.state === 'connected', 'the call on the board');
      refuseStops();
      await sup.startMonitoring(floor.agentId, CALL, 'listen');
      await until(() => floor.told.includes('started listen'), 'the agent told');
      const id = (sup.getMonitoringSessions({ active: true })[0] as { id: string }).id;
      if (refused === 'at wrap-up') wrapUp(floor);
      // The first end (the lapse, the call's) tries the stop; Twilio refuses it, so the agent is told the leg runs.
      await until(() => floor.told.length >= 3, `the stop tried (${floor.told.join(', ')})`, 3_000);
      const first = ['started listen', `ended listen ${refused === 'at wrap-up' ? 'interaction-ended' : 'lease-expired'}`, 'started listen'];
      assert.deepEqual(floor.told, first);
      // Five leases' time more with the page holding the leg: one session, not a flap.
      await new Promise((r) => setTimeout(r, 3_000));
      assert.deepEqual(floor.told, first, 'no lapse and reopen each lease');
      assert.equal(floor.backend.participants.has(id), true, 'the leg Twilio would not take off');
      assert.equal(floor.agent.getMonitoringSessions({ active: true }).length, 1);
      // The page goes (the supervisor's device hangs up with it): no one holds the session, one end.
      await sup.disconnect();
      await until(() => floor.told.length > 3, `the lapse told (${floor.told.join(', ')})`, 3_000);
      await new Promise((r) => setTimeout(r, 1_500));
      assert.deepEqual(floor.told.slice(3), ['ended listen lease-expired']);
      assert.deepEqual(floor.agent.getMonitoringSessions({ active: true }), []);
    });
  }
});

test("a stop left unanswered is closed on the agent's trail when over a thousand others left so push it out of a client's memory: failed, the leg unknown, not `requested` for good", async () => {
  const { sup, leg, ...floor } = await holding();
  const errors = errorsOf(sup);
  floor.backend.failNext({ path: 'participant', action: 'stop', status: 429, code: 20429, message: 'Too Many Requests', headers: { 'Retry-After': '1' } });
  wrapUp(floor);
  await until(() => errors.length > 0, 'the rate limit told');
  // The holding page goes before its try again: its stop is `requested` with no outcome.
  await sup.disconnect();
  const trail = async () => (await floor.backplane.read<AuditEntry>('audit', { limit: 5_000 })).map((e) => e.value).filter((e) => e.action === 'monitoring.stop');
  const ours = async () => (await trail()).filter((e) => e.target.sessionId === leg).map((e) => [e.outcome, e.target.leg]);
  assert.deepEqual(await ours(), [['requested', undefined]]);
  // A thousand more left so on the shared trail, as pages that went away before their tries again write them.
  for (let n = 0; n < 1_000; n++) {
    const sessionId = `CAe${String(n).padStart(31, '0')}`;
    const commandKey = `interaction-ended:${sessionId}`;
    const id = `bp:stop:${commandKey}:requested`;
    const entry: AuditEntry = { id, at: Date.now(), actor: 'backplane', action: 'monitoring.stop', outcome: 'requested', target: { sessionId, interactionId: `WRe${String(n).padStart(31, '0')}`, supervisorId: SUP, reason: 'interaction-ended' }, subject: floor.agentId, commandKey };
    await floor.backplane.append({ log: 'audit', id, value: entry, author: 'backplane', at: entry.at });
  }
  for (const end = Date.now() + 3_000; (await ours()).length < 2 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(await ours(), [['requested', undefined], ['failed', 'unknown']]);
  await settle();
  assert.equal((await trail()).filter((e) => e.outcome === 'failed').length, 1, 'only the one pushed out');
});

test("a leg whose lease lapsed while its supervisor's page was away, its records deleted since (keepEndedMs), is looked for when the page is back: refused by Twilio, the agent is told it runs again, leased, and the supervisor can stop it", async () => {
  const floor = flex();
  const backplane = createMemoryBackplane({ broadcast: false });
  const sup = await supervisor(floor.sync, backplane, { monitoringLeaseMs: 600 });
  const { agent, told } = await agentPage(floor.sync, backplane, floor.agentId, { keepEndedMs: 300 });
  await sup.startMonitoring(floor.agentId, CALL, 'listen');
  await until(() => told.includes('started listen'), 'the agent told');
  const id = (sup.getMonitoringSessions({ active: true })[0] as { id: string }).id;
  await sup.disconnect();
  await until(() => told.includes('ended listen lease-expired'), `the lapse told (${told.join(', ')})`);
  // Deleted by the agent's page once their grace is over.
  for (const end = Date.now() + 3_000; ((await backplane.get(`lease/${id}`)) !== undefined || (await backplane.get(`monitoring/${id}`)) !== undefined) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
  assert.equal(await backplane.get(`monitoring/${id}`), undefined, 'the record deleted');
  assert.equal(await backplane.get(`lease/${id}`), undefined, 'the lease deleted');
  assert.equal(floor.backend.participants.has(id), true, 'the leg is still on the conference');
  const errors = errorsOf(sup);
  floor.backend.failNext({ path: 'participant', action: 'stop', status: 403, code: 20403, message: 'Forbidden' });
  await sup.connect();
  await until(() => told.length > 2, `the agent told again (${told.join(', ')})`);
  assert.deepEqual(told, ['started listen', 'ended listen lease-expired', 'started listen']);
  assert.equal(errors[0]?.code, ErrorCode.Forbidden, 'the refusal told');
  const lease = (await backplane.get<{ expiresAt: number; endedAt?: number; leaseMs: number }>(`lease/${id}`))?.value;
  assert.equal(lease?.endedAt, undefined, `leased again (${JSON.stringify(lease)}): it lapses if no one holds it`);
  assert.equal(lease?.leaseMs, 600);
  await until(() => sup.getMonitoringSessions({ active: true }).length === 1, "on the supervisor's screen, with its Stop");
  await sup.stopMonitoring(id);
  await until(() => told.at(-1) === 'ended listen', `the end told (${told.join(', ')})`);
  assert.equal(floor.backend.participants.has(id), false);
  assert.deepEqual(agent.getMonitoringSessions({ active: true }), []);
  // Its lease closed with it: no lapse told after the stop.
  await new Promise((r) => setTimeout(r, 1_200));
  assert.deepEqual(told.slice(3), ['ended listen']);
});

test("a session another page of the supervisor's stopped while this page was away, its records deleted since, is not written up as a lapse when this page is back: its leg is looked for, not found, and the agent's trail gets no lease-expired stop", async () => {
  const floor = flex();
  const backplane = createMemoryBackplane({ broadcast: false });
  // A lease long enough that nothing lapses it here: the other page stops the session first.
  const sup = await supervisor(floor.sync, backplane, { monitoringLeaseMs: 60_000 });
  const { told } = await agentPage(floor.sync, backplane, floor.agentId, { keepEndedMs: 300 });
  await sup.startMonitoring(floor.agentId, CALL, 'listen');
  await until(() => told.includes('started listen'), 'the agent told');
  const id = (sup.getMonitoringSessions({ active: true })[0] as { id: string }).id;
  await sup.disconnect();
  const other = await supervisor(floor.sync, backplane, { monitoringLeaseMs: 60_000 });
  await until(() => other.getMonitoringSessions({ active: true }).length === 1, "the session on the other page's screen");
  await other.stopMonitoring(id);
  await until(() => told.at(-1) === 'ended listen', `the stop told (${told.join(', ')})`);
  assert.equal(floor.backend.participants.has(id), false, 'the leg taken off by the other page');
  await other.disconnect();
  for (const end = Date.now() + 3_000; ((await backplane.get(`lease/${id}`)) !== undefined || (await backplane.get(`monitoring/${id}`)) !== undefined) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
  assert.equal(await backplane.get(`lease/${id}`), undefined, 'the lease deleted');
  const sent = floor.backend.requests.length;
  await sup.connect();
  await settle();
  await new Promise((r) => setTimeout(r, 300));
  const lapses = (await backplane.read<AuditEntry>('audit', { limit: 5_000 })).map((e) => e.value).filter((e) => e.action === 'monitoring.stop' && e.target.sessionId === id && e.target.reason === 'lease-expired');
  assert.deepEqual(lapses.map((e) => `${e.actor} ${e.outcome}`), [], 'no lapse of a session that was stopped');
  // Looked for all the same: the records say nothing of how it ended, and a leg may be there.
  assert.ok(floor.backend.requests.slice(sent).some((r) => r.path === 'participant' && r.body.Action === 'list'), 'the leg looked for');
  assert.deepEqual(told, ['started listen', 'ended listen']);
});
