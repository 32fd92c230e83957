import type { FloorwalkError, PresenceState, ReasonCode } from '@floorwalk/core';

/**
 * A presence change asked for through `fw-status-toggle` did not happen and the toggle rolled
 * back: the command was refused (the promise rejected), or no confirmation arrived within the
 * toggle's `confirm-timeout`. `error.code` says which (a timeout is `VendorError` with
 * `details.timeoutMs`). Bubbles and crosses shadow roots.
 */
export class FwPresenceChangeFailedEvent extends Event {
  static readonly eventName = 'fw-presence-change-failed';
  /** The state that was asked for. */
  readonly state: PresenceState;
  /** The reason code that was asked for, if any. */
  readonly reason: ReasonCode | undefined;
  /** Why it failed. */
  readonly error: FloorwalkError;

  constructor(state: PresenceState, reason: ReasonCode | undefined, error: FloorwalkError) {
    super(FwPresenceChangeFailedEvent.eventName, { bubbles: true, composed: true });
    this.state = state;
    this.reason = reason;
    this.error = error;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-presence-change-failed': FwPresenceChangeFailedEvent;
  }
}
