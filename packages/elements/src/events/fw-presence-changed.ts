import type { PresenceState, ReasonCode } from '@floorwalk/core';

/**
 * The vendor confirmed a presence change the person made through `fw-status-toggle`: the new
 * state reached the store. Not fired for changes made elsewhere (a supervisor, the platform's
 * own schedule), which the toggle shows silently. Bubbles and crosses shadow roots.
 */
export class FwPresenceChangedEvent extends Event {
  static readonly eventName = 'fw-presence-changed';
  /** The confirmed state. */
  readonly state: PresenceState;
  /** The confirmed reason code, if any. */
  readonly reason: ReasonCode | undefined;

  constructor(state: PresenceState, reason: ReasonCode | undefined) {
    super(FwPresenceChangedEvent.eventName, { bubbles: true, composed: true });
    this.state = state;
    this.reason = reason;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-presence-changed': FwPresenceChangedEvent;
  }
}
