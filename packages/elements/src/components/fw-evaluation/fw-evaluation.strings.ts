import { serviceWords } from '../../internal/evaluations-words.js';
import { defineCatalog } from '../../internal/localize.js';
import type { evaluationAgentCatalog } from './agent.strings.js';
import type { evaluationFormCatalog } from './form.strings.js';

/** English strings of `fw-evaluation`, namespace `evaluation`; the translators' source. */
export const evaluationCatalog = defineCatalog('evaluation', {
  // you, pending and the failures fw-review says too (evaluations-words.ts)
  ...serviceWords,
  heading: 'Quality evaluations',
  // ---- the evaluator's form (the rest is in form.strings.ts) ----
  /** An interaction in the picker: "Voice, 10:42, Ended". */
  interaction: (channel: string, time: string, state: string): string => `${channel}, ${time}, ${state}`,
  yes: 'Yes',
  no: 'No',
  na: 'N/A',
  critical: 'Critical',
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
  /** The reason of a dispute the evaluation was released again after. */
  disputedEarlier: (text: string): string => `Disputed earlier: ${text}`,
  state: (state: 'draft' | 'released' | 'acknowledged' | 'disputed'): string =>
    ({ draft: 'Draft (not visible to the agent)', released: 'Released: waiting for the agent', acknowledged: 'Acknowledged', disputed: 'Disputed' })[state],
  /** The state of an evaluation released to the agent reading it: the answer awaited is theirs. */
  releasedToYou: 'Released: waiting for your answer',
  edit: 'Edit',
  // ---- announcements ----
  announceNew: (card: string, score: string): string => `New evaluation released to you: ${card}, ${score}.`,
  announceAnswered: (who: string, state: string): string => `${who}: ${state}.`,
  // ---- failed (the rest is in evaluations-words.ts) ----
  whyConflict: 'It changed meanwhile; the list shows its state now.',
  whyInvalid: 'Some answers are not valid for this scorecard.',
  noService: 'Evaluations are not set up on this page.',
}, ['state']);

/** The shape of the element's strings, all three catalogs (the form's and the agent's side's load with them), for translations. */
export type EvaluationStrings = typeof evaluationCatalog.en & typeof evaluationFormCatalog.en & typeof evaluationAgentCatalog.en;
