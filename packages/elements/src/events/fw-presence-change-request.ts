import type { PresenceState, ReasonCode } from '@floorwalk/core';

/**
 * A person asked to change their presence through `fw-status-toggle`. Fired before anything is
 * sent; cancelable: call `preventDefault()` to veto it (to ask "end your shift?" first, say),
 * and nothing is sent. Bubbles and crosses shadow roots.
 */
export class FwPresenceChangeRequestEvent extends Event {
  static readonly eventName = 'fw-presence-change-request';
  /** The state asked for. */
  readonly state: PresenceState;
  /** The reason code asked for, if any. */
  readonly reason: ReasonCode | undefined;

  constructor(state: PresenceState, reason: ReasonCode | undefined) {
    super(FwPresenceChangeRequestEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.state = state;
    this.reason = reason;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-presence-change-request': FwPresenceChangeRequestEvent;
  }
}
