import type { FwCoachingSessions } from './fw-coaching-sessions.js';
import { clean } from '../../internal/harness-text.js';

/** One coaching session as listed. */
export interface CoachingSessionRow {
  readonly id: string;
  /** `upcoming` or `past`: the list it is in. */
  readonly list: 'upcoming' | 'past';
  readonly topic: string;
  /** The state text ("Scheduled", "In progress", "Done", "Cancelled"). */
  readonly state: string;
  /** Every line of the item, joined. */
  readonly text: string;
}


/** `YYYY-MM-DDTHH:mm` in local time, as a `datetime-local` field takes it. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * Drives an `fw-coaching-sessions` the way a person does (filling the form, ticking attendees,
 * clicking Schedule), for host apps' tests. It reads what the element renders, never its
 * private state.
 *
 * @example
 * ```ts
 * const sessions = new FwCoachingSessionsHarness(document.querySelector('fw-coaching-sessions')!);
 * await sessions.schedule({ agentId: 'agent-7', at: Date.now() + 3_600_000, topic: 'Refund calls', attendees: ['sup-2'] });
 * ```
 */
export class FwCoachingSessionsHarness {
  readonly element: FwCoachingSessions;

  constructor(element: FwCoachingSessions) {
    this.element = element;
  }

  private get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (root === null) throw new Error('fw-coaching-sessions has not rendered yet.');
    return root;
  }

  private fill(selector: string, value: string, event: 'input' | 'change' = 'input'): void {
    const field = this.root.querySelector<HTMLInputElement | HTMLSelectElement>(selector);
    if (field === null) throw new Error(`fw-coaching-sessions shows no ${selector}.`);
    field.value = value;
    field.dispatchEvent(new Event(event, { bubbles: true, composed: true }));
  }

  /**
   * Fills the form and clicks Schedule. `at` is epoch ms, entered to the minute in local time, or
   * a `YYYY-MM-DDTHH:mm` string entered as typed (a wall time a DST change skips or repeats, say);
   * `durationMin` one of the offered lengths; `attendees` user ids to tick; `occurrence`, for a
   * time the clocks repeat, which one to book (the form books the first unless told).
   */
  async schedule(options: { agentId?: string; at: number | string; topic: string; durationMin?: number; attendees?: readonly string[]; occurrence?: 'first' | 'second' }): Promise<void> {
    if (options.agentId !== undefined && this.root.querySelector('#agent') !== null) {
      this.fill('#agent', options.agentId, 'change');
      await this.element.updateComplete;
    }
    this.fill('#when', typeof options.at === 'string' ? options.at : localInput(options.at));
    if (options.durationMin !== undefined) this.fill('#duration', String(options.durationMin), 'change');
    this.fill('#topic', options.topic);
    await this.element.updateComplete;
    if (options.occurrence !== undefined) await this.chooseOccurrence(options.occurrence);
    for (const id of options.attendees ?? []) {
      const box = this.root.querySelector<HTMLInputElement>(`[part="attendees"] input[data-id="${CSS.escape(id)}"]`);
      if (box === null) throw new Error(`fw-coaching-sessions offers no attendee ${id}.`);
      if (!box.checked) box.click();
    }
    this.root.querySelector<HTMLButtonElement>('[part="schedule"]')?.click();
    await this.element.updateComplete;
  }

  private row(sessionId: string): HTMLElement {
    const row = this.root.querySelector<HTMLElement>(`[part="session"][data-id="${CSS.escape(sessionId)}"]`);
    if (row === null) throw new Error(`fw-coaching-sessions lists no session ${sessionId}.`);
    return row;
  }

  /** The actions a session offers this viewer, by name: `Reschedule`, `Cancel`. */
  actions(sessionId: string): string[] {
    return [...this.row(sessionId).querySelectorAll('[part="reschedule"], [part="cancel"]')].map((b) => clean(b));
  }

  /**
   * Clicks the session's Reschedule, enters the new time (as {@link schedule} takes it) and, when
   * given, length, and clicks Reschedule in the form. `occurrence`, for a time the clocks repeat,
   * which one to move it to (the form opens with the session's own occurrence, else the first).
   */
  async reschedule(sessionId: string, options: { at: number | string; durationMin?: number; occurrence?: 'first' | 'second' }): Promise<void> {
    const button = this.row(sessionId).querySelector<HTMLButtonElement>('[part="reschedule"]');
    if (button === null) throw new Error(`fw-coaching-sessions offers no Reschedule for ${sessionId}.`);
    button.click();
    await this.element.updateComplete;
    this.fill('#when', typeof options.at === 'string' ? options.at : localInput(options.at));
    if (options.durationMin !== undefined) this.fill('#duration', String(options.durationMin), 'change');
    await this.element.updateComplete;
    if (options.occurrence !== undefined) await this.chooseOccurrence(options.occurrence);
    this.root.querySelector<HTMLButtonElement>('[part="schedule"]')?.click();
    await this.element.updateComplete;
  }

  /** Clicks the session's Cancel, then in the confirmation "Cancel session" (or, `keep`, "Keep it"). */
  async cancel(sessionId: string, keep = false): Promise<void> {
    const button = this.row(sessionId).querySelector<HTMLButtonElement>('[part="cancel"]');
    if (button === null) throw new Error(`fw-coaching-sessions offers no Cancel for ${sessionId}.`);
    button.click();
    await this.element.updateComplete;
    const dialog = this.root.querySelector<HTMLDialogElement>('[part="confirm"]');
    if (dialog === null || !dialog.open) throw new Error('fw-coaching-sessions did not ask before cancelling.');
    // The dialog acts on its close event, which follows the click in a task of its own.
    const closed = new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
    dialog.querySelector<HTMLButtonElement>(`button[value="${keep ? 'keep' : 'cancel'}"]`)?.click();
    await closed;
    await this.element.updateComplete;
  }

  /** The user ids offered as attendees. */
  attendees(): string[] {
    return [...this.root.querySelectorAll<HTMLInputElement>('[part="attendees"] input[data-id]')].map((b) => b.dataset['id'] ?? '');
  }

  /** Sessions listed, upcoming first (soonest first), then past (latest first). */
  rows(): CoachingSessionRow[] {
    return [...this.root.querySelectorAll<HTMLElement>('[part="session"]')].map((row) => ({
      id: row.dataset['id'] ?? '',
      list: row.closest('[part="past"]') === null ? 'upcoming' : 'past',
      topic: clean(row.querySelector('[part="topic"]')),
      state: clean(row.querySelector('[part="state"]')),
      text: clean(row),
    }));
  }

  /** Whether the scheduling form is shown. */
  hasForm(): boolean {
    return this.root.querySelector('[part="form"]') !== null;
  }

  /** Why scheduling is not offered, or '' when it is. */
  reason(): string {
    return clean(this.root.querySelector('[part="reason"]'));
  }

  /** The note beside the time field (a time the clocks repeat), or '' when none is shown. */
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
    if (radio === null) throw new Error('fw-coaching-sessions offers no choice of occurrence: the time is not one the clocks repeat.');
    radio.click();
    await this.element.updateComplete;
  }

  /** Every message shown (form errors, failures, "unavailable"), joined. */
  message(): string {
    return [...this.root.querySelectorAll('[part="message"], #form-error')].map((m) => clean(m)).join(' ');
  }
}
