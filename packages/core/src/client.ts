import { createNanoEvents, type Unsubscribe } from 'nanoevents';
import type { Adapter, AdapterCapabilities, AdapterSink } from './adapter.js';
import type { AuditAction, AuditEntry, AuditOutcome } from './audit.js';
import { systemClock, type Clock } from './clock.js';
import type { Command, CommandEnvelope, CommandType } from './commands.js';
import { checkCommand } from './commands-check.js';
import { ErrorCode, FloorwalkError, isFloorwalkError, toFloorwalkError } from './errors.js';
import type { FloorwalkEvent } from './events/types.js';
import { checkEvent } from './events/validate.js';
import type {
  Agent,
  Channel,
  ChatMessage,
  CheckIn,
  CoachingNote,
  ConnectionStatus,
  HelpRequest,
  Interaction,
  InteractionState,
  MonitoringMode,
  MonitoringSession,
  PresenceDefinition,
  PresenceState,
  Queue,
  ReasonCode,
  RoutingActivity,
  Team,
} from './model/types.js';
import type { PolicyOptions, Session } from './policy/permissions.js';
import { Policy } from './policy/policy.js';
import { Store, type StoreChange, type StoreLimits } from './store/store.js';

/** A change of connection status. */
export interface StatusChange {
  readonly previous: ConnectionStatus;
  readonly current: ConnectionStatus;
  readonly reason?: FloorwalkError;
}

/**
 * What the monitored agent's client is told. Fired for every start, mode change and end of a
 * monitoring session on this session's own agent, unless the tenant's policy turned notices off.
 */
export interface MonitoringNotice {
  readonly kind: 'started' | 'mode-changed' | 'ended';
  readonly session: MonitoringSession;
  /** The mode before a change. */
  readonly previousMode?: MonitoringMode;
}

/** Events a client emits, by name. */
export interface ClientEvents {
  /** The connection status changed. */
  status: (change: StatusChange) => void;
  /** Something went wrong that did not stop the client: a malformed event, an adapter error. */
  error: (error: FloorwalkError) => void;
  /** A monitoring session on this session's own agent started, changed mode or ended. */
  monitoring: (notice: MonitoringNotice) => void;
  /** An audit entry was written. */
  audit: (entry: AuditEntry) => void;
}

/** Receives one {@link StoreChange} per applied batch. */
export type ChangeListener = (change: StoreChange) => void;

/** Leveled logging; pass `console` or your own. */
export interface Logger {
  debug(message: string, ...data: unknown[]): void;
  info(message: string, ...data: unknown[]): void;
  warn(message: string, ...data: unknown[]): void;
  error(message: string, ...data: unknown[]): void;
}

/** Options of {@link createFloorwalk}. */
export interface FloorwalkOptions {
  /** The vendor platform, or the simulator. */
  readonly adapter: Adapter;
  /** Who is signed in, as the host established it. */
  readonly session: Session;
  /** The tenant's policy; defaults to Floorwalk's least-privilege table. */
  readonly policy?: PolicyOptions;
  /** Time source. Defaults to the adapter's clock if it has one, else the wall clock. */
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Memory bounds of the store. */
  readonly limits?: Partial<StoreLimits>;
}

/** Which interactions {@link Floorwalk.getInteractions} returns. */
export interface InteractionFilter {
  readonly agentId?: string;
  readonly queueId?: string;
  readonly channel?: Channel;
  readonly state?: InteractionState;
  /** Include recently ended interactions (bounded by the store's limits). */
  readonly includeEnded?: boolean;
}

/** Durations of an interaction, computed now from its timestamps. */
export interface InteractionTimes {
  /** From creation to being connected (or until now, if still waiting). */
  readonly waitMs: number;
  /** Connected time excluding holds. */
  readonly talkMs: number;
  readonly holdMs: number;
  readonly wrapUpMs: number;
  /** Talk + hold + wrap-up. */
  readonly handleMs: number;
}

