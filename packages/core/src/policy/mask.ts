import type { Customer, Interaction } from '../model/types.js';

const MASK = '•';
const MASK3 = MASK.repeat(3);
const MASK_CODE = MASK.charCodeAt(0);

/** Character codes of a masked phone number, reused: see {@link maskPhone}. */
const codes: number[] = [];
/** Longer input is built piece by piece: `fromCharCode.apply` takes one argument per character. */
const CODES_MAX = 64;

/** Keeps the last four digits and the punctuation, so "+44 7700 900123" reads "+•• •••• ••0123". */
export function maskPhone(phone: string): string {
  let digits = 0;
  for (let i = 0; i < phone.length; i++) {
    const c = phone.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  let hide = digits - 4;
  if (hide > 0 && phone.length <= CODES_MAX) {
    // The string is built once from its codes: appending a character at a time copies the
    // growing string on every step (a resync masks thousands of numbers).
    codes.length = phone.length;
    for (let i = 0; i < phone.length; i++) {
      const c = phone.charCodeAt(i);
      if (c >= 48 && c <= 57 && hide > 0) {
        codes[i] = MASK_CODE;
        hide--;
      } else codes[i] = c;
    }
    return String.fromCharCode.apply(null, codes);
  }
  // A loop rather than replace() with a callback: about 3x faster, and this runs per event.
  // It stops at the last digit to hide; the rest is one slice rather than a character each.
  let out = '';
  let i = 0;
  for (; hide > 0; i++) {
    const c = phone.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      out += MASK;
      hide--;
    } else out += phone[i];
  }
  return i === 0 ? phone : out + phone.slice(i);
}

/** Initials only: "Jane Q. Doe" reads "J. Q. D.". */
export function maskName(name: string): string {
  let out = '';
  let wordStart = true;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    let initial: string;
    if (c < 128) {
      // ASCII, nearly every name: whitespace and upper case without a string per character.
      if (c === 32 || (c >= 9 && c <= 13)) {
        wordStart = true;
        continue;
      }
      if (!wordStart) continue;
      initial = c >= 97 && c <= 122 ? String.fromCharCode(c - 32) : (name[i] as string);
    } else {
      // Otherwise the whole code point, with the language's own idea of space and case.
      const ch = String.fromCodePoint(name.codePointAt(i) as number);
      i += ch.length - 1;
      if (ch.trim() === '') {
        wordStart = true;
        continue;
      }
      if (!wordStart) continue;
      initial = ch.toUpperCase();
    }
    out += `${out === '' ? '' : ' '}${initial}.`;
    wordStart = false;
  }
  return out;
}

/** First letter and the domain: "jane.doe@example.com" reads "j•••@example.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return MASK3;
  return `${email[0]}${MASK3}${email.slice(at)}`;
}

/** Free text cannot be masked by shape, so it is withheld. */
export const WITHHELD = '(withheld)';

/**
 * What {@link withCustomer} reads: an interaction, or the store's record of one (whose optional
 * fields are present and undefined).
 *
 * @internal
 */
export type InteractionFields = Pick<Interaction, 'id' | 'channel' | 'direction' | 'state' | 'createdAt'> & {
  readonly [K in Exclude<keyof Interaction, 'id' | 'channel' | 'direction' | 'state' | 'createdAt' | 'customer' | 'subject'>]?: Interaction[K] | undefined;
};

/**
 * A copy with other customer fields, built field by field: adapters hand over objects of many
 * shapes, and a spread of such objects is the slowest part of a busy stream. Optional fields
 * stay absent when they were absent, so the copy equals the original apart from the customer.
 *
 * @internal
 */
export function withCustomer(i: InteractionFields, customer: Customer | undefined, subject: string | undefined): Interaction {
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

/** The running fingerprint pair of {@link fold}: two locals would need an allocation to return. */
let fa = 0;
let fb = 0;

/**
 * Folds a string into two independent 32-bit hashes (FNV-1a and a multiply-rotate); a
 * separator after each keeps "ab"+"c" apart from "a"+"bc", and an absent field from "".
 */
function fold(s: string | undefined): void {
  let a = fa;
  let b = fb;
  if (s === undefined) {
    a = Math.imul(a ^ 0x1f, 0x01000193);
    b = Math.imul(b ^ 0x2e, 0x5bd1e995);
  } else {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul((b << 5) | (b >>> 27), 0x5bd1e995) ^ c;
    }
    a = Math.imul(a ^ 0xff, 0x01000193);
    b = Math.imul(b ^ 0xfe, 0x5bd1e995);
  }
  fa = a;
  fb = b;
}

/**
 * Where a masked customer is kept beside the fingerprint of the raw fields it was masked from:
 * a masker entry, or a store's own record of the interaction.
 *
 * @internal
 */
export interface MaskSlot {
  fa: number;
  fb: number;
  customer: Customer | undefined;
}

/**
 * Keeps a slot's masked customer current: the customer is masked again only when the
 * fingerprint of its raw fields changed, which for a live interaction it nearly never does
 * (offered, connected, held, wrap-up carry the same customer). Only the fingerprint is kept to
 * recognise them, so a session that may not read customer data holds none of it.
 *
 * @internal
 */
export function createSlotMasker(): (slot: MaskSlot, customer: Customer | undefined, hasSubject: boolean) => void {
  // A random start, so fingerprints differ from one client to the next.
  const seedA = (Math.random() * 0x100000000) | 0;
  const seedB = (Math.random() * 0x100000000) | 0;
  return (slot, c, hasSubject) => {
    fa = seedA;
    fb = seedB;
    if (c === undefined) fold(undefined);
    else {
      fold(c.name);
      fold(c.phone);
      fold(c.email);
    }
    // Only the subject's presence shows: it is withheld whatever it says.
    fold(hasSubject ? '' : undefined);
    // 30 bits of each: small integers are stored inline, wider ones would each take a heap number.
    const a = fa & 0x3fffffff;
    const b = fb & 0x3fffffff;
    if (slot.customer !== undefined && slot.fa === a && slot.fb === b) return;
    slot.fa = a;
    slot.fb = b;
    // One body: a function of its own here is what terser inlined as a function expression, a
    // closure for every customer masked and a recompile per resync. The build now keeps such
    // functions where they are (rollup.config.mjs); this stays, as costing no bytes more.
    let bits = hasSubject ? 8 : 0;
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
    slot.customer = Object.freeze(customer);
  };
}

