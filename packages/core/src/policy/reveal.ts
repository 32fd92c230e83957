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
