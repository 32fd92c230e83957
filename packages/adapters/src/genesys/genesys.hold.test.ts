// Hold time on Genesys Cloud, which reports no hold total: a conversation notification says only
// whether the agent's communication is held now and since when (`held`, `startHoldTime`), and
// a hang-up clears both. Driven through the mock's notifications (Genesys' payload shapes, sent
// on both the agent's and the queue's topic) into a core client, read as a host reads it.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { setupServer } from 'msw/node';
import { createFloorwalk, type Floorwalk } from '@floorwalk/core';
import { createManualClock, type ManualClock } from '@floorwalk/core/testing';
import { createGenesysAdapter, type GenesysAdapter } from './index.js';
import { delivery, until } from './test-support.js';
import { createGenesysMock, type GenesysMock, type GenesysMockStep } from './mocks/index.js';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
after(() => server.close());
const opened: Floorwalk[] = [];
afterEach(async () => {
  for (const c of opened.splice(0)) await c.disconnect();
});

const S = 1000;

async function floor(): Promise<{ mock: GenesysMock; client: Floorwalk; clock: ManualClock; adapter: GenesysAdapter; agent: string; queue: string; delivered(): Promise<void> }> {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const mock = createGenesysMock({ agents: 4, queues: 1, clock });
  server.resetHandlers(...mock.handlers);
  const { WebSocket, delivered } = delivery(mock);
  const adapter = createGenesysAdapter({ ...mock.adapterOptions(), clock, heartbeatTimeoutMs: 3_600_000, WebSocket });
  const client = createFloorwalk({ adapter, clock, session: { userId: mock.directory.supervisorId, role: 'admin', teamIds: 'all' } });
  opened.push(client);
  await client.connect();
  return { mock, client, clock, adapter, agent: mock.directory.agentIds[0] as string, queue: mock.directory.queueIds[0] as string, delivered };
}

/**
 * Plays `steps` `seconds` after the last ones, and waits until the client holds the conversation
 * in `state` and the step's copy on the other topic has been read too.
 */
async function play(f: Awaited<ReturnType<typeof floor>>, id: string, seconds: number, steps: GenesysMockStep[], state: string): Promise<void> {
  f.clock.advance(seconds * S);
  f.mock.play(steps);
  await until(() => f.client.getInteraction(id)?.state === state, `${id} ${state}`);
  await f.delivered();
}

const times = (client: Floorwalk, id: string) => {
  const t = client.getInteractionTimes(id);
  return t === undefined ? undefined : [t.talkMs / S, t.holdMs / S, t.wrapUpMs / S, t.handleMs / S];
};

test('two holds accumulate, and a call ended from hold counts its last hold as hold', async () => {
  const f = await floor();
  const [cid] = f.mock.play([{ type: 'call', queueId: f.queue, userId: f.agent }]);
  const id = cid as string;
  await until(() => f.client.getInteraction(id)?.state === 'offered', 'offered');
  await play(f, id, 2, [{ type: 'answer', conversationId: id }], 'connected');
  // Talk 10, hold 20, talk 10, hold 15, talk 5.
  await play(f, id, 10, [{ type: 'hold', conversationId: id, held: true }], 'held');
  await play(f, id, 20, [{ type: 'hold', conversationId: id, held: false }], 'connected');
  await play(f, id, 10, [{ type: 'hold', conversationId: id, held: true }], 'held');
  await play(f, id, 15, [{ type: 'hold', conversationId: id, held: false }], 'connected');
  f.clock.advance(5 * S);
  assert.equal(f.client.getInteraction(id)?.holdMs, 35 * S, 'both finished holds');
  assert.deepEqual(times(f.client, id), [25, 35, 0, 60]);
  // Held again for 30 s; the customer hangs up on hold: the hang-up clears held and startHoldTime.
  await play(f, id, 0, [{ type: 'hold', conversationId: id, held: true }], 'held');
  await play(f, id, 30, [{ type: 'hangup', conversationId: id }], 'wrap-up');
  const wrapping = f.client.getInteraction(id);
  assert.equal(wrapping?.holdMs, 65 * S, 'the hold the hang-up ended is counted');
  assert.equal(wrapping?.heldAt, undefined);
  f.clock.advance(8 * S);
  assert.deepEqual(times(f.client, id), [25, 65, 8, 98]);
  await play(f, id, 2, [{ type: 'wrapup', conversationId: id, code: 'Resolved' }], 'ended');
  f.clock.advance(60 * S);
  assert.equal(f.client.getInteraction(id)?.holdMs, 65 * S, 'kept through the end, whichever topic brought it last');
  assert.deepEqual(times(f.client, id), [25, 65, 10, 100]);
});

test('a notification while held that carries no startHoldTime keeps the hold where it began', async () => {
  const f = await floor();
  const [cid] = f.mock.play([{ type: 'call', queueId: f.queue, userId: f.agent }]);
  const id = cid as string;
  await play(f, id, 1, [{ type: 'answer', conversationId: id }], 'connected');
  await play(f, id, 10, [{ type: 'hold', conversationId: id, held: true }], 'held');
  const heldAt = f.client.getInteraction(id)?.heldAt;
  assert.equal(heldAt, f.clock.now());
  // A later notification of the same hold (a monitor joins, say) whose media lost startHoldTime.
  const body = f.mock.conversation(id) as { participants: { purpose: string; calls?: { held?: boolean; startHoldTime?: string }[] }[] };
  for (const p of body.participants) for (const m of p.calls ?? []) delete m.startHoldTime;
  f.clock.advance(20 * S);
  f.mock.sendRaw(JSON.stringify({ topicName: `v2.users.${f.agent}.conversations`, version: '2', eventBody: body, metadata: { CorrelationId: 'x' } }));
  await f.delivered();
  assert.equal(f.client.getInteraction(id)?.heldAt, heldAt, 'not restarted at the notification');
  assert.equal(times(f.client, id)?.[1], 20);
});
