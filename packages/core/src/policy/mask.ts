import type { Customer, Interaction } from '../model/types.js';

const MASK = '•';

/** Keeps the last four digits and the punctuation, so "+44 7700 900123" reads "+•• •••• ••0123". */
export function maskPhone(phone: string): string {
  let digits = 0;
  for (let i = 0; i < phone.length; i++) {
    const c = phone.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  let hide = digits - 4;
  // A loop rather than replace() with a callback: about 3x faster, and this runs per event.
  let out = '';
  for (let i = 0; i < phone.length; i++) {
    const c = phone.charCodeAt(i);
    out += c >= 48 && c <= 57 && hide-- > 0 ? MASK : phone[i];
  }
  return out;
}

/** Initials only: "Jane Q. Doe" reads "J. Q. D.". */
export function maskName(name: string): string {
  let out = '';
  let wordStart = true;
  for (const ch of name) {
    if (ch.trim() === '') wordStart = true;
    else if (wordStart) {
      out += `${out === '' ? '' : ' '}${ch.toUpperCase()}.`;
      wordStart = false;
    }
  }
  return out;
}

/** First letter and the domain: "jane.doe@example.com" reads "j•••@example.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return MASK.repeat(3);
  return `${email[0]}${MASK.repeat(3)}${email.slice(at)}`;
}

/** Free text cannot be masked by shape, so it is withheld. */
export const WITHHELD = '(withheld)';

/**
 * A copy with other customer fields, built field by field: adapters hand over objects of many
 * shapes, and a spread of such objects is the slowest part of a busy stream. Optional fields
 * stay absent when they were absent, so the copy equals the original apart from the customer.
 */
function withCustomer(i: Interaction, customer: Customer | undefined, subject: string | undefined): Interaction {
  const out: { -readonly [K in keyof Interaction]: Interaction[K] } = {
    id: i.id,
    channel: i.channel,
    direction: i.direction,
    state: i.state,
    createdAt: i.createdAt,
  };
  if (i.agentId !== undefined) out.agentId = i.agentId;
  if (i.queueId !== undefined) out.queueId = i.queueId;
  if (i.offeredAt !== undefined) out.offeredAt = i.offeredAt;
  if (i.connectedAt !== undefined) out.connectedAt = i.connectedAt;
  if (i.heldAt !== undefined) out.heldAt = i.heldAt;
  if (i.holdMs !== undefined) out.holdMs = i.holdMs;
  if (i.holdCount !== undefined) out.holdCount = i.holdCount;
  if (i.wrapUpAt !== undefined) out.wrapUpAt = i.wrapUpAt;
  if (i.endedAt !== undefined) out.endedAt = i.endedAt;
  if (i.endReason !== undefined) out.endReason = i.endReason;
  if (i.transfers !== undefined) out.transfers = i.transfers;
  if (customer !== undefined) out.customer = customer;
  if (subject !== undefined) out.subject = subject;
  return out;
}

type MaskedField = NonNullable<Customer['masked']>[number];
const FIELDS: readonly MaskedField[] = ['name', 'phone', 'email', 'subject'];
/** One frozen `masked` list per combination of fields, shared by every masked interaction. */
const MASKED_LISTS: readonly (readonly MaskedField[])[] = Array.from({ length: 16 }, (_, bits) =>
  Object.freeze(FIELDS.filter((_, i) => (bits & (1 << i)) !== 0)),
);

/**
 * The interaction with every customer field masked. Fields are masked even when the input
 * claims they already are: the masks are idempotent, and a vendor's claim is not a guarantee.
 */
export function maskInteraction(interaction: Interaction): Interaction {
  const c = interaction.customer;
  const subject = interaction.subject;
  if (c === undefined && subject === undefined) return interaction;
  let bits = subject === undefined ? 0 : 8;
  const customer: { -readonly [K in keyof Customer]: Customer[K] } = {};
  if (c?.name !== undefined) {
    customer.name = maskName(c.name);
    bits |= 1;
  }
  if (c?.phone !== undefined) {
    customer.phone = maskPhone(c.phone);
    bits |= 2;
  }
  if (c?.email !== undefined) {
    customer.email = maskEmail(c.email);
    bits |= 4;
  }
  customer.masked = MASKED_LISTS[bits] as readonly MaskedField[];
  return withCustomer(interaction, customer, subject === undefined ? undefined : WITHHELD);
}
