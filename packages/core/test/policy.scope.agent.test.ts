// An agent's session sees its colleagues through the teams both the host asserted at sign-in
// (`session.teamIds`) and the platform's own record of the agent names now: when the platform
// moves the agent, what the session saw through the old team goes, live or on a resync, and a
// team the session does not list is never granted by the move.
//
//   node --experimental-websocket --import tsx --test packages/core/test/policy.scope.agent.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conversationId, createFloorwalk, DEFAULT_ROLE_PERMISSIONS, type FloorwalkEvent, type Session, type StoreChange } from '@floorwalk/core';
import { agent, call, centreSnapshot, fakeAdapter, nextId, settle, T0, until } from './fixtures.js';

const at = T0 + 1000;
const base = { source: 'fake' } as const;
const moved = (teamIds: string[], when: number): FloorwalkEvent => ({ ...base, at: when, id: nextId(), type: 'agent', agent: agent('a1', teamIds) });
const onTeamChat = (id: string, when: number): FloorwalkEvent => ({
  ...base,
  at: when,
  id: nextId(),
  type: 'chat-message',
  message: { id, conversationId: 'team:t1', authorId: 'a2', body: `text of ${id}`, sentAt: when, delivery: 'delivered' },
});

/**
 * Agent a1 of t1 (beside a2; b1 is in t2), signed in for `teamIds`, on a tenant that lets agents
 * read their team's interactions; holding a2 on a call (i3) and a2's ended call (i4).
 */
async function agentA1(t: { after(fn: () => unknown): void }, teamIds: readonly string[] | 'all' = ['t1']) {
  const fake = fakeAdapter();
  const session: Session = { userId: 'a1', role: 'agent', teamIds };
  const client = createFloorwalk({ adapter: fake, session, policy: { roles: { agent: [...DEFAULT_ROLE_PERMISSIONS.agent, 'interaction:read:team'] } } });
  t.after(() => client.disconnect());
  const snapshot = centreSnapshot(at);
  fake.snapshotEvent = {
    ...snapshot,
    interactions: [...(snapshot.interactions ?? []), call('i3', 'a2', 'connected', { connectedAt: T0 }), call('i4', 'a2', 'ended', { connectedAt: T0, endedAt: T0 + 500 })],
  };
  await client.connect();
  await settle();
  const held = () => ({
    agents: client.getAgents().map((a) => a.id).sort(),
    interactions: client.getInteractions({ includeEnded: true }).map((i) => i.id).sort(),
  });
  const changes: StoreChange[] = [];
  client.subscribe((change) => changes.push(change));
  return { fake, client, held, changes };
}

test("an agent the platform moves to a team their session does not list loses the old team's presence and interactions, and gains nobody; a supervisor's scope stays", async (t) => {
  const { fake, client, held, changes } = await agentA1(t);
  assert.deepEqual(held(), { agents: ['a1', 'a2'], interactions: ['i1', 'i3', 'i4'] }, 'a1 sees t1 while the platform has them there');
  const snapshots = fake.snapshots;
  fake.emit(moved(['t2'], at + 1));
  await settle();
  await settle();
  assert.deepEqual(held(), { agents: ['a1'], interactions: ['i1'] }, "a2, their call and its history go; a1's own call stays");
  assert.ok(changes.some((c) => c.agents.has('a2') && c.interactions.has('i3') && c.interactions.has('i4')), 'subscribers hear what went');
  assert.equal(fake.snapshots, snapshots, 't2 is not in the session: nothing to fetch for it');
  // Nothing of t1 is taken in after the move, and nothing of t2.
  changes.length = 0;
  fake.emit(
    { ...base, at: at + 2, id: nextId(), type: 'presence', agentId: 'a2', presence: { state: 'break', since: at + 2 } },
    { ...base, at: at + 2, id: nextId(), type: 'agent', agent: agent('a2', ['t1'], 'meeting', at + 2) },
    { ...base, at: at + 2, id: nextId(), type: 'interaction', interaction: call('i5', 'a2', 'connected', { connectedAt: at + 2 }) },
    { ...base, at: at + 2, id: nextId(), type: 'interaction', interaction: call('i2', 'b1', 'wrap-up', { connectedAt: T0 }) },
  );
  await settle();
  assert.deepEqual(held(), { agents: ['a1'], interactions: ['i1'] });
  assert.ok(changes.every((c) => !c.agents.has('a2') && !c.interactions.has('i5') && !c.interactions.has('i2')), 'no change about them delivered');
  // Nor are the old teammates or team lead colleagues any more.
  assert.equal(client.can({ type: 'send-message', conversationId: conversationId('a1', 'a2'), body: 'hi' }), false);
  assert.equal(client.can({ type: 'send-message', conversationId: conversationId('a1', 'sup-1'), body: 'hi' }), false);
  // A supervisor's scope is the teams the host asserts, wherever their own agent record is.
  const platform = fakeAdapter();
  const sup = createFloorwalk({ adapter: platform, session: { userId: 'sup-1', role: 'supervisor', agentId: 'a1', teamIds: ['t1'] } });
  t.after(() => sup.disconnect());
  await sup.connect();
  platform.emit(moved(['t2'], at + 1));
  await settle();
  assert.deepEqual(sup.getAgents().map((a) => a.id).sort(), ['a1', 'a2']);
  assert.equal(sup.can({ type: 'send-message', conversationId: 'team:t1', body: 'hi' }), true);
});

