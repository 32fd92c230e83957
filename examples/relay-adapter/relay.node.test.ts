// The Relay adapter against Floorwalk's conformance suite, over the msw double. Node's test
// runner (`npm test` runs every examples/**/*.node.test.ts with the other Node suites).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupServer } from 'msw/node';
import { ErrorCode, isFloorwalkError, type AdapterSink, type FloorwalkError, type FloorwalkEvent } from '@floorwalk/core';
import { adapterConformanceCases } from '@floorwalk/core/testing';
import { createRelayDouble, settle } from './double.js';
import { createRelayAdapter } from './relay.js';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
after(() => server.close());

for (const c of adapterConformanceCases('relay', () => {
  const relay = createRelayDouble();
  server.use(...relay.handlers);
  return {
    adapter: createRelayAdapter({ baseUrl: relay.baseUrl, retryDelayMs: 10 }),
    drive: () => relay.playShift(),
    redeliver: () => relay.resendLast(),
    sendMalformed: () => relay.sendMalformed(),
    // The streams drop, and Ada signs out on another desktop before they are back.
    interrupt: async () => {
      relay.dropStreams();
      relay.setAgentState('ag-1', 'logged_out');
      return { agentId: 'ag-1', state: 'offline' } as const;
    },
    // Relay's next command request answers 429 with Retry-After.
    rateLimit: (seconds) => relay.rateLimitNextCommand(seconds),
    // A reloaded page: a new adapter over the same tenant; Relay remembers the keys, not the page.
    reload: () => createRelayAdapter({ baseUrl: relay.baseUrl, retryDelayMs: 10 }),
    // State changes Relay made at the adapter's requests, a key it had seen not counted again.
    applied: () => relay.applied,
    dispose: async () => {
      relay.close();
      server.resetHandlers();
    },
  };
})) {
  // A case that checked nothing says why, and shows as a skip rather than a pass.
  test(c.name, async (t) => {
    await c.run();
    if (c.skipped !== undefined) t.skip(c.skipped);
  });
}

// ── What the suite does not cover: Relay's own reconnect and its HTTP answers ────────────────

function recordingSink() {
  const events: FloorwalkEvent[] = [];
  const statuses: string[] = [];
  const errors: FloorwalkError[] = [];
  const sink: AdapterSink = { events: (b) => void events.push(...b), status: (s) => void statuses.push(s), error: (e) => void errors.push(e) };
  return { sink, events, statuses, errors };
}

function tenant() {
  const relay = createRelayDouble();
  server.use(...relay.handlers);
  return relay;
}

test('relay: a dropped stream is re-opened from Last-Event-ID, reconnecting then live, nothing missed', async () => {
  const relay = tenant();
  const adapter = createRelayAdapter({ baseUrl: relay.baseUrl, retryDelayMs: 5 });
  const { sink, events, statuses } = recordingSink();
  await adapter.connect(sink);
  relay.setAgentState('ag-1', 'not_ready', { code: 'brk', label: 'Coffee' });
  await settle();
  relay.dropStreams();
  // Sent while the stream is down: only the resume brings it.
  relay.setAgentState('ag-2', 'ready');
  await new Promise((resolve) => setTimeout(resolve, 30));
  await settle();
  assert.deepEqual(statuses, ['live', 'reconnecting', 'live']);
  assert.equal(relay.requests.filter((r) => r.kind === 'stream').at(-1)?.lastEventId, '1');
  assert.deepEqual(events.map((e) => e.id), ['relay-1', 'relay-2']);
  await adapter.disconnect();
  relay.close();
});

test('relay: 429 is RateLimited with Retry-After as retryAfterMs; 409 is Conflict; 404 is UnknownAgent', async () => {
  const relay = tenant();
  const adapter = createRelayAdapter({ baseUrl: relay.baseUrl });
  const command = (agentId: string, state: 'break' | 'offline') => ({ type: 'set-presence' as const, agentId, state, key: `k-${agentId}-${state}`, issuedBy: 'sup-1', issuedAt: 0 });
  relay.rateLimitNextCommand(7);
  const limited = await adapter.execute(command('ag-1', 'break')).catch((e: unknown) => e);
  assert.ok(isFloorwalkError(limited) && limited.code === ErrorCode.RateLimited && limited.retryable);
  assert.equal(limited.details?.retryAfterMs, 7000);
  relay.interactions.push({ interactionId: 'ix-9', media: 'voice', direction: 'in', status: 'active', agentId: 'ag-2', createdAt: new Date(0).toISOString() });
  const busy = await adapter.execute(command('ag-2', 'offline')).catch((e: unknown) => e);
  assert.ok(isFloorwalkError(busy) && busy.code === ErrorCode.Conflict);
  const unknown = await adapter.execute(command('ag-404', 'break')).catch((e: unknown) => e);
  assert.ok(isFloorwalkError(unknown) && unknown.code === ErrorCode.UnknownAgent);
  relay.close();
});

