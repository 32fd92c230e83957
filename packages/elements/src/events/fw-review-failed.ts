import type { FloorwalkError } from '@floorwalk/core';

/** What was asked of a one-to-one review through `fw-review`. */
export type ReviewActionKind = 'start' | 'add-action' | 'complete-action' | 'close';

/**
 * Something asked through `fw-review` did not happen: the evaluations service refused it
 * (`Forbidden` for a role or person that may not, `Conflict` for a closed review,
 * `InvalidArgument` for an action without text) or its backplane failed. The element shows why.
 * Bubbles and crosses shadow roots.
 */
export class FwReviewFailedEvent extends Event {
  static readonly eventName = 'fw-review-failed';
  readonly action: ReviewActionKind;
  /** The review acted on; undefined when starting one failed. */
  readonly reviewId: string | undefined;
  readonly error: FloorwalkError;

  constructor(action: ReviewActionKind, reviewId: string | undefined, error: FloorwalkError) {
    super(FwReviewFailedEvent.eventName, { bubbles: true, composed: true });
    this.action = action;
    this.reviewId = reviewId;
    this.error = error;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-review-failed': FwReviewFailedEvent;
  }
}
