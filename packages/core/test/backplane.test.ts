// The backplane port and the decorator around a small scripted adapter: core's conformance suite
// on the decorated adapter, the memory backplane's compare-and-set, and the rules the decorator
// enforces at the write whatever a client sends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, FloorwalkError, type Adapter, type AdapterSink, type ChatMessage, type CheckIn, type Command, type CommandEnvelope, type FloorwalkEvent, type MonitoringSession, type Presence, type PresenceState } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane, type Backplane } from '@floorwalk/core/backplane';
import { adapterConformanceCases, createManualClock, type ConformanceHarness, type ManualClock } from '@floorwalk/core/testing';
import { agent, centreSnapshot, T0 } from './fixtures.js';

/**
 * A platform with presence and monitoring (listen, on the centre snapshot's calls; so leases
 * apply) only: a vendor without collaboration. It can throttle a request and drop its link.
 * It takes set-presence on the agents it knows, as a vendor without idempotency keys does (each
 * request is a change, stamped a millisecond on), and reports it. `page()` is another adapter
 * over it, as a reloaded page makes: its own link and key memory, the platform as it is.
 */
function scripted(clock: ManualClock) {
  const sinks = new Set<AdapterSink>();
  let seq = 0;
  const presences = new Map<string, Presence>((centreSnapshot().agents ?? []).map((a) => [a.id, a.presence]));
  presences.set('a1', { state: 'available', since: T0 });
  let applied = 0;
  let last: FloorwalkEvent[] = [];
  /** Set by rateLimit(): the platform answers the next request it would take with 429 and this wait. */
  let limitNext: number | undefined;
  /** The link is down (interrupt()): what the platform says meanwhile is lost in transit. */
  let down = false;
  const say = (batch: FloorwalkEvent[]): void => {
    last = batch;
    if (!down) for (const s of sinks) s.events(batch);
  };
  const change = (agentId: string, state: PresenceState): void => {
    const presence = { state, since: clock.now() };
    presences.set(agentId, presence);
    say([{ type: 'presence', id: `v-${++seq}`, at: presence.since, source: 'scripted', agentId, presence }]);
  };
  // The platform's monitoring sessions, on the calls of the centre snapshot.
  const sessions = new Map<string, MonitoringSession>();
  const calls = new Map((centreSnapshot(T0).interactions ?? []).map((i) => [i.id, i.agentId]));
  const monitor = (command: CommandEnvelope): boolean => {
    if (command.type === 'start-monitoring' && calls.get(command.interactionId) === command.agentId) {
      applied++;
      clock.advance(1);
      const session: MonitoringSession = { id: `m-${++seq}`, mode: command.mode, supervisorId: command.issuedBy, agentId: command.agentId, interactionId: command.interactionId, startedAt: clock.now() };
      sessions.set(session.id, session);
      say([{ type: 'monitoring', id: `v-${++seq}`, at: session.startedAt, source: 'scripted', session }]);
      return true;
    }
    const session = command.type === 'stop-monitoring' ? sessions.get(command.sessionId) : undefined;
    if (session === undefined || session.endedAt !== undefined) return false;
    applied++;
    clock.advance(1);
    const ended: MonitoringSession = { ...session, endedAt: clock.now(), endReason: 'stopped' };
    sessions.set(session.id, ended);
    say([{ type: 'monitoring', id: `v-${++seq}`, at: clock.now(), source: 'scripted', session: ended }]);
    return true;
  };
  const page = (): Adapter => {
    let sink: AdapterSink | null = null;
    // As every adapter does: a key it has taken is answered with its first outcome.
    const outcomes = new Map<string, Promise<void>>();
    const setPresence = async (command: CommandEnvelope & { type: 'set-presence' }): Promise<void> => {
      // Queued by an earlier page, which may have sent it: done if the platform shows it.
      if (command.restored === true && presences.get(command.agentId)?.state === command.state) return;
      applied++;
      clock.advance(1);
      change(command.agentId, command.state);
    };
    return {
      id: 'scripted',
      capabilities: { channels: ['voice'], commands: ['set-presence', 'start-monitoring', 'stop-monitoring'], monitoringModes: ['listen'], agentSeesMonitoring: true },
      async connect(s) {
        if (sink !== null) sinks.delete(sink);
        sink = s;
        sinks.add(s);
        s.status('live');
      },
      async snapshot() {
        const base = centreSnapshot(clock.now());
        const monitoring = [...sessions.values()].filter((m) => m.endedAt === undefined);
        return { ...base, id: `snap-${++seq}`, source: 'scripted', agents: base.agents!.map((a) => ({ ...a, presence: presences.get(a.id) ?? a.presence })), monitoring };
      },
      async execute(command) {
        if (!['set-presence', 'start-monitoring', 'stop-monitoring'].includes(command.type)) throw new FloorwalkError(ErrorCode.Unsupported, `cannot ${command.type}`);
        if (command.type === 'start-monitoring' && command.mode !== 'listen') throw new FloorwalkError(ErrorCode.Unsupported, `cannot ${command.mode}`);
        if (command.type === 'start-monitoring' || command.type === 'stop-monitoring') {
          const done = outcomes.get(command.key) ?? (monitor(command) ? Promise.resolve() : undefined);
          if (done === undefined) throw command.type === 'start-monitoring' ? new FloorwalkError(ErrorCode.UnknownInteraction, `no call ${command.interactionId} of ${command.agentId}`) : new FloorwalkError(ErrorCode.UnknownEntity, `no session ${command.sessionId}`);
          outcomes.set(command.key, done);
          return done;
        }
        if (command.type !== 'set-presence' || !presences.has(command.agentId)) throw new FloorwalkError(ErrorCode.UnknownAgent, `no agent ${(command as { agentId: string }).agentId}`);
        if (limitNext !== undefined && !outcomes.has(command.key)) {
          const retryAfterMs = limitNext * 1000;
          limitNext = undefined;
          throw new FloorwalkError(ErrorCode.RateLimited, 'The platform is limiting requests.', { retryable: true, details: { retryAfterMs } });
        }
        const done = outcomes.get(command.key) ?? setPresence(command);
        outcomes.set(command.key, done);
        return done;
      },
      async disconnect() {
        if (sink !== null) sinks.delete(sink);
        sink = null;
      },
    };
  };
  return {
    adapter: page(),
    page,
    connected: () => sinks.size > 0,
    say,
    flip: () => change('a1', presences.get('a1')?.state === 'available' ? 'break' : 'available'),
    /** The set-presence requests the platform took. */
    applied: () => applied,
    redeliver: () => {
      for (const s of sinks) s.events(last);
    },
    malformed: () => {
      for (const s of sinks) s.error(new FloorwalkError(ErrorCode.MalformedEvent, 'vendor sent {"presence":'));
    },
    rateLimit: (seconds: number) => void (limitNext = seconds),
    /** A network blip: every page's link reports `reconnecting`, a change made meanwhile is lost to it, then `live`. */
    interrupt: async () => {
      down = true;
      for (const s of sinks) s.status('reconnecting');
      const state = presences.get('a1')?.state === 'available' ? 'meal' : 'available';
      change('a1', state);
      await settle();
      down = false;
      for (const s of sinks) s.status('live');
      return { agentId: 'a1', state } as const;
    },
  };
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
let keys = 0;
const envelope = (command: Command, issuedBy: string, at = T0): CommandEnvelope => ({ ...command, key: `k${++keys}`, issuedBy, issuedAt: at });

for (const c of adapterConformanceCases('withBackplane(scripted)', (): ConformanceHarness => {
  const clock = createManualClock(T0);
  const vendor = scripted(clock);
  const bp = createMemoryBackplane({ broadcast: false });
  const adapter = withBackplane(vendor.adapter, bp, { clock });
  // Both halves of the double count: the platform's set-presence requests, and the writes the
  // backplane took (a log entry or record; one appended again under its id is not heard again).
  let written = 0;
  bp.watch(() => void written++);
  let round = 0;
  return {
    adapter,
    async drive() {
      if (!vendor.connected()) return;
      clock.advance(60_000);
      // The roster comes from the platform's events; then the backplane carries collaboration.
      vendor.say([{ type: 'agent', id: `roster-${++round}`, at: clock.now(), source: 'scripted', agent: agent('a1', ['t1'], 'available', T0) }]);
      vendor.say([{ type: 'team', id: `team-${round}`, at: clock.now(), source: 'scripted', team: { id: 't1', name: 'Team t1', supervisorIds: ['sup-1'] } }]);
      vendor.flip();
      await adapter.execute(envelope({ type: 'send-message', conversationId: 'team:t1', body: `hello ${round}` }, 'a1', clock.now()));
      await adapter.execute(envelope({ type: 'add-coaching-note', agentId: 'a1', body: 'good call' }, 'sup-1', clock.now()));
      const raise = envelope({ type: 'raise-hand', agentId: 'a1', reason: 'refund' }, 'a1', clock.now());
      await adapter.execute(raise);
      await adapter.execute(envelope({ type: 'resolve-help', requestId: `help-${raise.key}` }, 'a1', clock.now()));
      await settle();
    },
    async redeliver() {
      vendor.redeliver();
    },
    async sendMalformed() {
      vendor.malformed();
    },
    applied: () => vendor.applied() + written,
    rateLimit: vendor.rateLimit,
    interrupt: vendor.interrupt,
    // A reloaded page: a new adapter over the same platform, decorated over the same backplane.
    reload: () => withBackplane(vendor.page(), bp, { clock }),
  };
})) {
  // A case that checked nothing says why, and shows as a skip rather than a pass.
  test(c.name, async (t) => {
    await c.run();
    if (c.skipped !== undefined) t.skip(c.skipped);
  });
}

test('the decorated adapter adds the collaboration commands the platform lacks, and renew-monitoring only beside its monitoring', () => {
  const clock = createManualClock(T0);
  const decorated = withBackplane(scripted(clock).adapter, createMemoryBackplane({ broadcast: false }));
  for (const c of ['raise-hand', 'acknowledge-help', 'send-message', 'mark-delivered', 'propose-check-in', 'confirm-check-in', 'add-coaching-note', 'schedule-coaching-session', 'renew-monitoring'] as const) {
    assert.ok(decorated.capabilities.commands.includes(c), c);
  }
  assert.ok(!decorated.capabilities.commands.includes('start-colleague-call'), 'not a collaboration command the backplane carries');
  const noMonitoring = withBackplane({ ...scripted(clock).adapter, capabilities: { channels: ['voice'], commands: ['set-presence'], monitoringModes: [] } }, createMemoryBackplane({ broadcast: false }));
  assert.ok(!noMonitoring.capabilities.commands.includes('renew-monitoring'));
});

test('compare-and-set: of two writers who read one version exactly one wins; the other learns who holds it', async () => {
  const bp: Backplane = createMemoryBackplane({ broadcast: false });
  const first = await bp.put({ key: 'k', value: { n: 1 }, author: 'a', at: T0, expectedVersion: 0 });
  assert.equal(first.version, 1);
  const results = await Promise.allSettled([
    bp.put({ key: 'k', value: { n: 2 }, author: 'b', at: T0 + 1, expectedVersion: 1 }),
    bp.put({ key: 'k', value: { n: 3 }, author: 'c', at: T0 + 1, expectedVersion: 1 }),
  ]);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected']);
  const err = (results[1] as PromiseRejectedResult).reason as FloorwalkError;
  assert.equal(err.code, ErrorCode.Conflict);
  assert.equal(err.details?.author, 'b');
  assert.equal(err.details?.version, 2);
  assert.deepEqual((await bp.get('k'))?.value, { n: 2 });
  // The log is append-only and idempotent by id; the store's records carry author and time.
  const a = await bp.append({ log: 'audit', id: 'e1', value: 'x', author: 'a', at: T0 });
  const again = await bp.append({ log: 'audit', id: 'e1', value: 'y', author: 'b', at: T0 + 5 });
  assert.deepEqual([a.seq, again.seq, again.value, again.author], [1, 1, 'x', 'a']);
  await bp.append({ log: 'audit', id: 'e2', value: 'z', author: 'b', at: T0 + 6 });
  assert.deepEqual((await bp.read('audit', { afterSeq: 1 })).map((e) => e.id), ['e2']);
  const heard: string[] = [];
  const off = bp.subscribe<string>('typing', (m) => heard.push(`${m.author}:${m.message}`));
  await bp.publish('typing', 'hi', 'a');
  await settle();
  off();
  await bp.publish('typing', 'gone', 'a');
  await settle();
  assert.deepEqual(heard, ['a:hi']);
  bp.close();
  await assert.rejects(bp.put({ key: 'k2', value: 1, author: 'a', at: T0, expectedVersion: 0 }), (e: FloorwalkError) => e.code === ErrorCode.NotConnected);
});

/** A connected decorated adapter over the scripted platform, with a recording sink. */
async function rig(bp: Backplane, clock: ManualClock, options: Parameters<typeof withBackplane>[2] = {}) {
  const vendor = scripted(clock);
  const adapter = withBackplane(vendor.adapter, bp, { clock, ...options });
  const events: FloorwalkEvent[] = [];
  const errors: FloorwalkError[] = [];
  await adapter.connect({ events: (b) => void events.push(...b), status: () => {}, error: (e) => void errors.push(e) });
  await adapter.snapshot();
  return { adapter, vendor, events, errors };
}

async function rejectsWith(promise: Promise<unknown>, code: number): Promise<FloorwalkError> {
  let caught: FloorwalkError | undefined;
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof FloorwalkError, String(err));
    assert.equal(err.code, code, err.message);
    caught = err;
    return true;
  });
  return caught as FloorwalkError;
}

