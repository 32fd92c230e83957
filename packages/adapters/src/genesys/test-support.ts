// Shared by this folder's node tests only; not part of the public entries.
import assert from 'node:assert/strict';
import { FloorwalkError, type AdapterSink, type ErrorCodeValue, type FloorwalkEvent } from '@floorwalk/core';

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
export { until } from '../../../core/test/fixtures.js';

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
