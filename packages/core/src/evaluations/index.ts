/**
 * Quality evaluations and one-to-one reviews: scorecards of weighted criteria with critical
 * criteria, evaluations of interactions with a draft → released → acknowledged / disputed
 * lifecycle, and reviews with agreed actions, over a backplane port, with Floorwalk's
 * permissions (agents see their own, supervisors and QA their teams'). The backplane is the
 * port of `@floorwalk/core/backplane` (its keyed store), so one `createMemoryBackplane()` or one
 * host service carries evaluations and the collaboration features alike.
 *
 * @module @floorwalk/core/evaluations
 */
export { checkScorecard, scoreEvaluation, wholeScore } from './scoring.js';
export type { Answer, Criterion, CriterionKind, Scorecard, ScoreResult } from './scoring.js';
export { EVALUATION_STATES, createEvaluations } from './evaluations.js';
export type {
  Evaluation,
  Evaluations,
  EvaluationsBackplane,
  EvaluationsOptions,
  EvaluationState,
  EvaluationStep,
  Review,
  ReviewAction,
  ReviewStep,
} from './evaluations.js';