/**
 * The one object a host app holds: connection, selectors over the store, and commands.
 * Commands are intents: checked, checked by policy, then executed by the adapter. They resolve
 * when the vendor accepted them; the effect arrives as events.
 */
export interface Floorwalk {
  readonly status: ConnectionStatus;
  readonly session: Session;
  readonly capabilities: AdapterCapabilities;
  /** Opens the link and loads the first snapshot. Resolves when live. */
  connect(): Promise<void>;
  /** Closes the link. Commands still waiting are rejected with `Cancelled`. */
  disconnect(): Promise<void>;
  on<K extends keyof ClientEvents>(event: K, callback: ClientEvents[K]): Unsubscribe;
  /** Called once per applied batch with the ids that changed. */
  subscribe(listener: ChangeListener): Unsubscribe;

  getAgents(): readonly Agent[];
  getAgent(id: string): Agent | undefined;
  getTeams(): readonly Team[];
  getTeam(id: string): Team | undefined;
  getQueues(): readonly Queue[];
  getQueue(id: string): Queue | undefined;
  getInteractions(filter?: InteractionFilter): readonly Interaction[];
  getInteraction(id: string): Interaction | undefined;
  /** Derived from the agent's live interactions. */
  getRoutingActivity(agentId: string): RoutingActivity;
  /** Milliseconds since the agent's presence began, computed now. */
  getTimeInState(agentId: string): number;
  getInteractionTimes(interactionId: string): InteractionTimes | undefined;
  getMonitoringSessions(filter?: { agentId?: string; active?: boolean }): readonly MonitoringSession[];
  getHelpRequests(filter?: { agentId?: string; open?: boolean }): readonly HelpRequest[];
  getMessages(conversationId: string): readonly ChatMessage[];
  getCoachingNotes(agentId?: string): readonly CoachingNote[];
  getCheckIns(filter?: { agentId?: string }): readonly CheckIn[];
  getPresenceDefinitions(): readonly PresenceDefinition[];
  /** This client's audit entries, oldest first (requires `audit:read` for others' entries later). */
  getAuditLog(): readonly AuditEntry[];
  /** Whether this session may run the command now: permission, scope and capability. */
  can(command: Command): boolean;

  setPresence(state: PresenceState, reason?: ReasonCode): Promise<void>;
  setAgentPresence(agentId: string, state: PresenceState, reason?: ReasonCode): Promise<void>;
  startMonitoring(agentId: string, interactionId: string, mode: MonitoringMode): Promise<void>;
  changeMonitoringMode(sessionId: string, mode: MonitoringMode): Promise<void>;
  stopMonitoring(sessionId: string): Promise<void>;
  raiseHand(reason: string, interactionId?: string): Promise<void>;
  acknowledgeHelp(requestId: string): Promise<void>;
  resolveHelp(requestId: string): Promise<void>;
  sendMessage(conversationId: string, body: string): Promise<void>;
  addCoachingNote(agentId: string, body: string, interactionId?: string): Promise<void>;
  proposeCheckIn(agentId: string, scheduledFor: number, topic?: string): Promise<void>;
  answerCheckIn(checkInId: string, answer: 'accepted' | 'declined'): Promise<void>;
  /** Issues any command object; the named methods above are shorthands for it. */
  execute(command: Command): Promise<void>;
}

interface Pending {
  readonly envelope: CommandEnvelope;
  readonly resolve: () => void;
  readonly reject: (error: FloorwalkError) => void;
}

const AUDIT_LIMIT = 1000;
const MONITORING_COMMANDS: Partial<Record<CommandType, AuditAction>> = {
  'start-monitoring': 'monitoring.start',
  'change-monitoring-mode': 'monitoring.change-mode',
  'stop-monitoring': 'monitoring.stop',
};
const ACTIVITY_RANK: Record<Interaction['state'], number> = { connected: 4, held: 3, offered: 2, 'wrap-up': 1, queued: 0, ended: 0 };
const ACTIVITY_OF: Record<number, RoutingActivity> = { 4: 'interacting', 3: 'held', 2: 'offered', 1: 'wrap-up', 0: 'idle' };

