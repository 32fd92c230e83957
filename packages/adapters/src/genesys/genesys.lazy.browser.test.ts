// The queue side (queues.ts) loads with the first connect that watches queues. Here its module's
// request fails (msw's service worker answers it with a network error, as a dropped connection or
// a missing chunk would), in Chromium, on a fresh page where nothing has loaded it yet.
import { expect } from '@open-wc/testing';
import { http, HttpResponse, passthrough } from 'msw';
import { setupWorker } from 'msw/browser';
import { ErrorCode, FloorwalkError, type AdapterSink } from '@floorwalk/core';
import { createGenesysAdapter } from '@floorwalk/adapters/genesys';
import { createGenesysMock } from '@floorwalk/adapters/genesys/mocks';

describe('genesys: the queue side when it fails to load', () => {
  const requested: string[] = [];
  let failing = true;
  const mock = createGenesysMock({ agents: 4 });
  const worker = setupWorker(
    http.get(/\/genesys\/queues\.(?:js|ts)(?:\?|$)/, ({ request }) => {
      requested.push(request.url);
      return failing ? HttpResponse.error() : passthrough();
    }),
    ...mock.handlers,
  );
  const sink = (errors: unknown[] = []): AdapterSink => ({ events: () => undefined, status: () => undefined, error: (e) => void errors.push(e) });

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
});
