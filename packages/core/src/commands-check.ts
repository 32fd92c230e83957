import type { Command } from './commands.js';
import { ErrorCode, FloorwalkError } from './errors.js';
import { policyChangesProblem } from './policy/values.js';
import { ACTIVITY_BUCKETS, CHECK_IN_ANSWERS, conversationId, MONITORING_MODES, PRESENCE_STATES } from './model/types.js';

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

function idList(v: unknown, max: number): boolean {
  return Array.isArray(v) && v.length > 0 && v.length <= max && v.every(isId);
}

const CONVERSATION = /^(dm:[^:]+:[^:]+|team:.+)$/;

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
  const bad = (field: string, expected: string, limit?: number): never => {
    throw new FloorwalkError(ErrorCode.InvalidArgument, `${command.type}: ${field} must be ${expected}.`, {
      // Free text (a chat body, a note) stays out of the error, which reaches logs and error events.
      details: limit ? { field, limit } : { field, value: c[field] },
    });
  };
  const id = (field: string, expected: string, optional?: 1): void => {
    if (!(optional && c[field] === undefined) && !isId(c[field])) bad(field, expected);
  };
  const ms = (field: string): void => {
    const v = c[field];
    if (v !== undefined && !(Number.isFinite(v) && (v as number) >= 0)) bad(field, 'a non-negative number of milliseconds');
  };
  const time = (field: string): void => {
    if (!Number.isFinite(c[field])) bad(field, 'a time in epoch ms');
  };
  /** A coaching session's time, and its length unless `length` is undefined. */
  const when = (length: unknown): void => {
    time('at');
    if (length !== undefined && !(Number.isFinite(c.durationMs) && (c.durationMs as number) > 0)) bad('durationMs', 'a positive number of milliseconds');
  };
  const text = (field: string, optional?: 1): void => {
    const v = c[field];
    if (!(optional && v === undefined) && !(typeof v === 'string' && v.length <= MAX_TEXT_LENGTH && (optional || v.trim()))) {
      bad(field, `a${optional ? '' : ' non-empty'} text of at most ${MAX_TEXT_LENGTH} characters`, MAX_TEXT_LENGTH);
    }
  };
  const conversation = (): void => {
    const v = c.conversationId as string;
    if (!isId(v) || !CONVERSATION.test(v)) bad('conversationId', 'dm:<a>:<b> or team:<teamId>');
    // One pair, one id: the other order would split their chat in two.
    const [a, b] = v.slice(3).split(':') as [string, string];
    if (v[0] === 'd' && a > b) bad('conversationId', conversationId(a, b));
  };
  const agent = (): void => id('agentId', 'an agent id');
  const checkIn = (): void => id('checkInId', 'a check-in id');
  switch (command.type) {
    case 'set-presence':
      agent();
      if (!presenceStates.has(c.state as string)) bad('state', `one of ${PRESENCE_STATES.join(', ')}`);
      if (c.reason !== undefined) {
        const r = c.reason as { id?: unknown; label?: unknown } | null;
        if (!isId(r?.id) || typeof r?.label !== 'string') bad('reason', 'a reason code { id, label }');
      }
      return;
    case 'start-monitoring':
      agent();
      id('interactionId', 'an interaction id');
      if (!modes.has(c.mode as string)) bad('mode', 'listen, whisper or barge');
      return ms('leaseMs');
    case 'change-monitoring-mode':
      id('sessionId', 'a monitoring session id');
      if (!modes.has(c.mode as string)) bad('mode', 'listen, whisper or barge');
      return;
    case 'stop-monitoring':
    case 'renew-monitoring':
      return id('sessionId', 'a monitoring session id');
    case 'raise-hand':
      agent();
      text('reason');
      id('interactionId', 'an interaction id', 1);
      return ms('escalateAfterMs');
    case 'acknowledge-help':
    case 'resolve-help':
      return id('requestId', 'a help request id');
    case 'send-message':
      conversation();
      return text('body');
    case 'add-coaching-note':
      agent();
      text('body');
      id('interactionId', 'an interaction id', 1);
      if (c.private !== undefined && typeof c.private !== 'boolean') bad('private', 'a boolean');
      return;
    case 'propose-check-in':
      agent();
      time('scheduledFor');
      text('topic', 1);
      return ms('minNoticeMs');
    case 'answer-check-in':
      checkIn();
      if (!answers.has(c.answer as string)) bad('answer', 'accepted or declined');
      return;
    case 'mark-read': {
      conversation();
      const u = c.upTo as { sentAt?: unknown; id?: unknown } | undefined;
      if (u !== undefined && !(Number.isFinite(u?.sentAt) && isId(u?.id))) bad('upTo', 'a message { sentAt, id }');
      return;
    }
    case 'mark-delivered':
      conversation();
      if (!idList(c.messageIds, MAX_RECEIPT_IDS)) bad('messageIds', `a list of 1 to ${MAX_RECEIPT_IDS} message ids`);
      return;
    case 'counter-check-in':
      checkIn();
      return time('scheduledFor');
    case 'respond-check-in-counter':
      checkIn();
      if (typeof c.accept !== 'boolean') bad('accept', 'a boolean');
      return;
    case 'start-check-in':
      checkIn();
      return ms('windowMs');
    case 'confirm-check-in':
    case 'end-check-in':
    case 'cancel-check-in':
      return checkIn();
    case 'schedule-coaching-session':
      agent();
      text('topic');
      if (c.attendeeIds !== undefined && !(Array.isArray(c.attendeeIds) && c.attendeeIds.length <= MAX_CALL_PARTICIPANTS && c.attendeeIds.every(isId))) {
        bad('attendeeIds', `a list of at most ${MAX_CALL_PARTICIPANTS} user ids`);
      }
      return when(1);
    case 'reschedule-coaching-session':
      id('sessionId', 'a coaching session id');
      // A new time is checked as a first one is; a move may keep the length it had.
      return when(c.durationMs);
    case 'cancel-coaching-session':
      return id('sessionId', 'a coaching session id');
    case 'start-colleague-call':
      if (!idList(c.participantIds, MAX_CALL_PARTICIPANTS)) bad('participantIds', `a list of 1 to ${MAX_CALL_PARTICIPANTS} user ids`);
      return;
    case 'end-colleague-call':
      return id('callId', 'a colleague call id');
    case 'report-activity':
      agent();
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
