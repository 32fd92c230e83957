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
};

/**
 * Runs `callback` in a task of its own. A timer set from a timer's callback is nested in it, and
 * a hidden page's timers nested five deep are held by Chromium to one wake-up a minute
 * (intensive wake-up throttling); a timer set from a message task starts a new chain.
 */
export function inOwnTask(callback: () => void): void {
  if (typeof MessageChannel !== 'function') return callback();
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = () => {
    // Closed so Node's event loop is not held open by the port.
    port1.close();
    callback();
  };
  port2.postMessage(0);
}
