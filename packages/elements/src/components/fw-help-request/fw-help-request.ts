import {
  ErrorCode,
  FloorwalkError,
  isFloorwalkError,
  MAX_TEXT_LENGTH,
  type Floorwalk,
  type HelpRequest,
  type Interaction,
  type MonitoringSession,
  type StoreChange,
} from '@floorwalk/core';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { FwHelpFailedEvent, type HelpAction } from '../../events/fw-help-failed.js';
import { FwHelpRaiseRequestEvent } from '../../events/fw-help-raise-request.js';
import { FwMonitoringRequestEvent } from '../../events/fw-monitoring-request.js';
import { interactionCatalog } from '../../internal/common-strings.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { TickController } from '../../internal/controllers/tick-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { alertIcon, channelIcon, helpIcon } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatTimer } from '../../internal/format.js';
import { controlStyles, fieldStyles, panelStyles } from '../../internal/panel.styles.js';
import { confirmTimeoutOf, DEFAULT_CONFIRM_TIMEOUT, headingLevelOf, pendingIcon } from '../../internal/pending.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { helpRequestCatalog } from './fw-help-request.strings.js';
import { helpRequestStyles } from './fw-help-request.styles.js';

/** Which side the element shows: `auto` picks from the session. */
export type HelpRequestView = 'auto' | 'agent' | 'queue';

/** Something asked and not yet confirmed, per request (or `raise` for the agent's new one). */
interface Op {
  readonly seq: number;
  readonly action: HelpAction;
  readonly requestId: string | undefined;
  readonly agentId: string;
  readonly interactionId: string | undefined;
  /** The agent's requests before a raise, to tell the new one apart. */
  readonly before: ReadonlySet<string>;
  readonly timer: ReturnType<typeof setTimeout>;
}

interface Failure {
  readonly action: HelpAction;
  readonly error: FloorwalkError;
}

const RAISE = 'raise';
const isLive = (i: Interaction | undefined): i is Interaction => i !== undefined && (i.state === 'connected' || i.state === 'held');
const isOpen = (r: HelpRequest): boolean => r.state === 'open' || r.state === 'acknowledged';

/**
 * Help requests, from either side. For an agent's session: a raise-hand form with a reason and,
 * optionally, the current interaction, showing the request's state (waiting, who is on it,
 * resolved) and a way to lower the hand. For a supervisor's session: the queue of open requests
 * in scope, oldest first, with Acknowledge (everyone sees who did), Resolve, and "Whisper on
 * this interaction" (one click starts whisper monitoring where the platform and role allow it).
 * New requests are announced politely to supervisors.
 *
 * Every action is an intent: pending until the platform confirms it, with a visible, announced
 * reason when it fails (a second supervisor acknowledging a request someone else took first
 * sees who got there first).
 *
 * @tagname fw-help-request
 * @summary The agent's raise-hand button, or the supervisor's queue of help requests.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @event fw-help-raise-request - Cancelable; fired before a raised hand is sent. `reason`, `interactionId`.
 * @event fw-monitoring-request - Cancelable; fired before "whisper on this interaction" is sent.
 * @event fw-help-failed - An action did not happen. `action`, `requestId`, `error`.
 *
 * @csspart base - The wrapper (a `section`).
 * @csspart heading - The heading.
 * @csspart form - The agent's raise-hand form.
 * @csspart reason-input - The agent's reason field.
 * @csspart about - The "about my current interaction" checkbox label.
 * @csspart raise - The raise-hand button.
 * @csspart cancel - The lower-hand button.
 * @csspart status - The agent's request state.
 * @csspart list - The supervisor's list of requests.
 * @csspart request - One request in the list.
 * @csspart help-icon - The raised-hand mark.
 * @csspart state - A request's state ("Acknowledged by sup-2").
 * @csspart wait - How long a request has waited.
 * @csspart actions - A request's buttons.
 * @csspart action - Each action button.
 * @csspart note - Why an action is not offered, or what is going on.
 * @csspart empty - The empty queue.
 * @csspart message - Pending, failure or "unavailable" text.
 *
 * @cssproperty --fw-help-request-background - The wrapper's background.
 * @cssproperty --fw-help-request-border-color - The wrapper's border.
 * @cssproperty --fw-help-request-radius - Corner radius of the wrapper, fields and buttons.
 * @cssproperty --fw-help-request-padding - The wrapper's padding (default 1rem).
 * @cssproperty --fw-help-request-accent-color - The raised-hand mark and an open request's rule.
 * @cssproperty --fw-help-request-error-color - The failure message's colour and rule.
 *
 * @cssstate agent - Showing the agent's raise-hand view.
 * @cssstate queue - Showing the supervisor's queue.
 * @cssstate raised - The agent's hand is raised.
 * @cssstate pending - Something waits for the platform's confirmation.
 * @cssstate failed - Something did not happen; the message says why.
 * @cssstate unavailable - Nothing can be done now; the message says why.
 */