test("rules hold where the write happens: the host's notice and window beat a client's own, and only the agent consents", async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const { adapter, events } = await rig(bp, clock, { checkInNoticeMs: 3_600_000, checkInWindowMs: 300_000 });
  // A client that claims no notice is needed is still held to the host's hour.
  await rejectsWith(adapter.execute(envelope({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + 600_000, minNoticeMs: 0 }, 'sup-1')), ErrorCode.NoticeTooShort);
  const propose = envelope({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + 2 * 3_600_000 }, 'sup-1');
  await adapter.execute(propose);
  // Executing the same envelope again has one effect (idempotency key).
  await adapter.execute(propose);
  const id = `checkin-${propose.key}`;
  // Nobody but the agent answers, nor starts before they accepted.
  await rejectsWith(adapter.execute(envelope({ type: 'answer-check-in', checkInId: id, answer: 'accepted' }, 'sup-1')), ErrorCode.Forbidden);
  await rejectsWith(adapter.execute(envelope({ type: 'start-check-in', checkInId: id }, 'sup-1')), ErrorCode.Conflict);
  await adapter.execute(envelope({ type: 'answer-check-in', checkInId: id, answer: 'accepted' }, 'a1'));
  // The same answer again (a replayed intent) changes nothing; a different one is too late.
  await adapter.execute(envelope({ type: 'answer-check-in', checkInId: id, answer: 'accepted' }, 'a1'));
  await rejectsWith(adapter.execute(envelope({ type: 'answer-check-in', checkInId: id, answer: 'declined' }, 'a1')), ErrorCode.Conflict);
  // A wide window asked by the client is narrowed to the host's five minutes.
  clock.advanceTo(T0 + 2 * 3_600_000 - 600_000);
  await rejectsWith(adapter.execute(envelope({ type: 'start-check-in', checkInId: id, windowMs: 3_600_000 }, 'sup-1')), ErrorCode.OutsideWindow);
  clock.advanceTo(T0 + 2 * 3_600_000 - 60_000);
  await rejectsWith(adapter.execute(envelope({ type: 'confirm-check-in', checkInId: id }, 'a1')), ErrorCode.Conflict);
  await adapter.execute(envelope({ type: 'start-check-in', checkInId: id, windowMs: 3_600_000 }, 'sup-1'));
  await rejectsWith(adapter.execute(envelope({ type: 'confirm-check-in', checkInId: id }, 'sup-1')), ErrorCode.Forbidden);
  await adapter.execute(envelope({ type: 'confirm-check-in', checkInId: id }, 'a1'));
  await settle();
  const phases = events.filter((e): e is Extract<FloorwalkEvent, { type: 'check-in' }> => e.type === 'check-in').map((e) => `${e.checkIn.answer}/${e.checkIn.phase}`);
  assert.deepEqual(phases, ['pending/scheduled', 'accepted/scheduled', 'accepted/starting', 'accepted/live']);
  const audited = events.filter((e): e is Extract<FloorwalkEvent, { type: 'audit' }> => e.type === 'audit').map((e) => `${e.entry.action}:${e.entry.actor}`);
  assert.deepEqual(audited, ['check-in.propose:sup-1', 'check-in.accept:a1', 'check-in.start:sup-1', 'check-in.confirm:a1']);
  // A hand is raised by its own agent only, one at a time, on their own interaction.
  await rejectsWith(adapter.execute(envelope({ type: 'raise-hand', agentId: 'a1', reason: 'x' }, 'a2')), ErrorCode.Forbidden);
  await rejectsWith(adapter.execute(envelope({ type: 'raise-hand', agentId: 'a1', reason: 'x', interactionId: 'i2' }, 'a1')), ErrorCode.UnknownInteraction);
  const raise = envelope({ type: 'raise-hand', agentId: 'a1', reason: 'x', interactionId: 'i1' }, 'a1');
  await adapter.execute(raise);
  await rejectsWith(adapter.execute(envelope({ type: 'raise-hand', agentId: 'a1', reason: 'again' }, 'a1')), ErrorCode.Conflict);
  // Acknowledged twice by the same supervisor: one effect; by another: Conflict naming the first.
  await adapter.execute(envelope({ type: 'acknowledge-help', requestId: `help-${raise.key}` }, 'sup-1'));
  await adapter.execute(envelope({ type: 'acknowledge-help', requestId: `help-${raise.key}` }, 'sup-1'));
  const taken = await rejectsWith(adapter.execute(envelope({ type: 'acknowledge-help', requestId: `help-${raise.key}` }, 'sup-2')), ErrorCode.Conflict);
  assert.equal(taken.details?.acknowledgedBy, 'sup-1');
  await settle();
  assert.equal(events.filter((e) => e.type === 'help-request' && e.request.state === 'acknowledged').length, 1, 'one acknowledgement written');
  // Chat: a 1:1 conversation is its two people's.
  await rejectsWith(adapter.execute(envelope({ type: 'send-message', conversationId: 'dm:a1:b1', body: 'psst' }, 'a2')), ErrorCode.Forbidden);
  await adapter.disconnect();
});

