import {
  ErrorCode,
  FloorwalkError,
  checkCommand,
  isFloorwalkError,
  systemClock,
  type Adapter,
  type AdapterCapabilities,
  type AdapterSink,
  type Agent,
  type Clock,
  type CoachingSession,
  type FloorwalkEvent,
  type FloorwalkEventType,
  type MonitoringSession,
  type Presence,
  type PresenceDefinition,
  type PresenceState,
  type SnapshotEvent,
  type Team,
} from '@floorwalk/core';
import { appointmentState, isInternalCall, mapAppointment, mapColleagueCall, type MappedColleagueCall } from './coaching.js';
import type { CommandHost } from './commands.js';
import { createShard, type GenesysSocketConstructor, type ReusableChannel, type Shard } from './channel.js';
import {
  definitionLabel,
  hash,
  isObj,
  mapConversation,
  normaliseSystemPresence,
  presenceState,
  ROUTING_STATUSES,
  str,
  TOPIC_CHANNELS,
  time,
  type MappedConversation,
} from './map.js';
import type { QueueEntry, QueueSide } from './queues.js';
import { createSkew } from '../internal/skew.js';
import { lazy } from './lazy.js';
import { createRest, type Rest } from './rest.js';
import { planGenesysTopics, type GenesysUserTopic } from './topics.js';
import type { GenesysPresenceDefinition, WireActivity, WireConversation, WireQueueMember, WireQueueObservation, WireRoutingStatus, WireUser, WireUserPresence } from './wire.js';
import { DEV } from '../internal/dev.js';
import { warnUnknownOptions } from '../internal/options.js';

/** Genesys Cloud regions and their domains (the SDK's `PureCloudRegionHosts`). */
export const GENESYS_REGIONS: Readonly<Record<string, string>> = {
  us_east_1: 'mypurecloud.com',
  eu_west_1: 'mypurecloud.ie',
  ap_southeast_2: 'mypurecloud.com.au',
  ap_northeast_1: 'mypurecloud.jp',
  eu_central_1: 'mypurecloud.de',
  us_west_2: 'usw2.pure.cloud',
  ca_central_1: 'cac1.pure.cloud',
  ap_northeast_2: 'apne2.pure.cloud',
  eu_west_2: 'euw2.pure.cloud',
  ap_south_1: 'aps1.pure.cloud',
  us_east_2: 'use2.us-gov-pure.cloud',
  sa_east_1: 'sae1.pure.cloud',
  me_central_1: 'mec1.pure.cloud',
  ap_northeast_3: 'apne3.pure.cloud',
  eu_central_2: 'euc2.pure.cloud',
  mx_central_1: 'mxc1.pure.cloud',
  ap_southeast_1: 'apse1.pure.cloud',
  eusc_de_east_1: 'edee1.eusc-pure.cloud',
};

/** Who and what to watch. Team members are resolved when connecting. */
export interface GenesysWatch {
  readonly userIds?: readonly string[];
  readonly teamIds?: readonly string[];
  readonly queueIds?: readonly string[];
}

/** Options of {@link createGenesysAdapter}. */
export interface GenesysAdapterOptions {
  /** A region key (`us_east_1`, also `us-east-1`) or its domain (`mypurecloud.ie`). */
  readonly region: string;
  /** The host's OAuth token (implicit or PKCE grant happens in the host). Called before each request. */
  readonly getAccessToken: () => string | Promise<string>;
  /** The signed-in user's Genesys id: the target of "my own presence". */
  readonly userId: string;
  readonly watch: GenesysWatch;
  /** The org's presence definitions; fetched from `/api/v2/presence/definitions` when absent. */
  readonly presenceDefinitions?: readonly GenesysPresenceDefinition[];
  /** Per-user topics. Default `['activity', 'conversations']`. */
  readonly userTopics?: readonly GenesysUserTopic[];
  /** Channels this adapter may open (of Genesys' 20 per user and app). Default 20. */
  readonly maxChannels?: number;
  /** Count a combined topic once towards the 1,000-topic limit (undocumented by Genesys). Default false. */
  readonly combinedCountsAsOne?: boolean;
  /** What `set-presence available` without a reason selects: On Queue (default) or plain Available. */
  readonly availableMeans?: 'on-queue' | 'available';
  /** REST calls allowed per minute; Genesys allows 300 per token. Default 240. */
  readonly requestsPerMinute?: number;
  /** Silence before pinging the socket. Default 75 s (heartbeats come about every 30 s). */
  readonly heartbeatTimeoutMs?: number;
  /** Unanswered ping before reconnecting. Default 10 s. */
  readonly pongTimeoutMs?: number;
  /** How long before a channel's 24 h expiry it is replaced. Default 10 min. */
  readonly renewBeforeExpiryMs?: number;
  /** Reconnect delays by attempt. Default 1 s, 2 s, 5 s, 10 s, 30 s. */
  readonly backoffMs?: readonly number[];
  /** Time source for every timer (a manual clock in tests). Default the wall clock. */
  readonly clock?: Clock;
  /** fetch implementation. Default the global one. */
  readonly fetch?: typeof fetch;
  /** WebSocket constructor. Default the global one. */
  readonly WebSocket?: GenesysSocketConstructor;
  /** Adapter id, the `source` of every event. Default `genesys`. */
  readonly id?: string;
  /**
   * Which coaching appointments to follow. `mine` (default): the signed-in user's own, from
   * `GET /api/v2/coaching/appointments/me` and their coaching topic, no permission needed.
   * `watched`: also every watched user's, by `userIds` (needs `coaching:appointment:view`) and
   * each watched user's coaching topic. `off`: none.
   */
  readonly appointments?: 'mine' | 'watched' | 'off';
  /** Offer `start-colleague-call` / `end-colleague-call` (Genesys internal calls). Default true. */
  readonly colleagueCalls?: boolean;
  /**
   * Subscribe `v2.quality.evaluations` for {@link GenesysAdapter.onEvaluation}, which
   * `createGenesysEvaluations` uses for live updates. Default false.
   */
  readonly qualityEvaluations?: boolean;
}

/** The Genesys Cloud adapter. */
export interface GenesysAdapter extends Adapter {
  /** The notification channels in use now (ids), one per shard of the topic list. */
  readonly channelIds: readonly string[];
  /**
   * Sends `{"message":"ping"}` on every channel's socket; resolves when each has answered,
   * rejects with `NotConnected` after `pongTimeoutMs` or when a socket is down.
   */
  ping(): Promise<void>;
  /**
   * A Platform API call through the adapter's own pacing, token and error mapping (for
   * `createGenesysEvaluations`). Rejects with a typed FloorwalkError. A 429 on a write (any
   * method but `GET` and `HEAD`) rejects at once with `RateLimited` and `details.retryAfterMs`,
   * for the caller to send it again after that wait; a read waits it out and retries (3 times).
   * `retries` sets how many 429s to wait out instead (a `POST` that only queries may take 3).
   */
  request<T>(method: string, path: string, body?: unknown, retries?: number): Promise<T>;
  /**
   * Hears every `v2.quality.evaluations` notification body (with `qualityEvaluations: true`).
   * Returns the function that stops listening.
   */
  onEvaluation(listener: (body: unknown) => void): () => void;
}

