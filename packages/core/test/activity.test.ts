import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACTIVITY_EVENT_TYPES, ActivityBucketer, createActivityDetector } from '@floorwalk/core';

test('the bucketer turns counts into active, idle and away by quiet time', () => {
  const b = new ActivityBucketer({ idleAfterMs: 60_000, awayAfterMs: 300_000 });
  assert.equal(b.update(0, 0), 'active', 'the first call starts the quiet period');
  assert.equal(b.update(0, 59_999), 'active');
  assert.equal(b.update(0, 60_000), 'idle');
  assert.equal(b.update(0, 299_999), 'idle');
  assert.equal(b.update(0, 300_000), 'away');
  assert.equal(b.update(4, 300_001), 'active');
  assert.equal(b.update(Number.NaN, 400_000), 'idle', 'a nonsense count is no input');
  assert.equal(b.update(-3, 700_000), 'away');
});

test('the detector counts input events and never reads them', () => {
  const target = new EventTarget();
  const detector = createActivityDetector(target);
  let reads = 0;
  // An event whose details throw if touched: key values, text and targets stay unread.
  class Watched extends Event {
    get key(): string {
      reads++;
      return 'p';
    }
    get data(): string {
      reads++;
      return 'password';
    }
  }
  for (const type of ACTIVITY_EVENT_TYPES) target.dispatchEvent(new Watched(type));
  target.dispatchEvent(new Watched('keydown'));
  target.dispatchEvent(new Watched('input'));
  assert.equal(detector.take(), ACTIVITY_EVENT_TYPES.length + 1, 'input events counted; others ignored');
  assert.equal(detector.take(), 0, 'take() resets the count');
  assert.equal(reads, 0, 'no property of any event was read');
  detector.stop();
  target.dispatchEvent(new Watched('keydown'));
  assert.equal(detector.take(), 0, 'stopped detectors count nothing');
});

test('without an event target (Node), the detector counts nothing and never throws', () => {
  const detector = createActivityDetector();
  assert.equal(detector.take(), 0);
  detector.stop();
});

test('a stopped detector counts again once started, and forgets what it counted before stopping', () => {
  const target = new EventTarget();
  const detector = createActivityDetector(target);
  target.dispatchEvent(new Event('keydown'));
  detector.stop();
  target.dispatchEvent(new Event('keydown'));
  assert.equal(detector.take(), 0, 'stopping drops the count: nothing is kept while off');
  detector.start?.();
  detector.start?.();
  target.dispatchEvent(new Event('pointerdown'));
  assert.equal(detector.take(), 1, 'listening once, however often started');
  detector.stop();
});
