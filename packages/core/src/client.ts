import { createNanoEvents } from 'nanoevents';
import type { Adapter, AdapterCapabilities, AdapterSink, AdapterStatus } from './adapter.js';
import type { AuditAction, AuditEntry, AuditOutcome } from './audit.js';
import { systemClock, type Clock, type TimerHandle } from './clock.js';
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
  CoachingSession,
  ColleagueCall,
  ConversationSummary,
  MonitoringEndReason,
  ConnectionStatus,
  HelpRequest,
  Interaction,
  InteractionState,
  MonitoringMode,
  MonitoringSession,
  SessionMode,
  PresenceDefinition,
  PresenceState,
  Queue,
  ReasonCode,
  RoutingActivity,
  Team,
} from './model/types.js';
import type { PolicyOptions, Session } from './policy/permissions.js';
import { Policy } from './policy/policy.js';
import type { RevealableField } from './policy/reveal.js';
import type { RevealContext } from './policy/reveal-field.js';
import { parts } from './internal/parts.js';
import { redactInteraction } from './policy/redact.js';
import { StepUpGate, type StepUpAction, type VerifyUser } from './step-up/step-up.js';
import { Store, type StoreChange, type StoreLimits } from './store/store.js';
import { dataOf, type InteractionRecord } from './store/interactions.js';
import { timesOf } from './store/times.js';
import { backoffDelay, DEFAULT_RECONNECT, tierOf, type ReconnectOptions } from './connection/backoff.js';
import type { ConnectionHint, HintSource } from './connection/hints.js';
import { STATES, type ConnectionState } from './connection/machine.js';
import { claimOwner, outboxPrefix, storableCommand, type IntentOutcome, type IntentSettled, type OutboxOptions, type StoredIntent } from './outbox/outbox.js';
import type * as Replay from './outbox/replay.js';
import { createIndexedDbStorage, type IntentStorage } from './outbox/storage.js';
import type { ActivitySource } from './activity/detector.js';
import { ActivityReporter, stopSource, type SharedActivity } from './activity/reporter.js';
import { conversationSummaries, owedReceipts, unreadIn } from './collaboration/chat.js';
import { LeaseRenewer } from './collaboration/leases.js';
import { AuditTrail, frozen, subjectOf } from './collaboration/audit-trail.js';
import { withPolicyValues } from './collaboration/policy-values.js';
import { policyTarget, type PolicyChanges, type PolicyField, type PolicyValues } from './policy/values.js';
import { DEV } from './internal/dev.js';

/** A change of connection status. */
export interface StatusChange {
  readonly previous: ConnectionStatus;
  readonly current: ConnectionStatus;
  readonly reason?: FloorwalkError;
  /** When the client itself will try again, in milliseconds from now. */
  readonly retryIn?: number;
}

/**
 * What the monitored agent's client is told. Fired for every start, mode change and end of a
 * monitoring session on this session's own agent, unless the tenant's policy turned notices off;
 * and when the platform reported monitoring of the agent that could not be read, and once the
 * platform's word replaced that report. Tell the kinds apart by `kind`.
 */
export type MonitoringNotice = MonitoringSessionNotice | UnreadableMonitoringNotice;

/** A monitoring session on this session's own agent started, changed mode or ended. */
export interface MonitoringSessionNotice {
  readonly kind: 'started' | 'mode-changed' | 'ended';
  readonly session: MonitoringSession;
  /** The mode before a change. */
  readonly previousMode?: SessionMode;
  /** Why it ended (`stopped`, `lease-expired`, `interaction-ended`), for `ended` where the platform says. */
  readonly reason?: MonitoringEndReason;
  /**
   * `true` when the client learnt it from a snapshot (its first after a page load, or the resync
   * after the link was down) rather than as it happened: it took place some time before. A
   * `started` notice then means "has been monitoring you since `session.startedAt`", not "started
   * now"; an `ended` one may carry the snapshot's time as `endedAt`.
   */
  readonly fromSnapshot?: true;
}

/**
 * A `monitoring` event about this session's own agent that failed validation (an unknown mode, a
 * missing start time): Floorwalk cannot say who monitors them or how, only that someone may. Of
 * the event only the ids are kept, and only where each is a non-empty string; nothing else in it
 * is trusted.
 */
export interface UnreadableMonitoring {
  /** The session's id as the platform sent it, where it is a non-empty string. */
  readonly sessionId?: string;
  /** The supervisor's user id as the platform sent it, where it is a non-empty string: unverified. */
  readonly supervisorId?: string;
  /** When this client received the report (its clock, epoch ms): the event's own time is unread too. */
  readonly receivedAt: number;
}

/**
 * Fail-open (docs/privacy.md): the platform reported monitoring of this session's own agent that
 * could not be read (the `MalformedEvent` error is reported as well), so the agent learns they
 * may be monitored; the client then asks for a snapshot. The report stays until the platform's
 * word replaces it, told by a second notice with `resolved: true`: a readable snapshot asked
 * after it, or a readable event of the same session id. A session the platform then shows
 * running is told by its own `started` notice. A snapshot that cannot be read, or one that never
 * comes, leaves the report in place.
 */
export interface UnreadableMonitoringNotice {
  readonly kind: 'unreadable';
  readonly report: UnreadableMonitoring;
  /** The platform's word replaced the report: it no longer says the agent may be monitored. */
  readonly resolved?: true;
}

/**
 * What a policy change means for the session's own agent, told at once: notices of monitoring
 * went off (or on again), their activity is now shared (or its terms changed), or no longer.
 */
export type AgentPolicyNotice = 'monitoring-notice-off' | 'monitoring-notice-on' | 'activity-signal-on' | 'activity-signal-off';

/** The tenant policy values in force changed (an admin's `set-policy`, or a resync that caught up with one). */
export interface PolicyChange {
  readonly previous: PolicyValues;
  readonly current: PolicyValues;
  /** The fields whose value changed. */
  readonly changed: readonly PolicyField[];
  /** The admin who changed them, when the platform says (a change caught up from a snapshot does not). */
  readonly changedBy?: string;
  /** When the platform made the change (epoch ms). */
  readonly at: number;
  /** What the session's own agent must be told; empty for sessions that are not an agent. */
  readonly agentNotices: readonly AgentPolicyNotice[];
}

/** Events a client emits, by name. */
export interface ClientEvents {
  /** The connection status changed. */
  status: (change: StatusChange) => void;
  /** Something went wrong that did not stop the client: a malformed event, an adapter error. */
  error: (error: FloorwalkError) => void;
  /** A monitoring session on this session's own agent started, changed mode or ended, or a report of one could not be read. */
  monitoring: (notice: MonitoringNotice) => void;
  /**
   * An audit entry was written: each of this client's own as it is written (kept in the bounded
   * log or not: a host shipping the trail ships it from here), and each of the platform's once,
   * when the log takes it (see `getAuditLog`).
   */
  audit: (entry: AuditEntry) => void;
  /**
   * The vendor rejected the credentials. The client does not retry blindly: it calls
   * {@link FloorwalkOptions.renewAuth} once if given, else it stays `failed` until the host
   * has renewed the credential its adapter uses and calls `connect()` again.
   */
  'auth-required': (error: FloorwalkError) => void;
  /**
   * A command reached its outcome, once per command: `confirmed`, `failed`, `cancelled`, or, with
   * the outbox on, `conflict` (also for intents restored from an earlier page). One that did not
   * go is also kept for listeners that come later: {@link Floorwalk.getFailedIntents}.
   */
  intent: (settled: IntentSettled) => void;
  /**
   * The agent's own client shared an activity bucket: exactly what left the device and when
   * (the tenant's activity signal must be on). Never counts or content.
   */
  'activity-shared': (shared: SharedActivity) => void;
  /** The tenant policy values in force changed; `getPolicy()` returns the new ones. */
  policy: (change: PolicyChange) => void;
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
  /**
   * Time source. Defaults to the adapter's clock if it has one, else the wall clock. Monitoring
   * lease renewals keep their pace in a hidden tab on a clock with `inOwnTask`, as the wall clock
   * has; on one without, they are throttled by the browser like any chained timer.
   */
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Memory bounds of the store. */
  readonly limits?: Partial<StoreLimits>;
  /**
   * Let the client re-open the link itself, with tiered backoff, when the adapter gives up
   * (reports `failed`), a connect or resync fails, or a liveness check goes unanswered.
   * Off by default: adapters then retry on their own and report `reconnecting` meanwhile.
   * With it on, `connect()` also keeps trying until live or a terminal failure.
   */
  readonly reconnect?: boolean | ReconnectOptions;
  /**
   * Asked once when the vendor rejects the credentials: renew them (the adapter reads them from
   * options the host controls) and resolve to reconnect, or reject to stay `failed`.
   */
  readonly renewAuth?: (error: FloorwalkError) => Promise<void>;
  /**
   * Platform hints (`online`, `offline`, page visible) that trigger a liveness check, or cut a
   * fast backoff short. A check that goes unanswered is a lost link: retried with `reconnect`,
   * `failed` without. Default: none; pass `browserHints()` in a browser.
   */
  readonly hints?: HintSource;
  /**
   * Keep every command as a durable intent (OUT-1): written before it is sent, replayed in order
   * after reconnects and page reloads, settled exactly once. `true` uses IndexedDB, or memory
   * where it is missing.
   */
  readonly outbox?: boolean | OutboxOptions;
  /**
   * How long one send of a command may wait for the adapter's answer, in milliseconds. Default
   * 30 s. An adapter's promise that never settles (a request with no timeout, a reply lost with
   * the link) would otherwise hold every later command: the attempt then counts as failed with a
   * retryable `NotConnected`, also reported as an `error` event, and the link is checked. With
   * the outbox on, the intent is sent again with the same key; without, the command rejects. An
   * answer after the limit is ignored; the vendor may still have applied the command. Monitoring
   * lease renewals, delivery receipts and activity reports have the same limit. Set it above
   * your platform's slowest answer, rate-limit waits included.
   */
  readonly commandTimeoutMs?: number;
  /**
   * The host's user verification for step-up (see `policy.stepUp`), e.g.
   * `createWebAuthnVerifier(...)`. Without it, actions the policy holds for step-up are refused
   * with `StepUpRequired`.
   */
  readonly verifyUser?: VerifyUser;
  /**
   * Where the agent's input activity is counted, e.g. `createActivityDetector()` in a browser.
   * Used only when the tenant's policy turns `activitySignal` on, and only for the session's own
   * agent; only coarse buckets are ever shared.
   */
  readonly activity?: ActivitySource;
}

/**
 * The options with the tests' own hook: kept off {@link FloorwalkOptions}, whose published type
 * would otherwise name a connection state that no entry exports.
 *
 * @internal
 */
export interface FloorwalkTestOptions extends FloorwalkOptions {
  /** Traces every internal state change of the connection machine. */
  readonly onTransition?: (from: ConnectionState, to: ConnectionState) => void;
}

