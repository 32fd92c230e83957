import type { FloorwalkError } from '@floorwalk/core';

/**
 * Scheduling a coaching session through `fw-coaching-sessions` did not happen: the core refused
 * it (a time not in the future gives `InvalidArgument`, an agent out of scope `OutOfScope`, a role
 * without `coaching:write` `Forbidden`, a platform without the command `Unsupported`), the
 * platform did, or no confirmation arrived within `confirm-timeout` (`VendorError` with
 * `details.timeoutMs`). The element shows why. Bubbles and crosses shadow roots.
 */
export class FwCoachingSessionFailedEvent extends Event {
  static readonly eventName = 'fw-coaching-session-failed';
  /** The agent the session was for. */
  readonly agentId: string;
  readonly error: FloorwalkError;

  constructor(agentId: string, error: FloorwalkError) {
    super(FwCoachingSessionFailedEvent.eventName, { bubbles: true, composed: true });
    this.agentId = agentId;
    this.error = error;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-coaching-session-failed': FwCoachingSessionFailedEvent;
  }
}
