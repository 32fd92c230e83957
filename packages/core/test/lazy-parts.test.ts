// The parts of the core that load on first need (dynamic imports: reveal, step-up, WebAuthn, the
// outbox's replay), each from a cold start in this process: the first use loads the part and
// works, later uses reuse it, and a load that fails (as a dropped connection or a missing chunk
// would make it) is a retryable `LoadFailed`, never an unhandled rejection, a lost command or
// a command out of order. Node's test runner gives each file a process of its own, so nothing
// here was loaded before; within the file each part is failed first, then loaded.
//
//   node --experimental-websocket --import tsx --test packages/core/test/lazy-parts.test.ts
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import {
  createFloorwalk,
  createIndexedDbStorage,
  createMemoryStorage,
  createWebAuthnVerifier,
  ErrorCode,
  FloorwalkError,
  type Command,
  type IntentSettled,
  type StepUpRequest,
  type VerifyUser,
} from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import { importers } from '../src/internal/parts.js';
import { fakeAdapter, settle, T0, until } from './fixtures.js';
import { simFloor } from './sim-floor.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
process.on('unhandledRejection', onUnhandled);
after(() => {
  process.off('unhandledRejection', onUnhandled);
  assert.deepEqual(unhandled, [], 'no load failure went unhandled');
});

/** Counts the loads of a part, and makes them fail (a module that does not exist) while `failing`. */
function watch(part: keyof typeof importers): { loads: number; failing: boolean } {
  const real = importers[part] as () => Promise<unknown>;
  const state = { loads: 0, failing: true };
  (importers as Record<string, () => Promise<unknown>>)[part] = () => {
    state.loads++;
    return state.failing ? import(`./no-such-chunk-${part}.js`) : real();
  };
  return state;
}

const loadFailed = (err: unknown): boolean => err instanceof FloorwalkError && err.code === ErrorCode.LoadFailed && err.retryable;

test('reveal: a failed load rejects with a retryable LoadFailed and reveals nothing; the next call loads it, later ones reuse it', async () => {
  const part = watch('reveal');
  const { client, live } = await simFloor();
  const i = live[0]!;
  const field = i.customer?.phone !== undefined ? 'phone' : 'email';
  await assert.rejects(client.revealCustomerField(i.id, field), loadFailed);
  assert.equal(part.loads, 1);
  assert.equal(client.getAuditLog().filter((e) => e.action === 'customer.reveal').length, 0, 'nothing was revealed or asked for');

  part.failing = false;
  const clear = await client.revealCustomerField(i.id, field);
  assert.ok(typeof clear === 'string' && !clear.includes('•'), `revealed in clear: ${clear}`);
  assert.deepEqual(client.getAuditLog().filter((e) => e.action === 'customer.reveal').map((e) => e.outcome), ['requested', 'succeeded']);
  // Checks still run in the loaded part: an unknown field is refused as before.
  await assert.rejects(client.revealCustomerField(i.id, 'ssn' as 'name'), (err: { code?: number }) => err.code === ErrorCode.InvalidArgument);
  await client.revealCustomerField(i.id, field);
  assert.equal(part.loads, 2, 'loaded once, then reused');
  await client.disconnect();
});

test('step-up: a failed load refuses the held command with a retryable LoadFailed, never asks or sends; the next one loads it and runs', async () => {
  const part = watch('stepUp');
  const asked: StepUpRequest[] = [];
  const verifyUser: VerifyUser = async (request) => {
    asked.push(request);
    return true;
  };
  const { client, live, reached } = await simFloor({ policy: { stepUp: { commands: ['start-monitoring'], modes: ['barge'] } }, verifyUser });
  const [a, b] = live as [(typeof live)[0], (typeof live)[0]];
  // Made with the client: the page will need it, so it is fetched at once (and fails here).
  assert.equal(part.loads, 1);
  await assert.rejects(client.startMonitoring(a.agentId as string, a.id, 'barge'), loadFailed);
  assert.deepEqual(asked, [], 'the user was not asked');
  assert.deepEqual(reached, [], 'nothing reached the adapter');
  assert.deepEqual(client.getAuditLog().filter((e) => e.action === 'step-up').map((e) => e.outcome), ['failed']);

  part.failing = false;
  const failed = part.loads;
  await client.startMonitoring(a.agentId as string, a.id, 'barge');
  assert.equal(part.loads, failed + 1, 'a failed load is forgotten: the next action loads it');
  assert.equal(asked.length, 1);
  assert.deepEqual(reached, ['start-monitoring']);
  await client.startMonitoring(b.agentId as string, b.id, 'barge');
  assert.equal(asked.length, 2, 'every barge is verified (maxAgeMs 0)');
  assert.equal(part.loads, failed + 1, 'loaded once, then reused');
  await client.disconnect();
});

