import type { FwCoachingNotes } from './fw-coaching-notes.js';
import { clean } from '../../internal/harness-text.js';

/** One note as listed. */
export interface CoachingNoteRow {
  readonly id: string;
  readonly body: string;
  readonly private: boolean;
  /** The interaction it is tied to, or ''. */
  readonly interactionId: string;
  /** Every line of the item, joined. */
  readonly text: string;
}


/**
 * Drives an `fw-coaching-notes` the way a person does (typing a note, picking an interaction,
 * ticking Private, clicking Save note), for host apps' tests. It reads what the element renders,
 * never its private state.
 *
 * @example
 * ```ts
 * const notes = new FwCoachingNotesHarness(document.querySelector('fw-coaching-notes')!);
 * await notes.write({ agentId: 'agent-7', body: 'Good hold etiquette' });
 * ```
 */
export class FwCoachingNotesHarness {
  readonly element: FwCoachingNotes;

  constructor(element: FwCoachingNotes) {
    this.element = element;
  }

  private get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (root === null) throw new Error('fw-coaching-notes has not rendered yet.');
    return root;
  }

  private field<T extends HTMLElement>(selector: string): T {
    const field = this.root.querySelector<T>(selector);
    if (field === null) throw new Error(`fw-coaching-notes shows no ${selector}.`);
    return field;
  }

  /** Fills the form and clicks Save note. */
  async write(options: { agentId?: string; body: string; interactionId?: string; private?: boolean }): Promise<void> {
    if (options.agentId !== undefined && this.root.querySelector('#agent') !== null) {
      const select = this.field<HTMLSelectElement>('#agent');
      select.value = options.agentId;
      select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      await this.element.updateComplete;
    }
    const body = this.field<HTMLTextAreaElement>('#body');
    body.value = options.body;
    body.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    if (options.interactionId !== undefined) {
      const select = this.field<HTMLSelectElement>('#interaction');
      select.value = options.interactionId;
      select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    }
    if (options.private !== undefined) {
      const box = this.field<HTMLInputElement>('#private');
      if (box.checked !== options.private) box.click();
    }
    await this.element.updateComplete;
    this.root.querySelector<HTMLButtonElement>('[part="save"]')?.click();
    await this.element.updateComplete;
  }

  /** Whether "Private" is offered. */
  offersPrivate(): boolean {
    return this.root.querySelector('#private') !== null;
  }

  /** The notes listed, newest first. */
  rows(): CoachingNoteRow[] {
    return [...this.root.querySelectorAll<HTMLElement>('[part="note"]')].map((row) => ({
      id: row.dataset['id'] ?? '',
      body: row.querySelector('[part="body"]')?.textContent ?? '',
      private: row.dataset['private'] === 'true',
      interactionId: row.querySelector<HTMLElement>('[data-interaction]')?.dataset['interaction'] ?? '',
      text: clean(row),
    }));
  }

  /** Whether the form is shown. */
  hasForm(): boolean {
    return this.root.querySelector('[part="form"]') !== null;
  }

  /** Why notes cannot be written, or '' when they can. */
  reason(): string {
    return clean(this.root.querySelector('[part="reason"]'));
  }

  /** Every message shown (form errors, failures, "unavailable"), joined. */
  message(): string {
    return [...this.root.querySelectorAll('[part="message"], #form-error')].map((m) => clean(m)).join(' ');
  }
}
