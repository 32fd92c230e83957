import type { Command } from './commands.js';
import { ErrorCode, FloorwalkError } from './errors.js';
import { policyChangesProblem } from './policy/values.js';
import { ACTIVITY_BUCKETS, CHECK_IN_ANSWERS, MONITORING_MODES, PRESENCE_STATES } from './model/types.js';

const presenceStates = new Set<string>(PRESENCE_STATES);
const modes = new Set<string>(MONITORING_MODES);
const answers = new Set<string>(CHECK_IN_ANSWERS.filter((a) => a !== 'pending'));
const buckets = new Set<string>(ACTIVITY_BUCKETS);

/** Most people on one colleague call. */
export const MAX_CALL_PARTICIPANTS = 20;
/** Most message ids in one delivery receipt. */
const MAX_RECEIPT_IDS = 500;

/** Longest chat message or coaching note accepted, in characters. */
export const MAX_TEXT_LENGTH = 4000;

/** Longest id accepted: far above any platform's (ARNs, UUIDs), far below what would bloat storage. */
const MAX_ID_LENGTH = 1000;

function isId(v: unknown): boolean {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH;
}

function optMs(v: unknown): boolean {
  return v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0);
}

function idList(v: unknown, max: number): boolean {
  return Array.isArray(v) && v.length > 0 && v.length <= max && v.every(isId);
}

const CONVERSATION = /^(dm:[^:]+:[^:]+|team:.+)$/;

function text(v: unknown): boolean {
  return typeof v === 'string' && v.trim().length > 0 && v.length <= MAX_TEXT_LENGTH;
}

/**
 * Checks a command's arguments, which come from host code and, through elements, from people.
 * Throws `InvalidArgument` naming the field, so a plain JavaScript host learns what was wrong.
 * Adapters call it too, since they may be driven without a client.
 *
 * @example
 * ```ts
 * try { checkCommand(command); } catch (err) { return Promise.reject(err); }
 * ```
 */
