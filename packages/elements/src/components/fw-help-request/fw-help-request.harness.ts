import type { FwHelpRequest } from './fw-help-request.js';
import { clean } from '../../internal/harness-text.js';

/** One request in a supervisor's queue, as shown. */
export interface HelpQueueRow {
  readonly id: string;
  /** "Alex Kim: Customer wants a refund". */
  readonly text: string;
  /** "Open" or "Acknowledged by sup-2". */
  readonly state: string;
  /** The actions offered: `acknowledge`, `resolve`, `whisper`. */
  readonly actions: readonly string[];
  /** Why whisper is not offered, or what is going on ("You are whispering…"). */
  readonly note: string;
  /** The row's pending or failure message. */
  readonly message: string;
}


/**
 * Drives an `fw-help-request` the way a person does (typing, clicking its own controls), for
 * host apps' tests. It reads what the element renders, never its private state.
 *
 * @example
 * ```ts
 * const help = new FwHelpRequestHarness(document.querySelector('fw-help-request')!);
 * await help.raise('Customer asks for a refund over my limit');
 * await supervisorHelp.act(requestId, 'acknowledge');
 * ```
 */
export class FwHelpRequestHarness {
  readonly element: FwHelpRequest;

  constructor(element: FwHelpRequest) {
    this.element = element;
  }

  private get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (root === null) throw new Error('fw-help-request has not rendered yet.');
    return root;
  }

  /** The agent's reason field (null in the queue view, or while a hand is raised). */
  get reasonInput(): HTMLInputElement | null {
    return this.root.querySelector('#reason');
  }

  /** The agent's raise-hand button. */
  get raiseButton(): HTMLButtonElement | null {
    return this.root.querySelector('[part="raise"]');
  }

  /** The agent's lower-hand button. */
  get cancelButton(): HTMLButtonElement | null {
    return this.root.querySelector('[part="cancel"]');
  }

  /** Types a reason, sets the "about my interaction" box when given, and clicks "Raise hand". */
  async raise(reason: string, aboutInteraction?: boolean): Promise<void> {
    const input = this.reasonInput;
    if (input === null) throw new Error('fw-help-request shows no raise-hand form.');
    input.value = reason;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    const box = this.root.querySelector<HTMLInputElement>('[part="about"] input');
    if (aboutInteraction !== undefined && box !== null && box.checked !== aboutInteraction) box.click();
    this.raiseButton?.click();
    await this.element.updateComplete;
  }

  /** Clicks "Lower hand". */
  async cancel(): Promise<void> {
    const button = this.cancelButton;
    if (button === null) throw new Error('fw-help-request shows no lower-hand button.');
    button.click();
    await this.element.updateComplete;
  }

  /** The agent's request state, as shown ("Your hand is raised. …"). */
  status(): string {
    return clean(this.root.querySelector('[part="status"]'));
  }

  /** The requests of the supervisor's queue, oldest first. */
  rows(): HelpQueueRow[] {
    return [...this.root.querySelectorAll<HTMLElement>('[part="request"]')].map((row) => ({
      id: row.dataset['id'] ?? '',
      text: clean(row.querySelector('.line')),
      state: clean(row.querySelector('[part="state"]')),
      actions: [...row.querySelectorAll<HTMLElement>('[part="action"]')].map((b) => b.dataset['action'] ?? ''),
      note: clean(row.querySelector('[part="note"]')),
      message: clean(row.querySelector('[part="message"]')),
    }));
  }

  /** A row's action button, or null. */
  actionButton(requestId: string, action: 'acknowledge' | 'resolve' | 'whisper'): HTMLButtonElement | null {
    return this.root.querySelector(`[part="request"][data-id="${requestId}"] [part="action"][data-action="${action}"]`);
  }

  /** Clicks a row's action. Throws if the row does not offer it. */
  async act(requestId: string, action: 'acknowledge' | 'resolve' | 'whisper'): Promise<void> {
    const button = this.actionButton(requestId, action);
    if (button === null) throw new Error(`fw-help-request offers no ${action} on ${requestId}.`);
    button.click();
    await this.element.updateComplete;
  }

  /** Whether something waits for the platform's confirmation. */
  isPending(): boolean {
    return this.element.matches(':state(pending)');
  }

  /** Whether something did not happen. */
  isFailed(): boolean {
    return this.element.matches(':state(failed)');
  }

  /** Every message shown (the agent's, each row's, "unavailable"), joined. */
  message(): string {
    return [...this.root.querySelectorAll('[part="message"]')].map((m) => clean(m)).join(' ');
  }
}
