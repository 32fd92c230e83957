import type { FwCheckIn } from './fw-check-in.js';
import { clean } from '../../internal/harness-text.js';

/** One check-in in the list, as shown. */
export interface CheckInRow {
  readonly id: string;
  readonly phase: string;
  readonly answer: string;
  /** The state text ("Accepted", "Waiting for the agent’s answer"). */
  readonly state: string;
  /** The actions offered and enabled. */
  readonly actions: readonly string[];
  /** The actions shown but disabled, with the reason shown beside each. */
  readonly blocked: Readonly<Record<string, string>>;
  readonly message: string;
}


/** `YYYY-MM-DDTHH:mm` in local time, as a `datetime-local` field takes it. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * Drives an `fw-check-in` the way a person does (filling the form, clicking its buttons), for
 * host apps' tests. It reads what the element renders, never its private state.
 *
 * @example
 * ```ts
 * const supervisor = new FwCheckInHarness(document.querySelector('fw-check-in')!);
 * await supervisor.propose({ agentId: 'agent-7', at: Date.now() + 25 * 3_600_000, topic: 'Quality review' });
 * ```
 */
export class FwCheckInHarness {
  readonly element: FwCheckIn;

  constructor(element: FwCheckIn) {
    this.element = element;
  }

  private get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (root === null) throw new Error('fw-check-in has not rendered yet.');
    return root;
  }

  private fill(selector: string, value: string, event: 'input' | 'change' = 'input'): void {
    const field = this.root.querySelector<HTMLInputElement | HTMLSelectElement>(selector);
    if (field === null) throw new Error(`fw-check-in shows no ${selector}.`);
    field.value = value;
    field.dispatchEvent(new Event(event, { bubbles: true, composed: true }));
  }

  /**
   * Fills the supervisor's form and clicks Propose. `at` is epoch ms, entered to the minute in
   * local time, or a `YYYY-MM-DDTHH:mm` string entered as typed (a wall time a DST change skips or
   * repeats, say); `occurrence`, for a time the clocks repeat, which one to propose (the form
   * proposes the first unless told).
   */
  async propose(options: { agentId?: string; at: number | string; topic?: string; occurrence?: 'first' | 'second' }): Promise<void> {
    if (options.agentId !== undefined && this.root.querySelector('#agent') !== null) this.fill('#agent', options.agentId, 'change');
    this.fill('#when', typeof options.at === 'string' ? options.at : localInput(options.at));
    if (options.topic !== undefined) this.fill('#topic', options.topic);
    await this.element.updateComplete;
    if (options.occurrence !== undefined) await this.chooseOccurrence(options.occurrence);
    this.root.querySelector<HTMLButtonElement>('[part="propose"]')?.click();
    await this.element.updateComplete;
  }

  /** The check-ins listed, in order (the agent's join prompt is not among them). */
  rows(): CheckInRow[] {
    return [...this.root.querySelectorAll<HTMLElement>('[part="check-in"]')].map((row) => {
      const buttons = [...row.querySelectorAll<HTMLButtonElement>('button[data-action]')];
      const blocked: Record<string, string> = {};
      for (const b of buttons) {
        const reason = b.getAttribute('aria-describedby');
        if (reason !== null) blocked[b.dataset['action'] ?? ''] = clean(this.root.getElementById(reason));
      }
      return {
        id: row.dataset['id'] ?? '',
        phase: row.dataset['phase'] ?? '',
        answer: row.dataset['answer'] ?? '',
        state: clean(row.querySelector('[part="state"]')),
        actions: buttons.filter((b) => b.getAttribute('aria-disabled') !== 'true').map((b) => b.dataset['action'] ?? ''),
        blocked,
        message: clean(row.querySelector('[part="message"]')),
      };
    });
  }

  /** Clicks an action on a check-in (in the list or the join prompt), enabled or not. */
  async act(checkInId: string, action: string): Promise<void> {
    const button = this.root.querySelector<HTMLButtonElement>(`[data-id="${CSS.escape(checkInId)}"] button[data-action="${action}"]`);
    if (button === null) throw new Error(`fw-check-in offers no ${action} on ${checkInId}.`);
    button.click();
    await this.element.updateComplete;
  }

  /** The agent's "Join now?" prompt text, or '' when none is shown. */
  prompt(): string {
    return clean(this.root.querySelector('[part="prompt"] .prompt-title'));
  }

  /**
   * Opens "Propose another time", enters `at` (epoch ms, or a `YYYY-MM-DDTHH:mm` string as typed)
   * and sends it; `occurrence`, for a time the clocks repeat, which one (the first unless told).
   */
  async counter(checkInId: string, at: number | string, occurrence?: 'first' | 'second'): Promise<void> {
    await this.act(checkInId, 'counter');
    this.fill('#counter-when', typeof at === 'string' ? at : localInput(at));
    if (occurrence !== undefined) await this.chooseOccurrence(occurrence);
    this.root.querySelector<HTMLFormElement>('[part="counter-form"]')?.requestSubmit();
    await this.element.updateComplete;
  }

  /** The note beside a time field (a time the clocks repeat), or '' when none is shown. */
  timeNote(): string {
    return clean(this.root.querySelector('[part="time-note"]'));
  }

  /** The occurrences offered for a time the clocks repeat ("1:30 AM BST", "1:30 AM GMT"), in order, the chosen one checked; empty for any other time. */
  occurrences(): { readonly label: string; readonly checked: boolean }[] {
    return [...this.root.querySelectorAll<HTMLInputElement>('[part="time-choice"] input')].map((radio) => ({ label: clean(radio.closest('label')), checked: radio.checked }));
  }

  /** Chooses which occurrence of a repeated time to book, by clicking its radio button. */
  async chooseOccurrence(which: 'first' | 'second'): Promise<void> {
    await this.element.updateComplete;
    const radio = this.root.querySelector<HTMLInputElement>(`[part="time-choice"] input[value="${which}"]`);
    if (radio === null) throw new Error('fw-check-in offers no choice of occurrence: the time is not one the clocks repeat.');
    radio.click();
    await this.element.updateComplete;
  }

  /** Every message shown (form errors, failures, "unavailable"), joined. */
  message(): string {
    return [...this.root.querySelectorAll('[part="message"], #form-error')].map((m) => clean(m)).join(' ');
  }
}
