/*
 * Reading a `datetime-local` field, which holds a wall time in the viewer's zone. On the day the
 * clocks go forward, a wall time in the gap names no instant, and `new Date(value)` silently takes
 * the one an offset later (01:30 becomes 02:30 BST); on the day they go back, one in the repeated
 * hour names two, and it takes the first. The forms that book times (fw-coaching-sessions',
 * fw-check-in's) say so rather than book a time the person did not type. Only those forms import
 * this, and they are loaded lazily, so it adds nothing to an element's up-front bytes.
 */

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;

/** `YYYY-MM-DDTHH:mm` in local time, what a `datetime-local` field reads and writes. @internal */
export function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The viewer's time zone, which `datetime-local` fields read and write in: said beside them. @internal */
export const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * What a field's value names: nothing (empty or not a date), one instant, an instant the clocks
 * skip (`at` is the one JavaScript would take), or one that happens twice (`at` the first,
 * `second` the other). @internal
 */
export type WallTime =
  | { readonly kind: 'none' }
  | { readonly kind: 'exact'; readonly at: number }
  | { readonly kind: 'skipped'; readonly at: number }
  | { readonly kind: 'twice'; readonly at: number; readonly second: number };

/** Reads a `datetime-local` value in the viewer's zone, telling a skipped or repeated wall time from the rest. @internal */
export function readWallTime(value: string): WallTime {
  // Seconds (a field with a finer step) take no part: the round trip is to the minute.
  const typed = value.slice(0, 16);
  const at = value === '' ? NaN : new Date(value).getTime();
  if (Number.isNaN(at)) return { kind: 'none' };
  if (localInput(at) !== typed) return { kind: 'skipped', at };
  // The size of the change that day, not a fixed hour: Lord Howe Island's is half an hour.
  const shift = Math.abs(new Date(at - DAY).getTimezoneOffset() - new Date(at + DAY).getTimezoneOffset()) * MINUTE;
  if (shift > 0) {
    if (localInput(at + shift) === typed) return { kind: 'twice', at, second: at + shift };
    if (localInput(at - shift) === typed) return { kind: 'twice', at: at - shift, second: at };
  }
  return { kind: 'exact', at };
}

/** An instant's clock time in the viewer's zone, with the zone's offset named: "2:30 AM BST". @internal */
export const zonedClock = (lang: string, ms: number): string =>
  new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(ms);

/** The clock time a field's value names, as typed, whatever instant it turns out to be: "1:30 AM". @internal */
export const typedClock = (lang: string, value: string): string =>
  new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(Date.parse(`${value.slice(0, 16)}Z`));

/**
 * The instant a field's value is booked at: the second occurrence of a repeated time only when
 * the person chose it, else the first (or the only one). NaN when the value names none. @internal
 */
export const bookedAt = (read: WallTime, later: boolean | undefined): number => (read.kind === 'none' ? NaN : read.kind === 'twice' && later === true ? read.second : read.at);