test('a corrupt entry on the backplane is reported as an error and the rest still arrives', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const { adapter, events, errors } = await rig(bp, clock);
  await bp.put({ key: 'help/bogus', value: null, author: 'mallory', at: T0, expectedVersion: 0 });
  await adapter.execute(envelope({ type: 'send-message', conversationId: 'team:t1', body: 'still here' }, 'a1'));
  await settle();
  assert.equal(errors.length, 1);
  assert.ok(errors[0] instanceof FloorwalkError);
  assert.ok(events.some((e) => e.type === 'chat-message' && e.message.body === 'still here'));
  await adapter.disconnect();
});

test('a backplane that fails on connect makes connect reject with a FloorwalkError, and the failed link hears nothing', async () => {
  const clock = createManualClock(T0);
  const real = createMemoryBackplane({ broadcast: false });
  let broken = true;
  const flaky: Backplane = {
    ...real,
    list: (prefix) => (broken ? Promise.reject(new TypeError('socket hang up')) : real.list(prefix)),
  };
  const adapter = withBackplane(scripted(clock).adapter, flaky, { clock });
  const events: FloorwalkEvent[] = [];
  const sink: AdapterSink = { events: (b) => void events.push(...b), status: () => {}, error: () => {} };
  await rejectsWith(adapter.connect(sink), ErrorCode.VendorError);
  await real.append({ log: 'chat', id: 'm1', value: { kind: 'message', message: { id: 'm1', conversationId: 'team:t1', authorId: 'a1', body: 'hi', sentAt: T0, delivery: 'delivered' } }, author: 'a1', at: T0 });
  await settle();
  assert.equal(events.length, 0, "nothing reaches a link that failed");
  broken = false;
  await adapter.connect(sink);
  await real.append({ log: 'chat', id: 'm2', value: { kind: 'message', message: { id: 'm2', conversationId: 'team:t1', authorId: 'a1', body: 'again', sentAt: T0 + 1, delivery: 'delivered' } }, author: 'a1', at: T0 + 1 });
  await settle();
  assert.deepEqual(events.map((e) => (e.type === 'chat-message' ? e.message.body : e.type)), ['again']);
  await adapter.disconnect();
});

