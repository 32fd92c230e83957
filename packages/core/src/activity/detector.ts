/**
 * Where the client reads input activity from: the number of input events since the last call.
 * Only a count crosses this boundary.
 */
export interface ActivitySource {
  /** Input events counted since the previous call (or since the source started). */
  take(): number;
  /** Stops counting and removes any listeners. */
  stop(): void;
  /**
   * (Re)starts counting. When a source has it, the client calls it only while the tenant's
   * activity signal is on and calls `stop()` when it goes off, so nothing is counted meanwhile.
   */
  start?(): void;
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
 * Pass it to `createFloorwalk({ activity })`: the client stops it while the tenant's policy keeps
 * the activity signal off and starts it again when the policy turns the signal on.
 *
 * @example
 * ```ts
 * const client = createFloorwalk({ adapter, session, policy, activity: createActivityDetector() });
 * ```
 */
export function createActivityDetector(target?: ActivityTarget): ActivitySource {
  const on = target ?? (globalThis as unknown as Partial<ActivityTarget>);
  let count = 0;
  let listening = false;
  // No parameter: the event object is not even received.
  const tally = (): void => {
    count++;
  };
  const usable = typeof on.addEventListener === 'function' && typeof on.removeEventListener === 'function';
  const start = (): void => {
    if (!usable || listening) return;
    listening = true;
    for (const type of ACTIVITY_EVENT_TYPES) (on as ActivityTarget).addEventListener(type, tally, { passive: true, capture: true });
  };
  // Listening from creation, as hosts that use it directly expect; a client stops it at once
  // while the tenant keeps the signal off, so nothing is counted then.
  start();
  return {
    start,
    take() {
      const n = count;
      count = 0;
      return n;
    },
    stop() {
      count = 0;
      if (!listening) return;
      listening = false;
      for (const type of ACTIVITY_EVENT_TYPES) (on as ActivityTarget).removeEventListener(type, tally, { capture: true });
    },
  };
}