export interface Definition {
  readonly id: string;
  readonly system: string;
  readonly state: PresenceState;
  readonly label: string;
  readonly primary: boolean;
}

const MAX_KEYS = 2_000;
/**
 * How many ended conversations are remembered against late copies. The other topic's copy trails by
 * seconds; a 10,000-agent board ends some 30 conversations a second (5-minute calls).
 */
export const GONE_KEPT = 1_000;
/**
 * How many of a conversation's latest updates its record keeps. A late copy is behind by what its
 * topic has not delivered yet: seconds, at the human pace a conversation changes (an answer, a
 * hold, a transfer, a wrap-up code). A topic further behind than this finds nothing to match, and
 * its copies show as news until it catches up.
 */
export const UPDATES_KEPT = 64;
/** A conversation's updates in the order applied, each a hash of the payload mapped with nothing held, and per topic how many of them it has brought. */
type Updates = { readonly k: string[]; readonly t: Record<string, number> };
const CHUNK_USERS = 100;
const CHUNK_PRESENCE = 50;
const TEAMS_FRESH_MS = 30_000;

const BASE_COMMANDS = ['set-presence', 'start-monitoring', 'change-monitoring-mode', 'stop-monitoring'] as const;
const APPOINTMENT_PAGE = 100;
const CHUNK_APPOINTMENT_USERS = 50;
/** Appointments read at a snapshot: a week back (to learn of completions) to 90 days ahead. */
const APPOINTMENT_BACK_MS = 7 * 86_400_000;
const APPOINTMENT_AHEAD_MS = 90 * 86_400_000;

const chunks = <T>(list: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
};

/** Runs `fn` over `items`, a few at a time: the pacing window still bounds the rate, this bounds latency. */
async function each<T>(items: readonly T[], fn: (item: T) => Promise<void>, width = 4): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

const enc = encodeURIComponent;
/** A list in a Genesys response, empty when the field is absent or not a list. */
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** What an event of `type` carries besides the fields every event has. */
type EventFields<T extends FloorwalkEventType> = Omit<Extract<FloorwalkEvent, { type: T }>, 'type' | 'id' | 'at' | 'source'>;

/** The commands load with the first one: a page that only watches never loads them. */
const loadCommands = lazy(() => import('./commands.js'), ErrorCode.NotConnected, 'Genesys adapter could not load its commands.');
const ids = (list: readonly string[]): string => list.map(enc).join(',');

/** The queue side loads with the first connect that watches queues. */
const loadQueues = lazy(() => import('./queues.js'), ErrorCode.NotConnected, 'Genesys adapter could not load its queue side.');
/** Set once loaded, so an adapter created after that applies its first coaching notification as it comes. */
let noticesModule: typeof import('./notices.js') | undefined;
/** Coaching notifications load with the first one heard. */
const loadNotices = lazy(
  () => import('./notices.js'),
  ErrorCode.NotConnected,
  'Genesys adapter could not load its coaching notification handling.',
);

function bad(option: string, message: string, value: unknown): never {
  throw new FloorwalkError(ErrorCode.InvalidArgument, `createGenesysAdapter: ${option} ${message}`, { details: { option, value } });
}

function idList(value: unknown, option: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) bad(option, 'must be a list of ids.', value);
  return [...new Set(value as string[])];
}

function positive(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) bad(option, 'must be a positive number.', value);
  return value;
}

/**
 * Resolves a region key (`eu_west_1`, `eu-west-1`) or a domain to the Genesys Cloud domain.
 * Throws `InvalidArgument` for anything else.
 *
 * @example
 * ```ts
 * genesysDomain('eu-west-1'); // 'mypurecloud.ie'
 * ```
 */
export function genesysDomain(region: string): string {
  const key = region.trim().toLowerCase().replace(/-/g, '_');
  // Own keys only: `constructor` or `toString` is no region.
  const domain = (Object.hasOwn(GENESYS_REGIONS, key) ? GENESYS_REGIONS[key] : undefined) ?? Object.values(GENESYS_REGIONS).find((d) => d === region.trim().toLowerCase());
  if (domain === undefined) bad('region', `must be a Genesys Cloud region (${Object.keys(GENESYS_REGIONS).join(', ')}) or its domain.`, region);
  return domain;
}

/**
 * Creates the Genesys Cloud adapter: notification channels over WebSocket for live changes,
 * the Platform REST API for snapshots and commands, no Genesys SDK. Throws `InvalidArgument`
 * for bad options; `connect()` rejects with `InvalidArgument` when the watch list cannot fit in
 * the channels allowed.
 *
 * @example
 * ```ts
 * const adapter = createGenesysAdapter({
 *   region: 'eu_west_1',
 *   getAccessToken: () => auth.token, // from the host's PKCE login
 *   userId: me.id,
 *   watch: { teamIds: ['b5f0…'], queueIds: ['8c1e…'] },
 * });
 * const client = createFloorwalk({ adapter, session: { userId: me.id, role: 'supervisor', teamIds: 'all' } });
 * await client.connect();
 * ```
 */
