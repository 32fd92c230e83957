import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FloorwalkEvent, Interaction } from '@floorwalk/core';
import { CHANGED_RECORDS, RecordChange, type InteractionRecord } from '../src/store/interactions.js';
import { Store } from '../src/store/store.js';
import { call, centreSnapshot, nextId, T0 } from './fixtures.js';

/*
 * The records a batch lists for the core's own readers (the metrics): those whose change starts
 * or ends someone's part, or moves the interaction to another queue, each once.
 */

const update = (i: Interaction, at: number): FloorwalkEvent => ({ type: 'interaction', id: nextId(), at, source: 'fake', interaction: i });
const listed = (store: Store): string[] =>
  (store.takeChange() as unknown as { [CHANGED_RECORDS]: InteractionRecord[] })[CHANGED_RECORDS].map(
    (r) => `${r.id}${(r.changes & RecordChange.Queue) !== 0 ? ' queue' : ''}`,
  );

test('a waiting interaction moved to another queue is listed with the queue change; an update that moves nothing is not', () => {
  const store = new Store();
  store.apply(centreSnapshot(T0));
  store.takeChange();
  store.apply(update(call('i9', undefined, 'queued'), T0 + 1));
  assert.deepEqual(listed(store), ['i9 queue'], 'new: listed');
  // A flow moves the waiting call on, with no agent yet: nobody's part starts or ends.
  store.apply(update(call('i9', undefined, 'queued', { queueId: 'q2' }), T0 + 2));
  assert.deepEqual(listed(store), ['i9 queue'], 'moved to q2: listed, for the queue');
  store.apply(update(call('i9', undefined, 'queued', { queueId: 'q2', customer: { name: 'Jane Q. Doe' } }), T0 + 3));
  assert.deepEqual(listed(store), [], 'same queue: not listed');
  // Moved and moved back in one batch: listed once.
  store.apply(update(call('i9', undefined, 'queued', { queueId: 'q1' }), T0 + 4));
  store.apply(update(call('i9', undefined, 'queued', { queueId: 'q2' }), T0 + 5));
  assert.deepEqual(listed(store), ['i9 queue']);
});
