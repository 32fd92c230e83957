import {
  CHANNELS,
  COMMAND_TYPES,
  ErrorCode,
  FloorwalkError,
  importOnce,
  MONITORING_MODES,
  checkEvent,
  isFloorwalkError,
  systemClock,
  type Adapter,
  type AdapterCapabilities,
  type AdapterSink,
  type Channel,
  type Clock,
  type CommandEnvelope,
  type CommandType,
  type CustomerFieldSource,
  type FloorwalkEvent,
  type RevealRequest,
  type MonitoringMode,
  type PresenceState,
  type SnapshotEvent,
  type Team,
  type TimerHandle,
} from '@floorwalk/core';
import { ContactCentre } from './model.js';
import { Recent } from './recent.js';
import { TARGET_LOAD } from './parameters.js';
import { PRESENCE_DEFINITIONS, defaultQueues, teamName, type SimulatorQueue } from './roster.js';
import { DEV } from '../internal/dev.js';
import { warnUnknownOptions } from '../internal/options.js';

/** Options of {@link createSimulatorAdapter}. All are optional. */
export interface SimulatorOptions {
  /** Seed of the random stream, an integer (its low 32 bits count); the same seed gives the same centre and the same run. Default 1. */
  readonly seed?: number;
  /** Number of agents, `agent-1` … `agent-N`. Default 50. */
  readonly agents?: number;
  /** Number of teams, `team-1` … `team-T`. Default one per 12 agents, rounded up. */
  readonly teams?: number;
  /** The queues, or how many of the built-in ones (Sales, Support, Billing, Back office, …) to use. Default 4. */
  readonly queues?: readonly SimulatorQueue[] | number;
  /** Only simulate these channels; queues left with none are dropped. Default: every channel of the queues. */
  readonly channels?: readonly Channel[];
  /**
   * Offered load per available agent: occupancy settles near it. Above 1 the centre is
   * short-staffed, so work waits in queue, callers abandon and an agent who becomes available
   * is offered the longest-waiting interaction at once. Default 0.8.
   */
  readonly load?: number;
  /** Simulated milliseconds per real millisecond, when no `clock` is given: positive and finite. Default 1. */
  readonly speed?: number;
  /**
   * Drive the simulation from this clock instead of real time (a manual clock in tests): it
   * advances only when this clock does, its time is the simulated time and `speed` is ignored.
   */
  readonly clock?: Clock;
  /** When the simulated day starts (epoch ms). Default: the clock's time at creation. */
  readonly start?: number;
  /**
   * Simulated silently before `start`, so the centre is mid-shift when connected. Default 30 min;
   * at most a day (86,400,000): the centre settles within hours, and `connect()` runs all of it,
   * a frame's work at a time (about 1.5 s of work per simulated hour at 10,000 agents).
   */
  readonly warmupMs?: number;
  /** Simulated delay before a command's effect shows. Default 150 ms. */
  readonly latencyMs?: number;
  /**
   * How long a seat's `connect()` waits for this adapter to be live (on the `clock` when given,
   * else in real time) before it fails with a retryable `NotConnected`, so the seat's client
   * tries again on its own backoff rather than showing `connecting` for good. Default 30,000.
   */
  readonly seatTimeoutMs?: number;
  /**
   * Play a more limited platform, e.g. `{ monitoringModes: ['listen', 'barge'] }` for one without
   * whisper, or `{ agentSeesMonitoring: false }` for one whose agents are not shown monitoring
   * (Amazon Connect, Twilio), where the client refuses `start-monitoring` while the tenant's
   * monitoring notices are on. `monitoringChannels` says on which channels each mode works;
   * by default every mode on voice calls and `listen` on chats and messages too, as Genesys
   * and Amazon Connect let a supervisor follow one (Twilio plays `{ listen: ['voice'] }`).
   */
  readonly capabilities?: Partial<Pick<AdapterCapabilities, 'commands' | 'monitoringModes' | 'monitoringChannels' | 'agentSeesMonitoring'>>;
  /** Adapter id, the `source` of every event. Default `simulator`. */
  readonly id?: string;
  /** Supervisor ids, assigned to teams in turn. Default one per team: `sup-1` for `team-1`, … */
  readonly supervisors?: readonly string[];
  /**
   * Supervisors per team when `supervisors` is not given: `sup-1`, `sup-1-2`, … for `team-1`. Help
   * requests escalate along this order. Default 1.
   */
  readonly supervisorsPerTeam?: number;
}

