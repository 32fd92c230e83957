/**
 * Stable numeric error codes. Codes never change meaning once published; new ones are added.
 * 1xxx: the caller's input; 2xxx: permissions; 3xxx: connection and capability;
 * 4xxx: the vendor or adapter; 5xxx: Floorwalk itself.
 */
export const ErrorCode = {
  /** A command or option had a missing or wrong argument. */
  InvalidArgument: 1000,
  /** The agent id is not known to this session. */
  UnknownAgent: 1001,
  /** The interaction id is not known to this session. */
  UnknownInteraction: 1002,
  /** The entity (session, help request, check-in, conversation) is not known. */
  UnknownEntity: 1003,
  /** The command conflicts with the current state (e.g. already monitoring this interaction). */
  Conflict: 1004,
  /** A check-in was proposed with less notice than the tenant's policy requires. */
  NoticeTooShort: 1005,
  /** A check-in was started outside its window (too early or too late). */
  OutsideWindow: 1006,
  /** The session's role lacks the permission. */
  Forbidden: 2000,
  /** The target is outside the teams this session may see or act on. */
  OutOfScope: 2001,
  /** Policy requires a fresh user verification (step-up) and the host offers no way to make one. */
  StepUpRequired: 2002,
  /** The user verification (step-up) was refused, cancelled or rejected by the relying party. */
  StepUpFailed: 2003,
  /** No live connection and the command cannot wait. */
  NotConnected: 3000,
  /** The adapter (or the vendor platform) cannot do this. */
  Unsupported: 3001,
  /** The client was disconnected while the command waited. */
  Cancelled: 3002,
  /**
   * Code the client loads on first use (a part behind a dynamic import: step-up, reveal, the
   * outbox's replay) could not be fetched, as when the network drops. Retryable.
   */
  LoadFailed: 3003,
  /**
   * Too many commands already wait to be sent (`outbox.maxQueued`, 500 by default), as when a
   * host loops a command while offline. Not retryable: nothing queued is dropped to make room,
   * and a loop that retries would only grow; try again once the queue drained (`intent` events).
   */
  QueueFull: 3004,
  /**
   * The outbox could not store a command where a reload finds it: its storage rejected the
   * write, or IndexedDB is missing or failing (a private mode, quota, another tab keeping it from
   * opening for 5 s) and the
   * storage went on in memory (reported once). Nothing is lost now and commands still go, but
   * those queued will not survive a reload. Also a storage that fails to read back what an earlier
   * page queued (those commands are not sent) or to forget a settled command (a reload may send it
   * again). Not retryable.
   */
  StorageFailed: 3005,
  /** An adapter delivered an event that is not a valid canonical event. */
  MalformedEvent: 4000,
  /** The vendor rejected or failed a call. */
  VendorError: 4001,
  /** The vendor rejected our credentials. */
  AuthFailed: 4002,
  /** The vendor asked us to slow down. */
  RateLimited: 4003,
  /** A subscriber callback threw; Floorwalk caught it and carried on. */
  ListenerFailed: 5000,
  /** Anything else; a bug in Floorwalk. */
  Internal: 5001,
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

const RETRYABLE = new Set<number>([
  ErrorCode.NotConnected,
  ErrorCode.LoadFailed,
  ErrorCode.VendorError,
  ErrorCode.RateLimited,
]);

/** Options for {@link FloorwalkError}. */
export interface FloorwalkErrorOptions {
  /** Whether the same call may succeed later. Defaults per code. */
  readonly retryable?: boolean;
  /** The lower-level error, if any. */
  readonly cause?: unknown;
  /** Structured context: the offending field, the agent id, the vendor status. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * The one error type Floorwalk raises or reports. Branch on `code`, never on the message,
 * which is written for the person reading a log.
 *
 * @example
 * ```ts
 * try {
 *   await client.setAgentPresence('a-17', 'break');
 * } catch (err) {
 *   if (err instanceof FloorwalkError && err.code === ErrorCode.Forbidden) showNoPermission();
 * }
 * ```
 */
export class FloorwalkError extends Error {
  override readonly name = 'FloorwalkError';
  readonly code: ErrorCodeValue;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCodeValue, message: string, options: FloorwalkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE.has(code);
    this.details = options.details;
  }
}

/** True for a {@link FloorwalkError}, also one made by another copy of this package. */
export function isFloorwalkError(value: unknown): value is FloorwalkError {
  return (
    value instanceof FloorwalkError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'FloorwalkError' &&
      typeof (value as { code?: unknown }).code === 'number')
  );
}

/**
 * Wraps anything thrown into a {@link FloorwalkError}, keeping one that already is (also one made
 * by another copy of this package). For adapters: whatever a vendor SDK or `fetch` throws, the
 * client and the conformance suite expect a FloorwalkError with a stable `code`. The message is
 * `message` followed by the thrown value's own, and the value is kept as `cause`.
 *
 * @param value - What was thrown or rejected with.
 * @param code - The code for a value that is not a FloorwalkError yet.
 * @param message - What failed, in the adapter's words; the thrown value's message is appended.
 * @example
 * ```ts
 * async execute(command) {
 *   try {
 *     await vendor.setStatus(command.agentId, command.state);
 *   } catch (err) {
 *     throw toFloorwalkError(err, ErrorCode.VendorError, `acme could not ${command.type}`);
 *   }
 * }
 * ```
 */
export function toFloorwalkError(value: unknown, code: ErrorCodeValue, message: string): FloorwalkError {
  if (isFloorwalkError(value)) return value;
  const detail = value instanceof Error ? value.message : String(value);
  return new FloorwalkError(code, `${message}: ${detail}`, { cause: value });
}
