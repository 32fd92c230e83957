import { ErrorCode, FloorwalkError, isFloorwalkError, type CoachingSession, type Floorwalk, type StoreChange } from '@floorwalk/core';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { FwCoachingSessionFailedEvent } from '../../events/fw-coaching-session-failed.js';
import { clientNow, relativeTime } from '../../internal/client-now.js';
import { connectionCatalog } from '../../internal/common-strings.js';
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

/** Which side the element shows: `auto` picks from the session's role. */
export type CoachingSessionsView = 'auto' | 'supervisor' | 'agent';

const MINUTE = 60_000;
/**
 * The time field's step. Its earliest time is rounded up to one: the step counts from it, so an
 * earliest time of 09:07 made 10:30 a step mismatch, exposed to screen readers as invalid.
 */
const STEP = 5 * MINUTE;
const DURATIONS = [15, 30, 45, 60, 90] as const;
type FormError = 'agent' | 'time' | 'past' | 'topic';

/**
 * `YYYY-MM-DDTHH:mm` in local time, what a `datetime-local` input reads and writes: the instant
 * moved by its own zone offset (so right on either side of a DST change), read as UTC.
 */
const localInput = (ms: number): string => new Date(ms - new Date(ms).getTimezoneOffset() * MINUTE).toISOString().slice(0, 16);

const isUpcoming = (c: CoachingSession, now: number): boolean => c.state === 'scheduled' && c.at + c.durationMs > now;