/** The simulator: a real {@link Adapter} over a seeded model of a contact centre. */
export interface SimulatorAdapter extends Adapter, CustomerFieldSource {
  /**
   * Simulated time. Give it to `createFloorwalk({ clock })` so durations in the store are
   * computed in simulated time. It is the `clock` option when one was given; otherwise its
   * timers run on the wall clock scaled by `speed`, also while the simulation is paused.
   */
  readonly clock: Clock;
  /**
   * Another seat at the same centre: an adapter for a second client (an agent's desktop beside
   * the supervisor's board) that sees the same agents and interactions and whose commands act on
   * them. Simulated time runs while this adapter is connected; a seat only listens in. While this
   * adapter is away a seat reports `reconnecting` (its `connect()` waits, at most `seatTimeoutMs`), and `live` once it is back.
   *
   * @example
   * ```ts
   * const centre = createSimulatorAdapter({ agents: 200 });
   * const supervisor = createFloorwalk({ adapter: centre, clock: centre.clock, session: boss });
   * const agent = createFloorwalk({ adapter: centre.seat({ person: 'agent-7' }), clock: centre.clock, session: agent7 });
   * ```
   *
   * `person` names the user a real person sits behind: from then on the simulation never
   * answers or confirms a check-in, reads a message or replies in chat for them, and never
   * changes their presence (no breaks, meals, sign-ins, shift ends or sign-outs). The platform
   * still does its part: it routes them work while they are available, puts each conversation in
   * wrap-up and ends it, and answers their calls as an auto-answer line does.
   */
  seat(options?: { readonly person?: string }): Adapter;
}

/**
 * Test hooks: what a vendor double would let a test do to its platform. Internal: not exported
 * from the package, reached through {@link simulatorTestHooks}.
 */
export interface SimulatorTestHooks {
  /** Sends the last delivered batch again, unchanged, to the adapter and its seats, as platforms sometimes redeliver. */
  redeliver(): void;
  /**
   * Feeds a raw platform record through the same mapping and validation as the simulator's own
   * records: a valid one is delivered as an event, a malformed one reported via `sink.error`.
   */
  injectRaw(payload: unknown): void;
  /**
   * How many commands the centre has carried out: each one it took, not a key it answered again
   * from memory, nor one it refused.
   */
  carried(): number;
  /**
   * The platform says slow down, as a vendor's 429 with `Retry-After: <seconds>`: the next command
   * it would carry (not one it refuses, nor a key it answers again from memory, which go as
   * before) rejects with a retryable `RateLimited` whose `details.retryAfterMs` is `seconds` ×
   * 1000, and has no effect. Its key is not kept: sent again, it is carried as new.
   */
  rateLimit(seconds: number): void;
  /**
   * The page's network blips for `downMs` of simulated time (default 5 s): the adapter reports
   * `reconnecting`, and so do its seats, which reach the platform through it; what the platform
   * does meanwhile reaches none of them, and a command sent meanwhile rejects with a retryable
   * `NotConnected`. Then each link is `live` again by itself, its client resyncs from
   * `snapshot()` (and the catch-up a fresh connect gets), and event ids go on where they were.
   * With a `clock` the platform runs on meanwhile; in real time its time stands still while the
   * link is down, as whenever the adapter is disconnected. Does nothing while the adapter is not
   * connected; a `disconnect()` or `connect()` during the blip stands, and the link does not come back.
   *
   * With `agentId`, that agent's presence is changed on the platform as the link drops (to a
   * meeting, or training if in one), its notification lost with the link, and the change is
   * returned: what a snapshot at the link's return must show.
   */
  interrupt(downMs?: number, agentId?: string): { agentId: string; state: PresenceState } | undefined;
}

