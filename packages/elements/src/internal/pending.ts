/*
 * What the elements whose actions wait for the platform's confirmation share, and the
 * heading-level rule of every element with a `heading-level`. No Lit here (the pending icon is in
 * icons.ts): an element that imports only these would otherwise keep a dangling `lit` import.
 * Internal.
 */

/** How long an action waits for the platform's confirmation when `confirm-timeout` is unset or not positive. */
export const DEFAULT_CONFIRM_TIMEOUT = 10_000;

/** The longest delay a browser timer holds: a longer one wraps around its 32 bits, and fires at once or at the wrong time. */
export const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** The `confirm-timeout` in effect: a longer wait than a timer holds (Infinity too) is the longest it does. */
export const confirmTimeoutOf = (ms: number): number => (ms > 0 ? Math.min(ms, LONGEST_TIMER_MS) : DEFAULT_CONFIRM_TIMEOUT);

/** A `heading-level` clamped to 1–6; anything else is 3. */
export function headingLevelOf(value: number): number {
  const level = Math.round(value);
  return level >= 1 && level <= 6 ? level : 3;
}
