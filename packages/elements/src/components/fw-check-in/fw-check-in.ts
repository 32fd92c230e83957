import {
  ErrorCode,
  FloorwalkError,
  isFloorwalkError,
  POLICY_DEFAULTS,
  type CheckIn,
  type Floorwalk,
  type StoreChange,
} from '@floorwalk/core';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { FwCheckInFailedEvent, type CheckInAction } from '../../events/fw-check-in-failed.js';
import { FwCheckInJoinEvent } from '../../events/fw-check-in-join.js';
import { clientNow, relativeTime } from '../../internal/client-now.js';
import { connectionCatalog } from '../../internal/common-strings.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { TickController } from '../../internal/controllers/tick-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { alertIcon, channelIcon } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatDuration, formatTime } from '../../internal/format.js';
import { controlStyles, fieldStyles, panelStyles } from '../../internal/panel.styles.js';
import { confirmTimeoutOf, DEFAULT_CONFIRM_TIMEOUT, headingLevelOf } from '../../internal/pending.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { checkInCatalog } from './fw-check-in.strings.js';
import { checkInStyles } from './fw-check-in.styles.js';

/** Which side the element shows: `auto` picks from the session's role. */
export type CheckInView = 'auto' | 'supervisor' | 'agent';

interface Op {
  readonly seq: number;
  readonly action: CheckInAction;
  readonly timer: ReturnType<typeof setTimeout>;
}

const PROPOSE = 'propose';
const phaseOf = (c: CheckIn): NonNullable<CheckIn['phase']> => c.phase ?? 'scheduled';
const isOpen = (c: CheckIn): boolean => phaseOf(c) === 'scheduled' || phaseOf(c) === 'starting' || phaseOf(c) === 'live';