test('WebAuthn: a failed load of the ceremony is a retryable LoadFailed (not a refusal), and the next verification loads and runs it', async () => {
  const part = watch('webAuthn');
  const posted: string[] = [];
  const fetch = (async (url: string) => {
    posted.push(url);
    return { ok: true, status: 200, json: async () => ({ challenge: 'Y2hhbGxlbmdl' }) };
  }) as unknown as typeof globalThis.fetch;
  // An assertion whose authenticator data has the user-verified flag (bit 2 of byte 32).
  const authenticatorData = new Uint8Array(37);
  authenticatorData[32] = 0x05;
  const credentials = {
    get: async () => ({
      id: 'cred-1',
      type: 'public-key',
      response: { clientDataJSON: new Uint8Array([1]).buffer, authenticatorData: authenticatorData.buffer, signature: new Uint8Array([2]).buffer, userHandle: null },
    }),
  } as unknown as Pick<CredentialsContainer, 'get'>;
  const verifyUser = createWebAuthnVerifier({ challengeUrl: '/challenge', verifyUrl: '/verify', fetch, credentials });
  assert.equal(part.loads, 1, 'fetched as the verifier is made, before any click waits for it');
  const { client, live, reached } = await simFloor({ policy: { stepUp: { commands: ['start-monitoring'], modes: ['barge'] } }, verifyUser });
  const a = live[0]!;
  await assert.rejects(client.startMonitoring(a.agentId as string, a.id, 'barge'), loadFailed);
  assert.deepEqual(posted, [], 'no challenge was asked for');
  assert.deepEqual(reached, []);

  part.failing = false;
  const failed = part.loads;
  await client.startMonitoring(a.agentId as string, a.id, 'barge');
  assert.deepEqual(posted, ['/challenge', '/verify']);
  assert.deepEqual(reached, ['start-monitoring']);
  await client.startMonitoring(live[1]!.agentId as string, live[1]!.id, 'barge');
  assert.equal(posted.length, 4);
  assert.equal(part.loads, failed + 1, 'loaded once, then reused');
  await client.disconnect();
});

test("outbox: while its replay code cannot load nothing is sent or lost; once it loads, an earlier page's intents go first, then this page's, in order", async () => {
  const part = watch('outbox');
  const storage = createMemoryStorage();
  const admin = { userId: 'admin-1', role: 'admin', teamIds: 'all' } as const;
  const page = () => {
    const clock = createManualClock(T0 + 1000);
    const adapter = fakeAdapter();
    const client = createFloorwalk({ adapter, session: admin, clock, outbox: { storage }, reconnect: { jitter: 0 } });
    const errors: FloorwalkError[] = [];
    const settled: IntentSettled[] = [];
    client.on('error', (e) => errors.push(e));
    client.on('intent', (s) => settled.push(s));
    return { clock, adapter, client, errors, settled };
  };
  const states = (executed: readonly Command[]) => executed.map((c) => (c.type === 'set-presence' ? c.state : c.type));

  // An earlier page stores two intents while offline, then goes away.
  const first = page();
  await first.client.connect();
  first.adapter.sink!.status('offline');
  void first.client.setAgentPresence('a2', 'meal').catch(() => {});
  void first.client.setAgentPresence('a2', 'training').catch(() => {});
  await settle();
  assert.equal(storage.data.size, 2, 'stored, though the replay code never loaded');

  const second = page();
  await second.client.connect();
  // The failed import's rejection comes back through the module loader, in as many turns as
  // the machine's load makes it take.
  await until(() => second.errors.length > 0, 'the failed load to be reported');
  assert.ok(second.errors.every(loadFailed), 'the failed load is reported as a retryable LoadFailed');
  let done = false;
  const mine = second.client.setAgentPresence('a2', 'available').then(() => (done = true));
  await settle();
  assert.deepEqual(second.adapter.executed, [], 'nothing goes out: it would overtake the earlier page');
  assert.equal(done, false, 'the command waits, neither sent nor refused');
  assert.equal(storage.data.size, 3);

  part.failing = false;
  // A load begun before this may still fail and set its retry from then: the clock moves in
  // backoff steps until the queue has drained.
  await until(() => {
    if (!done) second.clock.advance(250);
    return done;
  }, 'the queued commands to go out once the part loads');
  assert.deepEqual(states(second.adapter.executed), ['meal', 'training', 'available']);
  assert.deepEqual(second.settled.map((s) => [s.outcome, s.restored]), [
    ['confirmed', true],
    ['confirmed', true],
    ['confirmed', false],
  ]);
  assert.equal(storage.data.size, 0);
  const loads = part.loads;
  await second.client.setAgentPresence('a2', 'break');
  assert.equal(part.loads, loads, 'loaded once, then reused');
  await second.client.disconnect();
});

test("IndexedDB storage: its code failing to load counts as IndexedDB failing: the write is kept in memory and the failure is LoadFailed; the code is not fetched again", async () => {
  const part = watch('idb');
  const storage = createIndexedDbStorage('lazy-parts', 'kv');
  await storage.set('k1', { n: 1 });
  assert.equal(part.loads, 1);
  assert.ok(loadFailed(storage.failure), 'the failure says the storage code could not load');
  part.failing = false;
  await storage.set('k2', { n: 2 });
  assert.deepEqual(await storage.entries(), [['k1', { n: 1 }], ['k2', { n: 2 }]], 'nothing lost: both in memory');
  assert.equal(part.loads, 1, 'in memory for good, as after any IndexedDB failure');
  // A storage made later loads it: here (Node) it then finds no IndexedDB, which is a failure of another kind.
  const later = createIndexedDbStorage('lazy-parts', 'kv');
  await later.set('k3', 3);
  assert.equal(part.loads, 2);
  assert.ok(later.failure !== undefined && !loadFailed(later.failure), 'loaded, then IndexedDB missing');
  assert.deepEqual(await later.entries(), [['k3', 3]]);
});
