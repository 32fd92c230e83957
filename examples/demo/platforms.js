// @ts-check
// The vendor platforms the demo can switch to: each adapter over its own mocks (msw in a service
// worker for HTTP, in-page fakes for the vendors' browser SDKs), with a little scripted traffic so
// the board moves. `npm start` bundles this file with msw into build/platforms.js; the Floorwalk
// core stays external, resolved by the page's import map, so the page has one copy of it.
import { setupWorker } from 'msw/browser';
import { createGenesysAdapter } from '@floorwalk/adapters/genesys';
import { createGenesysMock } from '@floorwalk/adapters/genesys/mocks';
import { createAmazonConnectAdapter } from '@floorwalk/adapters/amazon-connect';
import { createAmazonConnectMocks } from '@floorwalk/adapters/amazon-connect/mocks';
import { createTwilioAdapter } from '@floorwalk/adapters/twilio';
import { FakeSyncClient, generateWorkerItems, teamSidsOf, twilioBackendHandlers, FAKE_ACTIVITIES } from '@floorwalk/adapters/twilio/mocks';
import { createMemoryBackplane, withBackplane } from '@floorwalk/core/backplane';

/**
 * @typedef {import('@floorwalk/core').Adapter} Adapter
 * @typedef {import('@floorwalk/core').Session} Session
 * @typedef {{ adapter: Adapter, session: Session, label: string, stop: () => void, agent?: { adapter: Adapter, agentId: string } }} Platform
 */

/**
 * None of the vendors carries help requests, chat or check-ins: both clients' adapters are
 * wrapped with one backplane, so the supervisor's and the agent's panes share them. Help
 * escalates to the demo's one supervisor, as the mock teams name none.
 * @param {string} name
 * @param {string} supervisorId
 * @param {Adapter} supervisorAdapter
 * @param {Adapter} agentAdapter
 */
function collaborate(name, supervisorId, supervisorAdapter, agentAdapter) {
  const backplane = createMemoryBackplane({ name: `floorwalk-demo-${name}` });
  const options = { supervisorsOf: () => [supervisorId], checkInNoticeMs: 15 * 60_000 };
  // userId: the supervisor's page takes off a leg it forgot (a reload), at the call's wrap-up (Twilio).
  return { supervisor: withBackplane(supervisorAdapter, backplane, { ...options, userId: supervisorId }), agent: withBackplane(agentAdapter, backplane, options) };
}

/** @type {ReturnType<typeof setupWorker> | undefined} */
let worker;

/** @param {Parameters<typeof setupWorker>} handlers */
async function serve(...handlers) {
  worker = setupWorker(...handlers);
  // Requests the mocks do not own (the page's own modules) go to the network as usual.
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true });
}

/**
 * @param {string} name `genesys`, `amazon-connect` or `twilio`
 * @param {{ agents: number }} options
 * @returns {Promise<Platform>}
 */
export async function startPlatform(name, { agents }) {
  switch (name) {
    case 'genesys': {
      const mock = createGenesysMock({ agents, teams: Math.ceil(agents / 12), queues: 4 });
      await serve(...mock.handlers);
      // Genesys' own coaching appointments: a few on the calendar, so the board's coaching has some.
      const hour = 3_600_000;
      const next = Math.ceil(Date.now() / hour) * hour;
      mock.play(
        mock.directory.agentIds.slice(0, 3).map((id, i) => /** @type {const} */ ({ type: 'appointment', name: ['Hold etiquette', 'Empathy on long calls', 'New returns policy'][i] ?? 'Coaching', attendeeIds: [id], dateStart: next + i * hour, lengthInMinutes: 30 })),
      );
      // The agent pane's user is a person: the stream leaves their presence to them.
      const stop = mock.autoplay(800, undefined, mock.directory.agentIds.slice(0, 1));
      const shared = collaborate(
        name,
        mock.directory.supervisorId,
        createGenesysAdapter({ ...mock.adapterOptions(), appointments: 'watched' }),
        createGenesysAdapter(mock.adapterOptions()),
      );
      return {
        adapter: shared.supervisor,
        session: { userId: mock.directory.supervisorId, role: 'supervisor', teamIds: 'all', name: 'Demo supervisor' },
        label: 'Genesys Cloud (mock org)',
        stop,
        agent: { adapter: shared.agent, agentId: /** @type {string} */ (mock.directory.agentIds[0]) },
      };
    }
    case 'amazon-connect': {
      const mocks = createAmazonConnectMocks({ users: agents });
      await serve(...mocks.backend.handlers);
      const stop = playConnect(mocks.backend, agents, 'user-1');
      // The agent's side polls the backend only: the fake CCP is the supervisor's.
      const { streams: _, ...agentOptions } = mocks.adapterOptions;
      const shared = collaborate(
        name,
        'sup-1',
        createAmazonConnectAdapter({ ...mocks.adapterOptions, pollIntervalMs: 5000 }),
        createAmazonConnectAdapter({ ...agentOptions, pollIntervalMs: 5000 }),
      );
      return {
        adapter: shared.supervisor,
        session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all', name: 'Demo supervisor' },
        label: 'Amazon Connect (mock instance)',
        stop,
        agent: { adapter: shared.agent, agentId: 'user-1' },
      };
    }
    case 'twilio': {
      const backendUrl = `${location.origin}/twilio-backend`;
      const { sync, backend } = twilioMocks(agents, backendUrl);
      await serve(...backend.handlers);
      const firstWorker = [...(sync.indexes.get('tr-worker')?.keys() ?? [])][0];
      const stop = playTwilio(sync, firstWorker, backend);
      const shared = collaborate(
        name,
        'sup-1',
        createTwilioAdapter({ sync, teamSids: teamSidsOf(sync), backendUrl }),
        createTwilioAdapter({ sync, teamSids: teamSidsOf(sync), backendUrl }),
      );
      return {
        adapter: shared.supervisor,
        session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all', name: 'Demo supervisor' },
        label: 'Twilio TaskRouter (mock workspace)',
        stop,
        ...(firstWorker === undefined ? {} : { agent: { adapter: shared.agent, agentId: firstWorker } }),
      };
    }
    default:
      throw new Error(`Unknown platform ${name}: use simulator, genesys, amazon-connect or twilio.`);
  }
}

