import {
  ErrorCode,
  FloorwalkError,
  isFloorwalkError,
  POLICY_DEFAULTS,
  importOnce,
  type CheckIn,
  type Floorwalk,
  type StoreChange,
} from '@floorwalk/core';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { FwCheckInFailedEvent, type CheckInAction } from '../../events/fw-check-in-failed.js';
import { FwCheckInJoinEvent } from '../../events/fw-check-in-join.js';
import { FwCheckInLeaveEvent } from '../../events/fw-check-in-leave.js';
import { busySeconds } from '../../internal/busy.js';
import { clientNow, relativeTime } from '../../internal/client-now.js';
import { connectionCatalog } from '../../internal/common-strings.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { TickController } from '../../internal/controllers/tick-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { alertIcon, videoIcon } from '../../internal/icons.js';
import { LazyParts } from '../../internal/lazy-parts.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatDuration, formatTime } from '../../internal/format.js';
import { controlStyles, fieldStyles, panelStyles } from '../../internal/panel.styles.js';
import { confirmTimeoutOf, DEFAULT_CONFIRM_TIMEOUT, headingLevelOf } from '../../internal/pending.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { checkInCatalog } from './fw-check-in.strings.js';
import { checkInStyles } from './fw-check-in.styles.js';
import type { ButtonOptions, SideHost } from './sides.js';

/** Each side's part, loaded when an element first shows that side. */
interface Parts {
  supervisor: typeof import('./supervisor.js');
  agent: typeof import('./agent.js');
}
const loaders: { [K in keyof Parts]: () => Promise<Parts[K]> } = {
  supervisor: importOnce(() => import('./supervisor.js')),
  agent: importOnce(() => import('./agent.js')),
};

/** Loads a part once per page, for every element on it; a failed load may be retried. */
const loadPart = <K extends keyof Parts>(name: K): Promise<Parts[K]> => loaders[name]();

/** Which side the element shows: `auto` picks from the session's role. */
export type CheckInView = 'auto' | 'supervisor' | 'agent';

interface Op {
  readonly seq: number;
  readonly action: CheckInAction;
  readonly timer: ReturnType<typeof setTimeout>;
}

const phaseOf = (c: CheckIn): NonNullable<CheckIn['phase']> => c.phase ?? 'scheduled';
const isOpen = (c: CheckIn): boolean => phaseOf(c) === 'scheduled' || phaseOf(c) === 'starting' || phaseOf(c) === 'live';

/** A usable override: attributes that fail to parse arrive as NaN, and null when removed. */
const finite = (v: number | null | undefined): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/**
 * Scheduled video check-ins, never unannounced. For a supervisor's session: a form to propose one
 * (the tenant's minimum notice enforced here and again by the core), the check-ins proposed with
 * the agents' answers, and Start only inside the check-in's window (otherwise disabled, with the
 * reason), Cancel and End. For an agent's session: each proposal with Accept, Decline and
 * "Propose another time", and, when the supervisor starts one, an explicit "Join now" / "Not now"
 * prompt before anything begins. When both sides have consented the element fires
 * `fw-check-in-join` for the host to open its video, and `fw-check-in-leave` once that check-in
 * is no longer live, for the host to close it; the video itself is the host's.
 *
 * New proposals, answers and check-ins about to start are announced politely.
 *
 * @tagname fw-check-in
 * @summary Propose, answer and join scheduled video check-ins, with notice and consent.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @event fw-check-in-join - Both sides consented and the check-in is live: open the video. `checkInId`.
 * @event fw-check-in-leave - A check-in this element fired `fw-check-in-join` for is no longer live: close the video. `checkInId`.
 * @event fw-check-in-failed - An action did not happen. `action`, `checkInId`, `error`.
 *
 * @csspart base - The wrapper (a `section`).
 * @csspart heading - The heading.
 * @csspart form - The supervisor's proposal form.
 * @csspart agent-select - The agent picker (when no `agent-id` is set).
 * @csspart when-input - The date and time field.
 * @csspart topic-input - The topic field.
 * @csspart propose - The Propose button.
 * @csspart hint - The minimum-notice hint.
 * @csspart list - The list of check-ins.
 * @csspart check-in - One check-in.
 * @csspart time - A check-in's date and time.
 * @csspart state - A check-in's state ("Accepted", "Waiting for the agent’s answer").
 * @csspart actions - A check-in's buttons.
 * @csspart action - Each action button.
 * @csspart reason - Why an action (Start) is not available yet.
 * @csspart prompt - The agent's "Join now?" confirmation.
 * @csspart join - The Join now button.
 * @csspart not-now - The Not now button.
 * @csspart counter-form - The agent's "propose another time" form.
 * @csspart message - Pending, failure or "unavailable" text.
 *
 * @cssproperty --fw-check-in-background - The wrapper's background.
 * @cssproperty --fw-check-in-border-color - The wrapper's border.
 * @cssproperty --fw-check-in-radius - Corner radius of the wrapper, fields and buttons.
 * @cssproperty --fw-check-in-padding - The wrapper's padding (default 1rem).
 * @cssproperty --fw-check-in-accent-color - The join prompt's rule and live check-ins.
 * @cssproperty --fw-check-in-error-color - Failure messages.
 *
 * @cssstate supervisor - Showing the supervisor's view.
 * @cssstate agent - Showing the agent's view.
 * @cssstate prompting - The agent is asked to join now.
 * @cssstate pending - Something waits for the platform's confirmation.
 * @cssstate failed - Something did not happen; the message says why.
 */