test("a move reported by a resync takes the old team's agents and calls out of the store with it", async (t) => {
  const { fake, client, held } = await agentA1(t);
  const snapshot = centreSnapshot(at + 10);
  fake.snapshotEvent = {
    ...snapshot,
    agents: snapshot.agents?.map((a) => (a.id === 'a1' ? agent('a1', ['t2']) : a)),
    interactions: [...(snapshot.interactions ?? []), call('i3', 'a2', 'connected', { connectedAt: T0 })],
  };
  await client.disconnect();
  await client.connect();
  await settle();
  assert.deepEqual(held(), { agents: ['a1'], interactions: ['i1'] }, 'a2 and i3 are in the snapshot, and not held');
  assert.deepEqual(client.getAgent('a1')?.teamIds, ['t2']);
  fake.emit({ ...base, at: at + 11, id: nextId(), type: 'presence', agentId: 'a2', presence: { state: 'break', since: at + 11 } });
  await settle();
  assert.equal(client.getAgent('a2'), undefined);
});

test("team chat and colleagues stand on the session's teams while the platform names no team for the agent", async (t) => {
  // An agent-side adapter that does not know the agent's teams reports none.
  const { fake, client, held } = await agentA1(t);
  const snapshots = fake.snapshots;
  fake.emit(moved([], at + 1), onTeamChat('c1', at + 1));
  await settle();
  await settle();
  await settle();
  // Back to the session's teams from [t1]: one snapshot, to be sure. Its older record of a1 does
  // not undo the move, nor ask again.
  assert.ok(fake.snapshots - snapshots <= 1, `${fake.snapshots - snapshots} snapshots`);
  assert.deepEqual(held(), { agents: ['a1', 'a2'], interactions: ['i1', 'i3', 'i4'] });
  fake.emit({ ...base, at: at + 2, id: nextId(), type: 'presence', agentId: 'a2', presence: { state: 'meal', since: at + 2 } });
  await settle();
  assert.equal(client.getAgent('a2')?.presence.state, 'meal', "a2's presence still delivered");
  assert.deepEqual(client.getMessages('team:t1').map((m) => m.id), ['c1'], "t1's chat still delivered");
  assert.equal(client.can({ type: 'send-message', conversationId: 'team:t1', body: 'hi' }), true);
  assert.equal(client.getAgent('b1'), undefined, 'and nothing outside the session');
});

test('a move between two teams the session lists swaps one team for the other, and a move back swaps them again', async (t) => {
  const { fake, client, held } = await agentA1(t, ['t1', 't2']);
  assert.deepEqual(held().agents, ['a1', 'a2'], 'b1 is in t2, where a1 does not work');
  // The platform's view after the move; a resync is what brings b1 and their call.
  const snapshotWith = (a1Teams: string[], when: number) => {
    const snapshot = centreSnapshot(when);
    return { ...snapshot, agents: snapshot.agents?.map((a) => (a.id === 'a1' ? agent('a1', a1Teams) : a)) };
  };
  let snapshots = fake.snapshots;
  fake.snapshotEvent = snapshotWith(['t2'], at + 1);
  fake.emit(moved(['t2'], at + 1));
  await until(() => fake.snapshots > snapshots && client.getAgent('b1') !== undefined, 'b1, brought by the snapshot the move asked for');
  await settle();
  assert.deepEqual(held(), { agents: ['a1', 'b1'], interactions: ['i1', 'i2'] });
  // Back to t1: a2 returns as the platform has them now, b1 goes.
  snapshots = fake.snapshots;
  const back = snapshotWith(['t1'], at + 2);
  fake.snapshotEvent = { ...back, agents: back.agents?.map((a) => (a.id === 'a2' ? agent('a2', ['t1'], 'meeting', at + 2) : a)) };
  fake.emit(moved(['t1'], at + 2));
  await until(() => fake.snapshots > snapshots && client.getAgent('a2') !== undefined, 'a2, brought back by a snapshot');
  await settle();
  assert.deepEqual(held(), { agents: ['a1', 'a2'], interactions: ['i1'] });
  assert.equal(client.getAgent('a2')?.presence.state, 'meeting');
});

test("an agent session the host gave every team ('all') keeps every team's colleagues and people through a move; only the old team's chat ends", async (t) => {
  const { fake, client, held } = await agentA1(t, 'all');
  const before = held();
  assert.deepEqual(before.agents, ['a1', 'a2', 'b1']);
  // A supervisor no team names (the platform lists none): a colleague under 'all'.
  const dmSup = { type: 'send-message', conversationId: conversationId('a1', 'sup-9'), body: 'hi' } as const;
  assert.equal(client.can(dmSup), true);
  fake.emit(moved(['t2'], at + 1));
  await settle();
  await settle();
  assert.deepEqual(held(), before, 'nothing the host granted goes');
  assert.equal(client.can(dmSup), true, 'a direct message to anyone stays allowed');
  assert.equal(client.can({ type: 'send-message', conversationId: 'team:t1', body: 'hi' }), false, "the team they left: its members' chat");
  assert.equal(client.can({ type: 'send-message', conversationId: 'team:t2', body: 'hi' }), true);
});
