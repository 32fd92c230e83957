import { ErrorCode, FloorwalkError, isFloorwalkError, MAX_CALL_PARTICIPANTS, type ColleagueCall, type Floorwalk, type StoreChange } from '@floorwalk/core';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { FwColleagueCallFailedEvent, type ColleagueCallAction } from '../../events/fw-colleague-call-failed.js';
import { clientNow } from '../../internal/client-now.js';
import { connectionCatalog } from '../../internal/common-strings.js';
import { busySeconds } from '../../internal/busy.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { TickController } from '../../internal/controllers/tick-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { alertIcon, voiceIcon } from '../../internal/icons.js';
import { LocalizeController, isolate } from '../../internal/localize.js';
import { formatDuration, formatNumber, formatTimer } from '../../internal/format.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { formStyles, panelStyles } from '../../internal/panel.styles.js';
import { colleagueCallCatalog } from './fw-colleague-call.strings.js';
import { colleagueCallStyles } from './fw-colleague-call.styles.js';
import { confirmTimeoutOf, DEFAULT_CONFIRM_TIMEOUT, headingLevelOf } from '../../internal/pending.js';

/** Whom a new call is for: one colleague, or everyone in a team. */
export type ColleagueCallKind = 'person' | 'team';

interface Op {
  readonly seq: number;
  readonly timer: ReturnType<typeof setTimeout>;
}

interface Starting extends Op {
  /** Everyone who will be on the call, this user included, sorted. */
  readonly people: readonly string[];
  /** Calls held when it was asked for: the confirmation is a new one. */
  readonly before: ReadonlySet<string>;
}

interface Reachable {
  readonly people: readonly string[];
  readonly teams: readonly { id: string; name: string; members: readonly string[] }[];
}

const START = 'start';
const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().every((id, i) => id === [...b].sort()[i]);

/**
 * Calls between colleagues through the platform, where it has internal calls: start a 1:1 call
 * with a colleague or a call with everyone in a team, see each call ringing (asked for, not yet
 * confirmed by the platform), connected (with its running time) and ended, and hang up. Calls
 * others start with this user are shown and announced too. Where the platform offers no internal
 * calls (the adapter lacks `start-colleague-call`), or the role may not call anyone, the form is
 * replaced by the reason; the core refuses either way. The audio is the platform's.
 *
 * @tagname fw-colleague-call
 * @summary Start, follow and end 1:1 and team calls with colleagues.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @event fw-colleague-call-failed - Starting or ending a call did not happen. `action`, `callId`, `error`.
 *
 * @csspart base - The wrapper (a `section`).
 * @csspart heading - The heading.
 * @csspart form - The form to start a call.
 * @csspart kind - The "one person / a team" choice.
 * @csspart person-select - The colleague picker.
 * @csspart team-select - The team picker.
 * @csspart start - The Start call button.
 * @csspart reason - Why calls cannot be started here.
 * @csspart list - The list of calls.
 * @csspart call - One call.
 * @csspart state - A call's state ("Ringing…", "Connected 1:05", "Ended").
 * @csspart hang-up - A call's Hang up button.
 * @csspart message - Failure or "unavailable" text.
 *
 * @cssproperty --fw-colleague-call-background - The wrapper's background.
 * @cssproperty --fw-colleague-call-border-color - The wrapper's border.
 * @cssproperty --fw-colleague-call-radius - Corner radius of the wrapper, fields and buttons.
 * @cssproperty --fw-colleague-call-connected-color - The rule beside a live call.
 * @cssproperty --fw-colleague-call-hang-up-color - The Hang up button.
 * @cssproperty --fw-colleague-call-error-color - Failure messages and fields in error.
 *
 * @cssstate ringing - A call this user started waits for the platform.
 * @cssstate connected - This user is on a call.
 * @cssstate pending - Something waits for the platform's confirmation.
 * @cssstate failed - Something did not happen; the message says why.
 * @cssstate unsupported - The platform offers no internal calls.
 */
export class FwColleagueCall extends FwElement {
  static override styles: CSSResultGroup = [frameStyles, panelStyles('fw-colleague-call'), formStyles('fw-colleague-call'), colleagueCallStyles];