test("mark-read reads up to the reader's newest message, not the backplane's, a replay from the outbox included; a client that says nothing reads all", async () => {
  const clock = createManualClock(T0);
  const { adapter, events } = await rig(createMemoryBackplane({ broadcast: false }), clock);
  const dm = 'dm:a1:sup-1';
  const send = async (body: string) => {
    clock.advance(1000);
    await adapter.execute(envelope({ type: 'send-message', conversationId: dm, body }, 'sup-1', clock.now()));
    await settle();
    return events.flatMap((e) => (e.type === 'chat-message' && e.message.body === body ? [e.message] : []))[0] as ChatMessage;
  };
  const read = () => {
    const state = new Map<string, string>();
    for (const e of events) if (e.type === 'chat-message') state.set(e.message.body, e.message.delivery);
    return [...state].filter(([, d]) => d === 'read').map(([b]) => b);
  };
  const seen = await send('seen');
  await send('not yet at the reader');
  const markRead = envelope({ type: 'mark-read', conversationId: dm, upTo: { sentAt: seen.sentAt, id: seen.id } }, 'a1', clock.now());
  await adapter.execute(markRead);
  await settle();
  assert.deepEqual(read(), ['seen']);
  assert.deepEqual(events.flatMap((e) => (e.type === 'chat-read' ? [e.upTo] : [])), [seen.sentAt]);
  // The same intent replayed from the outbox after more arrived marks no more.
  await send('later');
  await adapter.execute(markRead);
  await settle();
  assert.deepEqual(read(), ['seen']);
  // Two messages stamped in one millisecond, the reader had the first: placed in the log's order,
  // the first is read and the second, which the reader lacked, is not.
  clock.advance(1000);
  const at = clock.now();
  const one = envelope({ type: 'send-message', conversationId: dm, body: 'tie one' }, 'sup-1', at);
  const two = envelope({ type: 'send-message', conversationId: dm, body: 'tie two' }, 'sup-1', at);
  await adapter.execute(one);
  await adapter.execute(two);
  await settle();
  const placed = events.flatMap((e) => (e.type === 'chat-message' && e.message.id === `msg-${one.key}` ? [e.message.sentAt] : []))[0] as number;
  await adapter.execute(envelope({ type: 'mark-read', conversationId: dm, upTo: { sentAt: placed, id: `msg-${one.key}` } }, 'a1', at));
  await settle();
  assert.deepEqual(read(), ['seen', 'not yet at the reader', 'later', 'tie one'], 'not the message after it the reader lacked');
  // An older client sends no upTo: read up to the newest, as before.
  await adapter.execute(envelope({ type: 'mark-read', conversationId: dm }, 'a1', clock.now()));
  await settle();
  assert.deepEqual(read().sort(), ['later', 'not yet at the reader', 'seen', 'tie one', 'tie two']);
  await adapter.disconnect();
});

