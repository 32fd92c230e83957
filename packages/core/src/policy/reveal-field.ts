import type { AuditAction, AuditOutcome } from '../audit.js';
import type { FloorwalkError } from '../errors.js';
import type { Kit } from '../internal/kit.js';
import type { Interaction } from '../model/types.js';
import type { Store } from '../store/store.js';
import type { StepUpAction } from '../step-up/step-up.js';
import type { Policy } from './policy.js';
import type { CustomerFieldSource, RevealableField } from './reveal.js';

/** The up-front code this part uses, handed over as it loads (see `kit`). */
let k: Kit;
/** @internal */
export function use(given: Kit): void {
  k = given;
}

// `revealCustomerField`, loaded at its first call: a page that never reveals never fetches it.

/** The adapter's reveal method, when it has one. */
function revealSourceOf(adapter: object): CustomerFieldSource | null {
  const candidate = adapter as Partial<CustomerFieldSource>;
  return typeof candidate.revealCustomerField === 'function' ? (candidate as CustomerFieldSource) : null;
}

/**
 * Checks a reveal: the permission, a known field, an interaction this session holds. Returns the
 * interaction as held. Throws `Forbidden`, `InvalidArgument` or `UnknownInteraction`.
 */
function authoriseReveal(policy: Policy, held: Interaction | undefined, interactionId: unknown, field: unknown): Interaction {
  if (typeof interactionId !== 'string' || interactionId === '') {
    throw new k.FloorwalkError(k.ErrorCode.InvalidArgument, 'revealCustomerField: interactionId must be a non-empty string.', { details: { field: 'interactionId' } });
  }
  if (!(k.REVEALABLE_FIELDS as readonly unknown[]).includes(field)) {
    throw new k.FloorwalkError(k.ErrorCode.InvalidArgument, `revealCustomerField: field must be one of ${k.REVEALABLE_FIELDS.join(', ')}.`, { details: { field: 'field' } });
  }
  if (!policy.has('customer:reveal')) {
    throw new k.FloorwalkError(k.ErrorCode.Forbidden, `Role ${policy.session.role} may not reveal customer data: it needs the customer:reveal permission.`, {
      details: { permission: 'customer:reveal', role: policy.session.role },
    });
  }
  // Only what the session already sees, masked: a reveal never widens the team scope.
  if (held === undefined) {
    throw new k.FloorwalkError(k.ErrorCode.UnknownInteraction, `Interaction ${interactionId} is not known to this session.`, { details: { interactionId } });
  }
  return held;
}

/** The value as the caller receives it: card-like numbers stay redacted even when revealed. */
function revealedValue(field: RevealableField, value: string | undefined): string | undefined {
  return value === undefined || field !== 'subject' ? value : k.redactCardNumbers(value);
}

/** What a reveal needs of its client. @internal */
export interface RevealContext {
  readonly adapter: { readonly id: string };
  readonly store: Store;
  readonly policy: Policy;
  readonly userId: string;
  readonly audit: (action: AuditAction, outcome: AuditOutcome, target: Record<string, string>, commandKey?: string, reason?: string) => void;
  /** Whether the policy holds reveals for step-up now. */
  readonly needsStepUp: () => boolean;
  /** Holds the reveal until the user is verified (audited either way). */
  readonly stepUp: (action: StepUpAction, target: Record<string, string>) => Promise<void>;
}

/** The client's `revealCustomerField`: checked, audited, held for step-up where the policy says. @internal */
export async function revealCustomerField(c: RevealContext, interactionId: string, field: RevealableField): Promise<string | undefined> {
  const { adapter, store, policy } = c;
  const target = { interactionId: String(interactionId), field: String(field) };
  /** The interaction as held now, checked; a refusal on the record, as for commands. */
  const check = (): Interaction => {
    try {
      const known = typeof interactionId === 'string' ? (store.interactions.get(interactionId) ?? store.ended.get(interactionId)) : undefined;
      return authoriseReveal(policy, known, interactionId, field);
    } catch (err) {
      // Not held is how another team's interaction is refused: an attempt on it is recorded too.
      if (k.isFloorwalkError(err) && (err.code === k.ErrorCode.Forbidden || err.code === k.ErrorCode.UnknownInteraction)) {
        c.audit('command.denied', 'denied', { command: 'reveal-customer-field', ...target }, undefined, err.message);
      }
      throw err;
    }
  };
  const held = check();
  const source = revealSourceOf(adapter);
  if (source === null) {
    throw new k.FloorwalkError(k.ErrorCode.Unsupported, `Adapter ${adapter.id} cannot reveal customer data.`, { details: { command: 'reveal-customer-field' } });
  }
  const aboutOf = (i: Interaction) => ({ ...target, ...(i.agentId !== undefined && { agentId: i.agentId }) });
  let about = aboutOf(held);
  if (c.needsStepUp()) {
    await c.stepUp('reveal-customer-field', about);
    // Checked again after the verification, as commands are: the interaction may have left the
    // session's scope meanwhile (transferred to another team), and a reveal never widens it. One
    // transferred within the teams is revealed as the call it is now, its agent the one named.
    about = aboutOf(check());
  }
  c.audit('customer.reveal', 'requested', about);
  let value: unknown;
  try {
    value = await source.revealCustomerField({ interactionId, field, issuedBy: c.userId });
    if (value !== undefined && typeof value !== 'string') {
      throw new k.FloorwalkError(k.ErrorCode.VendorError, `Adapter ${adapter.id} revealed a ${typeof value}, not a string.`);
    }
  } catch (err) {
    const error = k.toFloorwalkError(err, k.ErrorCode.VendorError, `Adapter ${adapter.id} failed to reveal ${field}`);
    c.audit('customer.reveal', 'failed', about, undefined, error.message);
    throw error;
  }
  c.audit('customer.reveal', 'succeeded', about);
  return revealedValue(field, value);
}
