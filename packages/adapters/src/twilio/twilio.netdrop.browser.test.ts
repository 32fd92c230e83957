// "Loses nothing when the network drops", end to end on Twilio: a real client (outbox on
// IndexedDB, reconnect on) over the adapter, the fake Worker and Sync client in place of the
// Twilio SDKs, and the host's backend served by msw's service worker. The network goes down by
// dropping the Worker's socket and answering every backend call with a network error.
import { expect } from '@open-wc/testing';
import { getResponse, http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import { conversationId, createFloorwalk, createIndexedDbStorage, type Adapter, type CommandEnvelope, type Floorwalk, type IntentSettled } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane } from '@floorwalk/core/backplane';
import { createTwilioAdapter } from '@floorwalk/adapters/twilio';
import { FAKE_ACTIVITIES, FakeSyncClient, FakeWorker, generateWorkerItems, twilioBackendHandlers } from '@floorwalk/adapters/twilio/mocks';
import { database, fast, readStore, recording, until } from '../netdrop.support.js';

const BACKEND = `${location.origin}/twilio-netdrop-backend`;
const worker = setupWorker();
const clients: Floorwalk[] = [];
before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());
afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect();
});

async function rig() {
  const workers = generateWorkerItems(8, { teams: 1 });
  const sync = new FakeSyncClient({ workers });
  const backend = twilioBackendHandlers({ baseUrl: BACKEND, sync, token: 'flex-jwe' });
  worker.resetHandlers(...backend.handlers);
  const me = new FakeWorker({ sid: 'WK00000000000000000000000000000999', name: 'sup', supervisor: false });
  const side = recording(withBackplane(createTwilioAdapter({ worker: me, sync, backendUrl: BACKEND, getToken: () => 'flex-jwe', queriesPerSecond: 100 }), createMemoryBackplane({ broadcast: false })));
  const db = database('twilio');
  const sup = createFloorwalk({ adapter: side.adapter, session: { userId: me.sid, role: 'supervisor', teamIds: 'all' }, reconnect: fast, outbox: { storage: createIndexedDbStorage(db) } });
  clients.push(sup);
  const settled: IntentSettled[] = [];
  sup.on('intent', (s) => settled.push(s));
  await sup.connect();
  await until(() => sup.getAgents().length === 9, 'the team');
  return {
    workers,
    sync,
    backend,
    me,
    sup,
    sent: side.sent,
    settled,
    db,
    down() {
      worker.use(http.all(`${BACKEND}/*`, () => HttpResponse.error()));
      me.drop();
    },
    up() {
      worker.resetHandlers(...backend.handlers);
      me.reconnect();
    },
  };
}

const activityPosts = (backend: ReturnType<typeof twilioBackendHandlers>, sid: string): number =>
  backend.requests.filter((r) => r.path.endsWith('worker-activity') && r.body.WorkerSid === sid).length;

describe('Twilio: commands issued while the network is down', () => {
  it('wait on disk and go once each, in order, with their keys; reconnecting then live; what changed meanwhile is resynced', async () => {
    const { workers, sync, backend, me, sup, sent, settled, db, down, up } = await rig();
    const statuses: string[] = [];
    sup.on('status', (s) => statuses.push(s.current));
    const agent = workers[2]?.worker_sid as string;
    const other = workers[3] as (typeof workers)[number];
    // A 1:1 chat: Twilio's snapshot names no teams, so the backplane knows no team chat here.
    const team = conversationId(me.sid, agent);
    down();
    await until(() => sup.status === 'reconnecting', 'the dropped Worker');
    const calls = [sup.setAgentPresence(agent, 'break'), sup.sendMessage(team, 'Two waiting in Sales'), sup.addCoachingNote(agent, 'Clear wrap-up notes'), sup.setPresence('meal')];
    for (const c of calls) c.catch(() => {});
    sync.setWorker({ ...other, activity_name: 'Break', worker_activity_sid: 'WA00000000000000000000000000000004', date_activity_changed: new Date().toISOString() });
    await until(async () => (await readStore(db)).length === 4, 'the four commands on disk');
    expect(sent, 'nothing sent while down').to.deep.equal([]);
    up();
    await Promise.all(calls);
    expect(statuses.slice(0, 2)).to.deep.equal(['reconnecting', 'live']);
    expect(sent.map((c) => c.type)).to.deep.equal(['set-presence', 'send-message', 'add-coaching-note', 'set-presence']);
    expect(settled.map((s) => `${s.key}:${s.outcome}`)).to.deep.equal(sent.map((c) => `${c.key}:confirmed`));
    expect(activityPosts(backend, agent)).to.equal(1);
    expect(sup.getMessages(team).map((m) => m.id)).to.deep.equal([`msg-${sent[1]?.key as string}`]);
    expect(sup.getCoachingNotes(agent).map((n) => n.id)).to.deep.equal([`note-${sent[2]?.key as string}`]);
    await until(() => sup.getAgent(other.worker_sid)?.presence.state === 'break' && sup.getAgent(agent)?.presence.state === 'break', 'the resynced activities');
  }).timeout(20_000);
});

