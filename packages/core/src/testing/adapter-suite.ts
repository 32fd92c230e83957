import type { Adapter, AdapterSink } from '../adapter.js';
import { createFloorwalk, type Floorwalk } from '../client.js';
import { COMMAND_TYPES, type Command, type CommandEnvelope, type CommandType } from '../commands.js';
import { ErrorCode, FloorwalkError, isFloorwalkError } from '../errors.js';
import type { FloorwalkEvent, SnapshotEvent } from '../events/types.js';
import { checkEvent } from '../events/validate.js';
import { CHANNELS, MONITORING_MODES, PRESENCE_STATES, type Agent, type Interaction, type MonitoringMode, type MonitoringSession, type Presence, type PresenceState, type ReasonCode } from '../model/types.js';

/** What a harness's {@link ConformanceHarness.interrupt} changed on the platform while the link was down. */
export interface ChangedWhileDown {
  readonly agentId: string;
  readonly state: PresenceState;
}

/**
 * What an adapter's author gives the conformance suite: a fresh adapter over a vendor double,
 * and the means to make that vendor do things.
 */
export interface ConformanceHarness {
  readonly adapter: Adapter;
  /**
   * Makes the vendor produce some activity (presence changes, interactions). The simulator
   * advances its clock; a vendor double pushes recorded payloads. The suite reads what reached
   * the sink as soon as this resolves, so over a real transport (a stream read with `fetch`, a
   * socket) resolve only once the messages have travelled through it to the adapter. Called
   * after connect, up to twice in a row, and once after disconnect, where it must deliver
   * nothing. Each call makes new facts under new vendor ids, as a vendor does: a second call that
   * replays the first's messages reads as ids reused for different facts. For an adapter that can
   * start monitoring, leave an interaction connected or held with an agent, for the suite to monitor.
   */
  drive(): Promise<void>;
  /**
   * Makes the vendor send its most recent message(s) again, as real platforms sometimes do.
   * Resolves once they reached the adapter, as {@link ConformanceHarness.drive} does. The adapter
   * passes the copy on under its first id (the store drops it) rather than dropping it itself.
   */
  redeliver(): Promise<void>;
  /**
   * Makes the vendor send a payload the adapter cannot map (bad JSON, missing fields).
   * Resolves once it reached the adapter, as {@link ConformanceHarness.drive} does.
   */
  sendMalformed(): Promise<void>;
  /**
   * Optional: cuts the link the way a dropped connection or a vendor restart does, leaving the
   * adapter to recover on its own (`reconnecting`, then `live`). Without it the suite's reconnect
   * case checks nothing, and nothing checks the path every adapter takes after a network blip.
   *
   * Resolve with an agent whose presence the vendor changed while the link was down (a change
   * made on the platform that the adapter could not hear: its notification is lost with the
   * link) and the state it changed to, where the double can make one. The suite then checks
   * that the snapshot asked for at `live` shows it: the client mends what it missed from that
   * snapshot alone, so one served from what the adapter heard hides the change for good.
   */
  interrupt?(): Promise<void | ChangedWhileDown>;
  /**
   * Optional: a second adapter over the same vendor double, as a reloaded page makes: nothing of
   * the first instance's memory (keys it sent, answers it lost), the vendor's state as it is. The
   * suite connects it, and disconnects it when done; the first instance goes on as it was, as a
   * page that is reloaded calls no `disconnect()`. Without it the case of a command an earlier
   * page sent (`restored: true`) checks nothing.
   */
  reload?(): Adapter | Promise<Adapter>;
  /**
   * Optional: how many requests of the adapter's the vendor double has applied so far, of any
   * command (each one it took and changed its state by; one it took as a retry of an earlier one,
   * by the vendor's idempotency key, counts once). Not its own activity from `drive()`. The
   * suite counts a command's effects from what the adapter reports, where a presence change is a
   * new `since`: on a double whose clock stands still within a case, two changes to one state
   * look like one. With this the suite also requires each command it counts to have been applied
   * exactly once.
   */
  applied?(): number;
  /**
   * Optional: makes the vendor answer the adapter's next request the way it says slow down (an
   * HTTP 429 with `Retry-After: <seconds>`, or its SDK's equivalent). The suite sends set-presence
   * about each agent of the snapshot in turn while the adapter refuses it without a request
   * (`Forbidden`, `OutOfScope`, `UnknownAgent`: an agent's own desktop), so keep the 429 for the
   * first request the adapter does make. With it the suite checks that the command then rejects with `RateLimited` and `details.retryAfterMs` of `seconds`
   * in milliseconds, which the client's backoff and outbox wait at least; without it nothing
   * checks that path. Return `'no-retry-after'` where the vendor's SDK hands the adapter the 429
   * but not its header (twilio-taskrouter's request errors, Amazon Connect Streams' failure
   * callback): the suite then checks `RateLimited` with no `retryAfterMs`, since a wait the
   * adapter made up would stand in for the client's own slow backoff.
   */
  rateLimit?(seconds: number): void | 'no-retry-after' | Promise<void | 'no-retry-after'>;
  /**
   * Optional: as {@link ConformanceHarness.rateLimit}, but the 429 carries `Retry-After` as an
   * HTTP-date (an IMF-fixdate, the form proxies in front of vendors send; RFC 9110 §10.2.3 allows
   * either), naming the moment `seconds` from now by the adapter's clock: the double's clock where
   * it shares one with the adapter, which the suite cannot see. A date has whole seconds, so write
   * it truncated (`toUTCString()` does). The suite then requires `RateLimited` with
   * `details.retryAfterMs` within the second before `seconds` in milliseconds. Leave it out where
   * the vendor's SDK does not hand the adapter the header (`rateLimit` returns `'no-retry-after'`).
   */
  rateLimitByDate?(seconds: number): void | Promise<void>;
  /**
   * Optional: makes the vendor refuse the adapter's credentials on its next request(s), as an
   * expired OAuth token or a revoked API key does (HTTP 401, or the SDK's equivalent). The suite
   * then sends a command and requires it to reject with `AuthFailed`, not retryable: the client
   * refuses it rather than resending it forever, and a `VendorError` would hide from the host that
   * its credentials need renewing. Without it nothing checks that path.
   */
  refuseCredentials?(): void | Promise<void>;
  /** Cleans up timers, sockets and mocks. */
  dispose?(): Promise<void>;
  /**
   * How long the suite waits for each `execute()` to settle, in milliseconds. Default 5000: a
   * vendor double answers in far less, and the client gives up on a send after its own
   * `commandTimeoutMs` (30 s by default). Raise it only for a slow vendor sandbox.
   */
  readonly executeTimeoutMs?: number;
}

/** One case of the suite, runnable by any test runner. */
export interface ConformanceCase {
  readonly name: string;
  /** Resolves when the case passes; rejects with an explanation when it fails. */
  run(): Promise<void>;
  /**
   * Set by `run()` when it resolved having checked nothing (the adapter lacks the capability or
   * the harness the hook the case needs), saying why: report it as a skip where the runner can.
   */
  skipped?: string;
}

class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure';
}

function ensure(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceFailure(message);
}

interface Recorder extends AdapterSink {
  readonly batches: FloorwalkEvent[][];
  readonly statuses: string[];
  readonly errors: FloorwalkError[];
  readonly all: () => FloorwalkEvent[];
}

function recorder(onStatus?: (status: string) => void): Recorder {
  const batches: FloorwalkEvent[][] = [];
  const statuses: string[] = [];
  const errors: FloorwalkError[] = [];
  return {
    batches,
    statuses,
    errors,
    all: () => batches.flat(),
    events(batch) {
      ensure(Array.isArray(batch), 'sink.events must be given an array');
      batches.push([...batch]);
    },
    status(status) {
      statuses.push(status);
      onStatus?.(status);
    },
    error(error) {
      errors.push(error);
    },
  };
}

function envelope(command: Command, issuedBy = 'conformance'): CommandEnvelope {
  return { ...command, key: `conformance-${Math.random().toString(36).slice(2)}`, issuedBy, issuedAt: Date.now() };
}

/** Settles as {@link execute} does, for an envelope made by the caller (the same key sent again). */
function executeEnvelope(adapter: Adapter, command: CommandEnvelope, what: string, ms = 5000): Promise<void> {
  return execute(adapter, command, what, ms, command);
}

/** A syntactically valid command of each type, aimed at ids the vendor does not know. */
function sampleCommand(type: CommandType, mode: MonitoringMode = 'listen'): Command {
  const agentId = 'conformance-unknown-agent';
  switch (type) {
    case 'set-presence':
      return { type, agentId, state: 'break' };
    case 'start-monitoring':
      return { type, agentId, interactionId: 'conformance-unknown-interaction', mode };
    case 'change-monitoring-mode':
      return { type, sessionId: 'conformance-unknown-session', mode };
    case 'stop-monitoring':
      return { type, sessionId: 'conformance-unknown-session' };
    case 'raise-hand':
      return { type, agentId, reason: 'conformance' };
    case 'acknowledge-help':
    case 'resolve-help':
      return { type, requestId: 'conformance-unknown-request' };
    case 'send-message':
      return { type, conversationId: 'dm:conformance-a:conformance-b', body: 'hello' };
    case 'add-coaching-note':
      return { type, agentId, body: 'note' };
    case 'propose-check-in':
      return { type, agentId, scheduledFor: Date.now() + 3_600_000 };
    case 'answer-check-in':
      return { type, checkInId: 'conformance-unknown-check-in', answer: 'accepted' };
    case 'mark-read':
      return { type, conversationId: 'team:conformance-unknown-team' };
    case 'mark-delivered':
      return { type, conversationId: 'team:conformance-unknown-team', messageIds: ['conformance-unknown-message'] };
    case 'counter-check-in':
      return { type, checkInId: 'conformance-unknown-check-in', scheduledFor: Date.now() + 7_200_000 };
    case 'respond-check-in-counter':
      return { type, checkInId: 'conformance-unknown-check-in', accept: true };
    case 'start-check-in':
    case 'confirm-check-in':
    case 'end-check-in':
    case 'cancel-check-in':
      return { type, checkInId: 'conformance-unknown-check-in' };
    case 'renew-monitoring':
      return { type, sessionId: 'conformance-unknown-session' };
    case 'schedule-coaching-session':
      return { type, agentId, topic: 'conformance', at: Date.now() + 3_600_000, durationMs: 1_800_000 };
    case 'reschedule-coaching-session':
      return { type, sessionId: 'conformance-unknown-coaching-session', at: Date.now() + 3_600_000 };
    case 'cancel-coaching-session':
      return { type, sessionId: 'conformance-unknown-coaching-session' };
    case 'start-colleague-call':
      return { type, participantIds: ['conformance-unknown-user'] };
    case 'end-colleague-call':
      return { type, callId: 'conformance-unknown-call' };
    case 'report-activity':
      return { type, agentId, bucket: 'idle' };
    case 'set-policy':
      return { type, changes: { helpEscalationMs: 120_000 } };
  }
}

