import { defineCatalog } from '../../internal/localize.js';
import type { reviewViewCatalog } from './review.strings.js';

/** English strings of `fw-review`, namespace `review`; the translators' source. */
export const reviewCatalog = defineCatalog('review', {
  /** "One-to-one review: Alex Kim" */
  heading: (who: string): string => `One-to-one review: ${who}`,
  headingNone: 'One-to-one review',
  you: 'you',
  chooseAgent: 'Choose an agent to review.',
  /** The period: "28 Nov, 09:00 – 17:00". */
  period: (range: string): string => `Period: ${range}`,
  noReviewAgent: 'No one-to-one review yet.',
  noReviewReviewer: 'No review for this period yet. Starting one records the figures, the released evaluations and the coaching notes of the period.',
  start: 'Start review',
  whyStart: 'Only supervisors hold one-to-one reviews.',
  // (a started review's own strings are in review.strings.ts)
  // ---- announcements ----
  announceStarted: 'Review started.',
  announceChanged: 'The review was updated.',
  // ---- pending, failed ----
  pendingMark: 'Pending',
  failed: (why: string): string => `Not done. ${why}`,
  /** Shown and announced where a part of the element would be when its code could not be fetched. */
  partFailed: 'This part could not be loaded. Check the connection, then reload the page.',
  whyForbidden: 'Your role does not allow this.',
  whyScope: 'That agent is outside your teams.',
  whyConflict: 'The review is closed.',
  whyUnknown: 'It is no longer available.',
  whyInvalid: 'Something in it is not valid.',
  whyFailed: 'The evaluations service failed.',
  /** RateLimited: `seconds` is the service's wait (Genesys' Retry-After), 0 when it gave none. */
  whyBusy: (seconds: number): string => `The evaluations service is busy: try again ${seconds > 0 ? `in ${seconds} s` : 'shortly'}.`,
  noService: 'Reviews are not set up on this page.',
});

/** The shape of the element's strings, both catalogs (the second loads with a review's view), for translations. */
export type ReviewStrings = typeof reviewCatalog.en & typeof reviewViewCatalog.en;
