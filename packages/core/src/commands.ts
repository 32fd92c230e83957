import type { ActivityBucket, CheckInAnswer, MonitoringMode, PresenceState, ReasonCode } from './model/types.js';
import type { PolicyChanges } from './policy/values.js';

/** Set an agent's presence (one's own, or another's for a supervisor). */
export interface SetPresenceCommand {
  readonly type: 'set-presence';
  readonly agentId: string;
  readonly state: PresenceState;
  readonly reason?: ReasonCode;
}

/** Start monitoring an agent's live interaction. */
export interface StartMonitoringCommand {
  readonly type: 'start-monitoring';
  readonly agentId: string;
  readonly interactionId: string;
  readonly mode: MonitoringMode;
  /**
   * Lease length asked of the platform (the client fills it from the policy's
   * `monitoringLeaseMs`): the session ends unless renewed within it.
   */
  readonly leaseMs?: number;
}

/** Switch an active monitoring session to another mode. */
export interface ChangeMonitoringModeCommand {
  readonly type: 'change-monitoring-mode';
  readonly sessionId: string;
  readonly mode: MonitoringMode;
}

/** End a monitoring session. */
export interface StopMonitoringCommand {
  readonly type: 'stop-monitoring';
  readonly sessionId: string;
}

/** An agent asks for help. */
export interface RaiseHandCommand {
  readonly type: 'raise-hand';
  readonly agentId: string;
  readonly reason: string;
  readonly interactionId?: string;
  /** Escalate to the team's next supervisor when nobody acknowledged within this time (the client fills it from the policy's `helpEscalationMs`). */
  readonly escalateAfterMs?: number;
}

/** A supervisor takes a help request. */
export interface AcknowledgeHelpCommand {
  readonly type: 'acknowledge-help';
  readonly requestId: string;
}

/** A help request is done (by the supervisor who took it, or cancelled by the agent). */
export interface ResolveHelpCommand {
  readonly type: 'resolve-help';
  readonly requestId: string;
}

/** Send a chat message to a 1:1 or team conversation. */
export interface SendMessageCommand {
  readonly type: 'send-message';
  readonly conversationId: string;
  readonly body: string;
}

/** Write a coaching note about an agent. */
export interface AddCoachingNoteCommand {
  readonly type: 'add-coaching-note';
  readonly agentId: string;
  readonly body: string;
  readonly interactionId?: string;
  /** Keep the note from the agent (supervisors only). Needs the policy's `privateCoachingNotes: true`. */
  readonly private?: boolean;
}

/** Propose a scheduled check-in to an agent. */
export interface ProposeCheckInCommand {
  readonly type: 'propose-check-in';
  readonly agentId: string;
  readonly scheduledFor: number;
  readonly topic?: string;
  /** The least notice the tenant requires (the client fills it from the policy's `checkInNoticeMs`). */
  readonly minNoticeMs?: number;
}

/** An agent accepts or declines a proposed check-in. */
export interface AnswerCheckInCommand {
  readonly type: 'answer-check-in';
  readonly checkInId: string;
  readonly answer: Exclude<CheckInAnswer, 'pending'>;
}

/** Mark a conversation read, for the session's user, up to the newest message they have seen. */
export interface MarkReadCommand {
  readonly type: 'mark-read';
  readonly conversationId: string;
  /**
   * The newest message the reader has seen: its `sentAt`, and its id for messages sent in the
   * same millisecond. Later messages stay unread, even when this command is replayed from the
   * outbox. The client fills it in; without it the platform marks up to its own newest message.
   */
  readonly upTo?: { readonly sentAt: number; readonly id: string };
}

/**
 * Tell the platform this user's client received messages (1:1 `sent` becomes `delivered`). Sent
 * by the client itself when messages arrive; not kept in the outbox.
 */
export interface MarkDeliveredCommand {
  readonly type: 'mark-delivered';
  readonly conversationId: string;
  readonly messageIds: readonly string[];
}

/** The agent proposes another time for a check-in instead of accepting or declining it. */
export interface CounterCheckInCommand {
  readonly type: 'counter-check-in';
  readonly checkInId: string;
  readonly scheduledFor: number;
}

/** The supervisor accepts (the check-in moves to the agent's time) or refuses (it is cancelled) the agent's counter-proposal. */
export interface RespondCheckInCounterCommand {
  readonly type: 'respond-check-in-counter';
  readonly checkInId: string;
  readonly accept: boolean;
}

/**
 * The supervisor starts an accepted check-in inside its window; it goes live only once the agent
 * confirms.
 */
export interface StartCheckInCommand {
  readonly type: 'start-check-in';
  readonly checkInId: string;
  /** How long before and after its time a check-in may start (the client fills it from the policy's `checkInWindowMs`). */
  readonly windowMs?: number;
}

/** The agent confirms a started check-in, which then goes live. */
export interface ConfirmCheckInCommand {
  readonly type: 'confirm-check-in';
  readonly checkInId: string;
}

/** Either side ends a live (or starting) check-in. */
export interface EndCheckInCommand {
  readonly type: 'end-check-in';
  readonly checkInId: string;
}

/** Either side cancels a check-in that has not started. */
export interface CancelCheckInCommand {
  readonly type: 'cancel-check-in';
  readonly checkInId: string;
}