/**
 * What the test hooks read of an adapter, when they are used. The adapter gives only this (a
 * getter of a tuple) and the hooks are built in {@link simulatorTestHooks}, which the package does
 * not export, so they stay out of the shipped entry.
 */
type Internals = () => readonly [
  sink: AdapterSink | null,
  lastBatch: readonly FloorwalkEvent[],
  collect: (batch: FloorwalkEvent[]) => (record: unknown) => void,
  deliver: (batch: FloorwalkEvent[]) => void,
  carried: number,
  centre: ContactCentre,
  connects: number,
];

const hooks = new WeakMap<SimulatorAdapter, Internals>();

/** The test hooks of a simulator made by {@link createSimulatorAdapter}. For tests only. */
export function simulatorTestHooks(adapter: SimulatorAdapter): SimulatorTestHooks {
  const internals = hooks.get(adapter);
  if (internals === undefined) throw new FloorwalkError(ErrorCode.InvalidArgument, 'simulatorTestHooks: not a simulator adapter.');
  return {
    redeliver() {
      // Through the centre's own delivery, so its seats hear the copy too.
      const [, lastBatch, , deliver] = internals();
      deliver([...lastBatch]);
    },
    injectRaw(payload) {
      const [, , collect, deliver] = internals();
      const batch: FloorwalkEvent[] = [];
      collect(batch)(payload);
      deliver(batch);
    },
    carried: () => internals()[4],
    rateLimit(seconds) {
      internals()[5].slowDown = seconds * 1000;
    },
    interrupt(downMs = 5_000, agentId) {
      const [to] = internals();
      if (to === null) return undefined;
      // Through the adapter's own disconnect and connect, the paths a real drop takes here: the
      // model runs on silently for the page, the seats go reconnecting and live with it, and
      // connect() owes every link its catch-up after its next snapshot.
      void adapter.disconnect();
      to.status('reconnecting');
      const dropped = internals()[6];
      adapter.clock.setTimeout(() => void (internals()[6] === dropped && adapter.connect(to)), downMs);
      const centre = internals()[5];
      const agent = agentId === undefined ? undefined : centre.agent(agentId);
      if (agent === undefined) return undefined;
      // Outside the model's own advance its emit is unset: the change reaches no link.
      const state: PresenceState = agent.presence.state === 'meeting' ? 'training' : 'meeting';
      centre.setPresence(agent, state);
      return { agentId: agent.id, state };
    },
  };
}

type Commands = typeof import('./commands.js');
let commandsModule: Commands | undefined;
const importCommands = importOnce(() => import('./commands.js'));
// The command code is not in the entry: it loads at connect (a command before that waits for it),
// so a page that imports the simulator without connecting never fetches it. A failed load is
// tried again (see core's `importOnce`).
const loadCommands = (): Promise<Commands> =>
  importCommands().then(
    (m) => (commandsModule = m),
    (err: unknown) => {
      throw new FloorwalkError(ErrorCode.LoadFailed, 'The simulator could not load its commands.', { cause: err });
    },
  );

/** How many idempotency keys are remembered; a retry arrives within seconds, not thousands of commands. */
const KEYS_KEPT = 10_000;
/** In real time, wake at most about once a frame, so bursts at high speed are delivered together. */
const MIN_TICK_MS = 16;
/**
 * In real time, run at most this many model steps per wake (some 10-50 ms):
 * a wake that comes late (a hidden tab's timers run once a minute) catches up a frame at a time
 * instead of in one long task that freezes the page.
 */
const TICK_WORK = 2_000;
/** setTimeout's largest delay. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
const MINUTE = 60_000;

/**
 * Creates the simulator adapter: a seeded, deterministic contact centre with Poisson arrivals,
 * skills-based routing, holds, wrap-up, breaks, shifts, help requests and the collaboration
 * commands, reporting canonical events. Throws `InvalidArgument` for bad options.
 *
 * @example
 * ```ts
 * const adapter = createSimulatorAdapter({ agents: 200, seed: 7, speed: 10 });
 * const client = createFloorwalk({ adapter, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] } });
 * await client.connect();
 * ```
 */