/**
 * Creates a Floorwalk client.
 *
 * @example
 * ```ts
 * import { createFloorwalk } from '@floorwalk/core';
 * import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
 *
 * const adapter = createSimulatorAdapter({ agents: 50 });
 * const client = createFloorwalk({
 *   adapter,
 *   session: { userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] },
 * });
 * client.subscribe((change) => render([...change.agents]));
 * await client.connect();
 * ```
 */
export function createFloorwalk(options: FloorwalkOptions): Floorwalk {
  const { adapter, session } = options;
  if (adapter === null || typeof adapter !== 'object' || typeof adapter.connect !== 'function') {
    throw new FloorwalkError(ErrorCode.InvalidArgument, 'createFloorwalk: options.adapter must implement the Adapter interface.');
  }
  if (session === null || typeof session !== 'object' || typeof session.userId !== 'string' || session.userId === '') {
    throw new FloorwalkError(ErrorCode.InvalidArgument, 'createFloorwalk: options.session.userId must be a non-empty string.');
  }
  if (!['agent', 'supervisor', 'qa', 'admin'].includes(session.role)) {
    throw new FloorwalkError(ErrorCode.InvalidArgument, 'createFloorwalk: options.session.role must be agent, supervisor, qa or admin.');
  }
  if (session.teamIds !== 'all' && !Array.isArray(session.teamIds)) {
    throw new FloorwalkError(ErrorCode.InvalidArgument, 'createFloorwalk: options.session.teamIds must be a list of team ids or "all".');
  }
  const clock = options.clock ?? adapter.clock ?? systemClock;
  const logger = options.logger;
  const store = new Store(options.limits);
  const policy = new Policy(session, options.policy ?? {}, store);
  const emitter = createNanoEvents<ClientEvents>();
  const listeners = new Set<ChangeListener>();
  const audit: AuditEntry[] = [];
  let pending: Pending[] = [];
  let status: ConnectionStatus = 'idle';
  /** Bumped on connect and disconnect so late completions of an older attempt are ignored. */
  let generation = 0;
  let notifyScheduled = false;
  let keySeq = 0;
  let auditSeq = 0;
  let agentsCache: readonly Agent[] | null = null;

  const safeEmit = <K extends keyof ClientEvents>(event: K, ...args: Parameters<ClientEvents[K]>): void => {
    const callbacks = emitter.events[event] ?? [];
    for (const callback of [...callbacks]) {
      try {
        (callback as (...a: Parameters<ClientEvents[K]>) => void)(...args);
      } catch (err) {
        logger?.error(`floorwalk: a "${event}" listener threw`, err);
        if (event !== 'error') safeEmit('error', toFloorwalkError(err, ErrorCode.ListenerFailed, `A "${event}" listener threw`));
      }
    }
  };

  const reportError = (error: FloorwalkError): void => {
    logger?.warn(`floorwalk: ${error.message}`);
    safeEmit('error', error);
  };

  const setStatus = (next: ConnectionStatus, reason?: FloorwalkError): void => {
    if (next === status) return;
    const previous = status;
    status = next;
    logger?.debug(`floorwalk: status ${previous} -> ${next}`);
    safeEmit('status', reason === undefined ? { previous, current: next } : { previous, current: next, reason });
    if (next === 'live') flush();
    else if (next === 'failed' || next === 'idle') {
      const code = next === 'idle' ? ErrorCode.Cancelled : ErrorCode.NotConnected;
      const error = new FloorwalkError(code, next === 'idle' ? 'The client was disconnected before the command was sent.' : 'The connection failed before the command was sent.', {
        cause: reason,
      });
      const dropped = pending;
      pending = [];
      for (const p of dropped) {
        // Every audited `requested` gets its outcome, including "never sent".
        const action = MONITORING_COMMANDS[p.envelope.type];
        if (action !== undefined) writeAudit(action, 'failed', targetOf(p.envelope), p.envelope.key, error.message);
        p.reject(error);
      }
    }
  };

  const writeAudit = (action: AuditAction, outcome: AuditOutcome, target: Record<string, string>, commandKey?: string, reason?: string): void => {
    const entry: AuditEntry = {
      id: `${session.userId}:audit:${++auditSeq}`,
      at: clock.now(),
      actor: session.userId,
      action,
      outcome,
      target,
      ...(commandKey === undefined ? {} : { commandKey }),
      ...(reason === undefined ? {} : { reason }),
    };
    audit.push(entry);
    if (audit.length > AUDIT_LIMIT) audit.shift();
    safeEmit('audit', entry);
  };

  const notify = (): void => {
    notifyScheduled = false;
    if (!store.hasChanges) return;
    const change = store.takeChange();
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch (err) {
        reportError(toFloorwalkError(err, ErrorCode.ListenerFailed, 'A change listener threw'));
      }
    }
  };

  /** Validates, filters and applies one batch; subscribers hear once, on the next microtask. */
  const ingest = (batch: readonly FloorwalkEvent[]): void => {
    let notices: MonitoringNotice[] | undefined;
    for (let i = 0; i < batch.length; i++) {
      const raw = batch[i] as FloorwalkEvent;
      const problem = checkEvent(raw);
      if (problem !== null) {
        reportError(
          new FloorwalkError(ErrorCode.MalformedEvent, `Adapter ${adapter.id} sent a malformed event: ${problem}.`, {
            details: { eventId: (raw as { id?: unknown } | null)?.id, problem },
          }),
        );
        continue;
      }
      if (raw.type === 'interaction') {
        // Most of a busy floor's traffic: kept apart so no filtered copy of the event is built.
        const view = policy.viewInteraction(raw.interaction);
        if (view === null) store.forgetInteraction(raw.interaction.id);
        else store.apply(raw, view);
        continue;
      }
      const event = policy.filter(raw);
      if (event === null) {
        // Lost visibility (an agent moved to a team outside scope; for interactions, a transfer): forget
        // what the session held rather than keep a stale copy.
        if (raw.type === 'agent') store.forgetAgent(raw.agent.id);
        continue;
      }
      if (event.type === 'monitoring' && event.session.agentId === policy.agentId) {
        const before = store.monitoring.get(event.session.id);
        if (store.apply(event)) {
          const notice = noticeFor(before, event.session);
          if (notice !== null) (notices ??= []).push(notice);
        }
        continue;
      }
      store.apply(event);
    }
    if (store.hasChanges) {
      agentsCache = null;
      if (!notifyScheduled) {
        notifyScheduled = true;
        queueMicrotask(notify);
      }
    }
    if (notices !== undefined) for (const notice of notices) safeEmit('monitoring', notice);
  };

  /** Applies a fresh snapshot and goes live, unless a later connect or disconnect superseded it. */
  const loadSnapshot = async (gen: number): Promise<void> => {
    const snapshot = await adapter.snapshot();
    if (gen !== generation) return;
    ingest([snapshot]);
    setStatus('live');
  };

  const resync = async (gen: number): Promise<void> => {
    try {
      await loadSnapshot(gen);
    } catch (err) {
      if (gen !== generation) return;
      const error = toFloorwalkError(err, ErrorCode.VendorError, `Adapter ${adapter.id} could not provide a snapshot`);
      reportError(error);
      setStatus('failed', error);
    }
  };

  const makeSink = (gen: number): AdapterSink => ({
    events(batch) {
      if (gen !== generation) return;
      if (!Array.isArray(batch)) {
        reportError(new FloorwalkError(ErrorCode.MalformedEvent, `Adapter ${adapter.id} delivered a batch that is not an array.`));
        return;
      }
      ingest(batch);
    },
    status(next, reason) {
      if (gen !== generation || status === 'idle') return;
      // The first `live` is ours to declare, after the initial snapshot has landed.
      if (status === 'connecting') {
        if (next === 'failed') setStatus('failed', reason);
        return;
      }
      if (next === 'live') {
        if (status === 'reconnecting' || status === 'offline' || status === 'failed') {
          // Notifications are not queued by vendors while we were away: rebuild from a snapshot.
          setStatus('reconnecting');
          void resync(gen);
        }
        return;
      }
      setStatus(next, reason);
    },
    error(error) {
      if (gen !== generation) return;
      reportError(isFloorwalkError(error) ? error : toFloorwalkError(error, ErrorCode.VendorError, `Adapter ${adapter.id} reported`));
    },
  });

  const run = async (p: Pending): Promise<void> => {
    const action = MONITORING_COMMANDS[p.envelope.type];
    try {
      await adapter.execute(p.envelope);
      if (action !== undefined) writeAudit(action, 'succeeded', targetOf(p.envelope), p.envelope.key);
      p.resolve();
    } catch (err) {
      const error = toFloorwalkError(err, ErrorCode.VendorError, `Adapter ${adapter.id} failed ${p.envelope.type}`);
      if (action !== undefined) writeAudit(action, 'failed', targetOf(p.envelope), p.envelope.key, error.message);
      p.reject(error);
    }
  };

  /**
   * Commands go out one at a time, each after the vendor accepted the previous one, so the
   * vendor sees them in the order they were issued, including those that waited for `live`
   * and those issued while they are being sent. `run` never rejects, so the chain never breaks.
   */
  let sending: Promise<void> = Promise.resolve();
  const send = (p: Pending): void => {
    sending = sending.then(() => run(p));
  };

  function flush(): void {
    const ready = pending;
    pending = [];
    for (const p of ready) send(p);
  }

  const supports = (command: Command): FloorwalkError | null => {
    const caps = adapter.capabilities;
    if (!caps.commands.includes(command.type)) {
      return new FloorwalkError(ErrorCode.Unsupported, `Adapter ${adapter.id} cannot ${command.type}.`, { details: { command: command.type } });
    }
    if ('mode' in command && !caps.monitoringModes.includes(command.mode)) {
      return new FloorwalkError(ErrorCode.Unsupported, `Adapter ${adapter.id} does not offer ${command.mode} monitoring.`, {
        details: { mode: command.mode },
      });
    }
    return null;
  };

  const newKey = (): string =>
    typeof globalThis.crypto?.randomUUID === 'function' ? globalThis.crypto.randomUUID() : `${session.userId}-${clock.now().toString(36)}-${(keySeq++).toString(36)}`;

  const execute = (command: Command): Promise<void> => {
    try {
      if (command === null || typeof command !== 'object') {
        throw new FloorwalkError(ErrorCode.InvalidArgument, 'execute: the command must be an object with a type.');
      }
      checkCommand(command);
      const unsupported = supports(command);
      if (unsupported !== null) throw unsupported;
      if (status === 'idle' || status === 'failed') {
        throw new FloorwalkError(ErrorCode.NotConnected, `Cannot ${command.type} while ${status}: call connect() first.`);
      }
      try {
        policy.authorise(command);
      } catch (err) {
        if (MONITORING_COMMANDS[command.type] !== undefined && isFloorwalkError(err)) {
          writeAudit('command.denied', 'denied', { command: command.type, ...targetOf(command) }, undefined, err.message);
        }
        throw err;
      }
    } catch (err) {
      return Promise.reject(toFloorwalkError(err, ErrorCode.Internal, 'Command check failed'));
    }
    const envelope: CommandEnvelope = { ...command, key: newKey(), issuedBy: session.userId, issuedAt: clock.now() };
    const action = MONITORING_COMMANDS[command.type];
    if (action !== undefined) writeAudit(action, 'requested', targetOf(envelope), envelope.key);
    return new Promise<void>((resolve, reject) => {
      const p: Pending = { envelope, resolve, reject };
      if (status === 'live') send(p);
      else pending.push(p);
    });
  };

  const selfAgentId = (): string => policy.agentId ?? session.userId;

  if (policy.monitoringNotice === false) {
    writeAudit('policy.monitoring-notice-off', 'succeeded', { tenantPolicy: 'monitoringNotice=false' });
  }

  const client: Floorwalk = {
    get status() {
      return status;
    },
    session,
    capabilities: adapter.capabilities,

    async connect() {
      if (status !== 'idle' && status !== 'failed') return;
      const gen = ++generation;
      setStatus('connecting');
      try {
        await adapter.connect(makeSink(gen));
        if (gen !== generation) return;
        await loadSnapshot(gen);
      } catch (err) {
        if (gen !== generation) return;
        const error = toFloorwalkError(err, ErrorCode.VendorError, `Adapter ${adapter.id} could not connect`);
        setStatus('failed', error);
        throw error;
      }
    },

    async disconnect() {
      if (status === 'idle') return;
      generation++;
      setStatus('idle');
      try {
        await adapter.disconnect();
      } catch (err) {
        reportError(toFloorwalkError(err, ErrorCode.VendorError, `Adapter ${adapter.id} failed to disconnect cleanly`));
      }
    },

    on(event, callback) {
      return emitter.on(event, callback);
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    getAgents() {
      return (agentsCache ??= [...store.agents.values()]);
    },
    getAgent: (id) => store.agents.get(id),
    getTeams: () => [...store.teams.values()],
    getTeam: (id) => store.teams.get(id),
    getQueues: () => [...store.queues.values()],
    getQueue: (id) => store.queues.get(id),
    getInteraction: (id) => store.interactions.get(id) ?? store.ended.get(id),

    getInteractions(filter = {}) {
      const out: Interaction[] = [];
      const match = (i: Interaction): boolean =>
        (filter.agentId === undefined || i.agentId === filter.agentId) &&
        (filter.queueId === undefined || i.queueId === filter.queueId) &&
        (filter.channel === undefined || i.channel === filter.channel) &&
        (filter.state === undefined || i.state === filter.state);
      if (filter.agentId !== undefined) {
        // Every non-ended interaction with an agent is in the per-agent index (queued ones have none).
        for (const id of store.liveInteractionIds(filter.agentId) ?? []) {
          const i = store.interactions.get(id);
          if (i !== undefined && match(i)) out.push(i);
        }
      } else {
        for (const i of store.interactions.values()) if (match(i)) out.push(i);
      }
      if (filter.includeEnded === true) for (const i of store.ended.values()) if (match(i)) out.push(i);
      return out;
    },

    getRoutingActivity(agentId) {
      const agent = store.agents.get(agentId);
      if (agent === undefined) return 'idle';
      if (agent.notResponding === true) return 'not-responding';
      let rank = 0;
      for (const id of store.liveInteractionIds(agentId) ?? []) {
        const r = ACTIVITY_RANK[(store.interactions.get(id) as Interaction).state];
        if (r > rank) rank = r;
      }
      return ACTIVITY_OF[rank] as RoutingActivity;
    },

    getTimeInState(agentId) {
      const agent = store.agents.get(agentId);
      return agent === undefined ? 0 : Math.max(0, clock.now() - agent.presence.since);
    },

    getInteractionTimes(interactionId) {
      const i = store.interactions.get(interactionId) ?? store.ended.get(interactionId);
      return i === undefined ? undefined : interactionTimes(i, clock.now());
    },

    getMonitoringSessions(filter = {}) {
      return [...store.monitoring.values()].filter(
        (s) => (filter.agentId === undefined || s.agentId === filter.agentId) && (filter.active === undefined || (s.endedAt === undefined) === filter.active),
      );
    },
    getHelpRequests(filter = {}) {
      return [...store.helpRequests.values()].filter(
        (r) =>
          (filter.agentId === undefined || r.agentId === filter.agentId) &&
          (filter.open === undefined || (r.state === 'open' || r.state === 'acknowledged') === filter.open),
      );
    },
    getMessages: (conversationId) => store.conversations.get(conversationId) ?? [],
    getCoachingNotes: (agentId) => [...store.coachingNotes.values()].filter((n) => agentId === undefined || n.agentId === agentId),
    getCheckIns: (filter = {}) => [...store.checkIns.values()].filter((c) => filter.agentId === undefined || c.agentId === filter.agentId),
    getPresenceDefinitions: () => store.presenceDefinitions,
    getAuditLog: () => audit.slice(),

    can(command) {
      try {
        checkCommand(command);
        if (supports(command) !== null) return false;
        policy.authorise(command);
        return true;
      } catch {
        return false;
      }
    },

    setPresence: (state, reason) => execute({ type: 'set-presence', agentId: selfAgentId(), state, ...(reason && { reason }) }),
    setAgentPresence: (agentId, state, reason) => execute({ type: 'set-presence', agentId, state, ...(reason && { reason }) }),
    startMonitoring: (agentId, interactionId, mode) => execute({ type: 'start-monitoring', agentId, interactionId, mode }),
    changeMonitoringMode: (sessionId, mode) => execute({ type: 'change-monitoring-mode', sessionId, mode }),
    stopMonitoring: (sessionId) => execute({ type: 'stop-monitoring', sessionId }),
    raiseHand: (reason, interactionId) =>
      execute({ type: 'raise-hand', agentId: selfAgentId(), reason, ...(interactionId === undefined ? {} : { interactionId }) }),
    acknowledgeHelp: (requestId) => execute({ type: 'acknowledge-help', requestId }),
    resolveHelp: (requestId) => execute({ type: 'resolve-help', requestId }),
    sendMessage: (conversationId, body) => execute({ type: 'send-message', conversationId, body }),
    addCoachingNote: (agentId, body, interactionId) =>
      execute({ type: 'add-coaching-note', agentId, body, ...(interactionId === undefined ? {} : { interactionId }) }),
    proposeCheckIn: (agentId, scheduledFor, topic) =>
      execute({ type: 'propose-check-in', agentId, scheduledFor, ...(topic === undefined ? {} : { topic }) }),
    answerCheckIn: (checkInId, answer) => execute({ type: 'answer-check-in', checkInId, answer }),
    execute,
  };
  return client;
}

