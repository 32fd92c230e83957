// The queue side (queues.ts) loads with the first connect that watches queues, and the coaching
// notification handling (notices.ts) with the first coaching notification. Here their modules'
// requests fail (msw's service worker answers it with a network error, as a dropped connection or
// a missing chunk would), in Chromium, on a fresh page where nothing has loaded it yet.
import { expect } from '@open-wc/testing';
import { http, HttpResponse, passthrough } from 'msw';
import { setupWorker } from 'msw/browser';
import { ErrorCode, FloorwalkError, type AdapterSink, type CoachingSession } from '@floorwalk/core';
import { createGenesysAdapter } from '@floorwalk/adapters/genesys';
import { createGenesysMock } from '@floorwalk/adapters/genesys/mocks';

describe('genesys: parts loaded on first need when they fail to load', () => {
  const requested: string[] = [];
  let failing = true;
  const noticeRequests: string[] = [];
  let noticesFailing = true;
  const mock = createGenesysMock({ agents: 4 });
  const worker = setupWorker(
    http.get(/\/genesys\/queues\.(?:js|ts)(?:\?|$)/, ({ request }) => {
      requested.push(request.url);
      return failing ? HttpResponse.error() : passthrough();
    }),
    http.get(/\/genesys\/notices\.(?:js|ts)(?:\?|$)/, ({ request }) => {
      noticeRequests.push(request.url);
      return noticesFailing ? HttpResponse.error() : passthrough();
    }),
    ...mock.handlers,
  );
  const sink = (errors: unknown[] = []): AdapterSink => ({ events: () => undefined, status: () => undefined, error: (e) => void errors.push(e) });

  const until = async (condition: () => boolean, what: string, ms = 5000): Promise<void> => {
    const end = performance.now() + ms;
    while (!condition()) {
      if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  before(async () => {
    await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
  });
  after(() => worker.stop());

  it('is not loaded without watched queues; with them connect() rejects typed, and the next connect loads it', async () => {
    const options = mock.adapterOptions();
    const agentsOnly = createGenesysAdapter({ ...options, watch: { userIds: [...mock.directory.agentIds] } });
    await agentsOnly.connect(sink());
    expect((await agentsOnly.snapshot()).queues).to.deep.equal([]);
    expect(requested, 'no queues watched: the queue side is never asked for').to.deep.equal([]);
    await agentsOnly.disconnect();

    const adapter = createGenesysAdapter(options);
    let caught: unknown;
    await adapter.connect(sink()).catch((err: unknown) => (caught = err));
    expect(requested.length, 'the module was asked for').to.be.greaterThan(0);
    expect(caught).to.be.instanceOf(FloorwalkError);
    expect((caught as FloorwalkError).code).to.equal(ErrorCode.NotConnected);
    expect((caught as FloorwalkError).message).to.contain('queue side');
    expect(adapter.channelIds, 'no channel opened').to.deep.equal([]);

    const asked = requested.length;
    failing = false;
    const errors: unknown[] = [];
    await adapter.connect(sink(errors));
    expect(requested.length, 'asked for again').to.be.greaterThan(asked);
    expect(adapter.channelIds.length).to.be.greaterThan(0);
    const snapshot = await adapter.snapshot();
    expect(snapshot.queues?.map((q) => q.id)).to.deep.equal(options.watch.queueIds);
    expect(errors).to.deep.equal([]);
    await adapter.disconnect();
  });

  it('a coaching notification whose handling fails to load: a typed error, then the next one loads it and both apply', async () => {
    const adapter = createGenesysAdapter(mock.adapterOptions());
    const errors: unknown[] = [];
    const sessions: CoachingSession[] = [];
    await adapter.connect({ events: (batch) => batch.forEach((e) => e.type === 'coaching-session' && sessions.push(e.session)), status: () => undefined, error: (e) => void errors.push(e) });
    const agent = mock.directory.agentIds[0] as string;
    const [first] = mock.play([{ type: 'appointment', name: 'First', attendeeIds: [agent], dateStart: Date.now() + 3_600_000, lengthInMinutes: 15 }]);
    await until(() => errors.length > 0, 'the failed load reported');
    expect(noticeRequests.length, 'the module was asked for').to.be.greaterThan(0);
    expect(errors[0]).to.be.instanceOf(FloorwalkError);
    expect((errors[0] as FloorwalkError).code).to.equal(ErrorCode.NotConnected);
    expect((errors[0] as FloorwalkError).message).to.contain('coaching notification handling');
    expect(sessions).to.deep.equal([]);

    const asked = noticeRequests.length;
    noticesFailing = false;
    const [second] = mock.play([{ type: 'appointment', name: 'Second', attendeeIds: [agent], dateStart: Date.now() + 7_200_000, lengthInMinutes: 15 }]);
    await until(() => sessions.length >= 2, 'both appointments read');
    expect(noticeRequests.length, 'asked for again').to.be.greaterThan(asked);
    // Each notification's appointment is read with a GET of its own (reads of one id in turn, of
    // two ids side by side), so which of two appointments is reported first is the order their
    // answers came back, not the notifications': sorted (one CI run had Second first).
    expect(sessions.map((s) => [s.id, s.topic, s.state]).sort((a, b) => String(a[1]).localeCompare(String(b[1])))).to.deep.equal([
      [first, 'First', 'scheduled'],
      [second, 'Second', 'scheduled'],
    ]);
    expect(errors, 'only the failed load').to.have.length(1);

    // Loaded: a status change of a held appointment applies from its notification alone.
    mock.play([{ type: 'appointment-status', appointmentId: first as string, status: 'Completed' }]);
    await until(() => sessions.length >= 3, 'the status change');
    expect(sessions.at(-1)?.state).to.equal('done');
    await adapter.disconnect();
  });
});
