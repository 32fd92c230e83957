import {
  ErrorCode,
  FloorwalkError,
  importOnce,
  isFloorwalkError,
  PRESENCE_STATES,
  type Floorwalk,
  type PresenceDefinition,
  type PresenceState,
  type ReasonCode,
  type StoreChange,
} from '@floorwalk/core';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { FwPresenceChangeFailedEvent } from '../../events/fw-presence-change-failed.js';
import { FwPresenceChangeRequestEvent } from '../../events/fw-presence-change-request.js';
import { FwPresenceChangedEvent } from '../../events/fw-presence-changed.js';
import { presenceCatalog } from '../../internal/common-strings.js';
import { busySeconds } from '../../internal/busy.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { TickController } from '../../internal/controllers/tick-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { alertIcon, infoIcon, pendingIcon, presenceIcon } from '../../internal/icons.js';
import { LocalizeController, dirOf } from '../../internal/localize.js';
import { formatTimer } from '../../internal/format.js';
import { confirmTimeoutOf, DEFAULT_CONFIRM_TIMEOUT } from '../../internal/pending.js';
import { baseStyles } from '../../styles/shared.styles.js';
import { statusToggleCatalog } from './fw-status-toggle.strings.js';
import { statusToggleStyles } from './fw-status-toggle.styles.js';

/** One entry of the menu: a state, with one of the tenant's reason codes for it when it has any. */
interface Choice {
  readonly key: string;
  readonly state: PresenceState;
  readonly reason: ReasonCode | undefined;
}

/** A change sent and not yet confirmed. */
interface Pending {
  readonly seq: number;
  readonly choice: Choice;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** A change rolled back, kept until the next choice so its reason stays readable. */
interface Failure {
  readonly choice: Choice;
  readonly error: FloorwalkError;
}


// A failed load (the menu then stays positioned inside the host, where an ancestor's overflow
// may clip it) is fetched again at the next open, also where the browser remembers the failure.
const loadPopup = importOnce(() => import('../../internal/popup.js'));

const keyOf = (state: PresenceState, reason: ReasonCode | undefined): string =>
  reason === undefined ? state : `${state}:${reason.id}`;

const chevron = html`<svg class="chevron" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false"><path d="m3 6 5 5 5-5" fill="none" stroke="currentColor" stroke-width="1.8"/></svg>`;
const check = html`<svg class="check" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><path d="m3 8.5 3.5 3.5L13 4.5" fill="none" stroke="currentColor" stroke-width="2"/></svg>`;

/**
 * The signed-in agent's own presence, with the tenant's reason codes. It shows the time in the
 * current status and the routing activity. Choosing a status sends an intent through the
 * client; the toggle shows it as pending until the platform confirms it (a presence event with
 * that status reaches the store), and rolls it back with a visible, announced reason when the
 * command is refused or no confirmation arrives within `confirm-timeout` milliseconds.
 *
 * The agent is the session's `agentId` (for role `agent`, its `userId`). Without a client, an
 * agent, a live connection or the permission, the toggle is disabled and says why.
 *
 * @tagname fw-status-toggle
 * @summary The agent's own status picker: pending until confirmed, rolled back on failure.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @event fw-presence-change-request - Cancelable; fired before a change is sent. `state`, `reason`.
 * @event fw-presence-changed - The platform confirmed the change asked for here. `state`, `reason`.
 * @event fw-presence-change-failed - The change was refused or not confirmed in time and was rolled back. `state`, `reason`, `error`.
 *
 * @csspart base - The wrapper.
 * @csspart label - The "My status" label.
 * @csspart button - The menu button showing the current status.
 * @csspart value - The status text inside the button.
 * @csspart presence-icon - The status icon.
 * @csspart pending - The pending mark inside the button.
 * @csspart details - The time in status and routing activity.
 * @csspart time - The time in status.
 * @csspart routing - The routing activity.
 * @csspart message - Pending, failure or "unavailable" explanation.
 * @csspart menu - The list of statuses.
 * @csspart item - One status in the menu.
 *
 * @cssproperty --fw-status-toggle-font-size - Base font size (default 0.875rem).
 * @cssproperty --fw-status-toggle-background - The button's background.
 * @cssproperty --fw-status-toggle-border-color - The button's border.
 * @cssproperty --fw-status-toggle-radius - The button's corner radius.
 * @cssproperty --fw-status-toggle-pending-color - The pending mark's colour.
 * @cssproperty --fw-status-toggle-error-color - The failure message's colour and rule.
 * @cssproperty --fw-status-toggle-menu-background - The menu's background.
 * @cssproperty --fw-status-toggle-menu-max-height - The menu's maximum height before it scrolls (default 20rem).
 * @cssproperty --fw-status-toggle-menu-z-index - The menu's stacking order (default 10).
 *
 * @cssstate pending - A change was sent and waits for the platform's confirmation.
 * @cssstate failed - The last change was rolled back; the message says why.
 * @cssstate unavailable - No client, agent, live connection or permission: the toggle is disabled.
 * @cssstate open - The menu is open.
 */
export class FwStatusToggle extends FwElement {
  static override shadowRootOptions: ShadowRootInit = { ...FwElement.shadowRootOptions, delegatesFocus: true };
  static override styles: CSSResultGroup = [baseStyles, statusToggleStyles];

