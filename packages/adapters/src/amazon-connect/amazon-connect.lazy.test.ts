// The agent event record handling loads with the first records pushed (aes.ts), and the error
// mapping (errors.ts) with the parts that call the backend, or for an error none of them typed. This file's first
// test runs before anything in its process has loaded it; the other test files load it first
// (loadAgentEventHandling) and see records applied as they are pushed. A failed load is in
// amazon-connect.lazy.browser.test.ts, where msw can fail the module's request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, FloorwalkError, type AgentEvent, type FloorwalkEvent } from '@floorwalk/core';
import { createAmazonConnectAdapter } from '@floorwalk/adapters/amazon-connect';
import { createAmazonConnectMocks, createConnectBackendMock } from '@floorwalk/adapters/amazon-connect/mocks';
import { BASE, recorder } from './test-support.js';

const agentIds = (events: readonly FloorwalkEvent[]): string[] => events.filter((e): e is AgentEvent => e.type === 'agent').map((e) => e.agent.id);

test('records pushed while their handling loads are read at the call and applied in order once it has loaded', async () => {
  const mock = createConnectBackendMock({ baseUrl: BASE, users: 3 });
  const adapter = createAmazonConnectAdapter({ instanceId: mock.instanceId, agentStatuses: mock.statuses, agentNames: mock.names });
  const sink = recorder();
  await adapter.connect(sink);

  const first = mock.agentEvent('user-1', 'LOGIN');
  adapter.pushAgentEvents([first]);
  // The host reuses its object once the call has returned: what was pushed is what applies.
  mock.apply({ kind: 'status', userId: 'user-1', status: 'Lunch' });
  (first.CurrentAgentSnapshot as { AgentStatus?: unknown }).AgentStatus = mock.agentEvent('user-1', 'STATE_CHANGE').CurrentAgentSnapshot?.AgentStatus;
  mock.apply({ kind: 'status', userId: 'user-2', status: 'Break' });
  adapter.pushAgentEvents([JSON.stringify(mock.agentEvent('user-2', 'STATE_CHANGE'))]);
  assert.deepEqual(sink.received, [], 'nothing applies before the handling has loaded');

  for (let i = 0; i < 400 && sink.received.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(agentIds(sink.received), ['user-1', 'user-2'], 'in the order pushed');
  const agents = (await adapter.snapshot()).agents ?? [];
  assert.deepEqual(
    agents.map((a) => [a.id, a.presence.state]),
    [
      ['user-1', 'available'],
      ['user-2', 'break'],
    ],
  );
  assert.deepEqual(sink.errors, []);

  // Loaded: the next records apply within the call, and a second adapter's first ones do too.
  adapter.pushAgentEvents([mock.agentEvent('user-3', 'LOGIN')]);
  assert.deepEqual(agentIds(sink.received), ['user-1', 'user-2', 'user-3']);
  await adapter.disconnect();
  const second = createAmazonConnectAdapter({ instanceId: mock.instanceId, agentStatuses: mock.statuses });
  const sink2 = recorder();
  await second.connect(sink2);
  second.pushAgentEvents([mock.agentEvent('user-1', 'LOGIN')]);
  assert.deepEqual(agentIds(sink2.received), ['user-1']);
  await second.disconnect();
});

test('records pushed while not connected are ignored', async () => {
  const mock = createConnectBackendMock({ baseUrl: BASE, users: 2 });
  const adapter = createAmazonConnectAdapter({ instanceId: mock.instanceId, agentStatuses: mock.statuses });
  adapter.pushAgentEvents([mock.agentEvent('user-1', 'LOGIN')]);
  const sink = recorder();
  await adapter.connect(sink);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(sink.received, []);
  assert.deepEqual((await adapter.snapshot()).agents, []);
  await adapter.disconnect();
});

test('a Streams object that throws while the adapter subscribes: connect() rejects with a typed VendorError and tears down', async () => {
  const mocks = createAmazonConnectMocks({ baseUrl: BASE, users: 2 });
  const streams = {
    ...mocks.streams.connect,
    agent: () => {
      throw new Error('CCP not ready');
    },
  };
  const adapter = createAmazonConnectAdapter({ instanceId: mocks.backend.instanceId, streams });
  const err = await adapter.connect(recorder()).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof FloorwalkError, String(err));
  assert.equal(err.code, ErrorCode.VendorError);
  assert.equal(err.message, 'connect failed: CCP not ready');
  assert.equal(err.details?.operation, 'connect');
  assert.equal(err.retryable, true);
  await assert.rejects(adapter.ping(), (e: unknown) => e instanceof FloorwalkError && e.code === ErrorCode.NotConnected);
});
