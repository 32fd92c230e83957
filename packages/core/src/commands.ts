import type { CheckInAnswer, MonitoringMode, PresenceState, ReasonCode } from './model/types.js';

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
}

/** Propose a scheduled check-in to an agent. */
export interface ProposeCheckInCommand {
  readonly type: 'propose-check-in';
  readonly agentId: string;
  readonly scheduledFor: number;
  readonly topic?: string;
}

/** An agent accepts or declines a proposed check-in. */
export interface AnswerCheckInCommand {
  readonly type: 'answer-check-in';
  readonly checkInId: string;
  readonly answer: Exclude<CheckInAnswer, 'pending'>;
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
  | AnswerCheckInCommand;

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
};
