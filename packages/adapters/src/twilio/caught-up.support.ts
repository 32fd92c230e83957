// A barrier for the Twilio browser tests: proof that every change the fake Sync client has
// reported so far has reached the client, instead of a sleep long enough for it to. Test code only.
import type { Floorwalk } from '@floorwalk/core';
import type { FakeSyncClient } from '@floorwalk/adapters/twilio/mocks';
import { until } from '../netdrop.support.js';

let changedAt = 0;

/**
 * Moves `bystander` (a worker the test does not watch) between Break and Available in Sync and
 * waits until `client` shows it. Sync's live queries report in order, so every change reported
 * before that one has been handled too: a duplicate or late one the test guards against would be
 * in by now.
 */
export async function caughtUp(sync: FakeSyncClient, client: Floorwalk, bystander: string): Promise<void> {
  const item = sync.worker(bystander);
  if (item === undefined) throw new Error(`no worker ${bystander} in Sync`);
  const toBreak = client.getAgent(bystander)?.presence.state !== 'break';
  // Each change later than the last: the store keeps the newer of two reports for an agent.
  changedAt = Math.max(Date.now(), changedAt + 1000);
  sync.setWorker({
    ...item,
    activity_name: toBreak ? 'Break' : 'Available',
    worker_activity_sid: toBreak ? 'WA00000000000000000000000000000004' : 'WA00000000000000000000000000000002',
    date_activity_changed: new Date(changedAt).toISOString(),
  });
  await until(() => client.getAgent(bystander)?.presence.state === (toBreak ? 'break' : 'available'), `${bystander}'s change, reported after everything before it`);
}