export class FwHelpRequest extends FwElement {
  static override styles: CSSResultGroup = [
    frameStyles,
    panelStyles('fw-help-request'), controlStyles('fw-help-request'), fieldStyles('fw-help-request'),
    helpRequestStyles,
  ];

  static override properties = {
    client: { attribute: false },
    view: { type: String },
    confirmTimeout: { type: Number, attribute: 'confirm-timeout' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    displayName: { attribute: false },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** `agent` (raise hand), `queue` (supervisor), or `auto`: agent when the session is an agent who may raise a hand. */
  declare view: HelpRequestView;
  /** How long to wait for the platform's confirmation, in ms. Default 10000. */
  declare confirmTimeout: number;
  /** The level of the heading, 1–6. Default 3. */
  declare headingLevel: number;
  /** How to name a supervisor from their user id. Defaults to the user id itself. */
  declare displayName: ((userId: string) => string | undefined) | undefined;

  // ---- internal state --------------------------------------------------------------------

  private readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  private readonly t = new LocalizeController(this, helpRequestCatalog);
  private readonly common = new LocalizeController(this, interactionCatalog);
  private readonly voice = new AnnounceController(this);
  private readonly ops = new Map<string, Op>();
  private readonly failures = new Map<string, Failure>();
  /** Open request ids already seen by this supervisor's queue; undefined until the first render. */
  private known: Set<string> | undefined;
  private reasonText = '';
  private about = true;
  private invalid = false;
  private seq = 0;

  constructor() {
    super();
    this.view = 'auto';
    this.confirmTimeout = DEFAULT_CONFIRM_TIMEOUT;
    this.headingLevel = 3;
    this.displayName = undefined;
    new TickController(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const op of this.ops.values()) clearTimeout(op.timer);
    this.ops.clear();
    this.known = undefined;
  }

  // ---- client and store ------------------------------------------------------------------

  private get agentId(): string | undefined {
    const session = this.clients.client?.session;
    if (session === undefined) return undefined;
    return session.agentId ?? (session.role === 'agent' ? session.userId : undefined);
  }

  /** The view in effect. */
  private get side(): 'agent' | 'queue' {
    if (this.view === 'agent' || this.view === 'queue') return this.view;
    const client = this.clients.client;
    const id = this.agentId;
    return client !== undefined && id !== undefined && client.can({ type: 'raise-hand', agentId: id, reason: '?' }) ? 'agent' : 'queue';
  }

  private onStoreChange(change: StoreChange): boolean {
    if (this.ops.size > 0) this.check();
    if (change.reset || change.helpRequests.size > 0 || change.monitoring.size > 0) return true;
    const client = this.clients.client;
    if (client === undefined) return false;
    // Most of a busy floor's batches concern no one in the list: re-render only for those that do.
    const self = this.agentId;
    const open = client.getHelpRequests({ open: true });
    const agents = new Set(open.map((r) => r.agentId));
    const interactions = new Set(open.map((r) => r.interactionId));
    if (self !== undefined) agents.add(self);
    for (const id of change.agents) if (agents.has(id)) return true;
    for (const id of change.interactions) {
      if (interactions.has(id)) return true;
      const agentId = client.getInteraction(id)?.agentId;
      if (agentId !== undefined && agentId === self) return true;
    }
    return false;
  }

  private who(userId: string): string {
    if (userId === this.clients.client?.session.userId) return this.t.strings.you;
    return this.displayName?.(userId) ?? userId;
  }

  private agentName(client: Floorwalk, agentId: string): string {
    return client.getAgent(agentId)?.name ?? agentId;
  }

  /** The client's time now. */
  private now(client: Floorwalk, _agentId: string): number | undefined {
    return client.now();
  }

  private unavailable(): string | undefined {
    const client = this.clients.client;
    if (client === undefined) return this.common.strings.noClient;
    if (client.status !== 'live') return this.t.strings.notLive(this.common.strings.connection(client.status));
    return undefined;
  }

  private ownSession(client: Floorwalk, agentId: string, interactionId: string): MonitoringSession | undefined {
    return client
      .getMonitoringSessions({ agentId, active: true })
      .find((s) => s.supervisorId === client.session.userId && s.interactionId === interactionId);
  }

  // ---- actions: ask → pending → confirmed | failed ---------------------------------------

  private start(key: string, action: HelpAction, agentId: string, requestId: string | undefined, interactionId: string | undefined, send: () => Promise<void>): void {
    const client = this.clients.client;
    if (client === undefined || this.ops.has(key)) return;
    const seq = ++this.seq;
    const timeout = confirmTimeoutOf(this.confirmTimeout);
    const timer = setTimeout(() => {
      this.fail(key, seq, new FloorwalkError(ErrorCode.VendorError, `The platform did not confirm ${action} within ${timeout} ms.`, { details: { timeoutMs: timeout } }));
    }, timeout);
    const before = new Set(client.getHelpRequests({ agentId }).map((r) => r.id));
    this.failures.delete(key);
    this.ops.set(key, { seq, action, requestId, agentId, interactionId, before, timer });
    this.requestUpdate();
    send().then(
      () => this.check(),
      (err: unknown) => {
        const error = isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.Internal, `${action} failed: ${String(err)}`, { cause: err });
        this.fail(key, seq, error);
      },
    );
  }

  private readonly onReasonInput = (event: Event): void => {
    this.reasonText = (event.target as HTMLInputElement).value;
    if (this.invalid && this.reasonText.trim() !== '') {
      this.invalid = false;
      this.requestUpdate();
    }
  };

  private readonly onAboutChange = (event: Event): void => {
    this.about = (event.target as HTMLInputElement).checked;
  };

  private readonly onRaise = (event: Event): void => {
    event.preventDefault();
    const client = this.clients.client;
    const agentId = this.agentId;
    if (client === undefined || agentId === undefined || this.ops.has(RAISE) || this.unavailable() !== undefined) return;
    const reason = this.reasonText.trim();
    if (reason === '') {
      this.invalid = true;
      this.requestUpdate();
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#reason')?.focus());
      return;
    }
    const interaction = this.liveInteraction(client, agentId);
    const interactionId = this.about && interaction !== undefined ? interaction.id : undefined;
    const request = this.dispatch(new FwHelpRaiseRequestEvent(reason, interactionId));
    if (request.defaultPrevented) return;
    this.start(RAISE, 'raise', agentId, undefined, interactionId, () => client.raiseHand(reason, interactionId));
  };

  private cancelHand(request: HelpRequest): void {
    const client = this.clients.client;
    if (client === undefined) return;
    this.start(RAISE, 'cancel', request.agentId, request.id, request.interactionId, () => client.resolveHelp(request.id));
  }

  private acknowledge(request: HelpRequest): void {
    const client = this.clients.client;
    if (client === undefined) return;
    this.start(request.id, 'acknowledge', request.agentId, request.id, request.interactionId, () => client.acknowledgeHelp(request.id));
  }

  private resolve(request: HelpRequest): void {
    const client = this.clients.client;
    if (client === undefined) return;
    this.start(request.id, 'resolve', request.agentId, request.id, request.interactionId, () => client.resolveHelp(request.id));
  }

  private whisper(request: HelpRequest): void {
    const client = this.clients.client;
    const interactionId = request.interactionId;
    if (client === undefined || interactionId === undefined || this.ops.has(request.id)) return;
    const session = this.ownSession(client, request.agentId, interactionId);
    const action = session === undefined ? 'start' : 'change';
    const asked = this.dispatch(new FwMonitoringRequestEvent(action, request.agentId, interactionId, 'whisper', session?.id));
    if (asked.defaultPrevented) return;
    this.start(request.id, 'whisper', request.agentId, request.id, interactionId, () =>
      session === undefined ? client.startMonitoring(request.agentId, interactionId, 'whisper') : client.changeMonitoringMode(session.id, 'whisper'),
    );
  }

  /** Settles every pending action whose effect the store now shows, or that can no longer happen. */
  private check(): void {
    const client = this.clients.client;
    if (client === undefined) return;
    const me = client.session.userId;
    for (const [key, op] of [...this.ops]) {
      const requests = client.getHelpRequests({ agentId: op.agentId });
      const request = requests.find((r) => r.id === op.requestId);
      let done = false;
      switch (op.action) {
        case 'raise':
          done = requests.some((r) => isOpen(r) && !op.before.has(r.id));
          break;
        case 'cancel':
        case 'resolve':
          done = request === undefined || !isOpen(request);
          break;
        case 'acknowledge':
          if (request !== undefined && request.acknowledgedBy !== undefined && request.acknowledgedBy !== me) {
            this.fail(key, op.seq, new FloorwalkError(ErrorCode.Conflict, `Help request ${request.id} was acknowledged by ${request.acknowledgedBy} first.`, {
              details: { acknowledgedBy: request.acknowledgedBy },
            }));
            continue;
          }
          done = request?.acknowledgedBy === me;
          if (!done && request !== undefined && !isOpen(request)) {
            this.fail(key, op.seq, new FloorwalkError(ErrorCode.Conflict, `Help request ${request.id} is already ${request.state}.`));
            continue;
          }
          break;
        case 'whisper': {
          const id = op.interactionId as string;
          done = this.ownSession(client, op.agentId, id)?.mode === 'whisper';
          if (!done && !isLive(client.getInteraction(id))) {
            this.fail(key, op.seq, new FloorwalkError(ErrorCode.Conflict, `Interaction ${id} ended before the whisper began.`, { details: { interactionEnded: true } }));
            continue;
          }
          break;
        }
      }
      if (!done) continue;
      clearTimeout(op.timer);
      this.ops.delete(key);
      this.voice.announce(this.t.strings.done(op.action, this.agentName(client, op.agentId)), 'polite');
      this.requestUpdate();
      if (key === RAISE && this.matches(':focus-within')) {
        // The form gives way to the raised hand (and back): focus follows, rather than falling to the page.
        void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(op.action === 'raise' ? '[part="cancel"]' : '#reason')?.focus());
      }
    }
  }

