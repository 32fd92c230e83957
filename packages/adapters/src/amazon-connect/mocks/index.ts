/**
 * Test doubles for the Amazon Connect adapter, in Connect's payload shapes: a fake Streams and an
 * msw-backed backend. For tests and demos, not for production.
 *
 * @module @floorwalk/adapters/amazon-connect/mocks
 */
import { systemClock, type Clock } from '@floorwalk/core';
import type { AmazonConnectAdapterOptions } from '../adapter.js';
import { createAmazonConnectHttpBackend } from '../backend.js';
import { createConnectBackendMock, type ConnectBackendMock } from './backend.js';
import { createFakeStreams, type FakeStreams } from './fake-streams.js';

export { createConnectBackendMock } from './backend.js';
export type {
  ConnectBackendMock,
  ConnectBackendMockOptions,
  MockConnectContact,
  MockConnectRequest,
  MockConnectStep,
  MockConnectUser,
} from './backend.js';
export { createFakeStreams } from './fake-streams.js';
export type { FakeAgentStatus, FakeContactInit, FakeContactState, FakeContactType, FakeMonitorMode, FakeStreams, FakeStreamsOptions } from './fake-streams.js';
export type { StreamsCallError } from '../streams.js';

/** Options of {@link createAmazonConnectMocks}. */
export interface AmazonConnectMocksOptions {
  /** Where the mock backend answers. Defaults to `https://connect-backend.mock`. */
  readonly baseUrl?: string;
  /** How many agents the mock instance has. Defaults to 30. */
  readonly users?: number;
  /** The supervisor's own Connect user id, the agent of the fake CCP. Defaults to `sup-1`. */
  readonly selfUserId?: string;
  readonly clock?: Clock;
  /** See {@link ConnectBackendMockOptions.enforceRates}. */
  readonly enforceRates?: boolean;
  /**
   * How far Connect's clock runs ahead of the page's (negative: behind), in ms: the fake CCP and
   * the backend stamp every time on it. See {@link FakeStreamsOptions.skewMs}. Default 0.
   */
  readonly skewMs?: number;
}

/** A fake CCP and a mock backend wired together, and the adapter options that use them. */
export interface AmazonConnectMocks {
  readonly streams: FakeStreams;
  readonly backend: ConnectBackendMock;
  /** Pass to `createAmazonConnectAdapter` (spread, to add your own). */
  readonly adapterOptions: AmazonConnectAdapterOptions;
}

/**
 * A whole mock Amazon Connect for a supervisor: a fake Streams CCP for the supervisor, and a
 * mock backend whose `MonitorContact` puts that CCP on a monitoring connection, as Connect does.
 * Register `backend.handlers` with msw (`setupWorker` in a browser, `setupServer` in Node).
 *
 * @example
 * ```ts
 * import { setupWorker } from 'msw/browser';
 * const mocks = createAmazonConnectMocks({ users: 120 });
 * await setupWorker(...mocks.backend.handlers).start();
 * const adapter = createAmazonConnectAdapter(mocks.adapterOptions);
 * mocks.backend.play([{ afterMs: 2000, kind: 'offer', userId: 'user-3', contactId: 'c-1' }]);
 * ```
 */
export function createAmazonConnectMocks(options: AmazonConnectMocksOptions = {}): AmazonConnectMocks {
  const baseUrl = options.baseUrl ?? 'https://connect-backend.mock';
  const skewMs = options.skewMs ?? 0;
  const page = options.clock ?? systemClock;
  const streams = createFakeStreams({ userId: options.selfUserId ?? 'sup-1', name: 'Supervisor', clock: page, skewMs });
  const backend = createConnectBackendMock({
    baseUrl,
    ...(options.users === undefined ? {} : { users: options.users }),
    clock: skewMs === 0 ? page : { now: () => page.now() + skewMs, setTimeout: (f, ms) => page.setTimeout(f, ms), clearTimeout: (t) => page.clearTimeout(t) },
    ...(options.enforceRates === undefined ? {} : { enforceRates: options.enforceRates }),
    // Without AllowedMonitorCapabilities the supervisor may only listen (barge needs it).
    onMonitor: (request) => streams.startMonitoring(request.ContactId, 'SILENT_MONITOR', request.AllowedMonitorCapabilities ?? ['SILENT_MONITOR']),
  });
  return {
    streams,
    backend,
    adapterOptions: {
      instanceId: backend.instanceId,
      streams: streams.connect,
      backend: createAmazonConnectHttpBackend({ baseUrl, clock: page }),
      teams: backend.teams,
      queues: backend.queues,
      agentStatuses: backend.statuses,
      agentNames: backend.names,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    },
  };
}
