import type { Evaluation } from '@floorwalk/core/evaluations';
import type { EvaluationAction } from './fw-evaluation-failed.js';

/**
 * A person's action on an evaluation through `fw-evaluation` was stored: a draft saved, an
 * evaluation released, acknowledged or disputed. `evaluation` is the record as stored. Fired only
 * for the user's own actions, never for changes made elsewhere. Bubbles and crosses shadow roots.
 */
export class FwEvaluationChangedEvent extends Event {
  static readonly eventName = 'fw-evaluation-changed';
  readonly action: EvaluationAction;
  readonly evaluation: Evaluation;

  constructor(action: EvaluationAction, evaluation: Evaluation) {
    super(FwEvaluationChangedEvent.eventName, { bubbles: true, composed: true });
    this.action = action;
    this.evaluation = evaluation;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-evaluation-changed': FwEvaluationChangedEvent;
  }
}