export class FwCheckIn extends FwElement {
  static override styles: CSSResultGroup = [
    frameStyles,
    panelStyles('fw-check-in'), controlStyles('fw-check-in'), fieldStyles('fw-check-in'),
    checkInStyles,
  ];

  static override properties = {
    client: { attribute: false },
    view: { type: String },
    agentId: { type: String, attribute: 'agent-id' },
    noticeMs: { type: Number, attribute: 'notice-ms' },
    windowMs: { type: Number, attribute: 'window-ms' },
    confirmTimeout: { type: Number, attribute: 'confirm-timeout' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    displayName: { attribute: false },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** `supervisor`, `agent`, or `auto`: agent for a session of role `agent`, else supervisor. */
  declare view: CheckInView;
  /** Supervisor's view: propose to this agent and list only their check-ins. Unset: pick any agent in scope. */
  declare agentId: string | undefined;
  /**
   * The least notice a proposal must give, in ms. Unset (the default): the tenant policy's
   * `checkInNoticeMs` as the client has it in force, following live changes. The core enforces the
   * policy's value whatever this says.
   */
  declare noticeMs: number | undefined;
  /** How long before and after its time a check-in may start, in ms. Unset (the default): the policy's `checkInWindowMs` in force. */
  declare windowMs: number | undefined;
  /** How long to wait for the platform's confirmation, in ms. Default 10000. */
  declare confirmTimeout: number;
  /** The level of the heading, 1–6. Default 3. */
  declare headingLevel: number;
  /** How to name a person from their user id, for people who are not agents. Defaults to the id. */
  declare displayName: ((userId: string) => string | undefined) | undefined;

  // ---- internal state --------------------------------------------------------------------

  /** The notice asked of a proposal: the host's override, else the policy's value in force. */
  private get noticeInForce(): number {
    return finite(this.noticeMs) ?? this.clients.client?.getPolicy().checkInNoticeMs ?? POLICY_DEFAULTS.checkInNoticeMs;
  }

  /** The start window: the host's override, else the policy's value in force. */
  private get windowInForce(): number {
    return finite(this.windowMs) ?? this.clients.client?.getPolicy().checkInWindowMs ?? POLICY_DEFAULTS.checkInWindowMs;
  }

  private readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  private readonly t = new LocalizeController(this, checkInCatalog);
  private readonly common = new LocalizeController(this, connectionCatalog);
  private readonly voice = new AnnounceController(this);
  private readonly ops = new Map<string, Op>();
  private readonly failures = new Map<string, { action: CheckInAction; error: FloorwalkError }>();
  private readonly joined = new Set<string>();
  /** The last state seen of each check-in, to announce what changed; undefined until the first render. */
  private known: Map<string, string> | undefined;
  private readonly soonAnnounced = new Set<string>();
  private seq = 0;
  /** The sides, loaded when the element first shows them. */
  private readonly parts = new LazyParts<Parts>(this, loadPart, () => this.voice.announce(this.t.strings.partFailed, 'assertive'));
  private readonly sideHost: SideHost = {
    el: this,
    strings: () => this.t.strings,
    localize: (catalog) => new LocalizeController(this, catalog),
    level: () => this.level,
    checkIns: (client) => this.checkIns(client),
    person: (client, userId) => this.person(client, userId),
    at: (ms) => this.at(ms),
    time: (ms) => formatTime(this.t.lang, ms),
    duration: (ms) => formatDuration(this.t.lang, ms),
    now: clientNow,
    client: () => this.clients.client,
    when: (c, now) => html`<p class="meta">
      <time part="time" datetime=${new Date(c.scheduledFor).toISOString()}>${this.at(c.scheduledFor)}</time>
      ${this.open(c, now) ? html`<span class="muted">${this.t.strings.starts(relativeTime(this.t.lang, c.scheduledFor - now))}</span>` : nothing}
    </p>`,
    notice: () => this.noticeInForce,
    window: () => this.windowInForce,
    stateText: (client, c) => this.stateText(client, c),
    button: (...args) => this.button(...args),
    message: (key, id) => this.message(key, id),
    busy: (key) => this.ops.has(key),
    run: (...args) => this.run(...args),
    alertIcon,
    videoIcon,
  };

  constructor() {
    super();
    this.view = 'auto';
    // agentId, noticeMs, windowMs and displayName start undefined: setting them so would record no change.
    this.confirmTimeout = DEFAULT_CONFIRM_TIMEOUT;
    this.headingLevel = 3;
    new TickController(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const op of this.ops.values()) clearTimeout(op.timer);
    this.ops.clear();
    this.known = undefined;
  }

  private get side(): 'supervisor' | 'agent' {
    if (this.view === 'supervisor' || this.view === 'agent') return this.view;
    return this.clients.client?.session.role === 'agent' ? 'agent' : 'supervisor';
  }

  private get ownAgentId(): string | undefined {
    const session = this.clients.client?.session;
    if (session === undefined) return undefined;
    return session.agentId ?? (session.role === 'agent' ? session.userId : undefined);
  }

  private onStoreChange(change: StoreChange): boolean {
    // An agent who left the teams takes Start and Accept along (the core refuses both), and a
    // renamed one is shown by the new name: neither changes the check-in itself.
    return change.reset || change.checkIns.size > 0 || change.teams.size > 0 || this.clients.client?.getCheckIns().some((c) => change.agents.has(c.agentId)) === true;
  }

  private checkIns(client: Floorwalk): CheckIn[] {
    const me = client.session.userId;
    const own = this.ownAgentId;
    const mine =
      this.side === 'agent'
        ? client.getCheckIns().filter((c) => c.agentId === own)
        : client.getCheckIns().filter((c) => c.supervisorId === me && (this.agentId === undefined || this.agentId === '' || c.agentId === this.agentId));
    const now = clientNow(client);
    return [...mine].sort((a, b) => Number(this.open(b, now)) - Number(this.open(a, now)) || a.scheduledFor - b.scheduledFor);
  }

  /**
   * Whether a check-in can still happen: not an agreed one whose window went by without a start,
   * which no platform closes by itself and would otherwise read "Accepted, starts 3 hours ago".
   */
  private open(c: CheckIn, now: number): boolean {
    return isOpen(c) && !(phaseOf(c) === 'scheduled' && c.answer === 'accepted' && c.scheduledFor + this.windowInForce < now);
  }

  private person(client: Floorwalk, userId: string): string {
    if (userId === client.session.userId) return this.t.strings.you;
    return client.getAgent(userId)?.name ?? this.displayName?.(userId) ?? userId;
  }

  private at(ms: number): string {
    return new Intl.DateTimeFormat(this.t.lang, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(ms);
  }

  private unavailable(): string | undefined {
    const client = this.clients.client;
    if (client === undefined) return this.common.strings.noClient;
    if (client.status !== 'live') return this.t.strings.notLive(this.common.strings.connection(client.status));
    return undefined;
  }

  // ---- actions -------------------------------------------------------------------------------

  private run(key: string, action: CheckInAction, checkInId: string | undefined, send: () => Promise<void>, after?: () => void): void {
    if (this.ops.has(key)) return;
    const seq = ++this.seq;
    const timeout = confirmTimeoutOf(this.confirmTimeout);
    const timer = setTimeout(() => {
      this.fail(key, seq, checkInId, new FloorwalkError(ErrorCode.VendorError, `The platform did not confirm ${action} within ${timeout} ms.`, { details: { timeoutMs: timeout } }));
    }, timeout);
    this.failures.delete(key);
    this.ops.set(key, { seq, action, timer });
    this.requestUpdate();
    send().then(
      () => {
        const op = this.ops.get(key);
        if (op?.seq !== seq) return;
        clearTimeout(op.timer);
        this.ops.delete(key);
        after?.();
        this.requestUpdate();
      },
      (err: unknown) => {
        this.fail(key, seq, checkInId, isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.Internal, `${action} failed: ${String(err)}`, { cause: err }));
      },
    );
  }

  private fail(key: string, seq: number, checkInId: string | undefined, error: FloorwalkError): void {
    const op = this.ops.get(key);
    if (op === undefined || op.seq !== seq) return;
    clearTimeout(op.timer);
    this.ops.delete(key);
    this.failures.set(key, { action: op.action, error });
    this.dispatch(new FwCheckInFailedEvent(op.action, checkInId, error));
    this.voice.announce(this.t.strings.failed(this.why(error)), 'assertive');
    this.requestUpdate();
  }

  private why(error: FloorwalkError): string {
    const s = this.t.strings;
    if (error.details?.['timeoutMs'] !== undefined) return s.whyTimeout;
    switch (error.code) {
      case ErrorCode.NoticeTooShort:
        return s.whyNotice(formatDuration(this.t.lang, Number(error.details?.['requiredMs'] ?? this.noticeInForce)));
      case ErrorCode.OutsideWindow:
        return s.whyWindow;
      case ErrorCode.Forbidden:
      case ErrorCode.OutOfScope:
      case ErrorCode.Unsupported:
        return s.whyForbidden;
      case ErrorCode.Conflict:
        return error.details?.['answer'] !== undefined && error.details['answer'] !== 'accepted' ? s.whyConsent : s.whyConflict;
      case ErrorCode.NotConnected:
      case ErrorCode.Cancelled:
        return s.whyNotConnected;
      case ErrorCode.RateLimited:
        return s.whyBusy(busySeconds(error));
      default:
        return s.whyRefused;
    }
  }

  // ---- rendering -----------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const client = this.clients.client;
    const side = this.side;
    let prompting = false;
    if (client !== undefined && client.status === 'live') {
      const list = this.checkIns(client);
      this.observe(client, list);
      prompting = side === 'agent' && list.some((c) => phaseOf(c) === 'starting');
    }
    this.toggleState('supervisor', side === 'supervisor');
    this.toggleState('agent', side === 'agent');
    this.toggleState('prompting', prompting);
    this.toggleState('pending', this.ops.size > 0);
    this.toggleState('failed', this.failures.size > 0);
  }

  /** Announces what changed since the last render; fires join once both sides consented, and leave once it is over. */
  private observe(client: Floorwalk, list: readonly CheckIn[]): void {
    const s = this.t.strings;
    const side = this.side;
    const now = clientNow(client);
    const said: string[] = [];
    const first = this.known === undefined;
    const known = this.known ?? new Map<string, string>();
    for (const c of list) {
      const state = `${phaseOf(c)}/${c.answer}/${c.counterFor ?? ''}/${c.scheduledFor}`;
      const before = known.get(c.id);
      known.set(c.id, state);
      // Live, once per element: a reload closed the host's video too, so a new page opens it again.
      // Not past the time the platform ends it (a page opened after both left, before that lands).
      if (phaseOf(c) === 'live' && !this.joined.has(c.id) && (c.lapsesAt ?? Infinity) > now) {
        this.joined.add(c.id);
        queueMicrotask(() => this.dispatch(new FwCheckInJoinEvent(c.id)));
        if (!first) said.push(s.announceLive);
      }
      if (!first && before !== state) {
        const other = side === 'agent' ? this.person(client, c.supervisorId) : this.person(client, c.agentId);
        if (before === undefined && side === 'agent' && c.answer === 'pending') said.push(s.announceProposed(other, this.at(c.scheduledFor)));
        // The agent hears of what the platform closed by itself, as the supervisor does of every change.
        else if (before !== undefined && (side === 'supervisor' || c.lapsed !== undefined) && phaseOf(c) !== 'live') said.push(s.announceAnswer(other, this.stateText(client, c)));
      }
      const soon = c.answer === 'accepted' && phaseOf(c) === 'scheduled' && c.scheduledFor - now <= this.windowInForce && c.scheduledFor - now > -this.windowInForce;
      if (soon && !this.soonAnnounced.has(c.id)) {
        this.soonAnnounced.add(c.id);
        // Not on the first render: a reload inside the window would say it a second time, and
        // what a page opens on is shown, not news (proposals are not announced then either).
        if (!first) said.push(s.announceSoon(side === 'agent' ? this.person(client, c.supervisorId) : this.person(client, c.agentId), formatTime(this.t.lang, c.scheduledFor)));
      }
    }
    // Each join is owed one leave, whether it ended, lapsed, was cancelled or left the store;
    // looked up in the whole store, so a narrower list (another agent-id) closes nothing.
    for (const id of this.joined) {
      if (!client.getCheckIns().some((c) => c.id === id && phaseOf(c) === 'live')) {
        this.joined.delete(id);
        queueMicrotask(() => this.dispatch(new FwCheckInLeaveEvent(id)));
      }
    }
    this.known = known;
    if (said.length > 0) void this.updateComplete.then(() => this.voice.announce(said.join(' '), 'polite'));
  }

  private stateText(client: Floorwalk, c: CheckIn): string {
    const s = this.t.strings;
    switch (phaseOf(c)) {
      case 'starting':
        return s.starting;
      case 'live':
        return s.live;
      case 'ended':
        return c.lapsed === 'time-limit' ? s.endedLimit : c.confirmedAt === undefined ? s.notJoined : s.ended;
      case 'cancelled':
        if (c.answer === 'declined') return s.declined;
        // Lapsed: nobody cancelled it, its window went by.
        return c.lapsed !== undefined ? s.missed : s.cancelled(this.person(client, c.cancelledBy ?? c.supervisorId));
      case 'scheduled':
        if (c.counterFor !== undefined) return s.counterFromAgent(this.at(c.counterFor));
        if (!this.open(c, clientNow(client))) return s.missed;
        return c.answer === 'accepted' ? (this.side === 'agent' ? s.youAccepted : s.accepted) : s.waitingAnswer;
    }
  }

  private get level(): number {
    return headingLevelOf(this.headingLevel);
  }

  private message(key: string, id?: string): TemplateResult | typeof nothing {
    const failure = this.failures.get(key);
    if (failure !== undefined) {
      return html`<p part="message" id=${id ?? nothing} class="message" data-kind="error">${alertIcon()}<span>${this.t.strings.failed(this.why(failure.error))}</span></p>`;
    }
    return nothing;
  }

  protected override render(): TemplateResult {
    const s = this.t.strings;
    const client = this.clients.client;
    const unavailable = this.unavailable();
    return html`<section part="base" class="base" aria-labelledby="heading">
      <div part="heading" id="heading" class="heading" role="heading" aria-level=${this.level}>${videoIcon()}<span>${s.heading}</span></div>
      ${unavailable !== undefined || client === undefined
        ? html`<p part="message" class="message" data-kind="unavailable">${unavailable}</p>`
        : this.side === 'agent'
          ? (this.parts.get('agent')?.renderAgent(this.sideHost, client) ?? this.partFailed())
          : (this.parts.get('supervisor')?.renderSupervisor(this.sideHost, client) ?? this.partFailed())}
    </section>`;
  }

  protected override getUpdateComplete(): Promise<boolean> {
    return this.parts.settled(() => super.getUpdateComplete());
  }

  /** Why a side could not be loaded, where the side would be. */
  private partFailed(): TemplateResult | typeof nothing {
    return this.parts.failed ? html`<p part="message" class="message" data-kind="error">${alertIcon()}<span>${this.t.strings.partFailed}</span></p>` : nothing;
  }

  private button(c: CheckIn, action: CheckInAction, label: string, send: (client: Floorwalk) => Promise<void>, options: ButtonOptions = {}): TemplateResult {
    const busy = this.ops.get(c.id)?.action === action;
    const disabled = options.blocked !== undefined || this.ops.has(c.id);
    const reasonId = `reason-${c.id}-${action}`;
    return html`<button
        part=${options.part ?? 'action'}
        class="button${options.primary === true ? ' primary' : ''}"
        type="button"
        data-action=${action}
        aria-disabled=${disabled ? 'true' : nothing}
        aria-describedby=${options.blocked !== undefined ? reasonId : nothing}
        @click=${() => {
          // Time-bound rules are judged at the press, not at the last render: the window may
          // have opened since (the ticker redraws once a second).
          const blocked = options.recheck === undefined ? options.blocked : options.recheck();
          if (blocked !== undefined) {
            // A disabled button that still takes focus says why when pressed, for people who missed it.
            this.voice.announce(blocked, 'polite');
            return;
          }
          const client = this.clients.client;
          if (client !== undefined) this.run(c.id, action, c.id, () => send(client));
        }}
      >
        ${label}${busy ? html` <span class="pending">${this.t.strings.pendingMark}</span>` : nothing}
      </button>
      ${options.blocked === undefined ? nothing : html`<span part="reason" id=${reasonId} class="reason">${options.blocked}</span>`}`;
  }
}
