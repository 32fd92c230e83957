/**
 * Both sides consented and a check-in is live: the supervisor started it inside its window and
 * the agent confirmed. The host opens its (or its vendor's) video for `checkInId` now; Floorwalk
 * models the appointment and the consent, never the video. Fired once per check-in by each
 * `fw-check-in` that shows it live. Bubbles and crosses shadow roots.
 */
export class FwCheckInJoinEvent extends Event {
  static readonly eventName = 'fw-check-in-join';
  readonly checkInId: string;

  constructor(checkInId: string) {
    super(FwCheckInJoinEvent.eventName, { bubbles: true, composed: true });
    this.checkInId = checkInId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-check-in-join': FwCheckInJoinEvent;
  }
}