describe('Twilio: the link drops in the middle of a command', () => {
  // The host's backend (and TaskRouter's Worker update behind it) takes no idempotency key from
  // the adapter: without the read-back before a retry, the POST whose answer was lost is sent
  // again (2 posts; the retry undoes the agent's own Available).
  it('a worker-activity POST whose answer was lost is applied once and does not undo a change made meanwhile', async () => {
    const { workers, sync, backend, sup, sent } = await rig();
    const agent = workers[2] as (typeof workers)[number];
    worker.use(
      http.post(
        `${BACKEND}/worker-activity`,
        async ({ request }) => {
          await getResponse(backend.handlers, request);
          const now = sync.worker(agent.worker_sid);
          sync.setWorker({ ...(now ?? agent), activity_name: 'Available', worker_activity_sid: 'WA00000000000000000000000000000002', date_activity_changed: new Date(Date.now() + 1000).toISOString() });
          return HttpResponse.error();
        },
        { once: true },
      ),
    );
    await sup.setAgentPresence(agent.worker_sid, 'break').catch(() => {});
    expect(sent.length, 'the outbox tried the same key again').to.be.at.least(2);
    expect(activityPosts(backend, agent.worker_sid), 'posts applied').to.equal(1);
    expect(sync.worker(agent.worker_sid)?.activity_name).to.equal('Available');
  }).timeout(20_000);
});

/** The backend's next worker-activity POST never answers; the returned check says whether it came. */
function hangNextActivityPost(): () => boolean {
  let hanging = false;
  worker.use(
    http.post(
      `${BACKEND}/worker-activity`,
      () => {
        hanging = true;
        return new Promise<never>(() => {});
      },
      { once: true },
    ),
  );
  return () => hanging;
}

describe('Twilio: a request that never answers', () => {
  // Unless the Worker's drop aborts the backend POST, the outbox waits on it for good.
  it('the link drops under a worker-activity POST that hangs: after the reconnect the commands behind it still go out', async () => {
    const { workers, sup, settled, down, up } = await rig();
    const [a, b] = [workers[2]?.worker_sid as string, workers[3]?.worker_sid as string];
    const hanging = hangNextActivityPost();
    const calls = [sup.setAgentPresence(a, 'break'), sup.setAgentPresence(b, 'break')];
    for (const c of calls) c.catch(() => {});
    await until(hanging, 'the first POST at the backend, unanswered');
    down();
    await until(() => sup.status === 'reconnecting', 'the drop');
    up();
    await until(() => sup.status === 'live', 'live again');
    await until(() => settled.length === 2, 'both settled after the reconnect', 10_000);
    expect(settled.map((s) => s.outcome)).to.deep.equal(['confirmed', 'confirmed']);
  }).timeout(30_000);
});

/** A supervisor's page fed by Sync alone: no Worker, so the Sync client's link is the only one. */
async function syncRig() {
  const workers = generateWorkerItems(8, { teams: 1 });
  const sync = new FakeSyncClient({ workers });
  const backend = twilioBackendHandlers({ baseUrl: BACKEND, sync, token: 'flex-jwe' });
  worker.resetHandlers(...backend.handlers);
  const side = recording(createTwilioAdapter({ sync, activities: FAKE_ACTIVITIES, backendUrl: BACKEND, getToken: () => 'flex-jwe', queriesPerSecond: 100 }));
  const db = database('twilio-sync');
  const sup = createFloorwalk({
    adapter: side.adapter,
    session: { userId: 'WK00000000000000000000000000000999', role: 'supervisor', teamIds: 'all' },
    reconnect: fast,
    outbox: { storage: createIndexedDbStorage(db) },
  });
  clients.push(sup);
  const settled: IntentSettled[] = [];
  sup.on('intent', (s) => settled.push(s));
  const statuses: string[] = [];
  sup.on('status', (s) => statuses.push(s.current));
  await sup.connect();
  await until(() => sup.getAgents().length === 8, 'the team');
  return {
    workers,
    sync,
    backend,
    sup,
    sent: side.sent,
    settled,
    statuses,
    db,
    down() {
      worker.use(http.all(`${BACKEND}/*`, () => HttpResponse.error()));
      // twilsock on a lost network says `connecting` and retries by itself.
      sync.drop();
    },
    up() {
      worker.resetHandlers(...backend.handlers);
      sync.reconnect();
    },
  };
}