/**
 * Renews the lease of the supervisor's own active monitoring session. Sent by the client itself
 * while it is live; never kept in the outbox, since a renewal that waited is worthless.
 */
export interface RenewMonitoringCommand {
  readonly type: 'renew-monitoring';
  readonly sessionId: string;
}

/** Schedule a coaching session with an agent. */
export interface ScheduleCoachingSessionCommand {
  readonly type: 'schedule-coaching-session';
  readonly agentId: string;
  readonly topic: string;
  /** When it starts (epoch ms), in the future. */
  readonly at: number;
  readonly durationMs: number;
  /** Other attendees besides the organiser and the agent. */
  readonly attendeeIds?: readonly string[];
}

/**
 * Move a scheduled coaching session to another time, and optionally another length: its
 * organiser, or a supervisor over the agent's team (`coaching:manage:team`).
 */
export interface RescheduleCoachingSessionCommand {
  readonly type: 'reschedule-coaching-session';
  readonly sessionId: string;
  /** The new start (epoch ms), in the future. */
  readonly at: number;
  /** The new length; the session keeps its own when omitted. */
  readonly durationMs?: number;
}

/**
 * Cancel a scheduled coaching session: its organiser, a supervisor over the agent's team
 * (`coaching:manage:team`), or the agent it is about, who may decline it.
 */
export interface CancelCoachingSessionCommand {
  readonly type: 'cancel-coaching-session';
  readonly sessionId: string;
}

/** Start an internal 1:1 or team call, where the platform supports internal calls. */
export interface StartColleagueCallCommand {
  readonly type: 'start-colleague-call';
  /** Everyone to call, the caller excluded. One id makes a direct call, more a team call. */
  readonly participantIds: readonly string[];
}

/** Leave (end, for a direct call) a colleague call. */
export interface EndColleagueCallCommand {
  readonly type: 'end-colleague-call';
  readonly callId: string;
}

/**
 * Share the agent's current activity bucket. Sent by the client itself, only when the tenant's
 * policy turns the activity signal on; never carries input counts.
 */
export interface ReportActivityCommand {
  readonly type: 'report-activity';
  readonly agentId: string;
  readonly bucket: ActivityBucket;
}

/**
 * Change tenant policy values while clients run (admins, `policy:write`). Every client on the
 * platform applies the new values; agents are told when notices go off or their activity is
 * shared. Audited as `policy.set` (and `policy.monitoring-notice-off`).
 */
export interface SetPolicyCommand {
  readonly type: 'set-policy';
  readonly changes: PolicyChanges;
  /**
   * The values the issuing client had in force for the changed fields, for the audit trail's
   * "from". The client fills it from its own policy; a host's value is replaced.
   */
  readonly previous?: PolicyChanges;
}

/** Every command a client can issue, discriminated by `type`. */
export type Command =
  | SetPresenceCommand
  | StartMonitoringCommand
  | ChangeMonitoringModeCommand
  | StopMonitoringCommand
  | RaiseHandCommand
  | AcknowledgeHelpCommand
  | ResolveHelpCommand
  | SendMessageCommand
  | AddCoachingNoteCommand
  | ProposeCheckInCommand
  | AnswerCheckInCommand
  | MarkReadCommand
  | MarkDeliveredCommand
  | CounterCheckInCommand
  | RespondCheckInCounterCommand
  | StartCheckInCommand
  | ConfirmCheckInCommand
  | EndCheckInCommand
  | CancelCheckInCommand
  | RenewMonitoringCommand
  | ScheduleCoachingSessionCommand
  | RescheduleCoachingSessionCommand
  | CancelCoachingSessionCommand
  | StartColleagueCallCommand
  | EndColleagueCallCommand
  | ReportActivityCommand
  | SetPolicyCommand;

/** The `type` values of commands. */
export type CommandType = Command['type'];

/** Every command type, for runtime checks and capability lists. */
export const COMMAND_TYPES = [
  'set-presence',
  'start-monitoring',
  'change-monitoring-mode',
  'stop-monitoring',
  'raise-hand',
  'acknowledge-help',
  'resolve-help',
  'send-message',
  'add-coaching-note',
  'propose-check-in',
  'answer-check-in',
  'mark-read',
  'mark-delivered',
  'counter-check-in',
  'respond-check-in-counter',
  'start-check-in',
  'confirm-check-in',
  'end-check-in',
  'cancel-check-in',
  'renew-monitoring',
  'schedule-coaching-session',
  'reschedule-coaching-session',
  'cancel-coaching-session',
  'start-colleague-call',
  'end-colleague-call',
  'report-activity',
  'set-policy',
] as const satisfies readonly CommandType[];

/**
 * A command as the adapter receives it: checked by policy and stamped by the client.
 * `key` is an idempotency key: executing the same key twice must have one effect.
 */
export type CommandEnvelope<C extends Command = Command> = C & {
  readonly key: string;
  /** The user id of the session that issued it. */
  readonly issuedBy: string;
  readonly issuedAt: number;
  /**
   * Queued by an earlier page (a reload) or a tab since closed, and sent again from storage by
   * this one. That page may have sent it and lost the answer, and its memory of that went with it:
   * an adapter whose vendor takes no idempotency key looks at what the command would do before
   * sending it again, as after a lost answer.
   */
  readonly restored?: true;
};