test('past the time a check-in lapses, only an end or a cancel changes it, even where no timer has closed it yet (a client back from sleep)', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  // Timers that never run: the writes alone must hold the line.
  const asleep = { now: () => clock.now(), setTimeout: () => 0 as unknown as ReturnType<ManualClock['setTimeout']>, clearTimeout: () => {} };
  const { adapter } = await rig(bp, clock, { clock: asleep, checkInConfirmMs: 60_000 });
  const propose = envelope({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + 3_600_000 }, 'sup-1');
  await adapter.execute(propose);
  const id = `checkin-${propose.key}`;
  const held = async () => (await bp.get<CheckIn>(`check-in/${id}`))?.value;
  assert.equal((await held())?.lapsesAt, T0 + 3_600_000 + 600_000, 'the default window');
  await adapter.execute(envelope({ type: 'answer-check-in', checkInId: id, answer: 'accepted' }, 'a1'));
  clock.advanceTo(T0 + 3_600_000);
  await adapter.execute(envelope({ type: 'start-check-in', checkInId: id }, 'sup-1'));
  assert.equal((await held())?.lapsesAt, T0 + 3_600_000 + 60_000, 'the host’s minute to join');
  clock.advanceTo(T0 + 3_600_000 + 60_000);
  const late = await rejectsWith(adapter.execute(envelope({ type: 'confirm-check-in', checkInId: id }, 'a1')), ErrorCode.OutsideWindow);
  assert.equal(late.details?.lapsesAt, T0 + 3_600_000 + 60_000);
  assert.equal((await held())?.phase, 'starting', 'refused, not live');
  await adapter.execute(envelope({ type: 'end-check-in', checkInId: id }, 'sup-1'));
  const ended = await held();
  assert.equal(ended?.phase, 'ended');
  assert.equal(ended?.lapsesAt, undefined);
});

test('a foreign record under a check-in key (no times) is never "closed": the lapse timer leaves it as it is', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  await bp.put({ key: 'check-in/foreign', value: 'proposed', author: 'someone', at: T0, expectedVersion: 0 });
  await rig(bp, clock);
  clock.advance(24 * 3_600_000);
  await settle();
  const held = await bp.get('check-in/foreign');
  assert.deepEqual([held?.value, held?.version], ['proposed', 1]);
});

test("a team's chat is its members' and supervisors': an agent or supervisor the platform lists elsewhere is refused; a person it lists nowhere comes on their client's word", async () => {
  const clock = createManualClock(T0);
  const { adapter, events } = await rig(createMemoryBackplane({ broadcast: false }), clock);
  // b1 is an agent of t2, sup-2 its supervisor: neither belongs in t1's chat.
  await rejectsWith(adapter.execute(envelope({ type: 'send-message', conversationId: 'team:t1', body: 'from t2' }, 'b1')), ErrorCode.Forbidden);
  await rejectsWith(adapter.execute(envelope({ type: 'send-message', conversationId: 'team:t1', body: 'from sup-2' }, 'sup-2')), ErrorCode.Forbidden);
  await rejectsWith(adapter.execute(envelope({ type: 'mark-read', conversationId: 'team:t1' }, 'b1')), ErrorCode.Forbidden);
  for (const by of ['a2', 'sup-1', 'admin-1']) await adapter.execute(envelope({ type: 'send-message', conversationId: 'team:t1', body: `from ${by}` }, by));
  await settle();
  assert.deepEqual(events.flatMap((e) => (e.type === 'chat-message' ? [e.message.body] : [])), ['from a2', 'from sup-1', 'from admin-1']);
  // Where the host names the team's supervisors, theirs is the list.
  const named = await rig(createMemoryBackplane({ broadcast: false }), clock, { supervisorsOf: (t) => (t === 't1' ? ['lead-1'] : ['sup-2']) });
  await named.adapter.execute(envelope({ type: 'send-message', conversationId: 'team:t1', body: 'lead' }, 'lead-1'));
  await rejectsWith(named.adapter.execute(envelope({ type: 'send-message', conversationId: 'team:t1', body: 'not mine' }, 'sup-2')), ErrorCode.Forbidden);
  for (const a of [adapter, named.adapter]) await a.disconnect();
});

test('a reader shows no chat message its author could not have posted (written past the check by another page), live or replayed', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const live = await rig(bp, clock);
  const forge = (id: string, conversationId: string, authorId: string) =>
    bp.append({ log: 'chat', id, value: { kind: 'message', message: { id, conversationId, authorId, body: id, sentAt: clock.now(), delivery: 'delivered' } }, author: authorId, at: clock.now() });
  await forge('into-t1-by-b1', 'team:t1', 'b1');
  await forge('into-t1-by-sup-2', 'team:t1', 'sup-2');
  await forge('into-dm-by-a2', 'dm:a1:b1', 'a2');
  await forge('into-t1-by-a1', 'team:t1', 'a1');
  await forge('into-t1-by-admin', 'team:t1', 'admin-1');
  await settle();
  const bodies = (events: FloorwalkEvent[]) => events.flatMap((e) => (e.type === 'chat-message' ? [e.message.body] : []));
  assert.deepEqual(bodies(live.events), ['into-t1-by-a1', 'into-t1-by-admin']);
  // A page connecting later replays the log after its first snapshot, judged on that snapshot's roster.
  const late = await rig(bp, clock);
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(bodies(late.events), ['into-t1-by-a1', 'into-t1-by-admin']);
  for (const a of [live.adapter, late.adapter]) await a.disconnect();
});

