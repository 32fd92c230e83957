import { ErrorCode, type FloorwalkError } from '../errors.js';

/** Delays of the client's own reconnection, all in milliseconds. Every field is optional. */
export interface ReconnectOptions {
  /** Fast tier: the delay before attempt n is `delays[n]`, the last one repeating. Not empty. */
  readonly delays?: readonly number[];
  /** Slow tier, used while the vendor says slow down (`RateLimited`, capacity). Not empty. */
  readonly slowDelays?: readonly number[];
  /** Share of each delay drawn at random either way (0.2: ±20 %), so clients do not retry in step. */
  readonly jitter?: number;
  /** Source of randomness in [0, 1); seeded in tests. Defaults to `Math.random`. */
  readonly random?: () => number;
  /** How long a liveness check may take before the link is considered dead. Default 5 s. */
  readonly livenessTimeoutMs?: number;
  /**
   * How long a connect's or resync's snapshot may take before the link is treated as lost and
   * re-opened: a REST call on a dead link may never answer. Default 5 min: a large board's
   * snapshot is many paced REST calls (Genesys reads each live conversation, 240 a minute), and
   * one cut short is read again from the start. Set it above your largest board's snapshot time.
   */
  readonly snapshotTimeoutMs?: number;
}

/** Defaults of {@link ReconnectOptions}. @internal */
export const DEFAULT_RECONNECT = {
  delays: [250, 500, 1000, 2000, 4000, 7000, 10_000],
  slowDelays: [5000, 15_000, 30_000, 60_000, 120_000],
  jitter: 0.2,
  livenessTimeoutMs: 5000,
  snapshotTimeoutMs: 300_000,
} as const;

/** The tier a failure puts the client in. @internal */
export type RetryTier = 'fast' | 'slow' | 'auth' | 'stop';

/**
 * Which tier a failure belongs to (CONN-4). Auth failures stop blind retries and ask the host;
 * errors that will not get better by waiting stop; rate limits and capacity go slow.
 *
 * @internal
 */
export function tierOf(error: FloorwalkError): RetryTier {
  if (error.code === ErrorCode.AuthFailed) return 'auth';
  if (error.code === ErrorCode.RateLimited || typeof error.details?.retryAfterMs === 'number') return 'slow';
  return error.retryable ? 'fast' : 'stop';
}

/**
 * The delay before retry `attempt` (0-based) in `tier`, with jitter; never shorter than a
 * vendor's `retryAfterMs` (CONN-4b).
 *
 * @internal
 */
export function backoffDelay(attempt: number, tier: 'fast' | 'slow', options: ReconnectOptions, error?: FloorwalkError): number {
  const list = (tier === 'slow' ? options.slowDelays : options.delays) ?? (tier === 'slow' ? DEFAULT_RECONNECT.slowDelays : DEFAULT_RECONNECT.delays);
  // Never empty: createFloorwalk refuses an empty list.
  const base = list[Math.min(Math.max(0, attempt), list.length - 1)] as number;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? DEFAULT_RECONNECT.jitter));
  const random = options.random ?? Math.random;
  const jittered = Math.round(base * (1 - jitter + 2 * jitter * random()));
  const after = error?.details?.retryAfterMs;
  return typeof after === 'number' && Number.isFinite(after) ? Math.max(jittered, after) : jittered;
}
