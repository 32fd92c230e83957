import { systemClock, type Clock, type TimerHandle } from '@floorwalk/core';
import { http, HttpResponse, ws, type RequestHandler, type WebSocketHandler } from 'msw';
import {
  ALL_DEFINITIONS,
  DEF_BY_SYSTEM,
  mockId,
  restSystem,
  upperSystem,
  type OrgConversation,
  type OrgMedia,
  type OrgParticipant,
  type OrgQueue,
  type OrgTeam,
  type OrgUser,
} from './org.js';
import { createWemMock } from './wem.js';

/** Options of {@link createGenesysMock}. */
export interface GenesysMockOptions {
  /** The Genesys Cloud domain to answer for. Default `mypurecloud.com` (region `us_east_1`). */
  readonly domain?: string;
  /** Agents in the org. Default 12. */
  readonly agents?: number;
  /** Teams; agents are dealt out in contiguous blocks. Default 2. */
  readonly teams?: number;
  /** Queues; agent *i* is a member of queue *i mod Q*, and every third agent also of the next. Default 2. */
  readonly queues?: number;
  /** Time source for timestamps, channel expiry and autoplay. Default the wall clock. */
  readonly clock?: Clock;
  /** Requests a minute the org allows before answering 429, per Genesys' per-token limit. Default 300. */
  readonly rateLimitPerMinute?: number;
  /** Topics (lower-case, individual) the session lacks the permission for: subscribing them is refused. */
  readonly forbiddenTopics?: readonly string[];
  /** How far Genesys' clock runs ahead of `clock` (behind when negative), in ms: every time the org stamps carries it. Default 0. */
  readonly skewMs?: number;
  /** Leave `expires` out of the channel-create answer (the channel still lives 24 h), as the model allows. Default false. */
  readonly noChannelExpires?: boolean;
}

/** The people and places of the mock org, by id. */
export interface GenesysMockDirectory {
  /** The supervisor: the user the adapter signs in as. */
  readonly supervisorId: string;
  readonly agentIds: readonly string[];
  readonly teamIds: readonly string[];
  readonly queueIds: readonly string[];
}

/** A channel as the mock holds it. */
export interface GenesysMockChannel {
  readonly id: string;
  readonly connectUri: string;
  /** Epoch ms. */
  readonly expires: number;
  /** Subscribed topic strings, as sent (combined topics stay combined). */
  readonly topics: readonly string[];
  /** Whether a socket is connected to it now. */
  readonly connected: boolean;
}

/** One recorded REST request. */
export interface GenesysMockRequest {
  readonly method: string;
  /** Path and query, e.g. `/api/v2/users?id=...`. */
  readonly path: string;
  readonly at: number;
  readonly status: number;
}

/** Which requests a {@link GenesysMock.throttle} is for: both given, a request must match both. */
export interface GenesysMockAim {
  /** `POST`, `PUT`, ... in any casing. */
  readonly method?: string;
  /** Tested against the path and query, e.g. `/\/quality\/conversations\/[^/]+\/evaluations$/`. */
  readonly path?: RegExp;
  /**
   * `Retry-After` as the HTTP-date `seconds` from the mock's clock (IMF-fixdate, its milliseconds
   * dropped) rather than in seconds: Genesys itself sends seconds, a proxy in front of it may not.
   */
  readonly dated?: boolean;
}

/** Presence, as a system presence in any casing (`ON_QUEUE`, `OnQueue`, `On Queue`) or a definition id. */
export type GenesysMockPresence = string;

/** One scripted step of a scenario. Conversations are voice calls unless `media` says otherwise. */
export type GenesysMockStep =
  | { readonly type: 'presence'; readonly userId: string; readonly presence: GenesysMockPresence; readonly message?: string }
  | { readonly type: 'routing'; readonly userId: string; readonly status: 'OFF_QUEUE' | 'IDLE' | 'INTERACTING' | 'NOT_RESPONDING' | 'COMMUNICATING' }
  | {
      readonly type: 'call';
      /** Conversation id; generated when absent. */
      readonly conversationId?: string;
      readonly queueId: string;
      /** Offer it straight to this agent; without one it waits in the queue. */
      readonly userId?: string;
      readonly media?: 'call' | 'chat' | 'email' | 'message';
      readonly customerName?: string;
      readonly direction?: 'inbound' | 'outbound';
    }
  | { readonly type: 'offer'; readonly conversationId: string; readonly userId: string }
  | { readonly type: 'answer'; readonly conversationId: string }
  | { readonly type: 'hold'; readonly conversationId: string; readonly held: boolean }
  /** The agent blind-transfers the call to `userId`: their leg disconnects (`transfer`) into wrap-up, and a leg rings for `userId`, in one update. */
  | { readonly type: 'transfer'; readonly conversationId: string; readonly userId: string }
  | { readonly type: 'hangup'; readonly conversationId: string }
  | { readonly type: 'wrapup'; readonly conversationId: string; readonly code?: string }
  | { readonly type: 'abandon'; readonly conversationId: string }
  | { readonly type: 'monitor'; readonly conversationId: string; readonly supervisorId: string; readonly mode: 'monitor' | 'coach' | 'barge' }
  /**
   * A supervisor starts viewing an agent's screen in Genesys' own tools: on a conversation's agent
   * leg (conversation level), or, with `agentId` and no `conversationId`, the agent as a whole
   * (agent level: a conversation of its own). Returns the conversation id.
   */
  | { readonly type: 'screen'; readonly supervisorId: string; readonly conversationId?: string; readonly agentId?: string }
  /** The supervisor stops viewing: their screen-monitoring leg on that conversation disconnects. */
  | { readonly type: 'screen-end'; readonly conversationId: string; readonly supervisorId: string }
  | { readonly type: 'membership'; readonly userId: string; readonly queueId: string; readonly joined: boolean }
  | { readonly type: 'observe'; readonly queueId: string }
  /** A coaching appointment made in Genesys' own UI: `facilitatorId` (default the supervisor) coaches the attendees. */
  | { readonly type: 'appointment'; readonly name: string; readonly attendeeIds: readonly string[]; readonly dateStart: number; readonly lengthInMinutes: number; readonly facilitatorId?: string }
  | { readonly type: 'appointment-status'; readonly appointmentId: string; readonly status: 'Scheduled' | 'InProgress' | 'Completed' | 'InvalidSchedule' }
  | { readonly type: 'appointment-delete'; readonly appointmentId: string }
  /** A user picks up an internal (colleague) call that is ringing for them. */
  | { readonly type: 'pickup'; readonly conversationId: string; readonly userId: string };

