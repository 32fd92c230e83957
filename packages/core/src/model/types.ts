/**
 * Floorwalk's canonical model. Adapters map vendor payloads onto these shapes; the store holds
 * them; elements render them. Three state layers are kept apart, as Genesys Cloud does:
 * presence (what the person chose), routing activity (derived from their interactions) and the
 * connection (our link to the vendor, see {@link ConnectionStatus}).
 *
 * All times are epoch milliseconds as reported by the vendor.
 */

/** The presence states a person can choose. */
export const PRESENCE_STATES = [
  'available',
  'busy',
  'break',
  'meal',
  'meeting',
  'training',
  'away',
  'offline',
] as const;
/** A presence state: what the agent chose, independent of any interaction. */
export type PresenceState = (typeof PRESENCE_STATES)[number];

/** A tenant-defined reason for a presence state ("Lunch", "Team huddle"). */
export interface ReasonCode {
  readonly id: string;
  readonly label: string;
}

/** An agent's presence: the state, an optional reason and when it began. */
export interface Presence {
  readonly state: PresenceState;
  readonly reason?: ReasonCode;
  /** When this state began (epoch ms). Time in state is computed from it at read time. */
  readonly since: number;
}

/** The reason codes a tenant offers for one presence state. */
export interface PresenceDefinition {
  readonly state: PresenceState;
  readonly reasons: readonly ReasonCode[];
}

/** Routing activities, derived from an agent's interactions, never set directly. */
export const ROUTING_ACTIVITIES = [
  'idle',
  'offered',
  'interacting',
  'held',
  'wrap-up',
  'not-responding',
] as const;
/** What routing sees the agent doing, derived from their live interactions. */
export type RoutingActivity = (typeof ROUTING_ACTIVITIES)[number];

/** Interaction channels. */
export const CHANNELS = ['voice', 'chat', 'email', 'message', 'task', 'video'] as const;
/** A media channel. */
export type Channel = (typeof CHANNELS)[number];

/** Interaction directions. */
export const DIRECTIONS = ['inbound', 'outbound'] as const;
/** Who started the interaction. */
export type Direction = (typeof DIRECTIONS)[number];

/**
 * Interaction states. `queued` means waiting in a queue with no agent; `offered` is ringing or
 * alerting at an agent.
 */
export const INTERACTION_STATES = ['queued', 'offered', 'connected', 'held', 'wrap-up', 'ended'] as const;
/** Where an interaction is in its lifecycle. */
export type InteractionState = (typeof INTERACTION_STATES)[number];

/** Why an interaction ended, where the vendor says. */
export const END_REASONS = ['completed', 'abandoned', 'transferred', 'missed', 'rejected', 'error'] as const;
/** Why an interaction ended. */
export type EndReason = (typeof END_REASONS)[number];

/**
 * Customer fields. They may arrive masked (see the policy): a masked value keeps its shape for
 * display and `masked` lists which fields were masked.
 */
export interface Customer {
  readonly name?: string;
  readonly phone?: string;
  readonly email?: string;
  /** Fields that were masked before they reached the store. */
  readonly masked?: readonly ('name' | 'phone' | 'email' | 'subject')[];
}

/** One interaction (call, chat, email, message, task or video). */
export interface Interaction {
  readonly id: string;
  readonly channel: Channel;
  readonly direction: Direction;
  readonly state: InteractionState;
  /** The agent handling or being offered it; absent while queued. */
  readonly agentId?: string;
  readonly queueId?: string;
  /** When it entered the system (queue or direct offer). */
  readonly createdAt: number;
  readonly offeredAt?: number;
  readonly connectedAt?: number;
  /** Start of the current hold, while `state` is `held`. */
  readonly heldAt?: number;
  /** Hold time already finished, excluding any current hold. */
  readonly holdMs?: number;
  readonly holdCount?: number;
  readonly wrapUpAt?: number;
  readonly endedAt?: number;
  readonly endReason?: EndReason;
  readonly transfers?: number;
  readonly customer?: Customer;
  /** Free text such as an email subject; may carry customer data and is masked with it. */
  readonly subject?: string;
}