  static override properties = {
    client: { attribute: false },
    peer: { type: String },
    historyLimit: { type: Number, attribute: 'history-limit' },
    confirmTimeout: { type: Number, attribute: 'confirm-timeout' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    displayName: { attribute: false },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** A colleague to preselect for a 1:1 call (the agent picked on a board, say). */
  declare peer: string | undefined;
  /** How many ended calls stay listed. Default 3. */
  declare historyLimit: number;
  /** How long to wait for the platform's confirmation, in ms. Default 10000. */
  declare confirmTimeout: number;
  /** The level of the heading, 1–6. Default 3. */
  declare headingLevel: number;
  /** How to name a person from their user id, for people who are not agents. Defaults to the id. */
  declare displayName: ((userId: string) => string | undefined) | undefined;

  // ---- internal state --------------------------------------------------------------------

  private readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  private readonly t = new LocalizeController(this, colleagueCallCatalog);
  private readonly common = new LocalizeController(this, connectionCatalog);
  private readonly voice = new AnnounceController(this);
  private starting: Starting | undefined;
  /** The last start whose wait ran out (or that failed): the platform may still confirm it. */
  private late: (Starting & { readonly error: FloorwalkError }) | undefined;
  private readonly ending = new Map<string, Op>();
  private readonly failures = new Map<string, { action: ColleagueCallAction; error: FloorwalkError }>();
  /** Each call seen and whether it had ended; undefined until the first live render. */
  private known: Map<string, boolean> | undefined;
  private reachable: { client: Floorwalk; value: Reachable } | undefined;
  private kind: ColleagueCallKind = 'person';
  private pickedPerson = '';
  private pickedTeam = '';
  private formError: ColleagueCallKind | undefined;
  private seq = 0;
  /** Whether a running call's time is on screen, which the ticker keeps current. */
  private timed = false;

  constructor() {
    super();
    // peer and displayName start undefined: setting them so would record no change.
    this.historyLimit = 3;
    this.confirmTimeout = DEFAULT_CONFIRM_TIMEOUT;
    this.headingLevel = 3;
    new TickController(this, () => {
      if (this.timed) this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.starting !== undefined) clearTimeout(this.starting.timer);
    this.starting = undefined;
    for (const op of this.ending.values()) clearTimeout(op.timer);
    this.ending.clear();
    this.known = undefined;
  }

  private onStoreChange(change: StoreChange): boolean {
    if (change.reset || change.teams.size > 0) this.reachable = undefined;
    return change.reset || change.teams.size > 0 || (change.colleagueCalls?.size ?? 0) > 0;
  }

  private person(client: Floorwalk, userId: string): string {
    if (userId === client.session.userId) return this.t.strings.you;
    return client.getAgent(userId)?.name ?? (typeof this.displayName === 'function' ? this.displayName(userId) : undefined) ?? userId;
  }

  private unavailable(): string | undefined {
    const client = this.clients.client;
    if (client === undefined) return this.common.strings.noClient;
    if (client.status !== 'live') return this.t.strings.notLive(this.common.strings.connection(client.status));
    return undefined;
  }

  /**
   * Whom this session may call: colleagues the policy allows one by one, and teams whose
   * allowed members fit on one call. Cached until the teams change: `can` runs per person.
   */
  private reach(client: Floorwalk): Reachable {
    if (this.reachable?.client === client) return this.reachable.value;
    const me = client.session.userId;
    const may = (id: string): boolean => id !== me && client.can({ type: 'start-colleague-call', participantIds: [id] });
    const ids = new Set<string>();
    for (const team of client.getTeams()) for (const id of team.supervisorIds) ids.add(id);
    for (const agent of client.getAgents()) ids.add(agent.id);
    const people = [...ids].filter(may).sort((a, b) => this.person(client, a).localeCompare(this.person(client, b)));
    const allowed = new Set(people);
    const teams = client
      .getTeams()
      .map((team) => {
        const members = new Set(team.supervisorIds.filter((id) => allowed.has(id)));
        for (const agent of client.getAgents()) if (agent.teamIds.includes(team.id) && allowed.has(agent.id)) members.add(agent.id);
        return { id: team.id, name: team.name, members: [...members] };
      })
      .filter((team) => team.members.length > 0 && team.members.length <= MAX_CALL_PARTICIPANTS)
      .sort((a, b) => a.name.localeCompare(b.name));
    const value = { people, teams };
    this.reachable = { client, value };
    return value;
  }

  /** Why no call can be started, or undefined when one can. */
  private blocked(client: Floorwalk): string | undefined {
    if (!client.capabilities.commands.includes('start-colleague-call')) return this.t.strings.unsupported;
    if (this.reach(client).people.length === 0) return this.t.strings.notAllowed;
    return undefined;
  }

  // ---- actions -------------------------------------------------------------------------------

  private readonly onSubmit = (event: Event): void => {
    event.preventDefault();
    const client = this.clients.client;
    if (client === undefined || this.unavailable() !== undefined || this.starting !== undefined || this.blocked(client) !== undefined) return;
    const reach = this.reach(client);
    const ids =
      this.kind === 'person'
        ? reach.people.includes(this.pickedPerson)
          ? [this.pickedPerson]
          : []
        : (reach.teams.find((team) => team.id === this.pickedTeam)?.members ?? []);
    if (ids.length === 0) {
      this.formError = this.kind;
      this.requestUpdate();
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(this.kind === 'person' ? '#person' : '#team')?.focus());
      return;
    }
    this.formError = undefined;
    const seq = ++this.seq;
    const timer = setTimeout(() => this.failStart(seq, this.timeoutError()), this.timeout);
    this.starting = {
      seq,
      timer,
      people: [...new Set([client.session.userId, ...ids])].sort(),
      before: new Set(client.getColleagueCalls().map((c) => c.id)),
    };
    this.failures.delete(START);
    this.requestUpdate();
    client.startColleagueCall(ids).then(
      () => this.requestUpdate(),
      (err: unknown) => this.failStart(seq, this.asError(err, 'start')),
    );
  };

  private hangUp(client: Floorwalk, call: ColleagueCall): void {
    if (this.ending.has(call.id)) return;
    const seq = ++this.seq;
    const timer = setTimeout(() => this.failEnd(call.id, seq, this.timeoutError()), this.timeout);
    this.ending.set(call.id, { seq, timer });
    this.failures.delete(call.id);
    this.requestUpdate();
    client.endColleagueCall(call.id).then(
      () => this.requestUpdate(),
      (err: unknown) => this.failEnd(call.id, seq, this.asError(err, 'end')),
    );
  }

  private get timeout(): number {
    return confirmTimeoutOf(this.confirmTimeout);
  }

  private timeoutError(): FloorwalkError {
    return new FloorwalkError(ErrorCode.VendorError, `The platform did not confirm within ${this.timeout} ms.`, { details: { timeoutMs: this.timeout } });
  }

  private asError(err: unknown, action: ColleagueCallAction): FloorwalkError {
    return isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.Internal, `${action} failed: ${String(err)}`, { cause: err });
  }

  private failStart(seq: number, error: FloorwalkError): void {
    if (this.starting?.seq !== seq) return;
    clearTimeout(this.starting.timer);
    this.late = { ...this.starting, error };
    this.starting = undefined;
    this.report(START, 'start', undefined, error);
  }

  private failEnd(callId: string, seq: number, error: FloorwalkError): void {
    const op = this.ending.get(callId);
    if (op?.seq !== seq) return;
    clearTimeout(op.timer);
    this.ending.delete(callId);
    this.report(callId, 'end', callId, error);
  }

  private report(key: string, action: ColleagueCallAction, callId: string | undefined, error: FloorwalkError): void {
    this.failures.set(key, { action, error });
    this.dispatch(new FwColleagueCallFailedEvent(action, callId, error));
    this.voice.announce(this.t.strings.failed(this.why(error)), 'assertive');
    this.requestUpdate();
  }

  private why(error: FloorwalkError): string {
    const s = this.t.strings;
    if (error.details?.['timeoutMs'] !== undefined) return s.whyTimeout;
    switch (error.code) {
      case ErrorCode.Unsupported:
        return s.whyUnsupported;
      case ErrorCode.Forbidden:
      case ErrorCode.OutOfScope:
        return s.whyForbidden;
      case ErrorCode.UnknownEntity:
        return s.whyGone;
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
    if (changed.has('peer') && this.peer) {
      this.kind = 'person';
      this.pickedPerson = this.peer;
    }
    const client = this.clients.client;
    let connected = false;
    if (client !== undefined && client.status === 'live') {
      const calls = client.getColleagueCalls();
      this.confirm(client, calls);
      this.observe(client, calls);
      connected = calls.some((c) => c.endedAt === undefined);
    }
    this.toggleState('ringing', this.starting !== undefined);
    this.toggleState('connected', connected);
    this.toggleState('pending', this.starting !== undefined || this.ending.size > 0);
    this.toggleState('failed', this.failures.size > 0);
    this.toggleState('unsupported', client !== undefined && !client.capabilities.commands.includes('start-colleague-call'));
  }

  /** Settles what waits for the platform once the store shows it happened. */
  private confirm(client: Floorwalk, calls: readonly ColleagueCall[]): void {
    const came = <S extends Starting>(start: S | undefined): start is S =>
      start !== undefined && calls.some((c) => !start.before.has(c.id) && c.startedBy === client.session.userId && sameSet(c.participantIds, start.people));
    if (came(this.starting)) {
      clearTimeout(this.starting.timer);
      this.starting = undefined;
    }
    // Confirmed after the wait ran out (a slow platform, a link that came back): the failure shown no longer holds.
    if (came(this.late)) {
      if (this.failures.get(START)?.error === this.late.error) this.failures.delete(START);
      this.late = undefined;
    }
    for (const [id, op] of this.ending) {
      const call = calls.find((c) => c.id === id);
      if (call === undefined || call.endedAt !== undefined) {
        clearTimeout(op.timer);
        this.ending.delete(id);
      }
    }
    for (const c of calls) if (c.endedAt !== undefined && this.failures.get(c.id)?.action === 'end') this.failures.delete(c.id);
  }

  /** Announces calls that connected or ended since the last render. */
  private observe(client: Floorwalk, calls: readonly ColleagueCall[]): void {
    const first = this.known === undefined;
    const known = this.known ?? new Map<string, boolean>();
    const said: string[] = [];
    for (const c of calls) {
      const ended = c.endedAt !== undefined;
      const before = known.get(c.id);
      known.set(c.id, ended);
      if (first || before === ended) continue;
      if (before === undefined && !ended) said.push(c.startedBy === client.session.userId ? this.t.strings.announceConnected : this.t.strings.announceIncoming(this.person(client, c.startedBy)));
      else if (ended && before === false) said.push(this.t.strings.announceEnded);
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
      <div part="heading" id="heading" class="heading" role="heading" aria-level=${this.level}>${voiceIcon()}<span>${this.t.strings.heading}</span></div>
      ${unavailable !== undefined || client === undefined
        ? html`<p part="message" class="message" data-kind="unavailable">${unavailable}</p>`
        : html`${this.renderForm(client)}${this.renderCalls(client)}`}
    </section>`;
  }

  private renderForm(client: Floorwalk): TemplateResult {
    const s = this.t.strings;
    const blocked = this.blocked(client);
    if (blocked !== undefined) return html`<p part="reason" class="message">${blocked}</p>`;
    const reach = this.reach(client);
    const busy = this.starting !== undefined;
    const failure = this.failures.get(START);
    const error = this.formError === 'person' ? s.noPerson : this.formError === 'team' ? s.noTeam : undefined;
    // The failure line is plain text, not role=alert: the failure is announced (assertively), and
    // an alert would voice it a second time. The space before "(Pending)" is inside its span:
    // alone, Chromium leaves it out of the button's name ("Start call(Pending)").
    return html`<form part="form" class="form" @submit=${this.onSubmit} novalidate aria-label=${s.start}>
      <fieldset part="kind">
        <legend>${s.kindLabel}</legend>
        <label class="choice"><input type="radio" name="kind" value="person" .checked=${this.kind === 'person'} @change=${this.onKind} />${s.onePerson}</label>
        ${reach.teams.length === 0
          ? nothing
          : html`<label class="choice"><input type="radio" name="kind" value="team" .checked=${this.kind === 'team'} @change=${this.onKind} />${s.wholeTeam}</label>`}
      </fieldset>
      ${this.kind === 'person'
        ? html`<label class="field"><span>${s.personLabel}</span>
            <select part="person-select" id="person" class="input" aria-invalid=${this.formError === 'person' ? 'true' : nothing}
              aria-describedby=${this.formError === 'person' ? 'form-error' : nothing} @change=${this.onPerson}>
              <option value="" ?selected=${!reach.people.includes(this.pickedPerson)}>${s.choosePerson}</option>
              ${reach.people.map((id) => html`<option value=${id} ?selected=${id === this.pickedPerson}>${this.person(client, id)}</option>`)}
            </select>
          </label>`
        : html`<label class="field"><span>${s.teamLabel}</span>
            <select part="team-select" id="team" class="input" aria-invalid=${this.formError === 'team' ? 'true' : nothing}
              aria-describedby=${this.formError === 'team' ? 'form-error' : nothing} @change=${this.onTeam}>
              <option value="" ?selected=${this.pickedTeam === ''}>${s.chooseTeam}</option>
              ${reach.teams.map((team) => html`<option value=${team.id} ?selected=${team.id === this.pickedTeam}>${isolate(team.name)} (${formatNumber(this.t.lang, team.members.length)})</option>`)}
            </select>
          </label>`}
      ${error === undefined ? nothing : html`<p id="form-error" class="message" data-kind="error">${alertIcon()} ${error}</p>`}
      <button part="start" class="button" type="submit" aria-disabled=${busy ? 'true' : nothing}>${s.start}${busy ? html`<span class="muted"> (${s.pendingMark})</span>` : nothing}</button>
      ${failure === undefined ? nothing : html`<p part="message" class="message" data-kind="error">${alertIcon()} ${s.failed(this.why(failure.error))}</p>`}
    </form>`;
  }

  private readonly onKind = (e: Event): void => {
    this.kind = (e.target as HTMLInputElement).value === 'team' ? 'team' : 'person';
    this.formError = undefined;
    this.requestUpdate();
  };

  private readonly onPerson = (e: Event): void => {
    this.pickedPerson = (e.target as HTMLSelectElement).value;
    this.formError = undefined;
    this.requestUpdate();
  };

  private readonly onTeam = (e: Event): void => {
    this.pickedTeam = (e.target as HTMLSelectElement).value;
    this.formError = undefined;
    this.requestUpdate();
  };

  private renderCalls(client: Floorwalk): TemplateResult {
    const s = this.t.strings;
    const all = client.getColleagueCalls();
    const active = all.filter((c) => c.endedAt === undefined).sort((a, b) => b.startedAt - a.startedAt);
    const ended = all
      .filter((c) => c.endedAt !== undefined)
      .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0))
      .slice(0, Math.max(0, this.historyLimit));
    const ringing = this.starting;
    this.timed = active.length > 0;
    if (ringing === undefined && active.length === 0 && ended.length === 0) return html`<p class="muted">${s.none}</p>`;
    const now = clientNow(client);
    return html`<ul part="list" class="list" aria-label=${s.heading}>
      ${ringing === undefined ? nothing : this.renderRinging(client, ringing)}
      ${active.map((c) => this.renderCall(client, c, now))}
      ${ended.map((c) => this.renderCall(client, c, now))}
    </ul>`;
  }

  private callTitle(client: Floorwalk, people: readonly string[]): TemplateResult {
    const s = this.t.strings;
    const others = people.filter((id) => id !== client.session.userId);
    if (others.length === 1) return html`<p class="title">${s.direct(this.person(client, others[0]!))}</p>`;
    return html`<p class="title">${s.team(people.length)}</p>
      <p class="muted">${s.members(others.map((id) => isolate(this.person(client, id))).join(', '))}</p>`;
  }

  private renderRinging(client: Floorwalk, ringing: Starting): TemplateResult {
    return html`<li part="call" class="call" data-state="ringing">
      ${this.callTitle(client, ringing.people)}
      <p part="state" class="state">${voiceIcon()}<span>${this.t.strings.ringing}</span></p>
    </li>`;
  }

  private renderCall(client: Floorwalk, c: ColleagueCall, now: number): TemplateResult {
    const s = this.t.strings;
    const ended = c.endedAt !== undefined;
    const busy = this.ending.has(c.id);
    const failure = this.failures.get(c.id);
    // As in the form: the space before "(Pending)" is inside its span (alone, Chromium leaves it
    // out of the name), and a failure is plain text (it is announced; an alert would say it twice).
    return html`<li part="call" class="call" data-id=${c.id} data-state=${ended ? 'ended' : 'connected'} data-kind=${c.kind}>
      ${this.callTitle(client, c.participantIds)}
      <p part="state" class="state">
        ${voiceIcon()}
        ${ended
          ? html`<span>${s.ended}</span> <span class="muted">${s.lasted(formatDuration(this.t.lang, (c.endedAt ?? now) - c.startedAt))}</span>`
          : html`<span>${s.connected}</span> <span class="timer" aria-hidden="true">${formatTimer(this.t.lang, now - c.startedAt)}</span>`}
      </p>
      ${c.startedBy === client.session.userId ? nothing : html`<p class="muted">${s.startedBy(this.person(client, c.startedBy))}</p>`}
      ${ended
        ? nothing
        : html`<button part="hang-up" class="button hang-up" type="button" data-call=${c.id} aria-disabled=${busy ? 'true' : nothing} @click=${() => this.hangUp(client, c)}>
            ${s.hangUp}${busy ? html`<span class="muted"> (${s.pendingMark})</span>` : nothing}
          </button>`}
      ${failure === undefined ? nothing : html`<p part="message" class="message" data-kind="error">${alertIcon()} ${s.failed(this.why(failure.error))}</p>`}
    </li>`;
  }
}
