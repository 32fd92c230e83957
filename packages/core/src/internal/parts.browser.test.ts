// The core's parts loaded on first need, in Chromium, where their modules' requests fail (msw's
// service worker answers them with a network error, as a dropped connection or a missing chunk
// would) on a page where nothing has loaded them yet: the tests run in order, and each part's
// first loads are the failing ones. A failed load is a retryable LoadFailed, never an unhandled
// rejection; nothing is revealed, sent or lost meanwhile; once the network is back the part
// loads and works. (Node's test/lazy-parts.test.ts covers the same through the importer table.)
import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { http, HttpResponse, passthrough } from 'msw';
import { setupWorker } from 'msw/browser';
import { createFloorwalk, createIndexedDbStorage, ErrorCode, FloorwalkError, type Adapter, type AdapterSink, type CommandEnvelope, type SnapshotEvent } from '@floorwalk/core';

const T0 = Date.UTC(2026, 10, 2, 9);

interface Part {
  readonly requested: string[];
  failing: boolean;
}

const waitFor = (condition: () => boolean, what: string): Promise<void> => waitUntil(condition, `timed out waiting for ${what}`, { timeout: 5000, interval: 10 });

/** Long enough for a rejection nobody handles to be reported by the page. */
const aWhile = (): Promise<void> => aTimeout(200);

function vendor(executed: CommandEnvelope[]): Adapter & { revealCustomerField(): Promise<string> } {
  const snapshot = (): SnapshotEvent => ({
    type: 'snapshot',
    id: `s-${Math.random()}`,
    at: T0,
    source: 'lazy-vendor',
    scope: { kind: 'all' },
    teams: [{ id: 't1', name: 'T', supervisorIds: ['sup-1'] }],
    agents: [{ id: 'a1', name: 'A', teamIds: ['t1'], queueIds: ['q1'], presence: { state: 'available', since: T0 } }],
    interactions: [{ id: 'i1', channel: 'voice', direction: 'inbound', state: 'connected', agentId: 'a1', queueId: 'q1', createdAt: T0, connectedAt: T0, customer: { phone: '+44 7700 900123' } }],
  });
  return {
    id: 'lazy-vendor',
    capabilities: { channels: ['voice'], commands: ['set-presence'], monitoringModes: [] },
    async connect(sink: AdapterSink) {
      sink.status('live');
    },
    async snapshot() {
      return snapshot();
    },
    async execute(command: CommandEnvelope) {
      executed.push(command);
    },
    async disconnect() {},
    async revealCustomerField() {
      return '+44 7700 900123';
    },
  };
}

describe('core: parts loaded on first need when they fail to load', () => {
  const reveal: Part = { requested: [], failing: true };
  const replay: Part = { requested: [], failing: true };
  const route = (path: string, part: Part) =>
    http.get(new RegExp(`/${path}\\.(?:js|ts)(?:\\?|$)`), ({ request }) => {
      part.requested.push(request.url);
      return part.failing ? HttpResponse.error() : passthrough();
    });
  const msw = setupWorker(route('policy/reveal-field', reveal), route('outbox/replay', replay));
  const session = { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] } as const;

  const uncaught: unknown[] = [];
  const onRejection = (e: PromiseRejectionEvent): void => void uncaught.push(e.reason);
  before(async () => {
    window.addEventListener('unhandledrejection', onRejection);
    await msw.start({ quiet: true, onUnhandledRequest: 'bypass' });
  });
  after(() => {
    window.removeEventListener('unhandledrejection', onRejection);
    msw.stop();
  });

  it('reveal: the failed chunk rejects the reveal with a retryable LoadFailed and reveals nothing; once back, it loads and reveals', async () => {
    const client = createFloorwalk({ adapter: vendor([]), session });
    await client.connect();
    let caught: unknown;
    await client.revealCustomerField('i1', 'phone').catch((err: unknown) => (caught = err));
    expect(caught).to.be.instanceOf(FloorwalkError);
    expect((caught as FloorwalkError).code).to.equal(ErrorCode.LoadFailed);
    expect((caught as FloorwalkError).retryable).to.equal(true);
    expect(reveal.requested.length, 'the chunk was asked for').to.be.greaterThan(0);
    expect(client.getAuditLog().filter((e) => e.action === 'customer.reveal')).to.deep.equal([]);

    reveal.failing = false;
    const asked = reveal.requested.length;
    expect(await client.revealCustomerField('i1', 'phone')).to.equal('+44 7700 900123');
    expect(reveal.requested.length, 'asked again').to.be.greaterThan(asked);
    const loaded = reveal.requested.length;
    await client.revealCustomerField('i1', 'phone');
    expect(reveal.requested.length, 'loaded once, then reused').to.equal(loaded);
    await aWhile();
    expect(uncaught).to.deep.equal([]);
    await client.disconnect();
  });

  it('outbox: while the replay chunk fails nothing is sent and the command stays stored; once back it goes out', async () => {
    const executed: CommandEnvelope[] = [];
    const storage = createIndexedDbStorage('floorwalk-lazy-test', 'kv');
    const client = createFloorwalk({ adapter: vendor(executed), session, outbox: { storage }, reconnect: { delays: [100], jitter: 0 } });
    const errors: FloorwalkError[] = [];
    client.on('error', (e) => errors.push(e));
    await client.connect();
    await waitFor(() => errors.some((e) => e.code === ErrorCode.LoadFailed && e.retryable), 'the failed load reported as a retryable LoadFailed');
    let done = false;
    const sent = client.setAgentPresence('a1', 'break').then(() => (done = true));
    await aWhile();
    expect(executed, 'nothing sent').to.deep.equal([]);
    expect(done).to.equal(false);
    expect((await storage.entries()).length, 'the intent is stored').to.equal(1);

    replay.failing = false;
    await sent;
    expect(executed.map((c) => c.type === 'set-presence' && c.state)).to.deep.equal(['break']);
    await waitFor(() => done, 'settled');
    expect(uncaught).to.deep.equal([]);
    await client.disconnect();
  });
});
