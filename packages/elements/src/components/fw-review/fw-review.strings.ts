import { serviceWords } from '../../internal/evaluations-words.js';
import { defineCatalog } from '../../internal/localize.js';
import type { reviewViewCatalog } from './review.strings.js';

/** English strings of `fw-review`, namespace `review`; the translators' source. */
export const reviewCatalog = defineCatalog('review', {
  // you, pending and the failures fw-evaluation says too (evaluations-words.ts)
  ...serviceWords,
  /** "One-to-one review: Alex Kim" */
  heading: (who: string): string => `One-to-one review: ${who}`,
  headingNone: 'One-to-one review',
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
  // ---- failed (the rest is in evaluations-words.ts) ----
  whyConflict: 'The review is closed.',
  whyInvalid: 'Something in it is not valid.',
  noService: 'Reviews are not set up on this page.',
});

/** The shape of the element's strings, both catalogs (the second loads with a review's view), for translations. */
export type ReviewStrings = typeof reviewCatalog.en & typeof reviewViewCatalog.en;
