import type { CoachingSession, Floorwalk } from '@floorwalk/core';
import { html, nothing, type TemplateResult } from 'lit';
import type { clientNow } from '../../internal/client-now.js';
import type { formatDuration } from '../../internal/format.js';
import type { alertIcon } from '../../internal/icons.js';
import type { Catalog, LocalizeController, Strings } from '../../internal/localize.js';
import type { FwCoachingSessions } from './fw-coaching-sessions.js';
import type { coachingSessionsCatalog } from './fw-coaching-sessions.strings.js';
import { coachingSessionsFormCatalog } from './form.strings.js';
import { coachingSessionsFormStyles } from './form.styles.js';
import { adoptLater } from '../../internal/adopt.js';
import { renderRepeated } from '../../internal/repeated-time.js';
import { bookedAt, localInput, localZone, readWallTime, typedClock, zonedClock } from '../../internal/wall-time.js';

/*
 * The scheduling form, which also moves a session (Reschedule reuses its date, time and length
 * fields). Only a supervisor's view shows it, so the element loads this module when it first
 * does, and an agent's page never does. What it shares with the element comes through the
 * FormHost, not imports: a module both import would become a third file loaded up front.
 */

const MINUTE = 60_000;
/**
 * The time field's step. Its earliest time is rounded up to one: the step counts from it, so an
 * earliest time of 09:07 made 10:30 a step mismatch, exposed to screen readers as invalid.
 */
const STEP = 5 * MINUTE;
const DURATIONS = [15, 30, 45, 60, 90];
type FormError = 'agent' | 'time' | 'skipped' | 'past' | 'topic';

/** The form's state, kept by the element. @internal */
export interface FormState {
  picked: string;
  when: string;
  durationMin: number;
  topic: string;
  invited: Set<string>;
  error: FormError | undefined;
  /** Whether the second occurrence of a repeated time was chosen; forgotten when the time changes. */
  later?: boolean | undefined;
  /** Agents this session may schedule with, by client; `can` runs per agent, so it is kept until the teams change. */
  coachable: { client: Floorwalk; ids: ReadonlySet<string> } | undefined;
  /** The session being moved; undefined while the form schedules a new one. */
  moving: CoachingSession | undefined;
}

/** What the element lends the form. @internal */
export interface FormHost {
  readonly el: FwCoachingSessions;
  readonly f: FormState;
  strings(): typeof coachingSessionsCatalog.en;
  /** A localize controller on the element for `catalog`. */
  localize<T extends Strings>(catalog: Catalog<T>): LocalizeController<T>;
  lang(): string;
  level(): number;
  person(client: Floorwalk, userId: string): string;
  at(ms: number): string;
  busy(): boolean;
  /** The failure line, or nothing. */
  failure(): TemplateResult | typeof nothing;
  /** Sends a command, with `agentId` for the failure event; `done` (scheduling only) is announced and `after` run once it is confirmed. */
  send(agentId: string, run: () => Promise<void>, done: string | undefined, after: () => void): void;
  /** Whether the element can send now (a live client, nothing waiting). */
  ready(): boolean;
  // Lent rather than imported: a module both import would be a third file loaded up front.
  readonly now: typeof clientNow;
  readonly duration: typeof formatDuration;
  readonly alert: typeof alertIcon;
}

const words = new WeakMap<FormHost, LocalizeController<typeof coachingSessionsFormCatalog.en>>();

/** The strings only the form says, in the element's locale; the first call also brings the form's styles. */
function said(v: FormHost): typeof coachingSessionsFormCatalog.en {
  let controller = words.get(v);
  if (controller === undefined) {
    controller = v.localize(coachingSessionsFormCatalog);
    words.set(v, controller);
    adoptLater(v.el.shadowRoot, coachingSessionsFormStyles);
  }
  return controller.strings;
}

function coachableIds(v: FormHost, client: Floorwalk): ReadonlySet<string> {
  const held = v.f.coachable;
  if (held?.client === client) return held.ids;
  const at = v.now(client) + 60 * MINUTE;
  const ids = new Set(client.getAgents().filter((a) => client.can({ type: 'schedule-coaching-session', agentId: a.id, topic: 'topic', at, durationMs: 30 * MINUTE })).map((a) => a.id));
  v.f.coachable = { client, ids };
  return ids;
}

/** Why the form is not offered, or undefined when it is. A move was offered by `can` already. */
function blocked(v: FormHost, client: Floorwalk): string | undefined {
  const s = said(v);
  if (v.f.moving !== undefined) return undefined;
  if (!client.capabilities.commands.includes('schedule-coaching-session')) return s.unsupported;
  const agentId = v.el.agentId;
  if (agentId ? !coachableIds(v, client).has(agentId) : coachableIds(v, client).size === 0) return s.notAllowed;
  return undefined;
}