/**
 * Calls `execute` the way the client does and names a synchronous throw, or a promise that does
 * not settle within `ms`, for what it is.
 */
function execute(adapter: Adapter, command: Command, what: string, ms = 5000, sent: CommandEnvelope = envelope(command)): Promise<void> {
  let answer: Promise<void>;
  try {
    answer = Promise.resolve(adapter.execute(sent));
  } catch (err) {
    throw new ConformanceFailure(`${what} threw synchronously (${String(err)}); it must return a rejected promise`);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ConformanceFailure(
            `${what} did not settle within ${ms} ms: resolve or reject every execute(), and abort a request that gets no answer (when the link drops, and after a time limit of its own); the client counts a send unanswered after its commandTimeoutMs as failed and sends it again`,
          ),
        ),
      ms,
    );
  });
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

type Taken = { ok: true; value: unknown } | { ok: false; error: unknown };
/** Asks for a snapshot as the client does when the adapter reports `live`, keeping the outcome. */
const takeSnapshot = (adapter: Adapter): Promise<Taken> =>
  adapter.snapshot().then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );

function ensureTaken(taken: Taken): void {
  ensure(
    taken.ok,
    `snapshot(), asked for when the adapter reported live, rejected (${taken.ok ? '' : String(taken.error)}): report live only once snapshot() can succeed; the client resyncs at that moment`,
  );
  ensure(checkEvent(taken.value) === null, `snapshot(), asked for when the adapter reported live, is not a valid canonical event: ${checkEvent(taken.value)}`);
}

/**
 * Where the client differs from a fresh snapshot, or null. `why` says why the client may have
 * fallen behind, appended to the complaint.
 */
/**
 * The adapter as the client sees it, with what reaches the client recorded: the deltas delivered
 * and the `at` of each snapshot loaded; while `gap` is set, deltas are lost on the way, as when a
 * link drops, and `toClient` is the sink the client gave.
 */
