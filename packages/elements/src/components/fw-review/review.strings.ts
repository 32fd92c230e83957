import type { Catalog } from '../../internal/localize.js';

const en = {
  open: 'Open',
  closed: 'Closed',
  reviewer: (who: string): string => `Reviewer: ${who}`,
  // ---- figures ----
  figuresHeading: 'Figures against the team median',
  /** "Team: Billing" */
  team: (name: string): string => `Team: ${name}`,
  noFigures: 'No figures were recorded for this review.',
  metric: 'Figure',
  agent: 'Agent',
  teamMedian: 'Team median',
  showTable: 'Show as a table',
  /** After a figure, beside its bar and in its title: "12 (median 10)". */
  median: (median: string): string => `(median ${median})`,
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
  /** The review came without its notes: this session's role does not read coaching notes (`notesWithheld`). */
  notesWithheld: 'Your role does not read coaching notes.',
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
  announceAdded: (text: string): string => `Action added: ${text}.`,
  announceDone: (text: string): string => `Done: ${text}.`,
  announceClosed: 'Review closed.',
};

/**
 * What only a started review says (its figures, evaluations, notes and actions), in the `review`
 * namespace, so translations of it reach these too. It travels with the review's view
 * (`review.ts`, loaded when an element first shows a review): a module that imports nothing at
 * run time (hence the literal rather than `defineCatalog`), so the bundler puts it in that chunk.
 */
export const reviewViewCatalog: Catalog<typeof en> = { namespace: 'review', en, raw: ['evaluationState', 'owner'] };