/** An agent: a person who handles interactions. */
export interface Agent {
  readonly id: string;
  readonly name: string;
  readonly teamIds: readonly string[];
  readonly queueIds: readonly string[];
  readonly presence: Presence;
  /** The vendor reports the agent failed to answer an offer and routing stopped. */
  readonly notResponding?: boolean;
  readonly avatarUrl?: string;
  /**
   * The coarse activity bucket the agent's own device shares, when the tenant's policy turns the
   * activity signal on. Never input counts or content: see {@link ActivityBucket}.
   */
  readonly activity?: AgentActivity;
}

/** Activity buckets: the only thing ever shared about an agent's input activity. */
export const ACTIVITY_BUCKETS = ['active', 'idle', 'away'] as const;
/** A coarse activity bucket derived on the agent's device from counts of input events. */
export type ActivityBucket = (typeof ACTIVITY_BUCKETS)[number];

/** What is shared about an agent's activity: a bucket and since when it holds. */
export interface AgentActivity {
  readonly bucket: ActivityBucket;
  /** When the agent's device reported this bucket (epoch ms). */
  readonly since: number;
}

/** A team and the supervisors responsible for it. */
export interface Team {
  readonly id: string;
  readonly name: string;
  readonly supervisorIds: readonly string[];
}

/** Live statistics of a queue, as the vendor reports them or the simulator computes them. */
export interface QueueStats {
  /** Interactions waiting now. */
  readonly waiting: number;
  /** Since when the oldest waiting interaction has waited, or null when none waits. */
  readonly oldestWaitingSince: number | null;
  /** Agents available to take work from this queue now. */
  readonly agentsAvailable: number;
  /** Counts for the current day so far. */
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
}

/** A routing queue. */
export interface Queue {
  readonly id: string;
  readonly name: string;
  readonly channels: readonly Channel[];
  readonly stats: QueueStats;
}

/** Monitoring modes: listen silently, whisper to the agent only, or barge into the conversation. */
export const MONITORING_MODES = ['listen', 'whisper', 'barge'] as const;
/** How a supervisor joins an interaction: the modes a command can start or switch to. */
export type MonitoringMode = (typeof MONITORING_MODES)[number];
/**
 * What a monitoring session is: a {@link MonitoringMode}, or `screen`, the supervisor viewing the
 * agent's screen. A platform reports `screen` sessions from its own data so the agent is told of
 * them; no command starts, switches or stops one, so no list of modes to offer includes it.
 */
export type SessionMode = MonitoringMode | 'screen';

/**
 * Why a monitoring session ended: the supervisor stopped it, its lease lapsed (the supervisor's
 * client went away and stopped renewing it), or the interaction it was on ended.
 */
export const MONITORING_END_REASONS = ['stopped', 'lease-expired', 'interaction-ended'] as const;
/** Why a monitoring session ended. */
export type MonitoringEndReason = (typeof MONITORING_END_REASONS)[number];

/** A supervisor monitoring an agent's interaction, or their screen. Visible to the monitored agent by default. */
export interface MonitoringSession {
  readonly id: string;
  readonly mode: SessionMode;
  readonly supervisorId: string;
  /**
   * `false` where the platform showed the session but not who runs it (Amazon Connect shows the
   * agent's own CCP a barge, not always the supervisor's ARN): `supervisorId` is then a stand-in,
   * no user's id, and a reader names them as "a supervisor" in its own language. A report of the
   * same session that names them wins over it (`withBackplane` merges the two). Absent: known.
   */
  readonly supervisorKnown?: false;
  readonly agentId: string;
  /**
   * The interaction monitored. Absent only on a `screen` session of the agent as a whole (Genesys'
   * agent-level screen monitoring), which watches whatever the agent does, not one interaction.
   */
  readonly interactionId?: string;
  readonly startedAt: number;
  readonly endedAt?: number;
  /**
   * When the session ends unless the supervisor's client renews it (epoch ms). Absent where the
   * platform keeps no lease.
   */
  readonly leaseExpiresAt?: number;
  /** Why it ended, once `endedAt` is set and the platform says. */
  readonly endReason?: MonitoringEndReason;
  /**
   * `true` on a session that runs on after its interaction ended: the platform refused to take
   * the supervisor off when the call went to wrap-up or ended (Twilio's conference goes on after a
   * transfer), so the agent is told it runs again, and it lasts until it is stopped, not ended
   * again by its call. Absent otherwise.
   */
  readonly outlivesCall?: true;
}

