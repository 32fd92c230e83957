import type { FwEvaluation } from './fw-evaluation.js';
import { clean } from '../../internal/harness-text.js';

/** One evaluation in the element's list, as shown. */
export interface EvaluationRow {
  readonly id: string;
  readonly state: string;
  /** The score line ("Score 89%", with any critical failure). */
  readonly score: string;
  /** The answer buttons offered and enabled (agent's side): `acknowledge`, `dispute`. */
  readonly actions: readonly string[];
}

const settle = async (el: FwEvaluation): Promise<void> => {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
  }
};

/**
 * Drives an `fw-evaluation` the way a person does (picking, answering, pressing its buttons),
 * for host apps' tests. It reads what the element renders, never its private state.
 *
 * @example
 * ```ts
 * const qa = new FwEvaluationHarness(document.querySelector('fw-evaluation')!);
 * await qa.answer({ greet: 'yes', empathy: 3, verify: 'yes' });
 * await qa.release();
 * ```
 */
export class FwEvaluationHarness {
  readonly element: FwEvaluation;

  constructor(element: FwEvaluation) {
    this.element = element;
  }

  private get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (root === null) throw new Error('fw-evaluation has not rendered');
    return root;
  }

  /** Picks an interaction in the picker (when the element shows one). */
  async pickInteraction(id: string): Promise<void> {
    const select = this.root.querySelector<HTMLSelectElement>('[part="interaction-select"]');
    if (select === null) throw new Error('no interaction picker is shown');
    select.value = id;
    select.dispatchEvent(new Event('change'));
    await settle(this.element);
  }

  /** Answers criteria by id: `yes`, `no`, `na` or a scale point. */
  async answer(answers: Readonly<Record<string, string | number>>): Promise<void> {
    for (const [criterion, value] of Object.entries(answers)) {
      const input = this.root.querySelector<HTMLInputElement>(`fieldset[data-criterion="${CSS.escape(criterion)}"] input[value="${CSS.escape(String(value))}"]`);
      if (input === null) throw new Error(`criterion ${criterion} offers no answer ${String(value)}`);
      input.click();
      await this.element.updateComplete;
    }
  }

  /** The live score line as shown: its label, then the figure ("Score 89%"). */
  score(): string {
    return clean(this.root.querySelector('[part="score"]'));
  }

  /** Presses Save draft. */
  async save(): Promise<void> {
    await this.press(this.root, 'save');
  }

  /** Presses Release to the agent. */
  async release(): Promise<void> {
    await this.press(this.root, 'release');
  }

  /** The evaluations listed, newest first. */
  rows(): EvaluationRow[] {
    return [...this.root.querySelectorAll('[part="evaluation"]')].map((li) => ({
      id: li.getAttribute('data-id') ?? '',
      state: li.getAttribute('data-state') ?? '',
      score: clean(li.querySelector('.item__score')),
      actions: [...li.querySelectorAll('[part="acknowledge"], [part="dispute"]')].filter((b) => b.getAttribute('aria-disabled') !== 'true').map((b) => b.getAttribute('part') ?? ''),
    }));
  }

  /** The agent's side: writes a comment on an evaluation and presses Acknowledge or Dispute. */
  async respond(evaluationId: string, action: 'acknowledge' | 'dispute', comment = ''): Promise<void> {
    const item = this.root.querySelector(`[part="evaluation"][data-id="${CSS.escape(evaluationId)}"]`);
    if (item === null) throw new Error(`evaluation ${evaluationId} is not shown`);
    const field = item.querySelector<HTMLTextAreaElement>('[part="reply-input"]');
    if (field === null) throw new Error(`evaluation ${evaluationId} takes no answer`);
    field.value = comment;
    field.dispatchEvent(new Event('input'));
    await this.press(item, action);
  }

  /** The failure or refusal message shown, if any. */
  message(): string {
    return clean(this.root.querySelector('.message[data-kind="error"]'));
  }

  private async press(within: ParentNode, part: string): Promise<void> {
    const button = within.querySelector<HTMLButtonElement>(`[part="${part}"]`);
    if (button === null) throw new Error(`no ${part} button is shown`);
    button.click();
    await settle(this.element);
  }
}