/**
 * Coaching sessions with an agent: a time, a length, a topic and who attends. For a supervisor's
 * session, a form to schedule one (the agent, fixed by `agent-id` or picked from those in scope;
 * a date and time that must be in the future; a length; a topic; others to invite from the
 * agent's teams) and the sessions in view, upcoming and past. For an agent's session, their own
 * sessions and those they attend. The form is replaced by the reason when the platform lacks the
 * command or the role may not schedule; the core refuses either way.
 *
 * A session scheduled by someone else is announced politely; a failure assertively.
 *
 * @tagname fw-coaching-sessions
 * @summary Schedule coaching sessions (time, topic, attendees) and list upcoming and past ones.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @event fw-coaching-session-failed - Scheduling did not happen. `agentId`, `error`.
 *
 * @csspart base - The wrapper (a `section`).
 * @csspart heading - The heading.
 * @csspart form - The scheduling form.
 * @csspart agent-select - The agent picker (when no `agent-id` is set).
 * @csspart when-input - The date and time field.
 * @csspart duration-select - The length picker.
 * @csspart topic-input - The topic field.
 * @csspart attendees - The fieldset of people to invite.
 * @csspart schedule - The Schedule button.
 * @csspart reason - Why scheduling is not offered.
 * @csspart upcoming - The list of upcoming sessions.
 * @csspart past - The list of past sessions.
 * @csspart session - One session.
 * @csspart topic - A session's topic.
 * @csspart time - A session's date and time.
 * @csspart state - A session's state ("Scheduled", "In progress", "Done").
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
 * @cssstate pending - Scheduling waits for the platform's confirmation.
 * @cssstate failed - Scheduling did not happen; the message says why.
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
  private failure: FloorwalkError | undefined;
  /** Ids seen so far, to announce new ones; undefined until the first live render. */
  private known: Set<string> | undefined;
  private pickedAgent = '';
  private when = '';
  private durationMin = 30;
  private topicText = '';
  private invited = new Set<string>();
  private formError: FormError | undefined;
  private seq = 0;
  /** Agents this session may schedule with, by client; `can` runs per agent, so it is kept until the teams change. */
  private coachable: { client: Floorwalk; ids: ReadonlySet<string> } | undefined;
  /** Whether a relative time or a running session is on screen, which the ticker keeps current. */
  private timed = false;

  constructor() {
    super();
    this.view = 'auto';
    this.agentId = undefined;
    this.confirmTimeout = DEFAULT_CONFIRM_TIMEOUT;
    this.headingLevel = 3;
    this.displayName = undefined;
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

  private get target(): string {
    return this.agentId || this.pickedAgent;
  }

  private onStoreChange(change: StoreChange): boolean {
    if (change.reset || change.teams.size > 0) this.coachable = undefined;
    return change.reset || (change.coachingSessions?.size ?? 0) > 0 || change.teams.size > 0;
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

  /** Whether this session may schedule with the agent: permission, scope and capability. */
  private allowed(client: Floorwalk, agentId: string): boolean {
    return this.coachableIds(client).has(agentId);
  }

  private coachableIds(client: Floorwalk): ReadonlySet<string> {
    if (this.coachable?.client === client) return this.coachable.ids;
    const at = clientNow(client) + 60 * MINUTE;
    const ids = new Set(client.getAgents().filter((a) => client.can({ type: 'schedule-coaching-session', agentId: a.id, topic: 'topic', at, durationMs: 30 * MINUTE })).map((a) => a.id));
    this.coachable = { client, ids };
    return ids;
  }

  /** Why the form is not offered, or undefined when it is. */
  private blocked(client: Floorwalk): string | undefined {
    if (!client.capabilities.commands.includes('schedule-coaching-session')) return this.t.strings.unsupported;
    if (this.agentId ? !this.allowed(client, this.agentId) : this.coachableIds(client).size === 0) return this.t.strings.notAllowed;
    return undefined;
  }

  /** Others who may attend: the agent's teams' supervisors and teammates, not the organiser nor the agent. */
  private candidates(client: Floorwalk, agentId: string): string[] {
    const agent = client.getAgent(agentId);
    if (agent === undefined) return [];
    const teams = new Set(agent.teamIds);
    const me = client.session.userId;
    const people = new Set<string>();
    for (const team of client.getTeams()) if (teams.has(team.id)) for (const id of team.supervisorIds) people.add(id);
    for (const a of client.getAgents()) if (a.teamIds.some((t) => teams.has(t))) people.add(a.id);
    people.delete(me);
    people.delete(agentId);
    return [...people].sort((a, b) => this.person(client, a).localeCompare(this.person(client, b)));
  }

  // ---- actions -------------------------------------------------------------------------------

  private readonly onSubmit = (event: Event): void => {
    event.preventDefault();
    const client = this.clients.client;
    if (client === undefined || this.unavailable() !== undefined || this.pending !== undefined || this.blocked(client) !== undefined) return;
    const agentId = this.target;
    const at = this.when === '' ? NaN : new Date(this.when).getTime();
    const topic = this.topicText.trim();
    this.formError = agentId === '' ? 'agent' : Number.isNaN(at) ? 'time' : at <= clientNow(client) ? 'past' : topic === '' ? 'topic' : undefined;
    if (this.formError !== undefined) {
      const field = { agent: '#agent', time: '#when', past: '#when', topic: '#topic' }[this.formError];
      this.requestUpdate();
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(field)?.focus());
      return;
    }
    const candidates = new Set(this.candidates(client, agentId));
    const attendees = [...this.invited].filter((id) => candidates.has(id));
    this.send(agentId, () => client.scheduleCoachingSession(agentId, topic, at, this.durationMin * MINUTE, attendees));
  };

  private send(agentId: string, run: () => Promise<void>): void {
    const seq = ++this.seq;
    const timeout = confirmTimeoutOf(this.confirmTimeout);
    const timer = setTimeout(() => {
      this.fail(seq, agentId, new FloorwalkError(ErrorCode.VendorError, `Scheduling not confirmed within ${timeout} ms.`, { details: { timeoutMs: timeout } }));
    }, timeout);
    this.pending = { seq, timer };
    this.failure = undefined;
    this.requestUpdate();
    run().then(
      () => {
        if (this.pending?.seq !== seq) return;
        clearTimeout(this.pending.timer);
        this.pending = undefined;
        this.when = '';
        this.topicText = '';
        this.invited = new Set();
        this.voice.announce(this.t.strings.announceDone, 'polite');
        this.requestUpdate();
      },
      (err: unknown) => this.fail(seq, agentId, isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.Internal, `Scheduling failed: ${String(err)}`, { cause: err })),
    );
  }

  private fail(seq: number, agentId: string, error: FloorwalkError): void {
    if (this.pending?.seq !== seq) return;
    clearTimeout(this.pending.timer);
    this.pending = undefined;
    this.failure = error;
    this.dispatch(new FwCoachingSessionFailedEvent(agentId, error));
    this.voice.announce(this.t.strings.failed(this.why(error)), 'assertive');
    this.requestUpdate();
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
      case ErrorCode.Unsupported:
        return s.whyUnsupported;
      case ErrorCode.NotConnected:
      case ErrorCode.Cancelled:
        return s.whyNotConnected;
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
  }

  /** Announces sessions someone else scheduled since the last render. */
  private observe(client: Floorwalk, list: readonly CoachingSession[]): void {
    const first = this.known === undefined;
    const known = this.known ?? new Set<string>();
    const said: string[] = [];
    for (const c of list) {
      if (known.has(c.id)) continue;
      known.add(c.id);
      if (!first && c.state === 'scheduled' && c.organiserId !== client.session.userId) {
        said.push(this.t.strings.announceScheduled(this.person(client, c.organiserId), c.topic, this.at(c.at)));
      }
    }
    this.known = known;
    if (said.length > 0) void this.updateComplete.then(() => this.voice.announce(said.join(' '), 'polite'));
  }

  private get level(): number {
    return headingLevelOf(this.headingLevel);
  }

  protected override render(): TemplateResult {
    const client = this.clients.client;
    const unavailable = this.unavailable();
    return html`<section part="base" class="base" aria-labelledby="heading">
      <div part="heading" id="heading" class="heading" role="heading" aria-level=${this.level}>${this.t.strings.heading}</div>
      ${unavailable !== undefined || client === undefined
        ? html`<p part="message" class="message" data-kind="unavailable">${unavailable}</p>`
        : html`${this.side === 'supervisor' ? this.renderForm(client) : nothing}${this.renderLists(client)}`}
    </section>`;
  }

  private renderForm(client: Floorwalk): TemplateResult {
    const s = this.t.strings;
    const blocked = this.blocked(client);
    if (blocked !== undefined) return html`<p part="reason" class="message">${blocked}</p>`;
    const now = clientNow(client);
    const busy = this.pending !== undefined;
    const agentId = this.target;
    const error = this.formError === undefined ? undefined : { agent: s.noAgent, time: s.noTime, past: s.past, topic: s.noTopic }[this.formError];
    const agents = this.agentId ? [] : client.getAgents().filter((a) => this.allowed(client, a.id));
    const people = agentId === '' ? [] : this.candidates(client, agentId);
    const invalid = (...kinds: FormError[]): 'true' | typeof nothing => (this.formError !== undefined && kinds.includes(this.formError) ? 'true' : nothing);
    const described = (...kinds: FormError[]): string | typeof nothing => (this.formError !== undefined && kinds.includes(this.formError) ? 'form-error' : nothing);
    // The time field's label names the zone it is read in: the agent may read the time elsewhere.
    // The failure line is plain text, not role=alert: the failure is announced (assertively), and
    // an alert would voice it a second time. The space before "(Pending)" is inside its span:
    // alone, Chromium leaves it out of the button's name ("Schedule(Pending)").
    return html`<form part="form" class="form" @submit=${this.onSubmit} novalidate aria-labelledby="schedule-heading">
      <div id="schedule-heading" class="subheading" role="heading" aria-level=${Math.min(6, this.level + 1)}>${s.scheduleHeading}${this.agentId ? html`: ${this.person(client, this.agentId)}` : nothing}</div>
      ${this.agentId
        ? nothing
        : html`<label class="field"><span>${s.agentLabel}</span>
            <select part="agent-select" id="agent" class="input" aria-invalid=${invalid('agent')} aria-describedby=${described('agent')} @change=${this.onAgent}>
              <option value="" ?selected=${this.pickedAgent === ''}>${s.chooseAgent}</option>
              ${[...agents].sort((a, b) => a.name.localeCompare(b.name)).map((a) => html`<option value=${a.id} ?selected=${a.id === this.pickedAgent}>${a.name}</option>`)}
            </select>
          </label>`}
      <div class="row">
        <label class="field"><span>${s.whenLabel} (${Intl.DateTimeFormat().resolvedOptions().timeZone})</span>
          <input part="when-input" id="when" class="input" type="datetime-local" step="300" min=${localInput(Math.ceil(now / STEP) * STEP)} .value=${this.when}
            aria-invalid=${invalid('time', 'past')} aria-describedby=${described('time', 'past')} @input=${this.onWhen} />
        </label>
        <label class="field"><span>${s.durationLabel}</span>
          <select part="duration-select" id="duration" class="input" @change=${this.onDuration}>
            ${DURATIONS.map((m) => html`<option value=${m} ?selected=${m === this.durationMin}>${formatDuration(this.t.lang, m * MINUTE)}</option>`)}
          </select>
        </label>
      </div>
      <label class="field"><span>${s.topicLabel}</span>
        <input part="topic-input" id="topic" class="input" type="text" maxlength="200" .value=${this.topicText}
          aria-invalid=${invalid('topic')} aria-describedby=${described('topic')} @input=${this.onTopic} />
      </label>
      ${agentId === ''
        ? nothing
        : html`<fieldset part="attendees">
            <legend>${s.attendeesLabel}</legend>
            ${people.length === 0
              ? html`<span class="muted">${s.noAttendees}</span>`
              : people.map(
                  (id) => html`<label class="check"><input type="checkbox" data-id=${id} .checked=${this.invited.has(id)} @change=${this.onInvite} /><span>${this.person(client, id)}</span></label>`,
                )}
          </fieldset>`}
      ${error === undefined ? nothing : html`<p id="form-error" class="message" data-kind="error">${alertIcon()} ${error}</p>`}
      <button part="schedule" class="button" type="submit" aria-disabled=${busy ? 'true' : nothing}>${s.schedule}${busy ? html`<span class="muted"> (${s.pendingMark})</span>` : nothing}</button>
      ${this.failure === undefined ? nothing : html`<p part="message" class="message" data-kind="error">${alertIcon()} ${s.failed(this.why(this.failure))}</p>`}
    </form>`;
  }

  private readonly onAgent = (e: Event): void => {
    this.pickedAgent = (e.target as HTMLSelectElement).value;
    this.invited = new Set();
    if (this.formError === 'agent') this.formError = undefined;
    this.requestUpdate();
  };

  private readonly onWhen = (e: Event): void => {
    this.when = (e.target as HTMLInputElement).value;
    if (this.formError === 'time' || this.formError === 'past') this.formError = undefined;
    this.requestUpdate();
  };

  private readonly onDuration = (e: Event): void => {
    this.durationMin = Number((e.target as HTMLSelectElement).value);
  };

  private readonly onTopic = (e: Event): void => {
    this.topicText = (e.target as HTMLInputElement).value;
    if (this.formError === 'topic') {
      this.formError = undefined;
      this.requestUpdate();
    }
  };

  private readonly onInvite = (e: Event): void => {
    const box = e.target as HTMLInputElement;
    const id = box.dataset['id'] ?? '';
    if (box.checked) this.invited.add(id);
    else this.invited.delete(id);
  };

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
      <p part="topic" class="topic" dir="auto">${c.topic}</p>
      <p class="meta">
        <time part="time" datetime=${new Date(c.at).toISOString()}>${this.at(c.at)}</time>
        <span>${formatDuration(this.t.lang, c.durationMs)}</span>
        ${when === 'future' ? html`<span class="muted">${s.starts(relativeTime(this.t.lang, c.at - now))}</span>` : nothing}
      </p>
      <p>${s.with(this.person(client, c.agentId))} · ${s.organiser(this.person(client, c.organiserId))}</p>
      ${others.length === 0 ? nothing : html`<p class="muted">${s.attendees(others.map((id) => isolate(this.person(client, id))).join(', '))}</p>`}
      <p part="state" class="state">${state}</p>
    </li>`;
  }
}