export function createSimulatorAdapter(given?: SimulatorOptions): SimulatorAdapter {
  const options = given ?? {};
  if (DEV) {
    const known = {
      seed: true, agents: true, teams: true, queues: true, channels: true, load: true, speed: true, clock: true, start: true, warmupMs: true,
      latencyMs: true, seatTimeoutMs: true, capabilities: true, id: true, supervisors: true, supervisorsPerTeam: true,
    } satisfies Record<keyof SimulatorOptions, true>;
    warnUnknownOptions('createSimulatorAdapter', options, known);
  }
  const config = readOptions(options);
  const { id, latencyMs, speed, seatTimeoutMs } = config;
  const driver = options.clock;

  // Real-time mode: simulated time runs at `speed` while connected and stands still otherwise.
  let anchorSim = options.start ?? (driver ?? systemClock).now();
  let anchorReal = 0;
  let running = false;
  const simNow = (): number => (running ? anchorSim + Math.floor((systemClock.now() - anchorReal) * speed) : anchorSim);
  const clock: Clock = driver ?? {
    now: simNow,
    setTimeout: (callback, ms) => systemClock.setTimeout(callback, Math.min(MAX_TIMEOUT_MS, ms / speed)),
    clearTimeout: (handle) => systemClock.clearTimeout(handle),
  };
  const wake = driver ?? systemClock;

  const centre = new ContactCentre({
    seed: config.seed,
    origin: anchorSim - config.warmupMs,
    agents: config.agents,
    load: config.load,
    teams: config.teams,
    queues: config.queues,
  });

  let sink: AdapterSink | null = null;
  /** Counts connects and disconnects: a warm-up still running when another begins gives up. */
  let connects = 0;
  let timer: TimerHandle | undefined;
  let seq = 0;
  let snapshots = 0;
  let lastBatch: readonly FloorwalkEvent[] = [];
  const outcomes = new Recent<FloorwalkError | null>(KEYS_KEPT);
  let carried = 0;

  /** Maps a platform record to a canonical event, or explains why it cannot. */
  const toEvent = (record: unknown): FloorwalkEvent | FloorwalkError => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      return new FloorwalkError(ErrorCode.MalformedEvent, `Simulator ${id} dropped a platform record that is not an object.`, { details: { record } });
    }
    const event = { ...record, id: `${id}:${seq + 1}`, at: centre.now, source: id } as FloorwalkEvent;
    const problem = checkEvent(event);
    if (problem !== null) {
      return new FloorwalkError(ErrorCode.MalformedEvent, `Simulator ${id} dropped a malformed platform record: ${problem}.`, { details: { problem } });
    }
    seq++;
    return event;
  };

  const collect =
    (batch: FloorwalkEvent[]) =>
    (record: unknown): void => {
      const event = toEvent(record);
      if (isFloorwalkError(event)) {
        sink?.error(event);
        for (const seat of seats.keys()) seat.error(event);
      } else batch.push(event);
    };

  // Sinks of the seats (see `seat()`), which hear what the adapter's own sink hears, and their ears.
  const seats = new Map<AdapterSink, Ear>();
  /** The ear of the adapter's own link. */
  const ear: Ear = {};
  /** A link stops hearing: what its client holds is every change so far if it was caught up, else still what it held. */
  const deafen = (of: Ear): void => {
    if (of.live === true) of.heard = centre.changes;
    of.live = false;
  };
  /** Sinks connected since their last snapshot: what they missed is restated after it (see `restate`). */
  const owed = new Set<AdapterSink>();
  /** Seats' connects waiting for the adapter itself to be live: each goes on when it is. */
  const waiting = new Set<() => void>();

  const deliver = (batch: FloorwalkEvent[]): void => {
    if (batch.length === 0 || sink === null) return;
    lastBatch = batch;
    sink.events(batch);
    for (const seat of seats.keys()) seat.events(batch);
  };

  /** Runs the model up to now: everything it reports in one batch, or silently while disconnected. */
  const pump = (): void => {
    if (sink === null) return void centre.advanceTo(clock.now(), null);
    const batch: FloorwalkEvent[] = [];
    centre.advanceTo(clock.now(), collect(batch), driver ? Infinity : TICK_WORK);
    deliver(batch);
  };

  const tick = (): void => {
    timer = undefined;
    pump();
    arm();
  };

  /** Sets the one timer to wake when the model next has something to do. */
  const arm = (): void => {
    if (timer !== undefined) wake.clearTimeout(timer);
    timer = undefined;
    const due = centre.nextDue();
    if (sink === null || due === undefined) return;
    const ahead = due - clock.now();
    const delay = driver !== undefined ? Math.max(0, ahead) : Math.min(MAX_TIMEOUT_MS, Math.max(MIN_TICK_MS, ahead / speed));
    timer = wake.setTimeout(tick, delay);
  };

  const stop = (): void => {
    connects++;
    if (timer !== undefined) wake.clearTimeout(timer);
    timer = undefined;
    if (sink !== null) {
      owed.delete(sink);
      deafen(ear);
      // The platform is gone for the seats too: their clients hold commands and resync once it is back.
      for (const [seat, of] of seats) deafen(of), seat.status('reconnecting');
    }
    sink = null;
    anchorSim = simNow();
    running = false;
  };

  const snapshotFor = async (to: AdapterSink | null): Promise<SnapshotEvent> => {
    // Deliver what is due first, so no delta older than the snapshot arrives after it.
    pump();
    // A macrotask, so the client has applied the snapshot (and gone live) before the catch-up,
    // as the backplane decorator's replay; only once per connect, never on a liveness check.
    // Only what changed since its client last heard everything, if it ever did. None while the
    // centre is away (a seat's, the centre gone since its snapshot): its client hears nothing then,
    // and is owed the catch-up again once the centre is back.
    if (to !== null && owed.delete(to)) {
      globalThis.setTimeout(() => {
        const of = sink === null ? undefined : to === sink ? ear : seats.get(to);
        if (of !== undefined && commandsModule !== undefined) commandsModule.restate(centre, id, to, of.heard), (of.live = true);
      }, 0);
    }
    return {
      type: 'snapshot',
      id: `${id}:snapshot:${++snapshots}`,
      at: centre.now,
      source: id,
      scope: { kind: 'all' },
      ...centre.snapshot(),
      presenceDefinitions: PRESENCE_DEFINITIONS,
    };
  };

  const capabilities = config.capabilities;
  const checkCapability = (command: CommandEnvelope): void => {
    if (!capabilities.commands.includes(command.type)) {
      throw new FloorwalkError(ErrorCode.Unsupported, `Simulator ${id} is not set up to ${String(command.type)}.`, { details: { command: command.type } });
    }
    if (command.type !== 'start-monitoring' && command.type !== 'change-monitoring-mode') return;
    if (!(MONITORING_MODES as readonly string[]).includes(command.mode)) {
      throw new FloorwalkError(ErrorCode.InvalidArgument, 'mode must be listen, whisper or barge.', { details: { field: 'mode', value: command.mode } });
    }
    if (!capabilities.monitoringModes.includes(command.mode)) {
      throw new FloorwalkError(ErrorCode.Unsupported, `Simulator ${id} offers no ${command.mode} monitoring.`, { details: { mode: command.mode } });
    }
  };

  /** The simulator holds its customers in clear, so it can answer a permitted reveal (live calls only); the answer loads with the commands. */
  const revealCustomerField = async (request: RevealRequest): Promise<string | undefined> => (commandsModule ?? (await loadCommands())).reveal(centre, id, request);

  const adapter: SimulatorAdapter = {
    id,
    capabilities,
    clock,
    revealCustomerField,

    async connect(next) {
      stop();
      const mine = connects;
      // Waited for, so that after connect a command runs in the same turn as before the split (a
      // test that moves a manual clock right after issuing one sees its effect); a failed load
      // only fails the commands, later, not the connection.
      await loadCommands().catch(() => undefined);
      if (mine !== connects) return;
      if (driver === undefined) {
        anchorReal = systemClock.now();
        running = true;
      }
      // Warm-up, and whatever happened while disconnected, run silently: the client's
      // snapshot after connecting covers it. In TICK_WORK steps, as a late wake runs, giving
      // the page a turn after each frame's worth, so a long one (a simulated day at 10,000
      // agents is half a minute of work) never holds it; what falls due meanwhile in real time
      // is delivered once live.
      for (let target = clock.now(), turn = systemClock.now(); centre.advanceTo(target, null, TICK_WORK); ) {
        if (systemClock.now() - turn < MIN_TICK_MS) continue;
        await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 0));
        if (mine !== connects) return;
        turn = systemClock.now();
      }
      sink = next;
      owed.add(next);
      arm();
      next.status('live');
      // Each seat is owed the catch-up of a fresh connect, after the snapshot its client now takes.
      for (const seat of seats.keys()) owed.add(seat), seat.status('live');
      for (const go of waiting) go();
    },

    snapshot: () => snapshotFor(sink),

    async execute(command) {
      if (typeof command !== 'object' || command === null || typeof command.key !== 'string' || command.key === '') {
        throw new FloorwalkError(ErrorCode.InvalidArgument, 'execute: the command must be an envelope with a non-empty key.');
      }
      checkCapability(command);
      const { runCommand } = commandsModule ?? (await loadCommands());
      if (sink === null) throw new FloorwalkError(ErrorCode.NotConnected, `Simulator ${id} is not connected.`);
      const previous = outcomes.get(command.key);
      if (previous !== undefined) {
        if (previous === null) return;
        throw previous;
      }
      let outcome: FloorwalkError | null = null;
      try {
        pump();
        runCommand(centre, command, latencyMs, capabilities.monitoringChannels);
        carried++;
        arm();
      } catch (err) {
        outcome = isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.Internal, `Simulator ${id} failed ${command.type}.`, { cause: err });
      }
      // A refusal the caller may send again (a slow-down: nothing was carried) is no answer to
      // keep: the retry after its wait is carried as new, as a 429's is.
      if (!outcome?.retryable) outcomes.set(command.key, outcome);
      if (outcome !== null) throw outcome;
    },

    async disconnect() {
      stop();
    },

    seat(options) {
      const person = options?.person;
      if (typeof person === 'string' && person !== '') centre.persons.add(person);
      let own: AdapterSink | null = null;
      /**
       * Ends this seat's connection: takes its sink off the centre, or lets its connect() go on
       * if it still waits for the adapter (else, given up, it would hold its client until then).
       */
      let leave = (): void => {};
      const seatEar: Ear = {};
      return {
        id,
        capabilities,
        clock,
        async connect(next) {
          leave();
          own = next;
          // The client declares its first live itself and hears no `reconnecting` before it, so
          // while the platform is away the connect waits: `connecting`, commands held. Not for
          // ever: a centre page that never loads would hold the client with no error, so past
          // `seatTimeoutMs` it fails retryable and the client's own backoff tries again.
          if (sink === null) {
            await new Promise<void>((resolve, reject) => {
              const timer = wake.setTimeout(() => (reject(new FloorwalkError(ErrorCode.NotConnected, `Simulator ${id} was not live within ${seatTimeoutMs} ms.`)), go()), seatTimeoutMs);
              const go = (): void => void (waiting.delete(go), wake.clearTimeout(timer), resolve());
              waiting.add((leave = go));
            });
          }
          if (own !== next) return;
          seats.set(next, seatEar);
          owed.add(next);
          leave = () => (seats.delete(next), owed.delete(next), deafen(seatEar));
          next.status('live');
        },
        snapshot: () => snapshotFor(own),
        execute: (command) => adapter.execute(command),
        revealCustomerField,
        async disconnect() {
          leave();
          own = null;
        },
      };
    },
  };

  hooks.set(adapter, () => [sink, lastBatch, collect, deliver, carried, centre, connects]);
  return adapter;
}

