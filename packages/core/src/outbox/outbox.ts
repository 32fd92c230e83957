import type { Command, CommandEnvelope } from '../commands.js';
import { ErrorCode, FloorwalkError } from '../errors.js';
import type { Interaction } from '../model/types.js';
import type { Store } from '../store/store.js';
import type { IntentStorage } from './storage.js';
import type { PolicyValues } from '../policy/values.js';

/** How an intent ended. Each intent ends exactly once. */
export type IntentOutcome = 'confirmed' | 'conflict' | 'failed' | 'cancelled';

/** An intent as the outbox stores it: the command and its stamp, nothing else. */
export interface StoredIntent {
  /** The idempotency key, the same on every attempt. */
  readonly key: string;
  /** Order of issue within the page that issued it. */
  readonly seq: number;
  readonly command: Command;
  readonly issuedBy: string;
  readonly issuedAt: number;
  /** The page (client instance) that holds it; another page takes it over only once that one is gone. */
  readonly owner?: string;
}

/** An intent reached its outcome: fired once per intent, also for intents of a previous page. */
export interface IntentSettled {
  readonly key: string;
  readonly command: Command;
  readonly outcome: IntentOutcome;
  /** Why it did not go through (conflict, failure, cancellation). */
  readonly error?: FloorwalkError;
  /** Whether it was issued by an earlier page (a reload) and replayed by this one. */
  readonly restored: boolean;
}

/** Options of the outbox, {@link FloorwalkOptions.outbox}. */
export interface OutboxOptions {
  /** Where intents are kept. Default: IndexedDB (`floorwalk`/`kv`), memory where it is missing. */
  readonly storage?: IntentStorage;
  /** Attempts per intent for errors that are safe to retry (same idempotency key). Default 5. */
  readonly maxAttempts?: number;
}

// Only these fields of a command are ever written: a host that hangs a token or a customer
// record on a command object does not get it stored (OUT-3).
const FIELDS = [
  'type',
  'agentId',
  'state',
  'interactionId',
  'mode',
  'sessionId',
  'requestId',
  'conversationId',
  'body',
  'scheduledFor',
  'topic',
  'checkInId',
  'answer',
  'accept',
  'at',
  'durationMs',
  'attendeeIds',
  'participantIds',
  'callId',
  'leaseMs',
  'escalateAfterMs',
  'private',
  'minNoticeMs',
  'windowMs',
  'changes',
  'previous',
] as const;

/** The command reduced to its known fields. @internal */
export function storableCommand(command: Command): Command {
  const source = command as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of FIELDS) if (source[field] !== undefined) out[field] = source[field];
  const reason = source.reason as { id?: unknown; label?: unknown } | undefined;
  if (reason !== undefined && reason !== null) out.reason = { id: reason.id, label: reason.label };
  return out as unknown as Command;
}

/** The storage key prefix of one user's intents on one adapter. @internal */
export function outboxPrefix(adapterId: string, userId: string): string {
  return `outbox/${encodeURIComponent(adapterId)}/${encodeURIComponent(userId)}/`;
}

/** Reads back the stored intents under `prefix`, in issue order. @internal */
export async function loadIntents(storage: IntentStorage, prefix: string): Promise<StoredIntent[]> {
  const out: StoredIntent[] = [];
  for (const [key, value] of await storage.entries()) {
    if (typeof key !== 'string' || !key.startsWith(prefix)) continue;
    const v = value as Partial<StoredIntent> | null;
    if (v === null || typeof v !== 'object' || typeof v.key !== 'string' || typeof v.command !== 'object' || v.command === null) continue;
    out.push(v as StoredIntent);
  }
  return out.sort((a, b) => a.issuedAt - b.issuedAt || a.seq - b.seq);
}

const LIVE_CALL = new Set<Interaction['state']>(['offered', 'connected', 'held']);

/**
 * Whether the world moved on since the intent was issued, so replaying it would act on a state
 * its author never saw (OUT-4). Checked against the store after the resync, for intents that
 * waited through a gap or a reload. Returns the conflict, or null when it is still meant.
 *
 * @internal
 */
