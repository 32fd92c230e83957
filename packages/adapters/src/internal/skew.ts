/**
 * The page's clock minus a vendor's, for vendors that document no measure of it (Genesys,
 * Twilio). A live message stamped with the server time of the change it reports gives a sample,
 * its arrival on the page's clock minus that time: the offset plus the message's delivery delay,
 * which is never negative. The smallest sample of the last two minutes is the estimate. Old news
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
/** Long enough to hold a fast delivery in a quiet minute, short enough to follow a clock the OS set. */
const WINDOW_MS = 120_000;
const SLOT_MS = 10_000;
/** How long the window must have listened before it may raise the estimate. */
const SETTLE_MS = 30_000;
/** A sample further off than a day is a bad stamp, not a clock: a clock off by whole hours (a wrong time zone) is still taken. */
const PLAUSIBLE_MS = 86_400_000;

export function createSkew(now: () => number): Skew {
  /** The smallest sample of each slot of the window: [page time the slot began, sample]. */
  let slots: [number, number][] = [];
  let heard = false;
  const skew: Skew = {
    off: 0,
    sample(serverMs) {
      const t = now();
      if (serverMs === undefined || !(Math.abs(t - serverMs) < PLAUSIBLE_MS)) return false;
      // A slot stamped after now is from before the page's clock was set back: it compares with nothing now.
      slots = slots.filter(([at]) => at > t - WINDOW_MS && at <= t);
      const last = slots[slots.length - 1];
      if (last !== undefined && t - last[0] < SLOT_MS) last[1] = Math.min(last[1], t - serverMs);
      else slots.push([t, t - serverMs]);
      const min = Math.min(...slots.map((s) => s[1]));
      const first = !heard;
      heard = true;
      // No sample is below the true offset, so a lower estimate is taken at once. A higher one
      // (the page's clock set forward) waits until the window has listened for a while: a burst
      // of old news after a long gap, alone in the window, must not raise it.
      if (Math.abs(min - skew.off) <= STEP_MS || (min > skew.off && !first && t - (slots[0] as [number, number])[0] < SETTLE_MS)) return false;
      skew.off = min;
      return true;
    },
  };
  return skew;
}
