// A shift on one backplane: every monitoring session and lease writes a record. Finished ones are deleted once late readers have had their grace; running ones never
// are, so an agent can always learn that they are monitored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createFloorwalk, ErrorCode, type Adapter, type AdapterSink, type Command, type CommandEnvelope, type FloorwalkEvent, type MonitoringSession } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane, type Backplane, type BackplaneChange } from '@floorwalk/core/backplane';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { centreSnapshot, T0, until } from './fixtures.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A platform that monitors but shows the agent nothing (as Amazon Connect): the backplane carries sessions. */
function platform(clock: ManualClock) {
  let sink: AdapterSink | null = null;
  let seq = 0;
  let refusing = false;
  const adapter: Adapter = {
    id: 'quiet',
    capabilities: { channels: ['voice'], commands: ['start-monitoring', 'stop-monitoring'], monitoringModes: ['listen'], agentSeesMonitoring: false },
    async connect(s) {
      sink = s;
      s.status('live');
    },
    async snapshot() {
      return { ...centreSnapshot(clock.now()), id: `snap-${++seq}`, source: 'quiet' };
    },
    async execute() {
      if (refusing) throw new Error('the platform refused');
    },
    async disconnect() {
      sink = null;
    },
  };
  return { adapter, refuse: (on: boolean) => void (refusing = on), say: (session: MonitoringSession) => sink?.events([{ type: 'monitoring', id: `m-${++seq}`, at: clock.now(), source: 'quiet', session }]) };
}

/** A decorated client's link: what it hears after connecting and taking its snapshot. */
async function link(backplane: Backplane, clock: ManualClock) {
  const vendor = platform(clock);
  const adapter = withBackplane(vendor.adapter, backplane, { clock });
  const heard: FloorwalkEvent[] = [];
  const errors: unknown[] = [];
  await adapter.connect({ events: (b) => void heard.push(...b), status: () => {}, error: (e) => void errors.push(e) });
  const snapshot = await adapter.snapshot();
  await new Promise((resolve) => setTimeout(resolve, 5));
  return { adapter, vendor, heard, errors, snapshot };
}

let keys = 0;
const envelope = (command: Command, issuedBy: string, at: number): CommandEnvelope => ({ ...command, key: `k${++keys}`, issuedBy, issuedAt: at });

const session = (n: number, at: number): MonitoringSession => ({ id: `s${n}`, mode: 'listen', supervisorId: 'sup-1', agentId: 'a1', interactionId: `i${n}`, startedAt: at });

test('the memory backplane deletes a record only at the version named, and watchers hear it', async () => {
  const backplane = createMemoryBackplane({ broadcast: false });
  const heard: BackplaneChange[] = [];
  backplane.watch((c) => heard.push(c));
  const first = await backplane.put({ key: 'lease/x', value: 1, author: 'sup-1', at: T0, expectedVersion: 0 });
  await backplane.put({ key: 'lease/x', value: 2, author: 'sup-1', at: T0, expectedVersion: first.version });
  // Judged finished at version 1, written again since: it stays.
  await assert.rejects(backplane.delete('lease/x', 1), (e: { code?: number }) => e.code === ErrorCode.Conflict);
  await backplane.delete('lease/x', 2);
  assert.equal(await backplane.get('lease/x'), undefined);
  await assert.rejects(backplane.delete('lease/x', 2), (e: { code?: number }) => e.code === ErrorCode.Conflict);
  await settle();
  assert.deepEqual(heard.at(-1), { kind: 'deleted', key: 'lease/x', version: 2 });
  assert.equal((await backplane.put({ key: 'lease/x', value: 3, author: 'sup-1', at: T0, expectedVersion: 0 })).version, 1, 'created afresh');
});

