// Shared by this folder's tests only; not part of the public entries.
import { http, type HttpHandler } from 'msw';
import type { AdapterSink, FloorwalkError, FloorwalkEvent } from '@floorwalk/core';
import type { ManualClock } from '@floorwalk/core/testing';
import { createAmazonConnectAdapter } from './adapter.js';
import { createAmazonConnectHttpBackend } from './backend.js';

export const START = Date.UTC(2026, 0, 5, 9);
export const BASE = 'https://connect-backend.test/api';

export interface Recorder extends AdapterSink {
  readonly received: FloorwalkEvent[];
  readonly errors: FloorwalkError[];
  readonly statuses: string[];
  /** The reason given with each status, in step with {@link statuses}. */
  readonly reasons: (FloorwalkError | undefined)[];
  /** Events since a mark. */
  since(mark: number): FloorwalkEvent[];
}

export function recorder(): Recorder {
  const r: Recorder = {
    received: [],
    errors: [],
    statuses: [],
    reasons: [],
    since: (mark) => r.received.slice(mark),
    events(batch) {
      r.received.push(...batch);
    },
    status(status, reason) {
      r.statuses.push(status);
      r.reasons.push(reason);
    },
    error(error) {
      r.errors.push(error);
    },
  };
  return r;
}

/**
 * An HTTP backend whose calls are counted, so a test can move the manual clock only while
 * nothing is in flight: request times then equal the times the pacer let them go. A call counts
 * from when the adapter makes it (the backend loads its HTTP client on the first) until its
 * answer is read. Give it the adapter's clock: a Retry-After date is measured on it.
 */
export function trackedBackend(clock?: ManualClock): { backend: ReturnType<typeof createAmazonConnectHttpBackend>; inFlight: () => number } {
  let inFlight = 0;
  const http = createAmazonConnectHttpBackend({ baseUrl: BASE, ...(clock === undefined ? {} : { clock }) });
  const counted =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      inFlight++;
      try {
        return await call(...args);
      } finally {
        inFlight--;
      }
    };
  const backend: ReturnType<typeof createAmazonConnectHttpBackend> = {
    getCurrentUserData: counted(http.getCurrentUserData),
    getCurrentMetricData: counted(http.getCurrentMetricData),
    putUserStatus: counted(http.putUserStatus),
    monitorContact: counted(http.monitorContact),
  };
  return { backend, inFlight: () => inFlight };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Awaits `promise` while moving the manual clock in `stepMs` steps whenever no request is in
 * flight, so pacing timers fire and requests carry exact clock times.
 */
export async function settle<T>(promise: Promise<T>, clock: ManualClock, inFlight: () => number, stepMs = 50): Promise<T> {
  let done = false;
  const watched = promise.finally(() => {
    done = true;
  });
  watched.catch(() => undefined);
  for (let i = 0; i < 200_000 && !done; i++) {
    await turn();
    if (!done && inFlight() === 0) {
      await turn();
      if (!done && inFlight() === 0) clock.advance(stepMs);
    }
  }
  return watched;
}

/**
 * Has a first adapter load its agent event record handling, which loads with the first records
 * pushed, so that the tests after it see records applied as they are pushed (amazon-connect.lazy
 * .test.ts covers the records pushed while it loads). Resolves once that adapter has reported the
 * malformed record it was given, which it can only do with the handling loaded.
 */
export async function loadAgentEventHandling(): Promise<void> {
  const first = createAmazonConnectAdapter({ instanceId: 'warm-up' });
  const sink = recorder();
  await first.connect(sink);
  first.pushAgentEvents([{}]);
  for (let i = 0; i < 1000 && sink.errors.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  await first.disconnect();
  if (sink.errors.length === 0) throw new Error('the agent event record handling did not load');
}

/**
 * The next PutUserStatus to the backend at `base` leaves and is never answered (a dead route: no
 * error, no answer); `onOut` runs once it has reached the backend. For msw's node server and its
 * browser worker alike.
 */
export const hangingStatusPut = (base: string, onOut: () => void): HttpHandler =>
  http.put(
    `${base}/users/:instanceId/:userId/status`,
    () => {
      onOut();
      return new Promise<never>(() => {});
    },
    { once: true },
  );