/** A usable override: attributes that fail to parse arrive as NaN, and null when removed. */
const finite = (v: number | null | undefined): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/** `YYYY-MM-DDTHH:mm` in local time, what a `datetime-local` input reads and writes. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * Scheduled video check-ins, never unannounced. For a supervisor's session: a form to propose one
 * (the tenant's minimum notice enforced here and again by the core), the check-ins proposed with
 * the agents' answers, and Start only inside the check-in's window (otherwise disabled, with the
 * reason), Cancel and End. For an agent's session: each proposal with Accept, Decline and
 * "Propose another time", and, when the supervisor starts one, an explicit "Join now" / "Not now"
 * prompt before anything begins. When both sides have consented the element fires
 * `fw-check-in-join` for the host to open its video; the video itself is the host's.
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
  private pickedAgent = '';
  private when = '';
  private topicText = '';
  private formError: 'agent' | 'time' | 'notice' | undefined;
  private countering: string | undefined;
  private counterWhen = '';
  private seq = 0;

  constructor() {
    super();
    this.view = 'auto';
    this.agentId = undefined;
    this.noticeMs = undefined;
    this.windowMs = undefined;
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
    return change.reset || change.checkIns.size > 0 || change.teams.size > 0;
  }

  private checkIns(client: Floorwalk): CheckIn[] {
    const me = client.session.userId;
    const own = this.ownAgentId;
    const mine =
      this.side === 'agent'
        ? client.getCheckIns().filter((c) => c.agentId === own)
        : client.getCheckIns().filter((c) => c.supervisorId === me && (this.agentId === undefined || this.agentId === '' || c.agentId === this.agentId));
    return [...mine].sort((a, b) => Number(isOpen(b)) - Number(isOpen(a)) || a.scheduledFor - b.scheduledFor);
  }

  private person(client: Floorwalk, userId: string): string {
    if (userId === client.session.userId) return this.t.strings.you;
    return client.getAgent(userId)?.name ?? this.displayName?.(userId) ?? userId;
  }

  private at(ms: number): string {
    return new Intl.DateTimeFormat(this.t.lang, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }).format(ms);
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
      default:
        return s.whyRefused;
    }
  }

  private readonly onPropose = (event: Event): void => {
    event.preventDefault();
    const client = this.clients.client;
    if (client === undefined || this.unavailable() !== undefined) return;
    const agentId = this.agentId || this.pickedAgent;
    const scheduledFor = this.when === '' ? NaN : new Date(this.when).getTime();
    this.formError = agentId === '' ? 'agent' : Number.isNaN(scheduledFor) ? 'time' : scheduledFor - clientNow(client) < this.noticeInForce ? 'notice' : undefined;
    if (this.formError !== undefined) {
      this.requestUpdate();
      const field = this.formError === 'agent' ? '#agent' : '#when';
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(field)?.focus());
      return;
    }
    const topic = this.topicText.trim();
    this.run(PROPOSE, 'propose', undefined, () => client.proposeCheckIn(agentId, scheduledFor, topic === '' ? undefined : topic), () => {
      this.when = '';
      this.topicText = '';
    });
  };

  private act(c: CheckIn, action: CheckInAction): void {
    const client = this.clients.client;
    if (client === undefined) return;
    const send: Record<CheckInAction, (() => Promise<void>) | undefined> = {
      propose: undefined,
      accept: () => client.answerCheckIn(c.id, 'accepted'),
      decline: () => client.answerCheckIn(c.id, 'declined'),
      counter: undefined,
      'accept-counter': () => client.respondToCheckInCounter(c.id, true),
      'refuse-counter': () => client.respondToCheckInCounter(c.id, false),
      start: () => client.startCheckIn(c.id),
      join: () => client.confirmCheckIn(c.id),
      'not-now': () => client.endCheckIn(c.id),
      end: () => client.endCheckIn(c.id),
      cancel: () => client.cancelCheckIn(c.id),
    };
    const run = send[action];
    if (run !== undefined) this.run(c.id, action, c.id, run);
  }

  private readonly onCounter = (event: Event): void => {
    event.preventDefault();
    const client = this.clients.client;
    const id = this.countering;
    if (client === undefined || id === undefined) return;
    const time = this.counterWhen === '' ? NaN : new Date(this.counterWhen).getTime();
    if (Number.isNaN(time)) {
      this.formError = 'time';
      this.requestUpdate();
      return;
    }
    this.formError = undefined;
    this.run(id, 'counter', id, () => client.counterCheckIn(id, time), () => {
      this.countering = undefined;
      this.counterWhen = '';
    });
  };

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

  /** Announces what changed since the last render, and fires the join event once both sides consented. */
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
      if (phaseOf(c) === 'live' && !this.joined.has(c.id)) {
        this.joined.add(c.id);
        queueMicrotask(() => this.dispatch(new FwCheckInJoinEvent(c.id)));
        if (!first) said.push(s.announceLive);
      }
      if (!first && before !== state) {
        const other = side === 'agent' ? this.person(client, c.supervisorId) : this.person(client, c.agentId);
        if (before === undefined && side === 'agent' && c.answer === 'pending') said.push(s.announceProposed(other, this.at(c.scheduledFor)));
        else if (before !== undefined && side === 'supervisor' && phaseOf(c) !== 'live') said.push(s.announceAnswer(other, this.stateText(client, c)));
      }
      const soon = c.answer === 'accepted' && phaseOf(c) === 'scheduled' && c.scheduledFor - now <= this.windowInForce && c.scheduledFor - now > -this.windowInForce;
      if (soon && !this.soonAnnounced.has(c.id)) {
        this.soonAnnounced.add(c.id);
        said.push(s.announceSoon(side === 'agent' ? this.person(client, c.supervisorId) : this.person(client, c.agentId), formatTime(this.t.lang, c.scheduledFor)));
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
        return c.confirmedAt === undefined ? s.notJoined : s.ended;
      case 'cancelled':
        if (c.answer === 'declined') return s.declined;
        return s.cancelled(this.person(client, c.cancelledBy ?? c.supervisorId));
      case 'scheduled':
        if (c.counterFor !== undefined) return s.counterFromAgent(this.at(c.counterFor));
        return c.answer === 'accepted' ? (this.side === 'agent' ? s.youAccepted : s.accepted) : s.waitingAnswer;
    }
  }

  /** Why Start is not possible now, or undefined when it is. */
  private startBlocked(c: CheckIn, now: number): string | undefined {
    const s = this.t.strings;
    if (c.answer !== 'accepted') return s.whyNotAccepted;
    if (now < c.scheduledFor - this.windowInForce) return s.whyEarly(formatTime(this.t.lang, c.scheduledFor - this.windowInForce));
    if (now > c.scheduledFor + this.windowInForce) return s.whyLate;
    return undefined;
  }

  private get level(): number {
    return headingLevelOf(this.headingLevel);
  }

  private message(key: string, id?: string): TemplateResult | typeof nothing {
    const failure = this.failures.get(key);
    if (failure !== undefined) {
      return html`<p part="message" id=${id ?? nothing} class="message" data-kind="error" role="alert">${alertIcon()}<span>${this.t.strings.failed(this.why(failure.error))}</span></p>`;
    }
    return nothing;
  }

  protected override render(): TemplateResult {
    const s = this.t.strings;
    const client = this.clients.client;
    const unavailable = this.unavailable();
    return html`<section part="base" class="base" aria-labelledby="heading">
      <div part="heading" id="heading" class="heading" role="heading" aria-level=${this.level}>${channelIcon('video')}<span>${s.heading}</span></div>
      ${unavailable !== undefined || client === undefined
        ? html`<p part="message" class="message" data-kind="unavailable">${unavailable}</p>`
        : this.side === 'agent'
          ? this.renderAgent(client)
          : html`${this.renderForm(client)}${this.renderList(client)}`}
    </section>`;
  }

  private renderForm(client: Floorwalk): TemplateResult {
    const s = this.t.strings;
    const now = clientNow(client);
    const earliest = now + this.noticeInForce;
    // Rounded up to the next quarter hour, which is what people pick.
    const min = Math.ceil(earliest / 900_000) * 900_000;
    const busy = this.ops.has(PROPOSE);
    const notice = formatDuration(this.t.lang, this.noticeInForce);
    const error = this.formError === 'agent' ? s.noAgent : this.formError === 'time' ? s.noTime : this.formError === 'notice' ? s.tooSoon(notice) : undefined;
    const agents = this.agentId ? [] : client.getAgents().filter((a) => client.can({ type: 'propose-check-in', agentId: a.id, scheduledFor: min + 3_600_000 }));
    return html`<form part="form" class="form" @submit=${this.onPropose} novalidate aria-labelledby="propose-heading">
      <div id="propose-heading" class="subheading" role="heading" aria-level=${Math.min(6, this.level + 1)}>${s.proposeHeading}${this.agentId ? html`: ${this.person(client, this.agentId)}` : nothing}</div>
      ${this.agentId
        ? nothing
        : html`<label class="field">
            <span>${s.agentLabel}</span>
            <select
              part="agent-select"
              id="agent"
              class="input"
              aria-invalid=${this.formError === 'agent' ? 'true' : nothing}
              aria-describedby=${this.formError === 'agent' ? 'form-error' : nothing}
              @change=${(e: Event) => {
                this.pickedAgent = (e.target as HTMLSelectElement).value;
                if (this.formError === 'agent') this.formError = undefined;
                this.requestUpdate();
              }}
            >
              <option value="" ?selected=${this.pickedAgent === ''}>${s.chooseAgent}</option>
              ${[...agents].sort((a, b) => a.name.localeCompare(b.name)).map((a) => html`<option value=${a.id} ?selected=${a.id === this.pickedAgent}>${a.name}</option>`)}
            </select>
          </label>`}
      <label class="field">
        <span>${s.whenLabel}</span>
        <input
          part="when-input"
          id="when"
          class="input"
          type="datetime-local"
          step="900"
          min=${localInput(min)}
          .value=${this.when}
          aria-invalid=${this.formError === 'time' || this.formError === 'notice' ? 'true' : nothing}
          aria-describedby=${this.formError === 'time' || this.formError === 'notice' ? 'form-error notice-hint' : 'notice-hint'}
          @input=${(e: Event) => {
            this.when = (e.target as HTMLInputElement).value;
            if (this.formError === 'time' || this.formError === 'notice') this.formError = undefined;
            this.requestUpdate();
          }}
        />
      </label>
      <p part="hint" id="notice-hint" class="hint">${s.noticeHint(notice, this.at(min))}</p>
      <label class="field">
        <span>${s.topicLabel}</span>
        <input part="topic-input" id="topic" class="input" type="text" maxlength="200" .value=${this.topicText} @input=${(e: Event) => (this.topicText = (e.target as HTMLInputElement).value)} />
      </label>
      ${error === undefined ? nothing : html`<p id="form-error" class="message" data-kind="error">${alertIcon()}<span>${error}</span></p>`}
      <button part="propose" class="button primary" type="submit" aria-disabled=${busy ? 'true' : nothing}>
        ${s.propose}${busy ? html` <span class="pending">${s.pendingMark}</span>` : nothing}
      </button>
      ${this.message(PROPOSE)}
    </form>`;
  }

  private renderList(client: Floorwalk): TemplateResult {
    const list = this.checkIns(client);
    if (list.length === 0) return html`<p class="muted">${this.t.strings.noneSupervisor}</p>`;
    const now = clientNow(client);
    return html`<ul part="list" class="list">
      ${list.map((c) => this.renderSupervisorItem(client, c, now))}
    </ul>`;
  }

  private button(c: CheckIn, action: CheckInAction, label: string, options: { primary?: boolean; blocked?: string | undefined; recheck?: () => string | undefined; part?: string } = {}): TemplateResult {
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
          if (!this.ops.has(c.id)) this.act(c, action);
        }}
      >
        ${label}${busy ? html` <span class="pending">${this.t.strings.pendingMark}</span>` : nothing}
      </button>
      ${options.blocked === undefined ? nothing : html`<span part="reason" id=${reasonId} class="reason">${options.blocked}</span>`}`;
  }

  private renderSupervisorItem(client: Floorwalk, c: CheckIn, now: number): TemplateResult {
    const s = this.t.strings;
    const phase = phaseOf(c);
    const actions: TemplateResult[] = [];
    if (phase === 'scheduled' && c.counterFor !== undefined) {
      actions.push(this.button(c, 'accept-counter', s.acceptCounter, { primary: true }), this.button(c, 'refuse-counter', s.refuseCounter));
    } else if (phase === 'scheduled') {
      actions.push(this.button(c, 'start', s.start, { primary: true, blocked: this.startBlocked(c, now), recheck: () => this.startBlocked(c, clientNow(client)) }), this.button(c, 'cancel', s.cancel));
    } else if (phase === 'starting' || phase === 'live') {
      actions.push(this.button(c, 'end', s.end));
    }
    return html`<li part="check-in" class="item" data-id=${c.id} data-phase=${phase} data-answer=${c.answer}>
      <p class="line"><strong>${s.with(this.person(client, c.agentId))}</strong></p>
      <p class="meta">
        <time part="time" datetime=${new Date(c.scheduledFor).toISOString()}>${this.at(c.scheduledFor)}</time>
        ${isOpen(c) ? html`<span class="muted">${s.starts(relativeTime(this.t.lang, c.scheduledFor - now))}</span>` : nothing}
      </p>
      ${c.topic === undefined ? nothing : html`<p class="muted">${s.topic(c.topic)}</p>`}
      <p part="state" class="state">${this.stateText(client, c)}</p>
      ${actions.length === 0 ? nothing : html`<div part="actions" class="actions">${actions}</div>`}
      ${this.message(c.id)}
    </li>`;
  }

  private renderAgent(client: Floorwalk): TemplateResult {
    const s = this.t.strings;
    const list = this.checkIns(client);
    const now = clientNow(client);
    const starting = list.find((c) => phaseOf(c) === 'starting');
    return html`${starting === undefined ? nothing : this.renderPrompt(client, starting)}
      ${list.length === 0
        ? html`<p class="muted">${s.noneAgent}</p>`
        : html`<ul part="list" class="list">
            ${list.filter((c) => c !== starting).map((c) => this.renderAgentItem(client, c, now))}
          </ul>`}`;
  }

  private renderPrompt(client: Floorwalk, c: CheckIn): TemplateResult {
    const s = this.t.strings;
    return html`<div part="prompt" class="prompt" role="alertdialog" aria-modal="false" aria-labelledby="prompt-title" aria-describedby="prompt-explain" data-id=${c.id}>
      <p id="prompt-title" class="heading prompt-title">${channelIcon('video')}<span>${s.joinPrompt(this.person(client, c.supervisorId))}</span></p>
      <p id="prompt-explain" class="muted">${s.joinExplain}${c.topic === undefined ? '' : ` ${s.topic(c.topic)}`}</p>
      <div class="actions">${this.button(c, 'join', s.join, { primary: true, part: 'join' })}${this.button(c, 'not-now', s.notNow, { part: 'not-now' })}</div>
      ${this.message(c.id)}
    </div>`;
  }

  private renderAgentItem(client: Floorwalk, c: CheckIn, now: number): TemplateResult {
    const s = this.t.strings;
    const phase = phaseOf(c);
    const pending = phase === 'scheduled' && c.answer === 'pending';
    const countering = this.countering === c.id;
    return html`<li part="check-in" class="item" data-id=${c.id} data-phase=${phase} data-answer=${c.answer}>
      <p class="line"><strong>${s.proposedToYou(this.person(client, c.supervisorId))}</strong></p>
      <p class="meta">
        <time part="time" datetime=${new Date(c.scheduledFor).toISOString()}>${this.at(c.scheduledFor)}</time>
        ${isOpen(c) ? html`<span class="muted">${s.starts(relativeTime(this.t.lang, c.scheduledFor - now))}</span>` : nothing}
      </p>
      ${c.topic === undefined ? nothing : html`<p class="muted">${s.topic(c.topic)}</p>`}
      <p part="state" class="state">${pending && c.counterFor !== undefined ? s.youProposed(this.at(c.counterFor)) : this.stateText(client, c)}</p>
      ${pending && c.counterFor === undefined
        ? html`<div part="actions" class="actions">
            ${this.button(c, 'accept', s.accept, { primary: true })}${this.button(c, 'decline', s.decline)}
            <button part="action" class="button" type="button" data-action="counter" aria-expanded=${countering ? 'true' : 'false'} @click=${() => {
              this.countering = countering ? undefined : c.id;
              this.counterWhen = '';
              this.requestUpdate();
              if (!countering) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#counter-when')?.focus());
            }}>${s.counter}</button>
          </div>
          ${countering
            ? html`<form part="counter-form" class="counter" @submit=${this.onCounter} novalidate>
                <label class="field"><span>${s.counterLabel}</span>
                  <input id="counter-when" class="input" type="datetime-local" step="900" min=${localInput(now)} .value=${this.counterWhen}
                    aria-invalid=${this.formError === 'time' ? 'true' : nothing}
                    @input=${(e: Event) => (this.counterWhen = (e.target as HTMLInputElement).value)} />
                </label>
                <button class="button" type="submit">${s.sendCounter}</button>
              </form>`
            : nothing}`
        : phase === 'scheduled' && c.answer === 'accepted'
          ? html`<div part="actions" class="actions">${this.button(c, 'cancel', s.cancel)}</div>`
          : phase === 'live'
            ? html`<div part="actions" class="actions">${this.button(c, 'end', s.end)}</div>`
            : nothing}
      ${this.message(c.id)}
    </li>`;
  }
}