/** An emulated Genesys Cloud org behind msw handlers, driven by scripted scenarios. */
export interface GenesysMock {
  /** msw handlers (REST and the notifications WebSocket): give them to `setupServer` or `setupWorker`. */
  readonly handlers: readonly (RequestHandler | WebSocketHandler)[];
  readonly domain: string;
  readonly directory: GenesysMockDirectory;
  /** Options for `createGenesysAdapter` that sign in as the supervisor and watch the whole org. */
  adapterOptions(): { region: string; getAccessToken: () => string; userId: string; watch: { teamIds: string[]; queueIds: string[] } };
  /** Applies scripted steps in order; each publishes the notifications Genesys would. Returns the ids created by `call`, `appointment` and `screen` steps. */
  play(steps: readonly GenesysMockStep[]): string[];
  /**
   * Runs a built-in, deterministic stream of activity every `everyMs` (for demos). Returns a stop
   * function. `persons` are users a person sits behind (a demo's agent pane): their presence is
   * theirs to set, so the stream never changes it (it still offers them calls while on queue).
   */
  autoplay(everyMs?: number, seed?: number, persons?: readonly string[]): () => void;
  /** A `channel.metadata` heartbeat to every socket. */
  heartbeat(): void;
  /** Moves Genesys' clock to run `ms` ahead of the mock's `clock` (see {@link GenesysMockOptions.skewMs}). */
  setSkew(ms: number): void;
  /** Sends raw text to every connected socket, or to the one of `channelId` (for malformed-message tests). */
  sendRaw(text: string, channelId?: string): void;
  /** Sends the last notification(s) again, byte for byte. */
  redeliverLast(): void;
  /** Sends `v2.system.socket_closing` to every socket, as before maintenance; they stay open. */
  socketClosing(): void;
  /** Closes every socket (or those of `channelIds`) abruptly; the channels stay valid. */
  dropSockets(channelIds?: readonly string[]): void;
  /** Ends every channel (as at their 24 h expiry): sockets close, channels answer 404. */
  expireChannels(): void;
  /** While paused, activity still happens but no notification is delivered (a gap). */
  pauseDelivery(paused: boolean): void;
  /** While silent, sockets stay open but nothing at all is sent on them, heartbeats and pongs included. */
  silence(silent: boolean): void;
  /**
   * Holds back the notifications of `topic` (as published, in any casing) while the other topics
   * deliver: one topic late against another, which nothing in Genesys rules out. Returns a function
   * that sends the oldest `count` held back, in order; called without `count`, it sends them all
   * and the topic delivers at once again.
   */
  lagTopic(topic: string): (count?: number) => void;
  /**
   * The next `count` requests are answered 429 with `Retry-After: seconds`, in Genesys' body.
   * With `aim`, only the next `count` requests it matches are: `method` (any casing) and `path`
   * (tested against the path and query, as `failNext`'s), so a throttle meant for a write is not
   * spent on a background read (a queue poll, a channel check) that happens to go first. Aimed
   * throttles add up and are used in the order given; the unaimed one replaces the last unaimed one.
   */
  throttle(count: number, seconds: number, aim?: GenesysMockAim): void;
  /** The next `count` requests whose path matches are answered with `status`. */
  failNext(path: RegExp, status: number, count?: number): void;
  /** Every REST request so far. */
  readonly requests: readonly GenesysMockRequest[];
  /** Live channels. */
  readonly channels: readonly GenesysMockChannel[];
  /** Text frames the sockets sent to the org (pings). */
  readonly received: readonly string[];
  /** The generic-model conversation as Genesys holds it now, or undefined. */
  conversation(id: string): unknown;
  /** The user's current presence definition id and routing status. */
  user(id: string): { presenceId: string; routing: string; queueIds: readonly string[] } | undefined;
  /**
   * An access token that signs in as `userId` (default: the supervisor's `mock-token`). An
   * agent's token gets an agent's permissions: their own appointments and released evaluations.
   */
  tokenFor(userId: string): string;
  /** A coaching appointment as `GET /api/v2/coaching/appointments/{id}` returns it, or undefined. */
  appointment(id: string): unknown;
  /** An evaluation as `GET /api/v2/quality/conversations/{cid}/evaluations/{id}` returns it, or undefined. */
  evaluation(id: string): unknown;
}

const DAY = 86_400_000;
const MEDIA_KEY = { call: 'calls', chat: 'chats', email: 'emails', message: 'messages' } as const;
const FIRST = ['Alex', 'Sam', 'Jordan', 'Priya', 'Kenji', 'Maria', 'Tomás', 'Aisha', 'Lena', 'Omar', 'Chloé', 'Ravi'];
const LAST = ['Agent', 'Nguyen', 'Okafor', 'Schmidt', 'Rossi', 'Tanaka', 'Silva', 'Haddad', 'Larsen', 'Kowalski'];

/**
 * Creates an emulated Genesys Cloud org: REST endpoints, notification channels with topic limits
 * and a WebSocket per channel, in Genesys' own payload shapes. Drive it with scripted steps.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * const mock = createGenesysMock({ agents: 20 });
 * const server = setupServer(...mock.handlers);
 * server.listen();
 * const adapter = createGenesysAdapter(mock.adapterOptions());
 * await adapter.connect(sink);
 * const [id] = mock.play([{ type: 'call', queueId: mock.directory.queueIds[0]!, userId: mock.directory.agentIds[0] }]);
 * mock.play([{ type: 'answer', conversationId: id! }]);
 * ```
 */