export function createGenesysAdapter(options: GenesysAdapterOptions): GenesysAdapter {
  if (!isObj(options)) bad('options', 'must be an object.', options);
  if (DEV) {
    const known = {
      region: true, getAccessToken: true, userId: true, watch: true, presenceDefinitions: true, userTopics: true, maxChannels: true,
      combinedCountsAsOne: true, availableMeans: true, requestsPerMinute: true, heartbeatTimeoutMs: true, pongTimeoutMs: true,
      renewBeforeExpiryMs: true, backoffMs: true, clock: true, fetch: true, WebSocket: true, id: true, appointments: true,
      colleagueCalls: true, qualityEvaluations: true,
    } satisfies Record<keyof GenesysAdapterOptions, true>;
    warnUnknownOptions('createGenesysAdapter', options, known);
  }
  const domain = genesysDomain(typeof options.region === 'string' ? options.region : bad('region', 'must be a string.', options.region));
  if (typeof options.getAccessToken !== 'function') bad('getAccessToken', 'must be a function.', options.getAccessToken);
  if (typeof options.userId !== 'string' || options.userId === '') bad('userId', 'must be the Genesys user id.', options.userId);
  if (!isObj(options.watch)) bad('watch', 'must be { userIds?, teamIds?, queueIds? }.', options.watch);
  const watchUsers = idList(options.watch.userIds, 'watch.userIds');
  const watchTeams = idList(options.watch.teamIds, 'watch.teamIds');
  const watchQueues = idList(options.watch.queueIds, 'watch.queueIds');
  if (watchUsers.length + watchTeams.length + watchQueues.length === 0) bad('watch', 'must name at least one user, team or queue.', options.watch);
  const userTopics = options.userTopics ?? (['activity', 'conversations'] as const);
  if (!Array.isArray(userTopics) || userTopics.some((t) => !['activity', 'presence', 'routingStatus', 'conversations'].includes(t))) {
    bad('userTopics', 'must list activity, presence, routingStatus or conversations.', userTopics);
  }
  const maxChannels = positive(options.maxChannels, 'maxChannels', 20);
  if (!Number.isInteger(maxChannels) || maxChannels > 20) bad('maxChannels', 'must be an integer from 1 to 20.', maxChannels);
  if (options.availableMeans !== undefined && options.availableMeans !== 'on-queue' && options.availableMeans !== 'available') {
    bad('availableMeans', "must be 'on-queue' or 'available'.", options.availableMeans);
  }
  const requestsPerMinute = positive(options.requestsPerMinute, 'requestsPerMinute', 240);
  if (requestsPerMinute > 300) bad('requestsPerMinute', 'must be at most 300, Genesys’ limit per token.', requestsPerMinute);
  const backoffMs = options.backoffMs ?? [1_000, 2_000, 5_000, 10_000, 30_000];
  if (!Array.isArray(backoffMs) || backoffMs.length === 0 || backoffMs.some((d) => typeof d !== 'number' || !(d >= 0))) bad('backoffMs', 'must be a non-empty list of delays.', backoffMs);
  const id = options.id ?? 'genesys';
  if (typeof id !== 'string' || id === '') bad('id', 'must be a non-empty string.', id);
  const appointments = options.appointments ?? 'mine';
  if (appointments !== 'mine' && appointments !== 'watched' && appointments !== 'off') bad('appointments', "must be 'mine', 'watched' or 'off'.", options.appointments);
  if (options.colleagueCalls !== undefined && typeof options.colleagueCalls !== 'boolean') bad('colleagueCalls', 'must be a boolean.', options.colleagueCalls);
  const colleagueCalls = options.colleagueCalls !== false;
  const capabilities: AdapterCapabilities = {
    channels: ['voice', 'chat', 'email', 'message', 'video'],
    commands: [...BASE_COMMANDS, ...(appointments === 'off' ? [] : (['schedule-coaching-session', 'reschedule-coaching-session', 'cancel-coaching-session'] as const)), ...(colleagueCalls ? (['start-colleague-call', 'end-colleague-call'] as const) : [])],
    monitoringModes: ['listen', 'whisper', 'barge'],
    // Calls in every mode; a messaging conversation in listen only (its monitor endpoint). Web chats and emails: none.
    monitoringChannels: { listen: ['voice', 'message'] },
    // The supervisor's leg is a participant of the conversation the agent's own topic carries.
    agentSeesMonitoring: true,
  };
  const clock = options.clock ?? systemClock;
  // The globals are looked up per call, not captured: a mock (msw) may install them after this.
  const globals = globalThis as { fetch?: typeof fetch; WebSocket?: GenesysSocketConstructor };
  if (typeof (options.fetch ?? globals.fetch) !== 'function') bad('fetch', 'is required where there is no global fetch.', options.fetch);
  if (typeof (options.WebSocket ?? globals.WebSocket) !== 'function') bad('WebSocket', 'is required where there is no global WebSocket.', options.WebSocket);
  const fetchImpl: typeof fetch = (input, init) => (options.fetch ?? (globals.fetch as typeof fetch))(input, init);
  const Socket = function (url: string) {
    return new (options.WebSocket ?? (globals.WebSocket as GenesysSocketConstructor))(url);
  } as unknown as GenesysSocketConstructor;
  const timings = {
    heartbeatTimeoutMs: positive(options.heartbeatTimeoutMs, 'heartbeatTimeoutMs', 75_000),
    pongTimeoutMs: positive(options.pongTimeoutMs, 'pongTimeoutMs', 10_000),
    renewBeforeExpiryMs: positive(options.renewBeforeExpiryMs, 'renewBeforeExpiryMs', 10 * 60_000),
    backoffMs,
  };

  // Genesys' times go onto the page's clock as they are read (vt), where time in state is read,
  // with the offset estimated from live notifications (see ../internal/skew.ts).
  const skew = createSkew(() => clock.now());
  const vt = (v: unknown, off = skew.off): number | undefined => {
    const ms = time(v);
    return ms === undefined ? ms : ms + off;
  };
  /** `o` with its times (since, and keys ending in At) moved by `d`: each is a vt time where held. */
  const moved = <T extends object>(o: T, d: number): T => {
    const r: Record<string, number> = { ...o } as never;
    for (const k in r) if (/At$|^since$/.test(k)) r[k] = (r[k] as number) + d;
    return r as T;
  };
  /** An agent or a presence event, its presence moved by `d`. */
  const movedPresence = <T extends { presence: Presence }>(o: T, d: number): T => ({ ...o, presence: moved(o.presence, d) });
  const movedConversation = (m: MappedConversation, d: number): MappedConversation => ({ ...m, interaction: m.interaction && moved(m.interaction, d), monitoring: m.monitoring.map((s) => moved(s, d)) });
  const movedCall = (m: MappedColleagueCall, d: number): MappedColleagueCall => ({ ...m, call: moved(m.call, d) });
  const movedSession = (c: CoachingSession, d: number): CoachingSession => ({ ...c, at: c.at + d });

  const rest: Rest = createRest({ baseUrl: `https://api.${domain}`, getAccessToken: options.getAccessToken, clock, fetch: fetchImpl, requestsPerMinute, maxRetries: 3 });

  // ---- state: what Genesys last told us, so commands can find their targets ----
  let definitions = new Map<string, Definition>();
  const agents = new Map<string, Agent>();
  /** Each user's newest presence `modifiedDate`, on Genesys' clock: a move of the clock offset never reorders. */
  const presenceAt = new Map<string, number>();
  /** Each user's newest routing status `startTime`, on Genesys' clock, likewise: a late copy is dropped. */
  const routingAt = new Map<string, number>();
  /**
   * Each conversation as last mapped; from its notifications on (not from a snapshot), with `u`: its
   * updates in the order applied, each a hash of the payload mapped with nothing held (what two
   * topics' copies of one update share), and per topic how many of them it has brought.
   */
  const conversations = new Map<string, MappedConversation & { readonly u?: Updates }>();
  /**
   * The last GONE_KEPT conversations ended here, oldest first, each with its `u`: the other topic's
   * copy of an update from before the end may still be on its way, and would bring it back.
   */
  const gone = new Map<string, Updates>();
  /** Whether a conversation is the board's: its agent or queue is watched, or (a screen view of an agent, with no interaction) the agent watched. */
  const watches = ({ interaction: i, monitoring }: MappedConversation): boolean =>
    i === undefined ? monitoring.some((s) => watchedAgents.has(s.agentId)) : watchedAgents.has(i.agentId as string) || watchedQueues.has(i.queueId as string);
  /**
   * Whether a conversation is still followed: its interaction goes on, or a supervisor's leg on
   * it does (a screen view may outlast the call), whose end the agent must still be told.
   */
  const live = ({ interaction: i, monitoring }: MappedConversation): boolean => monitoring.some((s) => s.endedAt === undefined) || (i !== undefined && i.state !== 'ended');
  const queues = new Map<string, QueueEntry>();
  let teams: Team[] = [];
  let teamMembers = new Map<string, string[]>();
  let teamsLoadedAt = -Infinity;
  let sink: AdapterSink | null = null;
  let generation = 0;
  let shards: Shard[] = [];
  /** Channels of the last connection, by their topic list, for the next connect() to reuse. */
  let previous = new Map<string, ReusableChannel>();
  const downShards = new Set<number>();
  let snapshots = 0;
  const outcomes = new Map<string, Promise<void>>();
  /** Coaching appointments held, by id: notifications carry only part of one. */
  const sessions = new Map<string, CoachingSession>();
  const calls = new Map<string, MappedColleagueCall>();
  const evaluationListeners = new Set<(body: unknown) => void>();

  const report = (error: FloorwalkError): void => sink?.error(error);
  const malformed = (message: string, details?: Record<string, unknown>): void =>
    report(new FloorwalkError(ErrorCode.MalformedEvent, `Genesys: ${message}.`, { details }));

  // ---- presence definitions ----
  const setDefinitions = (list: readonly unknown[]): void => {
    const next = new Map<string, Definition>();
    for (const d of list) {
      if (!isObj(d) || str(d.id) === undefined || typeof d.systemPresence !== 'string' || d.deactivated === true) continue;
      const def = d as unknown as GenesysPresenceDefinition;
      const state = presenceState(def.systemPresence);
      if (state === undefined) continue;
      const system = normaliseSystemPresence(def.systemPresence);
      const label = definitionLabel(def);
      // The system's own definition of a state, as opposed to an org's secondary one.
      const primary = def.type === 'System' || (def.type === undefined && normaliseSystemPresence(label) === system);
      next.set(def.id, { id: def.id, system, state, label, primary });
    }
    definitions = next;
  };
  if (options.presenceDefinitions !== undefined) {
    if (!Array.isArray(options.presenceDefinitions)) bad('presenceDefinitions', 'must be a list.', options.presenceDefinitions);
    setDefinitions(options.presenceDefinitions);
  }

  const loadDefinitions = async (): Promise<void> => {
    if (options.presenceDefinitions !== undefined) return;
    const res = await rest.request<{ entities?: unknown }>('GET', '/api/v2/presence/definitions');
    setDefinitions(listOf(res?.entities));
  };

  const presenceDefinitions = (): PresenceDefinition[] => {
    const by = new Map<PresenceState, { id: string; label: string }[]>();
    for (const d of definitions.values()) by.set(d.state, [...(by.get(d.state) ?? []), { id: d.id, label: d.label }]);
    return [...by].map(([state, reasons]) => ({ state, reasons }));
  };

  /** A Genesys presence as canonical presence, or a problem. */
  const toPresence = (ref: unknown, modified: unknown, fallback: number, at = vt): Presence | string => {
    if (!isObj(ref)) return 'presenceDefinition is missing';
    const def = typeof ref.id === 'string' ? definitions.get(ref.id) : undefined;
    const state = def?.state ?? presenceState(ref.systemPresence);
    if (state === undefined) return `unknown system presence ${JSON.stringify(ref.systemPresence)}`;
    const since = at(modified) ?? fallback;
    return def === undefined ? { state, since } : { state, since, reason: { id: def.id, label: def.label } };
  };

  // ---- REST snapshot ----
  const pagedTeamMembers = async (teamId: string): Promise<string[]> => {
    const out: string[] = [];
    let path: string | undefined = `/api/v2/teams/${enc(teamId)}/members?pageSize=100`;
    for (let guard = 0; path !== undefined && guard < 200; guard++) {
      const res: { entities?: unknown; nextUri?: unknown } = await rest.request('GET', path);
      for (const e of listOf(res?.entities)) if (isObj(e) && typeof e.id === 'string') out.push(e.id);
      const next = str(res?.nextUri);
      path = next?.replace(/^https?:\/\/[^/]+/, '');
    }
    return out;
  };

  const loadTeams = async (): Promise<void> => {
    const nextTeams: Team[] = [];
    const members = new Map<string, string[]>();
    for (const teamId of watchTeams) {
      const t = await rest.request<{ name?: unknown }>('GET', `/api/v2/teams/${enc(teamId)}`);
      nextTeams.push({ id: teamId, name: typeof t?.name === 'string' ? t.name : teamId, supervisorIds: [] });
      members.set(teamId, await pagedTeamMembers(teamId));
    }
    teams = nextTeams;
    teamMembers = members;
    teamsLoadedAt = clock.now();
    watchedAgents = new Set(watchedUserIds());
  };

  const watchedUserIds = (): string[] => [...new Set([...watchUsers, ...[...teamMembers.values()].flat()])];
  /** Users whose notifications count, known from connect on (before any snapshot). */
  let watchedAgents = new Set<string>();
  const watchedQueues = new Set(watchQueues);
  let loadedQueueSide: QueueSide | undefined;
  const queueSide = async (): Promise<QueueSide | undefined> =>
    watchQueues.length === 0 ? undefined : (loadedQueueSide ??= (await loadQueues()).createQueueSide({ rest, watchQueues, queues, isObj, str, ids }));

  // ---- coaching appointments ----
  /** Whether a session concerns someone this adapter follows appointments for. */
  const concerns = (c: CoachingSession): boolean => {
    const people = [c.organiserId, ...c.attendeeIds];
    if (people.includes(options.userId)) return true;
    return appointments === 'watched' && people.some((p) => watchedAgents.has(p));
  };

  const readAppointments = async (startedAt: number, at = vt): Promise<CoachingSession[] | undefined> => {
    if (appointments === 'off') return undefined;
    const interval = enc(`${new Date(startedAt - APPOINTMENT_BACK_MS).toISOString()}/${new Date(startedAt + APPOINTMENT_AHEAD_MS).toISOString()}`);
    const found = new Map<string, CoachingSession>();
    const paged = async (base: string): Promise<void> => {
      for (let page = 1; page <= 50; page++) {
        const res = await rest.request<{ entities?: unknown; pageCount?: unknown }>('GET', `${base}&pageSize=${APPOINTMENT_PAGE}&pageNumber=${page}`);
        const list = listOf(res?.entities);
        for (const raw of list) {
          const c = mapAppointment(raw, at);
          if (typeof c === 'string') malformed(c, { appointment: isObj(raw) ? raw.id : undefined });
          else if (concerns(c)) found.set(c.id, c);
        }
        if (list.length < APPOINTMENT_PAGE || (typeof res?.pageCount === 'number' && page >= res.pageCount)) break;
      }
    };
    try {
      await paged(`/api/v2/coaching/appointments/me?interval=${interval}`);
      if (appointments === 'watched') {
        for (const part of chunks(watchedUserIds(), CHUNK_APPOINTMENT_USERS)) await paged(`/api/v2/coaching/appointments?userIds=${ids(part)}&interval=${interval}`);
      }
      // Held but no longer listed: deleted, or moved out of the window. Only a read tells which.
      for (const [aid, held] of sessions) {
        if (found.has(aid)) continue;
        try {
          const c = mapAppointment(await rest.request<unknown>('GET', `/api/v2/coaching/appointments/${enc(aid)}`), at);
          if (typeof c !== 'string') found.set(aid, c);
        } catch (err) {
          if (!isFloorwalkError(err) || err.code !== ErrorCode.UnknownEntity) throw err;
          found.set(aid, { ...held, state: 'cancelled' });
        }
      }
    } catch (err) {
      // An org without WEM coaching, or a user without the view permission: the board still works.
      if (isFloorwalkError(err) && err.code === ErrorCode.Forbidden) {
        report(err);
        return undefined;
      }
      throw err;
    }
    return [...found.values()];
  };

  /** Applies coaching notifications once their handling has loaded (notices.ts, with the first one). */
  let readNotice: ReturnType<typeof import('./notices.js').createNoticeReader> | undefined;
  /** Notifications heard before it loaded, in order, each with the connection that heard it. */
  const heldNotices: [string, number, unknown, string, number][] = [];
  let noticesLoading = false;
  const noticeHost = { id, clock, rest, sessions, generation: () => generation, sink: () => sink, report, malformed, concerns, mapAppointment, appointmentState, isObj, str, time: vt };
  const coachingNotice = (base: string, at: number, body: unknown, topicName: string): void => {
    if (heldNotices.length === 0 && (readNotice ??= noticesModule?.createNoticeReader(noticeHost)) !== undefined) return readNotice(base, at, body, topicName, generation);
    // Bounded while loads keep failing (each failure is reported): the oldest go first.
    if (heldNotices.push([base, at, body, topicName, generation]) > 64) heldNotices.shift();
    if (noticesLoading) return;
    noticesLoading = true;
    loadNotices().then(
      (m) => {
        noticesLoading = false;
        const read = (readNotice ??= (noticesModule = m).createNoticeReader(noticeHost));
        // A notification of an earlier connection is dropped, as it would have been had it come now.
        for (const n of heldNotices.splice(0)) if (n[4] === generation && sink !== null) read(...n);
      },
      (err: FloorwalkError) => {
        noticesLoading = false;
        report(err);
      },
    );
  };

  const fetchSnapshot = async (): Promise<SnapshotEvent> => {
    const startedAt = clock.now();
    // Its times go onto the page's clock at the estimate of its start: a notification may move
    // the estimate while it is read, and then all of it moves at commit, as held state does.
    const off = skew.off;
    const st = (v: unknown): number | undefined => vt(v, off);
    // The snapshot right after connect reuses the membership connect just read.
    if (startedAt - teamsLoadedAt > TEAMS_FRESH_MS) await loadTeams();
    const userIds = watchedUserIds();
    const users = new Map<string, WireUser>();
    await each(chunks(userIds, CHUNK_USERS), async (part) => {
      const res = await rest.request<{ entities?: unknown }>('GET', `/api/v2/users?id=${ids(part)}&expand=presence,routingStatus&pageSize=${CHUNK_USERS}`);
      for (const u of listOf(res?.entities)) if (isObj(u) && typeof u.id === 'string') users.set(u.id, u as WireUser);
    });
    // Expands are best effort (the SDK says so): the bulk endpoint is the authority on presence.
    const presences = new Map<string, WireUserPresence>();
    await each(chunks(userIds, CHUNK_PRESENCE), async (part) => {
      const res = await rest.request<unknown>('GET', `/api/v2/users/presences/purecloud/bulk?id=${ids(part)}`);
      for (const p of listOf(res)) if (isObj(p) && typeof p.userId === 'string') presences.set(p.userId, p as WireUserPresence);
    });

    // The queue side is loaded by connect() when queues are watched; this waits on the same load.
    const side = await queueSide();
    const { queues: nextQueues, queueIdsOf } = side === undefined ? { queues: new Map<string, QueueEntry>(), queueIdsOf: new Map<string, string[]>() } : await side.read(startedAt);

    const teamsOf = new Map<string, string[]>();
    for (const [tid, members] of teamMembers) for (const uid of members) teamsOf.set(uid, [...(teamsOf.get(uid) ?? []), tid]);
    const nextAgents: Agent[] = [];
    for (const uid of userIds) {
      const u = users.get(uid);
      const p = presences.get(uid) ?? u?.presence;
      let presence: Presence = { state: 'offline', since: startedAt };
      if (p !== undefined) {
        const mapped = toPresence(p.presenceDefinition, p.modifiedDate, startedAt, st);
        if (typeof mapped === 'string') malformed(`user ${uid}: ${mapped}`, { userId: uid });
        else presence = mapped;
      }
      const routing = u?.routingStatus?.status;
      nextAgents.push({
        id: uid,
        name: typeof u?.name === 'string' ? u.name : uid,
        teamIds: teamsOf.get(uid) ?? [],
        queueIds: queueIdsOf.get(uid) ?? [],
        presence,
        ...(routing === 'NOT_RESPONDING' && { notResponding: true }),
      });
    }

    // Live conversations: analytics finds the ids (active = no conversationEnd), each is then read
    // whole, in the same shape the notifications carry; the ones we held are re-read too.
    const convIds = new Set([...conversations.keys(), ...calls.keys()]);
    const predicates = [...userIds.map((v) => ({ type: 'dimension', dimension: 'userId', value: v })), ...watchQueues.map((v) => ({ type: 'dimension', dimension: 'queueId', value: v }))];
    const interval = `${new Date(startedAt - 86_400_000).toISOString()}/${new Date(startedAt + 60_000).toISOString()}`;
    for (const part of chunks(predicates, 100)) {
      for (let page = 1; page <= 50; page++) {
        const res = await rest.request<{ conversations?: unknown; totalHits?: unknown }>('POST', '/api/v2/analytics/conversations/details/query', {
          interval,
          order: 'asc',
          paging: { pageSize: 100, pageNumber: page },
          conversationFilters: [{ type: 'and', predicates: [{ type: 'dimension', dimension: 'conversationEnd', operator: 'notExists' }] }],
          segmentFilters: [{ type: 'or', predicates: part }],
        });
        const list = listOf(res?.conversations);
        for (const c of list) if (isObj(c) && typeof c.conversationId === 'string') convIds.add(c.conversationId);
        if (list.length < 100) break;
      }
    }
    const nextConversations = new Map<string, MappedConversation>();
    const nextCalls = new Map<string, MappedColleagueCall>();
    await each([...convIds], async (cid) => {
      let body: WireConversation;
      try {
        body = await rest.request<WireConversation>('GET', `/api/v2/conversations/${enc(cid)}`);
      } catch (err) {
        if (isFloorwalkError(err) && err.code === ErrorCode.UnknownEntity) return; // ended and gone
        throw err;
      }
      const mapped = isInternalCall(body) ? mapColleagueCall(body, startedAt, st) : mapConversation(body, startedAt, undefined, st, conversations);
      if (typeof mapped === 'string') return malformed(`conversation ${cid}: ${mapped}`, { conversationId: cid });
      if ('call' in mapped) nextCalls.set(cid, mapped);
      else if (live(mapped) && watches(mapped)) nextConversations.set(cid, mapped);
    });

    let nextSessions = await readAppointments(startedAt, st);

    // Commit only once every call succeeded: a failed snapshot leaves the previous state intact.
    const d = skew.off - off;
    if (d !== 0) {
      nextAgents.forEach((a, k) => (nextAgents[k] = movedPresence(a, d)));
      for (const [cid, m] of nextConversations) nextConversations.set(cid, movedConversation(m, d));
      for (const [cid, m] of nextCalls) nextCalls.set(cid, movedCall(m, d));
      nextSessions = nextSessions?.map((c) => movedSession(c, d));
    }
    // A presence notification that arrived while the snapshot was being read is newer than it.
    const held = new Map([...agents].map(([aid, a]) => [aid, a.presence]));
    agents.clear();
    for (const a of nextAgents) {
      const newer = held.get(a.id);
      agents.set(a.id, newer !== undefined && newer.since > a.presence.since ? { ...a, presence: newer } : a);
      presenceAt.set(a.id, Math.max(a.presence.since - skew.off, presenceAt.get(a.id) ?? -Infinity));
      // Likewise the routing status read: a late notification older than it is dropped.
      routingAt.set(a.id, Math.max(time(users.get(a.id)?.routingStatus?.startTime) ?? -Infinity, routingAt.get(a.id) ?? -Infinity));
    }
    conversations.clear();
    for (const [cid, m] of nextConversations) conversations.set(cid, m);
    queues.clear();
    for (const [qid, e] of nextQueues) queues.set(qid, e);
    const monitoring: MonitoringSession[] = [...nextConversations.values()].flatMap((m) => m.monitoring.filter((s) => s.endedAt === undefined));
    // The snapshot event has no place for appointments or colleague calls (they sit outside its
    // scopes), so they go out as events of the snapshot's time, ahead of it.
    const extra: FloorwalkEvent[] = [];
    const n = snapshots + 1;
    if (nextSessions !== undefined) {
      for (const c of nextSessions) {
        if (c.state === 'scheduled') sessions.set(c.id, c);
        else sessions.delete(c.id);
        extra.push({ type: 'coaching-session', id: `${id}:snapshot:${n}:c:${c.id}:${c.state}`, at: startedAt, source: id, session: c });
      }
    }
    for (const [cid, held] of calls) {
      // It ended while we were away: the board must not keep a call nobody is on.
      if (!nextCalls.has(cid) && held.call.endedAt === undefined) nextCalls.set(cid, { call: { ...held.call, endedAt: startedAt }, legs: new Map() });
    }
    calls.clear();
    for (const [cid, m] of nextCalls) {
      if (m.call.endedAt === undefined) calls.set(cid, m);
      extra.push({ type: 'colleague-call', id: `${id}:snapshot:${n}:k:${cid}`, at: startedAt, source: id, call: m.call });
    }
    if (extra.length > 0) sink?.events(extra);
    return {
      type: 'snapshot',
      id: `${id}:snapshot:${++snapshots}:${startedAt}`,
      at: startedAt,
      source: id,
      scope: { kind: 'all' },
      teams,
      agents: nextAgents,
      queues: [...nextQueues.values()].map((e) => e.queue),
      interactions: [...nextConversations.values()].flatMap((m) => (m.interaction?.state === 'ended' ? [] : (m.interaction ?? []))),
      monitoring,
      presenceDefinitions: presenceDefinitions(),
    };
  };

  // ---- notifications ----
  const USER_TOPIC = /^v2\.users\.([^.]+)\.(presence|routingstatus|activity|wem\.coaching\.notification|conversations(?:\.(?:calls|callbacks|chats|emails|messages|videos))?)$/i;
  const QUALITY_TOPIC = /^v2\.quality\.evaluations$/i;
  const QUEUE_TOPIC = /^v2\.routing\.queues\.([^.]+)\.(users|conversations(?:\.(?:calls|callbacks|chats|emails|messages|videos))?)$/i;
  const OBS_TOPIC = /^v2\.analytics\.queues\.([^.]+)\.observations$/i;

  const onNotification = (text: string, message: Record<string, unknown>): void => {
    if (sink === null) return;
    const topicName = message.topicName as string;
    const body = message.eventBody;
    const base = `${id}:${hash(text)}`;
    const at = clock.now();
    const out: FloorwalkEvent[] = [];
    /** Adds an event of this message; `part` tells apart the events one message gives. */
    const emit = <T extends FloorwalkEventType>(type: T, part: string, fields: EventFields<T>): void => void out.push({ type, id: `${base}:${part}`, at, source: id, ...fields } as unknown as FloorwalkEvent);
    let failed = false;
    const fail = (problem: string): void => {
      failed = true;
      malformed(`${problem} (topic ${topicName})`, { topic: topicName });
    };
    if (!isObj(body)) return fail('eventBody is missing or not an object');

    /** The newest server time of a change this message reports: its clock-offset sample, once it is read without fault. */
    let stamp = -Infinity;
    const stamped = (v: unknown): void => void (stamp = Math.max(stamp, time(v) ?? stamp));
    const presence = (userId: string, ref: unknown, modified: unknown): void => {
      stamped(modified);
      if (!watchedAgents.has(userId)) return;
      const p = toPresence(ref, modified, at);
      if (typeof p === 'string') return fail(p);
      // Genesys' own time orders one user's changes; a late copy of an older one is dropped here.
      const v = p.since - skew.off;
      if (v < (presenceAt.get(userId) ?? -Infinity)) return;
      presenceAt.set(userId, v);
      const agent = agents.get(userId);
      if (agent !== undefined) agents.set(userId, { ...agent, presence: p });
      emit('presence', 'p', { agentId: userId, presence: p });
    };
    /** `check`: only check it (the routing half of an .activity message, before its presence half). */
    const routing = (userId: string, r: unknown, check?: boolean): void => {
      if (isObj(r)) stamped(r.startTime);
      if (!watchedAgents.has(userId)) return;
      const status = isObj(r) ? (r as WireRoutingStatus).status : undefined;
      if (!(ROUTING_STATUSES as readonly unknown[]).includes(status)) return fail(`unknown routing status ${JSON.stringify(status)}`);
      if (check) return;
      // A late copy (an .activity message whose presence half is already old news, say) would
      // clear a newer NOT_RESPONDING: Genesys' startTime orders one user's routing changes.
      const t = time((r as WireRoutingStatus).startTime);
      if (t !== undefined) {
        if (t < (routingAt.get(userId) ?? t)) return;
        routingAt.set(userId, t);
      }
      const notResponding = status === 'NOT_RESPONDING';
      const agent = agents.get(userId);
      if (agent !== undefined) agents.set(userId, { ...agent, notResponding });
      emit('not-responding', 'r', { agentId: userId, notResponding });
    };
    const colleague = (): void => {
      const mapped = mapColleagueCall(body as WireConversation, at, vt);
      if (typeof mapped === 'string') return fail(mapped);
      const held = calls.get(mapped.call.id);
      // The end of a call never seen to start is told too: its people learn it is over.
      if (mapped.call.endedAt !== undefined) calls.delete(mapped.call.id);
      else calls.set(mapped.call.id, mapped);
      // A provisional call from our own start command has the people already; keep its start.
      const call = held === undefined ? mapped.call : { ...mapped.call, startedAt: Math.min(held.call.startedAt, mapped.call.startedAt), startedBy: held.call.startedBy };
      emit('colleague-call', 'k', { call });
    };
    const conversation = (viaQueue: string | undefined, kind: string): void => {
      if (isInternalCall(body)) return colleague();
      // The topic's pattern admits only the media TOPIC_CHANNELS names.
      let mapped = mapConversation(body, at, TOPIC_CHANNELS[kind.split('.')[1] as keyof typeof TOPIC_CHANNELS], vt, conversations);
      if (typeof mapped === 'string') return fail(mapped);
      // mapConversation read the id.
      const cid = (body as WireConversation).id as string;
      const held = conversations.get(cid);
      const was = held?.interaction;
      if (!(watches(mapped) || viaQueue !== undefined)) {
        if (was === undefined) return;
        // Transferred to someone this board does not watch: for the board, its part is over, an end
        // like any other (its record kept against the other topic's late copies).
        mapped = { ...mapped, interaction: { ...was, state: 'ended', endReason: 'transferred', endedAt: Math.max(at, was.createdAt) }, monitoring: [] };
      }
      const i = mapped.interaction;
      // An older copy (the other topic's, late): a leg keeps its connectedTime once connected, and
      // any later offer comes on a new agent leg.
      if (was?.connectedAt !== undefined && i?.connectedAt === undefined && (i?.transfers ?? 0) <= (was.transfers ?? 0)) return;
      // Each topic brings a conversation's updates in order, and nothing orders one topic against
      // another. An update this topic has not brought yet, applied from another topic and since
      // superseded, is old news: its late copy. Told apart per topic, not by content alone: an
      // unhold maps as the call did before the hold.
      // One ended here is still known by its updates; anything else it brings is a new life (another agent leg, say).
      const u = (held ? held.u : gone.get(cid)) ?? { k: [], t: {} };
      const key = hash(JSON.stringify(mapConversation(body, 0)));
      // How many updates this topic has now brought: up to the first like this one after its last, else a new last.
      const n = (u.t[topicName] = u.k.indexOf(key, u.t[topicName]) + 1 || u.k.push(key));
      if (n < u.k.length) return;
      // Only the latest are kept; a topic's place moves with them, and one behind them all searches them all.
      if (n > UPDATES_KEPT && u.k.shift()) for (const x in u.t) u.t[x] &&= (u.t[x] as number) - 1;
      if (live(mapped)) conversations.set(cid, { ...mapped, u });
      // An end of one not held was told already (a copy from the other topic, which would lose its hold).
      else if (!conversations.delete(cid)) return;
      else {
        gone.delete(cid);
        // Beyond its bound, the one ended longest ago is forgotten.
        if (gone.set(cid, u).size > GONE_KEPT) gone.delete(gone.keys().next().value as string);
      }
      if (i !== undefined) emit('interaction', 'i', { interaction: i });
      mapped.monitoring.forEach((session, n) => emit('monitoring', `m${n}`, { session }));
    };

    let m: RegExpExecArray | null;
    if ((m = USER_TOPIC.exec(topicName)) !== null) {
      const userId = m[1] as string;
      const kind = (m[2] as string).toLowerCase();
      if (kind === 'presence') {
        const b = body as WireUserPresence;
        presence(userId, b.presenceDefinition, b.modifiedDate);
      } else if (kind === 'routingstatus') routing(userId, (body as { routingStatus?: unknown }).routingStatus);
      else if (kind === 'wem.coaching.notification') coachingNotice(base, at, body, topicName);
      else if (kind === 'activity') {
        const b = body as WireActivity;
        if (!isObj(b.presence) && !isObj(b.routingStatus)) return fail('activity carries neither presence nor routingStatus');
        // One message, one outcome: a bad routing half rejects it before the presence half is applied,
        // and a bad presence half before the routing half is (one error, nothing changed).
        if (isObj(b.routingStatus)) routing(userId, b.routingStatus, true);
        if (failed) return;
        if (isObj(b.presence)) presence(userId, b.presence.presenceDefinition, b.presence.modifiedDate);
        if (isObj(b.routingStatus) && !failed) routing(userId, b.routingStatus);
      } else conversation(undefined, kind);
    } else if ((m = QUEUE_TOPIC.exec(topicName)) !== null) {
      const queueId = m[1] as string;
      const kind = (m[2] as string).toLowerCase();
      if (kind !== 'users') conversation(queueId, kind);
      else {
        const b = body as WireQueueMember;
        const userId = str(b.user?.id) ?? str(b.id);
        if (userId === undefined || typeof b.joined !== 'boolean') return fail('queue member needs a user id and joined');
        const agent = agents.get(userId);
        if (agent === undefined) return;
        const queueIds = b.joined ? [...new Set([...agent.queueIds, queueId])] : agent.queueIds.filter((q) => q !== queueId);
        const next = { ...agent, queueIds };
        agents.set(userId, next);
        emit('agent', 'a', { agent: next });
      }
    } else if (QUALITY_TOPIC.test(topicName)) {
      for (const listener of evaluationListeners) {
        try {
          listener(body);
        } catch (err) {
          // A host's listener must not stop the notifications after it.
          report(new FloorwalkError(ErrorCode.Internal, 'Genesys: an onEvaluation listener threw.', { cause: err }));
        }
      }
    } else if ((m = OBS_TOPIC.exec(topicName)) !== null) {
      const queueId = m[1] as string;
      const b = body as WireQueueObservation;
      if (!Array.isArray(b.data)) return fail('observation data is not a list');
      // Watched queues mean the queue side was loaded before any notification could come.
      if (!watchedQueues.has(queueId) || loadedQueueSide === undefined) return;
      const stats = loadedQueueSide.observe(queueId, b as WireQueueObservation & { data: unknown[] }, at);
      if (typeof stats === 'string') return fail(stats);
      emit('queue-stats', 'q', { queueId, stats });
    } else return fail('unknown topic');
    const was = skew.off;
    if (!failed && skew.sample(stamp)) {
      const d = skew.off - was;
      // This message's own presence was read on the old estimate: it moves too, held or not (an
      // agent is not held until the first snapshot commits).
      out.forEach((e, k) => e.type === 'presence' && (out[k] = movedPresence(e, d)));
      // Everything held again, on the page's clock as now estimated: every presence, and every
      // live conversation and colleague call, which may hear nothing for many minutes (a long
      // call read by the snapshot before the first estimate).
      for (const [uid, a] of agents) {
        const next = movedPresence(a, d);
        agents.set(uid, next);
        emit('presence', `k${uid}`, { agentId: uid, presence: next.presence });
      }
      for (const [cid, m] of conversations) {
        const next = movedConversation(m, d);
        conversations.set(cid, next);
        if (next.interaction !== undefined) emit('interaction', `k${cid}`, { interaction: next.interaction });
        for (const session of next.monitoring) emit('monitoring', `k${session.id}`, { session });
      }
      for (const [cid, m] of calls) {
        const next = movedCall(m, d);
        calls.set(cid, next);
        emit('colleague-call', `k${cid}`, { call: next.call });
      }
      // And every scheduled coaching appointment: its start is a Genesys time too.
      for (const [sid, c] of sessions) {
        const session = movedSession(c, d);
        sessions.set(sid, session);
        emit('coaching-session', `k${sid}`, { session });
      }
      // The channels' expiry is on Genesys' clock: their renewal is timed on the page's.
      for (const s of shards) s.rearm();
    }
    if (out.length > 0) sink.events(out);
  };

  /** The signed-in user's own topics where the watch list does not already hold them. */
  const ownTopics = (): string[] => {
    const watched = watchedAgents.has(options.userId);
    const parts: string[] = [];
    if (colleagueCalls && !(watched && userTopics.includes('conversations'))) parts.push('conversations');
    if (appointments === 'mine' || (appointments === 'watched' && !watched)) parts.push('wem.coaching.notification');
    const out = parts.length === 0 ? [] : [parts.length === 1 ? `v2.users.${options.userId}.${parts[0]}` : `v2.users.${options.userId}?${parts.join('&')}`];
    if (options.qualityEvaluations === true) out.push('v2.quality.evaluations');
    return out;
  };

  // ---- link ----
  const stop = (): void => {
    generation++;
    for (const s of shards) {
      const r = s.reusable;
      if (r !== undefined) previous.set(s.topicsKey, r);
      s.close();
    }
    shards = [];
    downShards.clear();
    sink = null;
  };

  const connect = async (next: AdapterSink): Promise<void> => {
    if (sink !== null) stop();
    const gen = ++generation;
    sink = next;
    try {
      await queueSide();
      await loadDefinitions();
      await loadTeams();
      const plan = planGenesysTopics({
        userIds: watchedUserIds(),
        queueIds: watchQueues,
        userTopics: appointments === 'watched' ? [...userTopics, 'wem.coaching.notification'] : userTopics,
        maxChannels,
        combinedCountsAsOne: options.combinedCountsAsOne === true,
        extraTopics: ownTopics(),
      });
      if (gen !== generation) return;
      const reuse = previous;
      previous = new Map();
      const spare = { n: maxChannels - plan.channels.length };
      shards = plan.channels.map((c, index) =>
        createShard(index, c.topics, {
          rest,
          clock,
          Socket,
          timings,
          skew,
          spare,
          onNotification: (text, message) => {
            if (gen === generation) onNotification(text, message);
          },
          onGap(down, reason) {
            if (gen !== generation || sink === null) return;
            const wasLive = downShards.size === 0;
            if (down) downShards.add(index);
            else downShards.delete(index);
            if (down && wasLive) {
              // A request out when the link dropped may never be answered (a dead route): it
              // would hold its command, and the outbox's queue behind it, for good.
              rest.abort();
              sink.status('reconnecting', reason);
            }
            if (!down && downShards.size === 0) sink.status('live');
          },
          onFatal(error) {
            if (gen !== generation || sink === null) return;
            sink.error(error);
            sink.status('failed', error);
            stop();
          },
          onError: (error) => {
            if (gen === generation) sink?.error(error);
          },
        }),
      );
      // One after another: channel creation and subscription count against the REST rate.
      for (const s of shards) {
        if (gen !== generation) return;
        await s.open(reuse.get(s.topicsKey));
      }
      if (gen !== generation) return;
      next.status('live');
    } catch (err) {
      if (gen === generation) stop();
      throw isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.VendorError, 'Genesys: connect failed.', { cause: err });
    }
  };

  // ---- commands: loaded with the first one ----
  const host: CommandHost = {
    options,
    id,
    clock,
    rest,
    agents,
    conversations,
    sessions,
    calls,
    definitions: () => definitions,
    sink: () => sink,
    malformed,
    str,
    mapAppointment,
    isInternalCall,
    mapColleagueCall,
    vt,
    skew,
  };

  const notConnected = (): FloorwalkError => new FloorwalkError(ErrorCode.NotConnected, 'Genesys adapter is not connected.');
  const adapter: GenesysAdapter = {
    id,
    capabilities,
    get channelIds() {
      return shards.map((s) => s.channelId).filter((c): c is string => c !== undefined);
    },
    connect,
    async snapshot() {
      if (sink === null) throw notConnected();
      const gen = generation;
      const snap = await fetchSnapshot();
      if (gen !== generation) throw new FloorwalkError(ErrorCode.Cancelled, 'Genesys adapter disconnected during the snapshot.');
      return snap;
    },
    async execute(command) {
      if (!isObj(command) || typeof command.key !== 'string' || command.key === '') {
        throw new FloorwalkError(ErrorCode.InvalidArgument, 'execute: the command must be an envelope with a non-empty key.');
      }
      if (!(capabilities.commands as readonly string[]).includes(command.type)) {
        throw new FloorwalkError(ErrorCode.Unsupported, `Genesys adapter cannot ${String(command.type)}.`, { details: { command: command.type } });
      }
      checkCommand(command);
      if (sink === null) throw notConnected();
      const previous = outcomes.get(command.key);
      if (previous !== undefined) return previous;
      const result = loadCommands().then((m) => m.run(host, command));
      outcomes.set(command.key, result);
      if (outcomes.size > MAX_KEYS) outcomes.delete(outcomes.keys().next().value as string);
      // A failed attempt had no effect, so the outbox may retry the same key.
      result.catch(() => outcomes.delete(command.key));
      return result;
    },
    async ping() {
      // Genesys' own health check on every socket: far cheaper than a snapshot as a liveness probe.
      if (sink === null || shards.length === 0) throw notConnected();
      await Promise.all(shards.map((s) => s.ping()));
    },
    async disconnect() {
      stop();
    },
    // A write waits out no 429: Genesys takes no idempotency key, and a caller that stops
    // waiting (a time limit, a person pressing again) while it is held here would send it twice.
    request: (method, path, body, retries = /^(GET|HEAD)$/i.test(method) ? undefined : 0) => rest.request(method, path, body, retries),
    onEvaluation(listener) {
      evaluationListeners.add(listener);
      return () => void evaluationListeners.delete(listener);
    },
  };
  return adapter;
}
