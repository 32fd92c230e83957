import { test } from 'node:test';
import { createFloorwalk } from '@floorwalk/core';
import { fakeAdapter } from './fixtures.js';
const admin = { userId: 'admin-1', role: 'admin', teamIds: 'all' } as const;
test('hints returning garbage', async () => {
  const client = createFloorwalk({ adapter: fakeAdapter(), session: admin, hints: (() => 42) as never });
  await client.connect();
  await client.disconnect().then(() => console.log('disconnect ok', client.status), (e) => console.log('disconnect rejected', String(e), client.status));
});
test('activity stop throws', async () => {
  try {
    createFloorwalk({ adapter: fakeAdapter(), session: { userId: 'a1', role: 'agent', teamIds: ['t1'] }, activity: { take: () => 0, start() {}, stop() { throw new Error('stop'); } } as never });
    console.log('activity ok');
  } catch (e) { console.log('activity threw', String(e)); }
});
test('huge strings', async () => {
  const client = createFloorwalk({ adapter: fakeAdapter(), session: admin, outbox: true });
  await client.connect();
  const big = 'x'.repeat(5_000_000);
  for (const [name, p] of [
    ['sendMessage team', client.sendMessage('team:' + big, 'hi')],
    ['startColleagueCall', client.startColleagueCall([big])],
    ['ack', client.acknowledgeHelp(big)],
    ['answerCheckIn', client.answerCheckIn(big, 'accepted')],
    ['endColleagueCall', client.endColleagueCall(big)],
    ['stopMonitoring', client.stopMonitoring(big)],
    ['markRead', client.markRead('team:' + big)],
  ] as const) await (p as Promise<void>).then(() => console.log(name, 'SENT'), (e) => console.log(name, 'rejected', e.code));
  await client.disconnect();
});