test('a reader counts no read marker from outside the conversation (written past the check), live or replayed; a DM message is not marked read by a third person', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const live = await rig(bp, clock);
  await live.adapter.execute(envelope({ type: 'send-message', conversationId: 'dm:a1:b1', body: 'to b1' }, 'a1'));
  const mark = (id: string, conversationId: string, userId: string) =>
    bp.append({ log: 'chat', id, value: { kind: 'read', conversationId, userId, upTo: clock.now() }, author: userId, at: clock.now() });
  clock.advance(1000);
  await mark('t1-by-b1', 'team:t1', 'b1');
  await mark('dm-by-a2', 'dm:a1:b1', 'a2');
  await mark('t1-by-a2', 'team:t1', 'a2');
  await settle();
  const reads = (events: FloorwalkEvent[]) => events.flatMap((e) => (e.type === 'chat-read' ? [`${e.conversationId} ${e.userId}`] : []));
  const dmDelivery = (events: FloorwalkEvent[]) => events.flatMap((e) => (e.type === 'chat-message' && e.message.body === 'to b1' ? [e.message.delivery] : [])).pop();
  assert.deepEqual(reads(live.events), ['team:t1 a2']);
  assert.notEqual(dmDelivery(live.events), 'read', 'a2 reading the DM of a1 and b1 does not make it read');
  const late = await rig(bp, clock);
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(reads(late.events), ['team:t1 a2']);
  assert.notEqual(dmDelivery(late.events), 'read');
  for (const a of [live.adapter, late.adapter]) await a.disconnect();
});

test("a team message from an agent whose move into the team the platform reports just after is shown then, within a while; one from outside stays hidden", async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const live = await rig(bp, clock);
  const forge = (id: string, authorId: string) =>
    bp.append({ log: 'chat', id, value: { kind: 'message', message: { id, conversationId: 'team:t1', authorId, body: id, sentAt: clock.now(), delivery: 'sent' } }, author: authorId, at: clock.now() });
  const bodies = () => live.events.flatMap((e) => (e.type === 'chat-message' ? [e.message.body] : []));
  const move = (id: string, teamIds: string[], v: string) => live.vendor.say([{ type: 'agent', id: v, at: clock.now(), source: 'scripted', agent: { ...agent(id, teamIds), presence: { state: 'available', since: T0 } } }]);
  // b1 has moved into t1 on the platform, and writes there before this page's platform says so.
  await forge('b1 moving in', 'b1');
  await settle();
  assert.deepEqual(bodies(), [], 'not shown on the roster this page holds');
  clock.advance(15_000);
  move('b1', ['t1'], 'v-move-b1');
  await settle();
  assert.deepEqual(bodies(), ['b1 moving in'], 'shown once the move is reported');
  // A message from an agent of another team is not shown when an unrelated agent changes.
  move('c1', ['t2'], 'v-c1');
  await forge('c1 from t2', 'c1');
  move('a2', ['t1'], 'v-a2');
  await settle();
  assert.deepEqual(bodies(), ['b1 moving in']);
  // Held a while only: a move reported long after is no reason to show what was written then.
  clock.advance(10 * 60_000);
  move('c1', ['t1'], 'v-move-c1');
  await settle();
  assert.deepEqual(bodies(), ['b1 moving in']);
  await live.adapter.disconnect();
});

test("a page connecting again judges the replayed chat on the new snapshot's roster: a message by an agent who joined the team while it was away is shown", async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const reader = await rig(bp, clock);
  await reader.adapter.disconnect();
  // While the page is away, the platform moves b1 from t2 into t1, and b1 writes in t1's chat.
  const moved = centreSnapshot(clock.now());
  reader.vendor.adapter.snapshot = async () => ({ ...moved, id: 'snap-moved', source: 'scripted', agents: moved.agents!.map((a) => (a.id === 'b1' ? { ...a, teamIds: ['t1'] } : a)) });
  const writer = withBackplane(reader.vendor.adapter, bp, { clock });
  await writer.connect({ events: () => {}, status: () => {}, error: () => {} });
  await writer.snapshot();
  await writer.execute(envelope({ type: 'send-message', conversationId: 'team:t1', body: 'b1, new in t1' }, 'b1'));
  await writer.disconnect();
  const events: FloorwalkEvent[] = [];
  await reader.adapter.connect({ events: (b) => void events.push(...b), status: () => {}, error: () => {} });
  await reader.adapter.snapshot();
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(
    events.flatMap((e) => (e.type === 'chat-message' ? [e.message.body] : [])),
    ['b1, new in t1'],
    'judged on the roster the new snapshot brought, not the one held from before',
  );
  await reader.adapter.disconnect();
});

const HOUR = 3_600_000;

test('an end or cancel retried after its first try closed the record counts as done, nothing written again; one closed by someone else is still a conflict', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const { adapter, errors } = await rig(bp, clock, { keepEndedMs: 24 * HOUR });
  const propose = envelope({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + HOUR }, 'sup-1');
  await adapter.execute(propose);
  const id = `checkin-${propose.key}`;
  const cancel = envelope({ type: 'cancel-check-in', checkInId: id }, 'a1');
  await adapter.execute(cancel);
  const version = (await bp.get(`check-in/${id}`))?.version;
  // The answer was lost; the outbox sends it again.
  await adapter.execute(cancel);
  const schedule = envelope({ type: 'schedule-coaching-session', agentId: 'a1', topic: 'Holds', at: T0 + HOUR, durationMs: 30 * 60_000 }, 'sup-1');
  await adapter.execute(schedule);
  const cancelSession = envelope({ type: 'cancel-coaching-session', sessionId: `coaching-${schedule.key}` }, 'sup-1');
  await adapter.execute(cancelSession);
  await adapter.execute(cancelSession);
  // A started check-in ended by the agent, the end retried.
  const other = envelope({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + HOUR }, 'sup-1');
  await adapter.execute(other);
  const otherId = `checkin-${other.key}`;
  await adapter.execute(envelope({ type: 'answer-check-in', checkInId: otherId, answer: 'accepted' }, 'a1'));
  clock.advanceTo(T0 + HOUR);
  await adapter.execute(envelope({ type: 'start-check-in', checkInId: otherId }, 'sup-1', clock.now()));
  const end = envelope({ type: 'end-check-in', checkInId: otherId }, 'a1', clock.now());
  await adapter.execute(end);
  await adapter.execute(end);
  assert.equal((await bp.get(`check-in/${id}`))?.version, version, 'nothing written again');
  // Closed by someone else, it is not this person's to have done: still a conflict.
  await rejectsWith(adapter.execute(envelope({ type: 'cancel-check-in', checkInId: id }, 'sup-1', clock.now())), ErrorCode.Conflict);
  await settle();
  assert.deepEqual(errors, []);
  await adapter.disconnect();
});

