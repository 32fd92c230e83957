// "Loses nothing when the network drops", end to end on Amazon Connect: a real client (outbox on
// IndexedDB, reconnect on) over the adapter, the host's backend served by msw's service worker,
// the fake CCP for Streams, on the wall clock. The network goes down by answering every backend
// call with a network error, and by the fake CCP showing the drop as Streams does (its WebSocket
// lost, no snapshots): the team's polls fail and the adapter reports the link lost. It comes back
// with the CCP's WebSocket and next snapshot, and the backend answering again.
import { expect } from '@open-wc/testing';
import { getResponse, http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import { ErrorCode, createFloorwalk, createIndexedDbStorage, type Adapter, type CommandEnvelope, type Floorwalk, type IntentSettled } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane } from '@floorwalk/core/backplane';
import { createAmazonConnectAdapter } from '@floorwalk/adapters/amazon-connect';
import { createAmazonConnectMocks, type AmazonConnectMocks } from '@floorwalk/adapters/amazon-connect/mocks';
import { database, fast, recording, tick, until } from '../netdrop.support.js';
import { hangingStatusPut } from './test-support.js';

const BASE = 'https://connect-backend.mock';
const worker = setupWorker();
const clients: Floorwalk[] = [];
before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());
afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect();
});

interface Rig {
  mocks: AmazonConnectMocks;
  sup: Floorwalk;
  sent: CommandEnvelope[];
  settled: IntentSettled[];
  db: string;
  down(): void;
  up(): void;
}