  static override properties = {
    client: { attribute: false },
    confirmTimeout: { type: Number, attribute: 'confirm-timeout' },
    open: { state: true },
    pending: { state: true },
    failure: { state: true },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** How long to wait for the platform's confirmation before rolling back, in ms. Default 10000. */
  declare confirmTimeout: number;

  // ---- internal state --------------------------------------------------------------------

  private declare open: boolean;
  private declare pending: Pending | undefined;
  private declare failure: Failure | undefined;

  private readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  private readonly t = new LocalizeController(this, statusToggleCatalog);
  private readonly common = new LocalizeController(this, presenceCatalog);
  private readonly voice = new AnnounceController(this);
  private seq = 0;
  private renderedActivity = '';

  constructor() {
    super();
    this.confirmTimeout = DEFAULT_CONFIRM_TIMEOUT;
    this.open = false;
    this.pending = undefined;
    this.failure = undefined;
    new TickController(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The command may still go through; this element just stops waiting for it.
    if (this.pending !== undefined) clearTimeout(this.pending.timer);
    this.pending = undefined;
    this.open = false;
    this.unpop?.();
    this.unpop = undefined;
  }

  // ---- client and store ------------------------------------------------------------------

  /** The agent this session is, if any: the session's `agentId`, or its `userId` for role `agent`. */
  private get agentId(): string | undefined {
    const session = this.clients.client?.session;
    if (session === undefined) return undefined;
    return session.agentId ?? (session.role === 'agent' ? session.userId : undefined);
  }

  private onStoreChange(change: StoreChange): boolean {
    const client = this.clients.client;
    const id = this.agentId;
    if (client === undefined || id === undefined) return change.reset;
    const mine = change.reset || change.agents.has(id);
    if (mine) this.checkConfirmed();
    // The routing activity derives from interactions: re-render only when it actually moved.
    return mine || client.getRoutingActivity(id) !== this.renderedActivity;
  }

  /** Why the toggle cannot be used now, or undefined when it can. */
  private unavailable(): string | undefined {
    const client = this.clients.client;
    if (client === undefined) return this.common.strings.noClient;
    const id = this.agentId;
    if (id === undefined) return this.t.strings.noAgent;
    if (client.status !== 'live') return this.t.strings.notLive(this.common.strings.connection(client.status));
    if (client.getAgent(id) === undefined) return this.t.strings.unknownAgent;
    if (!client.can({ type: 'set-presence', agentId: id, state: 'available' })) return this.t.strings.notAllowed;
    return undefined;
  }

  private choices(): Choice[] {
    const client = this.clients.client;
    if (client === undefined) return [];
    const defined: readonly PresenceDefinition[] = client.getPresenceDefinitions();
    const list = defined.length > 0 ? defined : PRESENCE_STATES.map((state) => ({ state, reasons: [] }));
    const out: Choice[] = [];
    for (const { state, reasons } of list) {
      if (reasons.length === 0) out.push({ key: state, state, reason: undefined });
      else for (const reason of reasons) out.push({ key: keyOf(state, reason), state, reason });
    }
    // The current status may not be on the tenant's list (a supervisor set "Break" with no
    // reason); it is shown anyway, so the menu always has its checked item.
    const presence = this.agentId === undefined ? undefined : client.getAgent(this.agentId)?.presence;
    if (presence !== undefined) {
      const key = keyOf(presence.state, presence.reason);
      if (!out.some((c) => c.key === key)) {
        const at = out.findIndex((c) => c.state === presence.state);
        out.splice(at < 0 ? out.length : at, 0, { key, state: presence.state, reason: presence.reason });
      }
    }
    return out;
  }

  private label(choice: Pick<Choice, 'state' | 'reason'>): string {
    const state = this.common.strings.presence(choice.state);
    return choice.reason === undefined ? state : this.t.strings.option(state, choice.reason.label);
  }

  // ---- the change: request → pending → confirmed | rolled back ----------------------------

  private choose(choice: Choice): void {
    const client = this.clients.client;
    const id = this.agentId;
    if (client === undefined || id === undefined || this.pending !== undefined || this.unavailable() !== undefined) return;
    const current = client.getAgent(id)?.presence;
    // Choosing the status one is already in sends nothing: the platform would not report a change.
    if (current !== undefined && keyOf(current.state, current.reason) === choice.key) return;
    const request = this.dispatch(new FwPresenceChangeRequestEvent(choice.state, choice.reason));
    if (request.defaultPrevented) return;

    const seq = ++this.seq;
    const timeout = confirmTimeoutOf(this.confirmTimeout);
    const timer = setTimeout(() => {
      const error = new FloorwalkError(ErrorCode.VendorError, `The platform did not confirm ${choice.key} within ${timeout} ms.`, {
        details: { timeoutMs: timeout, state: choice.state },
      });
      this.rollBack(seq, error);
    }, timeout);
    this.failure = undefined;
    this.pending = { seq, choice, timer };
    client.setPresence(choice.state, choice.reason).then(
      () => this.checkConfirmed(),
      (err: unknown) => {
        const error = isFloorwalkError(err)
          ? err
          : new FloorwalkError(ErrorCode.Internal, `setPresence failed: ${String(err)}`, { cause: err });
        this.rollBack(seq, error);
      },
    );
  }

  /** Ends the pending change if the store now holds the status asked for. */
  private checkConfirmed(): void {
    const pending = this.pending;
    const id = this.agentId;
    if (pending === undefined || id === undefined) return;
    const presence = this.clients.client?.getAgent(id)?.presence;
    if (presence === undefined || keyOf(presence.state, presence.reason) !== pending.choice.key) return;
    clearTimeout(pending.timer);
    this.pending = undefined;
    const { state, reason } = pending.choice;
    this.dispatch(new FwPresenceChangedEvent(state, reason));
    this.voice.announce(this.t.strings.confirmed(this.label(pending.choice)), 'polite');
  }

  private rollBack(seq: number, error: FloorwalkError): void {
    const pending = this.pending;
    if (pending === undefined || pending.seq !== seq) return;
    clearTimeout(pending.timer);
    this.pending = undefined;
    this.failure = { choice: pending.choice, error };
    const { state, reason } = pending.choice;
    this.dispatch(new FwPresenceChangeFailedEvent(state, reason, error));
    this.voice.announce(this.failureText(this.failure), 'assertive');
  }

  private why(error: FloorwalkError): string {
    const s = this.t.strings;
    if (error.details?.['timeoutMs'] !== undefined) return s.whyTimeout;
    switch (error.code) {
      case ErrorCode.Forbidden:
      case ErrorCode.OutOfScope:
        return s.whyForbidden;
      case ErrorCode.NotConnected:
      case ErrorCode.Cancelled:
        return s.whyNotConnected;
      case ErrorCode.RateLimited:
        // Not refused: the platform asked for a wait (Genesys' Retry-After), and nothing changed.
        return s.whyBusy(busySeconds(error));
      default:
        return s.whyRefused;
    }
  }

  private failureText(failure: Failure): string {
    return this.t.strings.failed(this.label(failure.choice), this.why(failure.error));
  }

  // ---- the menu ----------------------------------------------------------------------------

  private get button(): HTMLButtonElement | null {
    return this.renderRoot.querySelector('#button');
  }

  private items(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitemradio"]')];
  }

  private async openMenu(focus: 'checked' | 'first' | 'last'): Promise<void> {
    if (this.pending !== undefined || this.unavailable() !== undefined) return;
    this.open = true;
    await this.updateComplete;
    const items = this.items();
    const target =
      focus === 'last'
        ? items.at(-1)
        : focus === 'first'
          ? items[0]
          : (items.find((item) => item.getAttribute('aria-checked') === 'true') ?? items[0]);
    // Not scrolled into view: the menu may still be on its way to the top layer beside the button.
    target?.focus({ preventScroll: true });
  }

  private get menu(): HTMLElement | null {
    return this.renderRoot.querySelector('#menu');
  }

  /** Takes the menu out of the top layer, once it was put there. */
  private unpop: (() => void) | undefined;

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The open menu goes into the top layer beside the button, so an ancestor with `overflow:
    // hidden` cannot clip it. Its module loads when a menu first opens; until then, or without
    // the Popover API, the menu is positioned absolutely inside the host.
    if (!this.open) {
      this.unpop?.();
      this.unpop = undefined;
    } else if (this.unpop === undefined) {
      void loadPopup().then(({ popOver }) => {
        if (this.open && this.unpop === undefined && this.button !== null) this.unpop = popOver(this.button, 'start', dirOf(this, this.t.lang) === 'rtl');
      }, () => undefined);
    }
  }


  private closeMenu(restoreFocus: boolean): void {
    if (!this.open) return;
    this.open = false;
    if (restoreFocus) this.button?.focus();
  }

  private readonly onButtonClick = (): void => {
    if (this.open) this.closeMenu(true);
    else void this.openMenu('checked');
  };

  private readonly onButtonKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      void this.openMenu(event.key === 'ArrowDown' ? 'checked' : 'last');
    }
  };