/**
 * What a link's client holds of what a catch-up restates: every change up to `heard` (the
 * centre's change number; none before its first catch-up), and every one since while `live`
 * (caught up and hearing). It outlives the link, so the next connect restates only the rest.
 */
interface Ear {
  heard?: number;
  live?: boolean;
}

interface Config {
  readonly id: string;
  readonly seed: number;
  readonly agents: number;
  readonly load: number;
  readonly teams: readonly Team[];
  readonly queues: readonly SimulatorQueue[];
  readonly speed: number;
  readonly warmupMs: number;
  readonly latencyMs: number;
  readonly seatTimeoutMs: number;
  readonly capabilities: AdapterCapabilities;
}

function bad(message: string, option: string, value: unknown): never {
  throw new FloorwalkError(ErrorCode.InvalidArgument, `createSimulatorAdapter: ${message}`, { details: { option, value } });
}

/** A finite number from `least` to `most` (a whole one if `whole`), or the fallback when not given. */
function number(value: unknown, option: string, fallback: number, what: string, least = -Infinity, most = Infinity, whole = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < least || value > most || (whole && !Number.isInteger(value))) bad(`${option} must be ${what}.`, option, value);
  return value;
}

/** A whole number of at least 1. */
const count = (value: unknown, option: string, fallback: number): number => number(value, option, fallback, 'an integer of at least 1', 1, Infinity, true);