/** Removes the listener it was returned for; calling it again does nothing. */
export type Unsubscribe = () => void;

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
  /**
   * Closes the link. Commands still waiting are rejected with `Cancelled`, but for those taken
   * over from an earlier page (a reload, a closed tab), which stay stored like the ones below. One whose send is out
   * may have been applied: it is rejected at once with a retryable `NotConnected`, or with the
   * outbox on, kept stored and its lock let go: exactly one client on the same storage and user
   * sends it again with the same key, this one at its next `connect()`, another client in the
   * page (a remount) or the next page. Its promise settles where this client is the one.
   */
  disconnect(): Promise<void>;
  /**
   * Calls `callback` on each `event` until the returned function is called. An event name the
   * client does not have, or a callback that is not a function, registers nothing and is
   * reported as an `InvalidArgument` error event.
   */
  on<K extends keyof ClientEvents>(event: K, callback: ClientEvents[K]): Unsubscribe;
  /** Called once per applied batch with the ids that changed. A listener that is not a function is refused as `on` refuses one. */
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
  /**
   * Monitoring sessions held: `supervisorId: client.session.userId` finds this session's own,
   * also those on an agent who has left its teams (no longer held, and so on no board's rows),
   * which run until stopped or ended by the platform.
   */
  getMonitoringSessions(filter?: { agentId?: string; supervisorId?: string; active?: boolean }): readonly MonitoringSession[];
  getHelpRequests(filter?: { agentId?: string; open?: boolean }): readonly HelpRequest[];
  getMessages(conversationId: string): readonly ChatMessage[];
  getCoachingNotes(agentId?: string): readonly CoachingNote[];
  getCheckIns(filter?: { agentId?: string }): readonly CheckIn[];
  getPresenceDefinitions(): readonly PresenceDefinition[];
  /**
   * The audit trail this session may read, oldest first: this client's own entries and the
   * platform's shared ones. Admins (`audit:read`) read everything; an agent the entries about
   * them; everyone their own actions. `agentId` narrows to entries about that agent.
   */
  getAuditLog(filter?: { agentId?: string }): readonly AuditEntry[];
  /**
   * Monitoring sessions, started and ended, newest first: an agent's own (who monitored them and
   * when), or for a supervisor those of an agent in scope, or of every agent held. Bounded by the
   * store's history limit.
   */
  getMonitoringHistory(agentId?: string): readonly MonitoringSession[];
  /**
   * Reports of monitoring on this session's own agent that could not be read and that the
   * platform has not yet replaced (see {@link UnreadableMonitoringNotice}), oldest first: while any
   * is listed, the agent may be monitored.
   */
  getUnreadableMonitoring(): readonly UnreadableMonitoring[];
  /** The conversations held, with their last message and unread count, newest first; the session's team channels are always listed. */
  getConversations(): readonly ConversationSummary[];
  /** Unread messages (from others, newer than this user's read marker) in one conversation, or in all. */
  getUnreadCount(conversationId?: string): number;
  /** Coaching sessions this session may see, by start time. */
  getCoachingSessions(filter?: { agentId?: string }): readonly CoachingSession[];
  /** Colleague calls this user is on or was on recently. */
  getColleagueCalls(filter?: { active?: boolean }): readonly ColleagueCall[];
  /** What this agent's client has shared about their activity, oldest first (empty when the signal is off). */
  getSharedActivity(): readonly SharedActivity[];
  /** Whether this session may run the command now: permission, scope and capability. */
  can(command: Command): boolean;
  /** The client's time now (epoch ms): the clock it was given, the adapter's, or the wall clock. */
  now(): number;
  /** The tenant policy values in force, frozen; a new object after every change (see the `policy` event). */
  getPolicy(): PolicyValues;
  /**
   * Changes tenant policy values on every client of the platform (admins; `policy:write`).
   * Audited as `policy.set` with the old and new values, and `policy.monitoring-notice-off` when
   * notices go off; held for step-up when the policy lists `set-policy`. Agents' clients are
   * told when notices go off or their activity is shared. `Unsupported` on adapters that cannot
   * carry it to the other clients.
   */
  setPolicy(changes: PolicyChanges): Promise<void>;

  setPresence(state: PresenceState, reason?: ReasonCode): Promise<void>;
  setAgentPresence(agentId: string, state: PresenceState, reason?: ReasonCode): Promise<void>;
  startMonitoring(agentId: string, interactionId: string, mode: MonitoringMode): Promise<void>;
  changeMonitoringMode(sessionId: string, mode: MonitoringMode): Promise<void>;
  stopMonitoring(sessionId: string): Promise<void>;
  raiseHand(reason: string, interactionId?: string): Promise<void>;
  acknowledgeHelp(requestId: string): Promise<void>;
  resolveHelp(requestId: string): Promise<void>;
  /**
   * Sends a chat message. Once the platform has taken it, `getMessages` holds it as `sent` until the
   * platform's copy (same `ChatMessage.key`) takes its place, or the resync after a gap in the link.
   */
  sendMessage(conversationId: string, body: string): Promise<void>;
  /** Writes a coaching note; `private` keeps it from the agent where the policy allows private notes. */
  addCoachingNote(agentId: string, body: string, interactionId?: string, options?: { private?: boolean }): Promise<void>;
  /** Proposes a check-in; rejects with `NoticeTooShort` when it gives less than the policy's `checkInNoticeMs`. */
  proposeCheckIn(agentId: string, scheduledFor: number, topic?: string): Promise<void>;
  answerCheckIn(checkInId: string, answer: 'accepted' | 'declined'): Promise<void>;
  /** The agent proposes another time for a check-in. */
  counterCheckIn(checkInId: string, scheduledFor: number): Promise<void>;
  /** The supervisor accepts or refuses the agent's counter-proposal. */
  respondToCheckInCounter(checkInId: string, accept: boolean): Promise<void>;
  /** The supervisor starts an accepted check-in inside its window (`OutsideWindow` otherwise); the agent must confirm. */
  startCheckIn(checkInId: string): Promise<void>;
  /** The agent confirms a started check-in, which then goes live. */
  confirmCheckIn(checkInId: string): Promise<void>;
  /** Either side ends a starting or live check-in. */
  endCheckIn(checkInId: string): Promise<void>;
  /** Either side cancels a check-in that has not started. */
  cancelCheckIn(checkInId: string): Promise<void>;
  /** Marks a conversation read up to its newest message held. */
  markRead(conversationId: string): Promise<void>;
  /**
   * Starts whisper on a help request's interaction, acknowledging the request first when it is
   * still open. Rejects with `InvalidArgument` when the request names no interaction.
   */
  whisperOnHelp(requestId: string): Promise<void>;
  /** Schedules a coaching session with an agent; the agent and the attendees see it. */
  scheduleCoachingSession(agentId: string, topic: string, at: number, durationMs: number, attendeeIds?: readonly string[]): Promise<void>;
  /**
   * Moves a scheduled coaching session to `at` (in the future), and to `durationMs` when given:
   * its organiser, or `coaching:manage:team` over the agent's team (supervisors by default).
   * Rejects with `Conflict` once it is done or cancelled. Everyone on it sees the new time.
   */
  rescheduleCoachingSession(sessionId: string, at: number, durationMs?: number): Promise<void>;
  /**
   * Cancels a scheduled coaching session: its organiser, `coaching:manage:team` over the agent's
   * team (supervisors by default), or the agent it is about (declining it). Rejects with
   * `Conflict` once it is done or cancelled. Everyone on it sees it cancelled.
   */
  cancelCoachingSession(sessionId: string): Promise<void>;
  /** Starts a 1:1 (one id) or team call; `Unsupported` where the platform has no internal calls. */
  startColleagueCall(participantIds: readonly string[]): Promise<void>;
  /** Leaves (for a 1:1, ends) a colleague call. */
  endColleagueCall(callId: string): Promise<void>;
  /** Issues any command object; the named methods above are shorthands for it. */
  execute(command: Command): Promise<void>;
  /**
   * Reveals one masked customer field of an interaction this session holds, to this caller only:
   * the value is returned, never stored or broadcast. Needs `customer:reveal` and an adapter that
   * can supply clear values; audited as `customer.reveal`, and held for step-up when the policy
   * lists `reveal-customer-field`. Card-like numbers in a revealed subject stay redacted.
   */
  revealCustomerField(interactionId: string, field: RevealableField): Promise<string | undefined>;
  /** Intents not yet settled, oldest first (with the outbox on, also those of a previous page). */
  getPendingIntents(): readonly StoredIntent[];
  /**
   * Intents that did not go (`failed`, `conflict`, `cancelled`), oldest first, as their `intent`
   * events reported them: this page's own, of every command type and with or without the outbox,
   * and those of an earlier page (a reload) that this one restored. The event, and the rejection
   * of the command's promise, reach only whoever was there at the time; a view that comes later
   * (a chat panel opened after the failure, or after the one that sent it was closed) reads them
   * here, so the person is still told the message was not sent. Kept until
   * {@link Floorwalk.dismissIntent} or the client goes; the newest 50 at most. A command refused
   * before it became an intent (invalid, not permitted, not connected, queue full) only rejects.
   */
  getFailedIntents(): readonly IntentSettled[];
  /**
   * Drops one intent from `getFailedIntents()`: the person retried it (as a new command) or
   * discarded it, or the host has told them of it and wants no later view to again. One still in
   * `getPendingIntents()` that was never sent (queued while the link was down) is withdrawn: it
   * settles as `cancelled` (its promise rejects with `Cancelled`), leaves the outbox and never
   * goes, here or after a reload. Returns whether it withdrew one: an intent already sent may
   * have been applied, so it is left to settle. One restored from an earlier page (a reload) may
   * have been sent by that page and landed unanswered: a hand it raised is lowered
   * (`resolve-help`, an intent of its own) when the platform's copy arrives carrying its key
   * (`HelpRequest.key`, which the backplane keeps).
   */
  dismissIntent(key: string): boolean;
  /**
   * Checks that the link still answers (the adapter's `ping`, else a snapshot, which also
   * reconciles). Resolves true when it does; a failed check is handled like a lost link.
   */
  checkConnection(): Promise<boolean>;
  /**
   * Cuts the client's own fast backoff short and re-opens the link now: a user's "Retry now".
   * Returns false, doing nothing, in any other state: while the platform asked to slow down
   * (429, Retry-After) the wait is kept, and after `failed` only `connect()` starts again.
   */
  retryNow(): boolean;
}

/** A command on its way: issued here, or restored from an earlier page. @internal */
export interface Pending {
  readonly envelope: CommandEnvelope;
  readonly resolve: () => void;
  readonly reject: (error: FloorwalkError) => void;
  readonly seq: number;
  /** Number of live periods (`successes`) when issued: a later one means it waited through a resync. */
  readonly epoch: number;
  /** The outbox write, awaited before sending. */
  readonly written: Promise<void>;
  /** Issued by an earlier page and restored from storage. */
  readonly restored: boolean;
  /** Left stored by a disconnect(): sent again only once its lock is claimed again (Replay.restore). */
  kept?: boolean;
  attempts: number;
  /** The send still out, on the link (`generation`) it went out on. */
  out?: Promise<void> | undefined;
  outOn?: number;
}

