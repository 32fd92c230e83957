import { MONITORING_MODES, type MonitoringMode } from '@floorwalk/core';
import type { FwCoachingPanel } from './fw-coaching-panel.js';
import { clean } from '../../internal/harness-text.js';

/** One mode as the panel shows it. */
export interface CoachingPanelMode {
  readonly mode: MonitoringMode;
  /** Whether it has a button (offered by the platform and allowed for this session). */
  readonly offered: boolean;
  /** Whether it is the mode in use (or asked for, while pending). */
  readonly pressed: boolean;
  /** Why it is not offered, when it is not. */
  readonly reason: string;
}

/**
 * Drives an `fw-coaching-panel` the way a person does (clicks on its own buttons), for host
 * apps' tests. It reads what the element renders, never its private state.
 *
 * @example
 * ```ts
 * const panel = new FwCoachingPanelHarness(document.querySelector('fw-coaching-panel')!);
 * await panel.choose('whisper');
 * expect(panel.isPending()).to.equal(true);
 * ```
 */
export class FwCoachingPanelHarness {
  readonly element: FwCoachingPanel;

  constructor(element: FwCoachingPanel) {
    this.element = element;
  }

  private get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (root === null) throw new Error('fw-coaching-panel has not rendered yet.');
    return root;
  }

  /** A mode's button, or null when the panel does not offer it. */
  button(mode: MonitoringMode): HTMLButtonElement | null {
    return this.root.querySelector(`button[part="mode-button"][data-mode="${mode}"]`);
  }

  /** The stop button, or null when this supervisor is not monitoring. */
  get stopButton(): HTMLButtonElement | null {
    return this.root.querySelector('button[part="stop"]');
  }

  /** The three modes, as shown. */
  modes(): CoachingPanelMode[] {
    return MONITORING_MODES.map((mode) => {
      const button = this.button(mode);
      return {
        mode,
        offered: button !== null,
        pressed: button?.getAttribute('aria-pressed') === 'true',
        reason: clean(this.root.querySelector(`[part="reason"][data-mode="${mode}"]`)),
      };
    });
  }

  /** Whether the panel shows any control at all. */
  hasControls(): boolean {
    return this.root.querySelector('[part="controls"]') !== null;
  }

  /** Clicks a mode's button: starts monitoring in it, or switches to it. Throws if it is not offered. */
  async choose(mode: MonitoringMode): Promise<void> {
    const button = this.button(mode);
    if (button === null) throw new Error(`fw-coaching-panel offers no ${mode} control: ${this.modes().find((m) => m.mode === mode)?.reason ?? ''}`);
    button.click();
    await this.element.updateComplete;
  }

  /** Clicks "Stop monitoring". Throws if it is not shown. */
  async stop(): Promise<void> {
    const button = this.stopButton;
    if (button === null) throw new Error('fw-coaching-panel shows no stop control.');
    button.click();
    await this.element.updateComplete;
  }

  /**
   * This supervisor's sessions on agents no longer in their view (moved out of their teams, or
   * removed), and those its platform did not take off when their call ended (`outlivesCall`), as
   * listed whatever agent the panel shows: each one's sentence.
   */
  away(): string[] {
    return [...this.root.querySelectorAll('[part="away"]')].map((p) => clean(p.querySelector('span[id]')));
  }

  /** Clicks the Stop of the `index`th of {@link away}. Throws if there is none. */
  async stopAway(index = 0): Promise<void> {
    const button = this.root.querySelectorAll<HTMLButtonElement>('button[part="away-stop"]')[index];
    if (button === undefined) throw new Error(`fw-coaching-panel lists no session out of view at ${index}.`);
    button.click();
    await this.element.updateComplete;
  }

  /** Whether a request waits for the platform's confirmation. */
  isPending(): boolean {
    return this.element.matches(':state(pending)');
  }

  /** Whether the last request did not happen (its reason is in {@link message}). */
  isFailed(): boolean {
    return this.element.matches(':state(failed)');
  }

  /** Whether this supervisor monitors the interaction now. */
  isMonitoring(): boolean {
    return this.element.matches(':state(monitoring)');
  }

  /** The pending, failure or "unavailable" messages, joined, or an empty string. */
  message(): string {
    return [...this.root.querySelectorAll('[part="message"]')].map((m) => clean(m)).join(' ');
  }

  /** The interaction acted on, as shown ("Voice, Connected, 3:05"), and its id. */
  interaction(): { id: string; label: string } | undefined {
    const p = this.root.querySelector<HTMLElement>('[part="interaction"]');
    return p === null ? undefined : { id: p.dataset['id'] ?? '', label: clean(p) };
  }

  /** What this supervisor is doing now, as shown. */
  current(): string {
    return clean(this.root.querySelector('[part="current"]'));
  }
}