function subset<T extends string>(value: unknown, option: string, all: readonly T[]): readonly T[] {
  if (!Array.isArray(value) || value.some((v) => !all.includes(v as T))) bad(`${option} must list values among ${all.join(', ')}.`, option, value);
  return all.filter((v) => (value as unknown[]).includes(v));
}

function readOptions(options: SimulatorOptions): Config {
  const id = options.id ?? 'simulator';
  if (typeof id !== 'string' || id === '') bad('id must be a non-empty string.', 'id', id);
  // A fraction would be truncated: every `Math.random()` seed would play the same run as seed 0.
  const seed = number(options.seed, 'seed', 1, 'an integer', -Infinity, Infinity, true);
  const agents = count(options.agents, 'agents', 50);
  const teamCount = count(options.teams, 'teams', Math.ceil(agents / 12));
  if (teamCount > agents) bad('teams cannot outnumber agents.', 'teams', teamCount);
  // Positive: the least positive number is the least allowed.
  const speed = number(options.speed, 'speed', 1, 'a positive number', Number.MIN_VALUE);
  const load = number(options.load, 'load', TARGET_LOAD, 'a number above 0 and at most 3', Number.MIN_VALUE, 3);
  const clock = options.clock;
  if (clock !== undefined && (typeof clock?.now !== 'function' || typeof clock.setTimeout !== 'function')) bad('clock must be a Clock.', 'clock', clock);
  number(options.start, 'start', 0, 'a time in epoch ms');

  const supervisors = options.supervisors;
  if (supervisors !== undefined && (!Array.isArray(supervisors) || supervisors.length === 0 || supervisors.some((s) => typeof s !== 'string' || s === ''))) {
    bad('supervisors must be a non-empty list of ids.', 'supervisors', supervisors);
  }
  const perTeam = count(options.supervisorsPerTeam, 'supervisorsPerTeam', 1);
  const teams: Team[] = Array.from({ length: teamCount }, (_, i) => ({
    id: `team-${i + 1}`,
    name: teamName(i),
    supervisorIds:
      supervisors === undefined
        ? Array.from({ length: perTeam }, (_, k) => (k === 0 ? `sup-${i + 1}` : `sup-${i + 1}-${k + 1}`))
        : [supervisors[i % supervisors.length] as string],
  }));

  const wanted = options.channels === undefined ? CHANNELS : subset(options.channels, 'channels', CHANNELS);
  const queues = readQueues(options.queues)
    .map((q) => ({ ...q, channels: q.channels.filter((c) => wanted.includes(c)) }))
    .filter((q) => q.channels.length > 0);
  if (queues.length === 0) bad('no queue is left with a channel to simulate.', 'channels', options.channels);

  const commands: readonly CommandType[] =
    options.capabilities?.commands === undefined ? COMMAND_TYPES : subset(options.capabilities.commands, 'capabilities.commands', COMMAND_TYPES);
  const canMonitor = commands.includes('start-monitoring');
  const monitoringModes: readonly MonitoringMode[] =
    options.capabilities?.monitoringModes === undefined
      ? canMonitor
        ? MONITORING_MODES
        : []
      : subset(options.capabilities.monitoringModes, 'capabilities.monitoringModes', MONITORING_MODES);
  const given = options.capabilities?.monitoringChannels;
  if (given !== undefined && (typeof given !== 'object' || given === null || Object.entries(given).some(([m, on]) => !monitoringModes.includes(m as MonitoringMode) || !Array.isArray(on) || on.some((c) => !(CHANNELS as readonly string[]).includes(c))))) {
    bad('capabilities.monitoringChannels must map monitoring modes it offers to lists of channels.', 'capabilities', options.capabilities);
  }
  const monitoringChannels = given ?? (monitoringModes.includes('listen') ? { listen: ['voice', 'chat', 'message'] as const } : {});
  const sees = options.capabilities?.agentSeesMonitoring ?? true;
  if (typeof sees !== 'boolean') bad('capabilities.agentSeesMonitoring must be a boolean.', 'capabilities', options.capabilities);
  if (canMonitor !== monitoringModes.length > 0) {
    bad('capabilities.monitoringModes must be non-empty exactly when start-monitoring is a command.', 'capabilities', options.capabilities);
  }

  return {
    id,
    seed,
    agents,
    load,
    teams,
    queues,
    speed,
    // A day holds whole shifts and the load wave many times over: the centre has settled long
    // before, and connect() pays for every simulated hour (about 1.5 s of work at 10,000 agents),
    // so a bigger number is a mistake (a week in ms for a day, seconds read as ms).
    warmupMs: number(options.warmupMs, 'warmupMs', 30 * MINUTE, 'a non-negative number of milliseconds, at most a day (86400000): the centre settles within hours', 0, 864e5),
    latencyMs: number(options.latencyMs, 'latencyMs', 150, 'a non-negative number of milliseconds', 0),
    // Longer than setTimeout's largest delay is as good as for ever, and would fire at once.
    seatTimeoutMs: Math.min(MAX_TIMEOUT_MS, number(options.seatTimeoutMs, 'seatTimeoutMs', 30_000, 'a non-negative number of milliseconds', 0)),
    // Every client of the centre hears of every session on the agents it sees, unless told to play a platform that does not.
    capabilities: { channels: CHANNELS.filter((c) => queues.some((q) => q.channels.includes(c))), commands, monitoringModes, monitoringChannels, agentSeesMonitoring: sees },
  };
}

function readQueues(value: SimulatorOptions['queues']): readonly SimulatorQueue[] {
  if (value === undefined) return defaultQueues(4);
  if (typeof value === 'number') return defaultQueues(count(value, 'queues', 4));
  if (!Array.isArray(value) || value.length === 0) bad('queues must be a count or a non-empty list of { id, name, channels }.', 'queues', value);
  const ids = new Set<string>();
  for (const q of value) {
    if (typeof q !== 'object' || q === null || typeof q.id !== 'string' || q.id === '' || ids.has(q.id) || typeof q.name !== 'string') {
      bad('each queue needs a unique id and a name.', 'queues', q);
    }
    ids.add(q.id);
    subset(q.channels, `queues[${q.id}].channels`, CHANNELS);
  }
  return value;
}