function tapped(inner: Adapter): { adapter: Adapter; delivered: FloorwalkEvent[]; loaded: number[]; gap: boolean; toClient?: AdapterSink } {
  const tap: ReturnType<typeof tapped> = { adapter: inner, delivered: [], loaded: [], gap: false };
  tap.adapter = new Proxy(inner, {
    get(target, key) {
      if (key === 'connect') {
        return (sink: AdapterSink) => {
          tap.toClient = sink;
          return target.connect({
            events: (batch) => {
              if (tap.gap) return;
              if (Array.isArray(batch)) tap.delivered.push(...batch);
              sink.events(batch);
            },
            status: (status, reason) => sink.status(status, reason),
            error: (error) => sink.error(error),
          });
        };
      }
      if (key === 'snapshot') return () => target.snapshot().then((s) => (tap.loaded.push(s.at), s));
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return tap;
}

function differs(client: Floorwalk, fresh: SnapshotEvent, why: () => string): string | null {
  const held = new Map(client.getAgents().map((a) => [a.id, a]));
  const expected = fresh.agents ?? [];
  if (held.size !== expected.length) return `client holds ${held.size} agents, a fresh snapshot has ${expected.length}${why()}`;
  for (const agent of expected) {
    const mine = held.get(agent.id);
    if (mine === undefined) return `agent ${agent.id} is in the fresh snapshot but not in the client${why()}`;
    if (mine.presence.state !== agent.presence.state || mine.presence.since !== agent.presence.since) {
      return `agent ${agent.id}: client has ${mine.presence.state} since ${mine.presence.since}, snapshot has ${agent.presence.state} since ${agent.presence.since}${why()}`;
    }
  }
  const live = new Set(client.getInteractions().map((i) => `${i.id}:${i.state}`));
  const freshLive = new Set((fresh.interactions ?? []).map((i) => `${i.id}:${i.state}`));
  for (const key of freshLive) if (!live.has(key)) return `interaction ${key} is in the fresh snapshot but not in the client${why()}`;
  for (const key of live) if (!freshLive.has(key)) return `interaction ${key} is in the client but not in the fresh snapshot${why()}`;
  return null;
}

/** A vendor fact without its time: a copy of a message is the same fact, a new fact differs. */
const fact = ({ at: _at, ...rest }: FloorwalkEvent): string => JSON.stringify(rest);

/** Lets timers the adapter set (a retry, a late flush) fire; real time, at least a few ms. */
const aWhile = (ms = 20): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The presence an event reports for an agent, if it reports one. */
function presenceIn(e: FloorwalkEvent, agentId: string): Presence | undefined {
  if (e.type === 'presence') return e.agentId === agentId ? e.presence : undefined;
  if (e.type === 'agent') return e.agent.id === agentId ? e.agent.presence : undefined;
  if (e.type === 'snapshot') return e.agents?.find((a) => a.id === agentId)?.presence;
  return undefined;
}

/**
 * The states the suite may ask for, in this order: the two nearly every platform has, then those
 * the tenant's reason codes name, then the rest (a platform without one refuses it, typed).
 */
const asked = (snapshot: SnapshotEvent): PresenceState[] => [
  ...new Set<PresenceState>(['break', 'available', ...(snapshot.presenceDefinitions ?? []).map((d) => d.state), ...PRESENCE_STATES]),
];

/**
 * The presence states each agent reaches through the vendor's own activity over two drive()
 * calls, read from a fresh harness of its own where nobody sends a command; null when the adapter
 * cannot set-presence. A double replays the same activity in every harness, so a state an agent
 * never reaches here, seen after the suite asked for it, is the suite's change and not the
 * platform's. Made and disposed before the harness of the case: a double may hold one set of mock
 * handlers at a time.
 */
async function background(makeHarness: () => ConformanceHarness | Promise<ConformanceHarness>): Promise<Map<string, Set<PresenceState>> | null> {
  const h = await makeHarness();
  const reached = new Map<string, Set<PresenceState>>();
  try {
    if (!h.adapter.capabilities.commands.includes('set-presence')) return null;
    const sink = recorder();
    await h.adapter.connect(sink);
    const seen: FloorwalkEvent[] = [];
    const look = async (): Promise<void> => void seen.push(await h.adapter.snapshot());
    await look();
    await h.drive();
    await look();
    await h.drive();
    await look();
    for (const e of [...seen, ...sink.all()]) {
      const agents = e.type === 'snapshot' ? (e.agents ?? []).map((a) => a.id) : e.type === 'presence' ? [e.agentId] : e.type === 'agent' ? [e.agent.id] : [];
      for (const id of agents) {
        const p = presenceIn(e, id);
        if (p !== undefined) reached.set(id, (reached.get(id) ?? new Set()).add(p.state));
      }
    }
    return reached;
  } finally {
    await h.adapter.disconnect().catch(() => undefined);
    await h.dispose?.();
  }
}

/**
 * How many presence changes a case asks for before it gives up: a platform refuses a state it
 * lacks (a tenant without a Training status) and may take the next, but a refusal of the agent
 * itself would be asked again for every state of every agent.
 */
const PRESENCE_TRIES = 4;

/**
 * Agents of a snapshot, each with a state it is not in and its vendor never takes it to on its
 * own: the first agent's states in the order of {@link asked}, then the next agent's; at most
 * {@link PRESENCE_TRIES}, the candidates a case tries in turn while the platform refuses them.
 */
function quietTargets(snapshot: SnapshotEvent, reached: ReadonlyMap<string, ReadonlySet<PresenceState>>): { agent: Agent; state: PresenceState }[] {
  const targets: { agent: Agent; state: PresenceState }[] = [];
  for (const agent of snapshot.agents ?? []) {
    for (const state of asked(snapshot)) {
      if (state !== agent.presence.state && reached.get(agent.id)?.has(state) !== true) targets.push({ agent, state });
      if (targets.length === PRESENCE_TRIES) return targets;
    }
  }
  return targets;
}

const noQuietTarget = (agents: readonly Agent[]): string =>
  `each of the ${agents.length} agents of the snapshot is in or reaches every presence state through the vendor's own activity within two drive() calls, so a change the suite saw could be the platform's rather than its own: make drive() leave one agent alone`;

/** A command whose effects the suite can count, and how to count them. */
interface Countable {
  readonly type: CommandType;
  /** The command for a complaint or a skip: `set-presence break on a1`. */
  readonly label: string;
  readonly command: CommandEnvelope;
  /** What an effect is, for the complaint: `changes of a1 to break`. */
  readonly noun: string;
  /** Ids of the effects that the events reaching the sinks and a fresh snapshot show. */
  effects(events: readonly FloorwalkEvent[], snapshot: SnapshotEvent): Set<string>;
}

/**
 * The commands of send-message, raise-hand and set-presence the adapter declares, each made into
 * ones whose effects can be counted from the snapshot `first` (for set-presence, one per
 * candidate target, to try in turn while the platform refuses them), and why each other one
 * cannot be.
 */
function countables(adapter: Adapter, first: SnapshotEvent, reached: ReadonlyMap<string, ReadonlySet<PresenceState>> | null): { plans: Countable[][]; refused: string[] } {
  const agents = first.agents ?? [];
  const helping = new Set((first.helpRequests ?? []).filter((r) => r.state === 'open' || r.state === 'acknowledged').map((r) => r.agentId));
  const member = agents.find((a) => a.teamIds.length > 0 && !helping.has(a.id));
  const tag = `conformance ${Math.random().toString(36).slice(2)}`;
  const plans: Countable[][] = [];
  const refused: string[] = [];
  for (const type of (['send-message', 'raise-hand', 'set-presence'] as const).filter((t) => adapter.capabilities.commands.includes(t))) {
    if (type === 'set-presence') {
      const targets = reached === null ? [] : quietTargets(first, reached);
      if (targets.length === 0) {
        refused.push(`set-presence (${noQuietTarget(agents)})`);
        continue;
      }
      plans.push(targets.map(({ agent, state }) => ({
        type,
        label: `set-presence ${state} on ${agent.id}`,
        command: envelope({ type, agentId: agent.id, state }),
        noun: `changes of ${agent.id} to ${state}`,
        // A change is a new `since`; a second request for the state it is in already is none.
        effects: (events, snapshot) => {
          const sinces = new Set(events.flatMap((e) => (presenceIn(e, agent.id)?.state === state ? [String(presenceIn(e, agent.id)?.since)] : [])));
          const now = presenceIn(snapshot, agent.id);
          if (sinces.size === 0 && now?.state === state) sinces.add(String(now.since));
          return sinces;
        },
      })));
    } else if (member === undefined) {
      refused.push(`${type} (no agent of the snapshot is in a team without a help request open)`);
    } else if (type === 'send-message') {
      const conversationId = `team:${member.teamIds[0] as string}`;
      plans.push([{
        type,
        label: `send-message to ${conversationId}`,
        command: envelope({ type, conversationId, body: tag }, member.id),
        noun: `messages in ${conversationId}`,
        effects: (events) => new Set(events.flatMap((e) => (e.type === 'chat-message' && e.message.conversationId === conversationId && e.message.body === tag ? [e.message.id] : []))),
      }]);
    } else {
      const ours = (r: { agentId: string; reason: string }): boolean => r.agentId === member.id && r.reason === tag;
      plans.push([{
        type,
        label: `raise-hand for ${member.id}`,
        command: envelope({ type, agentId: member.id, reason: tag }, member.id),
        noun: `help requests of ${member.id}`,
        effects: (events, snapshot) => {
          const ids = new Set(events.flatMap((e) => (e.type === 'help-request' && ours(e.request) ? [e.request.id] : [])));
          for (const r of snapshot.helpRequests ?? []) if (ours(r)) ids.add(r.id);
          return ids;
        },
      }]);
    }
  }
  return { plans, refused };
}

/**
 * Waits for the effects of `plan` to show (letting time pass with up to two drive() calls) and
 * requires exactly one. `events` reads what reached the sinks so far, `look` takes a fresh snapshot.
 */
async function oneEffect(
  plan: Countable,
  events: () => readonly FloorwalkEvent[],
  look: () => Promise<SnapshotEvent>,
  drive: () => Promise<void>,
  ms: number,
  what: string,
  advice: string,
): Promise<void> {
  const until = Date.now() + ms;
  for (let drives = 0; ; drives++) {
    let found = plan.effects(events(), await look());
    if (found.size > 0) {
      // A copy that travels behind the first (a second notification) still counts.
      await aWhile();
      found = plan.effects(events(), await look());
      ensure(found.size === 1, `${what}, made ${found.size} ${plan.noun} (${[...found].join(', ')}): ${advice}`);
      return;
    }
    ensure(
      Date.now() < until,
      `${what}: it resolved, but within ${ms} ms (and two drive() calls) no event or fresh snapshot showed any of its ${plan.noun}: report the effect as the platform does, so a retry can be told from a new command`,
    );
    if (drives < 2) await drive();
    else await aWhile(50);
  }
}

/** Interactions of a snapshot a supervisor may monitor: connected or held, with an agent, not monitored yet. */
function monitorable(snapshot: SnapshotEvent): Interaction[] {
  const watched = new Set((snapshot.monitoring ?? []).filter((m) => m.endedAt === undefined).map((m) => m.interactionId));
  return (snapshot.interactions ?? []).filter((i) => (i.state === 'connected' || i.state === 'held') && i.agentId !== undefined && !watched.has(i.id));
}

/** The monitoring sessions an event reports. */
const sessionsIn = (e: FloorwalkEvent): readonly MonitoringSession[] => (e.type === 'monitoring' ? [e.session] : e.type === 'snapshot' ? (e.monitoring ?? []) : []);

/**
 * Resolves once `shows()` is true, letting time pass as the harness makes it (up to two drive()
 * calls, then real time), and fails with `complaint` after `ms`.
 */
async function within(ms: number, drive: () => Promise<void>, complaint: string, shows: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + ms;
  for (let drives = 0; !(await shows()); drives++) {
    ensure(Date.now() < until, complaint);
    if (drives < 2) await drive();
    else await aWhile(50);
  }
}

/** What to fix when the sink hears from an adapter after its disconnect(). */
const afterDisconnect =
  "once disconnect() is called, report nothing more: close the vendor's link, clear retry timers, and ignore what a socket, stream or request of a closed link still hands you (tag each with the connect() it belongs to)";

const oneKey =
  "the same key must have one effect. Send it as the vendor's idempotency key where there is one; otherwise answer a key already out or done with its first outcome, and after a lost answer look at the vendor's state before sending it again";
const restoredKey =
  "a restored command may have been sent by the earlier page: send its key as the vendor's idempotency key where there is one; otherwise look at the vendor's state (what the command would do) before sending it again";

/**
 * Requires the vendor double to have applied one request since it counted `before` (see
 * {@link ConformanceHarness.applied}), when the harness counts them.
 */
function appliedOnce(h: ConformanceHarness, before: number | undefined, what: string, advice: string): void {
  if (before === undefined || h.applied === undefined) return;
  const n = h.applied() - before;
  ensure(n === 1, `${what}, had ${n} requests applied by the vendor double (harness.applied()), where its effects looked like ${n === 0 ? 'one' : 'one (a clock that stands still gives each change the same since)'}: ${n === 0 ? 'count in applied() each request of the adapter that the double takes' : advice}`);
}

/**
 * Refusals an adapter may make of a command's target before it asks the vendor: an agent's own
 * desktop commands only its agent, a supervisor's only their teams.
 */
const REFUSED_BEFORE_VENDOR = new Set<number>([ErrorCode.Forbidden, ErrorCode.OutOfScope, ErrorCode.UnknownAgent]);

/** A typed refusal as a skip reports it: its code, by name and number, and its message. */
const refusal = (err: FloorwalkError): string =>
  `${Object.keys(ErrorCode).find((k) => ErrorCode[k as keyof typeof ErrorCode] === err.code) ?? 'code'} ${err.code}: ${err.message}`;

/**
 * Sends each of `candidates` with `send` until the platform takes one, and returns it. A typed
 * refusal moves on to the next (a platform may lack one state and have the next), noted in
 * `refusals` under the candidate's `label`; anything else fails the case. Undefined when every
 * one was refused.
 */
async function firstTaken<T>(candidates: readonly T[], label: (candidate: T) => string, refusals: string[], send: (candidate: T) => Promise<void>): Promise<T | undefined> {
  for (const c of candidates) {
    try {
      await send(c);
      return c;
    } catch (err) {
      if (err instanceof ConformanceFailure) throw err;
      ensure(isFloorwalkError(err), `${label(c)} rejected with ${String(err)}, not a FloorwalkError`);
      refusals.push(`${label(c)} was refused (${refusal(err)})`);
    }
  }
  return undefined;
}

/**
 * Sends set-presence about each agent of the snapshot in turn until one is not refused before the
 * vendor is asked (an agent's own desktop refuses others), and returns its rejection and label;
 * or, when every one was refused so, why nothing reached the vendor.
 */
async function toVendor(
  adapter: Adapter,
  label: (agent: Agent, state: PresenceState) => string,
  ms: number | undefined,
): Promise<[FloorwalkError, string] | string> {
  const agents = (await adapter.snapshot()).agents ?? [];
  ensure(agents.length > 0, 'the snapshot lists no agent: give the vendor double at least one, for the suite to send a command about');
  const refusals: string[] = [];
  for (const agent of agents) {
    const state: PresenceState = agent.presence.state === 'break' ? 'available' : 'break';
    const what = label(agent, state);
    const err = await rejectsWithFloorwalkError(execute(adapter, { type: 'set-presence', agentId: agent.id, state }, what, ms), what);
    if (!REFUSED_BEFORE_VENDOR.has(err.code)) return [err, what];
    refusals.push(`set-presence ${state} on ${agent.id} was refused (${refusal(err)})`);
  }
  const more = refusals.length > PRESENCE_TRIES ? `; and ${refusals.length - PRESENCE_TRIES} more agents so` : '';
  return `${refusals.slice(0, PRESENCE_TRIES).join('; ')}${more}: every agent tried was refused before the vendor was asked`;
}

async function rejectsWithFloorwalkError(promise: Promise<unknown>, what: string): Promise<FloorwalkError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ConformanceFailure) throw err;
    ensure(isFloorwalkError(err), `${what} rejected with ${String(err)}, not a FloorwalkError`);
    return err as FloorwalkError;
  }
  throw new ConformanceFailure(`${what} resolved; it should have rejected`);
}

/**
 * Connects, drives, cuts the link with `interrupt` and waits for the adapter to report the drop
 * and then `live`, taking a snapshot at that `live` as the client does. Fails the case when the
 * drop goes untold, no `live` comes within 5 s or that snapshot cannot be had.
 */
