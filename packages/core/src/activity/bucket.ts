import type { ActivityBucket } from '../model/types.js';

/** Options of {@link ActivityBucketer}. */
export interface ActivityBucketerOptions {
  /** With no input for this long, the agent is `idle`. Default 60 s. */
  readonly idleAfterMs?: number;
  /** With no input for this long, the agent is `away`. Default 5 min. */
  readonly awayAfterMs?: number;
}

/**
 * Turns counts of input events into a coarse bucket, on the device. It is given numbers only
 * (how many pointer, key, wheel and touch events happened since the last call), never what they
 * were, so there is nothing finer to leak.
 *
 * @example
 * ```ts
 * const bucketer = new ActivityBucketer({ idleAfterMs: 60_000, awayAfterMs: 300_000 });
 * bucketer.update(12, Date.now()); // 'active'
 * ```
 */
export class ActivityBucketer {
  private readonly idleAfterMs: number;
  private readonly awayAfterMs: number;
  private lastInputAt: number | undefined;

  constructor(options: ActivityBucketerOptions = {}) {
    this.idleAfterMs = Math.max(0, options.idleAfterMs ?? 60_000);
    this.awayAfterMs = Math.max(this.idleAfterMs, options.awayAfterMs ?? 300_000);
  }

  /** Adds the count of input events since the last call (at `now`) and returns the bucket. */
  update(count: number, now: number): ActivityBucket {
    if (Number.isFinite(count) && count > 0) this.lastInputAt = now;
    // The first call starts the quiet period: no input yet means none for zero time.
    this.lastInputAt ??= now;
    const quiet = now - this.lastInputAt;
    if (quiet >= this.awayAfterMs) return 'away';
    if (quiet >= this.idleAfterMs) return 'idle';
    return 'active';
  }
}
