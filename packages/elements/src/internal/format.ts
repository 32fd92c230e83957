/**
 * Locale formatters as free functions over a resolved locale (`this.t.lang`), so that an element
 * bundles only the ones it calls: as methods of the localize controller every element carried
 * all five, and no bundler drops an unused method.
 *
 * @internal
 */

interface DurationFormatLike {
  format(duration: { hours?: number; minutes?: number; seconds?: number }): string;
}
type DurationFormatCtor = new (locale: string, options: Record<string, string>) => DurationFormatLike;

// Built once per locale and kind: Intl constructors are costly and a board has many timers.
const built = new Map<string, unknown>();
function formatter<F>(kind: string, lang: string, make: () => F): F {
  const key = `${kind} ${lang}`;
  if (!built.has(key)) built.set(key, make());
  return built.get(key) as F;
}

const integer = (lang: string): Intl.NumberFormat => formatter('integer', lang, () => new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }));
const twoDigits = (lang: string): Intl.NumberFormat => formatter('two', lang, () => new Intl.NumberFormat(lang, { minimumIntegerDigits: 2, useGrouping: false }));

function split(ms: number): { hours: number; minutes: number; seconds: number } {
  const total = Math.max(0, Math.floor(ms / 1000));
  return { hours: Math.floor(total / 3600), minutes: Math.floor(total / 60) % 60, seconds: total % 60 };
}

/** A timer as the locale writes one: `4:05`, `1:02:03`. */
export function formatTimer(lang: string, ms: number): string {
  // Intl's digital duration style pads minutes ("04:05") whatever the options say, and a
  // board reads better with "4:05", so the digits come from NumberFormat (the locale's
  // numerals) around a colon.
  const two = twoDigits(lang);
  const parts = split(ms);
  const mmss = `${two.format(parts.minutes)}:${two.format(parts.seconds)}`;
  return parts.hours > 0 ? `${integer(lang).format(parts.hours)}:${mmss}` : `${integer(lang).format(parts.minutes)}:${two.format(parts.seconds)}`;
}

/** A duration in words, for screen readers and titles: "4 minutes, 5 seconds". */
export function formatDuration(lang: string, ms: number): string {
  const DurationFormat = (Intl as unknown as { DurationFormat?: DurationFormatCtor }).DurationFormat;
  const parts = split(ms);
  if (DurationFormat) {
    const shown = Object.fromEntries(Object.entries(parts).filter(([, v]) => v > 0));
    return formatter('long', lang, () => new DurationFormat(lang, { style: 'long' })).format(Object.keys(shown).length === 0 ? { seconds: 0 } : shown);
  }
  return formatter('minutes', lang, () => new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', unitDisplay: 'long' })).format(Math.floor(ms / 60_000));
}

/** A wall-clock time: "14:05" or "2:05 PM". */
export function formatTime(lang: string, epochMs: number): string {
  return formatter('clock', lang, () => new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit' })).format(epochMs);
}

/** A whole number with the locale's grouping. */
export function formatNumber(lang: string, value: number): string {
  return integer(lang).format(value);
}

/** A ratio (0..1) as a percentage. */
export function formatPercent(lang: string, ratio: number): string {
  return formatter('percent', lang, () => new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 })).format(ratio);
}