describe('Twilio: a page with Sync and no Worker loses its link', () => {
  // Without the Sync client's connectionStateChanged the client never hears `reconnecting`: it
  // shows the board as live and sends into the dropped link.
  it('reconnecting, commands wait on disk and go once each after; then live, and what changed meanwhile shows', async () => {
    const { workers, sync, backend, sup, sent, settled, statuses, db, down, up } = await syncRig();
    const agent = workers[2]?.worker_sid as string;
    const other = workers[3] as (typeof workers)[number];
    statuses.length = 0;
    down();
    await until(() => sup.status === 'reconnecting', 'the dropped Sync link');
    const call = sup.setAgentPresence(agent, 'break');
    call.catch(() => {});
    sync.setWorker({ ...other, activity_name: 'Break', worker_activity_sid: 'WA00000000000000000000000000000004', date_activity_changed: new Date().toISOString() });
    await until(async () => (await readStore(db)).length === 1, 'the command on disk');
    expect(sent, 'nothing sent while down').to.deep.equal([]);
    up();
    await call;
    expect(statuses.slice(0, 2)).to.deep.equal(['reconnecting', 'live']);
    expect(settled.map((s) => s.outcome)).to.deep.equal(['confirmed']);
    expect(activityPosts(backend, agent)).to.equal(1);
    await until(() => sup.getAgent(other.worker_sid)?.presence.state === 'break' && sup.getAgent(agent)?.presence.state === 'break', 'the activities changed meanwhile');
  }).timeout(20_000);

  // twilsock retries from a socket error and from its `error` state by itself. Reported as
  // `failed` and not retryable, as they were, the client gave up and the command never went.
  it('a transient Sync error (a socket error, twilsock\'s `error`) is reconnecting, not failed: the command waits and goes once Sync is back', async () => {
    const { workers, sync, backend, sup, settled, statuses, db, up } = await syncRig();
    const agent = workers[2]?.worker_sid as string;
    statuses.length = 0;
    worker.use(http.all(`${BACKEND}/*`, () => HttpResponse.error()));
    sync.connectionError({ terminal: false, message: 'Socket error: network changed' });
    sync.drop('error');
    await until(() => sup.status === 'reconnecting', 'the Sync error');
    const call = sup.setAgentPresence(agent, 'break');
    call.catch(() => {});
    await until(async () => (await readStore(db)).length === 1, 'the command waiting on disk');
    expect(sup.status).to.equal('reconnecting');
    up();
    await call;
    expect(statuses.slice(0, 2)).to.deep.equal(['reconnecting', 'live']);
    expect(settled.map((s) => s.outcome)).to.deep.equal(['confirmed']);
    expect(activityPosts(backend, agent)).to.equal(1);
  }).timeout(20_000);

  it('a worker-activity POST that hangs is aborted by the drop: after the reconnect the commands behind it still go out', async () => {
    const { workers, sup, settled, down, up } = await syncRig();
    const [a, b] = [workers[2]?.worker_sid as string, workers[3]?.worker_sid as string];
    const hanging = hangNextActivityPost();
    const calls = [sup.setAgentPresence(a, 'break'), sup.setAgentPresence(b, 'break')];
    for (const c of calls) c.catch(() => {});
    await until(hanging, 'the first POST at the backend, unanswered');
    down();
    await until(() => sup.status === 'reconnecting', 'the drop');
    up();
    await until(() => sup.status === 'live', 'live again');
    await until(() => settled.length === 2, 'both settled after the reconnect', 10_000);
    expect(settled.map((s) => s.outcome)).to.deep.equal(['confirmed', 'confirmed']);
  }).timeout(30_000);
});
