const MASK = '•';
/** Payment card numbers have 13 to 19 digits; fewer is usually a phone number, an order number or a date. */
const MIN_DIGITS = 13;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** Separators people type inside a card number: space, hyphen, dot. */
const isSeparator = (c: number): boolean => c === 32 || c === 45 || c === 46;

/**
 * Free text with every card-like number masked except its last four digits, separators kept:
 * "card 4111 1111 1111 1234" reads "card •••• •••• •••• 1234". A card-like number is a run of
 * 13 or more digits, single spaces, hyphens or dots allowed between them (longer runs too, as
 * they may be two numbers typed together). No Luhn check: a mistyped card number is still a
 * card number, and a false positive only hides digits.
 * Text without enough digits is returned as it is (the same string), which keeps the hot path cheap.
 */
export function redactCardNumbers(text: string): string {
  let digits = 0;
  for (let i = 0; i < text.length; i++) if (isDigit(text.charCodeAt(i))) digits++;
  if (digits < MIN_DIGITS) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text.charCodeAt(i))) {
      out += text[i];
      i++;
      continue;
    }
    // Extent of the run: digits joined by single separators.
    let end = i;
    let count = 0;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (isDigit(c)) {
        count++;
        end++;
      } else if (isSeparator(c) && end + 1 < text.length && isDigit(text.charCodeAt(end + 1))) end++;
      else break;
    }
    const run = text.slice(i, end);
    if (count >= MIN_DIGITS) {
      let hide = count - 4;
      for (let k = 0; k < run.length; k++) out += isDigit(run.charCodeAt(k)) && hide-- > 0 ? MASK : run[k];
    } else out += run;
    i = end;
  }
  return out;
}

/** Whether {@link redactCardNumbers} would change the text. */
export function hasCardNumber(text: string): boolean {
  return redactCardNumbers(text) !== text;
}

/** The interaction with card-like numbers in its subject redacted; the same object when there are none. */
export function redactInteraction<I extends { readonly subject?: string }>(interaction: I): I {
  const subject = interaction.subject;
  if (subject === undefined) return interaction;
  const clean = redactCardNumbers(subject);
  return clean === subject ? interaction : { ...interaction, subject: clean };
}

function redactField<T, K extends keyof T>(value: T, key: K): T {
  const text = value[key];
  if (typeof text !== 'string') return value;
  const clean = redactCardNumbers(text);
  return clean === text ? value : { ...value, [key]: clean };
}

/**
 * The event with card-like numbers redacted from every free-text field people type: chat
 * messages, coaching notes, help reasons and check-in topics (interaction subjects are redacted
 * by the policy's view of each interaction). Applied for every role, the agent's own data
 * included: nobody needs a card number on a floor display. Returns the same event when nothing changed.
 */
export function redactFreeText<E extends { readonly type: string }>(event: E): E {
  const e = event as unknown as Record<string, unknown>;
  switch (event.type) {
    case 'chat-message':
      return swap(event, 'message', redactField(e['message'] as { body: string }, 'body'));
    case 'coaching-note':
      return swap(event, 'note', redactField(e['note'] as { body: string }, 'body'));
    case 'help-request':
      return swap(event, 'request', redactField(e['request'] as { reason: string }, 'reason'));
    case 'check-in':
      return swap(event, 'checkIn', redactField(e['checkIn'] as { topic?: string }, 'topic'));
    case 'snapshot': {
      // Interactions are redacted as the policy filters them (a resync's thousands of them).
      const requests = e['helpRequests'] as readonly { reason: string }[] | undefined;
      const cleanRequests = requests === undefined ? requests : redactList(requests, (r) => redactField(r, 'reason'));
      return cleanRequests === requests ? event : { ...event, helpRequests: cleanRequests };
    }
    default:
      return event;
  }
}

/**
 * The list with every item redacted, or the same list when nothing changed: a
 * resync's thousands of items are scanned without a copy unless one holds a card number.
 */
function redactList<T>(list: readonly T[], redact: (item: T) => T): readonly T[] {
  let out: T[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as T;
    const clean = redact(item);
    if (clean !== item && out === undefined) out = list.slice(0, i);
    if (out !== undefined) out.push(clean);
  }
  return out ?? list;
}

function swap<E>(event: E, key: string, value: unknown): E {
  return (event as Record<string, unknown>)[key] === value ? event : { ...event, [key]: value };
}
