import type { Customer, Interaction } from '../model/types.js';

const MASK = '•';

/** Keeps the last four digits and the punctuation, so "+44 7700 900123" reads "+•• •••• ••0123". */
export function maskPhone(phone: string): string {
  let keep = 4;
  let out = '';
  for (let i = phone.length - 1; i >= 0; i--) {
    const ch = phone[i] as string;
    if (ch >= '0' && ch <= '9') {
      out = (keep > 0 ? ch : MASK) + out;
      keep--;
    } else {
      out = ch + out;
    }
  }
  return out;
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
