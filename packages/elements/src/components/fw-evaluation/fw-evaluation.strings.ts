import { defineCatalog } from '../../internal/localize.js';
import type { evaluationFormCatalog } from './form.strings.js';

/** English strings of `fw-evaluation`, namespace `evaluation`; the translators' source. */
export const evaluationCatalog = defineCatalog('evaluation', {
  heading: 'Quality evaluations',
  you: 'you',
  // ---- the evaluator's form (the rest is in form.strings.ts) ----
  /** An interaction in the picker: "Voice, 10:42, Ended". */
  interaction: (channel: string, time: string, state: string): string => `${channel}, ${time}, ${state}`,
  yes: 'Yes',
  no: 'No',
  na: 'N/A',
  critical: 'Critical',
  /** A scale answer: "3 of 5". */
  scaleOf: (value: string, max: string): string => `${value} of ${max}`,
  criticalFailed: (labels: string): string => `Critical failure: ${labels}. The score is 0.`,
  // ---- lists ----
  listHeading: 'Evaluations',
  noneEvaluator: 'No evaluations yet.',
  noneAgent: 'No evaluations released to you.',
  /** "Voice calls: Alex Kim" */
  about: (card: string, who: string): string => `${card}: ${who}`,
  /** A score: "Score 89%". */
  score: (value: string): string => `Score ${value}`,
  noScore: 'No score (nothing applicable)',
  by: (who: string): string => `By ${who}`,
  evaluatorComment: (text: string): string => `Evaluator’s comment: ${text}`,
  agentComment: (text: string): string => `Agent’s comment: ${text}`,
  state: (state: 'draft' | 'released' | 'acknowledged' | 'disputed'): string =>
    ({ draft: 'Draft (not visible to the agent)', released: 'Released: waiting for the agent', acknowledged: 'Acknowledged', disputed: 'Disputed' })[state],
  edit: 'Edit',
  criterion: 'Criterion',
  answer: 'Answer',
  // ---- the agent's answer ----
  replyLabel: 'Your comment (required to dispute)',
  acknowledge: 'Acknowledge',
  dispute: 'Dispute',
  disputeNeedsComment: 'Say why you dispute it: a comment is required.',
  whyNotYours: 'Only the evaluated agent can answer it.',
  // ---- announcements ----
  announceNew: (card: string, score: string): string => `New evaluation released to you: ${card}, ${score}.`,
  announceAnswered: (who: string, state: string): string => `${who}: ${state}.`,
  announceMine: (state: string): string => `${state}.`,
  // ---- pending, failed ----
  pendingMark: 'Pending',
  failed: (why: string): string => `Not done. ${why}`,
  whyForbidden: 'Your role does not allow this.',
  whyScope: 'That agent is outside your teams.',
  whyConflict: 'It changed meanwhile; the list shows its state now.',
  whyUnknown: 'It is no longer available.',
  whyInvalid: 'Some answers are not valid for this scorecard.',
  whyFailed: 'The evaluations service failed.',
  noService: 'Evaluations are not set up on this page.',
});

/** The shape of the element's strings, both catalogs (the second loads with the form), for translations. */
export type EvaluationStrings = typeof evaluationCatalog.en & typeof evaluationFormCatalog.en;
