// Two clients in one page on the outbox (OUT-5), in Chromium with real Web Locks and IndexedDB:
// what a disconnected client left stored goes to the next client that connects (a React
// StrictMode remount, a route change, a user switch), once, and never while its holder is live.
import { expect, waitUntil } from '@open-wc/testing';
import { ErrorCode, createFloorwalk, createIndexedDbStorage, type Adapter, type CommandEnvelope, type Floorwalk, type IntentSettled, type SnapshotEvent } from '@floorwalk/core';

const T0 = Date.UTC(2026, 10, 2, 9);
type Sink = Parameters<Adapter['connect']>[0];

/** A vendor that records each send; while `hang` is set, it never answers one (the link died under it). */
function vendor() {
  const adapter = {
    id: 'handover-vendor',
    capabilities: { channels: ['voice'], commands: ['set-presence'], monitoringModes: [] },
    sink: null as Sink | null,
    executed: [] as CommandEnvelope[],
    hang: false,
    async connect(sink: Sink) {
      adapter.sink = sink;
      sink.status('live');
    },
    async snapshot(): Promise<SnapshotEvent> {
      return {
        type: 'snapshot',
        id: `s-${Math.random()}`,
        at: T0,
        source: 'handover-vendor',
        scope: { kind: 'all' },
        teams: [{ id: 't1', name: 'T', supervisorIds: [] }],
        agents: [{ id: 'a1', name: 'A', teamIds: ['t1'], queueIds: [], presence: { state: 'available', since: T0 } }],
        interactions: [],
      };
    },
    execute(command: CommandEnvelope): Promise<void> {
      adapter.executed.push(command);
      return adapter.hang ? new Promise<void>(() => {}) : Promise.resolve();
    },
    async disconnect() {
      adapter.sink = null;
    },
  };
  return adapter;
}

/** A client of `userId` on the page's IndexedDB outbox, with its vendor and the intents it settled. */
function client(userId: string) {
  const adapter = vendor();
  const c = createFloorwalk({ adapter: adapter as unknown as Adapter, session: { userId, role: 'admin', teamIds: 'all' }, outbox: { storage: createIndexedDbStorage() } });
  const settled: string[] = [];
  c.on('intent', (s: IntentSettled) => settled.push(`${s.command.type === 'set-presence' ? s.command.state : ''}:${s.outcome}:${s.restored}`));
  return { c, adapter, settled };
}

const states = (sent: readonly CommandEnvelope[]): string[] => sent.map((s) => (s.type === 'set-presence' ? s.state : s.type));
/** This user's intents on disk, read as another client would. */
const stored = async (userId: string): Promise<string[]> =>
  (await createIndexedDbStorage().entries()).filter(([key]) => key.includes(`/${userId}/`)).map(([, v]) => (v as { command: { state: string } }).command.state);
/** Issues `state` and waits until the vendor has it: restored intents go first, so any the client would replay went before. */
async function sendsThrough(f: { c: Floorwalk; adapter: { executed: CommandEnvelope[] } }, state: 'training' | 'busy' | 'meeting'): Promise<void> {
  await f.c.setAgentPresence('a1', state);
  expect(states(f.adapter.executed)).to.include(state);
}

describe('outbox: a client disconnected in a page hands what it kept to the next client', () => {
  it('a send out when A disconnects is replayed once by B in the same page; A, connected again, does not send it again', async () => {
    const userId = `sup-${Math.random()}`;
    const a = client(userId);
    await a.c.connect();
    // The link dies under the send: the vendor never answers, and the adapter reports the drop.
    a.adapter.hang = true;
    void a.c.setAgentPresence('a1', 'break').catch(() => {});
    await waitUntil(() => a.adapter.executed.length === 1, 'the send is out');
    a.adapter.sink!.status('offline');
    const queued = a.c.setAgentPresence('a1', 'meal').catch((e: unknown) => e);
    await waitUntil(async () => (await stored(userId)).length === 2, 'both intents stored', { timeout: 10_000 });
    await a.c.disconnect();
    // One never sent is cancelled by disconnect() (as documented); the one out is kept, as its outcome is unknown.
    expect(((await queued) as { code: number }).code).to.equal(ErrorCode.Cancelled);
    await waitUntil(async () => (await stored(userId)).join() === 'break', 'only the kept intent left', { timeout: 10_000 });

    const b = client(userId);
    await b.c.connect();
    // Before, A held its lock for the page's life: B looked every 2 s and never replayed it.
    await waitUntil(() => b.settled.length === 1, 'B replays what A kept', { timeout: 15_000 });
    expect(states(b.adapter.executed)).to.deep.equal(['break']);
    expect(b.settled).to.deep.equal(['break:confirmed:true']);
    await waitUntil(async () => (await stored(userId)).length === 0, 'forgotten once confirmed', { timeout: 10_000 });

    // A comes back (StrictMode's second mount on the same client): what B sent is not sent again.
    a.adapter.hang = false;
    await a.c.connect();
    await sendsThrough(a, 'training');
    expect(states(a.adapter.executed)).to.deep.equal(['break', 'training']);
    expect(states(b.adapter.executed)).to.deep.equal(['break']);
    expect(a.c.getPendingIntents()).to.deep.equal([]);
    await a.c.disconnect();
    await b.c.disconnect();
  }).timeout(45_000);

  it("while A is connected, B leaves A's intents alone; A sends them itself", async () => {
    const userId = `sup-${Math.random()}`;
    const a = client(userId);
    await a.c.connect();
    a.adapter.sink!.status('offline');
    const waiting = a.c.setAgentPresence('a1', 'break');
    await waitUntil(async () => (await stored(userId)).length === 1, 'stored', { timeout: 10_000 });
    const b = client(userId);
    await b.c.connect();
    await sendsThrough(b, 'busy');
    expect(states(b.adapter.executed), "A's intent is A's while A is connected").to.deep.equal(['busy']);
    a.adapter.sink!.status('live');
    await waiting;
    expect(states(a.adapter.executed)).to.deep.equal(['break']);
    expect(a.settled).to.deep.equal(['break:confirmed:false']);
    await a.c.disconnect();
    await b.c.disconnect();
  }).timeout(45_000);

  it('A disconnects mid-drain and connects again at once while B connects: what A kept goes exactly once', async () => {
    const userId = `sup-${Math.random()}`;
    const a = client(userId);
    await a.c.connect();
    a.adapter.hang = true;
    const kept = a.c.setAgentPresence('a1', 'break');
    await waitUntil(() => a.adapter.executed.length === 1, 'the send is out');
    void a.c.disconnect();
    a.adapter.hang = false;
    const b = client(userId);
    await Promise.all([a.c.connect(), b.c.connect()]);
    await waitUntil(() => a.settled.length + b.settled.length === 1, 'one of them replays it', { timeout: 15_000 });
    // Each sends one of its own after: anything either would still replay goes before it.
    await sendsThrough(a, 'training');
    await sendsThrough(b, 'meeting');
    const breaks = [...a.adapter.executed.slice(1), ...b.adapter.executed].filter((s) => s.type === 'set-presence' && s.state === 'break');
    expect(breaks, 'sent again exactly once, with its key').to.have.length(1);
    expect(breaks[0]!.key).to.equal(a.adapter.executed[0]!.key);
    // A's caller hears the outcome where A is the one that sent it.
    if (a.settled.includes('break:confirmed:false')) await kept;
    await waitUntil(async () => (await stored(userId)).length === 0, 'nothing left stored', { timeout: 10_000 });
    await a.c.disconnect();
    await b.c.disconnect();
  }).timeout(45_000);
});
