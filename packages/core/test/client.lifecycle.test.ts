import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, ErrorCode, FloorwalkError, type StatusChange } from '@floorwalk/core';
import { agent, centreSnapshot, fakeAdapter, nextId, settle, T0 } from './fixtures.js';

const admin = { userId: 'admin-1', role: 'admin', teamIds: 'all' } as const;

test('connect goes idle → connecting → live and loads the snapshot', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin });
  const changes: StatusChange[] = [];
  client.on('status', (c) => changes.push(c));
  assert.equal(client.status, 'idle');
  await client.connect();
  assert.equal(client.status, 'live');
  assert.deepEqual(changes.map((c) => `${c.previous}>${c.current}`), ['idle>connecting', 'connecting>live']);
  assert.deepEqual(client.getAgents().map((a) => a.id).sort(), ['a1', 'a2', 'b1']);
  assert.equal(client.getTeams().length, 2);
  assert.equal(client.getQueues()[0]?.id, 'q1');
  assert.deepEqual(client.getPresenceDefinitions()[0]?.reasons, [{ id: 'coffee', label: 'Coffee' }]);
});

test('connect twice while live is a no-op', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin });
  await client.connect();
  await client.connect();
  assert.equal(adapter.snapshots, 1);
});

test('a failed connect rejects with a FloorwalkError and reports failed', async () => {
  const adapter = fakeAdapter();
  adapter.connect = async () => {
    throw new Error('socket refused');
  };
  const client = createFloorwalk({ adapter, session: admin });
  const statuses: string[] = [];
  client.on('status', (c) => statuses.push(c.current));
  await assert.rejects(client.connect(), (err: unknown) => err instanceof FloorwalkError && err.code === ErrorCode.VendorError && /socket refused/.test(err.message));
  assert.equal(client.status, 'failed');
  assert.deepEqual(statuses, ['connecting', 'failed']);
});

test('disconnect returns to idle and later adapter events are ignored', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin });
  await client.connect();
  const sink = adapter.sink!;
  await client.disconnect();
  assert.equal(client.status, 'idle');
  sink.events([{ type: 'presence', id: nextId(), at: T0 + 1000, source: 'fake', agentId: 'a1', presence: { state: 'meal', since: T0 + 1000 } }]);
  assert.equal(client.getAgent('a1')?.presence.state, 'available');
});

test('after the adapter reconnects the client resyncs from a fresh snapshot', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin });
  await client.connect();
  adapter.sink!.status('reconnecting');
  assert.equal(client.status, 'reconnecting');
  // While away: a1 went on break, b1 left, a new agent c1 arrived, i1 ended.
  const later = centreSnapshot(T0 + 60_000);
  adapter.snapshotEvent = {
    ...later,
    agents: [agent('a1', ['t1'], 'break', T0 + 30_000), agent('a2', ['t1'], 'break'), agent('c1', ['t2'])],
    interactions: [],
  };
  const heard: string[][] = [];
  client.subscribe((change) => heard.push([...change.agents].sort()));
  adapter.sink!.status('live');
  await settle();
  assert.equal(client.status, 'live');
  assert.equal(adapter.snapshots, 2);
  assert.equal(client.getAgent('a1')?.presence.state, 'break');
  assert.equal(client.getAgent('b1'), undefined);
  assert.ok(client.getAgent('c1'));
  assert.deepEqual(client.getInteractions(), []);
  assert.ok(heard.some((ids) => ids.includes('b1') && ids.includes('c1')), 'subscribers hear of removed and added agents');
});

test('a resync that fails leaves the client failed with the reason', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin });
  await client.connect();
  adapter.sink!.status('reconnecting');
  adapter.snapshotFailure = new Error('503 from vendor');
  const errors: FloorwalkError[] = [];
  client.on('error', (e) => errors.push(e));
  adapter.sink!.status('live');
  await settle();
  assert.equal(client.status, 'failed');
  assert.equal(errors[0]?.code, ErrorCode.VendorError);
});

test('commands wait while reconnecting and are sent in order once live', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin });
  await client.connect();
  adapter.sink!.status('reconnecting');
  const first = client.setAgentPresence('a1', 'break');
  const second = client.setAgentPresence('a1', 'available');
  await settle();
  assert.equal(adapter.executed.length, 0, 'nothing is sent while reconnecting');
  adapter.sink!.status('live');
  await Promise.all([first, second]);
  assert.deepEqual(adapter.executed.map((c) => (c.type === 'set-presence' ? c.state : '')), ['break', 'available']);
});

test('commands fail fast when idle and waiting ones are cancelled by disconnect', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin });
  await assert.rejects(client.setAgentPresence('a1', 'break'), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.NotConnected);
  await client.connect();
  adapter.sink!.status('offline');
  assert.equal(client.status, 'offline');
  const waiting = client.setAgentPresence('a1', 'break');
  await client.disconnect();
  await assert.rejects(waiting, (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.Cancelled);
  assert.equal(adapter.executed.length, 0);
});

test('the adapter reporting failed moves the client to failed and rejects waiting commands', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin });
  await client.connect();
  adapter.sink!.status('reconnecting');
  const waiting = client.setAgentPresence('a1', 'break');
  adapter.sink!.status('failed', new FloorwalkError(ErrorCode.AuthFailed, 'token expired'));
  await assert.rejects(waiting, (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.NotConnected);
  assert.equal(client.status, 'failed');
});

test('createFloorwalk rejects bad options with a typed error naming the option', () => {
  const adapter = fakeAdapter();
  const bad = [
    () => createFloorwalk({ adapter: {} as never, session: admin }),
    () => createFloorwalk({ adapter, session: { userId: '', role: 'admin', teamIds: 'all' } }),
    () => createFloorwalk({ adapter, session: { userId: 'x', role: 'boss' as never, teamIds: 'all' } }),
    () => createFloorwalk({ adapter, session: { userId: 'x', role: 'agent', teamIds: 't1' as never } }),
  ];
  for (const make of bad) {
    assert.throws(make, (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.InvalidArgument && /options\./.test(e.message));
  }
});

test("durations use the adapter's clock unless the host passes one", async () => {
  const { createManualClock } = await import('@floorwalk/core/testing');
  const adapterClock = createManualClock(T0);
  const adapter = Object.assign(fakeAdapter(), { clock: adapterClock });
  const client = createFloorwalk({ adapter, session: admin });
  await client.connect();
  adapterClock.advance(42_000);
  assert.equal(client.getTimeInState('a1'), 42_000);
  const hostClock = createManualClock(T0 + 5_000);
  const hosted = createFloorwalk({ adapter: fakeAdapter(), session: admin, clock: hostClock });
  await hosted.connect();
  assert.equal(hosted.getTimeInState('a1'), 5_000);
});

test('a command issued while earlier ones are being replayed goes out after them', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: admin });
  await client.connect();
  adapter.sink!.status('reconnecting');
  // A vendor that takes a moment to accept each command, so the replay is still running.
  const accept = adapter.execute;
  adapter.execute = async (command) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return accept(command);
  };
  const queued = [client.setAgentPresence('a1', 'break'), client.setAgentPresence('a1', 'meal')];
  adapter.sink!.status('live');
  await Promise.resolve();
  const late = client.setAgentPresence('a1', 'available');
  await Promise.all([...queued, late]);
  assert.deepEqual(adapter.executed.map((c) => (c.type === 'set-presence' ? c.state : '')), ['break', 'meal', 'available']);
});