/** Help request states. */
export const HELP_STATES = ['open', 'acknowledged', 'resolved', 'cancelled'] as const;
/** Where a help request is. */
export type HelpState = (typeof HELP_STATES)[number];

/** An agent's raised hand. */
export interface HelpRequest {
  readonly id: string;
  readonly agentId: string;
  readonly reason: string;
  readonly interactionId?: string;
  readonly state: HelpState;
  readonly raisedAt: number;
  readonly acknowledgedBy?: string;
  readonly acknowledgedAt?: number;
  readonly resolvedAt?: number;
  /** How many times it was escalated to the next supervisor. */
  readonly escalations?: number;
  /** The supervisor it is waiting on now: the team's first, then the next one at each escalation. */
  readonly assignedTo?: string;
  /** When it was last escalated (epoch ms). */
  readonly escalatedAt?: number;
  /**
   * `true` while no supervisor can see it: a team move, or a supervisor leaving a team's list,
   * left the agent's teams with none (as the platform, or the host's `supervisorsOf` for the
   * backplane, names them). Gone again once someone can. Unset where that cannot be told (a
   * platform that names no supervisors, an adapter that carries help itself), so its absence
   * never means anyone is sure to see the hand. An event carrying anything but a boolean here is
   * reported as `MalformedEvent` and not applied.
   */
  readonly unseen?: boolean;
  /**
   * The idempotency key of the `raise-hand` that raised it, where the platform keeps it (the
   * backplane does): a page that withdrew a raise restored from an earlier page (a reload) knows
   * the hand by it if that page's send landed after all, and lowers it.
   */
  readonly key?: string;
}

/** Chat delivery states. */
export const DELIVERY_STATES = ['sent', 'delivered', 'read'] as const;
/** How far a chat message got. */
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * A colleague chat message. Conversation ids are `dm:<a>:<b>` (ids sorted) for 1:1 chat and
 * `team:<teamId>` for a team channel; see {@link conversationId}.
 */
export interface ChatMessage {
  readonly id: string;
  readonly conversationId: string;
  readonly authorId: string;
  readonly body: string;
  readonly sentAt: number;
  /**
   * For a 1:1 message: `sent` (the platform has it), `delivered` (the recipient's client received
   * it), `read` (the recipient marked the conversation read). Team messages stay at `delivered`
   * once posted; who read them is in `readBy`.
   */
  readonly delivery: DeliveryState;
  /** Team channel messages: the user ids that have read it (the author excluded). */
  readonly readBy?: readonly string[];
  /**
   * The idempotency key of the `send-message` that made it, where the platform keeps it (the
   * backplane, the simulator): the sender's client counts the send done when the message comes
   * back, also before (or without) the send's own answer.
   */
  readonly key?: string;
}

/** A summary of one conversation, see `Floorwalk.getConversations`. */
export interface ConversationSummary {
  readonly id: string;
  readonly kind: 'direct' | 'team';
  /** The two people of a 1:1 conversation. */
  readonly participants?: readonly string[];
  /** The team of a team channel. */
  readonly teamId?: string;
  /** The newest message held, if any. */
  readonly lastMessage?: ChatMessage;
  /** Messages from others newer than this user's read marker. */
  readonly unread: number;
}

/** A coaching note written about an agent, optionally tied to an interaction. */
export interface CoachingNote {
  readonly id: string;
  readonly agentId: string;
  readonly authorId: string;
  readonly body: string;
  readonly interactionId?: string;
  readonly createdAt: number;
  /**
   * Private to supervisors: never delivered to the agent's client. Allowed only where the
   * tenant's policy sets `privateCoachingNotes: true`.
   */
  readonly private?: boolean;
}

/** Coaching session states. */
export const COACHING_SESSION_STATES = ['scheduled', 'cancelled', 'done'] as const;
/** Where a coaching session is. */
export type CoachingSessionState = (typeof COACHING_SESSION_STATES)[number];

