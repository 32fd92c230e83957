import type { FloorwalkError } from '@floorwalk/core';

/** What was asked of a help request through `fw-help-request`. */
export type HelpAction = 'raise' | 'cancel' | 'acknowledge' | 'resolve' | 'whisper';

/**
 * Something asked through `fw-help-request` did not happen: the core or the platform refused it
 * (the promise rejected), another supervisor acknowledged the request first (`Conflict` with
 * `details.acknowledgedBy`), the interaction ended before a whisper began (`Conflict` with
 * `details.interactionEnded`), or no confirmation arrived within `confirm-timeout`
 * (`VendorError` with `details.timeoutMs`). Bubbles and crosses shadow roots.
 */
export class FwHelpFailedEvent extends Event {
  static readonly eventName = 'fw-help-failed';
  readonly action: HelpAction;
  /** The request acted on; undefined when raising a new one. */
  readonly requestId: string | undefined;
  readonly error: FloorwalkError;

  constructor(action: HelpAction, requestId: string | undefined, error: FloorwalkError) {
    super(FwHelpFailedEvent.eventName, { bubbles: true, composed: true });
    this.action = action;
    this.requestId = requestId;
    this.error = error;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-help-failed': FwHelpFailedEvent;
  }
}