test('over a ten-hour shift, ended sessions and leases are deleted after the grace; a running session never is', async () => {
  const clock = createManualClock(T0);
  const backplane = createMemoryBackplane({ broadcast: false });
  const sup = await link(backplane, clock);
  const agent = await link(backplane, clock);
  // s0 runs all shift, its lease renewed by the supervisor's client.
  await sup.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'a1', interactionId: 'i0', mode: 'listen', leaseMs: 5 * MIN }, 'sup-1', clock.now()));
  sup.vendor.say(session(0, clock.now()));
  await settle();
  let most = 0;
  for (let n = 1; n <= 300; n++) {
    // Every two minutes a session starts and one ends.
    clock.advance(2 * MIN);
    await sup.adapter.execute(envelope({ type: 'renew-monitoring', sessionId: 's0' }, 'sup-1', clock.now()));
    await sup.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'a1', interactionId: `i${n}`, mode: 'listen', leaseMs: 5 * MIN }, 'sup-1', clock.now()));
    sup.vendor.say(session(n, clock.now()));
    await settle();
    sup.vendor.say({ ...session(n, clock.now()), endedAt: clock.now() + 1, endReason: 'stopped' });
    await settle();
    most = Math.max(most, (await backplane.list('')).length);
  }
  const keys = (await backplane.list('')).map((r) => r.key);
  // What ended in the last hour (30 of each kind) is still there for late readers; nothing older.
  assert.ok(most <= 2 * 31 + 2, `the store held up to ${most} records`);
  assert.ok(keys.includes('monitoring/s0') && keys.includes('lease/s0'), 'the running session and its lease stay');
  assert.ok(keys.includes('monitoring/s300') && keys.includes('monitoring/s271'), 'ended in the last hour: kept');
  assert.ok(!keys.includes('monitoring/s269') && !keys.includes('lease/s269') && !keys.includes('lease/s1'), 'ended over an hour ago: deleted');
  // A tab reconnecting now still learns that s280 ended, and that s0 runs.
  const late = await link(backplane, clock);
  const told = late.heard.filter((e): e is Extract<FloorwalkEvent, { type: 'monitoring' }> => e.type === 'monitoring');
  assert.ok(told.some((e) => e.session.id === 's280' && e.session.endedAt !== undefined), 'a late reader learns of a recent end');
  assert.deepEqual(late.snapshot.monitoring?.map((s) => s.id), ['s0'], 'the running session is in its snapshot');
  assert.deepEqual([...sup.errors, ...agent.errors, ...late.errors], []);
  for (const l of [sup, agent, late]) await l.adapter.disconnect();
});

test('a session ended past the grace is not written back by a late report of its end', async () => {
  const clock = createManualClock(T0);
  const backplane = createMemoryBackplane({ broadcast: false });
  const sup = await link(backplane, clock);
  sup.vendor.say(session(1, clock.now()));
  await settle();
  sup.vendor.say({ ...session(1, clock.now()), endedAt: clock.now(), endReason: 'stopped' });
  await settle();
  clock.advance(HOUR + MIN);
  await settle();
  assert.equal(await backplane.get('monitoring/s1'), undefined);
  // Another supervisor's tab, back from sleep, reports the end it missed.
  const other = await link(backplane, clock);
  other.vendor.say({ ...session(1, T0), endedAt: T0, endReason: 'stopped' });
  await settle();
  await settle();
  assert.equal(await backplane.get('monitoring/s1'), undefined);
  for (const l of [sup, other]) await l.adapter.disconnect();
});

test("an agent whose tab slept through the end and the grace is still told, on reconnecting, that the session ended", async () => {
  const clock = createManualClock(T0);
  const backplane = createMemoryBackplane({ broadcast: false });
  const sup = await link(backplane, clock);
  const agent = createFloorwalk({ adapter: withBackplane(platform(clock).adapter, backplane, { clock }), session: { userId: 'a1', role: 'agent', agentId: 'a1', teamIds: ['t1'] }, clock });
  const notices: string[] = [];
  agent.on('monitoring', (n) => notices.push('session' in n ? `${n.kind} ${n.session.id}` : n.kind));
  await agent.connect();
  sup.vendor.say(session(1, clock.now()));
  await until(() => notices.includes('started s1'), 'the agent told it started');
  await agent.disconnect();
  sup.vendor.say({ ...session(1, clock.now()), endedAt: clock.now(), endReason: 'stopped' });
  await settle();
  clock.advance(2 * HOUR);
  await settle();
  assert.equal(await backplane.get('monitoring/s1'), undefined, 'deleted while the tab slept');
  await agent.connect();
  await until(() => notices.includes('ended s1'), 'the agent told it ended');
  assert.deepEqual(agent.getMonitoringSessions({ active: true }), []);
  await agent.disconnect();
  await sup.adapter.disconnect();
});

