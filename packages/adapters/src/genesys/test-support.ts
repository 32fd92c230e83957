// Shared by this folder's node tests only; not part of the public entries.
import assert from 'node:assert/strict';
import { FloorwalkError, type AdapterSink, type ErrorCodeValue, type FloorwalkEvent } from '@floorwalk/core';
import type { GenesysSocketConstructor } from './channel.js';
import { deliveryBarrier } from './delivered.support.js';
import type { GenesysMock } from './mocks/index.js';
import { until } from '../../../core/test/fixtures.js';

/** A sink that keeps what the adapter gave it. */
export interface Recorder extends AdapterSink {
  readonly received: FloorwalkEvent[];
  readonly errors: FloorwalkError[];
  readonly statuses: string[];
}

export function recorder(): Recorder {
  const r: Recorder = {
    received: [],
    errors: [],
    statuses: [],
    events: (batch) => void r.received.push(...batch),
    status: (s) => void r.statuses.push(s),
    error: (e) => void r.errors.push(e),
  };
  return r;
}

export const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// Socket frames and fetches settle asynchronously: the core tests' real-time wait serves here too.
export { until };

export interface Delivery {
  /** For the adapter's `WebSocket` option: the barrier sees only the sockets made through it. */
  readonly WebSocket: GenesysSocketConstructor;
  /**
   * Waits until every frame the mock has sent so far has been read by the adapter (a heartbeat sent
   * now has reached every open socket), rather than for a time long enough for it to on this machine.
   */
  delivered(): Promise<void>;
  /** Every text frame the adapter's sockets have been handed, in order. */
  readonly frames: readonly string[];
}

export function delivery(mock: GenesysMock): Delivery {
  const barrier = deliveryBarrier(mock);
  const frames: string[] = [];
  // Listening before the adapter's onmessage is set: a frame logged here is read in the same dispatch.
  const WebSocket = function LoggedSocket(url: string) {
    const s = new barrier.Socket(url) as unknown as WebSocket;
    s.addEventListener('message', (e) => void (typeof e.data === 'string' && frames.push(e.data)));
    return s;
  } as unknown as GenesysSocketConstructor;
  return { WebSocket, frames, delivered: () => until(barrier.sent(), 'the frames sent so far to reach the adapter') };
}

/** Asserts `promise` rejects with a FloorwalkError of `code`, and returns that error. */
export async function rejectsWith(promise: Promise<unknown>, code: ErrorCodeValue): Promise<FloorwalkError> {
  let caught: unknown;
  await assert.rejects(promise, (err: unknown) => {
    caught = err;
    assert.ok(err instanceof FloorwalkError, `expected a FloorwalkError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
  return caught as FloorwalkError;
}
