// A page on the Genesys adapter, its traffic answered by the Genesys mock over msw in the page: the
// element tests that aim the mock's throttle at one command's request, or drop its network, share it.
import { createFloorwalk, type Floorwalk, type FloorwalkOptions } from '@floorwalk/core';
import { createGenesysAdapter } from '@floorwalk/adapters/genesys';
import { createGenesysMock, type GenesysMock } from '@floorwalk/adapters/genesys/mocks';
import { setupWorker, type SetupWorker } from 'msw/browser';

/** What {@link genesysPage} gives a test file. */
export interface GenesysPage {
  /** The file's msw worker, serving each test's mock (`worker.use` to break the network). */
  readonly worker: SetupWorker;
  /**
   * A fresh mock (`agents`, 3 by default) served by the worker, and a client made with what
   * `options` returns for it (the adapter, the session...), connected; `listen` is handed the
   * client before it connects. Disconnected after the test.
   */
  open(options: (mock: GenesysMock) => FloorwalkOptions, extra?: { agents?: number; listen?: (c: Floorwalk) => void }): Promise<{ mock: GenesysMock; c: Floorwalk }>;
}

/** Starts msw for the calling file's tests and disconnects each test's client after it. */
export function genesysPage(): GenesysPage {
  const worker = setupWorker();
  let client: Floorwalk | undefined;
  before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
  after(() => worker.stop());
  afterEach(async () => {
    await client?.disconnect();
    client = undefined;
  });
  return {
    worker,
    async open(options, { agents = 3, listen } = {}) {
      const mock = createGenesysMock({ agents });
      worker.resetHandlers(...mock.handlers);
      const c = (client = createFloorwalk(options(mock)));
      listen?.(c);
      await c.connect();
      return { mock, c };
    },
  };
}

/**
 * {@link genesysPage} for a supervisor: the function returned makes a fresh mock (3 agents) and a
 * connected client signed in as its supervisor, watching every team.
 */
export function genesysSupervisor(): () => Promise<{ mock: GenesysMock; c: Floorwalk }> {
  const page = genesysPage();
  return () =>
    page.open((mock) => {
      const options = mock.adapterOptions();
      return { adapter: createGenesysAdapter(options), session: { userId: mock.directory.supervisorId, role: 'supervisor', teamIds: options.watch.teamIds } };
    });
}
