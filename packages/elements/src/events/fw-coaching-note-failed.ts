import type { FloorwalkError } from '@floorwalk/core';

/**
 * A coaching note written in `fw-coaching-notes` was not saved: the core refused it (a private
 * note where the tenant's policy has `privateCoachingNotes` off gives `Forbidden` with
 * `details.policy`, an agent out of scope `OutOfScope`, a role without `coaching:write`
 * `Forbidden`), the platform did, or no confirmation arrived within `confirm-timeout`
 * (`VendorError` with `details.timeoutMs`). The element shows why. Bubbles and crosses shadow roots.
 */
export class FwCoachingNoteFailedEvent extends Event {
  static readonly eventName = 'fw-coaching-note-failed';
  /** The agent the note was about. */
  readonly agentId: string;
  readonly error: FloorwalkError;

  constructor(agentId: string, error: FloorwalkError) {
    super(FwCoachingNoteFailedEvent.eventName, { bubbles: true, composed: true });
    this.agentId = agentId;
    this.error = error;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-coaching-note-failed': FwCoachingNoteFailedEvent;
  }
}