async function dropLink(
  h: ConformanceHarness,
  interrupt: () => Promise<void | ChangedWhileDown>,
): Promise<{ sink: Recorder; before: Map<string, FloorwalkEvent>; changed: ChangedWhileDown | undefined; atLive: Taken; eventsAtLive: number }> {
  let cut = false;
  /** The drop was reported: the client resyncs at a `live` only after a gap it heard of. */
  let told = false;
  let atLive: Promise<Taken> | undefined;
  let eventsAtLive = 0;
  const sink = recorder((status) => {
    if (cut && (status === 'reconnecting' || status === 'offline')) told = true;
    if (told && status === 'live' && atLive === undefined) {
      eventsAtLive = sink.all().length;
      atLive = takeSnapshot(h.adapter);
    }
  });
  await h.adapter.connect(sink);
  await h.drive();
  const before = new Map(sink.all().map((e) => [e.id, e]));
  const from = sink.statuses.length;
  cut = true;
  const changed = (await interrupt()) ?? undefined;
  for (let waited = 0; atLive === undefined && waited < 5000; waited += 10) await aWhile(10);
  ensure(
    atLive !== undefined,
    told
      ? `the adapter did not report live within 5 s of interrupt() (it reported: ${sink.statuses.slice(from).join(', ')})`
      : `the adapter reported no reconnecting or offline within 5 s of interrupt() (it reported: ${sink.statuses.slice(from).join(', ') || 'nothing'}): report the drop when the link goes, so the person sees what they see may be out of date and the client resyncs at your next live, which it does only after a gap it heard of`,
  );
  const taken = await atLive;
  ensureTaken(taken);
  return { sink, before, changed, atLive: taken, eventsAtLive };
}

/**
 * The adapter conformance suite: the behaviour every adapter owes the core, as runner-agnostic
 * cases. Register them with the runner of your choice.
 *
 * @example
 * ```ts
 * import { test } from 'node:test';
 * import { adapterConformanceCases } from '@floorwalk/core/testing';
 *
 * for (const c of adapterConformanceCases('acme', () => makeAcmeHarness())) {
 *   test(c.name, async (t) => {
 *     await c.run();
 *     // A case that checked nothing (a hook or capability missing) says why: show it as a skip.
 *     if (c.skipped) t.skip(c.skipped);
 *   });
 * }
 * ```
 */
