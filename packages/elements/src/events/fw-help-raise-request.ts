/**
 * An agent asked for help through `fw-help-request` (the raise-hand button). Fired before
 * anything is sent; cancelable: call `preventDefault()` to veto it, and nothing is sent. Bubbles
 * and crosses shadow roots.
 */
export class FwHelpRaiseRequestEvent extends Event {
  static readonly eventName = 'fw-help-raise-request';
  /** What the agent needs help with, as typed. */
  readonly reason: string;
  /** The interaction the request is about, when the agent ticked it. */
  readonly interactionId: string | undefined;

  constructor(reason: string, interactionId: string | undefined) {
    super(FwHelpRaiseRequestEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.reason = reason;
    this.interactionId = interactionId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-help-raise-request': FwHelpRaiseRequestEvent;
  }
}