/**
 * The Twilio platform's mocks: a fake Sync over `agents` workers and the host backend's routes.
 * The backend keeps only its latest requests, which nothing here reads: the page may stay open for
 * hours, and its two adapters' queue polls alone would add 720 an hour. Exported for its test
 * (platforms.node.test.ts).
 * @param {number} agents
 * @param {string} backendUrl
 */
export function twilioMocks(agents, backendUrl) {
  // Activities changed within the last hour of this page's clock, not the fixed date tests use.
  const sync = new FakeSyncClient({ workers: generateWorkerItems(agents, { teams: Math.ceil(agents / 12), at: Date.now() }), maxItems: 200 });
  return { sync, backend: twilioBackendHandlers({ baseUrl: backendUrl, sync, keepRequests: 20 }) };
}

/** Stops the mock service worker. */
export function stopPlatforms() {
  worker?.stop();
}

/** A seeded stream of choices, so a demo run can be told apart from a broken one. */
function random(seed = 7) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Connect traffic: agents change status and take contacts through their lifecycle. The agent
 * pane's user is a person: their status is theirs to set, so the script never changes it. Contacts
 * go only to Available agents with none already, as Connect routes (the pane's user takes them
 * too while Available). Exported for its test (platforms.node.test.ts).
 * @param {import('@floorwalk/adapters/amazon-connect/mocks').ConnectBackendMock} backend
 * @param {number} agents
 * @param {string} [person] the agent pane's user id
 * @returns {() => void} stops the traffic
 */
export function playConnect(backend, agents, person) {
  const next = random(11);
  const statuses = ['Available', 'Available', 'Available', 'Break', 'Lunch', 'Training', 'Meeting'];
  let contact = 0;
  const timer = setInterval(() => {
    const userId = `user-${1 + Math.floor(next() * agents)}`;
    if (next() < 0.5) {
      const status = /** @type {string} */ (statuses[Math.floor(next() * statuses.length)]);
      if (userId !== person) backend.play([{ kind: 'status', userId, status }]);
    } else {
      // As Connect routes: only to an agent in a routable status with no contact already.
      const user = backend.users.get(userId);
      if (user?.status.name !== 'Available' || user.contacts.length > 0) return;
      const contactId = `demo-${++contact}`;
      backend.play([
        { kind: 'offer', userId, contactId },
        { afterMs: 3000, kind: 'contact-state', userId, contactId, state: 'CONNECTED' },
        { afterMs: 20_000, kind: 'contact-state', userId, contactId, state: 'ENDED' },
        { afterMs: 30_000, kind: 'clear', userId, contactId },
      ]);
    }
  }, 700);
  return () => clearInterval(timer);
}

