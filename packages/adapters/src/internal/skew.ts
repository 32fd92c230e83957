/**
 * The page's clock minus a vendor's, for vendors that document no measure of it (Genesys,
 * Twilio). A live message stamped with the server time of the change it reports gives a sample,
 * its arrival on the page's clock minus that time: the offset plus the message's delivery delay,
 * which is never negative. The smallest sample of the last one to two minutes is the estimate. Old news
 * (a backlog, a replay) only gives larger samples, so it moves nothing; a time in the future by
 * design (an appointment) must never be a sample. Shared by the adapters' entries, never exported.
 * @internal
 */
export interface Skew {
  /** The offset in force: a vendor time plus this is the same instant on the page's clock. */
  off: number;
  /** Takes the server time of a change a live message reports, heard now; true when {@link off} moved. */
  sample(serverMs: number | undefined): boolean;
}

/** Moves smaller than this are delivery jitter: they must never restate a time. */
const STEP_MS = 5_000;
/**
 * Samples are kept as the smallest of each minute, this one and the last: a window of one to two
 * minutes, long enough to hold a fast delivery in a quiet minute, short enough to follow a clock
 * the OS set.
 */
const SLOT_MS = 60_000;
/** A sample further off than a day is a bad stamp, not a clock: a clock off by whole hours (a wrong time zone) is still taken. */
const PLAUSIBLE_MS = 86_400_000;

export function createSkew(now: () => number): Skew {
  let start = -Infinity;
  let cur = Infinity;
  let prev = Infinity;
  const skew: Skew = {
    off: 0,
    sample(serverMs) {
      const t = now();
      const v = t - (serverMs as number);
      // No time at all (undefined, -Infinity) is as far off as a bad stamp.
      if (!(Math.abs(v) < PLAUSIBLE_MS)) return false;
      const first = start === -Infinity;
      // A new minute; after a silence of two, or with the page's clock set back, nothing before it compares.
      if (t < start || t - start >= SLOT_MS) {
        prev = t < start || t - start >= 2 * SLOT_MS ? Infinity : cur;
        cur = Infinity;
        start = t;
      }
      cur = Math.min(cur, v);
      const min = Math.min(cur, prev);
      // No sample is below the true offset, so a lower estimate is taken at once. A higher one
      // (the page's clock set forward) waits for a window that spans the last minute: a burst of
      // old news after a long gap, alone in the window, must not raise it.
      if (Math.abs(min - skew.off) <= STEP_MS || (min > skew.off && !first && prev === Infinity)) return false;
      skew.off = min;
      return true;
    },
  };
  return skew;
}
