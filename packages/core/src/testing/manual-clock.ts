import type { Clock, TimerHandle } from '../clock.js';

/** A clock that moves only when told: deterministic tests of timers, backoff and durations. */
export interface ManualClock extends Clock {
  /** Moves time forward, firing every timer due on the way, in due order. */
  advance(ms: number): void;
  /** Moves time to `at` (never backwards). */
  advanceTo(at: number): void;
  /** Timers still waiting. */
  readonly pendingTimers: number;
}

interface Timer {
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
}

/**
 * Creates a {@link ManualClock} starting at `start` (epoch ms).
 *
 * @example
 * ```ts
 * const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
 * const client = createFloorwalk({ adapter, session, clock });
 * clock.advance(60_000); // one minute later, exactly
 * ```
 */
export function createManualClock(start = 0): ManualClock {
  let now = start;
  let seq = 0;
  // Few timers are pending at once in practice; a sorted array keeps due order simple and stable.
  let timers: Timer[] = [];

  const advanceTo = (target: number): void => {
    if (!(target >= now)) return;
    for (;;) {
      const next = timers[0];
      if (next === undefined || next.due > target) break;
      timers.shift();
      now = next.due;
      next.callback();
    }
    now = target;
  };

  return {
    now: () => now,
    setTimeout(callback, ms): TimerHandle {
      const timer: Timer = { id: ++seq, due: now + Math.max(0, ms), callback };
      let i = timers.length;
      while (i > 0 && (timers[i - 1] as Timer).due > timer.due) i--;
      timers.splice(i, 0, timer);
      return timer.id;
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t.id !== handle);
    },
    advance: (ms) => advanceTo(now + ms),
    advanceTo,
    get pendingTimers() {
      return timers.length;
    },
  };
}