export function adapterConformanceCases(
  name: string,
  makeHarness: () => ConformanceHarness | Promise<ConformanceHarness>,
): ConformanceCase[] {
  const withHarness =
    (body: (h: ConformanceHarness) => Promise<void>) =>
    async (): Promise<void> => {
      const h = await makeHarness();
      try {
        await body(h);
      } finally {
        await h.adapter.disconnect().catch(() => undefined);
        await h.dispose?.();
      }
    };

  /** A case that may resolve having checked nothing, and says why in `skipped`. */
  const skippable = (caseName: string, body: (skip: (why: string) => void) => Promise<void>): ConformanceCase => {
    const c: ConformanceCase = {
      name: caseName,
      run: () => {
        delete c.skipped;
        return body((why) => void (c.skipped = why));
      },
    };
    return c;
  };

  const cases: ConformanceCase[] = [
    {
      name: `${name}: declares well-formed capabilities`,
      run: withHarness(async ({ adapter }) => {
        ensure(typeof adapter.id === 'string' && adapter.id.length > 0, 'adapter.id must be a non-empty string');
        const caps = adapter.capabilities;
        ensure(Array.isArray(caps.channels) && caps.channels.length > 0, 'capabilities.channels must list at least one channel');
        ensure(Array.isArray(caps.commands), 'capabilities.commands must be a list');
        for (const c of caps.commands) ensure((COMMAND_TYPES as readonly string[]).includes(c), `capabilities.commands lists unknown ${c}`);
        for (const m of caps.monitoringModes) ensure((MONITORING_MODES as readonly string[]).includes(m), `unknown monitoring mode ${m}`);
        const canMonitor = caps.commands.includes('start-monitoring');
        ensure(canMonitor === caps.monitoringModes.length > 0, 'monitoringModes must be non-empty exactly when start-monitoring is a capability');
        // The client refuses monitoring unless the agent will hear of it: say which it is.
        if (canMonitor) {
          ensure(
            typeof caps.agentSeesMonitoring === 'boolean',
            'an adapter that can start monitoring must say in capabilities.agentSeesMonitoring whether the platform shows each session to the monitored agent\'s own client (without true, the client refuses start-monitoring while notices are on)',
          );
        }
        for (const [m, on] of Object.entries(caps.monitoringChannels ?? {})) {
          ensure((caps.monitoringModes as readonly string[]).includes(m), `capabilities.monitoringChannels names ${m}, which is not one of monitoringModes`);
          ensure(Array.isArray(on) && on.every((c) => (CHANNELS as readonly string[]).includes(c)), `capabilities.monitoringChannels.${m} must be a list of channels`);
        }
        // Commands that only make sense with another: a lease to renew, a call to leave.
        if (caps.commands.includes('renew-monitoring')) ensure(canMonitor, 'renew-monitoring is a capability without start-monitoring');
        ensure(
          caps.commands.includes('start-colleague-call') === caps.commands.includes('end-colleague-call'),
          'start-colleague-call and end-colleague-call must be capabilities together',
        );
      }),
    },
    {
      name: `${name}: connects, reports live and gives a valid snapshot`,
      run: withHarness(async ({ adapter }) => {
        // After a gap the client asks for a snapshot the moment the adapter reports `live`, from
        // inside the sink call: an adapter saying `live` before it can answer fails that resync.
        let atLive: Promise<Taken> | undefined;
        const sink = recorder((status) => {
          if (status === 'live' && atLive === undefined) atLive = takeSnapshot(adapter);
        });
        await adapter.connect(sink);
        const taken = await atLive;
        if (taken !== undefined) ensureTaken(taken);
        const snapshot = await adapter.snapshot();
        ensure(checkEvent(snapshot) === null, `snapshot is not a valid canonical event: ${checkEvent(snapshot)}`);
        ensure(snapshot.type === 'snapshot' && snapshot.scope.kind === 'all', 'snapshot() must return a snapshot of scope all');
        ensure(snapshot.source === adapter.id, `snapshot.source must be the adapter id ${adapter.id}`);
        const agentIds = (snapshot.agents ?? []).map((a) => a.id);
        ensure(new Set(agentIds).size === agentIds.length, 'snapshot lists an agent twice');
        ensure(!sink.statuses.includes('failed'), 'adapter reported failed while connecting');
      }),
    },
    {
      name: `${name}: emits only valid canonical events, with unique ids and its own source`,
      run: withHarness(async (h) => {
        const sink = recorder();
        await h.adapter.connect(sink);
        await h.drive();
        ensure(sink.all().length > 0, 'drive() produced no events (over a real transport, drive() must resolve only once its messages reached the adapter)');
        // Twice: the same agent going to the same state again is a new fact, and an id made from
        // the content (agent and state) or from a counter of its own would name it as the old one.
        await h.drive();
        const ids = new Map<string, FloorwalkEvent>();
        for (const e of sink.all()) {
          const problem = checkEvent(e);
          ensure(problem === null, `invalid event ${JSON.stringify(e).slice(0, 200)}: ${problem}`);
          ensure(e.source === h.adapter.id, `event ${e.id} has source ${e.source}, expected ${h.adapter.id}`);
          const old = ids.get(e.id);
          ensure(
            old === undefined || fact(old) === fact(e),
            `event id ${e.id} was used for two different events (${fact(old ?? e).slice(0, 120)} and ${fact(e).slice(0, 120)}), so the store drops the second as a duplicate: derive ids from the vendor's sequence or message ids, not from the content (agent and state) or a counter of the adapter's own`,
          );
          ids.set(e.id, e);
        }
        ensure(sink.errors.length === 0, `adapter reported errors on valid traffic: ${sink.errors.map((e) => e.message).join('; ')}`);
      }),
    },
    {
      name: `${name}: snapshot then deltas leave the client where a fresh snapshot would`,
      run: withHarness(async (h) => {
        // Watched on their way to the client, to say why the client fell behind when it did.
        const { adapter, delivered, loaded } = tapped(h.adapter);
        const client = createFloorwalk({ adapter, session: { userId: 'conformance-admin', role: 'admin', teamIds: 'all' } });
        const errors: FloorwalkError[] = [];
        client.on('error', (e) => errors.push(e));
        await client.connect();
        await h.drive();
        await Promise.resolve();
        const fresh = await h.adapter.snapshot();
        const behind = (): string => {
          const at = loaded[0];
          const stale = at === undefined ? [] : delivered.filter((e) => e.at < at);
          if (stale.length === 0) return '';
          return ` (${stale.length} of the ${delivered.length} events drive() caused are stamped before the snapshot the client loaded, at ${at}, so the store dropped them as stale: stamp events with the vendor's timestamps, on the snapshot's clock, not the local one)`;
        };
        const wrong = differs(client, fresh, behind);
        ensure(wrong === null, wrong ?? '');
        ensure(errors.length === 0, `client reported errors: ${errors.map((e) => e.message).join('; ')}`);
        await client.disconnect();
      }),
    },
    {
      name: `${name}: a resync after a gap leaves the client where a fresh snapshot would`,
      run: withHarness(async (h) => {
        // The gap is made here: what drive() causes while it lasts never reaches the client, as
        // when a link drops; then the adapter's `reconnecting` and `live` make the client resync.
        const tap = tapped(h.adapter);
        const { adapter, delivered, loaded } = tap;
        const client = createFloorwalk({ adapter, session: { userId: 'conformance-admin', role: 'admin', teamIds: 'all' } });
        try {
          await client.connect();
          await h.drive();
          tap.gap = true;
          await h.drive();
          tap.gap = false;
          const snapshots = loaded.length;
          tap.toClient?.status('reconnecting');
          tap.toClient?.status('live');
          for (let waited = 0; (client.status !== 'live' || loaded.length === snapshots) && waited < 5000; waited += 10) await aWhile(10);
          ensure(loaded.length > snapshots && client.status === 'live', `the client did not resync after the gap (status ${client.status}): snapshot() did not answer`);
          const fresh = await h.adapter.snapshot();
          const at = loaded.at(-1) as number;
          const newer = (): string => {
            const kept = delivered.filter((e) => e.at > at);
            if (kept.length === 0) return '';
            return ` (the snapshot the client resynced from is stamped ${at}, before ${kept.length} of the events it already held, so the store kept those as newer news: stamp the snapshot with the vendor's time of reading, on the clock of its deltas, not the local one)`;
          };
          const wrong = differs(client, fresh, newer);
          ensure(wrong === null, `after a resync: ${wrong ?? ''}`);
        } finally {
          await client.disconnect();
        }
      }),
    },
    {
      name: `${name}: a redelivered vendor message maps to the same event ids`,
      run: withHarness(async (h) => {
        const sink = recorder();
        await h.adapter.connect(sink);
        await h.drive();
        const before = new Set(sink.all().map((e) => e.id));
        const count = sink.all().length;
        await h.redeliver();
        const again = sink.all().slice(count);
        ensure(again.length > 0, 'redeliver() produced no events at all: pass a copy of a vendor message on under its first id (the store drops it; dropping it in the adapter leaves the suite nothing to check), deliver each message as it comes rather than holding one back, and resolve redeliver() only once the copy reached the adapter');
        for (const e of again) {
          ensure(
            before.has(e.id),
            `redelivered message produced a new event id ${e.id}, not one its first delivery had, so the store keeps both copies: derive each id from the vendor's message id or sequence number, never from a counter, a random value or the time of receipt`,
          );
        }
      }),
    },
    {
      name: `${name}: rejects commands outside its capabilities with Unsupported`,
      run: withHarness(async ({ adapter, executeTimeoutMs }) => {
        await adapter.connect(recorder());
        const caps = adapter.capabilities;
        for (const type of COMMAND_TYPES) {
          if (caps.commands.includes(type)) continue;
          const err = await rejectsWithFloorwalkError(execute(adapter, sampleCommand(type), `execute(${type})`, executeTimeoutMs), `execute(${type})`);
          ensure(err.code === ErrorCode.Unsupported, `execute(${type}) rejected with code ${err.code}, expected Unsupported (${ErrorCode.Unsupported})`);
        }
        if (caps.commands.includes('start-monitoring')) {
          for (const mode of MONITORING_MODES) {
            if (caps.monitoringModes.includes(mode)) continue;
            const err = await rejectsWithFloorwalkError(execute(adapter, sampleCommand('start-monitoring', mode), `start-monitoring ${mode}`, executeTimeoutMs), `start-monitoring ${mode}`);
            ensure(err.code === ErrorCode.Unsupported, `start-monitoring ${mode} rejected with code ${err.code}, expected Unsupported`);
          }
        }
      }),
    },
    {
      name: `${name}: rejects commands on unknown targets with a FloorwalkError, never a raw throw`,
      run: withHarness(async ({ adapter, executeTimeoutMs }) => {
        await adapter.connect(recorder());
        for (const type of adapter.capabilities.commands) {
          if (type === 'send-message') continue; // a new conversation is not an unknown target
          if (type === 'set-policy') continue; // a policy change names no target
          const command = sampleCommand(type, adapter.capabilities.monitoringModes[0] ?? 'listen');
          await rejectsWithFloorwalkError(execute(adapter, command, `execute(${type})`, executeTimeoutMs), `execute(${type}) on an unknown target`);
        }
      }),
    },
    skippable(`${name}: answers set-presence on an agent it knows, with success or a FloorwalkError, and reports a change it accepted`, async (skip) => {
      // The other command cases aim at ids the vendor does not know, which a quick 404 answers:
      // this one takes the path a person's click takes, where a request with no time limit or
      // a raw TypeError from reading the vendor's answer would hide.
      const reached = await background(makeHarness);
      if (reached === null) return skip('the adapter does not declare set-presence');
      await withHarness(async ({ adapter, executeTimeoutMs = 5000, drive }) => {
        const sink = recorder();
        await adapter.connect(sink);
        const snapshot = await adapter.snapshot();
        const agents = snapshot.agents ?? [];
        ensure(agents.length > 0, 'the snapshot lists no agent: give the vendor double at least one, for the suite to set presence on');
        // A state the vendor's own activity never brings the agent to: an adapter whose execute()
        // does nothing would otherwise pass whenever the platform made the change by itself.
        const targets = quietTargets(snapshot, reached);
        if (targets.length === 0) return skip(noQuietTarget(agents));
        const refusals: string[] = [];
        // With the tenant's first reason code for the state, where it offers one: a person picks
        // "Lunch" or "Coffee", and an adapter that drops the reason shows only the bare state.
        const reasonFor = (state: PresenceState): ReasonCode | undefined => snapshot.presenceDefinitions?.find((d) => d.state === state)?.reasons[0];
        const label = ({ agent, state }: (typeof targets)[number]): string => `set-presence ${state}${reasonFor(state) ? ` (reason ${reasonFor(state)?.id})` : ''} on ${agent.id}`;
        const taken = await firstTaken(targets, label, refusals, async ({ agent, state }) => {
          const what = `execute(set-presence ${state}) on ${agent.id}, an agent in the snapshot,`;
          const reason = reasonFor(state);
          await execute(adapter, { type: 'set-presence', agentId: agent.id, state, ...(reason && { reason }) }, what, executeTimeoutMs).catch((err: unknown) => {
            if (err instanceof ConformanceFailure) throw err;
            ensure(isFloorwalkError(err), `${what} rejected with ${String(err)}, not a FloorwalkError: turn every failure of the vendor call, and of reading its answer, into one`);
            throw err;
          });
        });
        // Refused every time (states the platform lacks, an agent only they may change): typed is
        // enough, but no change was checked, and a pass would hide that.
        if (taken === undefined) return skip(`${refusals.join('; ')}: no change was checked`);
        const { agent, state } = taken;
        const what = `execute(set-presence ${state}) on ${agent.id}, an agent in the snapshot,`;
        // Accepted: the person who clicked must see it happen, from the platform's notification or,
        // on a platform that is polled, in the next snapshot. An execute() that resolves and does
        // nothing (a stub, a request sent to the wrong place) would otherwise pass every case.
        const until = Date.now() + executeTimeoutMs;
        // Time passes as the harness makes it (a simulated clock, a poll): drive() at most twice,
        // as in the other cases. The sink keeps every event, so activity of its own that changes
        // the agent again afterwards does not hide the change.
        const reason = reasonFor(state);
        // A platform may report the state before its reason code (a second notification, a poll
        // that saw the state before the reason was resolved): the reason counts in any event or
        // fresh snapshot within the wait, and only its absence at the end fails.
        /** The agent as last seen in the state asked for, for a complaint about its reason. */
        let inState: Presence | undefined;
        const done = (e: FloorwalkEvent): boolean => {
          const p = presenceIn(e, agent.id);
          if (p?.state !== state) return false;
          inState = p;
          return reason === undefined || p.reason?.id === reason.id;
        };
        for (let drives = 0; ; drives++) {
          const fresh = await adapter.snapshot();
          if ([...sink.all(), fresh].some(done)) return;
          if (Date.now() >= until) {
            ensure(
              inState === undefined,
              `${what} with reason ${reason?.id} (the first the snapshot's presenceDefinitions offer for ${state}) was reported as ${state} with ${inState?.reason === undefined ? 'no reason' : `reason ${inState.reason.id}`}: send command.reason to the platform, and map the reason it reports back to the id of its presenceDefinitions (no event or fresh snapshot within ${executeTimeoutMs} ms and two drive() calls showed it)`,
            );
            throw new ConformanceFailure(
              `${what} resolved, but within ${executeTimeoutMs} ms (and two drive() calls) neither an event nor a fresh snapshot showed ${agent.id} in ${state} (a state the vendor's own activity does not bring it to): resolve only once the platform took the change, and report it as the platform does (its notification, or the next snapshot where it is polled)`,
            );
          }
          if (drives < 2) await drive();
          else await aWhile(50);
        }
      })();
    }),
    skippable(`${name}: starts monitoring a connected interaction of its snapshot and reports the session, and its end when stopped`, (skip) =>
      withHarness(async ({ adapter, executeTimeoutMs = 5000, drive }) => {
        // The unknown-target case is all that checks monitoring otherwise: an execute() that
        // checks the ids and never asks the platform would pass it, and a supervisor would then
        // believe they are listening while nobody, the agent included, sees a session.
        const caps = adapter.capabilities;
        if (!caps.commands.includes('start-monitoring')) return skip('the adapter does not declare start-monitoring');
        const sink = recorder();
        await adapter.connect(sink);
        let targets: Interaction[] = [];
        for (let drives = 0; targets.length === 0 && drives < 2; drives++) {
          await drive();
          targets = monitorable(await adapter.snapshot());
        }
        if (targets.length === 0) return skip('no interaction of the snapshot was connected or held, with an agent, after one or two drive() calls: make drive() leave one connected, for the suite to monitor');
        const [mode, ...others] = caps.monitoringModes as readonly MonitoringMode[] as [MonitoringMode, ...MonitoringMode[]];
        const refusals: string[] = [];
        const label = (i: Interaction, m: MonitoringMode): string => `start-monitoring ${m} on ${i.id} of ${i.agentId as string}`;
        let startedWith: CommandEnvelope | undefined;
        // Sent twice at once under one key, as the client does when its answer was late: a second
        // session would be a listener nobody stops, the agent's notice counting two supervisors.
        const target = await firstTaken(targets.slice(0, PRESENCE_TRIES), (i) => label(i, mode), refusals, async (i) => {
          const what = `execute(${label(i, mode)})`;
          const sent = (startedWith = envelope({ type: 'start-monitoring', agentId: i.agentId as string, interactionId: i.id, mode }));
          const both = await Promise.allSettled([executeEnvelope(adapter, sent, what, executeTimeoutMs), executeEnvelope(adapter, sent, `${what}, the same key again at once,`, executeTimeoutMs)]);
          for (const r of both) if (r.status === 'rejected' && r.reason instanceof ConformanceFailure) throw r.reason;
          const [one, two] = both;
          if (one.status === 'rejected' && two.status === 'rejected') throw one.reason;
          ensure(
            one.status === two.status,
            `${what}, sent twice at once with key ${sent.key}, resolved once and rejected once (${String(one.status === 'rejected' ? one.reason : (two as PromiseRejectedResult).reason)}): ${oneKey}`,
          );
        });
        if (target === undefined) return skip(`${refusals.join('; ')}: no monitoring session was checked`);
        /** Waits for the session `m` started on `target` to show, and checks whose it is and its mode. */
        const shows = async (m: MonitoringMode, from = 0): Promise<{ shown: MonitoringSession; inSnapshot: boolean; from: number }> => {
          const started = `execute(${label(target, m)}) resolved, but within ${executeTimeoutMs} ms (and two drive() calls) neither a monitoring event nor a fresh snapshot's monitoring showed a session on ${target.id}: resolve only once the platform started it, and report the session as the platform does (its notification, or the snapshot's monitoring where it is polled), so the supervisor and the agent see it`;
          const open = (s: MonitoringSession): boolean => s.interactionId === target.id && s.endedAt === undefined;
          let session: MonitoringSession | undefined;
          let inSnapshot = false;
          // A platform may report a session first as it starts and then in the mode asked for
          // (Amazon Connect monitors silently, then barges): the latest report of it must say so.
          await within(executeTimeoutMs, drive, started, async () => {
            const fresh = await adapter.snapshot();
            inSnapshot = (fresh.monitoring ?? []).some(open);
            // Only what came after this start: a session stopped before it shows open in the events that reported its start.
            const heard = sink.all().slice(from).flatMap(sessionsIn);
            const listed = fresh.monitoring ?? [];
            const id = [...heard, ...listed].find(open)?.id;
            if (id === undefined) return false;
            // The events and the snapshot must both come round to it: the client shows the one it got last.
            const last = [heard.filter((x) => x.id === id).at(-1), listed.find((x) => x.id === id)].filter((x) => x !== undefined);
            session = last.find((x) => x.endedAt !== undefined) ?? last.find((x) => x.mode !== m) ?? last[0];
            return session !== undefined && (session.mode === m || session.endedAt !== undefined);
          }).catch((err: unknown) => {
            if (session === undefined) throw err;
          });
          const shown = session as MonitoringSession;
          ensure(shown.agentId === target.agentId, `the session ${shown.id} started on ${target.id} names agent ${shown.agentId}, not ${target.agentId as string}, whose interaction it is`);
          // A supervisor who asked to whisper and barges (or the reverse) is heard by someone they
          // did not mean to reach, and the agent's notice names the wrong mode.
          // One the platform ended first (its call over) never got the chance: stops() says so.
          ensure(shown.endedAt !== undefined || shown.mode === m, `the session ${shown.id} started in ${m} is reported in ${shown.mode} (still, after ${executeTimeoutMs} ms and two drive() calls): map the platform's mode back as it was asked for`);
          return { shown, inSnapshot, from };
        };
        const first = await shows(mode);
        const again = `execute(${label(target, mode)}), sent again with its key after its answer,`;
        await executeEnvelope(adapter, startedWith as CommandEnvelope, again, executeTimeoutMs).catch((err: unknown) => {
          if (err instanceof ConformanceFailure) throw err;
          throw new ConformanceFailure(`${again} rejected (${String(err)}): the client sends a key again when its answer was lost; ${oneKey}`);
        });
        await aWhile();
        const fresh = await adapter.snapshot();
        const onTarget = new Set([...sink.all(), fresh].flatMap(sessionsIn).filter((m) => m.interactionId === target.id).map((m) => m.id));
        ensure(onTarget.size === 1, `execute(${label(target, mode)}), sent twice at once and again after its answer with one key, started ${onTarget.size} sessions on ${target.id} (${[...onTarget].join(', ')}): ${oneKey}`);
        if (!caps.commands.includes('stop-monitoring')) {
          if (others.length > 0) skip(`${mode} was checked; ${others.join(' and ')} went unchecked, since without stop-monitoring a second session would join the first on ${target.id}`);
          return;
        }
        const ownEnd = `: a platform ends a session by itself when its call ends, which a drive() may bring about, so no stop-monitoring was checked (make drive() leave the monitored call connected)`;
        /** Stops `shown` and waits for its end; says why when the end seen is the platform's own. */
        const stops = async ({ shown, inSnapshot, from }: { shown: MonitoringSession; inSnapshot: boolean; from: number }): Promise<string | undefined> => {
          // A platform may give a new session on the same call the id of the one stopped before it.
          const since = (): FloorwalkEvent[] => sink.all().slice(from);
          if (since().flatMap(sessionsIn).some((m) => m.id === shown.id && m.endedAt !== undefined)) return `the session ${shown.id} ended before stop-monitoring was sent${ownEnd}`;
          const what = `execute(stop-monitoring) of ${shown.id}, the session start-monitoring reported,`;
          await execute(adapter, { type: 'stop-monitoring', sessionId: shown.id }, what, executeTimeoutMs).catch((err: unknown) => {
            if (err instanceof ConformanceFailure) throw err;
            throw new ConformanceFailure(`${what} rejected (${String(err)}): stop the session by the id the adapter reported it under`);
          });
          const ended = (m: MonitoringSession): boolean => m.id === shown.id && m.endedAt !== undefined;
          /** Why the end seen is not the stop's doing: the call it was on is over. */
          let callOver: string | undefined;
          await within(
            executeTimeoutMs,
            drive,
            `${what} resolved, but within ${executeTimeoutMs} ms (and two drive() calls) no monitoring event showed it ended${inSnapshot ? ' and a fresh snapshot still lists it open' : ''}: report the end (endedAt) as the platform does, so nobody goes on seeing a session that is over`,
            async () => {
              const fresh = await adapter.snapshot();
              const end = [...since().flatMap(sessionsIn), ...(fresh.monitoring ?? [])].find(ended);
              // Gone from a snapshot that listed it is over too; one that never listed it says nothing.
              if (end === undefined && !(inSnapshot && !(fresh.monitoring ?? []).some((m) => m.id === shown.id && m.endedAt === undefined))) return false;
              if (end?.endReason === 'interaction-ended' || end?.endReason === 'lease-expired') callOver = `it was reported ended with endReason ${end.endReason}`;
              else if (!(fresh.interactions ?? []).some((i) => i.id === target.id && i.state !== 'ended')) callOver = `its interaction ${target.id} is no longer live in a fresh snapshot`;
              return true;
            },
          );
          return callOver === undefined ? undefined : `${what} resolved and the session ended, but ${callOver}${ownEnd}`;
        };
        const callOver = await stops(first);
        if (callOver !== undefined) return skip(callOver);
        // Every other mode declared, on the same call: an adapter that maps only the first right
        // would otherwise pass.
        const unchecked: string[] = [];
        for (const m of others) {
          // Time passes between one session and the next, as the harness makes it: an adapter that
          // paces its requests on the double's clock would otherwise wait on a clock that stands still.
          await drive();
          if (!monitorable(await adapter.snapshot()).some((i) => i.id === target.id)) {
            unchecked.push(`${m} (${target.id} could no longer be monitored)`);
            continue;
          }
          const what = `execute(${label(target, m)})`;
          const from = sink.all().length;
          const taken = await execute(adapter, { type: 'start-monitoring', agentId: target.agentId as string, interactionId: target.id, mode: m }, what, executeTimeoutMs).then(
            () => true,
            (err: unknown) => {
              if (err instanceof ConformanceFailure) throw err;
              ensure(isFloorwalkError(err), `${what} rejected with ${String(err)}, not a FloorwalkError`);
              unchecked.push(`${m} (refused: ${refusal(err)})`);
              return false;
            },
          );
          if (!taken) continue;
          const over = await stops(await shows(m, from));
          if (over !== undefined) unchecked.push(`the stop of ${m} (${over})`);
        }
        if (unchecked.length > 0) skip(`${mode} was checked with its stop; unchecked: ${unchecked.join('; ')}`);
      })(),
    ),
    skippable(`${name}: refuses to monitor an interaction on a channel it cannot monitor, as Unsupported, and starts no session`, (skip) =>
      withHarness(async (h) => {
        // A platform with nothing to join on a chat (Twilio's supervisor leg is a conference
        // participant) would otherwise get a request it fails with a raw error, or worse, a
        // supervisor would be shown a session that hears nothing.
        const { adapter, executeTimeoutMs = 5000, drive } = h;
        const caps = adapter.capabilities;
        if (!caps.commands.includes('start-monitoring')) return skip('the adapter does not declare start-monitoring');
        const on = (m: MonitoringMode): readonly string[] => caps.monitoringChannels?.[m] ?? ['voice'];
        const sink = recorder();
        await adapter.connect(sink);
        const offChannel = (snapshot: SnapshotEvent): Interaction[] => monitorable(snapshot).filter((i) => caps.monitoringModes.some((m) => !on(m).includes(i.channel)));
        let targets: Interaction[] = [];
        for (let drives = 0; targets.length === 0 && drives < 2; drives++) {
          await drive();
          targets = offChannel(await adapter.snapshot());
        }
        if (targets.length === 0) {
          return skip(
            `no interaction of the snapshot was connected or held, with an agent, on a channel some mode cannot monitor (${caps.monitoringModes.map((m) => `${m}: ${on(m).join(', ')}`).join('; ')}) after one or two drive() calls: make drive() leave one connected (a chat, say)`,
          );
        }
        // An adapter written before monitoringChannels existed says nothing of channels: what it
        // does is reported (a skip), not failed, until it declares them.
        const declared = caps.monitoringChannels !== undefined;
        const undeclared: string[] = [];
        const before = h.applied?.();
        const from = sink.all().length;
        const tried: string[] = [];
        // One interaction per channel is enough: the refusal goes by the channel.
        for (const i of targets.filter((t, n) => targets.findIndex((u) => u.channel === t.channel) === n)) {
          for (const m of caps.monitoringModes.filter((x) => !on(x).includes(i.channel))) {
            const what = `execute(start-monitoring ${m} on ${i.id}, a ${i.channel} interaction of ${i.agentId as string})`;
            const sent = execute(adapter, { type: 'start-monitoring', agentId: i.agentId as string, interactionId: i.id, mode: m }, what, executeTimeoutMs);
            const err = declared ? await rejectsWithFloorwalkError(sent, what) : await sent.then(() => undefined, (e: unknown) => rejectsWithFloorwalkError(Promise.reject(e), what));
            if (err?.code === ErrorCode.Unsupported) {
              tried.push(i.id);
              continue;
            }
            const fix = `check the interaction's channel before asking the platform, or declare capabilities.monitoringChannels.${m} with ${i.channel} if the platform monitors it`;
            ensure(!declared, `${what} rejected with code ${err?.code} (${err?.message}), expected Unsupported: ${fix}`);
            undeclared.push(`${what} ${err === undefined ? 'resolved' : `rejected with code ${err.code}`}, where a platform that monitors voice only refuses it as Unsupported: ${fix}, and this case holds the adapter to it`);
          }
        }
        if (undeclared.length > 0) skip(undeclared.join('; '));
        await aWhile();
        const fresh = await adapter.snapshot();
        const started = [...sink.all().slice(from), fresh].flatMap(sessionsIn).filter((s) => tried.includes(s.interactionId as string) && s.endedAt === undefined);
        ensure(started.length === 0, `monitoring refused as Unsupported still started ${started.map((s) => `${s.id} (${s.mode}) on ${s.interactionId as string}`).join(', ')}: refuse before anything is sent`);
        if (before !== undefined && undeclared.length === 0) ensure(h.applied?.() === before, `monitoring refused as Unsupported still reached the vendor double (applied() went from ${before} to ${h.applied?.()}): refuse before anything is sent`);
      })(),
    ),
    skippable(`${name}: executes a command key sent twice at once, and again after its answer, with one effect`, async (skip) => {
      // The client sends a command again under the same key when its answer was lost or late
      // (after its commandTimeoutMs, while the first may still be out): two chat messages, two
      // raised hands or a second presence change are what a person then sees.
      const reached = await background(makeHarness);
      await withHarness(async (h) => {
        const { adapter, executeTimeoutMs = 5000, drive } = h;
        if (!(['send-message', 'raise-hand', 'set-presence'] as const).some((t) => adapter.capabilities.commands.includes(t))) {
          return skip('the adapter declares none of send-message, raise-hand and set-presence, whose effects the suite can count');
        }
        const sink = recorder();
        await adapter.connect(sink);
        const first = await adapter.snapshot();
        ensure((first.agents ?? []).length > 0, 'the snapshot lists no agent: give the vendor double at least one, for the suite to send commands about');
        const { plans, refused } = countables(adapter, first, reached);
        let counted = 0;
        for (const options of plans) {
          const before = h.applied?.();
          // A refusal of the first send moves on to the next candidate; one of a key taken fails.
          const plan = await firstTaken(options, (p) => p.label, refused, async ({ type, command }) => {
            const what = `execute(${type}) with key ${command.key}`;
            const [once, twice] = await Promise.allSettled([
              executeEnvelope(adapter, command, what, executeTimeoutMs),
              executeEnvelope(adapter, command, `${what}, sent again while the first was out,`, executeTimeoutMs),
            ]);
            for (const r of [once, twice]) if (r.status === 'rejected' && r.reason instanceof ConformanceFailure) throw r.reason;
            if (once.status === 'rejected') throw once.reason;
            const answerAsFirst = 'answer a key you have taken as its first send is answered: the client counts a rejection as a failed command and tells the person so';
            ensure(twice.status === 'fulfilled', `${what} resolved, but the same key sent again while it was out rejected (${twice.status === 'rejected' ? String(twice.reason) : ''}): ${answerAsFirst}`);
            try {
              await executeEnvelope(adapter, command, `${what}, sent again after it resolved,`, executeTimeoutMs);
            } catch (err) {
              if (err instanceof ConformanceFailure) throw err;
              throw new ConformanceFailure(`${what} resolved, but the same key sent again afterwards rejected (${String(err)}): ${answerAsFirst}`);
            }
          });
          if (plan === undefined) continue;
          const { type, command } = plan;
          const what = `execute(${type}) with key ${command.key}`;
          await oneEffect(
            plan,
            sink.all,
            () => adapter.snapshot(),
            drive,
            executeTimeoutMs,
            `${what}, sent three times (twice at once, then once after its answer)`,
            oneKey,
          );
          appliedOnce(h, before, `${what}, sent three times (twice at once, then once after its answer)`, oneKey);
          counted++;
        }
        if (counted === 0) skip(`no effect could be counted: ${refused.join('; ')}`);
      })();
    }),
    skippable(`${name}: executes a command an earlier page sent, sent again restored by a new adapter over the same vendor, with one effect (needs harness.reload)`, async (skip) => {
      // A reloaded page's outbox sends what the earlier page queued, marked restored: that page
      // may have sent it and lost the answer, and its memory of the key went with it. The first
      // instance's answer stands for the one the earlier page never saw.
      const reached = await background(makeHarness);
      await withHarness(async (h) => {
        const { adapter, executeTimeoutMs = 5000, drive } = h;
        if (h.reload === undefined) return skip('the harness has no reload(), to make a second adapter over the same vendor double as a reloaded page does');
        const sink = recorder();
        await adapter.connect(sink);
        const first = await adapter.snapshot();
        ensure((first.agents ?? []).length > 0, 'the snapshot lists no agent: give the vendor double at least one, for the suite to send commands about');
        const { plans, refused } = countables(adapter, first, reached);
        if (plans.length === 0 && refused.length === 0) return skip('the adapter declares none of send-message, raise-hand and set-presence, whose effects the suite can count');
        let counted = 0;
        for (const options of plans) {
          const before = h.applied?.();
          const plan = await firstTaken(options, (p) => p.label, refused, ({ type, command }) => executeEnvelope(adapter, command, `execute(${type}) with key ${command.key}`, executeTimeoutMs));
          if (plan === undefined) continue;
          const { type, command } = plan;
          const what = `execute(${type}) with key ${command.key}`;
          const again = await h.reload();
          const later = recorder();
          try {
            await again.connect(later);
            // The client loads a snapshot before its outbox sends anything.
            await again.snapshot();
            const restored: CommandEnvelope = { ...command, restored: true };
            const twice = `${what}, then by a new adapter from reload() with restored: true,`;
            try {
              await executeEnvelope(again, restored, twice, executeTimeoutMs);
            } catch (err) {
              if (err instanceof ConformanceFailure) throw err;
              throw new ConformanceFailure(
                `${twice} rejected (${String(err)}) though the earlier send had taken: a restored command whose effect the platform shows, with nothing changed since, is done; resolve it (the client counts a rejection as a failed command and tells the person so)`,
              );
            }
            await oneEffect(
              plan,
              () => [...sink.all(), ...later.all()],
              () => again.snapshot(),
              drive,
              executeTimeoutMs,
              `${what} resolved, and the same envelope sent again restored by a new adapter over the same vendor`,
              restoredKey,
            );
            appliedOnce(h, before, `${what} resolved, and the same envelope sent again restored by a new adapter over the same vendor`, restoredKey);
            counted++;
          } finally {
            await again.disconnect().catch(() => undefined);
          }
        }
        if (counted === 0) skip(`no effect could be counted: ${refused.join('; ')}`);
      })();
    }),
    skippable(`${name}: rejects a command the vendor rate-limits with RateLimited and its Retry-After (needs harness.rateLimit)`, (skip) =>
      withHarness(async (h) => {
        const { adapter, executeTimeoutMs } = h;
        if (h.rateLimit === undefined) return skip('the harness has no rateLimit(), to make the vendor answer a request with 429 and Retry-After');
        if (!adapter.capabilities.commands.includes('set-presence')) return skip('the adapter does not declare set-presence, the command the suite sends to be rate-limited');
        await adapter.connect(recorder());
        const agents = (await adapter.snapshot()).agents ?? [];
        ensure(agents.length > 0, 'the snapshot lists no agent: give the vendor double at least one, for the suite to send a command about');
        const seconds = 7;
        const said = (await h.rateLimit(seconds)) !== 'no-retry-after';
        const refusals: string[] = [];
        let err: FloorwalkError | undefined;
        let what = '';
        // An agent's own desktop refuses a command on another agent before it asks the vendor, so
        // the 429 waits for the adapter's next request: ask about the next agent, until one is sent.
        for (const agent of agents) {
          const state: PresenceState = agent.presence.state === 'break' ? 'available' : 'break';
          what = `execute(set-presence ${state}) on ${agent.id}, answered with the vendor's slow down (${said ? `Retry-After: ${seconds}` : 'its SDK passes on no Retry-After'}),`;
          err = await rejectsWithFloorwalkError(execute(adapter, { type: 'set-presence', agentId: agent.id, state }, what, executeTimeoutMs), what);
          if (!REFUSED_BEFORE_VENDOR.has(err.code)) break;
          refusals.push(`set-presence ${state} on ${agent.id} was refused (${refusal(err)})`);
          err = undefined;
        }
        if (err === undefined) {
          const more = refusals.length > PRESENCE_TRIES ? `; and ${refusals.length - PRESENCE_TRIES} more agents so` : '';
          return skip(`${refusals.slice(0, PRESENCE_TRIES).join('; ')}${more}: every agent tried was refused before the vendor was asked, so no 429 came and its handling went unchecked`);
        }
        const slowDown = said
          ? `reject a 429 with ErrorCode.RateLimited and details.retryAfterMs, its Retry-After in milliseconds (seconds, or an HTTP date), so the client and the outbox wait that long before sending again`
          : `reject a 429 with ErrorCode.RateLimited and no details.retryAfterMs: the vendor said slow down but not how long, so the client's slow backoff decides`;
        ensure(err.code === ErrorCode.RateLimited, `${what} rejected with ${refusal(err)}: ${slowDown}`);
        const ms = err.details?.['retryAfterMs'];
        const owed = said ? seconds * 1000 : undefined;
        ensure(ms === owed, `${what} rejected with RateLimited and details.retryAfterMs ${String(ms)}, not ${String(owed)}: ${slowDown}`);
      })(),
    ),
    skippable(`${name}: rejects a command the vendor rate-limits with an HTTP-date Retry-After with RateLimited and the wait until that date (needs harness.rateLimitByDate)`, (skip) =>
      withHarness(async (h) => {
        const { adapter, executeTimeoutMs } = h;
        if (h.rateLimitByDate === undefined) return skip('the harness has no rateLimitByDate(), to make the vendor answer a request with 429 and Retry-After: <HTTP-date>');
        if (!adapter.capabilities.commands.includes('set-presence')) return skip('the adapter does not declare set-presence, the command the suite sends to be rate-limited');
        await adapter.connect(recorder());
        const seconds = 9;
        await h.rateLimitByDate(seconds);
        const sent = await toVendor(adapter, (agent, state) => `execute(set-presence ${state}) on ${agent.id}, answered with 429 and Retry-After: <the HTTP-date ${seconds} s ahead>,`, executeTimeoutMs);
        if (typeof sent === 'string') return skip(`${sent}: so no 429 came and its handling went unchecked`);
        const [err, what] = sent;
        const advice = 'read Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), and reject with ErrorCode.RateLimited and details.retryAfterMs, the wait until that date by your clock';
        ensure(err.code === ErrorCode.RateLimited, `${what} rejected with ${refusal(err)}: ${advice}`);
        const ms = err.details?.['retryAfterMs'];
        // The date drops the clock's milliseconds (up to a second less), and a real clock runs on
        // while the 429 travels: a second more of slack, far less than the 5 s fallbacks guess.
        const owed = seconds * 1000;
        ensure(typeof ms === 'number' && ms > owed - 2000 && ms <= owed, `${what} rejected with RateLimited and details.retryAfterMs ${String(ms)}, not within 2 s under ${owed}: ${advice}`);
      })(),
    ),
    skippable(`${name}: rejects a command whose credentials the vendor refuses with AuthFailed, not retryable (needs harness.refuseCredentials)`, (skip) =>
      withHarness(async (h) => {
        const { adapter, executeTimeoutMs } = h;
        if (h.refuseCredentials === undefined) return skip('the harness has no refuseCredentials(), to make the vendor refuse the adapter\'s credentials');
        if (!adapter.capabilities.commands.includes('set-presence')) return skip('the adapter does not declare set-presence, the command the suite sends with refused credentials');
        await adapter.connect(recorder());
        await h.refuseCredentials();
        const sent = await toVendor(adapter, (agent, state) => `execute(set-presence ${state}) on ${agent.id}, its credentials refused by the vendor (401),`, executeTimeoutMs);
        if (typeof sent === 'string') return skip(`${sent}: so the vendor never refused the credentials and that path went unchecked`);
        const [err, what] = sent;
        const advice = 'reject with ErrorCode.AuthFailed (not VendorError), retryable false, so the client refuses it rather than resending it and the host learns its credentials need renewing';
        ensure(err.code === ErrorCode.AuthFailed, `${what} rejected with ${refusal(err)}: ${advice}`);
        ensure(!err.retryable, `${what} rejected with AuthFailed marked retryable: ${advice}`);
      })(),
    ),
    {
      name: `${name}: settles a command that was out when disconnect() closed the link`,
      run: withHarness(async ({ adapter, executeTimeoutMs }) => {
        // What the client does when a page is left while a send is out: resolved or rejected, the
        // answer must come; one that never does holds the client's later commands until it gives up.
        await adapter.connect(recorder());
        const type = adapter.capabilities.commands[0] ?? 'set-presence';
        const out = execute(adapter, sampleCommand(type, adapter.capabilities.monitoringModes[0] ?? 'listen'), `execute(${type}), out when disconnect() was called,`, executeTimeoutMs);
        out.catch(() => undefined);
        await adapter.disconnect();
        try {
          await out;
        } catch (err) {
          if (err instanceof ConformanceFailure) throw err;
        }
      }),
    },
    {
      name: `${name}: reports a malformed vendor payload as an error and keeps working`,
      run: withHarness(async (h) => {
        const sink = recorder();
        await h.adapter.connect(sink);
        await h.sendMalformed();
        ensure(sink.errors.length > 0, 'the malformed payload was not reported through sink.error');
        for (const e of sink.errors) ensure(isFloorwalkError(e), 'sink.error must be given FloorwalkError instances');
        for (const e of sink.all()) ensure(checkEvent(e) === null, `a malformed payload leaked an invalid event: ${checkEvent(e)}`);
        const before = sink.all().length;
        await h.drive();
        ensure(sink.all().length > before, 'the adapter produced no events after a malformed payload');
      }),
    },
    {
      name: `${name}: delivers nothing after disconnect`,
      run: withHarness(async (h) => {
        const sink = recorder();
        await h.adapter.connect(sink);
        await h.adapter.disconnect();
        const count = sink.all().length;
        const statuses = sink.statuses.length;
        const errors = sink.errors.length;
        await h.drive();
        await h.redeliver();
        await h.sendMalformed();
        await aWhile();
        const leaked = sink.all().slice(count);
        ensure(leaked.length === 0, `${leaked.length} events arrived after disconnect() (${leaked.slice(0, 3).map((e) => e.id).join(', ')}): ${afterDisconnect}`);
        // Nothing means nothing: a late `reconnecting` or `live` from a retry timer, or an error.
        const late = [...sink.statuses.slice(statuses).map((st) => `status ${st}`), ...sink.errors.slice(errors).map((e) => `error ${e.message}`)];
        ensure(late.length === 0, `the sink was called after disconnect(): ${late.join('; ')}: ${afterDisconnect}`);
      }),
    },
    {
      name: `${name}: delivers nothing when disconnected while still connecting`,
      run: withHarness(async (h) => {
        // The client does this when a page is left during connect: a stream that opens after
        // disconnect() must not report live or pump events into the sink it was given.
        const sink = recorder();
        // Not awaited: whether connect() then resolves, rejects or waits for its own timeout
        // (a Worker that never became ready) is the adapter's choice.
        h.adapter.connect(sink).catch(() => undefined);
        await h.adapter.disconnect();
        const count = sink.all().length;
        const statuses = sink.statuses.length;
        const errors = sink.errors.length;
        await aWhile();
        await h.drive();
        await h.redeliver();
        await aWhile();
        const late = [
          ...sink.all().slice(count).map((e) => `event ${e.id}`),
          ...sink.statuses.slice(statuses).map((st) => `status ${st}`),
          ...sink.errors.slice(errors).map((e) => `error ${e.message}`),
        ];
        ensure(late.length === 0, `the sink was called after a disconnect() made while connecting: ${late.slice(0, 5).join('; ')}: ${afterDisconnect}, also one that opens after disconnect() was called (close it at once)`);
      }),
    },
    skippable(`${name}: recovers from a dropped link with a snapshot at live and new ids for new facts (needs harness.interrupt)`, (skip) =>
      withHarness(async (h) => {
        if (h.interrupt === undefined) return skip('the harness has no interrupt(), to drop the link the way a network blip or a vendor restart does');
        const { sink, before } = await dropLink(h, h.interrupt);
        const count = sink.all().length;
        await h.drive();
        const after = sink.all().slice(count);
        ensure(after.length > 0, 'drive() after the link came back produced no events: report live only once the new link carries the vendor\'s messages (the socket is open and subscribed), and resolve drive() only once they reached the adapter');
        // A copy of an old message may come again (a resumed stream); a new fact under an old id
        // is dropped by the store as a duplicate, silently.
        for (const e of after) {
          const old = before.get(e.id);
          ensure(
            old === undefined || fact(old) === fact(e),
            `event id ${e.id} named one fact before the link dropped and another after it: derive ids from the vendor's sequence or message ids, not from the content (agent and state) or a counter that restarts with the connection`,
          );
        }
      })(),
    ),
    skippable(`${name}: a presence change the vendor made while the link was down reaches the client once the link is back (needs harness.interrupt to report one)`, (skip) =>
      withHarness(async (h) => {
        if (h.interrupt === undefined) return skip('the harness has no interrupt(), to drop the link the way a network blip or a vendor restart does');
        const interrupt = h.interrupt;
        /** What the vendor showed just before the drop: a "change" to the state the agent already had proves nothing. */
        let prior: Taken | undefined;
        const { sink, changed, atLive, eventsAtLive } = await dropLink(h, async () => {
          prior = await takeSnapshot(h.adapter);
          return interrupt();
        });
        if (changed === undefined) return skip('interrupt() reported no change the vendor made while the link was down (resolve it with { agentId, state })');
        const was = prior?.ok === true ? (prior.value as SnapshotEvent).agents?.find((a) => a.id === changed.agentId)?.presence.state : undefined;
        ensure(
          was !== changed.state,
          `interrupt() reported that the vendor set ${changed.agentId} to ${changed.state} while the link was down, but the snapshot just before the drop already showed ${was}: the case cannot tell a snapshot read afresh from one served from before the drop; change the agent to a state it was not in`,
        );
        const snapshot = atLive.ok ? (atLive.value as SnapshotEvent) : undefined;
        const agent = snapshot?.agents?.find((a) => a.id === changed.agentId);
        if (agent?.presence.state === changed.state) return;
        // A vendor that replays what changed once its link is back (a resumed stream, a live
        // query's diff) may bring it just after: the client takes it then, over the snapshot.
        const told = (): boolean => sink.all().slice(eventsAtLive).some((e) => e.type === 'presence' && e.agentId === changed.agentId && e.presence.state === changed.state);
        for (let waited = 0; !told() && waited < 1000; waited += 10) await aWhile(10);
        ensure(
          told(),
          `while the link was down the vendor set ${changed.agentId} to ${changed.state}, but neither the snapshot asked for at live (${agent === undefined ? 'it does not list that agent' : `it shows ${agent.presence.state}`}) nor an event within 1 s after it says so: build snapshot() from the vendor's state when it is asked for, not from what the adapter heard before the drop, or pass on what the vendor replays of the gap; the client mends what it missed from those alone`,
        );
      })(),
    ),
  ];
  return cases;
}