export function checkCommand(command: Command): void {
  const c = command as unknown as Record<string, unknown>;
  const bad = (field: string, expected: string): never => {
    throw new FloorwalkError(ErrorCode.InvalidArgument, `${command.type}: ${field} must be ${expected}.`, {
      details: { field, value: c[field] },
    });
  };
  switch (command.type) {
    case 'set-presence':
      if (!isId(c.agentId)) bad('agentId', 'an agent id');
      if (!presenceStates.has(c.state as string)) bad('state', `one of ${PRESENCE_STATES.join(', ')}`);
      if (c.reason !== undefined) {
        const r = c.reason as Record<string, unknown> | null;
        if (typeof r !== 'object' || r === null || !isId(r.id) || typeof r.label !== 'string') bad('reason', 'a reason code { id, label }');
      }
      return;
    case 'start-monitoring':
      if (!isId(c.agentId)) bad('agentId', 'an agent id');
      if (!isId(c.interactionId)) bad('interactionId', 'an interaction id');
      if (!modes.has(c.mode as string)) bad('mode', 'listen, whisper or barge');
      if (!optMs(c.leaseMs)) bad('leaseMs', 'a non-negative number of milliseconds');
      return;
    case 'change-monitoring-mode':
      if (!isId(c.sessionId)) bad('sessionId', 'a monitoring session id');
      if (!modes.has(c.mode as string)) bad('mode', 'listen, whisper or barge');
      return;
    case 'stop-monitoring':
    case 'renew-monitoring':
      if (!isId(c.sessionId)) bad('sessionId', 'a monitoring session id');
      return;
    case 'raise-hand':
      if (!isId(c.agentId)) bad('agentId', 'an agent id');
      if (!text(c.reason)) bad('reason', `a non-empty text of at most ${MAX_TEXT_LENGTH} characters`);
      if (c.interactionId !== undefined && !isId(c.interactionId)) bad('interactionId', 'an interaction id');
      if (!optMs(c.escalateAfterMs)) bad('escalateAfterMs', 'a non-negative number of milliseconds');
      return;
    case 'acknowledge-help':
    case 'resolve-help':
      if (!isId(c.requestId)) bad('requestId', 'a help request id');
      return;
    case 'send-message':
      if (!isId(c.conversationId) || !CONVERSATION.test(c.conversationId as string)) {
        bad('conversationId', 'dm:<a>:<b> or team:<teamId>');
      }
      if (!text(c.body)) bad('body', `a non-empty text of at most ${MAX_TEXT_LENGTH} characters`);
      return;
    case 'add-coaching-note':
      if (!isId(c.agentId)) bad('agentId', 'an agent id');
      if (!text(c.body)) bad('body', `a non-empty text of at most ${MAX_TEXT_LENGTH} characters`);
      if (c.interactionId !== undefined && !isId(c.interactionId)) bad('interactionId', 'an interaction id');
      if (c.private !== undefined && typeof c.private !== 'boolean') bad('private', 'a boolean');
      return;
    case 'propose-check-in':
      if (!isId(c.agentId)) bad('agentId', 'an agent id');
      if (typeof c.scheduledFor !== 'number' || !Number.isFinite(c.scheduledFor)) bad('scheduledFor', 'a time in epoch ms');
      if (c.topic !== undefined && (typeof c.topic !== 'string' || c.topic.length > MAX_TEXT_LENGTH)) bad('topic', `a text of at most ${MAX_TEXT_LENGTH} characters`);
      if (!optMs(c.minNoticeMs)) bad('minNoticeMs', 'a non-negative number of milliseconds');
      return;
    case 'answer-check-in':
      if (!isId(c.checkInId)) bad('checkInId', 'a check-in id');
      if (!answers.has(c.answer as string)) bad('answer', 'accepted or declined');
      return;
    case 'mark-read':
      if (!isId(c.conversationId) || !CONVERSATION.test(c.conversationId as string)) bad('conversationId', 'dm:<a>:<b> or team:<teamId>');
      return;
    case 'mark-delivered':
      if (!isId(c.conversationId) || !CONVERSATION.test(c.conversationId as string)) bad('conversationId', 'dm:<a>:<b> or team:<teamId>');
      if (!idList(c.messageIds, MAX_RECEIPT_IDS)) bad('messageIds', `a list of 1 to ${MAX_RECEIPT_IDS} message ids`);
      return;
    case 'counter-check-in':
      if (!isId(c.checkInId)) bad('checkInId', 'a check-in id');
      if (typeof c.scheduledFor !== 'number' || !Number.isFinite(c.scheduledFor)) bad('scheduledFor', 'a time in epoch ms');
      return;
    case 'respond-check-in-counter':
      if (!isId(c.checkInId)) bad('checkInId', 'a check-in id');
      if (typeof c.accept !== 'boolean') bad('accept', 'a boolean');
      return;
    case 'start-check-in':
      if (!isId(c.checkInId)) bad('checkInId', 'a check-in id');
      if (!optMs(c.windowMs)) bad('windowMs', 'a non-negative number of milliseconds');
      return;
    case 'confirm-check-in':
    case 'end-check-in':
    case 'cancel-check-in':
      if (!isId(c.checkInId)) bad('checkInId', 'a check-in id');
      return;
    case 'schedule-coaching-session':
      if (!isId(c.agentId)) bad('agentId', 'an agent id');
      if (!text(c.topic)) bad('topic', `a non-empty text of at most ${MAX_TEXT_LENGTH} characters`);
      if (typeof c.at !== 'number' || !Number.isFinite(c.at)) bad('at', 'a time in epoch ms');
      if (typeof c.durationMs !== 'number' || !Number.isFinite(c.durationMs) || c.durationMs <= 0) bad('durationMs', 'a positive number of milliseconds');
      if (c.attendeeIds !== undefined && !(Array.isArray(c.attendeeIds) && c.attendeeIds.length <= MAX_CALL_PARTICIPANTS && c.attendeeIds.every(isId))) {
        bad('attendeeIds', `a list of at most ${MAX_CALL_PARTICIPANTS} user ids`);
      }
      return;
    case 'start-colleague-call':
      if (!idList(c.participantIds, MAX_CALL_PARTICIPANTS)) bad('participantIds', `a list of 1 to ${MAX_CALL_PARTICIPANTS} user ids`);
      return;
    case 'end-colleague-call':
      if (!isId(c.callId)) bad('callId', 'a colleague call id');
      return;
    case 'report-activity':
      if (!isId(c.agentId)) bad('agentId', 'an agent id');
      if (!buckets.has(c.bucket as string)) bad('bucket', 'active, idle or away');
      return;
    case 'set-policy': {
      const problem = policyChangesProblem(c.changes);
      if (problem !== null) throw new FloorwalkError(ErrorCode.InvalidArgument, `set-policy: ${problem}.`, { details: { field: 'changes', value: c.changes } });
      if (c.previous !== undefined && policyChangesProblem(c.previous) !== null) bad('previous', 'policy values');
      return;
    }
    default:
      throw new FloorwalkError(ErrorCode.InvalidArgument, `Unknown command type ${JSON.stringify(c.type)}.`);
  }
}
