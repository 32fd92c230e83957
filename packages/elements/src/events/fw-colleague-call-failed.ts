import type { FloorwalkError } from '@floorwalk/core';

/** What was asked of a colleague call through `fw-colleague-call`. */
export type ColleagueCallAction = 'start' | 'end';

/**
 * Starting or ending a colleague call through `fw-colleague-call` did not happen: the core
 * refused it (a platform without internal calls gives `Unsupported` with a reason naming the
 * platform, someone who shares no team with the caller `Forbidden`, a call already over
 * `UnknownEntity`), the platform did, or no confirmation arrived within `confirm-timeout`
 * (`VendorError` with `details.timeoutMs`). The element shows why. Bubbles and crosses shadow roots.
 */
export class FwColleagueCallFailedEvent extends Event {
  static readonly eventName = 'fw-colleague-call-failed';
  readonly action: ColleagueCallAction;
  /** The call acted on; undefined when starting one. */
  readonly callId: string | undefined;
  readonly error: FloorwalkError;

  constructor(action: ColleagueCallAction, callId: string | undefined, error: FloorwalkError) {
    super(FwColleagueCallFailedEvent.eventName, { bubbles: true, composed: true });
    this.action = action;
    this.callId = callId;
    this.error = error;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-colleague-call-failed': FwColleagueCallFailedEvent;
  }
}
