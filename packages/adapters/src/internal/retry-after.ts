/*
 * Read by the adapters' HTTP exchanges, which load on first need, so it loads with them.
 */

/**
 * The three forms RFC 9110 §5.6.7 has a recipient accept: IMF-fixdate (`Wed, 21 Oct 2026
 * 07:28:00 GMT`), the obsolete RFC 850 form (`Wednesday, 21-Oct-26 07:28:00 GMT`) and asctime
 * (`Wed Oct 21 07:28:00 2026`, GMT though it does not say so). `Date.parse` alone would take far
 * more ("x 1" is 1 January 2001), and a header we cannot read must stay ignored, as it always was.
 */
const HTTP_DATE = /^[a-z]{3,9},? (?:\d\d[ -][a-z]{3}[ -]\d\d(?:\d\d)? \d\d:\d\d:\d\d GMT|[a-z]{3} [ \d]\d \d\d:\d\d:\d\d \d{4})$/i;

/**
 * A `Retry-After` value (RFC 9110 §10.2.3) as the wait in ms from `now`: delay-seconds, or an
 * HTTP-date measured against `now` (a date already past is no wait at all). `undefined` for no
 * header, one we cannot read, and zero or negative seconds: the caller's own schedule applies.
 * No cap of its own: a far date waits as long as the same delay in seconds would.
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (seconds > 0) return seconds * 1000;
  const text = header.trim();
  if (!HTTP_DATE.test(text)) return undefined;
  const at = Date.parse(text.endsWith('GMT') ? text : `${text} GMT`);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