test('an end or cancel retried after the closed record was pruned counts as done; one issued within the grace, or of an id the backplane never makes, is still unknown', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const { adapter, errors } = await rig(bp, clock, { keepEndedMs: HOUR });
  const propose = envelope({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + 2 * HOUR }, 'sup-1');
  await adapter.execute(propose);
  const id = `checkin-${propose.key}`;
  const cancel = envelope({ type: 'cancel-check-in', checkInId: id }, 'sup-1');
  await adapter.execute(cancel);
  const schedule = envelope({ type: 'schedule-coaching-session', agentId: 'a1', topic: 'Holds', at: T0 + 2 * HOUR, durationMs: 30 * 60_000 }, 'sup-1');
  await adapter.execute(schedule);
  const sessionId = `coaching-${schedule.key}`;
  const cancelSession = envelope({ type: 'cancel-coaching-session', sessionId }, 'a1');
  await adapter.execute(cancelSession);
  await settle();
  clock.advance(HOUR + 60_000);
  await settle();
  assert.equal(await bp.get(`check-in/${id}`), undefined, 'pruned');
  assert.equal(await bp.get(`coaching-session/${sessionId}`), undefined, 'pruned');
  // The outbox retries both, their answers lost: done, and nothing comes back.
  await adapter.execute(cancel);
  await adapter.execute(cancelSession);
  assert.equal(await bp.get(`check-in/${id}`), undefined);
  // Issued now, a close of what is gone would have found its record: it never existed.
  await rejectsWith(adapter.execute(envelope({ type: 'cancel-check-in', checkInId: id }, 'sup-1', clock.now())), ErrorCode.UnknownEntity);
  await rejectsWith(adapter.execute(envelope({ type: 'end-check-in', checkInId: id }, 'sup-1', clock.now())), ErrorCode.UnknownEntity);
  // Nor is an old command about an id the backplane never makes let through.
  await rejectsWith(adapter.execute(envelope({ type: 'cancel-check-in', checkInId: 'made-up' }, 'sup-1')), ErrorCode.UnknownEntity);
  await rejectsWith(adapter.execute(envelope({ type: 'cancel-coaching-session', sessionId: 'made-up' }, 'sup-1')), ErrorCode.UnknownEntity);
  // A move is no close: a retried reschedule of what is gone is still refused.
  await rejectsWith(adapter.execute(envelope({ type: 'reschedule-coaching-session', sessionId, at: clock.now() + HOUR }, 'sup-1')), ErrorCode.UnknownEntity);
  assert.deepEqual(errors, []);
  await adapter.disconnect();
});

test("no private coaching note while the tenant's policy has them off: the tenant's record on the backplane, else the host's option", async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const { adapter } = await rig(bp, clock, { privateCoachingNotes: false });
  const note = (by: string, isPrivate: boolean) => envelope({ type: 'add-coaching-note', agentId: 'a1', body: 'hold times', ...(isPrivate ? { private: true } : {}) }, by, clock.now());
  // The host says off: refused, whatever the client let through; a note for the agent to read is fine.
  const refused = await rejectsWith(adapter.execute(note('sup-1', true)), ErrorCode.Forbidden);
  assert.equal(refused.details?.policy, 'privateCoachingNotes');
  await adapter.execute(note('sup-1', false));
  // An admin turns them on live: the tenant's record wins over the host's option; off again, refused.
  await adapter.execute(envelope({ type: 'set-policy', changes: { privateCoachingNotes: true } }, 'admin-1', clock.now()));
  await settle();
  await adapter.execute(note('sup-1', true));
  await adapter.execute(envelope({ type: 'set-policy', changes: { privateCoachingNotes: false } }, 'admin-1', clock.now()));
  await settle();
  await rejectsWith(adapter.execute(note('sup-1', true)), ErrorCode.Forbidden);
  const written = (await bp.read<{ authorId: string; private?: boolean }>('coaching-notes')).map((e) => `${e.value.authorId}:${e.value.private === true}`);
  assert.deepEqual(written, ['sup-1:false', 'sup-1:true']);
  await adapter.disconnect();
});

test("the notice an admin sets live binds at the write too: a proposal that left a client under the old policy is refused", async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const { adapter } = await rig(bp, clock);
  await adapter.execute(envelope({ type: 'set-policy', changes: { checkInNoticeMs: 2 * HOUR } }, 'admin-1', clock.now()));
  await settle();
  // Queued while its client was offline, the command carries the notice of the policy it was issued under.
  const refused = await rejectsWith(adapter.execute(envelope({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + 90 * 60_000, minNoticeMs: HOUR }, 'sup-1', clock.now())), ErrorCode.NoticeTooShort);
  assert.equal(refused.details?.requiredMs, 2 * HOUR);
  await adapter.execute(envelope({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + 3 * HOUR, minNoticeMs: HOUR }, 'sup-1', clock.now()));
  await adapter.disconnect();
});

