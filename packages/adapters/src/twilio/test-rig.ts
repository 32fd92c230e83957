// Shared by the node tests of this folder: a recording sink and small helpers. Not exported.
import assert from 'node:assert/strict';
import { FloorwalkError, type AdapterSink, type Command, type CommandEnvelope, type ErrorCodeValue, type FloorwalkEvent } from '@floorwalk/core';

export const START = Date.UTC(2026, 10, 28, 9);
export const BACKEND = 'https://backend.example/floorwalk';

export interface Recorder extends AdapterSink {
  readonly received: FloorwalkEvent[];
  readonly errors: FloorwalkError[];
  readonly statuses: string[];
  /** The reason given with each status, in step with `statuses`. */
  readonly reasons: (FloorwalkError | undefined)[];
  since(count: number): FloorwalkEvent[];
}

export function recorder(): Recorder {
  const r: Recorder = {
    received: [],
    errors: [],
    statuses: [],
    reasons: [],
    since: (count) => r.received.slice(count),
    events(batch) {
      for (const e of batch) r.received.push(e);
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

let keys = 0;
export function envelope(command: Command, issuedBy = 'WKsupervisor', key = `k-${++keys}`): CommandEnvelope {
  return { ...command, key, issuedBy, issuedAt: START };
}

export async function rejectsWith(promise: Promise<unknown>, code: ErrorCodeValue): Promise<FloorwalkError> {
  let caught: FloorwalkError | undefined;
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof FloorwalkError, `expected a FloorwalkError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    caught = err;
    return true;
  });
  return caught as FloorwalkError;
}

/** Lets promise chains (Sync opens, fetches) settle. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

export const ofType = <T extends FloorwalkEvent['type']>(events: readonly FloorwalkEvent[], type: T): Extract<FloorwalkEvent, { type: T }>[] =>
  events.filter((e): e is Extract<FloorwalkEvent, { type: T }> => e.type === type);
