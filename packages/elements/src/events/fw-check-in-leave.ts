/**
 * The counterpart of `fw-check-in-join`: a check-in this element told the host to join is no
 * longer live (someone ended it, the platform ended it at its time limit, it was cancelled, or it
 * left the store). The host closes the video it opened for `checkInId` now. Fired once per
 * `fw-check-in-join`, by the element that fired it, whenever it is next connected and rendering;
 * never for a check-in it did not tell the host to join. Bubbles and crosses shadow roots.
 */
export class FwCheckInLeaveEvent extends Event {
  static readonly eventName = 'fw-check-in-leave';
  readonly checkInId: string;

  constructor(checkInId: string) {
    super(FwCheckInLeaveEvent.eventName, { bubbles: true, composed: true });
    this.checkInId = checkInId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-check-in-leave': FwCheckInLeaveEvent;
  }
}
