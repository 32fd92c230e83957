// The memory backplane across instances in Chromium: two instances of one name talk over a real
// BroadcastChannel, one elected by a Web Lock judges every write, and two clients, each on its own
// instance, share help requests and chat as if they were in two tabs.
import { expect, waitUntil as waitUntilWithin } from '@open-wc/testing';

// @open-wc's default limit of 1 s is a duration, not a condition: a loaded CI machine can take
// longer to deliver across instances or render, and a test failed for it says nothing.
const waitUntil = (predicate: () => unknown, message: string, options: { timeout?: number } = {}): Promise<void> =>
  waitUntilWithin(predicate, message, { timeout: 5000, ...options });
import { createFloorwalk, ErrorCode, type Adapter, type AdapterSink, type Floorwalk, type FloorwalkError, type SnapshotEvent } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane, type Backplane } from '@floorwalk/core/backplane';

const T0 = Date.now();

/** A platform with presence only, as most vendors are for collaboration. */
function vendor(): Adapter {
  let sink: AdapterSink | null = null;
  const snapshot: SnapshotEvent = {
    type: 'snapshot',
    id: `s-${Math.random()}`,
    at: T0,
    source: 'tabs-vendor',
    scope: { kind: 'all' },
    teams: [{ id: 't1', name: 'Team 1', supervisorIds: ['sup-1'] }],
    agents: [{ id: 'a1', name: 'Ada', teamIds: ['t1'], queueIds: [], presence: { state: 'available', since: T0 } }],
    interactions: [],
  };
  return {
    id: 'tabs-vendor',
    capabilities: { channels: ['voice'], commands: ['set-presence'], monitoringModes: [] },
    async connect(s) {
      sink = s;
      s.status('live');
    },
    snapshot: async () => ({ ...snapshot, id: `s-${Math.random()}` }),
    execute: async () => {},
    async disconnect() {
      sink = null;
      void sink;
    },
  };
}

const opened: { close(): void }[] = [];
const clients: Floorwalk[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect();
  for (const b of opened.splice(0)) b.close();
});

function pair(): [Backplane, Backplane, string] {
  const name = `fw-test-${Math.random().toString(36).slice(2)}`;
  const a = createMemoryBackplane({ name });
  const b = createMemoryBackplane({ name });
  opened.push(a, b);
  return [a, b, name];
}

it('two instances of one name share records, logs and channel messages over BroadcastChannel', async () => {
  const [a, b] = pair();
  const heard: string[] = [];
  b.subscribe<string>('typing', (m) => heard.push(m.message));
  await a.put({ key: 'k', value: { n: 1 }, author: 'sup-1', at: T0, expectedVersion: 0 });
  await b.append({ log: 'chat', id: 'm1', value: 'hello', author: 'a1', at: T0 });
  await a.publish('typing', 'a1 is typing', 'a1');
  await waitUntil(async () => (await b.get('k')) !== undefined && (await a.read('chat')).length === 1 && heard.length === 1, 'shared');
  expect((await b.get<{ n: number }>('k'))?.value.n).to.equal(1);
  expect((await a.read<string>('chat'))[0]?.author).to.equal('a1');
});

it('a compare-and-set from two instances at once has one winner, judged by the leader', async () => {
  const [a, b] = pair();
  await a.put({ key: 'help/1', value: 'open', author: 'a1', at: T0, expectedVersion: 0 });
  await waitUntil(async () => (await b.get('help/1')) !== undefined, 'b sees the record');
  const results = await Promise.allSettled([
    a.put({ key: 'help/1', value: 'taken by sup-1', author: 'sup-1', at: T0 + 1, expectedVersion: 1 }),
    b.put({ key: 'help/1', value: 'taken by sup-2', author: 'sup-2', at: T0 + 1, expectedVersion: 1 }),
  ]);
  expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
  const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  expect((lost.reason as FloorwalkError).code).to.equal(ErrorCode.Conflict);
  const winner = (await a.get<string>('help/1'))?.value;
  await waitUntil(async () => (await b.get<string>('help/1'))?.value === winner, 'both hold the winner');
});

