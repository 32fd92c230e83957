import type { Command } from './commands.js';
import { ErrorCode, FloorwalkError } from './errors.js';
import { CHECK_IN_ANSWERS, MONITORING_MODES, PRESENCE_STATES } from './model/types.js';

const presenceStates = new Set<string>(PRESENCE_STATES);
const modes = new Set<string>(MONITORING_MODES);
const answers = new Set<string>(CHECK_IN_ANSWERS.filter((a) => a !== 'pending'));

/** Longest chat message or coaching note accepted, in characters. */
export const MAX_TEXT_LENGTH = 4000;

function isId(v: unknown): boolean {
  return typeof v === 'string' && v.length > 0;
}

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
      return;
    case 'change-monitoring-mode':
      if (!isId(c.sessionId)) bad('sessionId', 'a monitoring session id');
      if (!modes.has(c.mode as string)) bad('mode', 'listen, whisper or barge');
      return;
    case 'stop-monitoring':
      if (!isId(c.sessionId)) bad('sessionId', 'a monitoring session id');
      return;
    case 'raise-hand':
      if (!isId(c.agentId)) bad('agentId', 'an agent id');
      if (!text(c.reason)) bad('reason', `a non-empty text of at most ${MAX_TEXT_LENGTH} characters`);
      if (c.interactionId !== undefined && !isId(c.interactionId)) bad('interactionId', 'an interaction id');
      return;
    case 'acknowledge-help':
    case 'resolve-help':
      if (!isId(c.requestId)) bad('requestId', 'a help request id');
      return;
    case 'send-message':
      if (!isId(c.conversationId) || !/^(dm:[^:]+:[^:]+|team:.+)$/.test(c.conversationId as string)) {
        bad('conversationId', 'dm:<a>:<b> or team:<teamId>');
      }
      if (!text(c.body)) bad('body', `a non-empty text of at most ${MAX_TEXT_LENGTH} characters`);
      return;
    case 'add-coaching-note':
      if (!isId(c.agentId)) bad('agentId', 'an agent id');
      if (!text(c.body)) bad('body', `a non-empty text of at most ${MAX_TEXT_LENGTH} characters`);
      if (c.interactionId !== undefined && !isId(c.interactionId)) bad('interactionId', 'an interaction id');
      return;
    case 'propose-check-in':
      if (!isId(c.agentId)) bad('agentId', 'an agent id');
      if (typeof c.scheduledFor !== 'number' || !Number.isFinite(c.scheduledFor)) bad('scheduledFor', 'a time in epoch ms');
      if (c.topic !== undefined && typeof c.topic !== 'string') bad('topic', 'a string');
      return;
    case 'answer-check-in':
      if (!isId(c.checkInId)) bad('checkInId', 'a check-in id');
      if (!answers.has(c.answer as string)) bad('answer', 'accepted or declined');
      return;
    default:
      throw new FloorwalkError(ErrorCode.InvalidArgument, `Unknown command type ${JSON.stringify(c.type)}.`);
  }
}
