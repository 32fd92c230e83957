import { ErrorCode, FloorwalkError, type Clock, type TimerHandle } from '@floorwalk/core';

/**
 * Spaces calls to at most `perSecond`, on the injected clock so tests step through it exactly.
 * Connect's limits are per account and Region, shared with every other caller of the host's
 * backend, so we never burst: the documented burst is headroom we leave to them.
 */
export interface Pacer {
  /** Resolves when the next call may go; rejects with a retryable `NotConnected` after {@link Pacer.cancel}. */
  take(): Promise<void>;
  /** Holds every later call until `ms` from now (a throttle's Retry-After). */
  pause(ms: number): void;
  /** Rejects every waiting call. */
  cancel(): void;
}

interface Waiter {
  readonly handle: TimerHandle;
  readonly reject: (err: unknown) => void;
}

/** A {@link Pacer} for `perSecond` calls a second. */
export function createPacer(clock: Clock, perSecond: number): Pacer {
  const gap = 1000 / Math.max(0.01, perSecond);
  let next = -Infinity;
  const waiters = new Set<Waiter>();
  return {
    take() {
      const now = clock.now();
      const at = Math.max(now, next);
      next = at + gap;
      if (at <= now) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          handle: clock.setTimeout(() => {
            waiters.delete(waiter);
            resolve();
          }, at - now),
          reject,
        };
        waiters.add(waiter);
      });
    },
    pause(ms) {
      next = Math.max(next, clock.now() + ms);
    },
    cancel() {
      for (const w of waiters) {
        clock.clearTimeout(w.handle);
        // Never sent, so safe to send again on the next link.
        w.reject(new FloorwalkError(ErrorCode.NotConnected, 'Disconnected while waiting for a request slot.'));
      }
      waiters.clear();
      next = -Infinity;
    },
  };
}
