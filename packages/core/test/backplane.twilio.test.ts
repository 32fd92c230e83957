// Twilio shows a supervisor's conference leg to no one but the page that added it: the Worker and
// the Sync indexes carry no conference participants. With a backplane the agent is told of it,
// and must be told it ended with the call even when no client's Twilio adapter holds the session
// any more (the supervisor's page reloaded, or its link dropped and the adapter was opened again).
// Real clients over the Twilio adapter, the fake Sync client for the team index, and the host's
// backend served by msw with Twilio's participant resources.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { setupServer } from 'msw/node';
import { createFloorwalk, ErrorCode, FloorwalkError, type Floorwalk, type MonitoringNotice } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane, type Backplane } from '@floorwalk/core/backplane';
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
  server.resetHandlers(...backend.handlers);
  return { sync, agentId: agent.worker_sid, call, backend };
}

async function supervisor(sync: FakeSyncClient, backplane: Backplane): Promise<Floorwalk> {
  const adapter = withBackplane(createTwilioAdapter({ sync, backendUrl: BACKEND, getToken: () => 'flex-jwe', queriesPerSecond: 100 }), backplane);
  const client = createFloorwalk({ adapter, session: { userId: SUP, role: 'supervisor', teamIds: 'all' } });
  clients.push(client);
  await client.connect();
  await until(() => client.getInteraction(CALL)?.state === 'connected', 'the call on the board');
  return client;
}

/** The agent's page: Sync alone, no backend (it cannot add or remove conference participants). */
async function agentPage(sync: FakeSyncClient, backplane: Backplane, agentId: string): Promise<{ agent: Floorwalk; told: string[] }> {
  const agent = createFloorwalk({ adapter: withBackplane(createTwilioAdapter({ sync, queriesPerSecond: 100 }), backplane), session: { userId: agentId, role: 'agent', agentId, teamIds: 'all' } });
  clients.push(agent);
  const told: string[] = [];
  agent.on('monitoring', (n: MonitoringNotice) => told.push(`${n.kind} ${n.session.mode}${n.kind === 'ended' && n.reason !== undefined ? ` ${n.reason}` : ''}`));
  await agent.connect();
  await until(() => agent.getInteraction(CALL)?.state === 'connected', "the agent's call");
  return { agent, told };
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
  assert.equal(backend.participants.size, 0, 'no second leg was added');
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
