import { MONITORING_MODES, importOnce, type Floorwalk, type Interaction, type MonitoringMode, type MonitoringSession, type StoreChange } from '@floorwalk/core';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import type { MonitoringAction } from '../../events/fw-monitoring-request.js';
import { interactionCatalog } from '../../internal/common-strings.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { TickController } from '../../internal/controllers/tick-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { alertIcon, channelIcon, infoIcon, monitoringIcon, pendingIcon } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatTimer } from '../../internal/format.js';
import { isLive, joined, monitoringTarget, offeredModes, ownSessions, type Joined } from '../../internal/monitoring.js';
import { controlStyles, panelStyles } from '../../internal/panel.styles.js';
import { confirmTimeoutOf, DEFAULT_CONFIRM_TIMEOUT, headingLevelOf } from '../../internal/pending.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { coachingPanelCatalog } from './fw-coaching-panel.strings.js';
import { coachingPanelStyles } from './fw-coaching-panel.styles.js';
import type { RequestHost, Requests, Shown } from './requests.js';

type RequestsModule = typeof import('./requests.js');

/** Loads the request module once per page, for every panel on it; a failed load may be retried. */
const loadRequests = importOnce(() => import('./requests.js'));

/**
 * A supervisor's monitor / whisper / barge controls on an agent's live interaction (the one in
 * `interaction-id`, else the agent's connected one). Start, switch mode and stop are intents:
 * each is asked for with a cancelable `fw-monitoring-request`, shown as pending until the
 * platform confirms it, and reported with a visible, announced reason when it fails (refused by
 * the core or the platform, the interaction ended first, or no confirmation in time).
 *
 * Each mode is offered only where the platform can do it (`client.capabilities.monitoringModes`,
 * and none while notices are on where the agent's client would not hear of the session: see
 * `AdapterCapabilities.agentSeesMonitoring`) and this session may (`client.can(...)`: role, team scope, interaction state); otherwise the
 * panel says why in place of the control. An agent's own session sees no controls. The agent is
 * always told: the panel says so, and the core notifies the agent's client.
 *
 * Whatever agent it shows, the panel lists this supervisor's own sessions on agents no longer in
 * their view (moved out of their teams, or removed), each with a Stop: no board has a row for
 * them. A listen or whisper there ends by itself within the lease; a barge runs until stopped or
 * the call ends. It lists the same way, announced politely once on the page, those the platform
 * did not take off when their call ended (`outlivesCall`: Twilio refused at wrap-up), which run
 * until stopped while the agent is told they are monitored: there is no live call to show their
 * Stop on.
 *
 * @tagname fw-coaching-panel
 * @summary A supervisor's listen / whisper / barge controls on an agent's live interaction.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @event fw-monitoring-request - Cancelable; fired before a start, switch or stop is sent. `action`, `agentId`, `interactionId`, `mode`, `sessionId`.
 * @event fw-monitoring-changed - The platform confirmed what was asked here. `action`, `mode`, `sessionId`.
 * @event fw-monitoring-failed - It did not happen. `action`, `mode`, `error`.
 *
 * @csspart base - The wrapper (a `section`).
 * @csspart heading - "Coaching: Alex Kim".
 * @csspart interaction - The interaction acted on: channel, state, time.
 * @csspart channel-icon - Its channel icon.
 * @csspart current - What this supervisor is doing now.
 * @csspart controls - The group of mode controls.
 * @csspart mode - One mode's slot: its button and explanation, or the reason it is not offered.
 * @csspart mode-button - A mode's button (`aria-pressed` on the current mode).
 * @csspart explanation - What a mode does.
 * @csspart reason - Why a mode is not offered.
 * @csspart pending - The pending mark inside a button.
 * @csspart stop - The stop button.
 * @csspart others - Other supervisors on the same interaction.
 * @csspart away - One of this supervisor's sessions on an agent no longer in their view, or one its platform did not take off when its call ended (`outlivesCall`).
 * @csspart away-stop - Its stop button.
 * @csspart transparency - "The agent is told…" ("You are told…" on the agent's own panel).
 * @csspart message - Pending, failure or "unavailable" explanation.
 *
 * @cssproperty --fw-coaching-panel-background - The wrapper's background.
 * @cssproperty --fw-coaching-panel-border-color - The wrapper's border.
 * @cssproperty --fw-coaching-panel-radius - Corner radius of the wrapper and buttons.
 * @cssproperty --fw-coaching-panel-padding - The wrapper's padding (default 1rem).
 * @cssproperty --fw-coaching-panel-active-color - The pressed mode's colour.
 * @cssproperty --fw-coaching-panel-pending-color - The pending mark's colour.
 * @cssproperty --fw-coaching-panel-error-color - The failure message's colour and rule.
 *
 * @cssstate monitoring - This supervisor monitors the interaction now.
 * @cssstate pending - A request waits for the platform's confirmation.
 * @cssstate failed - The last request did not happen; the message says why.
 * @cssstate unavailable - No controls: the message says why.
 */
