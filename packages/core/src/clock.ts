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

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