export function movedOn(envelope: CommandEnvelope, store: Store, policy?: PolicyValues): FloorwalkError | null {
  const conflict = (message: string, details: Record<string, unknown>): FloorwalkError =>
    new FloorwalkError(ErrorCode.Conflict, `${envelope.type} was not replayed: ${message}.`, { details: { key: envelope.key, ...details } });
  switch (envelope.type) {
    case 'set-presence': {
      const agent = store.agents.get(envelope.agentId);
      if (agent === undefined) return conflict('the agent is gone', { agentId: envelope.agentId });
      if (agent.presence.since > envelope.issuedAt && agent.presence.state !== envelope.state) {
        return conflict(`the presence was changed to ${agent.presence.state} meanwhile`, { agentId: envelope.agentId, current: agent.presence.state });
      }
      for (const id of store.liveInteractionIds(envelope.agentId) ?? []) {
        const i = store.interactions.get(id);
        if (i !== undefined && LIVE_CALL.has(i.state) && i.createdAt > envelope.issuedAt) {
          return conflict('the agent was given an interaction meanwhile', { agentId: envelope.agentId, interactionId: id });
        }
      }
      return null;
    }
    case 'start-monitoring': {
      const i = store.interactions.get(envelope.interactionId);
      if (i === undefined || (i.state !== 'connected' && i.state !== 'held') || i.agentId !== envelope.agentId) {
        return conflict('the interaction is no longer live', { interactionId: envelope.interactionId });
      }
      return null;
    }
    case 'change-monitoring-mode':
    case 'stop-monitoring': {
      const s = store.monitoring.get(envelope.sessionId);
      return s === undefined || s.endedAt !== undefined ? conflict('the monitoring session has ended', { sessionId: envelope.sessionId }) : null;
    }
    case 'acknowledge-help': {
      const r = store.helpRequests.get(envelope.requestId);
      return r === undefined || r.state !== 'open' ? conflict('the help request is no longer open', { requestId: envelope.requestId }) : null;
    }
    case 'resolve-help': {
      const r = store.helpRequests.get(envelope.requestId);
      return r === undefined || r.state === 'resolved' || r.state === 'cancelled'
        ? conflict('the help request is closed', { requestId: envelope.requestId })
        : null;
    }
    case 'answer-check-in': {
      const c = store.checkIns.get(envelope.checkInId);
      return c !== undefined && c.answer !== 'pending' ? conflict('the check-in was answered', { checkInId: envelope.checkInId }) : null;
    }
    case 'set-policy': {
      // Another admin's change to the same field since this one was issued wins: replaying would
      // silently undo a decision its author never saw. A field already at the wanted value is fine.
      if (policy === undefined || envelope.previous === undefined) return null;
      const wanted = envelope.changes as Record<string, unknown>;
      const was = envelope.previous as Record<string, unknown>;
      const now = policy as unknown as Record<string, unknown>;
      const changed = Object.keys(wanted).filter((field) => !samePolicyValue(now[field], was[field]) && !samePolicyValue(now[field], wanted[field]));
      return changed.length === 0 ? null : conflict(`${changed.join(', ')} changed meanwhile`, { fields: changed });
    }
    default:
      return null;
  }
}

/**
 * Whether the value in force matches `expected`: policy values are primitives or one level of
 * them (the activity signal), and a change may name only some of that object's fields.
 */
function samePolicyValue(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return false;
  return Object.entries(expected).every(([key, value]) => (actual as Record<string, unknown>)[key] === value);
}

interface OwnerLocks {
  request(name: string, options: { ifAvailable: true }, callback: (lock: unknown) => Promise<void> | void): Promise<unknown>;
}

const ownerLocks = (): OwnerLocks | undefined => (globalThis as unknown as { navigator?: { locks?: OwnerLocks } }).navigator?.locks;

/**
 * Holds the lock of a page's intents for as long as `until` is pending: while a page lives, no
 * other tab replays its intents; once it is gone, exactly one tab wins its lock and replays them
 * (OUT-5). Resolves whether the lock was won. Where Web Locks are missing there is one page.
 *
 * @internal
 */
export function claimOwner(owner: string, until: Promise<void>): Promise<boolean> {
  const locks = ownerLocks();
  if (locks === undefined) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    locks
      .request(`floorwalk:outbox:${owner}`, { ifAvailable: true }, (lock) => {
        resolve(lock !== null);
        return lock === null ? undefined : until;
      })
      .catch(() => resolve(false));
  });
}
