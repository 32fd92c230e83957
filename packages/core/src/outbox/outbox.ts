import type { Command, CommandEnvelope } from '../commands.js';
import type { FloorwalkError } from '../errors.js';
import type { IntentStorage } from './storage.js';

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
  /** The connection (a client from `connect()` to `disconnect()`) that holds it; another client takes it over only once that one is disconnected or gone. */
  readonly owner?: string;
  /**
   * In `getPendingIntents()`: issued by an earlier page (before a reload) and replayed by this
   * one, so a view can show it as waiting rather than lost.
   */
  readonly restored?: boolean;
}

/** An intent reached its outcome: fired once per intent, also for intents of a previous page. */
export interface IntentSettled {
  readonly key: string;
  /** The command as it was sent: with its key, issuer and time of issue. */
  readonly command: CommandEnvelope;
  readonly outcome: IntentOutcome;
  /** Why it did not go through (conflict, failure, cancellation). */
  readonly error?: FloorwalkError;
  /** Whether it was issued by an earlier page (a reload), or a client disconnected since, and replayed by this one. */
  readonly restored: boolean;
}

/** Options of the outbox, {@link FloorwalkOptions.outbox}. */
export interface OutboxOptions {
  /** Where intents are kept. Default: IndexedDB (`floorwalk`/`kv`), memory where it is missing. */
  readonly storage?: IntentStorage;
  /** Attempts per intent for errors that are safe to retry (same idempotency key). Default 5. */
  readonly maxAttempts?: number;
  /**
   * Most intents that wait unsettled at once, for this user on this adapter, including those
   * restored from an earlier page. A new command beyond it is refused with `QueueFull`; nothing
   * queued is ever dropped. Also bounds the in-memory queue of a client without an outbox.
   * Default 500.
   */
  readonly maxQueued?: number;
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
  'upTo',
] as const;

/** The command reduced to its known fields. @internal */
export function storableCommand(command: Command): Command {
  const source = command as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of FIELDS) if (source[field] !== undefined) out[field] = source[field];
  // A presence reason is a code, of which only { id, label } is kept; a raised hand's is its text.
  const reason = source.reason as { id?: unknown; label?: unknown } | string | undefined;
  if (typeof reason === 'string') out.reason = reason;
  else if (reason) out.reason = { id: reason.id, label: reason.label };
  return out as unknown as Command;
}

/** The storage key prefix of one user's intents on one adapter. @internal */
export function outboxPrefix(adapterId: string, userId: string): string {
  return `outbox/${encodeURIComponent(adapterId)}/${encodeURIComponent(userId)}/`;
}

interface OwnerLocks {
  request(name: string, options: { ifAvailable: true }, callback: (lock: unknown) => Promise<void> | void): Promise<unknown>;
}

const ownerLocks = (): OwnerLocks | undefined => (globalThis as unknown as { navigator?: { locks?: OwnerLocks } }).navigator?.locks;

/**
 * Holds the lock of a connection's intents for as long as `until` is pending: while a client is
 * connected, no other client (in this tab or another) replays its intents; once it disconnected
 * or its page is gone, exactly one client wins its lock and replays them (OUT-5). Resolves
 * whether the lock was won. Where Web Locks are missing there is one page, and every claim wins.
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