/**
 * TaskRouter traffic through the Sync live queries: workers change activity, and Available
 * workers take tasks through a reservation's life (pending, accepted, wrapping, completed), as
 * Flex's `tr-reservation` items carry them. The agent pane's worker is a person: their activity
 * is theirs to set, so the script never changes it (they still take tasks while Available).
 * Exported for its test (platforms.node.test.ts).
 * @param {FakeSyncClient} sync
 * @param {string} [person] the agent pane's worker sid
 * @param {import('@floorwalk/adapters/twilio/mocks').TwilioBackendMock} [backend] the backend whose
 *   conferences hold the legs a voice task's attributes name, as Twilio's do (it coaches only a leg there)
 * @returns {() => void} stops the traffic
 */
export function playTwilio(sync, person, backend) {
  const next = random(13);
  const sids = [...(sync.indexes.get('tr-worker')?.keys() ?? [])];
  const channels = ['voice', 'voice', 'voice', 'chat', 'sms'];
  const queues = ['Sales', 'Support', 'Billing'];
  /** The task's own status beside each reservation status, as Flex's items carry both. */
  const taskStatus = { pending: 'reserved', accepted: 'assigned', wrapping: 'wrapping' };
  /** @type {Set<string>} workers with a reservation out, so each takes one task at a time */
  const busy = new Set();
  /** @type {Set<ReturnType<typeof setTimeout>>} the steps still to come, each gone once it ran */
  const later = new Set();
  let task = 0;
  const timer = setInterval(() => {
    const sid = sids[Math.floor(next() * sids.length)];
    const item = sid === undefined ? undefined : sync.worker(sid);
    if (sid === undefined || item === undefined) return;
    const now = new Date().toISOString();
    if (next() < 0.5 && item.activity_name === 'Available' && !busy.has(sid)) {
      busy.add(sid);
      const n = ++task;
      const channel = /** @type {string} */ (channels[Math.floor(next() * channels.length)]);
      const created = Date.now();
      const base = {
        reservation_sid: `WR${String(n).padStart(32, '0')}`,
        task_sid: `WT${String(n).padStart(32, '0')}`,
        worker_sid: sid,
        worker_name: item.friendly_name,
        workspace_sid: item.workspace_sid,
        task_channel_unique_name: channel,
        queue_name: /** @type {string} */ (queues[Math.floor(next() * queues.length)]),
        task_priority: 0,
        task_date_created: now,
        date_created: now,
      };
      const from = `+1555010${String(n % 1000).padStart(4, '0')}`;
      /** The call's conference and its two legs, as Flex's conference instruction makes them. */
      const legs = { conference: `CF${String(n).padStart(32, '0')}`, worker: `CA${String(n).padStart(31, '0')}1`, customer: `CA${String(n).padStart(32, '0')}` };
      /** A voice task's attributes name its conference once the worker has joined it, as Flex's do. */
      const attributes = /** @param {boolean} joined */ (joined) =>
        channel === 'voice' && joined
          ? { direction: 'inbound', from, call_sid: legs.customer, conference: { sid: legs.conference, participants: { worker: legs.worker, customer: legs.customer } } }
          : { direction: 'inbound', from };
      /** @param {'pending' | 'accepted' | 'wrapping'} status */
      const put = (status) =>
        sync.setReservation({ ...base, status, task_status: taskStatus[status], task_age: Math.round((Date.now() - created) / 1000), date_updated: new Date().toISOString(), attributes: attributes(status !== 'pending') });
      /** @param {'accepted' | 'wrapping' | 'completed'} status @param {number} afterMs */
      const step = (status, afterMs) => {
        const t = setTimeout(() => {
          later.delete(t);
          if (status === 'accepted' && channel === 'voice' && backend !== undefined) {
            backend.joinCall(legs.conference, 'customer', legs.customer);
            backend.joinCall(legs.conference, 'worker', legs.worker);
          }
          if (status !== 'completed') return put(status);
          // The conference ends with the call: its legs go, so an open page holds no more than the calls live.
          backend?.participants.delete(legs.customer);
          backend?.participants.delete(legs.worker);
          sync.removeReservation(base.reservation_sid);
          busy.delete(sid);
        }, afterMs);
        later.add(t);
      };
      put('pending');
      step('accepted', 4000);
      step('wrapping', 4000 + 15_000 + Math.floor(next() * 40_000));
      step('completed', 4000 + 60_000);
      return;
    }
    if (busy.has(sid) || sid === person) return;
    const activity = FAKE_ACTIVITIES[1 + Math.floor(next() * (FAKE_ACTIVITIES.length - 1))];
    if (activity === undefined) return;
    sync.setWorker({ ...item, activity_name: activity.name, worker_activity_sid: activity.sid, date_activity_changed: now, date_updated: now });
  }, 500);
  return () => {
    clearInterval(timer);
    for (const t of later) clearTimeout(t);
    later.clear();
  };
}