test('relay: a command retried with its idempotency key has one effect', async () => {
  const relay = tenant();
  const adapter = createRelayAdapter({ baseUrl: relay.baseUrl });
  const { sink, events } = recordingSink();
  await adapter.connect(sink);
  const command = { type: 'set-presence' as const, agentId: 'ag-1', state: 'meal' as const, key: 'once', issuedBy: 'ag-1', issuedAt: 0 };
  await adapter.execute(command);
  await adapter.execute(command);
  await settle();
  assert.deepEqual(events.map((e) => (e.type === 'presence' ? `${e.agentId}:${e.presence.state}:${e.presence.reason?.label}` : e.type)), ['ag-1:meal:Lunch']);
  await adapter.disconnect();
  relay.close();
});

test("relay: a whisper is Relay's coach both ways; a monitor changes mode, ends with its call, and its 404s and 409s are typed", async () => {
  const relay = tenant();
  const adapter = createRelayAdapter({ baseUrl: relay.baseUrl });
  const { sink, events } = recordingSink();
  await adapter.connect(sink);
  await relay.playShift();
  const chat = relay.interactions.find((i) => i.status === 'active' && i.agentId === 'ag-2')!;
  let n = 0;
  const envelope = <C extends object>(command: C) => ({ ...command, key: `m-${++n}`, issuedBy: 'sup-1', issuedAt: 0 });
  await adapter.execute(envelope({ type: 'start-monitoring' as const, agentId: 'ag-2', interactionId: chat.interactionId, mode: 'whisper' as const }));
  const monitor = relay.monitors.at(-1)!;
  assert.equal(monitor.mode, 'coach');
  assert.equal(monitor.supervisorId, 'sup-1');
  await adapter.execute(envelope({ type: 'change-monitoring-mode' as const, sessionId: monitor.monitorId, mode: 'barge' as const }));
  assert.equal(monitor.mode, 'barge');
  await settle();
  const sessions = () => events.flatMap((e) => (e.type === 'monitoring' ? [`${e.session.mode}${e.session.endedAt === undefined ? '' : `:${e.session.endReason}`}`] : []));
  assert.deepEqual(sessions(), ['whisper', 'barge']);
  assert.deepEqual((await adapter.snapshot()).monitoring?.map((m) => [m.id, m.mode, m.agentId, m.interactionId]), [[monitor.monitorId, 'barge', 'ag-2', chat.interactionId]]);
  // Grace closes the chat: Relay takes the supervisor off, and the agent's session hears it.
  relay.closeInteraction(chat.interactionId);
  await settle();
  assert.deepEqual(sessions(), ['whisper', 'barge', 'barge:interaction-ended']);
  const code = (p: Promise<void>) => p.then(() => 'resolved', (e: unknown) => (isFloorwalkError(e) ? e.code : String(e)));
  assert.equal(await code(adapter.execute(envelope({ type: 'change-monitoring-mode' as const, sessionId: monitor.monitorId, mode: 'listen' as const }))), ErrorCode.Conflict);
  assert.equal(await code(adapter.execute(envelope({ type: 'stop-monitoring' as const, sessionId: 'mon-404' }))), ErrorCode.UnknownEntity);
  assert.equal(await code(adapter.execute(envelope({ type: 'start-monitoring' as const, agentId: 'ag-2', interactionId: chat.interactionId, mode: 'listen' as const }))), ErrorCode.Conflict);
  assert.equal(await code(adapter.execute(envelope({ type: 'start-monitoring' as const, agentId: 'ag-2', interactionId: 'ix-404', mode: 'listen' as const }))), ErrorCode.UnknownInteraction);
  await adapter.disconnect();
  relay.close();
});
