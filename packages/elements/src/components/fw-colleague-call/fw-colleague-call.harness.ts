import type { FwColleagueCall } from './fw-colleague-call.js';
import { clean } from '../../internal/harness-text.js';

/** One call as listed. */
export interface ColleagueCallRow {
  /** The call's id; '' for a call still ringing (not yet confirmed by the platform). */
  readonly id: string;
  readonly state: 'ringing' | 'connected' | 'ended';
  /** "Call with Alex Kim", "Team call, 5 people". */
  readonly title: string;
  /** The state line ("Ringing…", "Connected 1:05", "Ended Lasted 2 minutes"). */
  readonly status: string;
  /** Whether Hang up is offered and enabled. */
  readonly canHangUp: boolean;
  /** Every line of the item, joined. */
  readonly text: string;
}


/**
 * Drives an `fw-colleague-call` the way a person does (choosing whom to call, clicking Start
 * call and Hang up), for host apps' tests. It reads what the element renders, never its private
 * state.
 *
 * @example
 * ```ts
 * const calls = new FwColleagueCallHarness(document.querySelector('fw-colleague-call')!);
 * await calls.start({ person: 'sup-1' });
 * await calls.hangUp(calls.rows()[0]!.id);
 * ```
 */
export class FwColleagueCallHarness {
  readonly element: FwColleagueCall;

  constructor(element: FwColleagueCall) {
    this.element = element;
  }

  private get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (root === null) throw new Error('fw-colleague-call has not rendered yet.');
    return root;
  }

  private async pick(selector: string, value: string): Promise<void> {
    const field = this.root.querySelector<HTMLSelectElement>(selector);
    if (field === null) throw new Error(`fw-colleague-call shows no ${selector}.`);
    field.value = value;
    field.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await this.element.updateComplete;
  }

  /** Chooses one colleague (`person`) or a team (`team`, by id), or neither, and clicks Start call. */
  async start(whom: { person?: string; team?: string } = {}): Promise<void> {
    if (whom.team !== undefined) {
      const radio = this.root.querySelector<HTMLInputElement>('input[name="kind"][value="team"]');
      if (radio === null) throw new Error('fw-colleague-call offers no team call.');
      radio.click();
      await this.element.updateComplete;
      await this.pick('#team', whom.team);
    } else if (whom.person !== undefined) {
      await this.pick('#person', whom.person);
    }
    this.root.querySelector<HTMLButtonElement>('[part="start"]')?.click();
    await this.element.updateComplete;
  }

  /** The user ids offered for a 1:1 call. */
  people(): string[] {
    return [...this.root.querySelectorAll<HTMLOptionElement>('#person option')].map((o) => o.value).filter((v) => v !== '');
  }

  /** The calls listed: ringing first, then connected (newest first), then ended. */
  rows(): ColleagueCallRow[] {
    return [...this.root.querySelectorAll<HTMLElement>('[part="call"]')].map((row) => {
      const button = row.querySelector<HTMLButtonElement>('[part="hang-up"]');
      return {
        id: row.dataset['id'] ?? '',
        state: (row.dataset['state'] ?? 'ended') as ColleagueCallRow['state'],
        title: clean(row.querySelector('.title')),
        status: clean(row.querySelector('[part="state"]')),
        canHangUp: button !== null && button.getAttribute('aria-disabled') !== 'true',
        text: clean(row),
      };
    });
  }

  /** Clicks Hang up on a call. */
  async hangUp(callId: string): Promise<void> {
    const button = this.root.querySelector<HTMLButtonElement>(`[part="hang-up"][data-call="${CSS.escape(callId)}"]`);
    if (button === null) throw new Error(`fw-colleague-call offers no Hang up on ${callId}.`);
    button.click();
    await this.element.updateComplete;
  }

  /** Whether the form to start a call is shown. */
  hasForm(): boolean {
    return this.root.querySelector('[part="form"]') !== null;
  }

  /** Why no call can be started, or '' when one can. */
  reason(): string {
    return clean(this.root.querySelector('[part="reason"]'));
  }

  /** Every message shown (form errors, failures, "unavailable"), joined. */
  message(): string {
    return [...this.root.querySelectorAll('[part="message"], #form-error')].map((m) => clean(m)).join(' ');
  }
}