/** A scheduled coaching session with an agent. */
export interface CoachingSession {
  readonly id: string;
  readonly topic: string;
  /** When it starts (epoch ms). */
  readonly at: number;
  readonly durationMs: number;
  /** Who attends besides the organiser; always includes the agent. */
  readonly attendeeIds: readonly string[];
  readonly organiserId: string;
  /** The agent being coached. */
  readonly agentId: string;
  readonly state: CoachingSessionState;
}

/** An internal call between colleagues, where the platform supports one. */
export interface ColleagueCall {
  readonly id: string;
  /** `direct` for two people, `team` for more. */
  readonly kind: 'direct' | 'team';
  /** Everyone on the call, the caller included. */
  readonly participantIds: readonly string[];
  readonly startedBy: string;
  readonly startedAt: number;
  readonly endedAt?: number;
}

/** An agent's answer to a proposed check-in. */
export const CHECK_IN_ANSWERS = ['pending', 'accepted', 'declined'] as const;
/** How the agent answered a check-in proposal. */
export type CheckInAnswer = (typeof CHECK_IN_ANSWERS)[number];

/** A scheduled video check-in a supervisor proposes to an agent, with notice given. */
export interface CheckIn {
  readonly id: string;
  readonly agentId: string;
  readonly supervisorId: string;
  /** When the check-in would happen. */
  readonly scheduledFor: number;
  readonly proposedAt: number;
  /** How much notice the agent got, `scheduledFor - proposedAt`. */
  readonly noticeMs: number;
  readonly answer: CheckInAnswer;
  readonly answeredAt?: number;
  readonly topic?: string;
  /** Where the appointment is; absent means `scheduled`. See {@link CHECK_IN_PHASES}. */
  readonly phase?: CheckInPhase;
  /** A time the agent proposed instead, waiting for the supervisor's response. */
  readonly counterFor?: number;
  readonly counteredAt?: number;
  /** When the supervisor started it (phase `starting`), waiting for the agent's confirmation. */
  readonly startedAt?: number;
  /** When the agent confirmed the start (phase `live`). */
  readonly confirmedAt?: number;
  readonly endedAt?: number;
  /** Who cancelled it, when it was cancelled or declined (`backplane` when it lapsed there). */
  readonly cancelledBy?: string;
  /**
   * When the platform closes it if nobody moves it on first: the end of its start window
   * (`scheduled`), the agent's time to join (`starting`), the longest it runs (`live`). Absent
   * where the platform sets none, and once it is closed.
   */
  readonly lapsesAt?: number;
  /**
   * Set when the platform closed it because nobody did: `window-passed` (cancelled: its start
   * window went by unstarted, answered or not), `not-confirmed` (ended: started, but the agent did
   * not join in time), `time-limit` (ended: live for the longest a check-in runs).
   */
  readonly lapsed?: 'window-passed' | 'not-confirmed' | 'time-limit';
}

/**
 * Check-in phases: `scheduled` (proposed or agreed), `starting` (the supervisor started it inside
 * its window and waits for the agent to confirm), `live`, `ended`, `cancelled` (declined,
 * withdrawn, or its window passed unused). A platform that closes the ones nobody closes says so
 * in {@link CheckIn.lapsed}.
 */
export const CHECK_IN_PHASES = ['scheduled', 'starting', 'live', 'ended', 'cancelled'] as const;
/** Where a check-in appointment is. */
export type CheckInPhase = (typeof CHECK_IN_PHASES)[number];

/** Connection statuses, the public face of the connection machine. */
export const CONNECTION_STATUSES = ['idle', 'connecting', 'live', 'reconnecting', 'offline', 'failed'] as const;
/** Our link to the vendor. */
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** The conversation id for a 1:1 chat between two people, the same whoever starts it. */
export function conversationId(a: string, b: string): string {
  return a < b ? `dm:${a}:${b}` : `dm:${b}:${a}`;
}

/** The conversation id of a team's channel. */
export function teamConversationId(teamId: string): string {
  return `team:${teamId}`;
}