  private readonly onMenuKeydown = (event: KeyboardEvent): void => {
    const items = this.items();
    const current = items.indexOf(event.target as HTMLElement);
    const move = (index: number): void => {
      event.preventDefault();
      items[(index + items.length) % items.length]?.focus();
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(current + 1);
      case 'ArrowUp':
        return move(current - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(items.length - 1);
      case 'Escape':
        event.preventDefault();
        return this.closeMenu(true);
      case 'Tab':
        return this.closeMenu(false);
      case 'Enter':
      case ' ':
        event.preventDefault();
        return this.pick(event.target as HTMLElement);
      default:
        if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
          // Type-ahead: the next item whose text starts with the typed character.
          const char = event.key.toLocaleLowerCase(this.t.lang);
          for (let step = 1; step <= items.length; step++) {
            const item = items[(current + step) % items.length];
            if (item?.textContent?.trim().toLocaleLowerCase(this.t.lang).startsWith(char)) return move(current + step);
          }
        }
    }
  };

  private readonly onMenuClick = (event: MouseEvent): void => {
    const item = (event.target as HTMLElement).closest<HTMLElement>('[role="menuitemradio"]');
    if (item !== null) this.pick(item);
  };

  private readonly onMenuFocusout = (event: FocusEvent): void => {
    const next = event.relatedTarget as Node | null;
    if (next === null || !this.renderRoot.contains(next)) this.closeMenu(false);
  };

