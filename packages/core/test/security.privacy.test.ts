// Masking, card-number redaction, the audited reveal and the step-up hold, through the real
// client over the simulator (reveal, step-up) and the public redaction function.
//
//   node --experimental-websocket --import tsx --test packages/core/test/security.privacy.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFloorwalk, ErrorCode, redactCardNumbers, type FloorwalkEvent, type Session, type StepUpRequest } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import { call, fakeAdapter, nextId, settle, T0 } from './fixtures.js';
import { simFloor } from './sim-floor.js';

test('card-like numbers are redacted to their last four digits, separators kept', () => {
  assert.equal(redactCardNumbers('card 4111 1111 1111 1234 please'), 'card •••• •••• •••• 1234 please');
  assert.equal(redactCardNumbers('4111-1111-1111-1234'), '••••-••••-••••-1234');
  assert.equal(redactCardNumbers('pan:4111111111111234.'), 'pan:••••••••••••1234.');
  assert.equal(redactCardNumbers('Amex 3782 822463 10005'), 'Amex •••• •••••• •0005');
  // Phone numbers, order numbers and dates are left alone.
  const text = 'Order 12345678, call +44 7700 900123 on 2026-11-28';
  assert.equal(redactCardNumbers(text), text);
});

const agentSession: Session = { userId: 'a1', role: 'agent', teamIds: ['t1'] };
const supervisorSession: Session = { userId: 'sup-1', role: 'supervisor', teamIds: ['t1'] };

test('card numbers in free text are redacted for every role, the agent handling it included', async () => {
  const card = '4929 1234 5678 9012';
  for (const session of [agentSession, supervisorSession]) {
    const adapter = fakeAdapter();
    const client = createFloorwalk({ adapter, session });
    await client.connect();
    const events: FloorwalkEvent[] = [
      { type: 'agent', id: nextId(), at: T0, source: 'fake', agent: { id: 'a1', name: 'Ann', teamIds: ['t1'], queueIds: [], presence: { state: 'available', since: T0 } } },
      { type: 'interaction', id: nextId(), at: T0, source: 'fake', interaction: call('i1', 'a1', 'connected', { channel: 'email', subject: `Refund to card ${card}`, customer: { name: 'Jane Doe', email: 'jane@example.com' } }) },
      { type: 'chat-message', id: nextId(), at: T0, source: 'fake', message: { id: 'm1', conversationId: 'team:t1', authorId: 'a1', body: `customer read me ${card}`, sentAt: T0, delivery: 'sent' } },
      { type: 'help-request', id: nextId(), at: T0, source: 'fake', request: { id: 'h1', agentId: 'a1', reason: `Card ${card} declined`, state: 'open', raisedAt: T0 } },
      { type: 'coaching-note', id: nextId(), at: T0, source: 'fake', note: { id: 'n1', agentId: 'a1', authorId: 'sup-1', body: `Never repeat ${card} aloud`, createdAt: T0 } },
    ];
    adapter.emit(...events);
    await settle();
    const held = JSON.stringify({
      interactions: client.getInteractions(),
      messages: client.getMessages('team:t1'),
      help: client.getHelpRequests(),
      notes: client.getCoachingNotes(),
    });
    assert.ok(!held.includes('5678'), `${session.role}: no card digits but the last four anywhere in the store`);
    assert.ok(held.includes('9012'), `${session.role}: the last four stay, for reference`);
    if (session.role === 'agent') {
      // The agent's own customer is in clear; only the card in the subject is redacted.
      assert.equal(client.getInteraction('i1')?.subject, 'Refund to card •••• •••• •••• 9012');
      assert.equal(client.getInteraction('i1')?.customer?.name, 'Jane Doe');
    } else {
      assert.equal(client.getInteraction('i1')?.subject, '(withheld)');
      assert.equal(client.getInteraction('i1')?.customer?.name, 'J. D.');
    }
    await client.disconnect();
  }
});

test('a supervisor reveals one masked field: the clear value to the caller only, audited, the store still masked', async () => {
  const { client, first: live } = await simFloor();
  const field = live.customer?.phone !== undefined ? 'phone' : 'email';
  const masked = live.customer?.[field] as string;
  assert.ok(masked.includes('•'), 'held masked');
  const clear = await client.revealCustomerField(live.id, field);
  assert.ok(typeof clear === 'string' && !clear.includes('•'), `revealed in clear: ${clear}`);
  if (field === 'phone') assert.equal(clear.slice(-4), masked.slice(-4), 'the same number');
  assert.equal(client.getInteraction(live.id)?.customer?.[field], masked, 'the store keeps the masked value');
  const entries = client.getAuditLog().filter((e) => e.action === 'customer.reveal');
  assert.deepEqual(entries.map((e) => e.outcome), ['requested', 'succeeded']);
  assert.equal(entries[1]?.actor, 'sup-1');
  assert.equal(entries[1]?.target['interactionId'], live.id);
  assert.equal(entries[1]?.target['field'], field);
  assert.ok(entries[1]?.target['agentId'], 'the audit names whose interaction it was');
  assert.ok(!JSON.stringify(client.getAuditLog()).includes(clear), 'the value itself is not in the audit trail');
  await client.disconnect();
});