export function createGenesysMock(options: GenesysMockOptions = {}): GenesysMock {
  const domain = options.domain ?? 'mypurecloud.com';
  const base = options.clock ?? systemClock;
  let skewMs = options.skewMs ?? 0;
  // Genesys' own clock: every stamp, expiry and rate window of the org runs on it; timers on the host's.
  const clock: Clock = { now: () => base.now() + skewMs, setTimeout: (fn, ms) => base.setTimeout(fn, ms), clearTimeout: (h) => base.clearTimeout(h) };
  const api = `https://api.${domain}`;
  const streaming = `wss://streaming.${domain}/channels`;
  const iso = (ms = clock.now()): string => new Date(ms).toISOString();
  const limit = options.rateLimitPerMinute ?? 300;
  const forbidden = new Set((options.forbiddenTopics ?? []).map((t) => t.toLowerCase()));

  // ---- the org ----
  const agentCount = options.agents ?? 12;
  const teamCount = Math.max(1, Math.min(options.teams ?? 2, agentCount));
  const queueCount = Math.max(1, options.queues ?? 2);
  const users = new Map<string, OrgUser>();
  const queues = new Map<string, OrgQueue>();
  const teams = new Map<string, OrgTeam>();
  const start = clock.now();
  const queueNames = ['Sales', 'Support', 'Billing', 'Retention', 'Claims', 'Orders'];
  const queueMedia: OrgQueue['media'][] = [['call'], ['call', 'chat', 'message'], ['call', 'email']];
  for (let q = 0; q < queueCount; q++) {
    const id = mockId('queue', q + 1);
    queues.set(id, { id, name: queueNames[q % queueNames.length] ?? `Queue ${q + 1}`, media: queueMedia[q % queueMedia.length] ?? ['call'] });
  }
  const queueIds = [...queues.keys()];
  for (let t = 0; t < teamCount; t++) teams.set(mockId('team', t + 1), { id: mockId('team', t + 1), name: `Team ${String.fromCharCode(65 + (t % 26))}${t >= 26 ? t : ''}`, memberIds: [] });
  const teamIds = [...teams.keys()];
  const perTeam = Math.ceil(agentCount / teamCount);
  const supervisorId = mockId('user', 0);
  users.set(supervisorId, { id: supervisorId, name: 'Dana Supervisor', presenceId: DEF_BY_SYSTEM.AVAILABLE as string, message: '', modified: start - 3_600_000, routing: 'OFF_QUEUE', routingStart: start - 3_600_000, queueIds: new Set(), joined: new Set(), supervisor: true });
  for (let i = 0; i < agentCount; i++) {
    const id = mockId('user', i + 1);
    const q = new Set([queueIds[i % queueIds.length] as string]);
    if (i % 3 === 0) q.add(queueIds[(i + 1) % queueIds.length] as string);
    const onQueue = i % 4 !== 3;
    users.set(id, {
      id,
      name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i >= FIRST.length * LAST.length ? ` ${i}` : ''}`,
      presenceId: (onQueue ? DEF_BY_SYSTEM.ON_QUEUE : DEF_BY_SYSTEM.BREAK) as string,
      message: '',
      modified: start - 600_000 - i * 1000,
      routing: onQueue ? 'IDLE' : 'OFF_QUEUE',
      routingStart: start - 600_000 - i * 1000,
      queueIds: q,
      joined: new Set(q),
      supervisor: false,
    });
    teams.get(teamIds[Math.min(teamIds.length - 1, Math.floor(i / perTeam))] as string)?.memberIds.push(id);
  }
  const agentIds = [...users.keys()].filter((id) => id !== supervisorId);
  const conversations = new Map<string, OrgConversation>();
  let seq = 0;
  let correlation = 0;

  // ---- channels and delivery ----
  interface Channel {
    id: string;
    expires: number;
    topics: string[];
    expanded: Set<string>;
    client: { send(data: string): void; close(code?: number, reason?: string): void } | undefined;
    created: number;
  }
  const channels = new Map<string, Channel>();
  let channelSeq = 0;
  let paused = false;
  let silent = false;
  let last: { channel: Channel; text: string }[] = [];
  /** Topics lagging (lagTopic), each with what it holds back, oldest first. */
  const lagging = new Map<string, { channel: Channel; text: string }[][]>();
  const received: string[] = [];

  const expand = (topic: string): string[] => {
    const q = topic.indexOf('?');
    if (q < 0) return [topic.toLowerCase()];
    const prefix = topic.slice(0, q);
    return topic.slice(q + 1).split('&').filter(Boolean).map((s) => `${prefix}.${s}`.toLowerCase());
  };

  const publish = (topicName: string, eventBody: unknown): void => {
    const key = topicName.toLowerCase();
    const targets = [...channels.values()].filter((c) => c.expanded.has(key) && c.client !== undefined);
    if (targets.length === 0 || paused || silent) return;
    const text = JSON.stringify({ topicName, version: '2', eventBody, metadata: { CorrelationId: mockId('correlation', ++correlation) } });
    const sends = targets.map((channel) => ({ channel, text }));
    const held = lagging.get(key);
    if (held !== undefined) return void held.push(sends);
    last = sends;
    for (const c of targets) c.client?.send(text);
  };

  const sendAll = (text: string): void => {
    if (silent) return;
    for (const c of channels.values()) c.client?.send(text);
  };

  // ---- presence and routing ----
  const presenceBody = (u: OrgUser) => ({
    source: 'PURECLOUD',
    presenceDefinition: { id: u.presenceId, systemPresence: upperSystem(u.presenceId) },
    primary: true,
    message: u.message,
    modifiedDate: iso(u.modified),
  });
  const publishUser = (u: OrgUser, what: { presence?: boolean; routing?: boolean }): void => {
    if (what.presence === true) publish(`v2.users.${u.id}.presence`, presenceBody(u));
    if (what.routing === true) publish(`v2.users.${u.id}.routingStatus`, { id: u.id, routingStatus: { status: u.routing, startTime: iso(u.routingStart) } });
    publish(`v2.users.${u.id}.activity`, {
      id: u.id,
      routingStatus: { status: u.routing, startTime: iso(u.routingStart) },
      presence: { presenceDefinition: { id: u.presenceId, systemPresence: upperSystem(u.presenceId) }, presenceMessage: u.message, modifiedDate: iso(u.modified) },
      outOfOffice: { active: false, modifiedDate: iso(start - DAY) },
      activeQueueIds: [...u.joined],
      dateActiveQueuesChanged: iso(start - DAY),
    });
  };
  const setRouting = (u: OrgUser, status: string): void => {
    if (u.routing === status) return;
    u.routing = status;
    u.routingStart = clock.now();
    publishUser(u, { routing: true });
    for (const q of u.queueIds) observe(q);
  };
  const resolveDefinition = (presence: string): string | undefined => {
    if (ALL_DEFINITIONS.some((d) => d.id === presence)) return presence;
    const key = presence.trim().replace(/\s+/g, '_').toUpperCase();
    return DEF_BY_SYSTEM[key === 'ONQUEUE' ? 'ON_QUEUE' : key];
  };
  const setPresence = (u: OrgUser, defId: string, message = ''): void => {
    u.presenceId = defId;
    u.message = message;
    u.modified = clock.now();
    publishUser(u, { presence: true });
    const onQueue = upperSystem(defId) === 'ON_QUEUE';
    const busy = [...conversations.values()].some((c) => !c.ended && c.participants.some((p) => p.userId === u.id && p.endTime === undefined && p.purpose === 'agent'));
    setRouting(u, onQueue ? (busy ? 'INTERACTING' : 'IDLE') : 'OFF_QUEUE');
  };

  // ---- conversations ----
  const media = (p: OrgParticipant, c: OrgConversation): OrgMedia | undefined => p[c.mediaKey]?.[0] as OrgMedia | undefined;
  const flat = (c: OrgConversation) => ({
    id: c.id,
    participants: c.participants.map((p) => {
      const m = media(p, c);
      const { calls: _c, chats: _h, emails: _e, messages: _m, userId, queueId, ...rest } = p;
      return { ...rest, ...(m && { state: m.state, direction: m.direction, held: m.held ?? false, startHoldTime: m.startHoldTime, disconnectType: m.disconnectType }), ...(userId && { user: { id: userId } }), ...(queueId && { queue: { id: queueId } }) };
    }),
  });
  const publishConversation = (c: OrgConversation): void => {
    // The generic model (ConversationEventTopicParticipant) has no participant startTime; the
    // per-media model (flat) and REST do.
    const body = JSON.parse(JSON.stringify({ id: c.id, participants: c.participants.map(({ startTime: _s, ...p }) => p) })) as unknown;
    const seen = new Set<string>();
    for (const p of c.participants) {
      if (p.userId !== undefined && !seen.has(p.userId)) {
        seen.add(p.userId);
        publish(`v2.users.${p.userId}.conversations`, body);
        if (c.mediaKey === 'calls') publish(`v2.users.${p.userId}.conversations.calls`, flat(c));
      }
    }
    const qid = c.participants.find((p) => p.queueId !== undefined)?.queueId;
    if (qid !== undefined) {
      publish(`v2.routing.queues.${qid}.conversations`, body);
      observe(qid);
    }
  };
  /** The agent's own leg: the last agent leg that is no supervisor's (monitor, coach, barge or screen view). */
  const agentLeg = (c: OrgConversation): OrgParticipant | undefined =>
    [...c.participants].reverse().find((p) => p.purpose === 'agent' && (p.monitoredParticipantId ?? p.coachedParticipantId ?? p.bargedParticipantId ?? p.screenMonitoredParticipantId) === undefined);
  const customerLeg = (c: OrgConversation): OrgParticipant => c.participants.find((p) => p.purpose === 'customer') as OrgParticipant;
  const need = (id: string): OrgConversation => {
    const c = conversations.get(id);
    if (c === undefined) throw new Error(`Genesys mock: no conversation ${id}`);
    return c;
  };
  const needUser = (id: string): OrgUser => {
    const u = users.get(id);
    if (u === undefined) throw new Error(`Genesys mock: no user ${id}`);
    return u;
  };
  const endLeg = (p: OrgParticipant, c: OrgConversation, type: string): void => {
    const m = media(p, c);
    if (m !== undefined && m.state !== 'disconnected') {
      m.state = 'disconnected';
      m.disconnectedTime = iso();
      m.disconnectType = type;
      m.held = false;
      delete m.startHoldTime;
    }
    p.endTime ??= iso();
  };
  const offer = (c: OrgConversation, userId: string): void => {
    const u = needUser(userId);
    const m = media(customerLeg(c), c) as OrgMedia;
    const queueId = customerLeg(c).queueId;
    c.participants.push({
      id: mockId('participant', ++seq),
      purpose: 'agent',
      name: u.name,
      userId,
      ...(queueId !== undefined && { queueId }),
      startTime: iso(),
      wrapupRequired: true,
      wrapupExpected: true,
      [c.mediaKey]: [{ id: mockId('media', ++seq), state: 'alerting', direction: m.direction, held: false }],
    });
    publishConversation(c);
  };
  const finishIfDone = (c: OrgConversation): void => {
    if (c.participants.every((p) => p.endTime !== undefined) && c.participants.every((p) => p.purpose !== 'agent' || p.wrapup !== undefined || p.connectedTime === undefined)) c.ended = true;
  };

  // ---- observations ----
  const observe = (queueId: string): void => {
    const q = queues.get(queueId);
    if (q === undefined) return;
    for (const m of q.media) {
      const body = observationBody(q, m);
      publish(`v2.analytics.queues.${queueId}.observations`, body);
    }
  };
  const waitingIn = (q: OrgQueue, m: string): OrgConversation[] =>
    [...conversations.values()].filter((c) => !c.ended && c.internal !== true && c.mediaKey === MEDIA_KEY[m as keyof typeof MEDIA_KEY] && customerLeg(c).queueId === q.id && customerLeg(c).endTime === undefined && waitingForAgent(c));
  // Waiting means no agent has it: none offered yet, or the offer lapsed unanswered (alerting counts as oAlerting).
  const waitingForAgent = (c: OrgConversation): boolean => {
    const a = agentLeg(c);
    return a === undefined || (a.endTime !== undefined && a.connectedTime === undefined);
  };
  const observationMetrics = (q: OrgQueue, m: string) => {
    const waiting = waitingIn(q, m);
    const idle = [...users.values()].filter((u) => u.joined.has(q.id) && u.routing === 'IDLE').length;
    const oldest = waiting.reduce((min, c) => Math.min(min, Date.parse(c.startTime)), Infinity);
    return [
      { metric: 'oWaiting', stats: { count: waiting.length } },
      { metric: 'oInteracting', stats: { count: [...conversations.values()].filter((c) => !c.ended && c.internal !== true && customerLeg(c).queueId === q.id && agentLeg(c)?.connectedTime !== undefined && agentLeg(c)?.endTime === undefined).length } },
      { metric: 'oUserRoutingStatuses', qualifier: 'IDLE', stats: { count: idle } },
      ...(waiting.length > 0 ? [{ metric: 'oLongestWaiting', stats: { count: waiting.length, max: clock.now() - oldest } }] : []),
    ];
  };
  const mediaType = (m: string): string => (m === 'call' ? 'voice' : m);
  const observationBody = (q: OrgQueue, m: string) => {
    const now = clock.now();
    const from = now - (now % 1_800_000);
    return { group: { queueId: q.id, mediaType: mediaType(m) }, data: [{ interval: `${iso(from)}/${iso(from + 1_800_000)}`, metrics: observationMetrics(q, m) }] };
  };

  // ---- scripted steps ----
  const step = (s: GenesysMockStep): string | undefined => {
    switch (s.type) {
      case 'presence': {
        const def = resolveDefinition(s.presence);
        if (def === undefined) throw new Error(`Genesys mock: unknown presence ${s.presence}`);
        setPresence(needUser(s.userId), def, s.message);
        return undefined;
      }
      case 'routing':
        setRouting(needUser(s.userId), s.status);
        return undefined;
      case 'call': {
        const id = s.conversationId ?? mockId('conversation', ++seq);
        const m = s.media ?? 'call';
        const key = MEDIA_KEY[m];
        const direction = s.direction ?? 'inbound';
        const n = seq;
        const customer: OrgParticipant = {
          id: mockId('participant', ++seq),
          purpose: 'customer',
          name: s.customerName ?? `Customer ${n}`,
          address: m === 'email' ? `customer${n}@example.com` : `tel:+1317555${String(n % 10000).padStart(4, '0')}`,
          queueId: s.queueId,
          startTime: iso(),
          connectedTime: iso(),
          [key]: [{ id: mockId('media', ++seq), state: 'connected', direction, connectedTime: iso(), ...(m === 'email' && { subject: `Order ${n}` }) }],
        };
        const c: OrgConversation = { id, startTime: iso(), participants: [customer], mediaKey: key, ended: false };
        conversations.set(id, c);
        if (s.userId !== undefined) offer(c, s.userId);
        else publishConversation(c);
        return id;
      }
      case 'offer':
        offer(need(s.conversationId), s.userId);
        return undefined;
      case 'answer': {
        const c = need(s.conversationId);
        const a = agentLeg(c);
        const m = a && media(a, c);
        if (a === undefined || m === undefined) throw new Error('Genesys mock: nobody to answer');
        m.state = 'connected';
        m.connectedTime = a.connectedTime = iso();
        setRouting(needUser(a.userId as string), 'INTERACTING');
        publishConversation(c);
        return undefined;
      }
      case 'hold': {
        const c = need(s.conversationId);
        const a = agentLeg(c);
        const m = a && media(a, c);
        if (m === undefined) throw new Error('Genesys mock: nothing to hold');
        m.held = s.held;
        if (s.held) m.startHoldTime = iso();
        else delete m.startHoldTime;
        publishConversation(c);
        return undefined;
      }
      case 'transfer': {
        const c = need(s.conversationId);
        const a = agentLeg(c);
        if (a === undefined) throw new Error('Genesys mock: nobody to transfer');
        endLeg(a, c, 'transfer');
        a.startAcwTime = iso();
        offer(c, s.userId);
        return undefined;
      }
      case 'hangup': {
        const c = need(s.conversationId);
        for (const p of c.participants) endLeg(p, c, p.purpose === 'customer' ? 'peer' : 'client');
        const a = agentLeg(c);
        if (a !== undefined) a.startAcwTime = iso();
        finishIfDone(c);
        publishConversation(c);
        return undefined;
      }
      case 'wrapup': {
        const c = need(s.conversationId);
        const a = agentLeg(c);
        if (a === undefined) throw new Error('Genesys mock: no agent to wrap up');
        a.wrapup = { code: s.code ?? 'Resolved' };
        a.endAcwTime = iso();
        finishIfDone(c);
        const u = needUser(a.userId as string);
        publishConversation(c);
        if (upperSystem(u.presenceId) === 'ON_QUEUE') setRouting(u, 'IDLE');
        return undefined;
      }
      case 'abandon': {
        const c = need(s.conversationId);
        for (const p of c.participants) endLeg(p, c, p.purpose === 'customer' ? 'peer' : 'transfer.noanswer');
        c.ended = true;
        publishConversation(c);
        return undefined;
      }
      case 'monitor': {
        const c = need(s.conversationId);
        monitorLeg(c, s.supervisorId, s.mode);
        return undefined;
      }
      case 'screen':
        return screenView(s.supervisorId, s.conversationId, s.agentId);
      case 'screen-end': {
        const c = need(s.conversationId);
        const legs = c.internal === true ? c.participants : c.participants.filter((p) => p.userId === s.supervisorId && p.screenMonitorings !== undefined);
        for (const p of legs) {
          const m = p.screenMonitorings?.[0];
          if (m !== undefined && m.state !== 'disconnected') Object.assign(m, { state: 'disconnected', disconnectedTime: iso(), disconnectType: 'system' });
          p.endTime ??= iso();
        }
        if (c.internal === true) c.ended = true;
        publishConversation(c);
        return undefined;
      }
      case 'membership': {
        const u = needUser(s.userId);
        if (s.joined) {
          u.queueIds.add(s.queueId);
          u.joined.add(s.queueId);
        } else u.joined.delete(s.queueId);
        publish(`v2.routing.queues.${s.queueId}.users`, { id: u.id, user: { id: u.id }, queueId: s.queueId, joined: s.joined });
        observe(s.queueId);
        return undefined;
      }
      case 'observe':
        observe(s.queueId);
        return undefined;
      case 'appointment':
        return wem.createAppointment({ name: s.name, description: s.name, dateStart: s.dateStart, lengthInMinutes: s.lengthInMinutes, attendeeIds: [...s.attendeeIds], facilitatorId: s.facilitatorId ?? supervisorId, createdById: s.facilitatorId ?? supervisorId }).id;
      case 'appointment-status':
        wem.setStatus(s.appointmentId, s.status);
        return undefined;
      case 'appointment-delete':
        wem.remove(s.appointmentId);
        return undefined;
      case 'pickup': {
        const c = need(s.conversationId);
        const p = c.participants.find((x) => x.userId === s.userId && x.endTime === undefined);
        const m = p?.calls?.[0];
        if (p === undefined || m === undefined) throw new Error(`Genesys mock: ${s.userId} is not ringing on ${s.conversationId}`);
        m.state = 'connected';
        m.connectedTime = p.connectedTime = iso();
        publishConversation(c);
        return undefined;
      }
    }
  };

  /** A user-to-user call: the caller's leg and one ringing leg per callee (purpose `user`). */
  const internalCall = (callerId: string, calleeIds: readonly string[]): string => {
    const id = mockId('conversation', ++seq);
    const leg = (userId: string, state: string, direction: 'inbound' | 'outbound'): OrgParticipant => ({
      id: mockId('participant', ++seq),
      purpose: 'user',
      name: users.get(userId)?.name,
      userId,
      startTime: iso(),
      ...(state === 'connected' && { connectedTime: iso() }),
      calls: [{ id: mockId('media', ++seq), state, direction, held: false, ...(state === 'connected' && { connectedTime: iso() }) }],
    });
    const c: OrgConversation = { id, startTime: iso(), participants: [leg(callerId, 'connected', 'outbound'), ...calleeIds.map((u) => leg(u, 'alerting', 'inbound'))], mediaKey: 'calls', ended: false, internal: true };
    conversations.set(id, c);
    publishConversation(c);
    return id;
  };
  /** Genesys ends a 1:1 when either side leaves; a conference when one person is left. */
  const settleInternal = (c: OrgConversation): void => {
    if (c.internal !== true) return;
    const live = c.participants.filter((p) => p.endTime === undefined);
    if (live.length < 2) {
      for (const p of live) endLeg(p, c, 'peer');
      c.ended = true;
    }
  };

  const monitorLeg = (c: OrgConversation, userId: string, mode: 'monitor' | 'coach' | 'barge', targetId?: string): boolean => {
    const target = targetId === undefined ? agentLeg(c) : c.participants.find((p) => p.id === targetId);
    if (target === undefined || target.endTime !== undefined) return false;
    const u = needUser(userId);
    const field = mode === 'monitor' ? 'monitoredParticipantId' : mode === 'coach' ? 'coachedParticipantId' : 'bargedParticipantId';
    c.participants.push({
      id: mockId('participant', ++seq),
      purpose: 'agent',
      name: u.name,
      userId,
      startTime: iso(),
      connectedTime: iso(),
      [field]: target.id,
      [c.mediaKey]: [{ id: mockId('media', ++seq), state: 'connected', direction: 'outbound', connectedTime: iso() }],
    });
    publishConversation(c);
    return true;
  };

  /**
   * A screen-monitoring leg: the supervisor's participant, with screen media naming the user
   * watched and, at conversation level, `screenMonitoredParticipantId` naming the agent's leg. At
   * agent level the conversation holds the supervisor and the agent alone, each on screen media.
   */
  const screenView = (supervisorId: string, conversationId: string | undefined, agentId: string | undefined): string => {
    const sup = needUser(supervisorId);
    const c = conversationId === undefined ? undefined : need(conversationId);
    const target = c === undefined ? undefined : agentLeg(c);
    const userId = target?.userId ?? agentId;
    if (userId === undefined || (c !== undefined && target === undefined)) throw new Error('Genesys mock: no agent to screen-monitor');
    const screenMonitoringId = mockId('screen', ++seq);
    const leg = (u: OrgUser, purpose: string): OrgParticipant => ({
      id: mockId('participant', ++seq),
      purpose,
      name: u.name,
      userId: u.id,
      startTime: iso(),
      connectedTime: iso(),
      screenMonitorings: [{ id: mockId('media', ++seq), state: 'connected', initialState: 'connected', connectedTime: iso(), targetUserId: userId, screenMonitoringId, monitoringType: c === undefined ? 'AgentLevel' : 'ConversationLevel', count: 1 }],
    });
    if (c !== undefined) {
      c.participants.push({ ...leg(sup, 'agent'), screenMonitoredParticipantId: (target as OrgParticipant).id });
      publishConversation(c);
      return c.id;
    }
    const view: OrgConversation = { id: mockId('conversation', ++seq), startTime: iso(), participants: [leg(sup, 'user'), leg(needUser(userId), 'user')], mediaKey: 'screenMonitorings', ended: false, internal: true };
    conversations.set(view.id, view);
    publishConversation(view);
    return view.id;
  };

  // ---- REST ----
  const requests: GenesysMockRequest[] = [];
  let throttled = 0;
  let retryAfter = 1;
  const aimed: { count: number; seconds: number; aim: GenesysMockAim }[] = [];
  const failures: { path: RegExp; status: number; count: number }[] = [];
  const error = (status: number, message: string, code: string, headers?: Record<string, string>) =>
    HttpResponse.json({ message, code, status, contextId: mockId('correlation', ++correlation) }, { status, ...(headers && { headers }) });

  const userJson = (u: OrgUser, expand: readonly string[]) => ({
    id: u.id,
    name: u.name,
    state: 'active',
    ...(expand.includes('presence') && { presence: { ...restPresence(u) } }),
    ...(expand.includes('routingStatus') && { routingStatus: { userId: u.id, status: u.routing, startTime: iso(u.routingStart) } }),
    selfUri: `/api/v2/users/${u.id}`,
  });
  const restPresence = (u: OrgUser) => ({
    id: u.presenceId,
    userId: u.id,
    name: u.name,
    source: 'PURECLOUD',
    sourceId: 'PURECLOUD',
    presenceDefinition: { id: u.presenceId, systemPresence: restSystem(u.presenceId), selfUri: `/api/v2/presencedefinitions/${u.presenceId}` },
    message: u.message,
    modifiedDate: iso(u.modified),
    selfUri: `/api/v2/users/${u.id}/presences/PURECLOUD`,
  });

  const listParam = (url: URL, name: string): string[] => (url.searchParams.get(name) ?? '').split(',').filter(Boolean);

  const route = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname;
    const method = request.method;
    const record = (status: number): void => void requests.push({ method, path: path + url.search, at: clock.now(), status });
    const reply = (res: Response): Response => {
      record(res.status);
      return res;
    };
    const now = clock.now();
    if (!/^Bearer \S+/.test(request.headers.get('Authorization') ?? '')) return reply(error(401, 'No authentication bearer token specified in authorization header.', 'authentication.required'));
    const recent = requests.filter((r) => r.at > now - 60_000).length;
    const aim = aimed.find((a) => a.count > 0 && (a.aim.method === undefined || a.aim.method.toUpperCase() === method) && (a.aim.path === undefined || a.aim.path.test(path + url.search)));
    if (aim !== undefined || throttled > 0 || recent >= limit) {
      // An aimed throttle first: the request it was meant for must not spend the unaimed one too.
      let seconds = retryAfter;
      if (aim !== undefined) {
        aim.count--;
        seconds = aim.seconds;
      } else if (throttled > 0) throttled--;
      return reply(
        error(429, `Rate limit exceeded the maximum. Retry the request in [${seconds}] seconds`, 'too.many.requests.retry.after', {
          'Retry-After': aim?.aim.dated === true ? new Date(now + seconds * 1000).toUTCString() : String(seconds),
          'inin-ratelimit-count': String(recent),
          'inin-ratelimit-allowed': String(limit),
          'inin-ratelimit-reset': String(seconds),
        }),
      );
    }
    const failure = failures.find((f) => f.count > 0 && f.path.test(path + url.search));
    if (failure !== undefined) {
      failure.count--;
      return reply(error(failure.status, `Scripted failure ${failure.status}.`, failure.status === 401 ? 'bad.credentials' : 'scripted.failure'));
    }
    const body = method === 'POST' || method === 'PUT' || method === 'PATCH' ? ((await request.json().catch(() => undefined)) as unknown) : undefined;
    let m: RegExpExecArray | null;
    const token = /^Bearer mock-token:(\S+)$/.exec(request.headers.get('Authorization') ?? '');
    const caller = token !== null && users.has(token[1] as string) ? (token[1] as string) : supervisorId;
    const wemReply = wem.route(method, path, url, body, caller);
    if (wemReply !== undefined) return reply(wemReply);
    if (path === '/api/v2/conversations/calls' && method === 'POST') {
      const b = (body ?? {}) as { callUserId?: unknown; participants?: unknown };
      const targets = typeof b.callUserId === 'string' ? [b.callUserId] : Array.isArray(b.participants) ? (b.participants as { userId?: unknown }[]).map((p) => p?.userId) : [];
      if (targets.length === 0 || targets.some((t) => typeof t !== 'string' || !users.has(t) || t === caller)) return reply(error(400, 'Give callUserId or participants with user ids to call.', 'bad.request'));
      const cid = internalCall(caller, targets as string[]);
      return reply(HttpResponse.json({ id: cid, selfUri: `/api/v2/conversations/calls/${cid}` }));
    }

    if (path === '/api/v2/notifications/channels' && method === 'POST') {
      // The 21st channel evicts the oldest, idle ones first (reference §1.5).
      if (channels.size >= 20) {
        const victim = [...channels.values()].sort((a, b) => Number(a.client !== undefined) - Number(b.client !== undefined) || a.created - b.created)[0] as Channel;
        victim.client?.close(1000, 'evicted');
        channels.delete(victim.id);
      }
      const id = `streaming-${channelSeq % 10}-${mockId('correlation', ++channelSeq).replace(/-/g, '').slice(-20)}`;
      const c: Channel = { id, expires: now + DAY, topics: [], expanded: new Set(), client: undefined, created: now };
      channels.set(id, c);
      return reply(HttpResponse.json({ connectUri: `${streaming}/${id}`, id, ...(options.noChannelExpires !== true && { expires: iso(c.expires) }) }));
    }
    if ((m = /^\/api\/v2\/notifications\/channels\/([^/]+)(\/subscriptions)?$/.exec(path)) !== null) {
      const c = channels.get(decodeURIComponent(m[1] as string));
      if (c === undefined || c.expires <= now) return reply(error(404, 'Channel not found.', 'not.found'));
      if (m[2] === undefined) return reply(method === 'HEAD' ? new HttpResponse(null, { status: 200 }) : HttpResponse.json({ id: c.id, connectUri: `${streaming}/${c.id}`, expires: iso(c.expires) }));
      if (method === 'GET') return reply(HttpResponse.json({ entities: c.topics.map((id) => ({ id, state: 'Permitted' })) }));
      if (method === 'DELETE') {
        c.topics = [];
        c.expanded = new Set();
        return reply(new HttpResponse(null, { status: 204 }));
      }
      if (!Array.isArray(body) || body.some((t) => typeof t?.id !== 'string')) return reply(error(400, 'Subscriptions must be a list of { id }.', 'bad.request'));
      const wanted = (body as { id: string }[]).map((t) => t.id);
      const next = method === 'PUT' ? wanted : [...new Set([...c.topics, ...wanted])];
      if (next.some((t) => t.length > 200)) return reply(error(400, 'Topic longer than 200 characters.', 'bad.request'));
      const expanded = next.flatMap(expand);
      if (expanded.length > 1000) return reply(error(400, `Channel ${c.id} would have ${expanded.length} topics; the limit is 1000.`, 'bad.request'));
      const ignoreErrors = url.searchParams.get('ignoreErrors') === 'true';
      const rejected = new Set(expanded.filter((t) => forbidden.has(t)));
      if (rejected.size > 0 && !ignoreErrors) return reply(error(403, 'Permission denied for one or more topics.', 'missing.any.permissions'));
      // A combined topic stays Permitted while any of its parts is: only the forbidden part is
      // Rejected, by its own expanded id, and the individual result wins for it (reference §1.3).
      const permitted = next.filter((t) => expand(t).some((x) => !rejected.has(x)));
      c.topics = permitted;
      c.expanded = new Set(permitted.flatMap(expand).filter((x) => !rejected.has(x)));
      return reply(
        HttpResponse.json({
          entities: [
            ...permitted.map((id) => ({ id, state: 'Permitted', selfUri: `/api/v2/notifications/channels/${c.id}/subscriptions` })),
            ...[...rejected].map((id) => ({ id, state: 'Rejected', rejectionReason: 'Missing permissions', missingPermissions: ['analytics:queueObservation:view'] })),
          ],
        }),
      );
    }
    if (path === '/api/v2/presence/definitions' && method === 'GET') {
      const entities = ALL_DEFINITIONS.map((d) => ({ id: d.id, name: d.name, type: SECONDARY_IDS.has(d.id) ? 'User' : 'System', systemPresence: d.systemPresence, languageLabels: { en_US: d.name }, deactivated: false, selfUri: `/api/v2/presence/definitions/${d.id}` }));
      return reply(HttpResponse.json({ total: entities.length, entities, selfUri: '/api/v2/presence/definitions' }));
    }
    if ((m = /^\/api\/v2\/teams\/([^/]+)(\/members)?$/.exec(path)) !== null && method === 'GET') {
      const t = teams.get(decodeURIComponent(m[1] as string));
      if (t === undefined) return reply(error(404, 'Team not found.', 'not.found'));
      if (m[2] === undefined) return reply(HttpResponse.json({ id: t.id, name: t.name, selfUri: `/api/v2/teams/${t.id}` }));
      const size = Math.min(100, Number(url.searchParams.get('pageSize') ?? 25));
      const after = Number(url.searchParams.get('after') ?? 0);
      const page = t.memberIds.slice(after, after + size);
      const more = after + size < t.memberIds.length;
      return reply(
        HttpResponse.json({
          entities: page.map((id) => ({ id, name: users.get(id)?.name, selfUri: `/api/v2/users/${id}` })),
          ...(more && { nextUri: `/api/v2/teams/${t.id}/members?pageSize=${size}&after=${after + size}` }),
          selfUri: `/api/v2/teams/${t.id}/members`,
        }),
      );
    }
    if (path === '/api/v2/users' && method === 'GET') {
      const wanted = listParam(url, 'id');
      const expand = listParam(url, 'expand');
      const entities = wanted.map((id) => users.get(id)).filter((u): u is OrgUser => u !== undefined).map((u) => userJson(u, expand));
      return reply(HttpResponse.json({ entities, pageSize: entities.length, pageNumber: 1, total: entities.length, pageCount: 1 }));
    }
    if (path === '/api/v2/users/presences/purecloud/bulk' && method === 'GET') {
      const wanted = listParam(url, 'id');
      if (wanted.length > 50) return reply(error(400, 'At most 50 ids.', 'bad.request'));
      return reply(HttpResponse.json(wanted.map((id) => users.get(id)).filter((u): u is OrgUser => u !== undefined).map(restPresence)));
    }
    if ((m = /^\/api\/v2\/users\/([^/]+)\/presences\/purecloud$/.exec(path)) !== null) {
      const u = users.get(decodeURIComponent(m[1] as string));
      if (u === undefined) return reply(error(404, 'User not found.', 'not.found'));
      if (method === 'PATCH') {
        const def = (body as { presenceDefinition?: { id?: unknown } } | undefined)?.presenceDefinition?.id;
        if (typeof def !== 'string' || !ALL_DEFINITIONS.some((d) => d.id === def)) return reply(error(400, 'Unknown presence definition.', 'bad.request'));
        setPresence(u, def, typeof (body as { message?: unknown }).message === 'string' ? ((body as { message: string }).message) : u.message);
      }
      return reply(HttpResponse.json(restPresence(u)));
    }
    if (path === '/api/v2/routing/queues' && method === 'GET') {
      const wanted = listParam(url, 'id');
      const entities = (wanted.length > 0 ? wanted.map((id) => queues.get(id)) : [...queues.values()])
        .filter((q): q is OrgQueue => q !== undefined)
        .map((q) => ({ id: q.id, name: q.name, mediaSettings: Object.fromEntries(q.media.map((x) => [x, { alertingTimeoutSeconds: 8 }])), selfUri: `/api/v2/routing/queues/${q.id}` }));
      return reply(HttpResponse.json({ entities, pageSize: 100, pageNumber: 1, total: entities.length, pageCount: 1 }));
    }
    if ((m = /^\/api\/v2\/routing\/queues\/([^/]+)\/members$/.exec(path)) !== null && method === 'GET') {
      const q = queues.get(decodeURIComponent(m[1] as string));
      if (q === undefined) return reply(error(404, 'Queue not found.', 'not.found'));
      const size = Math.min(100, Number(url.searchParams.get('pageSize') ?? 25));
      const page = Math.max(1, Number(url.searchParams.get('pageNumber') ?? 1));
      const members = [...users.values()].filter((u) => u.queueIds.has(q.id));
      const entities = members.slice((page - 1) * size, page * size).map((u) => ({
        id: u.id,
        name: u.name,
        user: userJson(u, ['presence', 'routingStatus']),
        ringNumber: 1,
        joined: u.joined.has(q.id),
        memberBy: 'user',
        routingStatus: { userId: u.id, status: u.routing, startTime: iso(u.routingStart) },
      }));
      return reply(HttpResponse.json({ entities, pageSize: size, pageNumber: page, total: members.length, pageCount: Math.max(1, Math.ceil(members.length / size)) }));
    }
    if (path === '/api/v2/analytics/queues/observations/query' && method === 'POST') {
      const predicates = ((body as { filter?: { predicates?: { value?: string }[] } })?.filter?.predicates ?? []).map((p) => p.value);
      const results = predicates.flatMap((id) => {
        const q = id === undefined ? undefined : queues.get(id);
        return q === undefined ? [] : q.media.map((x) => ({ group: { queueId: q.id, mediaType: mediaType(x) }, data: observationMetrics(q, x) }));
      });
      return reply(HttpResponse.json({ results }));
    }
    if (path === '/api/v2/analytics/conversations/details/query' && method === 'POST') {
      const preds = ((body as { segmentFilters?: { predicates?: { dimension?: string; value?: string }[] }[] })?.segmentFilters ?? []).flatMap((f) => f.predicates ?? []);
      const userSet = new Set(preds.filter((p) => p.dimension === 'userId').map((p) => p.value));
      const queueSet = new Set(preds.filter((p) => p.dimension === 'queueId').map((p) => p.value));
      const paging = (body as { paging?: { pageSize?: number; pageNumber?: number } })?.paging ?? {};
      const size = paging.pageSize ?? 25;
      const page = paging.pageNumber ?? 1;
      const live = [...conversations.values()].filter((c) => !c.ended && c.participants.some((p) => userSet.has(p.userId) || queueSet.has(p.queueId)));
      const slice = live.slice((page - 1) * size, page * size);
      return reply(
        HttpResponse.json({
          conversations: slice.map((c) => ({ conversationId: c.id, conversationStart: c.startTime, participants: c.participants.map((p) => ({ participantId: p.id, purpose: p.purpose, userId: p.userId })) })),
          totalHits: live.length,
        }),
      );
    }
    if ((m = /^\/api\/v2\/conversations\/([^/]+)$/.exec(path)) !== null && method === 'GET') {
      const c = conversations.get(decodeURIComponent(m[1] as string));
      if (c === undefined) return reply(error(404, 'Conversation not found.', 'not.found'));
      return reply(HttpResponse.json({ id: c.id, startTime: c.startTime, participants: c.participants, selfUri: `/api/v2/conversations/${c.id}` }));
    }
    if ((m = /^\/api\/v2\/conversations\/(calls|messages)\/([^/]+)\/participants\/([^/]+)(?:\/(monitor|coach|barge))?$/.exec(path)) !== null) {
      const c = conversations.get(decodeURIComponent(m[2] as string));
      const pid = decodeURIComponent(m[3] as string);
      if (c === undefined || c.ended) return reply(error(404, 'Conversation not found.', 'not.found'));
      const p = c.participants.find((x) => x.id === pid);
      if (p === undefined) return reply(error(404, 'Participant not found.', 'not.found'));
      const action = m[4] as 'monitor' | 'coach' | 'barge' | undefined;
      if (action !== undefined && method === 'POST') {
        if (m[1] === 'messages' && action !== 'monitor') return reply(error(404, 'Not found.', 'not.found'));
        return reply(monitorLeg(c, supervisorId, action, pid) ? new HttpResponse(null, { status: 202 }) : error(400, 'Participant is not connected.', 'bad.request'));
      }
      if (action === undefined && method === 'PATCH') {
        if ((body as { state?: unknown })?.state === 'disconnected') {
          endLeg(p, c, 'client');
          settleInternal(c);
          publishConversation(c);
        }
        return reply(new HttpResponse(null, { status: 202 }));
      }
    }
    return reply(error(404, `No route for ${method} ${path} in the Genesys mock.`, 'not.found'));
  };
  const wem = createWemMock({
    users,
    now: () => clock.now(),
    iso,
    publish: (topic, b) => publish(topic, b),
    error: (status, message, code) => error(status, message, code),
  });
  const SECONDARY_IDS = new Set(ALL_DEFINITIONS.filter((d) => !Object.values(DEF_BY_SYSTEM).includes(d.id)).map((d) => d.id));

  // ---- WebSocket ----
  const link = ws.link(`${streaming}/*`);
  const socketHandler = link.addEventListener('connection', ({ client }) => {
    const id = decodeURIComponent(client.url.pathname.split('/').pop() ?? '');
    const c = channels.get(id);
    if (c === undefined || c.expires <= clock.now()) {
      client.close(4004, 'channel not found');
      return;
    }
    // One socket per channel: a second connection displaces the first (reference §1.5).
    const previous = c.client;
    c.client = client;
    previous?.close(1000, 'replaced');
    client.addEventListener('message', (event) => {
      const text = typeof event.data === 'string' ? event.data : '';
      received.push(text);
      try {
        if ((JSON.parse(text) as { message?: unknown }).message === 'ping' && !silent) client.send(JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'pong' } }));
      } catch {
        // Genesys ignores frames it cannot read.
      }
    });
    client.addEventListener('close', () => {
      if (c.client === client) c.client = undefined;
    });
  });

  // ---- autoplay ----
  const autoplay = (everyMs = 1500, seed = 7, persons: readonly string[] = []): (() => void) => {
    let state = seed >>> 0 || 1;
    const rand = (n: number): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state % n;
    };
    let timer: TimerHandle | undefined;
    let stopped = false;
    const tick = (): void => {
      if (stopped) return;
      try {
        const live = [...conversations.values()].filter((c) => !c.ended && c.internal !== true);
        const roll = rand(10);
        const c = live.length > 0 ? live[rand(live.length)] : undefined;
        const a = c && agentLeg(c);
        const am = a && c && media(a, c);
        if (c !== undefined && a === undefined) {
          const idle = [...users.values()].find((u) => !u.supervisor && u.routing === 'IDLE' && u.joined.has(customerLeg(c).queueId ?? ''));
          if (idle !== undefined) step({ type: 'offer', conversationId: c.id, userId: idle.id });
        } else if (c !== undefined && am?.state === 'alerting') step({ type: 'answer', conversationId: c.id });
        else if (c !== undefined && am?.state === 'connected' && roll < 3) step({ type: 'hold', conversationId: c.id, held: am.held !== true });
        else if (c !== undefined && am?.state === 'connected' && roll < 6) step({ type: 'hangup', conversationId: c.id });
        else if (c !== undefined && am?.state === 'disconnected') step({ type: 'wrapup', conversationId: c.id });
        else if (roll < 7) {
          const u = users.get(agentIds[rand(agentIds.length)] as string) as OrgUser;
          const onQueue = upperSystem(u.presenceId) === 'ON_QUEUE';
          if (u.routing !== 'INTERACTING' && !persons.includes(u.id)) step({ type: 'presence', userId: u.id, presence: onQueue ? ['BREAK', 'MEAL', 'MEETING', 'TRAINING'][rand(4)] as string : 'ON_QUEUE' });
        } else step({ type: 'call', queueId: queueIds[rand(queueIds.length)] as string });
      } finally {
        if (!stopped) timer = clock.setTimeout(tick, everyMs);
      }
    };
    timer = clock.setTimeout(tick, everyMs);
    return () => {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
    };
  };

  return {
    handlers: [http.all(`${api}/api/v2/*`, ({ request }) => route(request)), socketHandler],
    domain,
    directory: { supervisorId, agentIds, teamIds, queueIds },
    adapterOptions: () => ({ region: domain, getAccessToken: () => 'mock-token', userId: supervisorId, watch: { teamIds: [...teamIds], queueIds: [...queueIds] } }),
    play(steps) {
      const created: string[] = [];
      for (const s of steps) {
        const id = step(s);
        if (id !== undefined) created.push(id);
      }
      return created;
    },
    autoplay,
    heartbeat: () => sendAll(JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } })),
    sendRaw: (text, channelId) => (channelId === undefined ? sendAll(text) : channels.get(channelId)?.client?.send(text)),
    redeliverLast() {
      for (const { channel, text } of last) channel.client?.send(text);
    },
    socketClosing() {
      for (const c of channels.values()) {
        if (!silent) c.client?.send(JSON.stringify({ topicName: 'v2.system.socket_closing', version: '2', eventBody: { message: 'Socket closing for maintenance.' }, metadata: { CorrelationId: mockId('correlation', ++correlation) } }));
      }
    },
    dropSockets(channelIds) {
      for (const c of channels.values()) {
        if (channelIds !== undefined && !channelIds.includes(c.id)) continue;
        const client = c.client;
        c.client = undefined;
        client?.close(4000, 'dropped');
      }
    },
    expireChannels() {
      for (const c of [...channels.values()]) {
        channels.delete(c.id);
        c.client?.close(1000, 'channel expired');
      }
    },
    setSkew(ms) {
      skewMs = ms;
    },
    pauseDelivery(p) {
      paused = p;
    },
    silence(s) {
      silent = s;
    },
    lagTopic(topic) {
      const key = topic.toLowerCase();
      const held = lagging.get(key) ?? [];
      lagging.set(key, held);
      return (count = Infinity) => {
        if (count === Infinity) lagging.delete(key);
        for (const sends of held.splice(0, count)) for (const { channel, text } of sends) if (!silent) channel.client?.send(text);
      };
    },
    throttle(count, seconds, aim) {
      if (aim !== undefined) aimed.push({ count, seconds, aim });
      else {
        throttled = count;
        retryAfter = seconds;
      }
    },
    failNext(path, status, count = 1) {
      failures.push({ path, status, count });
    },
    get requests() {
      return requests;
    },
    get channels() {
      return [...channels.values()].map((c) => ({ id: c.id, connectUri: `${streaming}/${c.id}`, expires: c.expires, topics: [...c.topics], connected: c.client !== undefined }));
    },
    received,
    conversation: (id) => {
      const c = conversations.get(id);
      return c === undefined ? undefined : (JSON.parse(JSON.stringify({ id: c.id, startTime: c.startTime, participants: c.participants })) as unknown);
    },
    tokenFor: (userId) => (userId === supervisorId ? 'mock-token' : `mock-token:${userId}`),
    appointment: (id) => wem.appointment(id),
    evaluation: (id) => wem.evaluation(id),
    user(id) {
      const u = users.get(id);
      return u === undefined ? undefined : { presenceId: u.presenceId, routing: u.routing, queueIds: [...u.joined] };
    },
  };
}
