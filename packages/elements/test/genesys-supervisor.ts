// A supervisor's page on the Genesys adapter, its traffic answered by the Genesys mock over msw in
// the page: the element tests that aim the mock's throttle at one command's request share it.
import { createFloorwalk, type Floorwalk } from '@floorwalk/core';
import { createGenesysAdapter } from '@floorwalk/adapters/genesys';
import { createGenesysMock, type GenesysMock } from '@floorwalk/adapters/genesys/mocks';
import { setupWorker } from 'msw/browser';

/**
 * Starts msw for the calling file's tests and disconnects each test's client after it. The function
 * returned makes a fresh mock (3 agents) and a connected client signed in as its supervisor,
 * watching every team.
 */
export function genesysSupervisor(): () => Promise<{ mock: GenesysMock; c: Floorwalk }> {
  const worker = setupWorker();
  let client: Floorwalk | undefined;
  before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
  after(() => worker.stop());
  afterEach(async () => {
    await client?.disconnect();
    client = undefined;
  });
  return async () => {
    const mock = createGenesysMock({ agents: 3 });
    worker.resetHandlers(...mock.handlers);
    const options = mock.adapterOptions();
    const c = (client = createFloorwalk({ adapter: createGenesysAdapter(options), session: { userId: mock.directory.supervisorId, role: 'supervisor', teamIds: options.watch.teamIds } }));
    await c.connect();
    return { mock, c };
  };
}