  private fail(key: string, seq: number, error: FloorwalkError): void {
    const op = this.ops.get(key);
    if (op === undefined || op.seq !== seq) return;
    clearTimeout(op.timer);
    this.ops.delete(key);
    const failure = { action: op.action, error };
    this.failures.set(key, failure);
    this.dispatch(new FwHelpFailedEvent(op.action, op.requestId, error));
    this.voice.announce(this.failureText(failure, op.requestId), 'assertive');
    this.requestUpdate();
  }

  private why(failure: Failure, requestId: string | undefined): string {
    const s = this.t.strings;
    const { action, error } = failure;
    const client = this.clients.client;
    if (action === 'acknowledge' && client !== undefined && requestId !== undefined) {
      const by = (error.details?.['acknowledgedBy'] as string | undefined) ??
        client.getHelpRequests().find((r) => r.id === requestId)?.acknowledgedBy;
      if (by !== undefined && by !== client.session.userId) return s.whyFirst(this.who(by));
    }
    if (error.details?.['interactionEnded'] === true || error.code === ErrorCode.UnknownInteraction) return s.whyEnded;
    if (error.details?.['timeoutMs'] !== undefined) return s.whyTimeout;
    switch (error.code) {
      case ErrorCode.Forbidden:
      case ErrorCode.OutOfScope:
      case ErrorCode.Unsupported:
        return s.whyForbidden;
      case ErrorCode.Conflict:
        if (action === 'raise') return s.whyAlreadyOpen;
        if (action === 'whisper') return s.whyEnded;
        return s.whyClosed;
      case ErrorCode.UnknownEntity:
        return s.whyClosed;
      case ErrorCode.NotConnected:
      case ErrorCode.Cancelled:
        return s.whyNotConnected;
      default:
        return s.whyRefused;
    }
  }

