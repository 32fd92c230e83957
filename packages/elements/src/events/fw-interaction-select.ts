/**
 * A person selected an interaction in `fw-interaction-list` (click, or Enter/Space on a row).
 * Not fired when the `selected` property is set by code. Bubbles and crosses shadow roots.
 */
export class FwInteractionSelectEvent extends Event {
  static readonly eventName = 'fw-interaction-select';
  /** The selected interaction's id. */
  readonly interactionId: string;

  constructor(interactionId: string) {
    super(FwInteractionSelectEvent.eventName, { bubbles: true, composed: true });
    this.interactionId = interactionId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-interaction-select': FwInteractionSelectEvent;
  }
}