  private pick(item: HTMLElement): void {
    const choice = this.choices().find((c) => c.key === item.dataset['key']);
    this.closeMenu(true);
    if (choice !== undefined) this.choose(choice);
  }

  // ---- rendering ---------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const unavailable = this.unavailable() !== undefined;
    if (unavailable && this.open) {
      // The link dropped with the menu open: close it, and keep focus on the button rather than
      // letting it fall to the page with the hidden items.
      const hadFocus = this.renderRoot.querySelector('#menu')?.contains((this.renderRoot as ShadowRoot).activeElement) ?? false;
      this.open = false;
      if (hadFocus) void this.updateComplete.then(() => this.button?.focus());
    }
    this.toggleState('pending', this.pending !== undefined);
    this.toggleState('failed', this.failure !== undefined);
    this.toggleState('unavailable', unavailable);
    this.toggleState('open', this.open);
  }


  protected override render(): TemplateResult {
    const s = this.t.strings;
    const c = this.common.strings;
    const client = this.clients.client;
    const id = this.agentId;
    const agent = id === undefined ? undefined : client?.getAgent(id);
    const unavailable = this.unavailable();
    const disabled = unavailable !== undefined || this.pending !== undefined;
    const shown = this.pending?.choice ?? (agent === undefined ? undefined : { state: agent.presence.state, reason: agent.presence.reason });
    const currentKey = agent === undefined ? undefined : keyOf(agent.presence.state, agent.presence.reason);
    const activity = client !== undefined && id !== undefined && agent !== undefined ? client.getRoutingActivity(id) : undefined;
    this.renderedActivity = activity ?? '';

    let message: TemplateResult | typeof nothing = nothing;
    if (this.failure !== undefined) {
      message = html`<p part="message" id="message" class="message" data-kind="error">${alertIcon()}<span>${this.failureText(this.failure)}</span></p>`;
    } else if (this.pending !== undefined) {
      message = html`<p part="message" id="message" class="message" data-kind="pending">${infoIcon()}<span>${s.pending(this.label(this.pending.choice))}</span></p>`;
    } else if (unavailable !== undefined) {
      message = html`<p part="message" id="message" class="message" data-kind="unavailable">${infoIcon()}<span>${unavailable}</span></p>`;
    }

    return html`<div part="base" class="base">
      <span part="label" id="label" class="label">${s.label}</span>
      <div class="control">
        <button
          part="button"
          id="button"
          class="button"
          type="button"
          data-presence=${shown?.state ?? nothing}
          aria-haspopup="menu"
          aria-expanded=${this.open ? 'true' : 'false'}
          aria-controls="menu"
          aria-labelledby="label value pending"
          aria-describedby=${message === nothing ? nothing : 'message'}
          aria-disabled=${disabled ? 'true' : nothing}
          @click=${this.onButtonClick}
          @keydown=${this.onButtonKeydown}
        >
          ${shown === undefined ? nothing : presenceIcon(shown.state)}
          <span part="value" id="value">${shown === undefined ? '—' : this.label(shown)}</span>
          ${this.pending === undefined
            ? nothing
            : html`<span part="pending" id="pending" class="pending"
                >${pendingIcon()}${s.pendingMark}</span
              >`}
          ${chevron}
        </button>
        <div
          part="menu"
          id="menu"
          class="menu"
          role="menu"
          aria-label=${s.menuLabel}
          ?hidden=${!this.open}
          @keydown=${this.onMenuKeydown}
          @click=${this.onMenuClick}
          @focusout=${this.onMenuFocusout}
        >
          ${this.open
            ? this.choices().map(
                (choice) =>
                  html`<div
                    part="item"
                    class="item"
                    role="menuitemradio"
                    tabindex="-1"
                    data-key=${choice.key}
                    data-presence=${choice.state}
                    aria-checked=${choice.key === currentKey ? 'true' : 'false'}
                  >
                    ${presenceIcon(choice.state)}<span>${this.label(choice)}</span>${check}
                  </div>`,
              )
            : nothing}
        </div>
      </div>
      ${agent === undefined || client === undefined || activity === undefined
        ? nothing
        : html`<span part="details" class="details">
            <span part="time" class="timer">${s.timeInState(formatTimer(this.t.lang, client.getTimeInState(agent.id)))}</span>
            <span part="routing">${s.routing}: ${c.routing(activity)}</span>
          </span>`}
      ${message}
    </div>`;
  }
}