async function rig(): Promise<Rig> {
  const mocks = createAmazonConnectMocks({ users: 6 });
  worker.resetHandlers(...mocks.backend.handlers);
  const side = recording(withBackplane(createAmazonConnectAdapter({ ...mocks.adapterOptions, pollIntervalMs: 1000 }), createMemoryBackplane({ broadcast: false })));
  const db = database('connect');
  const sup = createFloorwalk({ adapter: side.adapter, session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' }, reconnect: fast, outbox: { storage: createIndexedDbStorage(db) } });
  clients.push(sup);
  const settled: IntentSettled[] = [];
  sup.on('intent', (s) => settled.push(s));
  await sup.connect();
  return {
    mocks,
    sup,
    sent: side.sent,
    settled,
    db,
    down: () => {
      mocks.streams.dropNetwork();
      worker.use(http.all(`${BASE}/*`, () => HttpResponse.error()));
    },
    up: () => {
      worker.resetHandlers(...mocks.backend.handlers);
      mocks.streams.restoreNetwork();
    },
  };
}

const statusPuts = (mocks: AmazonConnectMocks, userId: string): number =>
  mocks.backend.requests.filter((r) => r.operation === 'PutUserStatus' && r.body.UserId === userId && r.status === 200).length;

describe('Amazon Connect: commands issued while the network is down', () => {
  it('wait on disk and go once each, in order, with their keys, when the backend answers again; the status goes reconnecting then live', async () => {
    const { mocks, sup, sent, settled, down, up } = await rig();
    const statuses: string[] = [];
    sup.on('status', (s) => statuses.push(s.current));
    down();
    await until(() => sup.status === 'reconnecting', 'the failed poll');
    const team = `team:${sup.getAgent('user-2')?.teamIds[0] as string}`;
    const calls = [
      sup.setAgentPresence('user-2', 'break'),
      sup.sendMessage(team, 'Queue is long, stay on'),
      sup.addCoachingNote('user-3', 'Nice hold etiquette'),
      sup.setPresence('meal'),
    ];
    for (const c of calls) c.catch(() => {});
    // Missed while down: the next poll after the gap must show it.
    mocks.backend.apply({ kind: 'status', userId: 'user-4', status: 'Training' });
    await tick(1500);
    expect(sent, 'nothing sent while down').to.deep.equal([]);
    up();
    await Promise.all(calls);
    expect(statuses.slice(0, 2)).to.deep.equal(['reconnecting', 'live']);
    expect(sent.map((c) => c.type)).to.deep.equal(['set-presence', 'send-message', 'add-coaching-note', 'set-presence']);
    expect(settled.map((s) => `${s.key}:${s.outcome}`)).to.deep.equal(sent.map((c) => `${c.key}:confirmed`));
    expect(statusPuts(mocks, 'user-2')).to.equal(1);
    expect(mocks.streams.setStateCalls.map((s) => s.name)).to.deep.equal(['Lunch']);
    expect(sup.getMessages(team).map((m) => m.id)).to.deep.equal([`msg-${sent[1]?.key as string}`]);
    expect(sup.getCoachingNotes('user-3').map((n) => n.id)).to.deep.equal([`note-${sent[2]?.key as string}`]);
    await until(() => sup.getAgent('user-4')?.presence.state === 'training' && sup.getAgent('user-2')?.presence.state === 'break', 'the resynced statuses');
  }).timeout(20_000);
});

/** The next PutUserStatus reaches Connect (the mock applies it) but its answer is lost; `meanwhile` runs at Connect right after. */
function loseStatusAnswer(mocks: AmazonConnectMocks, meanwhile?: () => void): void {
  worker.use(
    http.put(
      `${BASE}/users/:instanceId/:userId/status`,
      async ({ request }) => {
        await getResponse(mocks.backend.handlers as never, request);
        meanwhile?.();
        return HttpResponse.error();
      },
      { once: true },
    ),
  );
}

describe('Amazon Connect: the link drops in the middle of a command', () => {
  it('a PutUserStatus whose answer was lost is applied once', async () => {
    const { mocks, sup, sent, settled } = await rig();
    loseStatusAnswer(mocks);
    await sup.setAgentPresence('user-2', 'break').catch(() => {});
    expect(sent.length, 'the outbox tried the same key again').to.be.at.least(2);
    expect(new Set(sent.map((c) => c.key)).size).to.equal(1);
    expect(settled.map((s) => s.outcome)).to.deep.equal(['confirmed']);
    expect(statusPuts(mocks, 'user-2'), 'PutUserStatus applied').to.equal(1);
  }).timeout(20_000);

  it('the retry does not undo the agent’s own change made meanwhile', async () => {
    const { mocks, sup, sent, settled } = await rig();
    loseStatusAnswer(mocks, () => mocks.backend.apply({ kind: 'status', userId: 'user-2', status: 'Available' }));
    await sup.setAgentPresence('user-2', 'break').catch(() => {});
    expect(sent.length, 'the outbox tried the same key again').to.be.at.least(2);
    expect(statusPuts(mocks, 'user-2'), 'PutUserStatus applied').to.equal(1);
    expect(mocks.backend.users.get('user-2')?.status.name, 'Connect keeps the agent’s choice').to.equal('Available');
    expect(settled.map((s) => [s.outcome, s.error?.code])).to.deep.equal([['conflict', ErrorCode.Conflict]]);
  }).timeout(20_000);
});

describe('Amazon Connect: flapping', () => {
  it('ten drops in a few seconds: live after each, nothing polled or pending after disconnect', async () => {
    const { mocks, sup, down, up } = await rig();
    let lives = 0;
    sup.on('status', (s) => void (s.current === 'live' && lives++));
    for (let i = 0; i < 10; i++) {
      down();
      await until(() => sup.status === 'reconnecting', `drop ${i + 1}`);
      mocks.backend.apply({ kind: 'status', userId: 'user-5', status: i % 2 === 0 ? 'Lunch' : 'Break' });
      up();
      await until(() => sup.status === 'live', `back ${i + 1}`);
      await until(() => sup.getAgent('user-5')?.presence.state === (i % 2 === 0 ? 'meal' : 'break'), `resync ${i + 1}`);
    }
    expect(lives).to.equal(10);
    // One poll a second, not one per drop: no schedule left running from an earlier link, whose
    // polls would come between (the pacer lets one go every 500 ms, so any such schedule brings
    // the mean gap to 500 ms). The mock stamps a poll as its handler runs, after the trip through
    // msw's service worker: on a loaded machine one trip took 340 ms longer than the next, and the
    // shortest gap read 660 ms though the polls left a second apart. The mean over five gaps moves
    // by a fifth of the two end trips' difference; 750 ms lies halfway between the two schedules.
    const from = mocks.backend.requests.length;
    const polls = (): number[] => mocks.backend.requests.slice(from).filter((r) => r.operation === 'GetCurrentUserData').map((r) => r.at);
    await until(() => polls().length >= 6, 'six more polls', 20_000);
    const at = polls().slice(0, 6);
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    expect(((at[5] as number) - (at[0] as number)) / 5, `mean gap between polls (gaps ${gaps.join(', ')} ms)`).to.be.at.least(750);
    const heard = polls().length;
    await sup.disconnect();
    // A poll already on its way may still land (its trip through the worker is slow on a loaded
    // machine, and a fixed 300 ms was not always enough for it); a schedule still running would
    // add at least two more in two and a half intervals.
    await tick(2500);
    expect(polls().length - heard, 'no polling after disconnect').to.be.at.most(1);
  }).timeout(60_000);
});

describe('Amazon Connect: a drop during connect()', () => {
  it('connect() waits through it and resolves live once the backend answers, never reconnecting before the first live', async () => {
    const mocks = createAmazonConnectMocks({ users: 6 });
    worker.resetHandlers(...mocks.backend.handlers);
    worker.use(http.all(`${BASE}/*`, () => HttpResponse.error()));
    const sup = createFloorwalk({ adapter: createAmazonConnectAdapter({ ...mocks.adapterOptions, pollIntervalMs: 1000 }), session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' }, reconnect: fast });
    clients.push(sup);
    const statuses: string[] = [];
    sup.on('status', (s) => statuses.push(s.current));
    let settled = false;
    const connected = sup.connect().finally(() => (settled = true));
    await tick(600);
    expect(settled, 'connect() still waiting').to.equal(false);
    expect(sup.status).to.equal('connecting');
    worker.resetHandlers(...mocks.backend.handlers);
    await connected;
    expect(sup.status).to.equal('live');
    expect(statuses, 'never reconnecting before the first live').not.to.include('reconnecting');
    expect(sup.getAgents().length).to.equal(7);
  }).timeout(20_000);
});

describe('Amazon Connect: a request that never answers', () => {
  it('the backend drops under a PutUserStatus that hangs: after the reconnect the commands behind it still go out, and it is applied once', async () => {
    const { mocks, sup, settled, down, up } = await rig();
    // The request leaves and nothing ever comes back (a dead route: no error, no answer).
    let hung = false;
    worker.use(hangingStatusPut(BASE, () => (hung = true)));
    const first = sup.setAgentPresence('user-2', 'break');
    const second = sup.setAgentPresence('user-3', 'meal');
    for (const p of [first, second]) p.catch(() => {});
    // The drop must come while that request hangs, not before it leaves.
    await until(() => hung, 'the PutUserStatus out');
    down();
    await until(() => sup.status === 'reconnecting', 'the drop');
    up();
    await until(() => sup.status === 'live', 'live again');
    await until(() => settled.length === 2, 'both settled after the reconnect', 10_000);
    expect(settled.map((s) => [s.command.type === 'set-presence' && s.command.agentId, s.outcome])).to.deep.equal([
      ['user-2', 'confirmed'],
      ['user-3', 'confirmed'],
    ]);
    expect(statusPuts(mocks, 'user-2')).to.equal(1);
    expect(statusPuts(mocks, 'user-3')).to.equal(1);
  }).timeout(30_000);
});