/** Others who may attend: the agent's teams' supervisors and teammates, not the organiser nor the agent. */
function candidates(v: FormHost, client: Floorwalk, agentId: string): string[] {
  const agent = client.getAgent(agentId);
  if (agent === undefined) return [];
  const teams = new Set(agent.teamIds);
  const people = new Set<string>();
  for (const team of client.getTeams()) if (teams.has(team.id)) for (const id of team.supervisorIds) people.add(id);
  for (const a of client.getAgents()) if (a.teamIds.some((t) => teams.has(t))) people.add(a.id);
  people.delete(client.session.userId);
  people.delete(agentId);
  return [...people].sort((a, b) => v.person(client, a).localeCompare(v.person(client, b)));
}

const update = (v: FormHost, error?: FormError): void => {
  if (error === undefined || v.f.error === error || (error === 'time' && (v.f.error === 'past' || v.f.error === 'skipped'))) v.f.error = undefined;
  v.el.requestUpdate();
};

function submit(v: FormHost, client: Floorwalk, event: Event): void {
  event.preventDefault();
  const { f, el } = v;
  if (!v.ready() || blocked(v, client) !== undefined) return;
  const moving = f.moving;
  const agentId = moving?.agentId ?? (el.agentId || f.picked);
  // A time the clocks repeat is booked at the occurrence chosen beside the field, the first unless the second was.
  const read = readWallTime(f.when);
  const at = bookedAt(read, f.later);
  const topic = f.topic.trim();
  f.error =
    agentId === '' ? 'agent' : Number.isNaN(at) ? 'time' : read.kind === 'skipped' ? 'skipped' : at <= v.now(client) ? 'past' : topic === '' && moving === undefined ? 'topic' : undefined;
  if (f.error !== undefined) {
    const field = { agent: '#agent', time: '#when', skipped: '#when', past: '#when', topic: '#topic' }[f.error];
    el.requestUpdate();
    void el.updateComplete.then(() => el.renderRoot.querySelector<HTMLElement>(field)?.focus());
    return;
  }
  const s = said(v);
  const durationMs = f.durationMin * MINUTE;
  if (moving !== undefined) {
    v.send(agentId, () => client.rescheduleCoachingSession(moving.id, at, durationMs), undefined, () => {
      f.moving = undefined;
      f.when = '';
      f.later = undefined;
    });
    return;
  }
  const people = new Set(candidates(v, client, agentId));
  const attendees = [...f.invited].filter((id) => people.has(id));
  v.send(agentId, () => client.scheduleCoachingSession(agentId, topic, at, durationMs, attendees), s.announceDone, () => {
    f.when = '';
    f.later = undefined;
    f.topic = '';
    f.invited = new Set();
  });
}

/** Puts the form in Reschedule mode for `c`, its fields at the session's time and length, and focuses the time. @internal */
export function startMove(v: FormHost, c: CoachingSession): void {
  const { f, el } = v;
  f.moving = c;
  f.when = localInput(c.at);
  // A session at the second of a repeated time opens at it: the first would move it an hour by default.
  const read = readWallTime(f.when);
  f.later = read.kind === 'twice' && c.at >= read.second;
  f.durationMin = Math.round(c.durationMs / MINUTE);
  f.error = undefined;
  el.requestUpdate();
  void el.updateComplete.then(() => el.renderRoot.querySelector<HTMLElement>('#when')?.focus());
}

