// The agent event record handling loads with the first records a page pushes. Here its module's
// request fails (msw's service worker answers it with a network error, as a dropped connection
// or a missing chunk would), in Chromium, on a fresh page where nothing has loaded it yet.
import { expect } from '@open-wc/testing';
import { http, HttpResponse, passthrough } from 'msw';
import { setupWorker } from 'msw/browser';
import { ErrorCode, FloorwalkError, type FloorwalkEvent } from '@floorwalk/core';
import { createAmazonConnectAdapter } from '@floorwalk/adapters/amazon-connect';
import { createConnectBackendMock } from '@floorwalk/adapters/amazon-connect/mocks';

const waitFor = async (condition: () => boolean, ms: number, what: string): Promise<void> => {
  const until = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > until) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('amazon-connect: agent event records when their handling fails to load', () => {
  const requested: string[] = [];
  let failing = true;
  const worker = setupWorker(
    http.get(/\/amazon-connect\/aes\.(?:js|ts)(?:\?|$)/, ({ request }) => {
      requested.push(request.url);
      return failing ? HttpResponse.error() : passthrough();
    }),
  );

  before(async () => {
    await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
  });
  after(() => worker.stop());

  it('reports a typed error, applies nothing, and tries the load again with the next records, applying the held ones first', async () => {
    const mock = createConnectBackendMock({ baseUrl: '/connect-unused', users: 3 });
    const adapter = createAmazonConnectAdapter({ instanceId: mock.instanceId, agentStatuses: mock.statuses, agentNames: mock.names });
    const received: FloorwalkEvent[] = [];
    const errors: unknown[] = [];
    await adapter.connect({ events: (batch) => received.push(...batch), status: () => undefined, error: (e) => errors.push(e) });

    adapter.pushAgentEvents([mock.agentEvent('user-1', 'LOGIN')]);
    await waitFor(() => errors.length > 0, 5000, 'the failed load reported');
    expect(requested.length, 'the module was asked for').to.be.greaterThan(0);
    const error = errors[0];
    expect(error).to.be.instanceOf(FloorwalkError);
    expect((error as FloorwalkError).code).to.equal(ErrorCode.NotConnected);
    expect((error as FloorwalkError).message).to.contain('agent event record handling');
    expect(received, 'nothing applied').to.deep.equal([]);
    expect((await adapter.snapshot()).agents).to.deep.equal([]);

    // The next records try the load again; now it loads, and the records held from the failed
    // attempt apply first, then the new ones, as if both had been pushed with it loaded.
    const asked = requested.length;
    failing = false;
    adapter.pushAgentEvents([mock.agentEvent('user-2', 'LOGIN')]);
    await waitFor(() => received.length >= 2, 5000, 'the records applied');
    expect(requested.length, 'a second request for the module').to.be.greaterThan(asked);
    expect(received.map((e) => (e.type === 'agent' ? e.agent.id : e.type))).to.deep.equal(['user-1', 'user-2']);
    expect((await adapter.snapshot()).agents?.map((a) => [a.id, a.name, a.presence.state])).to.deep.equal([
      ['user-1', mock.names['user-1'], 'available'],
      ['user-2', mock.names['user-2'], 'available'],
    ]);
    expect(errors, 'only the failed load was reported').to.have.length(1);

    // Loaded: records apply as they are pushed.
    adapter.pushAgentEvents([mock.agentEvent('user-3', 'LOGIN')]);
    expect(received.map((e) => (e.type === 'agent' ? e.agent.id : e.type))).to.deep.equal(['user-1', 'user-2', 'user-3']);
    await adapter.disconnect();
  });
});