const AUDIT_LIMIT = 1000;
/** Resolved unreadable-monitoring session ids kept so that one sent again is not asked for again. */
const ASKED_KEPT = 256;
const kindOf = (v: unknown): string => (v === null ? 'null' : typeof v);
/** The names `on` takes, checked at run time: a misspelt name would otherwise never be called. */
const CLIENT_EVENTS: ReadonlySet<string> = new Set<keyof ClientEvents>(['status', 'error', 'monitoring', 'audit', 'auth-required', 'intent', 'activity-shared', 'policy']);
const MONITORING_COMMANDS: Partial<Record<CommandType, AuditAction>> = {
  'start-monitoring': 'monitoring.start',
  'change-monitoring-mode': 'monitoring.change-mode',
  'stop-monitoring': 'monitoring.stop',
  'propose-check-in': 'check-in.propose',
  'answer-check-in': 'check-in.answer',
  'counter-check-in': 'check-in.counter',
  'respond-check-in-counter': 'check-in.respond',
  'start-check-in': 'check-in.start',
  'confirm-check-in': 'check-in.confirm',
  'end-check-in': 'check-in.end',
  'cancel-check-in': 'check-in.cancel',
  'set-policy': 'policy.set',
  // What is recorded about an agent is itself recorded (a private note's entry stays with its author).
  'add-coaching-note': 'coaching.note',
  'schedule-coaching-session': 'coaching.schedule',
  'reschedule-coaching-session': 'coaching.reschedule',
  'cancel-coaching-session': 'coaching.cancel',
};
/** Sent straight to the adapter when live, never queued or stored: they are worthless late. */
const DIRECT_COMMANDS: ReadonlySet<CommandType> = new Set(['renew-monitoring', 'mark-delivered', 'report-activity']);
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
  // Called from JavaScript without options, the checks below say what is missing.
  const { adapter, session } = options ?? ({} as Partial<FloorwalkOptions>);
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
  const ms = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  const commandTimeoutMs = options.commandTimeoutMs ?? 30_000;
  if (!(ms(commandTimeoutMs) && commandTimeoutMs > 0)) throw new FloorwalkError(ErrorCode.InvalidArgument, 'createFloorwalk: options.commandTimeoutMs must be a positive number of milliseconds.');
  // `true` turns a part on with its defaults; anything but an object or true leaves it off.
  const part = <T extends object>(value: boolean | T | undefined): T | null => (value === true ? ({} as T) : typeof value === 'object' && value !== null ? value : null);
  const retry = part(options.reconnect);
  if (retry !== null) {
    const { delays, slowDelays, jitter, livenessTimeoutMs, snapshotTimeoutMs } = retry;
    for (const list of [delays, slowDelays]) {
      // An empty list has no delay to repeat: it would retry at 0 ms, a loop against the vendor.
      if (list !== undefined && !(Array.isArray(list) && list.length && list.every(ms))) {
        throw new FloorwalkError(ErrorCode.InvalidArgument, 'createFloorwalk: options.reconnect delays must be non-empty lists of milliseconds.');
      }
    }
    if ((jitter !== undefined && !(ms(jitter) && jitter <= 1)) || (livenessTimeoutMs !== undefined && !ms(livenessTimeoutMs)) || (snapshotTimeoutMs !== undefined && !ms(snapshotTimeoutMs))) {
      throw new FloorwalkError(ErrorCode.InvalidArgument, 'createFloorwalk: options.reconnect jitter must be 0–1, its timeouts milliseconds.');
    }
  }
  if (DEV) {
    // A misspelt option (`polcy`) is otherwise ignored without a word: TypeScript catches it in
    // an object literal, but not from JavaScript or in an object spread in. The `satisfies`
    // keeps this list and FloorwalkOptions in step.
    const known = {
      adapter: true, session: true, policy: true, clock: true, logger: true, limits: true, reconnect: true, renewAuth: true,
      hints: true, outbox: true, commandTimeoutMs: true, verifyUser: true, activity: true, onTransition: true,
    } satisfies Record<keyof FloorwalkTestOptions, true>;
    const unknown = Object.keys(options).filter((key) => !Object.hasOwn(known, key));
    if (unknown.length > 0) {
      console.warn(`Floorwalk (development build): createFloorwalk ignores the unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}. Known options: ${Object.keys(known).join(', ')}.`);
    }
  }
  const clock = options.clock ?? adapter.clock ?? systemClock;
  // Else the first command would throw a TypeError from clock.now(), far from its cause.
  if (typeof clock.now !== 'function' || typeof clock.setTimeout !== 'function') {
    throw new FloorwalkError(ErrorCode.InvalidArgument, 'createFloorwalk: options.clock must be a Clock.');
  }
  // The host's logger must never stop what it logs (an error event, a status change, a
  // command): a throw from it, or a missing method, is dropped.
  const log = (level: keyof Logger, ...args: [string, unknown?]): void => {
    try {
      options.logger?.[level](...args);
    } catch {}
  };
  const store = new Store(options.limits);
  const policy = new Policy(session, options.policy ?? {}, store, () => clock.now());
  const stepUp = new StepUpGate(options.policy?.stepUp, options.verifyUser, () => clock.now());
  const emitter = createNanoEvents<ClientEvents>();
  const listeners = new Set<ChangeListener>();
  const audit = new AuditTrail(AUDIT_LIMIT);
  /** Commands waiting to be sent, in issue order (intents restored from an earlier page first). */
  let queue: Pending[] = [];
  let state: ConnectionState = '@idle.initial';
  let status: ConnectionStatus = 'idle';
  /** Bumped on every new link and on disconnect, so late completions of an older attempt are ignored. */
  let generation = 0;
  let notifyScheduled = false;
  let cmdSeq = 0;
  let auditSeq = 0;
  let agentsCache: readonly Agent[] | null = null;
  /** Times the client went live; a pending command issued in an earlier period waited through a resync. */
  let successes = 0;
  /** Retries since the last success: the backoff position, reset on success (CONN-4a). */
  let attempt = 0;
  /** `renewAuth` was asked since the last success: a second auth failure is terminal (CONN-5). */
  let authAsked = false;
  /** Between `connect()` and its first `live`: retries show as `connecting`, not `reconnecting`. */
  let firstLink = false;
  /**
   * The link's last report while its snapshot loaded (after connect() resolved): a gap then leaves
   * the snapshot stale, and `live` is not ours to declare until the adapter is back.
   */
  let lapse: [AdapterStatus, FloorwalkError | undefined] | undefined;
  let retryTimer: TimerHandle | undefined;
  let backoffTier: 'fast' | 'slow' = 'fast';
  let unhint: (() => void) | null = null;
  let waiters: { resolve: () => void; reject: (error: FloorwalkError) => void }[] = [];
  const outboxOptions = part(options.outbox);
  const storage: IntentStorage | null = outboxOptions === null ? null : (outboxOptions.storage ?? createIndexedDbStorage());
  const maxAttempts = Math.max(1, outboxOptions?.maxAttempts ?? 5);
  // A host that loops a command while offline would grow memory and storage without end.
  const maxQueued = Math.max(1, Number(outboxOptions?.maxQueued) || 500);
  const prefix = outboxPrefix(adapter.id, session.userId);
  /** Intents of an earlier page are read back once, before the first command goes out. */
  let restoreNeeded = storage !== null;
  const known = new Map<string, Pending>();
  const settledKeys = new Set<string>();
  /** Raises restored from an earlier page and withdrawn, here or by a page before: see Replay.lowerLanded. */
  const lowered = new Map<string, number>();
  /** Intents that did not go, for views that come after their event (getFailedIntents). */
  const unsent = new Map<string, IntentSettled>();
  /** This connection's id in storage; its lock is held until disconnect(), so no other client replays its intents meanwhile. */
  let owner = '';
  /** Resolved by disconnect(): the locks held for this connection go then, its own and the closed pages' it claimed. */
  let letGo = (): void => {};
  let claims!: Promise<void>;
  // A new owner per connection: what one left stored is then a closed page's to the next client
  // that looks (another in this page, a remount, or this one connected again), never two at once.
  const hold = (): void => {
    letGo();
    claims = new Promise<void>((resolve) => (letGo = resolve));
    if (storage !== null) void claimOwner((owner = newId()), claims);
  };
  hold();
  /** The storage's last `failure` reported. */
  let lost: unknown;

  const safeEmit = <K extends keyof ClientEvents>(event: K, ...args: Parameters<ClientEvents[K]>): void => {
    const callbacks = emitter.events[event] ?? [];
    for (const callback of [...callbacks]) {
      // One unbound by an earlier listener of this emit is not called: its host view may be gone.
      if (!(emitter.events[event] as unknown[] | undefined)?.includes(callback)) continue;
      try {
        (callback as (...a: Parameters<ClientEvents[K]>) => void)(...args);
      } catch (err) {
        log('error', `floorwalk: a "${event}" listener threw`, err);
        if (event !== 'error') safeEmit('error', toFloorwalkError(err, ErrorCode.ListenerFailed, `A "${event}" listener threw`));
      }
    }
  };

  const reportError = (error: FloorwalkError): void => {
    log('warn', `floorwalk: ${error.message}`);
    safeEmit('error', error);
  };

  /** A listener that cannot be called is reported as an `error` event and never registered. */
  const refuseListener = (message: string): Unsubscribe => {
    reportError(new FloorwalkError(ErrorCode.InvalidArgument, message));
    return () => {};
  };

  const clearRetry = (): void => {
    if (retryTimer !== undefined) clock.clearTimeout(retryTimer);
    retryTimer = undefined;
  };

  /** Settles an intent exactly once: resolves or rejects its caller, forgets it in storage, tells listeners. */
  const settle = (p: Pending, outcome: IntentOutcome, error?: FloorwalkError): void => {
    const key = p.envelope.key;
    // Not one handed over to another client at disconnect() (see Replay.restore): that one settles it.
    if (known.get(key) !== p) return;
    settledKeys.add(key);
    if (settledKeys.size > 10_000) settledKeys.delete(settledKeys.values().next().value as string);
    known.delete(key);
    if (storage !== null) {
      void p.written.then(() => storage.del(prefix + key)).catch((err: unknown) => reportError(toFloorwalkError(err, ErrorCode.StorageFailed, 'The outbox could not forget a settled command; a reload may send it again')));
    }
    const settled: IntentSettled = { key, command: p.envelope, outcome, restored: p.restored, ...(error !== undefined && { error }) };
    if (error !== undefined && unsent.set(key, settled).size > 50) unsent.delete(unsent.keys().next().value as string);
    safeEmit('intent', settled);
    if (outcome === 'confirmed') p.resolve();
    else p.reject(error as FloorwalkError);
  };

  /**
   * How a command is audited, if it is: a presence set for someone else is (a supervisor sending
   * an agent on a break), one's own is not (an agent's day of them would crowd the bounded trail).
   */
  const auditedAs = (command: Command): AuditAction | undefined =>
    MONITORING_COMMANDS[command.type] ?? (command.type === 'set-presence' && command.agentId !== selfAgentId() ? 'presence.set' : undefined);

  /**
   * Runs the policy's check, and puts a refusal on the record: permissions and scope, "unknown"
   * ones included (another team's agents and records are never held, so an attempt on them is
   * refused as unknown), and any refusal of an audited command.
   */
  const authorise = (command: Command): void => {
    try {
      policy.authorise(command);
    } catch (err) {
      denied(command, err);
      throw err;
    }
  };
  const denied = (command: Command, err: unknown): void => {
    const code = isFloorwalkError(err) ? err.code : 0;
    // 1001-1003 (UnknownAgent, UnknownInteraction, UnknownEntity), 2000-2001 (Forbidden, OutOfScope).
    if (code && (auditedAs(command) || (code > 1000 && code < 2002 && code % 1000 < 4))) {
      writeAudit('command.denied', 'denied', { command: command.type, ...targetOf(command) }, undefined, (err as FloorwalkError).message);
    }
  };

  /** Settles an intent that did not go through: every audited `requested` gets its outcome, including "never sent". */
  const refuse = (p: Pending, outcome: IntentOutcome, error: FloorwalkError): void => {
    const action = auditedAs(p.envelope);
    if (action !== undefined) writeAudit(action, 'failed', targetOf(p.envelope), p.envelope.key, error.message);
    settle(p, outcome, error);
  };

  /** Puts a command back in issue order. */
  const requeue = (p: Pending): void => {
    // Once: a send cut off at disconnect() comes back here, and so may its claim at the next connect.
    if (queue.includes(p)) return;
    let i = queue.length;
    while (i > 0 && (queue[i - 1] as Pending).seq > p.seq) i--;
    queue.splice(i, 0, p);
  };

  /**
   * Moves the machine (CONN-1). The public status is the row's; entering a state that sends
   * flushes the queue, entering a terminal state or idle settles what waited.
   */
  const go = (next: ConnectionState, reason?: FloorwalkError, retryIn?: number): void => {
    const from = state;
    if (from === next) return;
    // Checked against TRANSITIONS by the tests (onTransition), not by every shipped client.
    state = next;
    (options as FloorwalkTestOptions).onTransition?.(from, next);
    log('debug', `floorwalk: ${from} -> ${next}`);
    const row = STATES[next];
    if (row.retry === null) clearRetry();
    const previous = status;
    status = row.status;
    if (previous !== status || retryIn !== undefined) {
      safeEmit('status', { previous, current: status, ...(reason !== undefined && { reason }), ...(retryIn !== undefined && { retryIn }) });
    }
    leases.sync(row.sends);
    if (row.sends) reporter?.start();
    else if (row.terminal || next === '@idle.initial') reporter?.stop();
    const idle = next === '@idle.initial';
    if (!row.sends && !row.terminal && !idle) return;
    // connect() resolves at live; a terminal state rejects it with its reason, disconnect() with Cancelled.
    const ready = waiters;
    waiters = [];
    for (const w of ready) row.sends ? w.resolve() : w.reject((!idle && reason) || new FloorwalkError(ErrorCode.Cancelled, 'The client was disconnected before it was live.'));
    if (row.sends) {
      // After every gap, look again for intents a closed tab left behind (OUT-5).
      if (storage !== null && !STATES[from].sends) restoreNeeded = true;
      void drain();
      return;
    }
    // With an outbox, intents outlive a failure: they stay stored for the next connect().
    if (storage !== null && !idle) return;
    const error = new FloorwalkError(
      idle ? ErrorCode.Cancelled : ErrorCode.NotConnected,
      `${idle ? 'The client was disconnected' : 'The connection failed'} before the command was sent.`,
      { cause: reason },
    );
    const dropped = queue;
    queue = [];
    // Kept at disconnect() (see there): stored, not cancelled.
    for (const p of dropped) if (!p.kept) refuse(p, idle ? 'cancelled' : 'failed', error);
  };

  /** The last refusal the log kept, and when: see writeAudit. */
  let lastDenial: string | false = false;
  let lastDeniedAt = 0;
  const writeAudit = (action: AuditAction, outcome: AuditOutcome, target: Record<string, string>, commandKey?: string, reason?: string): void => {
    const subject = subjectOf(target, store);
    const entry: AuditEntry = {
      id: `${session.userId}:audit:${++auditSeq}`,
      at: clock.now(),
      actor: session.userId,
      action,
      outcome,
      target,
      ...(subject !== undefined && { subject }),
      ...(commandKey !== undefined && { commandKey }),
      ...(reason !== undefined && { reason }),
    };
    // The same refusal again within a minute (a host retrying in a loop, on every store change
    // say) is told to listeners, which ship the trail, but kept once: a loop would otherwise push
    // every real entry out of the bounded log.
    const denial = action === 'command.denied' && JSON.stringify([target, reason]);
    const again = denial && denial === lastDenial && entry.at - lastDeniedAt < 60_000;
    if (denial && !again) {
      lastDenial = denial;
      lastDeniedAt = entry.at;
    }
    // Frozen as the log's are, kept or not: a listener cannot rewrite what the next one ships.
    safeEmit('audit', (!again && audit.add(entry, true)) || frozen(entry));
  };

  const notify = (): void => {
    notifyScheduled = false;
    if (!store.hasChanges) return;
    const change = store.takeChange();
    for (const listener of [...listeners]) {
      if (!listeners.has(listener)) continue;
      try {
        listener(change);
      } catch (err) {
        reportError(toFloorwalkError(err, ErrorCode.ListenerFailed, 'A change listener threw'));
      }
    }
  };

  const malformed = (raw: unknown, problem: string): FloorwalkError => {
    let eventId: unknown;
    try {
      eventId = (raw as { id?: unknown } | null)?.id;
    } catch {
      eventId = undefined;
    }
    return new FloorwalkError(ErrorCode.MalformedEvent, `Adapter ${adapter.id} sent a malformed event: ${problem}.`, {
      details: { eventId: typeof eventId === 'string' ? eventId.slice(0, 200) : undefined, problem },
    });
  };

  /**
   * Unread reports of monitoring on the own agent (fail open, docs/privacy.md), by session id (''
   * for one without), each with the number of snapshots asked before it: only one asked after it
   * can say it is not running.
   */
  const unread = new Map<string, [UnreadableMonitoring, number]>();
  /**
   * Session ids a snapshot was asked for: a platform that keeps sending one unreadable is asked once.
   * Resolved ids beyond the newest ASKED_KEPT are forgotten, oldest first, so a platform that keeps
   * sending fresh ids cannot grow it forever; ids still unread are never forgotten, as `askUnread`
   * would ask for them again on every batch.
   */
  const askedFor = new Set<string>();
  let asks = 0;

  /** Tells the agent of a `monitoring` event about them that failed validation, or of their sessions in a snapshot that did. */
  const unreadable = (raw: unknown, notices: MonitoringNotice[]): void => {
    let list: unknown;
    try {
      const { type, session: one, monitoring } = raw as { type?: unknown; session?: unknown; monitoring?: unknown };
      // A snapshot is dropped whole: its sessions on the agent, readable or not, are told of nowhere else.
      list = type === 'monitoring' ? [one] : type === 'snapshot' && monitoring;
    } catch {
      return;
    }
    if (Array.isArray(list)) for (const s of list) unreadOne(s, notices);
  };
  const unreadOne = (session: unknown, notices: MonitoringNotice[]): void => {
    let s: { agentId?: unknown; id?: unknown; supervisorId?: unknown };
    let id: unknown;
    let supervisorId: unknown;
    try {
      // Each field is read once: a getter may answer differently the second time. A session that
      // is no object has no agent to read.
      s = (session as typeof s) || {};
      const agentId = s.agentId;
      // Another agent's (a supervisor's view) is dropped as before; so is one the policy hides.
      if (!agentId || agentId !== policy.agentId || !policy.monitoringNotice) return;
      id = s.id;
      supervisorId = s.supervisorId;
    } catch {
      // Whose it is cannot be told: the error was reported.
      return;
    }
    const key = typeof id === 'string' ? id : '';
    const held = unread.get(key);
    // Sent again: only a snapshot asked after this copy may answer it (no second notice, nor resync).
    if (held) held[1] = asks;
    else {
      const report: UnreadableMonitoring = { ...(key && { sessionId: key }), ...(typeof supervisorId === 'string' && supervisorId && { supervisorId }), receivedAt: clock.now() };
      unread.set(key, [report, asks]);
      notices.push({ kind: 'unreadable', report });
    }
  };

  /** Replaces an unread report with the platform's word. */
  const resolveUnread = (key: string, notices: MonitoringNotice[]): void => {
    const held = unread.get(key);
    if (held && unread.delete(key)) notices.push({ kind: 'unreadable', report: held[0], resolved: true });
  };

  /** Asks for a snapshot once per unread report, while live (a link still loading asks once it is). */
  const askUnread = (): void => {
    for (const key of unread.keys()) {
      if (STATES[state].sends && !askedFor.has(key)) {
        askedFor.add(key);
        resyncSoon();
      }
    }
    if (askedFor.size > ASKED_KEPT + unread.size) {
      for (const key of askedFor) {
        if (askedFor.size <= ASKED_KEPT + unread.size) break;
        if (!unread.has(key)) askedFor.delete(key);
      }
    }
  };

  /** The own agent's active monitoring sessions, before a snapshot replaces them. */
  const ownMonitoring = (): Map<string, MonitoringSession> => {
    const out = new Map<string, MonitoringSession>();
    for (const s of store.monitoring.values()) if (s.agentId === policy.agentId && s.endedAt === undefined) out.set(s.id, s);
    return out;
  };

  /**
   * Validates, filters and applies one batch; subscribers hear once, on the next microtask.
   * `asked`: a snapshot the client asked for, applied even if its id was seen (CONN-6).
   */
  const ingest = (batch: readonly FloorwalkEvent[], asked?: number): void => {
    const notices: MonitoringNotice[] = [];
    let shared: AuditEntry[] | undefined;
    let receipts: Map<string, string[]> | undefined;
    let policyChanges: PolicyChange[] | undefined;
    // An agent may have left the scope: what was seen only through it goes too, after the batch.
    let lost = false;
    // An agent came into the scope (moved or lent to its teams): what was filtered out while they
    // were elsewhere (a live call, others' monitoring, open help) only a snapshot has (SCOPE-2).
    let joined = false;
    for (let i = 0; i < batch.length; i++) {
      const raw = batch[i] as FloorwalkEvent;
      try {
        const problem = checkEvent(raw);
        if (problem !== null) {
          reportError(malformed(raw, problem));
          unreadable(raw, notices);
          continue;
        }
        if (raw.type === 'policy' || (raw.type === 'snapshot' && raw.policy !== undefined)) {
          // Applied before what follows is filtered: the rest of the batch was sent under it.
          const change = applyPolicy(raw.type === 'policy' ? raw.changes : (raw.policy as PolicyChanges), raw.type === 'policy' ? raw.changedBy : undefined, raw.at);
          if (change !== null) (policyChanges ??= []).push(change);
          if (raw.type === 'policy') continue;
        }
        if (raw.type === 'interaction') {
          // Most of a busy floor's traffic: kept apart so no filtered copy of the event is built.
          const held = store.interactionRecord(raw.interaction.id);
          const clear = policy.interactionInClear(raw.interaction, undefined, held);
          if (clear === null) store.forgetInteraction(raw.interaction.id, held, raw.at);
          else store.applyInteraction(raw, clear ? redactInteraction(raw.interaction) : raw.interaction, !clear, held ?? null);
          continue;
        }
        // A snapshot's interactions are masked by the store as it takes them in, like deltas.
        let masks: readonly boolean[] | undefined;
        let event: FloorwalkEvent | null;
        // The agent's own record too: a team they left takes its colleagues and chat with it (Policy.teamVisible).
        if (raw.type === 'snapshot' || raw.type === 'agent-removed' || (raw.type === 'agent' && raw.agent.id === policy.agentId)) lost = true;
        if (raw.type === 'snapshot') {
          const filtered = policy.filterSnapshotForStore(raw);
          event = filtered.snapshot;
          masks = filtered.masks;
        } else event = policy.filter(raw);
        if (event === null) {
          // Lost visibility (an agent moved to a team outside scope; for interactions, a transfer): forget
          // what the session held rather than keep a stale copy.
          if (raw.type === 'agent') {
            store.forgetAgent(raw.agent.id);
            lost = true;
          }
          continue;
        }
        // Not for an agent's own client: what it may see of a colleague, no delta left out.
        if (event.type === 'agent' && !store.agents.has(event.agent.id) && policy.has('interaction:read:team')) joined = true;
        if (event.type === 'audit') {
          const kept = audit.add(event.entry);
          if (kept) (shared ??= []).push(kept);
          continue;
        }
        if (event.type === 'chat-message') {
          // The platform's copy of a message this page sent: the send is done, though its answer
          // was lost or is still to come, so no view shows it as Sending beside it.
          const mine = known.get(event.message.key as string);
          if (mine?.envelope.type === 'send-message') settle(mine, 'confirmed');
          // A copy redelivered under a new event id (after a reconnect) owes no second receipt.
          const owed = owedReceipts(store, event.message, session.userId);
          if (store.apply(event) && owed) {
            const list = receipts?.get(event.message.conversationId) ?? [];
            list.push(event.message.id);
            (receipts ??= new Map()).set(event.message.conversationId, list);
          }
          continue;
        }
        if (event.type === 'monitoring' && event.session.agentId === policy.agentId) {
          const before = store.monitoring.get(event.session.id);
          const applied = store.apply(event);
          // A readable report of the session replaces the unread one, even when the store keeps
          // its newer copy instead: that copy is the platform's word.
          resolveUnread(event.session.id, notices);
          if (applied) {
            const notice = noticeFor(before, event.session);
            if (notice !== null) notices.push(notice);
          }
          continue;
        }
        if (event.type === 'snapshot' && policy.agentId !== undefined) {
          // Reconcile (CONN-6): monitoring that started, changed or ended while away is told to the
          // monitored agent as if it had been seen live.
          const before = ownMonitoring();
          if (!store.apply(event, undefined, masks, !!asked)) continue;
          const after = ownMonitoring();
          // Only a snapshot asked after a report answers it; while notices are off the policy
          // keeps the agent's sessions out of every snapshot, which then says nothing of them.
          if (policy.monitoringNotice) for (const [key, [, ask]] of unread) if (ask < (asked as number)) resolveUnread(key, notices);
          // Left out of the snapshot, it ended while away: the store keeps it as ended (history).
          for (const [id, s] of before) if (!after.has(id)) notices.push(noticeFor(s, store.monitoring.get(id) ?? { ...s, endedAt: event.at }, true) as MonitoringNotice);
          for (const [id, s] of after) {
            const notice = noticeFor(before.get(id), s, true);
            if (notice !== null) notices.push(notice);
          }
          continue;
        }
        store.apply(event, undefined, masks, !!asked);
      } catch (err) {
        // A hostile object (a throwing getter, a revoked proxy, one valid only on its first read)
        // is malformed too, never our crash: the batch goes on, and what it changed is told below.
        reportError(malformed(raw, `reading it threw (${err instanceof Error ? err.name : typeof err})`));
      }
    }
    if (lost) {
      // An agent's own record may have moved teams: colleagues it shares none with now go, and a
      // team it came into is fetched (Policy.teamVisible).
      if (session.role === 'agent') {
        for (const a of store.agents.values()) if (!policy.agentVisible(a)) store.forgetAgent(a.id);
        if (policy.widened()) joined = true;
      }
      store.forgetAbout((e) => policy.filter(e) !== null);
    }
    if (joined) resyncSoon();
    askUnread();
    if (lowered.size) (replay as typeof Replay).lowerLanded(outbox);
    if (store.hasChanges) {
      agentsCache = null;
      if (!notifyScheduled) {
        notifyScheduled = true;
        queueMicrotask(notify);
      }
    }
    if (policyChanges !== undefined) {
      for (const change of policyChanges) safeEmit('policy', change);
      if (STATES[state].sends) reporter?.start();
    }
    for (const notice of notices) safeEmit('monitoring', notice);
    if (shared !== undefined) for (const entry of shared) safeEmit('audit', entry);
    if (receipts !== undefined) for (const [conversationId, messageIds] of receipts) quietly({ type: 'mark-delivered', conversationId, messageIds });
    leases.sync(STATES[state].sends);
  };

  /**
   * The answer from `start`, or `late()`'s error once `ms` passed without one: a vendor call on a
   * dead link may never answer (CONN-4, CONN-7, CMD-1), and an answer after that is ignored. A
   * synchronous throw, or a value that is no promise, is an answer too.
   */
  const within = <T>(start: () => T | PromiseLike<T>, ms?: number, late?: () => FloorwalkError): Promise<T> => {
    let answer: Promise<T>;
    try {
      // Promise.resolve passes a promise through as it is: no extra turns before it settles.
      answer = Promise.resolve(start());
    } catch (err) {
      answer = Promise.reject(err);
    }
    if (ms === undefined) return answer;
    let timer: TimerHandle | undefined;
    // Cleared as the answer comes, before anything else hears of it: a late() never follows an answer.
    return Promise.race([answer.finally(() => clock.clearTimeout(timer as TimerHandle)), new Promise<never>((_, reject) => (timer = clock.setTimeout(() => reject((late as () => FloorwalkError)()), ms)))]);
  };

  /** Applies a fresh snapshot and goes live, unless a later link or disconnect superseded it. */
  const loadSnapshot = async (gen: number): Promise<void> => {
    // A snapshot that never comes (a REST call on a dead link) is a failed link, when the client retries (CONN-4).
    const ms = retry?.snapshotTimeoutMs ?? DEFAULT_RECONNECT.snapshotTimeoutMs;
    const ask = ++asks;
    const snapshot = await within(() => adapter.snapshot(), retry === null ? undefined : ms, () => new FloorwalkError(ErrorCode.NotConnected, `Adapter ${adapter.id} gave no snapshot within ${ms} ms.`));
    if (gen !== generation) return;
    // After a gap: a copy of one's own message lost in it would otherwise be shown for good. The
    // backplane replays the conversations, so a message the platform took comes back as its copy.
    if (!STATES[state].sends) store.dropSentCopies();
    ingest([snapshot], ask);
    if (state !== '@connecting.busy' && state !== '@retry.busy' && state !== '@sync.busy') return;
    const gap = lapse;
    lapse = undefined;
    // Back already: what it missed in the gap may be missing from this snapshot too.
    if (gap?.[0] === 'live') return loadSnapshot(gen);
    if (gap !== undefined) return go(gap[0] === 'offline' ? '@link.offline' : '@link.reconnecting', gap[1]);
    successes++;
    attempt = 0;
    authAsked = false;
    firstLink = false;
    go('@ok.live');
    // Reports that came while this snapshot was out: it may not know of them.
    askUnread();
  };

  /** The client's own handling of a lost or refused link (CONN-4, CONN-5). */
  const fail = (error: FloorwalkError, gen: number): void => {
    if (gen !== generation || state === '@idle.initial' || STATES[state].terminal) return;
    const tier = tierOf(error);
    if (tier === 'auth') {
      if (options.renewAuth === undefined || authAsked) {
        go('@failed.auth', error);
        safeEmit('auth-required', error);
        return;
      }
      authAsked = true;
      go('@auth.renewing', error);
      safeEmit('auth-required', error);
      // A renewAuth that throws rather than rejects is a refusal too (it is there: checked above).
      within(() => options.renewAuth?.(error)).then(
        () => {
          if (gen === generation && state === '@auth.renewing') void reopen();
        },
        (err: unknown) => {
          if (gen === generation && state === '@auth.renewing') go('@failed.auth', toFloorwalkError(err, ErrorCode.AuthFailed, 'The host could not renew the credentials'));
        },
      );
      return;
    }
    if (retry === null || tier === 'stop') {
      go('@failed.error', error);
      return;
    }
    const delay = backoffDelay(attempt++, tier, retry, error);
    backoffTier = tier;
    clearRetry();
    go(firstLink ? '@connecting.backoff' : tier === 'slow' ? '@retry.slow' : '@retry.backoff', error, delay);
    retryTimer = clock.setTimeout(() => {
      retryTimer = undefined;
      if (gen === generation) void reopen();
    }, delay);
  };

  /** Re-opens the link on a fresh generation: disconnect, connect, snapshot (CONN-4). */
  const reopen = async (): Promise<void> => {
    clearRetry();
    const gen = ++generation;
    go(firstLink ? '@connecting.busy' : '@retry.busy');
    try {
      try {
        await adapter.disconnect();
      } catch {
        // The old link may be gone already; the new one is what counts.
      }
      if (gen !== generation) return;
      await adapter.connect(makeSink(gen));
      if (gen !== generation) return;
      lapse = undefined;
      await loadSnapshot(gen);
    } catch (err) {
      fail(toFloorwalkError(err, ErrorCode.VendorError, `Adapter ${adapter.id} could not connect`), gen);
    }
  };

  const resync = async (gen: number): Promise<void> => {
    try {
      await loadSnapshot(gen);
    } catch (err) {
      if (gen !== generation) return;
      const error = toFloorwalkError(err, ErrorCode.VendorError, `Adapter ${adapter.id} could not provide a snapshot`);
      reportError(error);
      fail(error, gen);
    }
  };

  /**
   * A resync after the batch, while live: for what a change lets this session see that no delta
   * will bring. Asked again while one is out, it runs once more after it, not once per ask: a
   * team moved over one agent per message would otherwise fetch the floor for each.
   */
  let soonGen = -1;
  let again = false;
  const resyncSoon = (): void => {
    if (!STATES[state].sends) return;
    again = true;
    if (soonGen === generation) return;
    const gen = (soonGen = generation);
    queueMicrotask(async () => {
      while (again && gen === generation && STATES[state].sends) {
        again = false;
        await resync(gen);
      }
      // Unconditionally: a run of an earlier link ending now costs at most one snapshot more.
      soonGen = -1;
    });
  };

  let checking: Promise<boolean> | null = null;
  /** A liveness check (CONN-7): the adapter's ping, else a snapshot, answered within the timeout. */
  const check = (): Promise<boolean> => {
    if (checking !== null) return checking;
    if (!STATES[state].sends) return Promise.resolve(false);
    const gen = generation;
    go('@ok.checking');
    const timeout = retry?.livenessTimeoutMs ?? DEFAULT_RECONNECT.livenessTimeoutMs;
    return (checking = within(
      async () => {
        if (typeof adapter.ping === 'function') await adapter.ping();
        else {
          const ask = ++asks;
          const snapshot = await adapter.snapshot();
          if (gen === generation) ingest([snapshot], ask);
        }
      },
      timeout,
      () => new FloorwalkError(ErrorCode.NotConnected, `Adapter ${adapter.id} did not answer a liveness check within ${timeout} ms.`),
    )
      .catch((err: unknown) => toFloorwalkError(err, ErrorCode.NotConnected, `Adapter ${adapter.id} failed a liveness check`))
      .then((error) => {
        checking = null;
        if (gen === generation && state === '@ok.checking') {
          if (error) fail(error, gen);
          else go('@ok.live');
        }
        return !error && gen === generation;
      }));
  };

  /** Hints are never trusted (CONN-7): they start a check, or cut a fast backoff short. */
  const onHint = (hint: ConnectionHint): void => {
    if (STATES[state].sends) {
      void check();
      return;
    }
    if (hint !== 'offline' && (state === '@retry.backoff' || (state === '@connecting.backoff' && backoffTier === 'fast'))) void reopen();
  };

  const makeSink = (gen: number): AdapterSink => ({
    events(batch) {
      if (gen !== generation) return;
      try {
        if (!Array.isArray(batch)) {
          reportError(new FloorwalkError(ErrorCode.MalformedEvent, `Adapter ${adapter.id} delivered a batch that is not an array.`));
          return;
        }
        ingest(batch);
      } catch (err) {
        reportError(toFloorwalkError(err, ErrorCode.MalformedEvent, `Adapter ${adapter.id} delivered a batch that could not be read`));
      }
    },
    status(next, reason) {
      if (gen !== generation || state === '@idle.initial') return;
      const why = isFloorwalkError(reason) ? reason : undefined;
      // The first `live` of a link is ours to declare, after its snapshot has landed.
      if (state === '@connecting.busy' || state === '@retry.busy') {
        if (next === 'failed') fail(why ?? new FloorwalkError(ErrorCode.NotConnected, `Adapter ${adapter.id} gave up.`), gen);
        // Noted until the snapshot lands: a `live` only after a gap (the adapter's own during connect() means nothing).
        else if (lapse !== undefined || next !== 'live') lapse = [next, why];
        return;
      }
      if (next === 'live') {
        if (!STATES[state].sends && state !== '@sync.busy') {
          // Notifications are not queued by vendors while we were away: rebuild from a snapshot.
          // A gap noted for a load that failed since is over: this is the live it waited for.
          lapse = undefined;
          go('@sync.busy');
          void resync(gen);
        }
        return;
      }
      if (next === 'reconnecting') go('@link.reconnecting', why);
      else if (next === 'offline') go('@link.offline', why);
      else if (next === 'failed' && STATES[state].retry === null && state !== '@auth.renewing') {
        fail(why ?? new FloorwalkError(ErrorCode.NotConnected, `Adapter ${adapter.id} gave up.`), gen);
      }
    },
    error(error) {
      if (gen !== generation) return;
      reportError(isFloorwalkError(error) ? error : toFloorwalkError(error, ErrorCode.VendorError, `Adapter ${adapter.id} reported`));
    },
  });

  const wait = (ms: number): Promise<void> => new Promise((resolve) => clock.setTimeout(resolve, ms));

  /**
   * The answer to a send, a refusal as a FloorwalkError, or a retryable `NotConnected` once
   * `commandTimeoutMs` passed without one (reported as an `error` event too): an answer that
   * never comes must not hold the command, or every later one, for good (CMD-1). For direct
   * sends as for queued ones, whose callers hear an answer one turn after it, as without a limit.
   */
  const answerOf = (envelope: CommandEnvelope, send: () => Promise<void>): Promise<void> => {
    const failed = (err: unknown): FloorwalkError => toFloorwalkError(err, ErrorCode.VendorError, `Adapter ${adapter.id} failed ${envelope.type}`);
    let answer: Promise<void>;
    try {
      answer = Promise.resolve(send());
    } catch (err) {
      // Answered already (an adapter that throws rather than rejects): no time limit to keep.
      return Promise.reject(failed(err));
    }
    return new Promise((resolve, reject) => {
      const timer = clock.setTimeout(() => {
        const late = new FloorwalkError(ErrorCode.NotConnected, `Adapter ${adapter.id} did not answer ${envelope.type} within ${commandTimeoutMs} ms (commandTimeoutMs).`, { details: { key: envelope.key } });
        reportError(late);
        reject(late);
      }, commandTimeoutMs);
      // Cleared as the answer comes, before anything else hears of it: no late error follows an answer.
      answer.then(
        () => (clock.clearTimeout(timer), resolve()),
        (err: unknown) => (clock.clearTimeout(timer), reject(failed(err))),
      );
    });
  };
  /** Ends the wait on the queued send still out, when disconnect() closes its link. */
  let cut = (_: FloorwalkError): void => {};

  const run = async (p: Pending): Promise<void> => {
    const { envelope } = p;
    await p.written;
    // Kept at a disconnect(): it waits off the queue until this client claims its lock again.
    if (known.get(envelope.key) !== p || p.kept) return;
    const gap = p.restored || p.epoch !== successes;
    // A hand outlives its call: one that ended after the press goes up without it (the platform
    // would refuse the raise as about an unknown interaction, and the agent would have to ask
    // again); so does one that waited through a gap while the call ended, outbox or not (nor
    // could a supervisor whisper on it), with the same key, so a send that did land is still the
    // one effect. The store's live view holds no ended interaction: one that ended is not found.
    if (envelope.type === 'raise-hand') {
      const id = envelope.interactionId as string;
      if (store.interactionRecord(id)?.ended || (gap && store.interactions.get(id)?.agentId !== envelope.agentId)) delete (envelope as { interactionId?: string }).interactionId;
    }
    // Checked again as it goes, whatever it waited for (a gap, a reload, or only a slow command
    // ahead of it on a live link): sent only if the session may still do it, outbox or not (its
    // agent may have left the session's teams meanwhile, or a live policy change turned notices
    // or private notes back on, which the check at issue could not see), and after a gap with an
    // outbox only if the world it was meant for is still there. A record that closed meanwhile
    // (a session ended, a hand lowered, a check-in answered) is the world moving on, a conflict
    // and no denial: the policy's refusal comes first only for scope. Not a retry on the same
    // link: its first send was checked as it went and may have taken effect (its answer lost),
    // which the store may show by now (a session started, a stop done), and the retry with its
    // key is what confirms it; nor one whose send is still out, which is waited on.
    if (gap || !p.attempts) {
      let refusal = supports(envelope);
      try {
        if (refusal === null) policy.authorise(envelope);
      } catch (err) {
        refusal = toFloorwalkError(err, ErrorCode.Forbidden, `${envelope.type} is no longer allowed`);
      }
      const code = refusal?.code;
      const moved = gap && storage && code !== ErrorCode.UnknownAgent && code !== ErrorCode.Forbidden && code !== ErrorCode.OutOfScope && (replay as typeof Replay).movedOn(envelope, store, policy.values());
      if (moved) return refuse(p, 'conflict', moved);
      if (refusal) {
        denied(envelope, refusal);
        return refuse(p, storage ? 'conflict' : 'failed', refusal);
      }
    }
    p.attempts++;
    // Never two sends of one intent on one link: a vendor without idempotency keys (Genesys)
    // would carry out both. A retry after the time limit waits on the send still out (a 429's
    // wait, say); a new link sends again, since its adapter settled what the old one held.
    let out = p.out;
    if (out === undefined || p.outOn !== generation) {
      const sent = (out = p.out = within(() => adapter.execute(envelope)));
      p.outOn = generation;
      const gone = (): void => {
        if (p.out === sent) p.out = undefined;
      };
      sent.then(gone, gone);
    }
    try {
      // Nor may a link disconnect() closed: its answer, if one ever comes, is ignored.
      await answerOf(envelope, () => Promise.race([out, new Promise<never>((_, reject) => (cut = reject))]));
      // Taken, its copy still to come (a latency later on the simulator): shown as sent until the
      // copy (same key) takes its place, or the message would blink out of every view meanwhile.
      if (envelope.type === 'send-message' && !settledKeys.has(envelope.key)) {
        store.putSent({ id: '~' + envelope.key, key: envelope.key, conversationId: envelope.conversationId, authorId: envelope.issuedBy, body: envelope.body, sentAt: envelope.issuedAt, delivery: 'sent' });
        // No events: it tells the store's subscribers of the change.
        ingest([]);
      }
      const action = auditedAs(envelope);
      if (action !== undefined) writeAudit(action, 'succeeded', targetOf(envelope), envelope.key);
      if (envelope.type === 'set-policy' && envelope.changes.monitoringNotice === false && envelope.previous?.monitoringNotice !== false) {
        writeAudit('policy.monitoring-notice-off', 'succeeded', targetOf(envelope), envelope.key);
      }
      settle(p, 'confirmed');
    } catch (err) {
      const error = toFloorwalkError(err, ErrorCode.VendorError, `Adapter ${adapter.id} failed ${envelope.type}`);
      if (storage !== null && error.code === ErrorCode.Conflict) return refuse(p, 'conflict', error);
      // A failed send may be the first sign of a dropped link the adapter has not noticed: ask
      // the link (CONN-7), with the outbox or without.
      const up = error.retryable && check();
      if (storage !== null && up) {
        // A try made without a link is not counted; the intent waits for one (OUT-3).
        if (!(await up)) p.attempts--;
        if (p.attempts < maxAttempts) {
          // Safe to retry: the same idempotency key has one effect however often it is sent.
          if (STATES[state].sends) await wait(backoffDelay(p.attempts - 1, tierOf(error) === 'slow' ? 'slow' : 'fast', retry ?? {}, error));
          // One still out when disconnect() came (cut, or past its time limit) may yet be applied:
          // kept (see there), as is one taken over from an earlier page.
          if (state === '@idle.initial' && !p.out) {
            if (!p.kept) settle(p, 'cancelled', new FloorwalkError(ErrorCode.Cancelled, 'The client was disconnected before the command was sent.', { cause: error }));
          } else requeue(p);
          return;
        }
      }
      refuse(p, 'failed', error);
    }
  };

  /** What the outbox's lazy part uses of this client. */
  const outbox: Replay.RestoreContext = {
    storage: storage as IntentStorage,
    prefix,
    owner: () => owner,
    known,
    settledKeys,
    // A disconnect() meanwhile ends it: a queue that will never be sent must claim nothing.
    gen: () => generation,
    hold: () => claims,
    claimOwner,
    report: reportError,
    check: checkCommand,
    settle,
    requeue,
    later: () => drainLater(2000, true),
    store,
    clock,
    lowered,
    lower: (requestId) => execute({ type: 'resolve-help', requestId }).catch(() => {}),
  };
  const restore = (): Promise<void> | undefined => (storage === null ? undefined : (replay as typeof Replay).restore(outbox));

  let laterTimer: TimerHandle | undefined;
  /**
   * Drains again after `ms` unless `disconnect()` came first, reading the outbox back first when
   * `look`. One timer: a failed load of the replay part and a look for a closed page's intents
   * never wait at once, since the look needs the part.
   */
  const drainLater = (ms: number, look?: boolean): void => {
    if (laterTimer !== undefined || state === '@idle.initial') return;
    laterTimer = clock.setTimeout(() => {
      laterTimer = undefined;
      if (state === '@idle.initial') return;
      if (look) restoreNeeded = true;
      void drain();
    }, ms);
  };

  /**
   * Commands go out one at a time, each after the vendor accepted the previous one, so the
   * vendor sees them in the order they were issued, including those that waited for `live`
   * and those issued while they are being sent. `run` never rejects, so the loop never breaks.
   */
  let draining = false;
  /** The outbox's read-back and replay check, loaded at the first drain (with an outbox only). */
  let replay: typeof Replay | undefined;
  let replayLoads = 0;
  const drain = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    try {
      if (storage !== null && replay === undefined) {
        try {
          replay = await parts.outbox();
        } catch (err) {
          // Nothing goes out until it is here: a command sent now could overtake an earlier
          // page's intents, or replay into a world that moved on. Everything stays queued, and
          // the load is tried again as a link would be (and at the next command or reconnect).
          reportError(err as FloorwalkError);
          if (laterTimer === undefined) drainLater(backoffDelay(replayLoads++, 'fast', retry ?? {}));
          return;
        }
      }
      // A look at the outbox asked for while a command was out (a closed page's lock freed) is
      // taken before the next command, or after the last, not left for a drain that may not come.
      // Never after disconnect(): a drain that waited on the part past it would claim a closed
      // page's lock with a hold nothing releases, for intents it never sends. The next connect looks.
      while ((restoreNeeded && state !== '@idle.initial') || (queue.length > 0 && STATES[state].sends)) {
        if (restoreNeeded && state !== '@idle.initial') {
          restoreNeeded = false;
          await restore();
          continue;
        }
        await run(queue.shift() as Pending);
      }
    } finally {
      draining = false;
    }
  };

  const supports = (command: Command): FloorwalkError | null => {
    const caps = adapter.capabilities;
    if (!caps.commands.includes(command.type)) {
      const why =
        command.type === 'start-colleague-call'
          ? `Colleague calls are not available on ${adapter.id}.`
          : command.type === 'set-policy'
            ? `Live policy changes are not available on ${adapter.id}: set the policy in createFloorwalk's options.`
            : `Adapter ${adapter.id} cannot ${command.type}.`;
      return new FloorwalkError(ErrorCode.Unsupported, why, { details: { command: command.type, adapter: adapter.id } });
    }
    if ('mode' in command && !caps.monitoringModes.includes(command.mode)) {
      return new FloorwalkError(ErrorCode.Unsupported, `Adapter ${adapter.id} does not offer ${command.mode} monitoring.`, {
        details: { mode: command.mode },
      });
    }
    // Nothing may watch an agent without their knowing: only where the agent's client will hear
    // of the session, unless the tenant turned notices off (and its agents were told so).
    if (command.type === 'start-monitoring' && caps.agentSeesMonitoring !== true && policy.monitoringNotice) {
      return new FloorwalkError(
        ErrorCode.Unsupported,
        `On ${adapter.id} the agent would not be told they are monitored: wrap the adapter with withBackplane (@floorwalk/core/backplane).`,
        { details: { command: command.type, adapter: adapter.id, agentSeesMonitoring: false } },
      );
    }
    return null;
  };

  /** The command stamped with a new idempotency key, its issuer and time. */
  const envelopeOf = (command: Command): CommandEnvelope => ({
    ...command,
    key: newId(),
    issuedBy: session.userId,
    issuedAt: clock.now(),
  });

  /** Holds an action until the host verified the user, auditing the verdict either way. */
  const withStepUp = <T>(action: StepUpAction, target: Record<string, string>, then: () => Promise<T>): Promise<T> =>
    stepUp.run({ action, userId: session.userId, target }).then(
      () => {
        writeAudit('step-up', 'succeeded', { action, ...target });
        return then();
      },
      (err: unknown) => {
        const error = toFloorwalkError(err, ErrorCode.StepUpFailed, 'User verification failed');
        writeAudit('step-up', 'failed', { action, ...target }, undefined, error.message);
        throw error;
      },
    );

  /** `verified`: the step-up already passed; the public `execute` never sets it. */
  const execute = (given: Command, verified = false): Promise<void> => {
    let command = given;
    try {
      if (command === null || typeof command !== 'object') {
        throw new FloorwalkError(ErrorCode.InvalidArgument, 'execute: the command must be an object with a type.');
      }
      // Read once: a getter (or proxy) that answers the checks with one value cannot send another.
      command = { ...command };
      // Checked there: no policy value is filled into them.
      if (DIRECT_COMMANDS.has(command.type)) return sendDirect(command);
      checkCommand(command);
      command = withPolicyValues(command, policy);
      const unsupported = supports(command);
      if (unsupported !== null) throw unsupported;
      if (!STATES[state].queues && !STATES[state].sends) {
        throw new FloorwalkError(ErrorCode.NotConnected, `Cannot ${command.type} while ${status}: call connect() first.`);
      }
      if (known.size >= maxQueued) throw new FloorwalkError(ErrorCode.QueueFull, `Cannot ${command.type}: ${maxQueued} commands wait already.`, { details: { maxQueued } });
      authorise(command);
    } catch (err) {
      // Floorwalk's own checks throw FloorwalkErrors: anything else came from reading the host's object.
      return Promise.reject(toFloorwalkError(err, ErrorCode.InvalidArgument, 'The command could not be read'));
    }
    // Checked again after the verification: the world (and the connection) may have moved on.
    if (!verified && stepUp.needs(command.type, 'mode' in command ? command.mode : undefined)) {
      return withStepUp(command.type, targetOf(command), () => execute(command, true));
    }
    const envelope = envelopeOf(command);
    const action = auditedAs(command);
    if (action !== undefined) writeAudit(action, 'requested', targetOf(envelope), envelope.key);
    const seq = ++cmdSeq;
    // Written before it is sent (OUT-1); the send waits for the write, the caller does not.
    const written =
      storage === null
        ? Promise.resolve()
        : // A host's storage that throws, or returns no promise, fails the write, not the caller.
          within(() =>
            storage.set(prefix + envelope.key, {
              key: envelope.key,
              seq,
              command: storableCommand(command),
              issuedBy: envelope.issuedBy,
              issuedAt: envelope.issuedAt,
              owner,
            } satisfies StoredIntent),
          )
            // A storage that rejects fails this write; one that moved to memory (IndexedDB gone)
            // kept it there, and is reported once per failure: a reload will lose what is queued.
            .then(() => {
              if (storage.failure && storage.failure !== lost) throw (lost = storage.failure);
            })
            .catch((err: unknown) => reportError(toFloorwalkError(err, ErrorCode.StorageFailed, 'Queued commands will not survive a reload: the outbox could not store them')));
    return new Promise<void>((resolve, reject) => {
      const p: Pending = { envelope, resolve, reject, seq, epoch: successes, written, restored: false, attempts: 0 };
      known.set(envelope.key, p);
      queue.push(p);
      if (STATES[state].sends) void drain();
    });
  };
  const selfAgentId = (): string => policy.agentId ?? session.userId;

  // Loaded at the first reveal: most pages never reveal a customer field.
  const reveal: RevealContext = {
    adapter,
    store,
    policy,
    userId: session.userId,
    audit: writeAudit,
    needsStepUp: () => stepUp.needs('reveal-customer-field'),
    stepUp: (action, target) => withStepUp(action, target, async () => {}),
  };
  const revealCustomerField = (interactionId: string, field: RevealableField): Promise<string | undefined> =>
    parts.reveal().then((part) => part.revealCustomerField(reveal, interactionId, field));

  /**
   * The direct path for renewals, receipts and activity: checked like any command, then sent to
   * the adapter at once when live and otherwise refused; never queued, stored or replayed.
   */
  function sendDirect(command: Command): Promise<void> {
    try {
      checkCommand(command);
      const unsupported = supports(command);
      if (unsupported !== null) throw unsupported;
      if (!STATES[state].sends) throw new FloorwalkError(ErrorCode.NotConnected, `Cannot ${command.type} while ${status}.`);
      // A refused direct command is audited like any other: renewals and reports are actions too.
      authorise(command);
    } catch (err) {
      return Promise.reject(toFloorwalkError(err, ErrorCode.InvalidArgument, 'The command could not be read'));
    }
    const envelope = envelopeOf(command);
    // An adapter that throws rather than rejects (or returns no promise) fails the command, not its caller.
    return answerOf(envelope, () => adapter.execute(envelope));
  }

  /** Fire-and-forget direct commands the client sends by itself: a refusal is logged, never thrown. */
  const quietly = (command: Command): void => {
    if (!adapter.capabilities.commands.includes(command.type)) return;
    sendDirect(command).catch((err: unknown) => log('debug', `floorwalk: ${command.type} not sent`, err));
  };

  const leases = new LeaseRenewer(store, session.userId, policy.monitoringLeaseMs, clock, (sessionId) => quietly({ type: 'renew-monitoring', sessionId }), policy.agentInTeamScope);
  const makeReporter = (): ActivityReporter | null =>
    options.activity !== undefined && policy.activityGranularityMs !== null && policy.agentId !== undefined
      ? new ActivityReporter(
          options.activity,
          policy.activityGranularityMs,
          clock,
          (bucket) => (adapter.capabilities.commands.includes('report-activity') ? sendDirect({ type: 'report-activity', agentId: selfAgentId(), bucket }) : Promise.reject(new Error('unsupported'))),
          (shared) => safeEmit('activity-shared', shared),
          sourceFailed,
        )
      : null;
  const sourceFailed = (err: unknown): void => reportError(toFloorwalkError(err, ErrorCode.InvalidArgument, 'options.activity failed to start or stop'));
  let reporter = makeReporter();
  // While the tenant keeps the signal off, nothing is counted (a source that can restart is stopped).
  if (reporter === null && options.activity?.start !== undefined) stopSource(options.activity, sourceFailed);
  /** What was shared before the signal went off, given back if it comes on again. */
  let sharedBefore: SharedActivity[] = [];
  /** The platform time of the newest policy change applied: an older one arriving late is ignored. */
  let policyAt = -Infinity;

  /** Applies a tenant policy change the platform sent; returns what changed, for the `policy` event. */
  function applyPolicy(changes: PolicyChanges, changedBy: string | undefined, at: number): PolicyChange | null {
    if (at < policyAt) return null;
    // Held no further ahead than five minutes of clock skew: a change stamped far in the future
    // (a vendor's bug) would otherwise make every later one look older, and freeze the policy.
    policyAt = Math.min(at, clock.now() + 300_000);
    const previous = policy.values();
    const changed = policy.apply(changes);
    if (changed.length === 0) return null;
    const current = policy.values();
    if (changed.includes('monitoringLeaseMs')) leases.setLeaseMs(current.monitoringLeaseMs);
    const agentNotices: AgentPolicyNotice[] = [];
    if (changed.includes('activitySignal')) {
      const history = reporter?.shared.slice() ?? sharedBefore;
      reporter?.stop();
      reporter = makeReporter();
      if (reporter === null) {
        sharedBefore = history;
        if (options.activity?.start !== undefined) stopSource(options.activity, sourceFailed);
      } else {
        // Started by ingest once the agent has heard of it: nothing is counted or shared before.
        reporter.shared.push(...history);
      }
      if (policy.agentId !== undefined) agentNotices.push(current.activitySignal.enabled ? 'activity-signal-on' : 'activity-signal-off');
    }
    if (changed.includes('monitoringNotice') && policy.agentId !== undefined) agentNotices.unshift(current.monitoringNotice ? 'monitoring-notice-on' : 'monitoring-notice-off');
    // What the change lets this session see (or no longer see) comes from a fresh snapshot:
    // sessions started while notices were off, buckets held while the signal was off or on.
    const reveal = (changed.includes('monitoringNotice') && current.monitoringNotice && policy.agentId !== undefined) || (changed.includes('activitySignal') && policy.has('activity:read:team'));
    if (reveal) resyncSoon();
    return { previous, current, changed, ...(changedBy !== undefined && { changedBy }), at, agentNotices };
  }

  const orderedMonitoring = (agentId?: string): MonitoringSession[] => {
    const own = policy.agentId;
    return [...store.monitoring.values()]
      .filter((s) => (agentId === undefined || s.agentId === agentId) && (session.role !== 'agent' || s.agentId === own))
      .sort((a, b) => b.startedAt - a.startedAt);
  };

  if (policy.monitoringNotice === false) {
    writeAudit('policy.monitoring-notice-off', 'succeeded', { tenantPolicy: 'monitoringNotice=false' });
  }
  // Values that widen what is kept from or shared about agents are on the record too.
  if (policy.privateCoachingNotes) writeAudit('policy.set', 'succeeded', { tenantPolicy: 'privateCoachingNotes=true' });
  if (policy.activityGranularityMs !== null) {
    writeAudit('policy.set', 'succeeded', { tenantPolicy: `activitySignal.enabled=true`, granularityMs: String(policy.activityGranularityMs) });
  }

  const client: Floorwalk = {
    get status() {
      return status;
    },
    session,
    capabilities: adapter.capabilities,

    connect() {
      if (STATES[state].sends) return Promise.resolve();
      // Settled by the machine: live resolves it, a terminal state or disconnect() rejects it.
      const live = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      // A second call while a link is being opened waits for it, as the first does.
      if (state !== '@idle.initial' && !STATES[state].terminal) return live;
      clearRetry();
      const gen = ++generation;
      firstLink = true;
      attempt = 0;
      go('@connecting.busy');
      if (options.hints !== undefined && unhint === null) {
        try {
          unhint = options.hints(onHint);
        } catch (err) {
          reportError(toFloorwalkError(err, ErrorCode.InvalidArgument, 'options.hints failed to subscribe'));
        }
      }
      void (async () => {
        try {
          await adapter.connect(makeSink(gen));
          // Only this link's: one superseded meanwhile must not forget what the newer one noted.
          if (gen === generation) {
            lapse = undefined;
            await loadSnapshot(gen);
          }
        } catch (err) {
          fail(toFloorwalkError(err, ErrorCode.VendorError, `Adapter ${adapter.id} could not connect`), gen);
        }
      })();
      return live;
    },

    async disconnect() {
      if (state === '@idle.initial') return;
      generation++;
      hold();
      clearRetry();
      if (laterTimer !== undefined) clock.clearTimeout(laterTimer);
      laterTimer = undefined;
      // What options.hints returned (not always a function) must not keep the client from stopping.
      try {
        unhint?.();
      } catch {}
      unhint = null;
      // What is left stays stored, its lock let go: sent again by whichever client claims it
      // first, this one included (OUT-5). A send out (its outcome unknown), and one taken over
      // from an earlier page, whose caller was that page's and not this client's to cancel.
      for (const p of known.values()) if (p.out || p.restored) p.kept = true;
      go('@idle.initial');
      // Its outcome is unknown (the vendor may have applied it): retryable, not Cancelled.
      cut(new FloorwalkError(ErrorCode.NotConnected, 'The client was disconnected while the command was out.'));
      try {
        await adapter.disconnect();
      } catch (err) {
        reportError(toFloorwalkError(err, ErrorCode.VendorError, `Adapter ${adapter.id} failed to disconnect cleanly`));
      }
    },

    getPendingIntents() {
      return [...known.values()]
        .filter((p) => !settledKeys.has(p.envelope.key))
        .sort((a, b) => a.seq - b.seq)
        .map((p) => ({ key: p.envelope.key, seq: p.seq, command: storableCommand(p.envelope), issuedBy: p.envelope.issuedBy, issuedAt: p.envelope.issuedAt, restored: p.restored }));
    },

    getFailedIntents: () => [...unsent.values()],
    dismissIntent(key) {
      const p = known.get(key);
      // Never on a link (a send may be applied unanswered): taken back, unseen by the platform.
      // Left in the queue, which skips a settled intent.
      const withdrawn = p !== undefined && p.outOn === undefined;
      if (withdrawn) settle(p, 'cancelled', new FloorwalkError(ErrorCode.Cancelled, 'Withdrawn before it was sent.'));
      // Restored from an earlier page, whose send may have landed unanswered: a hand it raised is lowered as it shows up.
      if (withdrawn && p.restored) (replay as typeof Replay).noteLowered(outbox, p.envelope);
      unsent.delete(key);
      return withdrawn;
    },

    checkConnection: () => check(),
    retryNow() {
      if (state !== '@retry.backoff' && !(state === '@connecting.backoff' && backoffTier === 'fast')) return false;
      void reopen();
      return true;
    },

    on(event, callback) {
      // Refused when registered, not when first called: by then nothing says where it came from.
      if (!CLIENT_EVENTS.has(event as string)) return refuseListener(`client.on: "${String(event)}" is not one of ${[...CLIENT_EVENTS].join(', ')}.`);
      if (typeof callback !== 'function') return refuseListener(`client.on('${event}') needs a function, not ${kindOf(callback)}.`);
      return emitter.on(event, callback);
    },

    subscribe(listener) {
      if (typeof listener !== 'function') return refuseListener(`client.subscribe needs a function, not ${kindOf(listener)}.`);
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
    getInteraction: (id) => store.interactionRecord(id)?.read(),

    getInteractions(filter) {
      // null from a host's JavaScript means no filter too.
      filter ??= {};
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
      // One lookup: the agent's record holds its live interactions, whose records hold their
      // states (a board asks this for every row it draws).
      const record = store.agentRecord(agentId);
      if (record === undefined) return 'idle';
      if (record.agent.notResponding === true) return 'not-responding';
      const live = record.live;
      let rank = 0;
      if (typeof live === 'string') rank = ACTIVITY_RANK[(store.interactionRecord(live) as InteractionRecord).state];
      else live?.forEach((id) => {
        const r = ACTIVITY_RANK[(store.interactionRecord(id) as InteractionRecord).state];
        if (r > rank) rank = r;
      });
      return ACTIVITY_OF[rank] as RoutingActivity;
    },

    getTimeInState(agentId) {
      const agent = store.agents.get(agentId);
      return agent === undefined ? 0 : Math.max(0, clock.now() - agent.presence.since);
    },

    getInteractionTimes(interactionId) {
      const r = store.interactionRecord(interactionId);
      return r && timesOf(dataOf(r), clock.now(), r.legFrom, r.holdBase);
    },

    getMonitoringSessions(filter = {}) {
      return [...store.monitoring.values()].filter(
        (s) =>
          (filter.agentId === undefined || s.agentId === filter.agentId) &&
          (filter.supervisorId === undefined || s.supervisorId === filter.supervisorId) &&
          (filter.active === undefined || (s.endedAt === undefined) === filter.active),
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
    getAuditLog: (filter = {}) => audit.list().filter((e) => policy.auditVisible(e) && (filter.agentId === undefined || e.subject === filter.agentId)),
    getMonitoringHistory: (agentId) => orderedMonitoring(agentId),
    getUnreadableMonitoring: () => [...unread.values()].map(([report]) => report),
    getConversations: () => conversationSummaries(store, session.userId, session.teamIds === 'all' ? [] : session.teamIds.filter((t) => policy.teamVisible(t))),
    getUnreadCount(conversationId) {
      if (conversationId !== undefined) return unreadIn(store, conversationId, session.userId);
      let n = 0;
      for (const id of store.conversations.keys()) n += unreadIn(store, id, session.userId);
      return n;
    },
    getCoachingSessions: (filter = {}) => [...store.coachingSessions.values()].filter((c) => filter.agentId === undefined || c.agentId === filter.agentId).sort((a, b) => a.at - b.at),
    getColleagueCalls: (filter = {}) => [...store.colleagueCalls.values()].filter((c) => filter.active === undefined || (c.endedAt === undefined) === filter.active),
    getSharedActivity: () => (reporter === null ? [] : reporter.shared.slice()),
    now: () => clock.now(),
    getPolicy: () => policy.values(),

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
      execute({ type: 'raise-hand', agentId: selfAgentId(), reason, ...(interactionId !== undefined && { interactionId }) }),
    acknowledgeHelp: (requestId) => execute({ type: 'acknowledge-help', requestId }),
    resolveHelp: (requestId) => execute({ type: 'resolve-help', requestId }),
    sendMessage: (conversationId, body) => execute({ type: 'send-message', conversationId, body }),
    addCoachingNote: (agentId, body, interactionId, opts) =>
      execute({ type: 'add-coaching-note', agentId, body, ...(interactionId !== undefined && { interactionId }), ...(opts?.private === true && { private: true }) }),
    proposeCheckIn: (agentId, scheduledFor, topic) =>
      execute({ type: 'propose-check-in', agentId, scheduledFor, ...(topic !== undefined && { topic }) }),
    answerCheckIn: (checkInId, answer) => execute({ type: 'answer-check-in', checkInId, answer }),
    counterCheckIn: (checkInId, scheduledFor) => execute({ type: 'counter-check-in', checkInId, scheduledFor }),
    respondToCheckInCounter: (checkInId, accept) => execute({ type: 'respond-check-in-counter', checkInId, accept }),
    startCheckIn: (checkInId) => execute({ type: 'start-check-in', checkInId }),
    confirmCheckIn: (checkInId) => execute({ type: 'confirm-check-in', checkInId }),
    endCheckIn: (checkInId) => execute({ type: 'end-check-in', checkInId }),
    cancelCheckIn: (checkInId) => execute({ type: 'cancel-check-in', checkInId }),
    markRead(conversationId) {
      // Up to what this reader holds: the platform may have more that never reached them.
      const last = store.conversations.get(conversationId)?.at(-1);
      return execute({ type: 'mark-read', conversationId, upTo: last && { sentAt: last.sentAt, id: last.id } });
    },
    whisperOnHelp(requestId) {
      if (typeof requestId !== 'string') return Promise.reject(new FloorwalkError(ErrorCode.InvalidArgument, 'whisperOnHelp needs a help request id.'));
      const request = store.helpRequests.get(requestId);
      if (request === undefined) return Promise.reject(new FloorwalkError(ErrorCode.UnknownEntity, `Help request ${requestId} is not known to this session.`));
      if (request.interactionId === undefined) {
        return Promise.reject(new FloorwalkError(ErrorCode.InvalidArgument, `Help request ${requestId} names no interaction to whisper on.`, { details: { requestId } }));
      }
      const whisper = { type: 'start-monitoring', agentId: request.agentId, interactionId: request.interactionId, mode: 'whisper' } as const;
      // Checked before the acknowledgement goes out, so a refused whisper takes nothing.
      const unsupported = supports(whisper);
      if (unsupported !== null) return Promise.reject(unsupported);
      if (request.state !== 'open') return execute(whisper);
      // Queued in this order, so the platform sees the request taken before the whisper starts.
      const ack = execute({ type: 'acknowledge-help', requestId });
      const start = execute(whisper);
      return Promise.all([ack, start]).then(() => undefined);
    },
    scheduleCoachingSession: (agentId, topic, at, durationMs, attendeeIds) =>
      execute({ type: 'schedule-coaching-session', agentId, topic, at, durationMs, ...(attendeeIds !== undefined && { attendeeIds }) }),
    rescheduleCoachingSession: (sessionId, at, durationMs) => execute({ type: 'reschedule-coaching-session', sessionId, at, ...(durationMs !== undefined && { durationMs }) }),
    cancelCoachingSession: (sessionId) => execute({ type: 'cancel-coaching-session', sessionId }),
    startColleagueCall: (participantIds) => execute({ type: 'start-colleague-call', participantIds }),
    endColleagueCall: (callId) => execute({ type: 'end-colleague-call', callId }),
    execute: (command) => execute(command),
    setPolicy: (changes) => execute({ type: 'set-policy', changes }),
    revealCustomerField,
  };
  return client;
}

let idSeq = 0;
/**
 * An id no other tab makes: where `crypto.randomUUID` is missing (a page served over plain http
 * from another host), two tabs of one user issuing in the same millisecond must still differ.
 */
function newId(): string {
  return typeof globalThis.crypto?.randomUUID === 'function' ? globalThis.crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${(idSeq++).toString(36)}`;
}

function noticeFor(before: MonitoringSession | undefined, after: MonitoringSession, fromSnapshot?: true): MonitoringSessionNotice | null {
  const late = fromSnapshot && { fromSnapshot };
  if (after.endedAt !== undefined) {
    if (before === undefined || before.endedAt !== undefined) return null;
    return { kind: 'ended', session: after, ...(after.endReason && { reason: after.endReason }), ...late };
  }
  if (before === undefined || before.endedAt !== undefined) return { kind: 'started', session: after, ...late };
  if (before.mode !== after.mode) return { kind: 'mode-changed', session: after, previousMode: before.mode, ...late };
  return null;
}

function targetOf(command: Command): Record<string, string> {
  if (command.type === 'set-policy') return policyTarget(command.changes, command.previous);
  const target: Record<string, string> = {};
  for (const key of ['agentId', 'interactionId', 'sessionId', 'mode', 'checkInId', 'requestId', 'conversationId', 'callId', 'participantIds', 'answer', 'state'] as const) {
    // Checked already (checkCommand): each is a non-empty text, or a list of ids (a call's
    // people), named as one text as the backplane's audit names a hand's supervisors.
    const value = (command as unknown as Record<string, string | readonly string[] | undefined>)[key];
    if (value?.length) target[key] = String(value);
  }
  return target;
}
