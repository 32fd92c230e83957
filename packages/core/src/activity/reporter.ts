import type { Clock, TimerHandle } from '../clock.js';
import type { ActivityBucket } from '../model/types.js';
import { ActivityBucketer } from './bucket.js';
import type { ActivitySource } from './detector.js';

/** One thing the agent's client shared about their activity. */
export interface SharedActivity {
  readonly bucket: ActivityBucket;
  /** When it was sent (epoch ms). */
  readonly at: number;
}

const SHARED_KEPT = 200;

/** Stops the host's source; a throw from it is reported, never thrown into what stopped it. @internal */
export function stopSource(source: ActivitySource, onFailed: (err: unknown) => void): void {
  try {
    source.stop();
  } catch (err) {
    onFailed(err);
  }
}

/**
 * Samples an activity source once per granularity and sends the bucket when it changed, so at
 * most one report leaves per granularity. Keeps what it sent, for the agent to see.
 *
 * @internal
 */
export class ActivityReporter {
  readonly shared: SharedActivity[] = [];
  private readonly bucketer: ActivityBucketer;
  private timer: TimerHandle | undefined;
  private last: ActivityBucket | undefined;

  constructor(
    private readonly source: ActivitySource,
    private readonly granularityMs: number,
    private readonly clock: Clock,
    private readonly send: (bucket: ActivityBucket) => Promise<void>,
    private readonly onShared: (shared: SharedActivity) => void,
    private readonly onFailed: (err: unknown) => void,
  ) {
    // Idle after two quiet samples, away after five: thresholds move with the granularity.
    this.bucketer = new ActivityBucketer({ idleAfterMs: 2 * granularityMs, awayAfterMs: 5 * granularityMs });
  }

  start(): void {
    if (this.timer !== undefined) return;
    try {
      this.source.start?.();
    } catch (err) {
      // Not sampled at all: a source that is not listening would read as an agent gone away.
      return this.onFailed(err);
    }
    // A reconnect re-sends the current bucket: the platform may have lost it.
    this.last = undefined;
    this.sample();
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    // A source without start() could not listen again, so only a restartable one is stopped.
    if (this.source.start !== undefined) stopSource(this.source, this.onFailed);
  }

  private sample(): void {
    let count = 0;
    try {
      count = this.source.take();
    } catch {
      count = 0;
    }
    const bucket = this.bucketer.update(count, this.clock.now());
    if (bucket !== this.last) {
      this.last = bucket;
      const at = this.clock.now();
      this.send(bucket).then(
        () => {
          const entry = { bucket, at };
          this.shared.push(entry);
          if (this.shared.length > SHARED_KEPT) this.shared.shift();
          this.onShared(entry);
        },
        () => {
          // Not shared after all: try again at the next sample.
          if (this.last === bucket) this.last = undefined;
        },
      );
    }
    this.timer = this.clock.setTimeout(() => this.sample(), this.granularityMs);
  }
}
