/**
 * Where the client reads input activity from: the number of input events since the last call.
 * Only a count crosses this boundary.
 */
export interface ActivitySource {
  /** Input events counted since the previous call (or since the source started). */
  take(): number;
  /** Stops counting and removes any listeners. */
  stop(): void;
}

/** The part of `EventTarget` the detector uses (a window, a document, an element), so core needs no DOM types. */
export interface ActivityTarget {
  addEventListener(type: string, listener: () => void, options?: { passive?: boolean; capture?: boolean }): void;
  removeEventListener(type: string, listener: () => void, options?: { capture?: boolean }): void;
}

/** The input events counted. Their objects are never read: the listener takes no argument. */
export const ACTIVITY_EVENT_TYPES = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Counts pointer, key, wheel and touch events on a target (the window by default). It never
 * reads an event: no key values, no targets, no coordinates, no URLs; only how many happened.
 * Pass it to `createFloorwalk({ activity })`; the client uses it only when the tenant's policy
 * turns the activity signal on.
 *
 * @example
 * ```ts
 * const client = createFloorwalk({ adapter, session, policy, activity: createActivityDetector() });
 * ```
 */
export function createActivityDetector(target?: ActivityTarget): ActivitySource {
  const on = target ?? (globalThis as unknown as Partial<ActivityTarget>);
  let count = 0;
  // No parameter: the event object is not even received.
  const tally = (): void => {
    count++;
  };
  const usable = typeof on.addEventListener === 'function' && typeof on.removeEventListener === 'function';
  if (usable) for (const type of ACTIVITY_EVENT_TYPES) (on as ActivityTarget).addEventListener(type, tally, { passive: true, capture: true });
  return {
    take() {
      const n = count;
      count = 0;
      return n;
    },
    stop() {
      if (usable) for (const type of ACTIVITY_EVENT_TYPES) (on as ActivityTarget).removeEventListener(type, tally, { capture: true });
    },
  };
}