export class FwCoachingPanel extends FwElement {
  static override shadowRootOptions: ShadowRootInit = { ...FwElement.shadowRootOptions, delegatesFocus: true };
  static override styles: CSSResultGroup = [frameStyles, panelStyles('fw-coaching-panel'), controlStyles('fw-coaching-panel'), coachingPanelStyles];

  static override properties = {
    client: { attribute: false },
    agentId: { type: String, attribute: 'agent-id' },
    interactionId: { type: String, attribute: 'interaction-id' },
    confirmTimeout: { type: Number, attribute: 'confirm-timeout' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    displayName: { attribute: false },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** The agent to coach. */
  declare agentId: string | undefined;
  /** The interaction to act on; default: the agent's connected (or held) interaction. */
  declare interactionId: string | undefined;
  /** How long to wait for the platform's confirmation before reporting a failure, in ms. Default 10000. */
  declare confirmTimeout: number;
  /** The level of the heading, 1–6. Default 3. */
  declare headingLevel: number;
  /** How to name another supervisor, or an agent no longer in view, from their id. Defaults to the id itself. */
  declare displayName: ((userId: string) => string | undefined) | undefined;

  // ---- internal state --------------------------------------------------------------------

  /** Pending and failed requests; changed by the request module, which asks for the render. */
  private readonly requests: Requests = { seq: 0 };
  /** The request module, once a first click, or a session that outlives its call, has loaded it. */
  private module: RequestsModule | undefined;
  /** The module loading (for a first click, or a session that outlives its call): the update is not complete until it was acted on. */
  private loading: Promise<void> | undefined;
  /** What had focus when this update began, so one it removed can be given back. */
  private focused: Element | null | undefined;
  /** Why the module could not be loaded, until the next click. */
  private loadError: string | undefined;
  private readonly host: RequestHost = {
    requests: this.requests,
    localize: (catalog) => new LocalizeController(this, catalog),
    client: () => this.clients.client,
    strings: () => this.t.strings,
    timeout: () => confirmTimeoutOf(this.confirmTimeout),
    dispatch: (event) => this.dispatch(event),
    announce: (text, politeness) => this.voice.announce(text, politeness),
    update: () => this.requestUpdate(),
    root: () => this.shadowRoot,
  };

  private readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  private readonly t = new LocalizeController(this, coachingPanelCatalog);
  private readonly common = new LocalizeController(this, interactionCatalog);
  private readonly voice = new AnnounceController(this);
  private shown: Shown | undefined;

  constructor() {
    super();
    // agentId, interactionId and displayName start undefined, as declared: no assignment needed.
    this.confirmTimeout = DEFAULT_CONFIRM_TIMEOUT;
    this.headingLevel = 3;
    new TickController(this, () => {
      if (this.shown !== undefined) this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The command may still go through; this element just stops waiting for it.
    this.module?.drop(this.host);
  }

  // ---- client and store ------------------------------------------------------------------

  private onStoreChange(change: StoreChange): boolean {
    const client = this.clients.client;
    const id = this.agentId;
    if (client === undefined) return change.reset;
    // check() settles only a pending request, which only a loaded module can have sent.
    this.module?.check(this.host);
    // An agent leaving the teams turns one of this supervisor's sessions into one listed here, with no monitoring change.
    if (change.reset || change.monitoring.size > 0 || this.own(client).some((x) => change.agents.has(x.agentId))) return true;
    if (!id) return false;
    if (change.agents.has(id)) return true;
    for (const changed of change.interactions) {
      if (changed === this.shown?.interactionId || client.getInteraction(changed)?.agentId === id) return true;
    }
    return false;
  }

  /** This session's active sessions, on any agent. */
  private own(client: Floorwalk): readonly MonitoringSession[] {
    return client.getMonitoringSessions({ supervisorId: client.session.userId, active: true });
  }

  /**
   * Those of {@link own} no control offers a Stop for: on agents it no longer holds (moved out of
   * its teams, removed), and those the platform did not take off when their call ended
   * (`outlivesCall`: Twilio refused at wrap-up), which have no live call to show controls on.
   * The request module words the latter (they are rare, and their Stop needs it anyway), so
   * they are listed once it is here.
   */
  private away(client: Floorwalk): Joined[] {
    return this.own(client).filter((x): x is Joined => joined(x) && (x.outlivesCall ? this.loaded() : !client.getAgent(x.agentId)));
  }

  /** The interaction to act on: the one asked for, the one being monitored, else the agent's live one. */
  private target(client: Floorwalk, agentId: string): Interaction | undefined {
    if (this.interactionId) {
      const asked = client.getInteraction(this.interactionId);
      return isLive(asked) && asked.agentId === agentId ? asked : undefined;
    }
    return monitoringTarget(client, agentId);
  }

  private modeAllowed(client: Floorwalk, agentId: string, interaction: Interaction, session: MonitoringSession | undefined, mode: MonitoringMode): boolean {
    return session === undefined
      ? client.can({ type: 'start-monitoring', agentId, interactionId: interaction.id, mode })
      : client.can({ type: 'change-monitoring-mode', sessionId: session.id, mode });
  }

  /** Why the panel offers no controls now, or undefined when it does. */
  private unavailable(): string | undefined {
    const s = this.t.strings;
    const client = this.clients.client;
    if (client === undefined) return this.common.strings.noClient;
    const id = this.agentId;
    if (!id) return s.noAgentId;
    if (client.status !== 'live') return s.notLive(this.common.strings.connection(client.status));
    const caps = client.capabilities;
    if (!caps.commands.includes('start-monitoring') || !caps.monitoringModes.length) return s.noMonitoring;
    if (!offeredModes(client).length) return s.untold;
    const agent = client.getAgent(id);
    if (agent === undefined) return s.unknownAgent(id);
    const interaction = this.target(client, id);
    if (interaction === undefined) return s.noInteraction(agent.name);
    const session = ownSessions(client, id).find((x) => x.interactionId === interaction.id);
    if (session === undefined && !MONITORING_MODES.some((m) => this.modeAllowed(client, id, interaction, session, m))) return s.roleCannot;
    return undefined;
  }

  // ---- the request: request → pending → confirmed | failed -------------------------------

  private ask(action: MonitoringAction, mode: MonitoringMode, shown = this.shown): void {
    if (shown === undefined || this.requests.pending !== undefined || this.loading !== undefined) return;
    this.load((module) => module.ask(this.host, shown, action, mode), () => {
      const s = this.t.strings;
      return s.failed(s.doing(action === 'stop' ? 'stop' : shown.session === undefined ? 'start' : 'change', s.mode(mode)), s.partFailed);
    });
  }

  /**
   * Loads the request module if need be, then runs `then` with it. A failed load is shown and
   * announced in `failed()`'s words (what a click asked for, if one did), and tried again on the
   * next click.
   */
  private load(then: (module: RequestsModule) => void, failed = (): string => this.t.strings.partFailed): void {
    this.loadError = undefined;
    if (this.module) return then(this.module);
    this.loading ??= loadRequests().then(
      (module) => {
        this.module = module;
        this.loading = undefined;
        then(module);
        this.requestUpdate();
      },
      () => {
        this.loading = undefined;
        this.voice.announce((this.loadError = failed()), 'assertive');
        this.requestUpdate();
      },
    );
  }

  /** Whether the request module is here, loading it if not; after a failed load, not before the next click. */
  private loaded(): boolean {
    if (!this.loadError) this.load(() => undefined);
    return !!this.module;
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    while (this.loading !== undefined) {
      await this.loading;
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  // ---- rendering ---------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const client = this.clients.client;
    const id = this.agentId;
    this.toggleState('monitoring', !!(client && id && ownSessions(client, id).length));
    this.toggleState('pending', this.requests.pending !== undefined);
    this.toggleState('failed', this.requests.failure !== undefined || this.loadError !== undefined);
    this.toggleState('unavailable', this.unavailable() !== undefined);
    this.focused = this.shadowRoot!.activeElement;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // A control goes with what it acted on (a Stop with its session, the modes with the call), often
    // by a change made elsewhere before any click loaded the request module: had it focus, the page
    // would take it (a keyboard user would start again from the top). The panel's first control
    // takes it instead, or with none left its heading, focusable only while it holds focus so that
    // focus() still goes to the first control once there is one (a handler, not a listener: a second
    // time replaces the first's rather than adding one).
    if (this.focused?.isConnected === false) {
      this.focus();
      const root = this.shadowRoot!;
      if (root.activeElement) return;
      const heading = root.getElementById('heading')!;
      heading.setAttribute('tabindex', '-1');
      heading.onblur = () => heading.removeAttribute('tabindex');
      heading.focus();
    }
  }

  /** The pending or failure message; "unavailable" is renderUnavailable's. */
  private renderMessage(): TemplateResult | typeof nothing {
    const { pending, failure } = this.requests;
    const error = failure === undefined ? this.loadError : this.module?.failureText(this.host, failure);
    if (error !== undefined) {
      return html`<p part="message" id="message" class="message" data-kind="error">${alertIcon()}<span>${error}</span></p>`;
    }
    // Only the module sets one.
    if (pending !== undefined) {
      return html`<p part="message" id="message" class="message" data-kind="pending">${infoIcon()}<span>${this.module!.pendingText(this.host, pending)}</span></p>`;
    }
    return nothing;
  }

  protected override render(): TemplateResult {
    const s = this.t.strings;
    const client = this.clients.client;
    const id = this.agentId;
    const agent = id ? client?.getAgent(id) : undefined;
    const unavailable = this.unavailable();
    // An agent is only found through a client.
    const interaction = agent && this.target(client!, agent.id);

    // One outer template in every state: the announcer's fallback live region sits after it in
    // the shadow root, and swapping the top-level template would remove it.
    return html`<section part="base" class="base" aria-labelledby="heading">
      <div part="heading" id="heading" class="heading" role="heading" aria-level=${headingLevelOf(this.headingLevel)}>
        ${agent === undefined ? s.headingNoAgent : s.heading(agent.name)}
      </div>
      ${unavailable === undefined ? this.renderControls(client!, agent!.id, interaction!) : this.renderUnavailable(interaction, unavailable)}
      ${client === undefined ? nothing : this.away(client).map((x) => this.renderAway(x))}
      <p part="transparency" class="muted">${id !== undefined && client?.session.agentId === id ? s.transparencySelf : s.transparency}</p>
    </section>`;
  }

  private renderUnavailable(interaction: Interaction | undefined, unavailable: string): TemplateResult {
    this.shown = undefined;
    const message = this.renderMessage();
    return html`${interaction === undefined ? nothing : this.renderInteraction(this.clients.client!, interaction)}${message}
      <p part="message" id=${message === nothing ? 'message' : 'unavailable'} class="message" data-kind="unavailable">
        ${infoIcon()}<span>${unavailable}</span>
      </p>`;
  }

  private renderControls(client: Floorwalk, agentId: string, interaction: Interaction): TemplateResult {
    const s = this.t.strings;
    // A screen view of the supervisor's own is listed with the others: no button acts on it.
    const session = ownSessions(client, agentId).find((x) => x.interactionId === interaction.id);
    const others = client.getMonitoringSessions({ agentId, active: true }).filter((x) => x.interactionId === interaction.id && x !== session);
    const offered = new Set(offeredModes(client));
    const allowed = new Set(MONITORING_MODES.filter((m) => offered.has(m) && this.modeAllowed(client, agentId, interaction, session, m)));
    const canStop = session !== undefined && client.can({ type: 'stop-monitoring', sessionId: session.id });
    this.shown = { agentId: agentId, interactionId: interaction.id, session, modes: allowed, canStop };
    const pending = this.requests.pending;
    const busy = pending !== undefined || this.loading !== undefined;
    // The mode asked for while a start or switch is pending.
    const asked = pending?.action === 'stop' ? undefined : pending?.mode;
    const pressedMode = asked ?? session?.mode;
    const message = this.renderMessage();

    return html`${this.renderInteraction(client, interaction)}
      <p part="current" class="current">
        ${session === undefined ? s.notMonitoring : html`${monitoringIcon()}<span>${s.current(session.mode)}</span>`}
      </p>
      <div part="controls" class="controls" role="group" aria-labelledby="controls-label">
        <span id="controls-label" class="controls-label">${s.controls}</span>
        ${MONITORING_MODES.map((mode) => {
          const label = s.mode(mode);
          // Only offered modes can be allowed: one reason or the other.
          if (!allowed.has(mode)) {
            return html`<div part="mode" class="mode" data-mode=${mode}><p part="reason" class="reason" data-mode=${mode}>${offered.has(mode) ? s.notAllowed(label) : s.notOffered(label)}</p></div>`;
          }
          return html`<div part="mode" class="mode" data-mode=${mode}>
            <button
              part="mode-button"
              class="button mode-button"
              type="button"
              data-mode=${mode}
              aria-pressed=${pressedMode === mode ? 'true' : 'false'}
              aria-describedby=${`explain-${mode}${busy ? ' message' : ''}`}
              aria-disabled=${busy ? 'true' : nothing}
              @click=${() => this.ask('start', mode)}
            >
              <span class="label">${label}</span>${asked === mode
                ? html`<span part="pending" class="pending"
                    >${pendingIcon(true)}${s.pendingMark}</span
                  >`
                : nothing}
            </button>
            <span part="explanation" id=${`explain-${mode}`} class="explanation">${s.explain(mode)}</span>
          </div>`;
        })}
        ${!canStop
          ? nothing
          : html`<button
              part="stop"
              class="button stop"
              type="button"
              aria-disabled=${busy ? 'true' : nothing}
              aria-describedby=${busy ? 'message' : nothing}
              @click=${() => this.ask('stop', session!.mode)}
            >
              ${s.stop}${pending?.action === 'stop' ? html` <span part="pending" class="pending">${s.pendingMark}</span>` : nothing}
            </button>`}
      </div>
      ${!others.length
        ? nothing
        : // One the platform did not name is "a supervisor", never its stand-in id.
          html`<p part="others" class="muted">${s.others(others.map((o) => s.other(o.supervisorKnown === false ? s.someone : (this.displayName?.(o.supervisorId) ?? o.supervisorId), s.mode(o.mode))).join(', '))}</p>`}
      ${message}`;
  }

  /** One of {@link away}'s sessions, with a Stop that needs no row, agent or interaction held. */
  private renderAway(x: Joined): TemplateResult {
    const s = this.t.strings;
    const busy = this.requests.pending !== undefined || this.loading !== undefined;
    const who = this.displayName?.(x.agentId) ?? x.agentId;
    return html`<p part="away" class="current">
      ${monitoringIcon()}<span id=${`away-${x.id}`}>${this.module?.kept(this.host, x, who) ?? s.away(who, s.mode(x.mode), x.mode === 'barge')}</span>
      <button
        part="away-stop"
        class="button stop"
        type="button"
        aria-disabled=${busy ? 'true' : nothing}
        aria-describedby=${`away-${x.id}`}
        @click=${() => this.ask('stop', x.mode, { ...x, session: x, modes: new Set(), canStop: true })}
      >
        ${s.stop}
      </button>
    </p>`;
  }

  private renderInteraction(client: Floorwalk, interaction: Interaction): TemplateResult {
    const c = this.common.strings;
    const times = client.getInteractionTimes(interaction.id);
    return html`<p part="interaction" class="interaction" data-id=${interaction.id}>
      ${channelIcon(interaction.channel)}<span
        >${this.t.strings.interaction(c.channel(interaction.channel), c.interactionState(interaction.state), formatTimer(this.t.lang, times?.handleMs ?? 0))}</span
      >
    </p>`;
  }
}