/** The form: the agent (unless `agent-id` is set), a date and time, a length, a topic and attendees; or, moving a session, its time and length. @internal */
export function renderForm(v: FormHost, client: Floorwalk): TemplateResult {
  const { f, el } = v;
  const s = said(v);
  const why = blocked(v, client);
  if (why !== undefined) return html`<p part="reason" class="message">${why}</p>`;
  const now = v.now(client);
  const busy = v.busy();
  const moving = f.moving;
  const agentId = moving?.agentId ?? (el.agentId || f.picked);
  const read = readWallTime(f.when);
  const lang = v.lang();
  const error =
    f.error === undefined
      ? undefined
      : f.error === 'skipped'
        ? read.kind === 'skipped'
          ? s.skipped(typedClock(lang, f.when), localZone(), zonedClock(lang, read.at))
          : s.noTime
        : { agent: s.noAgent, time: s.noTime, past: s.past, topic: s.noTopic }[f.error];
  const agents = el.agentId || moving ? [] : client.getAgents().filter((a) => coachableIds(v, client).has(a.id));
  const people = agentId === '' || moving ? [] : candidates(v, client, agentId);
  const invalid = (...kinds: FormError[]): 'true' | typeof nothing => (f.error !== undefined && kinds.includes(f.error) ? 'true' : nothing);
  const described = (...kinds: FormError[]): string | typeof nothing => (f.error !== undefined && kinds.includes(f.error) ? 'form-error' : nothing);
  const whenDescribed = [invalid('time', 'skipped', 'past') === 'true' ? 'form-error' : '', read.kind === 'twice' ? 'time-note' : ''].filter((id) => id !== '').join(' ');
  const durations = DURATIONS.includes(f.durationMin) ? DURATIONS : [...DURATIONS, f.durationMin].sort((a, b) => a - b);
  // The time field's label names the zone it is read in: the agent may read the time elsewhere.
  // The failure line is plain text, not role=alert: the failure is announced (assertively), and
  // an alert would voice it a second time. The space before "(Pending)" is inside its span:
  // alone, Chromium leaves it out of the button's name ("Schedule(Pending)").
  return html`<form part="form" class="form" @submit=${(e: Event) => submit(v, client, e)} novalidate aria-labelledby="schedule-heading">
    <div id="schedule-heading" class="subheading" role="heading" aria-level=${Math.min(6, v.level() + 1)}>${moving
      ? s.moveHeading(moving.topic, v.at(moving.at))
      : html`${s.scheduleHeading}${el.agentId ? html`: ${v.person(client, el.agentId)}` : nothing}`}</div>
    ${el.agentId || moving
      ? nothing
      : html`<label class="field"><span>${s.agentLabel}</span>
          <select part="agent-select" id="agent" class="input" aria-invalid=${invalid('agent')} aria-describedby=${described('agent')} @change=${(e: Event) => {
            f.picked = (e.target as HTMLSelectElement).value;
            f.invited = new Set();
            update(v, 'agent');
          }}>
            <option value="" ?selected=${f.picked === ''}>${s.chooseAgent}</option>
            ${[...agents].sort((a, b) => a.name.localeCompare(b.name)).map((a) => html`<option value=${a.id} ?selected=${a.id === f.picked}>${a.name}</option>`)}
          </select>
        </label>`}
    <div class="row">
      <label class="field"><span>${s.whenLabel} (${localZone()})</span>
        <input part="when-input" id="when" class="input" type="datetime-local" step="300" min=${localInput(Math.ceil(now / STEP) * STEP)} .value=${f.when}
          aria-invalid=${invalid('time', 'skipped', 'past')} aria-describedby=${whenDescribed || nothing} @input=${(e: Event) => {
            const value = (e.target as HTMLInputElement).value;
            if (value !== f.when) f.later = undefined;
            f.when = value;
            update(v, 'time');
          }} />
      </label>
      <label class="field"><span>${s.durationLabel}</span>
        <select part="duration-select" id="duration" class="input" @change=${(e: Event) => (f.durationMin = Number((e.target as HTMLSelectElement).value))}>
          ${durations.map((m) => html`<option value=${m} ?selected=${m === f.durationMin}>${v.duration(v.lang(), m * MINUTE)}</option>`)}
        </select>
      </label>
    </div>
    ${renderRepeated({
      root: el.shadowRoot,
      id: 'time-note',
      value: f.when,
      read,
      note: s.twice,
      legend: s.whichTime,
      lang,
      later: f.later,
      icon: v.alert(),
      pick: (later) => {
        f.later = later;
        el.requestUpdate();
      },
    })}
    ${moving
      ? nothing
      : html`<label class="field"><span>${s.topicLabel}</span>
          <input part="topic-input" id="topic" class="input" type="text" maxlength="200" .value=${f.topic}
            aria-invalid=${invalid('topic')} aria-describedby=${described('topic')} @input=${(e: Event) => {
              f.topic = (e.target as HTMLInputElement).value;
              if (f.error === 'topic') update(v);
            }} />
        </label>`}
    ${agentId === '' || moving
      ? nothing
      : html`<fieldset part="attendees">
          <legend>${s.attendeesLabel}</legend>
          ${people.length === 0
            ? html`<span class="muted">${s.noAttendees}</span>`
            : people.map(
                (id) => html`<label class="check"><input type="checkbox" data-id=${id} .checked=${f.invited.has(id)} @change=${(e: Event) => {
                  const box = e.target as HTMLInputElement;
                  if (box.checked) f.invited.add(id);
                  else f.invited.delete(id);
                }} /><span>${v.person(client, id)}</span></label>`,
              )}
        </fieldset>`}
    ${error === undefined ? nothing : html`<p id="form-error" class="message" data-kind="error">${v.alert()} ${error}</p>`}
    <button part="schedule" class="button" type="submit" aria-disabled=${busy ? 'true' : nothing}>${moving ? v.strings().reschedule : s.schedule}${busy ? html`<span class="muted"> (${s.pendingMark})</span>` : nothing}</button>
    ${moving
      ? html`<button part="keep" class="button" type="button" @click=${() => {
          f.moving = undefined;
          f.when = '';
          f.later = undefined;
          update(v);
          // Back to the session's own Reschedule button: this one goes.
          void el.updateComplete.then(() => el.renderRoot.querySelector<HTMLElement>(`[part="reschedule"][aria-describedby="t-${CSS.escape(moving.id)}"]`)?.focus());
        }}>${s.keepTime}</button>`
      : nothing}
    ${v.failure()}
  </form>`;
}
