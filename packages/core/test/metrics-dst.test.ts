// Days and intervals on the days daylight-saving time changes, in a UTC-5 centre (New York),
// with the default day start: local midnight in the runtime's zone (docs/metrics.md, "Days,
// intervals and time zones"). Node runs each test file in its own process and reads TZ anew
// when it changes; the imports, evaluated first, make no local dates.
process.env.TZ = 'America/New_York';

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk } from '@floorwalk/core';
import { createMetrics } from '@floorwalk/core/metrics';
import { createManualClock } from '@floorwalk/core/testing';
import { fakeAdapter, settle, teamSnapshot } from './fixtures.js';

const H = 3_600_000;

/** Metrics that started the evening before (`since`, when a1 became available) and read at `iso`. */
async function metricsAt(iso: string, since: string) {
  const start = Date.parse(since);
  const adapter = fakeAdapter();
  adapter.snapshotEvent = teamSnapshot(['a1'], [], start);
  const clock = createManualClock(start);
  const client = createFloorwalk({ adapter, session: { userId: 'admin-1', role: 'admin', teamIds: 'all' }, clock });
  await client.connect();
  await settle();
  adapter.emit({ type: 'presence', id: `p-${iso}`, at: start, source: 'fake', agentId: 'a1', presence: { state: 'available', since: start } });
  await settle();
  const metrics = createMetrics(client, { clock, intervalMs: 30 * 60_000, historyMs: 48 * H });
  clock.advanceTo(Date.parse(iso));
  return metrics;
}

test('the day daylight-saving time starts: today is 23 hours from local midnight, intervals on the half hour', async () => {
  // 8 March 2026, 12:10 EDT (16:10 UTC); midnight was 00:00 EST (05:00 UTC).
  const m = await metricsAt('2026-03-08T16:10:00Z', '2026-03-07T23:00:00-05:00');
  assert.deepEqual(m.window('today'), { from: Date.parse('2026-03-08T05:00:00Z'), to: Date.parse('2026-03-08T16:10:00Z') });
  assert.equal(m.agent('a1', 'today').presenceMs.available, 11 * H + 10 * 60_000, '11 h 10 min elapsed, though the wall clock shows 12:10');
  assert.equal(m.window('interval').from, Date.parse('2026-03-08T16:00:00Z'), '12:00 EDT');
});

test('the day daylight-saving time ends: today is 25 hours from local midnight, and the repeated hour has its own intervals', async () => {
  // 1 November 2026: midnight is 00:00 EDT (04:00 UTC); 01:00-02:00 comes twice.
  const late = await metricsAt('2026-11-01T17:10:00Z', '2026-10-31T23:00:00-04:00');
  assert.deepEqual(late.window('today'), { from: Date.parse('2026-11-01T04:00:00Z'), to: Date.parse('2026-11-01T17:10:00Z') });
  assert.equal(late.agent('a1', 'today').presenceMs.available, 13 * H + 10 * 60_000, '12:10 EST is 13 h 10 min after midnight EDT');
  assert.equal(late.window('interval').from, Date.parse('2026-11-01T17:00:00Z'), '12:00 EST');
  const again = await metricsAt('2026-11-01T06:10:00Z', '2026-10-31T23:00:00-04:00');
  assert.equal(again.window('interval').from, Date.parse('2026-11-01T06:00:00Z'), 'the second 01:00-01:30, in EST');
  const first = await metricsAt('2026-11-01T05:40:00Z', '2026-10-31T23:00:00-04:00');
  assert.equal(first.window('interval').from, Date.parse('2026-11-01T05:30:00Z'), 'the first 01:30-02:00, in EDT');
});
