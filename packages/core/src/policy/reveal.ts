import { ErrorCode, FloorwalkError } from '../errors.js';
import type { Interaction } from '../model/types.js';
import type { Policy } from './policy.js';
import { redactCardNumbers } from './redact.js';

/** Customer fields that can be masked, and so revealed. */
export const REVEALABLE_FIELDS = ['name', 'phone', 'email', 'subject'] as const;
/** One of {@link REVEALABLE_FIELDS}. */
export type RevealableField = (typeof REVEALABLE_FIELDS)[number];

/** What an adapter is asked to reveal, and for whom. */
export interface RevealRequest {
  readonly interactionId: string;
  readonly field: RevealableField;
  /** The user id of the session asking. */
  readonly issuedBy: string;
}

/**
 * An adapter that can hand over a customer field in clear, on request, one at a time (the
 * simulator does; vendor adapters do not claim it). Resolves to the value, or `undefined` when
 * the interaction has no such field.
 */
export interface CustomerFieldSource {
  revealCustomerField(request: RevealRequest): Promise<string | undefined>;
}

/** The adapter's reveal method, when it has one. @internal */
export function revealSourceOf(adapter: object): CustomerFieldSource | null {
  const candidate = adapter as Partial<CustomerFieldSource>;
  return typeof candidate.revealCustomerField === 'function' ? (candidate as CustomerFieldSource) : null;
}

/**
 * Checks a reveal: the permission, a known field, an interaction this session holds. Returns the
 * interaction as held. Throws `Forbidden`, `InvalidArgument` or `UnknownInteraction`.
 *
 * @internal
 */
export function authoriseReveal(policy: Policy, held: Interaction | undefined, interactionId: unknown, field: unknown): Interaction {
  if (typeof interactionId !== 'string' || interactionId === '') {
    throw new FloorwalkError(ErrorCode.InvalidArgument, 'revealCustomerField: interactionId must be a non-empty string.', { details: { field: 'interactionId' } });
  }
  if (!(REVEALABLE_FIELDS as readonly unknown[]).includes(field)) {
    throw new FloorwalkError(ErrorCode.InvalidArgument, `revealCustomerField: field must be one of ${REVEALABLE_FIELDS.join(', ')}.`, { details: { field: 'field' } });
  }
  if (!policy.has('customer:reveal')) {
    throw new FloorwalkError(ErrorCode.Forbidden, `Role ${policy.session.role} may not reveal customer data: it needs the customer:reveal permission.`, {
      details: { permission: 'customer:reveal', role: policy.session.role },
    });
  }
  // Only what the session already sees, masked: a reveal never widens the team scope.
  if (held === undefined) {
    throw new FloorwalkError(ErrorCode.UnknownInteraction, `Interaction ${interactionId} is not known to this session.`, { details: { interactionId } });
  }
  return held;
}

/** The value as the caller receives it: card-like numbers stay redacted even when revealed. */
export function revealedValue(field: RevealableField, value: string | undefined): string | undefined {
  return value === undefined || field !== 'subject' ? value : redactCardNumbers(value);
}