test('revealing is refused without customer:reveal, and the refusal is audited', async () => {
  const clock = createManualClock(T0);
  const sim = createSimulatorAdapter({ clock, agents: 12, teams: 1, seed: 7, warmupMs: 40 * 60_000 });
  const client = createFloorwalk({ adapter: sim, clock: sim.clock, session: { userId: 'qa-1', role: 'qa', teamIds: ['team-1'] } });
  await client.connect();
  const live = client.getInteractions({ state: 'connected' })[0];
  assert.ok(live);
  await assert.rejects(client.revealCustomerField(live.id, 'name'), (err: { code?: number }) => err.code === ErrorCode.Forbidden);
  const denied = client.getAuditLog().find((e) => e.action === 'command.denied');
  assert.equal(denied?.target['command'], 'reveal-customer-field');
  await assert.rejects(client.revealCustomerField(live.id, 'ssn' as 'name'), (err: { code?: number }) => err.code === ErrorCode.InvalidArgument);
  await client.disconnect();
});

test('an adapter without clear customer data cannot reveal: Unsupported, not a guess', async () => {
  const adapter = fakeAdapter();
  const client = createFloorwalk({ adapter, session: supervisorSession });
  await client.connect();
  adapter.emit(
    { type: 'agent', id: nextId(), at: T0, source: 'fake', agent: { id: 'a1', name: 'Ann', teamIds: ['t1'], queueIds: [], presence: { state: 'available', since: T0 } } },
    { type: 'interaction', id: nextId(), at: T0, source: 'fake', interaction: call('i1', 'a1', 'connected', { customer: { phone: '+44 7700 900123' } }) },
  );
  await settle();
  await assert.rejects(client.revealCustomerField('i1', 'phone'), (err: { code?: number }) => err.code === ErrorCode.Unsupported);
  await client.disconnect();
});

test('step-up: a barge is held until the host verifies the user, then runs; audited', async () => {
  const requests: StepUpRequest[] = [];
  let release!: () => void;
  const verified = new Promise<void>((resolve) => (release = resolve));
  const { client, first: live, reached } = await simFloor({
    policy: { stepUp: { commands: ['start-monitoring'], modes: ['barge'] } },
    verifyUser: async (request) => {
      requests.push(request);
      await verified;
      return true;
    },
  });
  // Listening is not in the policy: it runs at once.
  await client.startMonitoring(live.agentId as string, live.id, 'listen');
  assert.deepEqual(reached, ['start-monitoring']);
  // A call: the simulator, as the platforms, barges into voice calls only.
  const other = client.getInteractions({ state: 'connected' }).find((i) => i.id !== live.id && i.agentId !== undefined && i.channel === 'voice');
  assert.ok(other);
  const barge = client.startMonitoring(other.agentId as string, other.id, 'barge');
  // The verification is code loaded on first need (a dynamic import): asked once it is here.
  for (let i = 0; i < 100 && requests.length === 0; i++) await settle();
  assert.equal(requests.length, 1, 'the host was asked to verify');
  assert.equal(requests[0]?.action, 'start-monitoring');
  assert.equal(requests[0]?.target['interactionId'], other.id);
  assert.deepEqual(reached, ['start-monitoring'], 'the barge waits: nothing reached the adapter yet');
  release();
  await barge;
  assert.deepEqual(reached, ['start-monitoring', 'start-monitoring'], 'then it runs');
  const stepUps = client.getAuditLog().filter((e) => e.action === 'step-up');
  assert.deepEqual(stepUps.map((e) => e.outcome), ['succeeded']);
  await client.disconnect();
});

