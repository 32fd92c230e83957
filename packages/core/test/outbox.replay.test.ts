import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommandEnvelope, FloorwalkEvent, PresenceState } from '@floorwalk/core';
import { kit } from '../src/internal/kit.js';
import { movedOn, use } from '../src/outbox/replay.js';
import { Store } from '../src/store/store.js';
import { centreSnapshot, nextId, T0 } from './fixtures.js';

/*
 * The replay check of intents that waited through a gap (OUT-4), on a store, without a client:
 * which presence changes count as the client's own.
 */

const presence = (agentId: string, state: PresenceState, since: number): FloorwalkEvent => ({
  type: 'presence',
  id: nextId(),
  at: since,
  source: 'fake',
  agentId,
  presence: { state, since },
});
// The replay part is handed the up-front code as it loads; the client does this.
use(kit);

const intent = (key: string, state: PresenceState, issuedAt: number): CommandEnvelope => ({ type: 'set-presence', agentId: 'a1', state, key, issuedBy: 'sup-1', issuedAt });

test('a change made meanwhile by someone else is refused; one the client made itself just before is not', () => {
  const store = new Store();
  store.apply(centreSnapshot(T0));
  const training = intent('k1', 'training', T0 + 10);
  const meeting = intent('k2', 'meeting', T0 + 20);
  assert.equal(movedOn(training, store), null);
  // The platform applied the first after the second was issued.
  store.apply(presence('a1', 'training', T0 + 30));
  assert.equal(movedOn(meeting, store), null, 'the training was this client\'s own');
  // Someone else's change after the second was issued.
  store.apply(presence('a1', 'break', T0 + 40));
  assert.equal(movedOn(intent('k3', 'meeting', T0 + 35), store)?.code, 1004);
});

test("an intent checked again after its send was cut off does not hide the client's change before it", () => {
  const store = new Store();
  store.apply(centreSnapshot(T0));
  const training = intent('k1', 'training', T0 + 10);
  const meeting = intent('k2', 'meeting', T0 + 20);
  // Both let through in one replay; the training's send reached the platform late, the meeting's
  // was cut off by the next drop.
  assert.equal(movedOn(training, store), null);
  assert.equal(movedOn(meeting, store), null);
  store.apply(presence('a1', 'training', T0 + 30));
  // The next link: the meeting is checked again. The training, applied after it was issued, is
  // still the client's own.
  assert.equal(movedOn(meeting, store), null);
});
