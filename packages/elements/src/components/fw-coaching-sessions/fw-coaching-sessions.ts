import { ErrorCode, FloorwalkError, isFloorwalkError, importOnce, type CoachingSession, type Floorwalk, type StoreChange } from '@floorwalk/core';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { FwCoachingSessionFailedEvent } from '../../events/fw-coaching-session-failed.js';
import { clientNow, relativeTime } from '../../internal/client-now.js';
import { connectionCatalog } from '../../internal/common-strings.js';
import { busySeconds } from '../../internal/busy.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { TickController } from '../../internal/controllers/tick-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { alertIcon } from '../../internal/icons.js';
import { LocalizeController, isolate } from '../../internal/localize.js';
import { formatDuration } from '../../internal/format.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { formStyles, panelStyles } from '../../internal/panel.styles.js';
import { coachingSessionsCatalog } from './fw-coaching-sessions.strings.js';
import { coachingSessionsStyles } from './fw-coaching-sessions.styles.js';
import { confirmTimeoutOf, DEFAULT_CONFIRM_TIMEOUT, headingLevelOf } from '../../internal/pending.js';
import { LazyParts } from '../../internal/lazy-parts.js';
import type { FormHost, FormState } from './form.js';

/** The scheduling form, loaded when a supervisor's view first shows it. */
interface Parts {
  form: typeof import('./form.js');
}
const loadForm = importOnce(() => import('./form.js'));

/** Which side the element shows: `auto` picks from the session's role. */
export type CoachingSessionsView = 'auto' | 'supervisor' | 'agent';

const MINUTE = 60_000;

const isUpcoming = (c: CoachingSession, now: number): boolean => c.state === 'scheduled' && c.at + c.durationMs > now;

/**
 * Coaching sessions with an agent: a time, a length, a topic and who attends. For a supervisor's
 * session, a form to schedule one (the agent, fixed by `agent-id` or picked from those in scope;
 * a date and time that must be in the future; a length; a topic; others to invite from the
 * agent's teams) and the sessions in view, upcoming and past. For an agent's session, their own
 * sessions and those they attend. The form is replaced by the reason when the platform lacks the
 * command or the role may not schedule; the core refuses either way.
 *
 * Those allowed (its organiser, a supervisor or admin over the agent's team, and for Cancel the
 * agent it is about) may reschedule an upcoming session, in the form's date and time fields, or
 * cancel it, after a confirmation. The supervisor's form is loaded when first shown.
 *
 * A session scheduled by someone else is announced politely, and so is every session moved or
 * cancelled (by anyone, once the change lands); a failure assertively.
 *
 * @tagname fw-coaching-sessions
 * @summary Schedule coaching sessions (time, topic, attendees) and list upcoming and past ones.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @event fw-coaching-session-failed - Scheduling, moving or cancelling did not happen. `agentId`, `error`.
 *
 * @csspart base - The wrapper (a `section`).
 * @csspart heading - The heading.
 * @csspart form - The scheduling form.
 * @csspart agent-select - The agent picker (when no `agent-id` is set).
 * @csspart when-input - The date and time field.
 * @csspart duration-select - The length picker.
 * @csspart topic-input - The topic field.
 * @csspart attendees - The fieldset of people to invite.
 * @csspart schedule - The Schedule button (Reschedule while moving a session).
 * @csspart keep - Leaves Reschedule without moving the session.
 * @csspart reschedule - An upcoming session's Reschedule button.
 * @csspart cancel - An upcoming session's Cancel button.
 * @csspart confirm - The dialog that asks before cancelling.
 * @csspart reason - Why scheduling is not offered.
 * @csspart upcoming - The list of upcoming sessions.
 * @csspart past - The list of past sessions.
 * @csspart session - One session.
 * @csspart topic - A session's topic.
 * @csspart time - A session's date and time.
 * @csspart state - A session's state ("Scheduled", "In progress", "Done", "Cancelled").
 * @csspart message - Pending, failure or "unavailable" text.
 *
 * @cssproperty --fw-coaching-sessions-background - The wrapper's background.
 * @cssproperty --fw-coaching-sessions-border-color - The wrapper's border.
 * @cssproperty --fw-coaching-sessions-radius - Corner radius of the wrapper, fields and buttons.
 * @cssproperty --fw-coaching-sessions-accent-color - The rule beside upcoming sessions.
 * @cssproperty --fw-coaching-sessions-error-color - Failure messages and fields in error.
 *
 * @cssstate supervisor - Showing the supervisor's view.
 * @cssstate agent - Showing the agent's view.
 * @cssstate pending - Scheduling, moving or cancelling waits for the platform's confirmation.
 * @cssstate failed - It did not happen; the message says why.
 * @cssstate unsupported - The platform cannot schedule coaching sessions.
 */
