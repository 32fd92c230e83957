import type { Floorwalk } from '@floorwalk/core';

/** The client's time now: its own clock, so a test's manual clock or the simulator's time. */
export function clientNow(client: Floorwalk): number {
  return client.now();
}

const relative = new Map<string, Intl.RelativeTimeFormat>();
const STEPS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 1000],
  ['minute', 60_000],
  ['hour', 3_600_000],
  ['day', 86_400_000],
];

/** "2 minutes ago", "in 3 hours", "now" in the locale, from a signed difference (`then - now`). */
export function relativeTime(lang: string, deltaMs: number): string {
  let f = relative.get(lang);
  if (f === undefined) {
    f = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
    relative.set(lang, f);
  }
  const abs = Math.abs(deltaMs);
  if (abs < 45_000) return f.format(0, 'second');
  let unit: Intl.RelativeTimeFormatUnit = 'second';
  let size = 1000;
  for (const [u, ms] of STEPS) if (abs >= ms * 0.75 || u === 'second') [unit, size] = [u, ms];
  return f.format(Math.round(deltaMs / size), unit);
}
