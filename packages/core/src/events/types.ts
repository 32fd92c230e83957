import type { AuditEntry } from '../audit.js';
import type { PolicyChanges } from '../policy/values.js';
import type {
  Agent,
  AgentActivity,
  CoachingSession,
  ColleagueCall,
  ChatMessage,
  CheckIn,
  CoachingNote,
  HelpRequest,
  Interaction,
  MonitoringSession,
  Presence,
  PresenceDefinition,
  Queue,
  QueueStats,
  Team,
} from '../model/types.js';

/**
 * Fields every canonical event carries.
 * - `id` is stable for the same vendor fact, so a redelivered message is recognised and dropped.
 * - `at` is the vendor's timestamp (epoch ms); the store drops events older than what it holds.
 * - `source` is the id of the adapter that produced it.
 */
export interface EventBase {
  readonly id: string;
  readonly at: number;
  readonly source: string;
}

/**
 * What a snapshot replaces wholesale:
 * - `all`: everything;
 * - `team`: the team, the agents in it and their interactions;
 * - `queue`: the queue and the interactions waiting in it;
 * - `agent`: one agent and their interactions.
 */
export type SnapshotScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'team'; readonly id: string }
  | { readonly kind: 'queue'; readonly id: string }
  | { readonly kind: 'agent'; readonly id: string };

/** A snapshot: replaces every entity within its scope. */
export interface SnapshotEvent extends EventBase {
  readonly type: 'snapshot';
  readonly scope: SnapshotScope;
  readonly teams?: readonly Team[];
  readonly agents?: readonly Agent[];
  readonly queues?: readonly Queue[];
  readonly interactions?: readonly Interaction[];
  readonly monitoring?: readonly MonitoringSession[];
  readonly helpRequests?: readonly HelpRequest[];
  /** The tenant's reason codes per presence state (scope `all` only). */
  readonly presenceDefinitions?: readonly PresenceDefinition[];
  /** Tenant policy values changed at run time and still in force (scope `all` only), so a client that missed a `policy` event catches up. */
  readonly policy?: PolicyChanges;
}

/** An agent was added or their details (name, teams, queues) changed. Carries full presence. */
export interface AgentEvent extends EventBase {
  readonly type: 'agent';
  readonly agent: Agent;
}

/** An agent left the watched set (deleted, moved out of every watched team). */
export interface AgentRemovedEvent extends EventBase {
  readonly type: 'agent-removed';
  readonly agentId: string;
}

/** An agent's presence changed. */
export interface PresenceEvent extends EventBase {
  readonly type: 'presence';
  readonly agentId: string;
  readonly presence: Presence;
}

/** Routing stopped (or resumed) offering work to an agent who did not answer. */
export interface NotRespondingEvent extends EventBase {
  readonly type: 'not-responding';
  readonly agentId: string;
  readonly notResponding: boolean;
}

/** An interaction was created or changed. Carries the whole interaction. */
export interface InteractionEvent extends EventBase {
  readonly type: 'interaction';
  readonly interaction: Interaction;
}

/** A team was added or changed. */
export interface TeamEvent extends EventBase {
  readonly type: 'team';
  readonly team: Team;
}

/** A queue was added or changed (including its statistics). */
export interface QueueEvent extends EventBase {
  readonly type: 'queue';
  readonly queue: Queue;
}

/** A queue's statistics changed. */
export interface QueueStatsEvent extends EventBase {
  readonly type: 'queue-stats';
  readonly queueId: string;
  readonly stats: QueueStats;
}

/** A monitoring session started, changed mode or ended (`endedAt` set). */
export interface MonitoringEvent extends EventBase {
  readonly type: 'monitoring';
  readonly session: MonitoringSession;
}

/** A help request was raised or changed state. */
export interface HelpRequestEvent extends EventBase {
  readonly type: 'help-request';
  readonly request: HelpRequest;
}

/** A chat message was sent or its delivery state changed. */
export interface ChatMessageEvent extends EventBase {
  readonly type: 'chat-message';
  readonly message: ChatMessage;
}

/** A coaching note was written. */
export interface CoachingNoteEvent extends EventBase {
  readonly type: 'coaching-note';
  readonly note: CoachingNote;
}

/** A check-in was proposed or answered. */
export interface CheckInEvent extends EventBase {
  readonly type: 'check-in';
  readonly checkIn: CheckIn;
}

/**
 * A user read a conversation up to `upTo` (the `sentAt` of the newest message they saw). Marks
 * 1:1 messages from the other person `read` and adds the reader to team messages' `readBy`.
 */
export interface ChatReadEvent extends EventBase {
  readonly type: 'chat-read';
  readonly conversationId: string;
  readonly userId: string;
  readonly upTo: number;
}

/** A coaching session was scheduled or changed. */
export interface CoachingSessionEvent extends EventBase {
  readonly type: 'coaching-session';
  readonly session: CoachingSession;
}

/** A colleague call started or ended. */
export interface ColleagueCallEvent extends EventBase {
  readonly type: 'colleague-call';
  readonly call: ColleagueCall;
}

/** An agent's device shared a new activity bucket. */
export interface ActivityEvent extends EventBase {
  readonly type: 'activity';
  readonly agentId: string;
  readonly activity: AgentActivity;
}

/** An entry of the platform's shared audit trail (monitoring, check-in decisions, escalations). */
export interface AuditEvent extends EventBase {
  readonly type: 'audit';
  readonly entry: AuditEntry;
}

/**
 * The tenant's policy values changed at run time (an admin's `set-policy`). Every client applies
 * `changes` over the values it holds; fields not named keep theirs.
 */
export interface PolicyEvent extends EventBase {
  readonly type: 'policy';
  readonly changes: PolicyChanges;
  /** The user id of the admin who changed them. */
  readonly changedBy: string;
}

/** Every canonical event, discriminated by `type`. */
export type FloorwalkEvent =
  | SnapshotEvent
  | AgentEvent
  | AgentRemovedEvent
  | PresenceEvent
  | NotRespondingEvent
  | InteractionEvent
  | TeamEvent
  | QueueEvent
  | QueueStatsEvent
  | MonitoringEvent
  | HelpRequestEvent
  | ChatMessageEvent
  | CoachingNoteEvent
  | CheckInEvent
  | ChatReadEvent
  | CoachingSessionEvent
  | ColleagueCallEvent
  | ActivityEvent
  | AuditEvent
  | PolicyEvent;

/** The `type` values of canonical events. */
export type FloorwalkEventType = FloorwalkEvent['type'];

/** The canonical event types, for runtime checks. */
export const EVENT_TYPES = [
  'snapshot',
  'agent',
  'agent-removed',
  'presence',
  'not-responding',
  'interaction',
  'team',
  'queue',
  'queue-stats',
  'monitoring',
  'help-request',
  'chat-message',
  'coaching-note',
  'check-in',
  'chat-read',
  'coaching-session',
  'colleague-call',
  'activity',
  'audit',
  'policy',
] as const satisfies readonly FloorwalkEventType[];
