import type { FloorwalkError } from '@floorwalk/core';

/** What was asked of a check-in through `fw-check-in`. */
export type CheckInAction = 'propose' | 'accept' | 'decline' | 'counter' | 'accept-counter' | 'refuse-counter' | 'start' | 'join' | 'not-now' | 'end' | 'cancel';

/**
 * Something asked through `fw-check-in` did not happen: the core refused it (too little notice
 * gives `NoticeTooShort`, a start outside the window `OutsideWindow`, a start without the agent's
 * acceptance `Conflict`, an agent's session proposing `Forbidden`), or the platform did. The
 * element shows why. Bubbles and crosses shadow roots.
 */
export class FwCheckInFailedEvent extends Event {
  static readonly eventName = 'fw-check-in-failed';
  readonly action: CheckInAction;
  /** The check-in acted on; undefined when proposing a new one. */
  readonly checkInId: string | undefined;
  readonly error: FloorwalkError;

  constructor(action: CheckInAction, checkInId: string | undefined, error: FloorwalkError) {
    super(FwCheckInFailedEvent.eventName, { bubbles: true, composed: true });
    this.action = action;
    this.checkInId = checkInId;
    this.error = error;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-check-in-failed': FwCheckInFailedEvent;
  }
}
