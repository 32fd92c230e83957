import type { PresenceState } from '@floorwalk/core';
import type { FwStatusToggle } from './fw-status-toggle.js';
import { clean } from '../../internal/harness-text.js';

/** A status a toggle offers, as its menu lists it. */
export interface StatusToggleOption {
  readonly state: PresenceState;
  /** The reason code's id, when the entry has one. */
  readonly reasonId: string | undefined;
  readonly label: string;
  readonly checked: boolean;
}

/**
 * Drives an `fw-status-toggle` the way a person does (clicks on its own controls), for host
 * apps' tests. It reads what the element renders, never its private state.
 *
 * @example
 * ```ts
 * const toggle = new FwStatusToggleHarness(document.querySelector('fw-status-toggle')!);
 * await toggle.choose('break', 'coffee');
 * expect(toggle.isPending()).to.equal(true);
 * ```
 */
export class FwStatusToggleHarness {
  readonly element: FwStatusToggle;

  constructor(element: FwStatusToggle) {
    this.element = element;
  }

  private get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (root === null) throw new Error('fw-status-toggle has not rendered yet.');
    return root;
  }

  /** The menu button. */
  get button(): HTMLButtonElement {
    return this.root.querySelector('[part="button"]') as HTMLButtonElement;
  }

  /** The status the button shows (the one asked for, while pending): "Break: Coffee". */
  currentLabel(): string {
    return clean(this.root.querySelector('[part="value"]'));
  }

  /** Whether a change waits for the platform's confirmation. */
  isPending(): boolean {
    return this.element.matches(':state(pending)');
  }

  /** Whether the last change was rolled back (its reason is in {@link message}). */
  isFailed(): boolean {
    return this.element.matches(':state(failed)');
  }

  /** Whether the toggle is disabled (no client, agent, connection or permission). */
  isDisabled(): boolean {
    return this.button.getAttribute('aria-disabled') === 'true';
  }

  /** Whether the menu is open. */
  isOpen(): boolean {
    return this.button.getAttribute('aria-expanded') === 'true';
  }

  /** The pending, failure or "unavailable" message, or an empty string. */
  message(): string {
    return clean(this.root.querySelector('[part="message"]'));
  }

  /** The time in the current status, as shown. */
  timeInState(): string {
    return clean(this.root.querySelector('[part="time"]'));
  }

  /** The routing activity, as shown. */
  routing(): string {
    return clean(this.root.querySelector('[part="routing"]'));
  }

  /** Opens the menu by clicking the button, and waits until it is shown in the top layer. */
  async open(): Promise<void> {
    if (!this.isOpen()) this.button.click();
    await this.element.updateComplete;
    // The menu moves into the top layer once its placement module has loaded (the first time).
    const menu = this.root.querySelector<HTMLElement>('#menu');
    for (let i = 0; i < 200 && menu !== null && typeof menu.showPopover === 'function' && !menu.matches(':popover-open'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Closes the menu by clicking the button. */
  async close(): Promise<void> {
    if (this.isOpen()) this.button.click();
    await this.element.updateComplete;
  }

  /** The statuses on offer, opening the menu to read them and closing it again. */
  async options(): Promise<StatusToggleOption[]> {
    const wasOpen = this.isOpen();
    await this.open();
    const options = [...this.root.querySelectorAll<HTMLElement>('[role="menuitemradio"]')].map((item) => {
      const [state, reasonId] = (item.dataset['key'] ?? '').split(':') as [PresenceState, string | undefined];
      return { state, reasonId, label: clean(item), checked: item.getAttribute('aria-checked') === 'true' };
    });
    if (!wasOpen) await this.close();
    return options;
  }

  /**
   * Opens the menu and clicks the entry for `state` (with reason `reasonId`, or the first
   * reason the tenant lists for it when omitted). Throws if the toggle offers no such entry.
   */
  async choose(state: PresenceState, reasonId?: string): Promise<void> {
    await this.open();
    const items = [...this.root.querySelectorAll<HTMLElement>('[role="menuitemradio"]')];
    const item =
      reasonId === undefined
        ? items.find((i) => i.dataset['key'] === state) ?? items.find((i) => i.dataset['key']?.startsWith(`${state}:`))
        : items.find((i) => i.dataset['key'] === `${state}:${reasonId}`);
    if (item === undefined) {
      await this.close();
      throw new Error(`fw-status-toggle offers no ${reasonId === undefined ? state : `${state}: ${reasonId}`}.`);
    }
    item.click();
    await this.element.updateComplete;
  }
}
