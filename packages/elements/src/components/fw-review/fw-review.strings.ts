import { defineCatalog } from '../../internal/localize.js';

/** English strings of `fw-review`, namespace `review`; the translators' source. */
export const reviewCatalog = defineCatalog('review', {
  /** "One-to-one review: Alex Kim" */
  heading: (who: string): string => `One-to-one review: ${who}`,
  headingNone: 'One-to-one review',
  you: 'you',
  chooseAgent: 'Choose an agent to review.',
  /** The period: "28 Nov, 09:00 – 17:00". */
  period: (range: string): string => `Period: ${range}`,
  open: 'Open',
  closed: 'Closed',
  reviewer: (who: string): string => `Reviewer: ${who}`,
  noReviewAgent: 'No one-to-one review yet.',
  noReviewReviewer: 'No review for this period yet. Starting one records the figures, the released evaluations and the coaching notes of the period.',
  start: 'Start review',
  whyStart: 'Only supervisors hold one-to-one reviews.',
  // ---- figures ----
  figuresHeading: 'Figures against the team median',
  /** "Team: Billing" */
  team: (name: string): string => `Team: ${name}`,
  noFigures: 'No figures were recorded for this review.',
  metric: 'Figure',
  agent: 'Agent',
  teamMedian: 'Team median',
  showTable: 'Show as a table',
  /** A bar's title: "Handled: 12 (median 10)". */
  versus: (label: string, agent: string, median: string): string => `${label}: ${agent} (median ${median})`,
  handled: 'Handled',
  avgHandle: 'Average handle time',
  avgHold: 'Average hold',
  avgWrapUp: 'Average wrap-up',
  longest: 'Longest interaction',
  transfers: 'Transfers',
  missed: 'Missed offers',
  occupancy: 'Occupancy',
  // ---- evaluations ----
  evaluationsHeading: 'Released evaluations',
  noEvaluations: 'No released evaluations in this period.',
  /** "Voice calls, 89%, Acknowledged" */
  evaluation: (card: string, score: string, state: string): string => `${card}: ${score}, ${state}`,
  noScore: 'no score',
  evaluationState: (state: 'draft' | 'released' | 'acknowledged' | 'disputed'): string =>
    ({ draft: 'draft', released: 'awaiting the agent', acknowledged: 'acknowledged', disputed: 'disputed' })[state],
  // ---- notes ----
  notesHeading: 'Coaching notes',
  noNotes: 'No coaching notes in this period.',
  // ---- actions ----
  actionsHeading: 'Agreed actions',
  noActions: 'No actions agreed yet.',
  owner: (owner: 'agent' | 'reviewer'): string => (owner === 'agent' ? 'Agent' : 'Reviewer'),
  /** An action's checkbox label, with its owner: "Shadow a senior agent (Agent)". */
  actionLabel: (text: string, owner: string): string => `${text} (${owner})`,
  done: 'Done',
  whyNotYourAction: 'The reviewer marks this action done.',
  whyClosed: 'The review is closed.',
  addHeading: 'Add an action',
  actionText: 'Action',
  ownerLabel: 'Owner',
  add: 'Add action',
  noText: 'Describe the action first.',
  whyAdd: 'Your reviewer records the agreed actions.',
  close: 'Close review',
  // ---- announcements ----
  announceStarted: 'Review started.',
  announceAdded: (text: string): string => `Action added: ${text}.`,
  announceDone: (text: string): string => `Done: ${text}.`,
  announceClosed: 'Review closed.',
  announceChanged: 'The review was updated.',
  // ---- pending, failed ----
  pendingMark: 'Pending',
  failed: (why: string): string => `Not done. ${why}`,
  whyForbidden: 'Your role does not allow this.',
  whyScope: 'That agent is outside your teams.',
  whyConflict: 'The review is closed.',
  whyUnknown: 'It is no longer available.',
  whyInvalid: 'Something in it is not valid.',
  whyFailed: 'The evaluations service failed.',
  noService: 'Reviews are not set up on this page.',
});

/** The shape of the element's strings, for translations. */
export type ReviewStrings = typeof reviewCatalog.en;
