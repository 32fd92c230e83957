import { MAX_TEXT_LENGTH, importOnce, type Floorwalk, type HelpRequest, type Interaction, type MonitoringSession, type StoreChange, type StoredIntent } from '@floorwalk/core';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import type { HelpAction } from '../../events/fw-help-failed.js';
import { helpCatalog } from '../../internal/common-strings.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { TickController } from '../../internal/controllers/tick-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { alertIcon, channelIcon, helpIcon, pendingIcon } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize.js';
import { controlStyles, fieldStyles, panelStyles } from '../../internal/panel.styles.js';
import { confirmTimeoutOf, DEFAULT_CONFIRM_TIMEOUT, headingLevelOf } from '../../internal/pending.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { helpRequestCatalog } from './fw-help-request.strings.js';
import { helpRequestStyles } from './fw-help-request.styles.js';
import type { ActionHost, Failure, Op } from './actions.js';
import type { QueueHost } from './queue.js';

type ActionsModule = typeof import('./actions.js');
type QueueModule = typeof import('./queue.js');

/** The queue module and the actions module, each loaded once per page, for every element on it; a failed load may be retried. */
const loadQueue = importOnce(() => import('./queue.js'));
const loadActions = importOnce(() => import('./actions.js'));

/** Which side the element shows: `auto` picks from the session. */
export type HelpRequestView = 'auto' | 'agent' | 'queue';

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
 * @csspart stale - "These requests may be out of date", above the queue while the link is down.
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
  private readonly common = new LocalizeController(this, helpCatalog);
  private readonly voice = new AnnounceController(this);
  private readonly ops = new Map<string, Op>();
  private readonly failures = new Map<string, Failure>();
  /** The actions module, once a first action has loaded it. */
  private actions: ActionsModule | undefined;
  /** A first action waiting for the module: the update is not complete until it was acted on. */
  private loading: Promise<void> | undefined;
  /** Why the module could not be loaded, shown under the control pressed until the next press. */
  private loadError: { readonly key: string; readonly text: string } | undefined;
  /** The queue module, once the element has shown the queue. */
  private queue: QueueModule | undefined;
  /** The queue module loading: the update is not complete until the queue is shown. */
  private queueLoad: Promise<void> | undefined;
  /** The queue module could not be loaded: said in the element's words, not the browser's. */
  private queueFailed = false;
  private readonly host: ActionHost = {
    ops: this.ops,
    failures: this.failures,
    next: () => ++this.seq,
    client: () => this.clients.client,
    strings: () => this.t.strings,
    localize: (catalog) => new LocalizeController(this, catalog),
    timeout: () => confirmTimeoutOf(this.confirmTimeout),
    dispatch: (event) => this.dispatch(event),
    announce: (text, politeness) => this.voice.announce(text, politeness),
    update: () => this.requestUpdate(),
    who: (userId) => this.who(userId),
    agentName: (client, agentId) => this.agentName(client, agentId),
    ownSession: (client, agentId, interactionId) => this.ownSession(client, agentId, interactionId),
    isLive,
    isOpen,
  };
  private readonly queueHost: QueueHost = {
    ops: this.ops,
    failures: this.failures,
    actionHost: this.host,
    strings: () => this.t.strings,
    common: () => this.common.strings,
    lang: () => this.t.lang,
    self: () => this.agentId,
    who: (userId) => this.who(userId),
    agentName: (client, agentId) => this.agentName(client, agentId),
    ownSession: (client, agentId, interactionId) => this.ownSession(client, agentId, interactionId),
    isOpen,
    isLive,
    helpIcon,
    channelIcon,
    message: (key, requestId, id) => this.message(key, requestId, id),
    press: (key, action, run) => this.withActions(key, action, run),
  };
  /** The open requests this supervisor's queue has seen, with their state; undefined until the first render. */
  private known: Map<string, string> | undefined;
  /** The agent's newest request as last rendered live (`id state`); undefined until then. */
  private seen: string | undefined;
  /** The core's own lower of the agent's open hand, on its way (not the agent's press). */
  private lowering: StoredIntent | undefined;
  /** What had focus in the element before this update: if the update removes it, focus stays in the element. */
  private focused: Element | null = null;
  private reasonText = '';
  private about = true;
  private invalid = false;
  private seq = 0;

  constructor() {
    super();
    this.view = 'auto';
    this.confirmTimeout = DEFAULT_CONFIRM_TIMEOUT;
    this.headingLevel = 3;
    // displayName starts undefined: setting it so would record no change.
    new TickController(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const op of this.ops.values()) clearTimeout(op.timer);
    this.ops.clear();
    this.known = this.seen = undefined;
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
    this.actions?.check(this.host);
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

  private unavailable(): string | undefined {
    const client = this.clients.client;
    if (client === undefined) return this.common.strings.noClient;
    // Down while the core still queues (connecting, reconnecting, offline): an agent can raise a
    // hand, which the core sends once the link is up, and a supervisor sees the hands last known.
    return client.status === 'idle' || client.status === 'failed' ? this.t.strings.notLive(this.common.strings.connection(client.status)) : undefined;
  }

  private ownSession(client: Floorwalk, agentId: string, interactionId: string): MonitoringSession | undefined {
    return client
      .getMonitoringSessions({ agentId, active: true })
      .find((s) => s.supervisorId === client.session.userId && s.interactionId === interactionId && s.mode !== 'screen');
  }

  // ---- actions: ask → pending → confirmed | failed ---------------------------------------

  /** Runs an action with the actions module, loading it on the first one. */
  private withActions(key: string, action: HelpAction, run: (actions: ActionsModule) => void): void {
    if (this.loading !== undefined) return;
    this.loadError = undefined;
    if (this.actions !== undefined) {
      run(this.actions);
      return;
    }
    const loading = loadActions().then(
      (actions) => {
        this.actions = actions;
        this.loading = undefined;
        run(actions);
      },
      () => {
        this.loading = undefined;
        const s = this.t.strings;
        this.loadError = { key, text: s.failed(s.doing(action), s.partFailed) };
        this.voice.announce(this.loadError.text, 'assertive');
        this.requestUpdate();
      },
    );
    this.loading = loading;
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    while (this.loading !== undefined || this.queueLoad !== undefined) {
      await this.loading;
      await this.queueLoad;
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  /** The queue, once its module is here; the first render that needs it loads it. */
  private renderQueueView(client: Floorwalk): TemplateResult | typeof nothing {
    if (this.queue !== undefined) return this.queue.renderQueue(this.queueHost, client);
    if (this.queueFailed) return html`<p part="message" class="message" data-kind="error">${alertIcon()}<span>${this.t.strings.partFailed}</span></p>`;
    if (this.queueLoad === undefined) {
      const load = loadQueue().then(
        (queue) => {
          this.queue = queue;
          this.queueLoad = undefined;
          this.requestUpdate();
        },
        () => {
          this.queueLoad = undefined;
          this.queueFailed = true;
          this.voice.announce(this.t.strings.partFailed, 'assertive');
          this.requestUpdate();
        },
      );
      this.queueLoad = load;
    }
    return nothing;
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
    this.withActions(RAISE, 'raise', (actions) => actions.raise(this.host, agentId, reason, interactionId));
  };

  // ---- rendering ---------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const client = this.clients.client;
    const side = this.side;
    const agentId = this.agentId;
    if (client !== undefined && client.status === 'live') {
      if (side === 'queue') this.announceNew(client);
      else if (agentId !== undefined) this.announceMine(client, agentId);
    }
    const open = side === 'agent' && client !== undefined && agentId !== undefined ? client.getHelpRequests({ agentId, open: true }) : [];
    // The core lowers it by itself (a raise withdrawn after a reload that went up all the same):
    // the module that says so if that lower fails is loaded for it.
    const lowering = (this.lowering = this.ops.has(RAISE)
      ? undefined
      : client?.getPendingIntents().find((p) => p.command.type === 'resolve-help' && open.some((r) => r.id === (p.command as { requestId: string }).requestId)));
    if (lowering) void loadActions().then((actions) => (this.actions = actions).watchLower(this.host, lowering), () => undefined);
    // The form comes back empty once the hand is up: the next hand is a new need, not the last one's text.
    if (open.length) {
      this.reasonText = '';
      this.about = true;
    }
    this.toggleState('agent', side === 'agent');
    this.toggleState('queue', side === 'queue');
    this.toggleState('raised', open.length > 0);
    this.toggleState('pending', this.ops.size > 0 || lowering !== undefined);
    this.toggleState('failed', this.failures.size > 0 || this.loadError !== undefined);
    this.toggleState('unavailable', this.unavailable() !== undefined);
    this.focused = this.shadowRoot!.activeElement;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // A control that goes with the state it belonged to (Lower as the hand goes up, down, or is
    // lowered by the core), or a queue row's button that goes with its row, would leave focus to
    // the page: a keyboard user would start from the top.
    const gone = this.focused;
    if (gone?.isConnected === false && !this.queue?.refocus(this.queueHost, this.shadowRoot!, gone)) void loadActions().then((actions) => actions.refocus(this.shadowRoot!), () => undefined);
  }

  /** Announces open requests that arrived since the last render (not those there at the start). */
  private announceNew(client: Floorwalk): void {
    const open = client.getHelpRequests({ open: true }).filter((r) => r.agentId !== this.agentId);
    const known = this.known;
    // Only open requests are remembered, so the map stays as small as the queue.
    this.known = new Map(open.map((r) => [r.id, r.state]));
    if (known === undefined) return;
    // New, or taken and let go of (its taker can no longer see the agent): someone must pick it up.
    const fresh = open.filter((r) => r.state === 'open' && known.get(r.id) !== 'open').sort((a, b) => a.raisedAt - b.raisedAt);
    if (fresh.length === 0) return;
    const text = fresh.map((r) => this.t.strings.newRequest(this.agentName(client, r.agentId), r.reason)).join(' ');
    void this.updateComplete.then(() => this.voice.announce(text, 'polite'));
  }



  /**
   * Tells the agent what a supervisor did with their hand, once, as the status line changes: the
   * line is not a live region, and the agent's own raise and lower are confirmed by the action.
   */
  private announceMine(client: Floorwalk, agentId: string): void {
    const last = [...client.getHelpRequests({ agentId })].sort((a, b) => b.raisedAt - a.raisedAt)[0];
    const before = this.seen;
    const now = (this.seen = last === undefined ? '' : `${last.id} ${last.state}`);
    // Taken, then open again: its taker can no longer see the agent, and the "… is on it." heard last no longer holds.
    const released = before === `${last?.id} acknowledged` && last?.state === 'open';
    // A hand no supervisor can see, or let go of, is told with the action code: loaded for it if no press has yet.
    if (this.actions || last?.unseen || released) void loadActions().then((actions) => (this.actions = actions).tellUnseen(this.host, last, released), () => undefined);
    if (before === undefined || before === now || last === undefined) return;
    const s = this.t.strings;
    const text =
      last.state === 'acknowledged' ? s.acknowledged(this.who(last.acknowledgedBy ?? '')) : last.state === 'resolved' && before.startsWith(`${last.id} `) ? s.resolved : undefined;
    if (text !== undefined) void this.updateComplete.then(() => this.voice.announce(text, 'polite'));
  }

  private liveInteraction(client: Floorwalk, agentId: string): Interaction | undefined {
    return client.getInteractions({ agentId }).find(isLive);
  }

  private message(key: string, requestId: string | undefined, id?: string): TemplateResult | typeof nothing {
    const s = this.t.strings;
    const failure = this.failures.get(key);
    const error = failure === undefined ? (this.loadError?.key === key ? this.loadError.text : undefined) : this.actions?.failureText(this.host, failure, requestId);
    if (error !== undefined) {
      return html`<p part="message" id=${id ?? nothing} class="message" data-kind="error">${alertIcon()}<span>${error}</span></p>`;
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
          : this.renderQueueView(client)}
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
    // Raised while the link is down (here or before a reload): the core holds it until it is back.
    const queued = current === undefined && client.status !== 'live' ? client.getPendingIntents().find((p) => p.command.type === 'raise-hand' && p.command.agentId === agentId) : undefined;
    if (queued !== undefined) {
      return html`<div part="status" class="status" data-state="queued">
          ${helpIcon()}
          <div class="text">
            <p class="state">${s.queued}</p>
            <p class="muted">${s.yourReason((queued.command as { reason: string }).reason)}</p>
          </div>
        </div>
        <button part="cancel" class="button" type="button" @click=${() => this.withActions(RAISE, 'cancel', (actions) => actions.withdraw(this.host, queued.key))}>${s.cancel}</button>`;
    }
    // The core lowers it already (a raise withdrawn after a reload that went up all the same): a
    // second Lower could only lose the race and say it failed.
    if (current !== undefined && (this.lowering?.command as { requestId?: string } | undefined)?.requestId === current.id) {
      return html`<p part="status" class="status" data-state="lowering" role="status">${helpIcon()}${s.doing('cancel')}…</p>`;
    }
    if (current !== undefined) {
      return html`<div part="status" class="status" data-state=${current.state}>
          ${helpIcon()}
          <div class="text">
            <p class="state">${current.unseen && this.actions
              ? this.actions.unseenText(this.host, true)
              : current.state === 'open' ? s.waiting : s.acknowledged(this.who(current.acknowledgedBy ?? ''))}</p>
            <p class="muted">${s.yourReason(current.reason)}</p>
          </div>
        </div>
        <button
          part="cancel"
          class="button"
          type="button"
          aria-disabled=${busy ? 'true' : nothing}
          aria-describedby=${busy || this.failures.has(RAISE) ? 'agent-message' : nothing}
          @click=${() => (busy ? undefined : this.withActions(RAISE, 'cancel', (actions) => actions.act(this.host, 'cancel', current)))}
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
}