test('a check-in is accepted only for a time whose window has not passed, whichever of the two times is accepted', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const { adapter } = await rig(bp, clock, { checkInWindowMs: 10 * 60_000 });
  const held = async (id: string) => (await bp.get<CheckIn>(`check-in/${id}`))?.value;
  // On one the agent counters a later time, on the other an earlier one.
  const first = envelope({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + HOUR }, 'sup-1');
  const second = envelope({ type: 'propose-check-in', agentId: 'a1', scheduledFor: T0 + 3 * HOUR }, 'sup-1');
  for (const e of [first, second]) await adapter.execute(e);
  const a = `checkin-${first.key}`;
  const b = `checkin-${second.key}`;
  await adapter.execute(envelope({ type: 'counter-check-in', checkInId: a, scheduledFor: T0 + 3 * HOUR }, 'a1'));
  await adapter.execute(envelope({ type: 'counter-check-in', checkInId: b, scheduledFor: T0 + HOUR }, 'a1'));
  clock.advanceTo(T0 + HOUR + 11 * 60_000);
  // The agent accepts the first time once its window has gone by.
  await rejectsWith(adapter.execute(envelope({ type: 'answer-check-in', checkInId: a, answer: 'accepted' }, 'a1', clock.now())), ErrorCode.OutsideWindow);
  assert.equal((await held(a))?.answer, 'pending', 'not accepted');
  // The supervisor accepts the earlier counter once its window has gone by.
  await rejectsWith(adapter.execute(envelope({ type: 'respond-check-in-counter', checkInId: b, accept: true }, 'sup-1', clock.now())), ErrorCode.OutsideWindow);
  assert.deepEqual([(await held(b))?.answer, (await held(b))?.scheduledFor], ['pending', T0 + 3 * HOUR]);
  // Refusing it is still the supervisor's to do.
  await adapter.execute(envelope({ type: 'respond-check-in-counter', checkInId: b, accept: false }, 'sup-1', clock.now()));
  assert.equal((await held(b))?.phase, 'cancelled');
  await adapter.disconnect();
});

test('a hand left up when its agent signs out is withdrawn, once, and audited; one whose call only ended stays up and escalates', async () => {
  const clock = createManualClock(T0);
  const bp = createMemoryBackplane({ broadcast: false });
  const one = await rig(bp, clock, { helpEscalationMs: 60_000, supervisorsOf: () => ['sup-1', 'sup-2'] });
  const two = await rig(bp, clock, { helpEscalationMs: 60_000, supervisorsOf: () => ['sup-1', 'sup-2'] });
  const help = async () => {
    const [r] = (await bp.list<{ request: { state: string; escalations?: number; resolvedAt?: number } }>('help/')).map((x) => x.value.request);
    return r;
  };
  // The call it was about ends: help may still be needed, so it stays up and keeps escalating.
  await one.adapter.execute(envelope({ type: 'raise-hand', agentId: 'a1', reason: 'refund', interactionId: 'i1' }, 'a1', clock.now()));
  await settle();
  one.vendor.say([{ type: 'interaction', id: 'end-i1', at: clock.now(), source: 'scripted', interaction: { ...centreSnapshot().interactions![0]!, state: 'ended', endedAt: clock.now() } }]);
  await settle();
  clock.advance(60_000);
  for (let i = 0; i < 5; i++) await settle();
  assert.deepEqual([(await help())?.state, (await help())?.escalations], ['open', 1]);
  // The agent signs out: withdrawn by the platform (both clients see it; one write), no more escalation.
  const since = clock.now();
  for (const rigged of [one, two]) rigged.vendor.say([{ type: 'presence', id: `out-${since}`, at: since, source: 'scripted', agentId: 'a1', presence: { state: 'offline', since } }]);
  for (let i = 0; i < 5; i++) await settle();
  assert.deepEqual([(await help())?.state, (await help())?.resolvedAt], ['cancelled', since]);
  clock.advance(120_000);
  for (let i = 0; i < 5; i++) await settle();
  assert.equal((await help())?.escalations, 1, 'no escalation after');
  const trail = (await bp.read('audit', { limit: 50 })).map((e) => e.value as { action: string; actor: string; target: Record<string, string> });
  assert.deepEqual(
    trail.filter((e) => e.action === 'help.withdrawn').map((e) => [e.actor, e.target.reason]),
    [['backplane', 'signed-out']],
  );
  assert.deepEqual([...one.errors, ...two.errors], []);
});

test('a monitoring lease lapses though its timer fires a millisecond before the clock reads its expiry, as Node and browsers may', async () => {
  const manual = createManualClock(T0);
  // Long timers a millisecond early against the clock's own now(), as Node's may be against Date.now().
  const clock = { now: () => manual.now(), setTimeout: (cb: () => void, ms: number) => manual.setTimeout(cb, ms >= 100 ? ms - 1 : ms), clearTimeout: (h: unknown) => manual.clearTimeout(h as ReturnType<ManualClock['setTimeout']>) };
  const bp = createMemoryBackplane({ broadcast: false });
  const { events } = await rig(bp, manual, { clock });
  const session = { id: 's-1', mode: 'listen' as const, supervisorId: 'sup-1', agentId: 'a1', interactionId: 'i-1', startedAt: T0 };
  // The supervisor's client opened it and then vanished: nothing renews it.
  await bp.put({ key: 'lease/s-1', value: { session, leaseMs: 30_000, expiresAt: T0 + 30_000 }, author: 'sup-1', at: T0, expectedVersion: 0 });
  await settle();
  // The timer fires at 29,999 ms and is judged then; time goes on.
  manual.advance(29_999);
  await settle();
  for (let i = 0; i < 3; i++) {
    manual.advance(10_000);
    await settle();
  }
  const lease = (await bp.get<{ endedAt?: number; endReason?: string }>('lease/s-1'))?.value;
  assert.equal(lease?.endReason, 'lease-expired', `the lease lapsed (${JSON.stringify(lease)})`);
  assert.ok(events.some((e) => e.type === 'monitoring' && e.session.id === 's-1' && e.session.endedAt !== undefined), 'the end told');
});