export class FwCoachingSessions extends FwElement {
  static override styles: CSSResultGroup = [frameStyles, panelStyles('fw-coaching-sessions'), formStyles('fw-coaching-sessions'), coachingSessionsStyles];

  static override properties = {
    client: { attribute: false },
    view: { type: String },
    agentId: { type: String, attribute: 'agent-id' },
    confirmTimeout: { type: Number, attribute: 'confirm-timeout' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    displayName: { attribute: false },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** `supervisor`, `agent`, or `auto`: agent for a session of role `agent`, else supervisor. */
  declare view: CoachingSessionsView;
  /** Supervisor's view: schedule with this agent and list only theirs. Unset: pick any agent in scope. */
  declare agentId: string | undefined;
  /** How long to wait for the platform's confirmation, in ms. Default 10000. */
  declare confirmTimeout: number;
  /** The level of the heading, 1–6. Default 3. */
  declare headingLevel: number;
  /** How to name a person from their user id, for people who are not agents. Defaults to the id. */
  declare displayName: ((userId: string) => string | undefined) | undefined;

  // ---- internal state --------------------------------------------------------------------

  private readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  private readonly t = new LocalizeController(this, coachingSessionsCatalog);
  private readonly common = new LocalizeController(this, connectionCatalog);
  private readonly voice = new AnnounceController(this);
  private pending: { seq: number; timer: ReturnType<typeof setTimeout> } | undefined;
  /** The last failure, and whether it was a change (move, cancel) rather than scheduling. */
  private failure: { error: FloorwalkError; change: boolean } | undefined;
  /** Each session as last seen, to announce changes; undefined until the first live render. */
  private known: Map<string, CoachingSession> | undefined;
  /** The session Cancel asks about. */
  private asking: CoachingSession | undefined;
  private seq = 0;
  /** Whether focus was on a session's button before this render, which may take it away. */
  private refocus = false;
  /** Whether a relative time or a running session is on screen, which the ticker keeps current. */
  private timed = false;
  private readonly f: FormState = { picked: '', when: '', durationMin: 30, topic: '', invited: new Set(), error: undefined, coachable: undefined, moving: undefined };
  private readonly parts = new LazyParts<Parts>(this, () => loadForm() as never, () => this.voice.announce(this.t.strings.partFailed, 'assertive'));
  private readonly host: FormHost = {
    el: this,
    f: this.f,
    strings: () => this.t.strings,
    localize: (catalog) => new LocalizeController(this, catalog),
    lang: () => this.t.lang,
    level: () => this.level,
    person: (client, userId) => this.person(client, userId),
    at: (ms) => this.at(ms),
    busy: () => this.pending !== undefined,
    failure: () => this.failed() as TemplateResult,
    send: (agentId, run, done, after) => this.send(agentId, run, done, after),
    ready: () => this.unavailable() === undefined && this.pending === undefined,
    now: clientNow,
    duration: formatDuration,
    alert: alertIcon,
  };

  constructor() {
    super();
    this.view = 'auto';
    // agentId and displayName start undefined: setting them so would record no change.
    this.confirmTimeout = DEFAULT_CONFIRM_TIMEOUT;
    this.headingLevel = 3;
    new TickController(this, () => {
      if (this.timed) this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.pending !== undefined) clearTimeout(this.pending.timer);
    this.pending = undefined;
    this.known = undefined;
  }

  private get side(): 'supervisor' | 'agent' {
    if (this.view === 'supervisor' || this.view === 'agent') return this.view;
    return this.clients.client?.session.role === 'agent' ? 'agent' : 'supervisor';
  }

  private onStoreChange(change: StoreChange): boolean {
    if (change.reset || change.teams.size > 0) this.f.coachable = undefined;
    // An agent who left the teams takes their sessions' Reschedule along (the core refuses the
    // move), with no change to the sessions themselves.
    return change.reset || (change.coachingSessions?.size ?? 0) > 0 || change.teams.size > 0 || this.clients.client?.getCoachingSessions().some((c) => change.agents.has(c.agentId)) === true;
  }

  private person(client: Floorwalk, userId: string): string {
    if (userId === client.session.userId) return this.t.strings.you;
    return client.getAgent(userId)?.name ?? this.displayName?.(userId) ?? userId;
  }

  private at(ms: number): string {
    return new Intl.DateTimeFormat(this.t.lang, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(ms);
  }

  private sessions(client: Floorwalk): readonly CoachingSession[] {
    const only = this.side === 'supervisor' && this.agentId ? this.agentId : undefined;
    return client.getCoachingSessions(only === undefined ? {} : { agentId: only });
  }

  private unavailable(): string | undefined {
    const client = this.clients.client;
    if (client === undefined) return this.common.strings.noClient;
    if (client.status !== 'live') return this.t.strings.notLive(this.common.strings.connection(client.status));
    return undefined;
  }

  // ---- actions -------------------------------------------------------------------------------

  private readonly onDialogClose = (e: Event): void => {
    const dialog = e.target as HTMLDialogElement;
    const c = this.asking;
    this.asking = undefined;
    const client = this.clients.client;
    // Escape, "Keep it" and a closed page leave it be; only "Cancel session" cancels.
    if (dialog.returnValue !== 'cancel' || c === undefined || client === undefined || this.pending !== undefined) return;
    this.send(c.agentId, () => client.cancelCoachingSession(c.id));
  };

  private ask(c: CoachingSession): void {
    this.asking = c;
    this.requestUpdate();
    void this.updateComplete.then(() => {
      const dialog = this.renderRoot.querySelector('dialog');
      dialog!.returnValue = '';
      dialog!.showModal();
    });
  }

  /**
   * Sends a command: scheduling announces `done` when confirmed; a change (move, cancel) has none,
   * as the changed session is announced when it lands, here as on every page that shows it.
   */
  private send(agentId: string, run: () => Promise<void>, done?: string, after?: () => void): void {
    const seq = ++this.seq;
    const timeout = confirmTimeoutOf(this.confirmTimeout);
    const change = done === undefined;
    const timer = setTimeout(() => {
      this.fail(seq, agentId, change, new FloorwalkError(ErrorCode.VendorError, `Not confirmed within ${timeout} ms.`, { details: { timeoutMs: timeout } }));
    }, timeout);
    this.pending = { seq, timer };
    this.failure = undefined;
    this.requestUpdate();
    run().then(
      () => {
        if (this.pending?.seq !== seq) return;
        clearTimeout(this.pending.timer);
        this.pending = undefined;
        after?.();
        if (done) this.voice.announce(done, 'polite');
        this.requestUpdate();
      },
      (err: unknown) => this.fail(seq, agentId, change, isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.Internal, `Failed: ${String(err)}`, { cause: err })),
    );
  }

  private fail(seq: number, agentId: string, change: boolean, error: FloorwalkError): void {
    if (this.pending?.seq !== seq) return;
    clearTimeout(this.pending.timer);
    this.pending = undefined;
    this.failure = { error, change };
    this.dispatch(new FwCoachingSessionFailedEvent(agentId, error));
    this.voice.announce(this.failed(true) as string, 'assertive');
    this.requestUpdate();
  }

  /** The failure line (its text alone for `text`), or nothing. */
  private failed(text?: boolean): TemplateResult | string | typeof nothing {
    const f = this.failure;
    if (f === undefined) return nothing;
    const said = (f.change ? this.t.strings.notChanged : this.t.strings.failed)(this.why(f.error));
    return text ? said : html`<p part="message" class="message" data-kind="error">${alertIcon()} ${said}</p>`;
  }

  private why(error: FloorwalkError): string {
    const s = this.t.strings;
    if (error.details?.['timeoutMs'] !== undefined) return s.whyTimeout;
    switch (error.code) {
      case ErrorCode.InvalidArgument:
        return error.details?.['field'] === 'at' ? s.whyPast : s.whyRefused;
      case ErrorCode.Forbidden:
        return s.whyForbidden;
      case ErrorCode.OutOfScope:
        return s.whyScope;
      case ErrorCode.Conflict:
        return s.whyChanged;
      case ErrorCode.Unsupported:
        return s.whyUnsupported;
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

  // ---- rendering -----------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const client = this.clients.client;
    if (client !== undefined && client.status === 'live') this.observe(client, this.sessions(client));
    this.toggleState('supervisor', this.side === 'supervisor');
    this.toggleState('agent', this.side === 'agent');
    this.toggleState('pending', this.pending !== undefined);
    this.toggleState('failed', this.failure !== undefined);
    this.toggleState('unsupported', client !== undefined && !client.capabilities.commands.includes('schedule-coaching-session'));
    // A session's buttons go when it is cancelled or moved past: focus on them goes to the heading.
    this.refocus = this.shadowRoot?.activeElement?.parentElement?.className === 'actions';
  }

  /** Announces sessions someone else scheduled, and sessions moved or cancelled, since the last render. */
  private observe(client: Floorwalk, list: readonly CoachingSession[]): void {
    const s = this.t.strings;
    const first = this.known === undefined;
    const known = (this.known ??= new Map());
    const said: string[] = [];
    for (const c of list) {
      const seen = known.get(c.id);
      known.set(c.id, c);
      // A session closing is no news; a move or cancel is, from whoever made it. A start restated
      // by under a minute is a clock correction (Genesys' offset estimate moving), not a move.
      if (first || c.state === 'done' || (seen?.state === c.state && seen.durationMs === c.durationMs && Math.abs(seen.at - c.at) < MINUTE)) continue;
      if (seen === undefined) {
        if (c.state === 'scheduled' && c.organiserId !== client.session.userId) said.push(s.announceScheduled(this.person(client, c.organiserId), c.topic, this.at(c.at)));
      } else said.push((c.state === 'cancelled' ? s.announceCancelled : s.announceMoved)(c.topic, this.at(c.at)));
    }
    if (said.length > 0) void this.updateComplete.then(() => this.voice.announce(said.join(' '), 'polite'));
  }

  private get level(): number {
    return headingLevelOf(this.headingLevel);
  }

  protected override render(): TemplateResult {
    const client = this.clients.client;
    const unavailable = this.unavailable();
    return html`<section part="base" class="base" aria-labelledby="heading">
      <div part="heading" id="heading" class="heading" role="heading" aria-level=${this.level} tabindex="-1">${this.t.strings.heading}</div>
      ${unavailable !== undefined || client === undefined
        ? html`<p part="message" class="message" data-kind="unavailable">${unavailable}</p>`
        : html`${this.side === 'supervisor' ? (this.parts.get('form')?.renderForm(this.host, client) ?? this.partFailed()) : this.failed()}${this.renderLists(client)}`}
      <dialog part="confirm" aria-labelledby="confirm-q" @close=${this.onDialogClose}>
        <form method="dialog" class="form">
          <p id="confirm-q">${this.asking === undefined ? nothing : this.t.strings.confirmCancel(this.asking.topic, this.at(this.asking.at))}</p>
          <button class="button" value="keep" autofocus>${this.t.strings.keep}</button>
          <button class="button" value="cancel">${this.t.strings.cancelSession}</button>
        </form>
      </dialog>
    </section>`;
  }

  protected override updated(): void {
    if (this.refocus && !this.shadowRoot!.activeElement) this.renderRoot.querySelector<HTMLElement>('#heading')!.focus();
  }

  protected override getUpdateComplete(): Promise<boolean> {
    return this.parts.settled(() => super.getUpdateComplete());
  }

  /** Why the form could not be loaded, where it would be. */
  private partFailed(): TemplateResult | typeof nothing {
    return this.parts.failed ? html`<p part="message" class="message" data-kind="error">${alertIcon()} ${this.t.strings.partFailed}</p>` : nothing;
  }

  private renderLists(client: Floorwalk): TemplateResult {
    const s = this.t.strings;
    const now = clientNow(client);
    const all = this.sessions(client);
    const upcoming = all.filter((c) => isUpcoming(c, now));
    this.timed = upcoming.length > 0;
    const past = all.filter((c) => !isUpcoming(c, now)).reverse();
    const level = Math.min(6, this.level + 1);
    const list = (part: string, items: readonly CoachingSession[], none: string): TemplateResult =>
      items.length === 0
        ? html`<p class="muted">${none}</p>`
        : html`<ul part=${part} class="list" aria-labelledby=${`${part}-heading`}>${items.map((c) => this.renderItem(client, c, now))}</ul>`;
    return html`<div id="upcoming-heading" class="subheading" role="heading" aria-level=${level}>${s.upcoming}</div>
      ${list('upcoming', upcoming, s.noneUpcoming)}
      <div id="past-heading" class="subheading" role="heading" aria-level=${level}>${s.pastHeading}</div>
      ${list('past', past, s.nonePast)}`;
  }

  private renderItem(client: Floorwalk, c: CoachingSession, now: number): TemplateResult {
    const s = this.t.strings;
    const running = c.state === 'scheduled' && c.at <= now && now < c.at + c.durationMs;
    const when = running ? 'now' : isUpcoming(c, now) ? 'future' : 'past';
    const state = running ? s.inProgress : c.state === 'scheduled' ? (when === 'past' ? s.done : s.scheduled) : c.state === 'done' ? s.done : s.cancelled;
    const others = c.attendeeIds.filter((id) => id !== c.agentId);
    return html`<li part="session" class="item" data-id=${c.id} data-state=${c.state} data-when=${when}>
      <p part="topic" class="topic" id=${`t-${c.id}`} dir="auto">${c.topic}</p>
      <p class="meta">
        <time part="time" datetime=${new Date(c.at).toISOString()}>${this.at(c.at)}</time>
        <span>${formatDuration(this.t.lang, c.durationMs)}</span>
        ${when === 'future' ? html`<span class="muted">${s.starts(relativeTime(this.t.lang, c.at - now))}</span>` : nothing}
      </p>
      <p>${s.with(this.person(client, c.agentId))} · ${s.organiser(this.person(client, c.organiserId))}</p>
      ${others.length === 0 ? nothing : html`<p class="muted">${s.attendees(others.map((id) => isolate(this.person(client, id))).join(', '))}</p>`}
      <p part="state" class="state">${state}</p>
      ${when === 'past' ? nothing : this.renderActions(client, c, now)}
    </li>`;
  }

  /** Reschedule (a supervisor's view, where the form is) and Cancel, for those the core allows. */
  private renderActions(client: Floorwalk, c: CoachingSession, now: number): TemplateResult | typeof nothing {
    const s = this.t.strings;
    const form = this.side === 'supervisor' && client.can({ type: 'reschedule-coaching-session', sessionId: c.id, at: now + 60 * MINUTE }) ? this.parts.get('form') : undefined;
    const cancel = client.can({ type: 'cancel-coaching-session', sessionId: c.id });
    if (form === undefined && !cancel) return nothing;
    // Each button is described by the session's topic: a list of "Cancel" buttons says which is which.
    return html`<p class="actions">
      ${form === undefined ? nothing : html`<button part="reschedule" class="button" aria-describedby=${`t-${c.id}`} @click=${() => form.startMove(this.host, c)}>${s.reschedule}</button>`}
      ${cancel ? html`<button part="cancel" class="button" aria-describedby=${`t-${c.id}`} @click=${() => this.ask(c)}>${s.cancel}</button>` : nothing}
    </p>`;
  }
}