test('once the activity signal is off, no bucket collected before the switch, or landing after it, is sent on again', async () => {
  const clock = createManualClock(T0);
  const backplane = createMemoryBackplane({ broadcast: false });
  const sup = await link(backplane, clock);
  const policy = async (enabled: boolean): Promise<void> => {
    const held = await backplane.get('tenant-policy');
    await backplane.put({ key: 'tenant-policy', value: { activitySignal: { enabled, granularityMs: 60_000 } }, author: 'admin-1', at: clock.now(), expectedVersion: held?.version ?? 0 });
    await settle();
  };
  const bucket = async (): Promise<void> => {
    const held = await backplane.get('activity/a1');
    await backplane.put({ key: 'activity/a1', value: { agentId: 'a1', activity: { bucket: 'active', since: clock.now() } }, author: 'a1', at: clock.now(), expectedVersion: held?.version ?? 0 });
    await settle();
  };
  const shown = async (): Promise<unknown> => (await sup.adapter.snapshot()).agents?.find((a) => a.id === 'a1')?.activity;
  await policy(true);
  await bucket();
  assert.deepEqual(await shown(), { bucket: 'active', since: T0 }, 'on: the bucket goes into snapshots');
  // Switched off by a platform's own policy write: the buckets on the backplane are not cleared for it.
  await policy(false);
  assert.equal(await shown(), undefined, 'off: the bucket held from before the switch is not sent');
  // A report judged before the switch reached its writer lands after it.
  const from = sup.heard.length;
  clock.advance(1000);
  await bucket();
  await settle();
  assert.deepEqual(sup.heard.slice(from).filter((e) => e.type === 'activity'), [], 'not passed on');
  assert.equal((await backplane.get('activity/a1'))?.value, null, 'and cleared');
  // On again: nothing from before is shown until the device reports afresh.
  await policy(true);
  assert.equal(await shown(), undefined);
  await sup.adapter.disconnect();
});

test('a monitoring start the platform refused leaves no lease waiting for a later session on that call', async () => {
  const clock = createManualClock(T0);
  const backplane = createMemoryBackplane({ broadcast: false });
  const sup = await link(backplane, clock);
  sup.vendor.refuse(true);
  await assert.rejects(sup.adapter.execute(envelope({ type: 'start-monitoring', agentId: 'a1', interactionId: 'i9', mode: 'listen', leaseMs: 5 * MIN }, 'sup-1', clock.now())));
  sup.vendor.refuse(false);
  // Later the supervisor monitors that call from the platform's own console, with no lease.
  clock.advance(MIN);
  sup.vendor.say(session(9, clock.now()));
  await settle();
  await settle();
  assert.equal(await backplane.get('lease/s9'), undefined, 'no lease would end it five minutes on');
  await sup.adapter.disconnect();
});

test('channels subscribed and left over a shift leave nothing behind', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const heapUsed = async (): Promise<number> => {
    for (let k = 0; k < 3; k++) {
      gc();
      await settle();
    }
    return process.memoryUsage().heapUsed;
  };
  const backplane = createMemoryBackplane({ broadcast: false });
  const count = 20_000;
  const before = await heapUsed();
  // One typing channel per conversation, each listened to while it is open.
  for (let n = 0; n < count; n++) backplane.subscribe(`typing:dm:a${n}:sup-1`, () => undefined)();
  const per = ((await heapUsed()) - before) / count;
  assert.ok(per < 20, `each channel left still holds ${per.toFixed(0)} B`);
  const heard: string[] = [];
  const off = backplane.subscribe<string>('typing:dm:a1:sup-1', (m) => heard.push(m.message));
  await backplane.publish('typing:dm:a1:sup-1', 'typing', 'a1');
  await settle();
  off();
  await backplane.publish('typing:dm:a1:sup-1', 'again', 'a1');
  await settle();
  assert.deepEqual(heard, ['typing']);
  backplane.close();
});

/** Moves the clock on a minute at a time, letting every timer's writes (and the timers they arm) land. */
async function pass(clock: ManualClock, ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= MIN) {
    clock.advance(Math.min(MIN, left));
    await settle();
    await settle();
  }
}

