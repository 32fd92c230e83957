import type { FloorwalkError } from '@floorwalk/core';

/** What was asked of an evaluation through `fw-evaluation`. */
export type EvaluationAction = 'save' | 'release' | 'acknowledge' | 'dispute';

/**
 * Something asked through `fw-evaluation` did not happen: the evaluations service refused it
 * (`Forbidden` for a role that may not, `OutOfScope` for an agent outside the evaluator's teams,
 * `Conflict` when the evaluation moved on meanwhile, `InvalidArgument` for a dispute without a
 * comment) or its backplane failed. The element shows why. Bubbles and crosses shadow roots.
 */
export class FwEvaluationFailedEvent extends Event {
  static readonly eventName = 'fw-evaluation-failed';
  readonly action: EvaluationAction;
  /** The evaluation acted on; undefined when saving a new one failed. */
  readonly evaluationId: string | undefined;
  readonly error: FloorwalkError;

  constructor(action: EvaluationAction, evaluationId: string | undefined, error: FloorwalkError) {
    super(FwEvaluationFailedEvent.eventName, { bubbles: true, composed: true });
    this.action = action;
    this.evaluationId = evaluationId;
    this.error = error;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-evaluation-failed': FwEvaluationFailedEvent;
  }
}