it('an agent and a supervisor in one page, each on their own instance, share a raised hand and a chat', async () => {
  const [a, b] = pair();
  const agent = createFloorwalk({ adapter: withBackplane(vendor(), a), session: { userId: 'a1', role: 'agent', teamIds: ['t1'] } });
  const sup = createFloorwalk({ adapter: withBackplane(vendor(), b), session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' } });
  clients.push(agent, sup);
  await Promise.all([agent.connect(), sup.connect()]);
  await agent.raiseHand('Customer asks for a manager');
  await waitUntil(() => sup.getHelpRequests({ open: true }).length === 1, 'the supervisor sees the hand');
  expect(sup.getHelpRequests()[0]?.assignedTo).to.equal('sup-1');
  await sup.acknowledgeHelp(sup.getHelpRequests()[0]?.id as string);
  await waitUntil(() => agent.getHelpRequests()[0]?.acknowledgedBy === 'sup-1', 'the agent sees who took it');
  await sup.sendMessage('dm:a1:sup-1', 'On my way');
  await waitUntil(() => agent.getUnreadCount('dm:a1:sup-1') === 1, 'unread at the agent');
  await waitUntil(() => sup.getMessages('dm:a1:sup-1')[0]?.delivery === 'delivered', 'delivered');
  await agent.markRead('dm:a1:sup-1');
  await waitUntil(() => sup.getMessages('dm:a1:sup-1')[0]?.delivery === 'read', 'read');
});

it('a coaching session moved and then declined over BroadcastChannel: the agent sees each change, and may decline but not move it', async () => {
  const [a, b] = pair();
  const agent = createFloorwalk({ adapter: withBackplane(vendor(), a), session: { userId: 'a1', role: 'agent', teamIds: ['t1'] } });
  const sup = createFloorwalk({ adapter: withBackplane(vendor(), b), session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' } });
  clients.push(agent, sup);
  await Promise.all([agent.connect(), sup.connect()]);
  const at = Date.now() + 3_600_000;
  await sup.scheduleCoachingSession('a1', 'Hold times', at, 1_800_000);
  await waitUntil(() => agent.getCoachingSessions().length === 1, 'the agent sees the session');
  const id = agent.getCoachingSessions()[0]?.id as string;
  await sup.rescheduleCoachingSession(id, at + 3_600_000);
  await waitUntil(() => agent.getCoachingSessions()[0]?.at === at + 3_600_000, 'the agent sees the new time');
  const moved = await agent.rescheduleCoachingSession(id, at).then(() => null, (err: FloorwalkError) => err.code);
  expect(moved).to.equal(ErrorCode.Forbidden);
  await agent.cancelCoachingSession(id);
  await waitUntil(() => sup.getCoachingSessions()[0]?.state === 'cancelled', 'the supervisor sees it declined');
  const again = await sup.cancelCoachingSession(id).then(() => null, (err: FloorwalkError) => err.code);
  expect(again).to.equal(ErrorCode.Conflict);
});

it('when the leading instance closes, another takes the lead with every change so far, and a newcomer syncs from it', async () => {
  const [a, b, name] = pair();
  // `a` asked for the lock first, so it leads; `b` mirrors it.
  await a.put({ key: 'check-in/1', value: 'proposed', author: 'sup-1', at: T0, expectedVersion: 0 });
  await b.append({ log: 'audit', id: 'x1', value: 'proposed', author: 'sup-1', at: T0 });
  await waitUntil(async () => (await b.get('check-in/1')) !== undefined, 'b mirrors the record');
  a.close();
  // `b` now judges writes itself: a stale write is refused, a fresh one lands.
  let refused: FloorwalkError | undefined;
  await b.put({ key: 'check-in/1', value: 'again', author: 'sup-2', at: T0 + 1, expectedVersion: 0 }).catch((e: FloorwalkError) => (refused = e));
  expect(refused?.code).to.equal(ErrorCode.Conflict);
  const next = await b.put({ key: 'check-in/1', value: 'accepted', author: 'a1', at: T0 + 2, expectedVersion: 1 });
  expect(next.version).to.equal(2);
  // A tab opened now gets the state from the new leader.
  const c = createMemoryBackplane({ name });
  opened.push(c);
  expect((await c.get<string>('check-in/1'))?.value).to.equal('accepted');
  expect((await c.read('audit')).map((e) => e.id)).to.deep.equal(['x1']);
});

it('a delete from a mirroring instance is judged by the leader at the version named and reaches every instance', async () => {
  const [a, b] = pair();
  const heard: string[] = [];
  a.watch((c) => c.kind === 'deleted' && heard.push(`${c.key}@${c.version}`));
  await a.put({ key: 'lease/s1', value: { endedAt: T0 }, author: 'sup-1', at: T0, expectedVersion: 0 });
  await waitUntil(async () => (await b.get('lease/s1')) !== undefined, 'b mirrors the record');
  let refused: FloorwalkError | undefined;
  await b.delete('lease/s1', 2).catch((e: FloorwalkError) => (refused = e));
  expect(refused?.code).to.equal(ErrorCode.Conflict);
  await b.delete('lease/s1', 1);
  await waitUntil(async () => (await a.get('lease/s1')) === undefined && (await b.list('lease/')).length === 0, 'gone from both');
  await waitUntil(() => heard.length === 1, 'the leader heard it');
  expect(heard).to.deep.equal(['lease/s1@1']);
});
