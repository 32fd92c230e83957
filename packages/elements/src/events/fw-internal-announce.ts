/** How urgently a message interrupts: `assertive` only for what needs action now. */
export type Politeness = 'polite' | 'assertive';

/**
 * Internal: a component asks the page's `fw-announcer` to voice a message. Bubbles and crosses
 * shadow roots; the announcer cancels it to say "handled". Not public API.
 */
export class FwInternalAnnounceEvent extends Event {
  static readonly eventName = 'fw-internal-announce';
  readonly message: string;
  readonly politeness: Politeness;

  constructor(message: string, politeness: Politeness) {
    super(FwInternalAnnounceEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.message = message;
    this.politeness = politeness;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-internal-announce': FwInternalAnnounceEvent;
  }
}
