/** A timer handle from a {@link Clock}. */
export type TimerHandle = unknown;

/**
 * Time as Floorwalk sees it. Injected so tests run on a manual clock
 * (`createManualClock` from `@floorwalk/core/testing`) and the simulator can run faster than life.
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /**
   * Optional, for a clock on real timers: runs `callback` in a task of its own, so a timer it
   * sets is not nested in the timer that ran before. Chromium wakes timers nested five deep in a
   * hidden tab once a minute (intensive wake-up throttling); monitoring lease renewals re-arm
   * through this to keep their pace there. A manual clock leaves it out: they re-arm in place.
   */
  inOwnTask?(callback: () => void): void;
}

/**
 * The longest delay a timer holds. A longer one (a vendor's Retry-After in the months, a
 * reconnect delay meant as "hardly ever", Infinity) is cut to 1 ms by Node and wrapped around
 * 32 bits by browsers: it fires at once or at the wrong time. Waits are capped at it instead,
 * about 24.8 days, which no page waits out in practice.
 */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, Math.min(ms, LONGEST_TIMER_MS)),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  // A message task starts a new timer chain.
  inOwnTask(callback) {
    if (typeof MessageChannel !== 'function') return callback();
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      // Closed so Node's event loop is not held open by the port.
      port1.close();
      callback();
    };
    port2.postMessage(0);
  },
};