test('step-up refused, cancelled or impossible: the command is refused with a typed error and never sent', async () => {
  for (const [verifyUser, code] of [
    [async () => false, ErrorCode.StepUpFailed],
    [async () => Promise.reject(new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError')), ErrorCode.StepUpFailed],
    [undefined, ErrorCode.StepUpRequired],
  ] as const) {
    const { client, first: live, reached } = await simFloor({
      policy: { stepUp: { commands: ['start-monitoring', 'reveal-customer-field'] } },
      ...(verifyUser === undefined ? {} : { verifyUser }),
    });
    await assert.rejects(client.startMonitoring(live.agentId as string, live.id, 'barge'), (err: { code?: number }) => err.code === code);
    await assert.rejects(client.revealCustomerField(live.id, 'name'), (err: { code?: number }) => err.code === code);
    assert.deepEqual(reached, [], 'nothing reached the adapter');
    assert.equal(client.getAuditLog().filter((e) => e.action === 'customer.reveal').length, 0, 'no reveal happened');
    if (verifyUser !== undefined) {
      assert.deepEqual(
        client.getAuditLog().filter((e) => e.action === 'step-up').map((e) => e.outcome),
        ['failed', 'failed'],
      );
    }
    await client.disconnect();
  }
});

test('step-up: one verification covers later sensitive actions for maxAgeMs, then is asked again', async () => {
  let asked = 0;
  const { clock, client, first: live } = await simFloor({
    policy: { stepUp: { commands: ['reveal-customer-field'], maxAgeMs: 60_000 } },
    verifyUser: async () => {
      asked++;
    },
  });
  await client.revealCustomerField(live.id, 'name');
  await client.revealCustomerField(live.id, 'name');
  assert.equal(asked, 1);
  clock.advance(61_000);
  const still = client.getInteraction(live.id) ?? client.getInteractions({ state: 'connected' })[0];
  assert.ok(still);
  await client.revealCustomerField(still.id, 'name').catch(() => undefined);
  assert.equal(asked, 2);
  await client.disconnect();
});

/**
 * A supervisor of t1 whose reveals wait for step-up, connected, with a reveal of i1 (a1's call)
 * held at the prompt until `verify()`. The adapter hands over clear values, as the simulator does.
 */
async function revealHeldAtPrompt() {
  const fake = fakeAdapter();
  const asked: unknown[] = [];
  const adapter = Object.assign(fake, {
    revealCustomerField: async (request: unknown) => {
      asked.push(request);
      return 'Jane Doe';
    },
  });
  let verify!: () => void;
  const verified = new Promise<void>((resolve) => (verify = resolve));
  let prompted = 0;
  const client = createFloorwalk({
    adapter,
    session: supervisorSession,
    clock: createManualClock(T0),
    policy: { stepUp: { commands: ['reveal-customer-field'] } },
    verifyUser: async () => {
      prompted++;
      await verified;
    },
  });
  await client.connect();
  assert.equal(client.getInteraction('i1')?.customer?.name, 'J. D.', 'a1 (team t1) is on i1, held masked');
  const reveal = client.revealCustomerField('i1', 'name');
  for (let i = 0; i < 100 && prompted === 0; i++) await settle();
  assert.equal(prompted, 1, 'the supervisor is asked to verify');
  return { fake, asked, client, reveal, verify, prompted: () => prompted };
}

test('step-up: a reveal is checked again after the verification; an interaction transferred to another team meanwhile is not revealed', async () => {
  const { fake, asked, client, reveal, verify, prompted } = await revealHeldAtPrompt();
  // While the person answers the prompt, the call is transferred to b1, of team t2.
  fake.emit({ type: 'interaction', id: nextId(), at: T0 + 1000, source: 'fake', interaction: call('i1', 'b1', 'connected', { connectedAt: T0 + 1000 }) });
  await settle();
  assert.equal(client.getInteraction('i1'), undefined, 'the session no longer holds it');
  verify();
  await assert.rejects(reveal, (err: { code?: number }) => err.code === ErrorCode.UnknownInteraction);
  assert.equal(asked.length, 0, 'the adapter was never asked for the clear value');
  assert.deepEqual(
    client.getAuditLog().map((e) => [e.action, e.outcome]),
    [
      ['step-up', 'succeeded'],
      ['command.denied', 'denied'],
    ],
    'no reveal was requested; the refusal is on the record',
  );
  // Another team's call (i2, b1's) is refused at once, before any prompt, and recorded as well.
  await assert.rejects(client.revealCustomerField('i2', 'phone'), (err: { code?: number }) => err.code === ErrorCode.UnknownInteraction);
  assert.equal(prompted(), 1);
  const last = client.getAuditLog().at(-1);
  assert.deepEqual([last?.action, last?.target['command'], last?.target['interactionId']], ['command.denied', 'reveal-customer-field', 'i2']);
  await client.disconnect();
});

test('step-up: a call transferred within the teams while the prompt was open is revealed as it is now, its new agent the one the trail names', async () => {
  const { fake, client, reveal, verify } = await revealHeldAtPrompt();
  // While the supervisor answers the prompt, a1 hands the call to a2, of the same team t1.
  fake.emit({ type: 'interaction', id: nextId(), at: T0 + 1000, source: 'fake', interaction: call('i1', 'a2', 'connected', { connectedAt: T0 + 1000 }) });
  await settle();
  verify();
  assert.equal(await reveal, 'Jane Doe');
  assert.deepEqual(
    client.getAuditLog().map((e) => [e.action, e.outcome, e.target['agentId'], e.subject]),
    [
      ['step-up', 'succeeded', 'a1', 'a1'],
      ['customer.reveal', 'requested', 'a2', 'a2'],
      ['customer.reveal', 'succeeded', 'a2', 'a2'],
    ],
    'the reveal names the agent whose call it was when it was revealed',
  );
  await client.disconnect();
});
