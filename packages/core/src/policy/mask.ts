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
  return phone.replace(/\d/g, (d) => (hide-- > 0 ? MASK : d));
}

/** Initials only: "Jane Q. Doe" reads "J. Q. D.". */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter((part) => part.length > 0)
    .map((part) => `${part[0]?.toUpperCase() ?? ''}.`)
    .join(' ');
}

/** First letter and the domain: "jane.doe@example.com" reads "j•••@example.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return MASK.repeat(3);
  return `${email[0]}${MASK.repeat(3)}${email.slice(at)}`;
}

/** Free text cannot be masked by shape, so it is withheld. */
export const WITHHELD = '(withheld)';

const MASK_CACHE_LIMIT = 32_768;

interface Masked {
  readonly name: string | undefined;
  readonly phone: string | undefined;
  readonly email: string | undefined;
  readonly subject: string | undefined;
  readonly customer: Customer | undefined;
  readonly maskedSubject: string | undefined;
}

/**
 * Masks interactions, remembering the masked fields per live interaction: a vendor sends the
 * same customer with every state change, and masking it again each time is wasted work on the
 * hottest path of a large floor.
 *
 * @internal
 */
export class Masker {
  private readonly cache = new Map<string, Masked>();

  mask(interaction: Interaction): Interaction {
    const c = interaction.customer;
    const subject = interaction.subject;
    if (c === undefined && subject === undefined) return interaction;
    const id = interaction.id;
    let hit = this.cache.get(id);
    if (hit === undefined || hit.name !== c?.name || hit.phone !== c?.phone || hit.email !== c?.email || hit.subject !== subject) {
      const view = maskInteraction(interaction);
      hit = { name: c?.name, phone: c?.phone, email: c?.email, subject, customer: view.customer, maskedSubject: view.subject };
      this.cache.set(id, hit);
      // Interactions that vanish without an end (a snapshot dropped them) must not pile up.
      if (this.cache.size > MASK_CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    }
    if (interaction.state === 'ended') this.cache.delete(id);
    return withCustomer(interaction, hit.customer, hit.maskedSubject);
  }

  /** Forgets an interaction that left the session's view. */
  forget(id: string): void {
    this.cache.delete(id);
  }
}

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

/** The interaction with every customer field masked. Already-masked fields stay as they are. */
export function maskInteraction(interaction: Interaction): Interaction {
  const customer = interaction.customer;
  if (customer === undefined && interaction.subject === undefined) return interaction;
  const masked = new Set(customer?.masked ?? []);
  let next: Customer | undefined;
  if (customer !== undefined) {
    const c: { -readonly [K in keyof Customer]: Customer[K] } = {};
    if (customer.name !== undefined) {
      c.name = masked.has('name') ? customer.name : maskName(customer.name);
      masked.add('name');
    }
    if (customer.phone !== undefined) {
      c.phone = masked.has('phone') ? customer.phone : maskPhone(customer.phone);
      masked.add('phone');
    }
    if (customer.email !== undefined) {
      c.email = masked.has('email') ? customer.email : maskEmail(customer.email);
      masked.add('email');
    }
    next = c;
  }
  let subject = interaction.subject;
  if (subject !== undefined) {
    subject = WITHHELD;
    masked.add('subject');
  }
  return {
    ...interaction,
    customer: { ...next, masked: [...masked] },
    ...(subject === undefined ? {} : { subject }),
  };
}