test('closed check-ins and coaching sessions are deleted once late readers have had their grace; open ones never are', async () => {
  const clock = createManualClock(T0);
  const backplane = createMemoryBackplane({ broadcast: false });
  const sup = await link(backplane, clock);
  const agent = await link(backplane, clock);
  const propose = envelope({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + 30 * HOUR }, 'sup-1', clock.now());
  const declined = `check-in/checkin-${propose.key}`;
  await sup.adapter.execute(propose);
  const open = envelope({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + 30 * HOUR }, 'sup-1', clock.now());
  await sup.adapter.execute(open);
  await agent.adapter.execute(envelope({ type: 'answer-check-in', checkInId: `checkin-${propose.key}`, answer: 'declined' }, 'a1', clock.now()));
  // One that runs its course (done at its end), one cancelled, one far ahead.
  const done = envelope({ type: 'schedule-coaching-session', agentId: 'a1', topic: 'Holds', at: T0 + 10 * MIN, durationMs: 30 * MIN }, 'sup-1', clock.now());
  const cancelled = envelope({ type: 'schedule-coaching-session', agentId: 'a1', topic: 'Wrap-up', at: T0 + 20 * HOUR, durationMs: 30 * MIN }, 'sup-1', clock.now());
  const ahead = envelope({ type: 'schedule-coaching-session', agentId: 'a1', topic: 'Review', at: T0 + 20 * HOUR, durationMs: 30 * MIN }, 'sup-1', clock.now());
  for (const e of [done, cancelled, ahead]) await sup.adapter.execute(e);
  await sup.adapter.execute(envelope({ type: 'cancel-coaching-session', sessionId: `coaching-${cancelled.key}` }, 'sup-1', clock.now()));
  await settle();
  const keys = async (): Promise<string[]> => (await backplane.list('')).map((r) => r.key).filter((k) => k.startsWith('check-in/') || k.startsWith('coaching-session/'));
  const all = [declined, `check-in/checkin-${open.key}`, `coaching-session/coaching-${done.key}`, `coaching-session/coaching-${cancelled.key}`, `coaching-session/coaching-${ahead.key}`];
  assert.deepEqual((await keys()).sort(), [...all].sort());
  // Within the grace a retry finds its own record: done, nothing new.
  await sup.adapter.execute(propose);
  assert.equal((await backplane.get(declined))?.version, 2);

  await pass(clock, 59 * MIN);
  assert.equal((await backplane.get<{ state: string }>(all[2]!))?.value.state, 'done', 'closed at its end');
  assert.deepEqual((await keys()).sort(), [...all].sort(), 'closed less than the grace ago: kept');
  await pass(clock, 2 * MIN);
  assert.deepEqual((await keys()).sort(), [all[1], all[2], all[4]].sort(), 'declined and cancelled over an hour ago: deleted');
  await pass(clock, 40 * MIN);
  assert.deepEqual((await keys()).sort(), [all[1], all[4]].sort(), 'done over an hour ago: deleted; the open ones stay');

  // A tab connecting now replays only what is still there.
  const late = await link(backplane, clock);
  assert.deepEqual(
    late.heard.filter((e) => e.type === 'check-in' || e.type === 'coaching-session').map((e) => (e.type === 'check-in' ? e.checkIn.id : e.type === 'coaching-session' ? e.session.id : '')).sort(),
    [`checkin-${open.key}`, `coaching-${ahead.key}`].sort(),
  );

  // A retry of the commands that created the deleted ones (an outbox replay) does not bring them back.
  await assert.rejects(sup.adapter.execute(propose), (e: { code?: number }) => e.code === ErrorCode.Conflict);
  await assert.rejects(sup.adapter.execute(cancelled), (e: { code?: number }) => e.code === ErrorCode.Conflict);
  await settle();
  assert.deepEqual((await keys()).sort(), [all[1], all[4]].sort(), 'not created again');
  assert.deepEqual([...sup.errors, ...agent.errors, ...late.errors], []);
  for (const l of [sup, agent, late]) await l.adapter.disconnect();
});

test('a check-in that lapsed or ended is deleted after the grace, by whichever client is connected next', async () => {
  const clock = createManualClock(T0);
  const backplane = createMemoryBackplane({ broadcast: false });
  const sup = await link(backplane, clock);
  const propose = envelope({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + 30 * MIN }, 'sup-1', clock.now());
  const key = `check-in/checkin-${propose.key}`;
  await sup.adapter.execute(propose);
  // Nobody answers: its window passes (30 + 10 minutes) and the backplane cancels it.
  await pass(clock, 41 * MIN);
  assert.equal((await backplane.get<{ lapsed?: string }>(key))?.value.lapsed, 'window-passed');
  await sup.adapter.disconnect();
  // Everyone leaves; a client back after the grace deletes what closed meanwhile.
  await pass(clock, 2 * HOUR);
  assert.notEqual(await backplane.get(key), undefined, 'nobody connected to delete it');
  const back = await link(backplane, clock);
  await pass(clock, MIN);
  assert.equal(await backplane.get(key), undefined);
  assert.deepEqual(back.errors, []);
  await back.adapter.disconnect();
});