function noticeFor(before: MonitoringSession | undefined, after: MonitoringSession): MonitoringNotice | null {
  if (after.endedAt !== undefined) {
    return before !== undefined && before.endedAt === undefined ? { kind: 'ended', session: after } : null;
  }
  if (before === undefined || before.endedAt !== undefined) return { kind: 'started', session: after };
  if (before.mode !== after.mode) return { kind: 'mode-changed', session: after, previousMode: before.mode };
  return null;
}

function targetOf(command: Command): Record<string, string> {
  const target: Record<string, string> = {};
  for (const key of ['agentId', 'interactionId', 'sessionId', 'mode'] as const) {
    const value = (command as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string') target[key] = value;
  }
  return target;
}

/** Durations of an interaction at `now`, from its timestamps alone. */
export function interactionTimes(i: Interaction, now: number): InteractionTimes {
  const end = i.endedAt ?? now;
  const connected = i.connectedAt;
  const waitMs = Math.max(0, (connected ?? (i.state === 'queued' || i.state === 'offered' ? now : end)) - i.createdAt);
  const holdMs = (i.holdMs ?? 0) + (i.state === 'held' && i.heldAt !== undefined ? Math.max(0, now - i.heldAt) : 0);
  if (connected === undefined) return { waitMs, talkMs: 0, holdMs: 0, wrapUpMs: 0, handleMs: 0 };
  const talkEnd = i.wrapUpAt ?? end;
  const talkMs = Math.max(0, talkEnd - connected - holdMs);
  const wrapUpMs = i.wrapUpAt === undefined ? 0 : Math.max(0, end - i.wrapUpAt);
  return { waitMs, talkMs, holdMs, wrapUpMs, handleMs: talkMs + holdMs + wrapUpMs };
}
