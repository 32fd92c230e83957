import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeenIds } from '../src/store/seen.js';

/** The window as a plain Set and ring: what SeenIds must answer, id for id. */
function reference(window: number): (id: string) => boolean {
  const held = new Set<string>();
  const ring: (string | undefined)[] = new Array(window);
  let head = 0;
  return (id) => {
    if (held.has(id)) return true;
    const evicted = ring[head];
    if (evicted !== undefined) held.delete(evicted);
    ring[head] = id;
    held.add(id);
    head = (head + 1) % window;
    return false;
  };
}

test('the de-duplication window answers as a set and ring would, through evictions and probe collisions', () => {
  let seed = 12345;
  const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 0) / 2 ** 32;
  for (const window of [1, 2, 3, 7, 64, 1000]) {
    const seen = new SeenIds(window);
    const want = reference(window);
    let duplicates = 0;
    for (let n = 0; n < 50_000; n++) {
      // Ids drawn from three windows' worth, so some repeat inside the window and some after it.
      const id = `ev-${Math.floor(random() * window * 3)}`;
      const expected = want(id);
      if (expected) duplicates++;
      assert.equal(seen.seenOrAdd(id), expected, `window ${window}, event ${n}, id ${id}`);
    }
    assert.ok(duplicates > 0, `window ${window} saw no duplicates`);
  }
});

test('an id is new again once it has left the window', () => {
  const seen = new SeenIds(3);
  assert.equal(seen.seenOrAdd('a'), false);
  assert.equal(seen.seenOrAdd('a'), true);
  for (const id of ['b', 'c', 'd']) assert.equal(seen.seenOrAdd(id), false);
  assert.equal(seen.seenOrAdd('a'), false);
  assert.equal(seen.seenOrAdd('d'), true);
});
