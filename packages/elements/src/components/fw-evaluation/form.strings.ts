import type { Catalog } from '../../internal/localize.js';

const en = {
  formHeading: 'Evaluate an interaction',
  agentLabel: 'Agent',
  chooseAgent: 'Choose an agent',
  interactionLabel: 'Interaction',
  chooseInteraction: 'Choose an interaction',
  noInteractions: 'No recent interactions for this agent.',
  /** Why saving is disabled while the agent has no interaction to evaluate. */
  nothingToEvaluate: 'Nothing to evaluate until this agent has a recent interaction.',
  scorecardLabel: 'Scorecard',
  chooseScorecard: 'Choose a scorecard',
  noScorecards: 'No scorecards are defined.',
  /** A criterion's weight: "Weight 2". */
  weight: (w: string): string => `Weight ${w}`,
  commentLabel: 'Comment for the agent (optional)',
  scoreLabel: 'Score',
  /** The live score while some criteria are unanswered: "So far 80% (3 of 4 answered)". */
  provisional: (score: string, answered: number, total: number): string => `So far ${score} (${answered} of ${total} answered)`,
  noScoreYet: 'No answers yet',
  allNa: 'Every criterion is not applicable: no score',
  save: 'Save draft',
  release: 'Release to the agent',
  newEvaluation: 'New evaluation',
  editing: (state: string): string => `Editing: ${state}`,
  incomplete: (missing: number): string => (missing === 1 ? 'Answer the remaining criterion first.' : `Answer the remaining ${missing} criteria first.`),
  chooseFirst: 'Choose an agent, an interaction and a scorecard first.',
  whyRole: 'Your role cannot evaluate interactions.',
  announceSaved: (score: string): string => `Draft saved. ${score}.`,
  /** Beside the buttons while the form holds answers not saved yet. */
  unsaved: 'Not saved yet: your answers are kept in this tab until you save them.',
  /** Voiced when a form opens on answers left unsaved (a failed save, a reload). */
  restored: 'Answers you had not saved are back in the form. They are not saved yet.',
  announceReleased: (who: string): string => `Released to ${who}.`,
};

/**
 * What only the evaluator's form says, in the `evaluation` namespace, so translations of it
 * reach these too. It travels with the form (`form.ts`, loaded when an evaluator's element first
 * shows it): a module that imports nothing at run time (hence the literal rather than
 * `defineCatalog`), so the bundler puts it in that chunk and adds none the element loads up front.
 */
export const evaluationFormCatalog: Catalog<typeof en> = { namespace: 'evaluation', en };
