// A lost answer on Twilio's monitoring commands, end to end: the host's backend adds, changes or
// removes the supervisor's conference participant, but its answer never reaches the page, so the
// outbox sends the command again with the same idempotency key. Twilio's Conference Participant
// API takes no such key: each test counts the participants the backend holds. A real client
// (outbox on IndexedDB) over the adapter, the fake Sync client for the team, the backend served
// by msw's service worker with Twilio's participant resources, on the wall clock.
import { expect } from '@open-wc/testing';
import { getResponse, http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import { createFloorwalk, createIndexedDbStorage, type Floorwalk, type IntentSettled } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane } from '@floorwalk/core/backplane';
import { createTwilioAdapter } from '@floorwalk/adapters/twilio';
import { FakeSyncClient, FakeWorker, generateWorkerItems, twilioBackendHandlers, voiceCallItem } from '@floorwalk/adapters/twilio/mocks';
import { database, fast, recording, until } from '../netdrop.support.js';
import { caughtUp } from './caught-up.support.js';

const BACKEND = `${location.origin}/twilio-lost-backend`;
const worker = setupWorker();
const clients: Floorwalk[] = [];
before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());
afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect();
});

const AGENT_LEG = 'CA00000000000000000000000000000a01';

/** A supervisor's client, live, with one agent on a connected voice call (a `tr-reservation` item). */
async function rig() {
  const workers = generateWorkerItems(6, { teams: 1 });
  const agent = workers[2] as (typeof workers)[number];
  const sync = new FakeSyncClient({ workers, reservations: [voiceCallItem(agent, 1, { taskAge: 95 })] });
  const backend = twilioBackendHandlers({ baseUrl: BACKEND, sync, token: 'flex-jwe' });
  // The agent's leg the call's attributes name, on its conference: Twilio coaches only a leg there.
  backend.joinCall('CF00000000000000000000000000000c01', 'worker', AGENT_LEG);
  worker.resetHandlers(...backend.handlers);
  const me = new FakeWorker({ sid: 'WK00000000000000000000000000000999', name: 'sup', supervisor: false });
  const side = recording(withBackplane(createTwilioAdapter({ worker: me, sync, backendUrl: BACKEND, getToken: () => 'flex-jwe', queriesPerSecond: 100 }), createMemoryBackplane({ broadcast: false })));
  const sup = createFloorwalk({ adapter: side.adapter, session: { userId: me.sid, role: 'supervisor', teamIds: 'all' }, reconnect: fast, outbox: { storage: createIndexedDbStorage(database('twilio-lost')) } });
  clients.push(sup);
  const settled: IntentSettled[] = [];
  sup.on('intent', (s) => settled.push(s));
  await sup.connect();
  const callId = 'WR00000000000000000000000000000001';
  await until(() => sup.getInteraction(callId)?.state === 'connected', 'the call');
  const bystander = (workers.at(-1) as (typeof workers)[number]).worker_sid;
  return { sync, backend, me, sup, sent: side.sent, settled, agentId: agent.worker_sid, callId, caughtUp: () => caughtUp(sync, sup, bystander) };
}

type Rig = Awaited<ReturnType<typeof rig>>;

/** The next participant POST reaches the backend (it applies it at Twilio) but its answer is lost on the way back. */
function loseAnswer(r: Rig): void {
  worker.use(
    http.post(
      `${BACKEND}/participant`,
      async ({ request }) => {
        await getResponse(r.backend.handlers, request);
        return HttpResponse.error();
      },
      { once: true },
    ),
  );
}

/** The outbox sent the command again, with the same key, and it settled confirmed. */
function sentTwiceConfirmed(r: Rig): void {
  expect(r.sent.length, 'the outbox tried again').to.be.at.least(2);
  expect(new Set(r.sent.map((c) => c.key)).size, 'with the same key').to.equal(1);
  expect(r.settled.map((s) => [s.outcome, s.error?.message])).to.deep.equal([['confirmed', undefined]]);
}

/** Monitoring started (answered) on the rig's agent. */
async function monitoring(r: Rig): Promise<string> {
  await r.sup.startMonitoring(r.agentId, r.callId, 'listen');
  await until(() => r.sup.getMonitoringSessions({ active: true }).length === 1, 'the monitoring session');
  r.sent.length = 0;
  r.settled.length = 0;
  return r.sup.getMonitoringSessions({ active: true })[0]?.id as string;
}

const active = (r: Rig): unknown[] => r.sup.getMonitoringSessions({ active: true }).map((s) => [s.id, s.agentId, s.mode]);
/** The supervisor legs on the conference (the agent's own leg is there too). */
const supLegs = (r: Rig) => [...r.backend.participants.values()].filter((p) => p.label?.startsWith('supervisor:'));
const legs = (r: Rig): unknown[] => supLegs(r).map((p) => [p.call_sid, p.muted, p.coaching]);

describe('Twilio: a monitoring command whose answer was lost', () => {
  it('monitoring started adds one participant: the supervisor joins once, and the session is that leg', async () => {
    const r = await rig();
    loseAnswer(r);
    await r.sup.startMonitoring(r.agentId, r.callId, 'listen').catch(() => {});
    sentTwiceConfirmed(r);
    expect(legs(r), 'participants Twilio added').to.have.length(1);
    const [leg] = supLegs(r).map((p) => p.call_sid);
    await until(() => active(r).length > 0, 'the session');
    // A second session would come by a later report.
    await r.caughtUp();
    expect(active(r)).to.deep.equal([[leg, r.agentId, 'listen']]);
  }).timeout(20_000);

  it('a coaching start adopts the leg in the mode asked', async () => {
    const r = await rig();
    loseAnswer(r);
    await r.sup.startMonitoring(r.agentId, r.callId, 'whisper').catch(() => {});
    sentTwiceConfirmed(r);
    expect(legs(r)).to.deep.equal([[supLegs(r)[0]?.call_sid, false, true]]);
    expect(supLegs(r)[0]?.call_sid_to_coach).to.equal(AGENT_LEG);
    await until(() => active(r).length > 0, 'the session');
    expect(active(r).map((s) => (s as unknown[])[2])).to.deep.equal(['whisper']);
  }).timeout(20_000);

  it('monitoring stopped counts as stopped: the retry finds the participant gone', async () => {
    const r = await rig();
    const id = await monitoring(r);
    loseAnswer(r);
    await r.sup.stopMonitoring(id).catch(() => {});
    sentTwiceConfirmed(r);
    expect(legs(r), 'participants left').to.deep.equal([]);
    await until(() => active(r).length === 0, 'the session ended');
  }).timeout(20_000);

  it('a mode change is changed: the update sent again sets the same flags', async () => {
    const r = await rig();
    const id = await monitoring(r);
    loseAnswer(r);
    await r.sup.changeMonitoringMode(id, 'barge').catch(() => {});
    sentTwiceConfirmed(r);
    expect(legs(r)).to.deep.equal([[id, false, false]]);
    await until(() => active(r)[0] !== undefined && (active(r)[0] as unknown[])[2] === 'barge', 'the new mode');
  }).timeout(20_000);
});