  private failureText(failure: Failure, requestId: string | undefined): string {
    return this.t.strings.failed(this.t.strings.doing(failure.action), this.why(failure, requestId));
  }

  // ---- rendering ---------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const client = this.clients.client;
    const side = this.side;
    if (side === 'queue' && client !== undefined && client.status === 'live') this.announceNew(client);
    const agentId = this.agentId;
    const raised = side === 'agent' && client !== undefined && agentId !== undefined && client.getHelpRequests({ agentId, open: true }).length > 0;
    this.toggleState('agent', side === 'agent');
    this.toggleState('queue', side === 'queue');
    this.toggleState('raised', raised);
    this.toggleState('pending', this.ops.size > 0);
    this.toggleState('failed', this.failures.size > 0);
    this.toggleState('unavailable', this.unavailable() !== undefined);
  }

  /** Announces open requests that arrived since the last render (not those there at the start). */
  private announceNew(client: Floorwalk): void {
    const open = client.getHelpRequests({ open: true }).filter((r) => r.agentId !== this.agentId);
    if (this.known === undefined) {
      this.known = new Set(open.map((r) => r.id));
      return;
    }
    const known = this.known;
    const fresh = open.filter((r) => r.state === 'open' && !known.has(r.id)).sort((a, b) => a.raisedAt - b.raisedAt);
    // Only open requests are remembered, so the set stays as small as the queue.
    this.known = new Set(open.map((r) => r.id));
    if (fresh.length === 0) return;
    const text = fresh.map((r) => this.t.strings.newRequest(this.agentName(client, r.agentId), r.reason)).join(' ');
    void this.updateComplete.then(() => this.voice.announce(text, 'polite'));
  }



  private liveInteraction(client: Floorwalk, agentId: string): Interaction | undefined {
    return client.getInteractions({ agentId }).find(isLive);
  }

  private message(key: string, requestId: string | undefined, id?: string): TemplateResult | typeof nothing {
    const s = this.t.strings;
    const failure = this.failures.get(key);
    if (failure !== undefined) {
      return html`<p part="message" id=${id ?? nothing} class="message" data-kind="error">${alertIcon()}<span>${this.failureText(failure, requestId)}</span></p>`;
    }
    const op = this.ops.get(key);
    if (op !== undefined) {
      return html`<p part="message" id=${id ?? nothing} class="message" data-kind="pending">${pendingIcon(true)}<span>${s.pending(s.doing(op.action))}</span></p>`;
    }
    return nothing;
  }

  protected override render(): TemplateResult {
    const s = this.t.strings;
    const side = this.side;
    const client = this.clients.client;
    const unavailable = this.unavailable();
    const count = side === 'queue' && client !== undefined ? client.getHelpRequests({ open: true }).filter((r) => r.agentId !== this.agentId).length : 0;
    // One outer template in every state: the fallback live region sits after it in the shadow root.
    return html`<section part="base" class="base" aria-labelledby="heading">
      <div part="heading" id="heading" class="heading" role="heading" aria-level=${headingLevelOf(this.headingLevel)}>
        ${helpIcon()}<span>${side === 'agent' ? s.agentHeading : s.queueHeading}</span>${side === 'queue' && unavailable === undefined
          ? html` <span class="count">(${s.count(count)})</span>`
          : nothing}
      </div>
      ${unavailable !== undefined || client === undefined
        ? html`<p part="message" class="message" data-kind="unavailable">${unavailable}</p>`
        : side === 'agent'
          ? this.renderAgent(client)
          : this.renderQueue(client)}
    </section>`;
  }

  private renderAgent(client: Floorwalk): TemplateResult {
    const s = this.t.strings;
    const c = this.common.strings;
    const agentId = this.agentId;
    if (agentId === undefined) return html`<p part="message" class="message" data-kind="unavailable">${s.roleCannot}</p>`;
    const mine = [...client.getHelpRequests({ agentId })].sort((a, b) => b.raisedAt - a.raisedAt);
    const current = mine.find(isOpen);
    const last = mine[0];
    const op = this.ops.get(RAISE);
    const busy = op !== undefined;
    if (current !== undefined) {
      return html`<div part="status" class="status" data-state=${current.state}>
          ${helpIcon()}
          <div class="text">
            <p class="state">${current.state === 'open' ? s.waiting : s.acknowledged(this.who(current.acknowledgedBy ?? ''))}</p>
            <p class="muted">${s.yourReason(current.reason)}</p>
          </div>
        </div>
        <button
          part="cancel"
          class="button"
          type="button"
          aria-disabled=${busy ? 'true' : nothing}
          aria-describedby=${busy || this.failures.has(RAISE) ? 'agent-message' : nothing}
          @click=${() => (busy ? undefined : this.cancelHand(current))}
        >
          ${s.cancel}
        </button>
        ${this.message(RAISE, current.id, 'agent-message')}`;
    }
    const interaction = this.liveInteraction(client, agentId);
    return html`${last === undefined
        ? nothing
        : html`<p part="status" class="status muted" data-state=${last.state}>${last.state === 'cancelled' ? s.cancelled : s.resolved}</p>`}
      <form part="form" class="form" @submit=${this.onRaise} novalidate>
        <label for="reason" class="label">${s.reasonLabel}</label>
        <input
          part="reason-input"
          id="reason"
          class="input"
          type="text"
          autocomplete="off"
          maxlength=${MAX_TEXT_LENGTH}
          .value=${this.reasonText}
          aria-invalid=${this.invalid ? 'true' : nothing}
          aria-describedby=${this.invalid ? 'reason-error' : nothing}
          ?readonly=${busy}
          @input=${this.onReasonInput}
        />
        ${this.invalid ? html`<p id="reason-error" class="message" data-kind="error">${alertIcon()}<span>${s.reasonMissing}</span></p>` : nothing}
        ${interaction === undefined
          ? nothing
          : html`<label part="about" class="about">
              <input type="checkbox" .checked=${this.about} @change=${this.onAboutChange} />
              ${channelIcon(interaction.channel)}${s.aboutInteraction(c.channel(interaction.channel))}
            </label>`}
        <button
          part="raise"
          class="button primary"
          type="submit"
          aria-disabled=${busy ? 'true' : nothing}
          aria-describedby=${busy || this.failures.has(RAISE) ? 'agent-message' : nothing}
        >
          ${s.raise}${busy ? html` <span class="pending">${s.pendingMark}</span>` : nothing}
        </button>
      </form>
      ${this.message(RAISE, undefined, 'agent-message')}`;
  }

  private renderQueue(client: Floorwalk): TemplateResult {
    const s = this.t.strings;
    const requests = [...client.getHelpRequests({ open: true })].filter((r) => r.agentId !== this.agentId).sort((a, b) => a.raisedAt - b.raisedAt);
    if (requests.length === 0) return html`<p part="empty" class="muted">${s.empty}</p>`;
    return html`<ul part="list" class="list">
      ${requests.map((r) => this.renderRequest(client, r))}
    </ul>`;
  }

  private renderRequest(client: Floorwalk, r: HelpRequest): TemplateResult {
    const s = this.t.strings;
    const c = this.common.strings;
    const name = this.agentName(client, r.agentId);
    const now = this.now(client, r.agentId);
    const interaction = r.interactionId === undefined ? undefined : client.getInteraction(r.interactionId);
    const busy = this.ops.has(r.id);
    const canAck = r.state === 'open' && client.can({ type: 'acknowledge-help', requestId: r.id });
    const canResolve = isOpen(r) && client.can({ type: 'resolve-help', requestId: r.id });
    const lineId = `line-${r.id}`;
    const describedBy = busy || this.failures.has(r.id) ? `${lineId} message-${r.id}` : lineId;
    const action = (label: string, kind: string, run: () => void): TemplateResult =>
      html`<button part="action" class="button" type="button" data-action=${kind} aria-disabled=${busy ? 'true' : nothing} aria-describedby=${describedBy} @click=${() => (busy ? undefined : run())}>
        ${label}${this.ops.get(r.id)?.action === kind ? html` <span class="pending">${s.pendingMark}</span>` : nothing}
      </button>`;
    return html`<li part="request" class="request" data-id=${r.id} data-state=${r.state}>
      <p id=${lineId} class="line">${helpIcon()}<span><strong>${name}</strong>: ${r.reason}</span></p>
      <p class="meta muted">
        <span part="state" class="state">${r.state === 'acknowledged' ? s.acknowledgedBy(this.who(r.acknowledgedBy ?? '')) : s.open}</span>
        ${now === undefined ? nothing : html`<span part="wait" class="timer">${s.waitingFor(formatTimer(this.t.lang, Math.max(0, now - r.raisedAt)))}</span>`}
        ${interaction === undefined ? nothing : html`<span class="on">${channelIcon(interaction.channel)}${s.onInteraction(c.channel(interaction.channel))}</span>`}
      </p>
      <div part="actions" class="actions">
        ${canAck ? action(s.acknowledge, 'acknowledge', () => this.acknowledge(r)) : nothing}
        ${canResolve ? action(s.resolve, 'resolve', () => this.resolve(r)) : nothing}
        ${this.renderWhisper(client, r, interaction, action)}
      </div>
      ${this.message(r.id, r.id, `message-${r.id}`)}
    </li>`;
  }

  private renderWhisper(
    client: Floorwalk,
    r: HelpRequest,
    interaction: Interaction | undefined,
    action: (label: string, kind: string, run: () => void) => TemplateResult,
  ): TemplateResult | typeof nothing {
    const s = this.t.strings;
    if (r.interactionId === undefined || !isOpen(r)) return nothing;
    const note = (text: string): TemplateResult => html`<span part="note" class="note">${text}</span>`;
    if (!client.capabilities.monitoringModes.includes('whisper')) return note(s.whisperNotOffered);
    if (!isLive(interaction)) return note(s.whisperEnded);
    const session = this.ownSession(client, r.agentId, interaction.id);
    if (session?.mode === 'whisper') return note(s.whispering);
    const allowed =
      session === undefined
        ? client.can({ type: 'start-monitoring', agentId: r.agentId, interactionId: interaction.id, mode: 'whisper' })
        : client.can({ type: 'change-monitoring-mode', sessionId: session.id, mode: 'whisper' });
    return allowed ? action(s.whisper, 'whisper', () => this.whisper(r)) : note(s.whisperNotAllowed);
  }
}
