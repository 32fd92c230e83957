import type { CheckIn, Floorwalk } from '@floorwalk/core';
import { html, nothing, type TemplateResult } from 'lit';
import type { LocalizeController } from '../../internal/localize.js';
import { renderRepeated } from '../../internal/repeated-time.js';
import { bookedAt, localInput, localZone, readWallTime, typedClock, zonedClock } from '../../internal/wall-time.js';
import type { SideHost } from './sides.js';
import { checkInSupervisorCatalog } from './supervisor.strings.js';

/*
 * The supervisor's side: the form to propose a check-in and the check-ins proposed, with Start
 * (only inside the window), Cancel, End and the answers to a counter-proposal. An agent's session
 * never shows it, so the element loads this module when it first shows this side.
 */

const PROPOSE = 'propose';

interface Form {
  readonly words: LocalizeController<typeof checkInSupervisorCatalog.en>;
  agent: string;
  when: string;
  topic: string;
  error: 'agent' | 'time' | 'skipped' | 'notice' | undefined;
  /** Whether the second occurrence of a repeated time was chosen; forgotten when the time changes. */
  later?: boolean;
}

const forms = new WeakMap<SideHost, Form>();

/** This element's form state and the side's strings in its locale. */
function form(v: SideHost): Form {
  let found = forms.get(v);
  if (found === undefined) {
    found = { words: v.localize(checkInSupervisorCatalog), agent: '', when: '', topic: '', error: undefined };
    forms.set(v, found);
  }
  return found;
}

function propose(v: SideHost, event: Event): void {
  event.preventDefault();
  const el = v.el;
  const client = v.client();
  const f = form(v);
  if (client === undefined || client.status !== 'live') return;
  const agentId = el.agentId || f.agent;
  // A time the clocks repeat is proposed at the occurrence chosen beside the field, the first unless the second was.
  const read = readWallTime(f.when);
  const scheduledFor = bookedAt(read, f.later);
  f.error =
    agentId === '' ? 'agent' : Number.isNaN(scheduledFor) ? 'time' : read.kind === 'skipped' ? 'skipped' : scheduledFor - v.now(client) < v.notice() ? 'notice' : undefined;
  if (f.error !== undefined) {
    el.requestUpdate();
    const field = f.error === 'agent' ? '#agent' : '#when';
    void el.updateComplete.then(() => el.renderRoot.querySelector<HTMLElement>(field)?.focus());
    return;
  }
  const topic = f.topic.trim();
  v.run(PROPOSE, 'propose', undefined, () => client.proposeCheckIn(agentId, scheduledFor, topic === '' ? undefined : topic), () => {
    f.when = '';
    f.later = false;
    f.topic = '';
  });
}

/** Why Start is not possible now, or undefined when it is. */
function startBlocked(v: SideHost, c: CheckIn, now: number): string | undefined {
  const w = form(v).words.strings;
  const window = v.window();
  if (c.answer !== 'accepted') return w.whyNotAccepted;
  // Dated and zoned: the window mostly opens on another day (the notice is a day by default),
  // where a bare clock time read as one already gone by.
  if (now < c.scheduledFor - window) return w.whyEarly(v.at(c.scheduledFor - window));
  if (now > c.scheduledFor + window) return w.whyLate;
  return undefined;
}

/** The proposal form and the check-ins this supervisor proposed. */
export function renderSupervisor(v: SideHost, client: Floorwalk): TemplateResult {
  return html`${renderForm(v, client)}${renderList(v, client)}`;
}

function renderForm(v: SideHost, client: Floorwalk): TemplateResult {
  const el = v.el;
  const f = form(v);
  const s = v.strings();
  const w = f.words.strings;
  const now = v.now(client);
  const earliest = now + v.notice();
  // Rounded up to the next quarter hour, which is what people pick.
  const min = Math.ceil(earliest / 900_000) * 900_000;
  const busy = v.busy(PROPOSE);
  const notice = v.duration(v.notice());
  const read = readWallTime(f.when);
  const lang = f.words.lang;
  const error =
    f.error === 'agent'
      ? w.noAgent
      : f.error === 'time' || (f.error === 'skipped' && read.kind !== 'skipped')
        ? w.noTime
        : f.error === 'skipped' && read.kind === 'skipped'
          ? w.skipped(typedClock(lang, f.when), localZone(), zonedClock(lang, read.at))
          : f.error === 'notice'
            ? w.tooSoon(notice)
            : undefined;
  const timeError = f.error !== undefined && f.error !== 'agent';
  const agents = el.agentId ? [] : client.getAgents().filter((a) => client.can({ type: 'propose-check-in', agentId: a.id, scheduledFor: min + 3_600_000 }));
  return html`<form part="form" class="form" @submit=${(e: Event) => propose(v, e)} novalidate aria-labelledby="propose-heading">
    <div id="propose-heading" class="subheading" role="heading" aria-level=${Math.min(6, v.level() + 1)}>${w.proposeHeading}${el.agentId ? html`: ${v.person(client, el.agentId)}` : nothing}</div>
    ${el.agentId
      ? nothing
      : html`<label class="field">
          <span>${w.agentLabel}</span>
          <select
            part="agent-select"
            id="agent"
            class="input"
            aria-invalid=${f.error === 'agent' ? 'true' : nothing}
            aria-describedby=${f.error === 'agent' ? 'form-error' : nothing}
            @change=${(e: Event) => {
              f.agent = (e.target as HTMLSelectElement).value;
              if (f.error === 'agent') f.error = undefined;
              el.requestUpdate();
            }}
          >
            <option value="" ?selected=${f.agent === ''}>${w.chooseAgent}</option>
            ${[...agents].sort((a, b) => a.name.localeCompare(b.name)).map((a) => html`<option value=${a.id} ?selected=${a.id === f.agent}>${a.name}</option>`)}
          </select>
        </label>`}
    <label class="field">
      <span>${w.whenLabel} (${localZone()})</span>
      <input
        part="when-input"
        id="when"
        class="input"
        type="datetime-local"
        step="900"
        min=${localInput(min)}
        .value=${f.when}
        aria-invalid=${timeError ? 'true' : nothing}
        aria-describedby=${`${timeError ? 'form-error ' : ''}${read.kind === 'twice' ? 'time-note ' : ''}notice-hint`}
        @input=${(e: Event) => {
          const value = (e.target as HTMLInputElement).value;
          if (value !== f.when) f.later = false;
          f.when = value;
          if (timeError) f.error = undefined;
          el.requestUpdate();
        }}
      />
    </label>
    ${renderRepeated({
      root: el.shadowRoot,
      id: 'time-note',
      value: f.when,
      read,
      note: w.twice,
      legend: w.whichTime,
      lang,
      later: f.later,
      icon: v.alertIcon(),
      pick: (later) => {
        f.later = later;
        el.requestUpdate();
      },
    })}
    <p part="hint" id="notice-hint" class="hint">${w.noticeHint(notice, v.at(min))}</p>
    <label class="field">
      <span>${w.topicLabel}</span>
      <input part="topic-input" id="topic" class="input" type="text" maxlength="200" .value=${f.topic} @input=${(e: Event) => (f.topic = (e.target as HTMLInputElement).value)} />
    </label>
    ${error === undefined ? nothing : html`<p id="form-error" class="message" data-kind="error">${v.alertIcon()}<span>${error}</span></p>`}
    <button part="propose" class="button primary" type="submit" aria-disabled=${busy ? 'true' : nothing}>
      ${w.propose}${busy ? html` <span class="pending">${s.pendingMark}</span>` : nothing}
    </button>
    ${v.message(PROPOSE)}
  </form>`;
}

function renderList(v: SideHost, client: Floorwalk): TemplateResult {
  const list = v.checkIns(client);
  if (list.length === 0) return html`<p class="muted">${form(v).words.strings.noneSupervisor}</p>`;
  const now = v.now(client);
  return html`<ul part="list" class="list">
    ${list.map((c) => renderItem(v, client, c, now))}
  </ul>`;
}

function renderItem(v: SideHost, client: Floorwalk, c: CheckIn, now: number): TemplateResult {
  const s = v.strings();
  const w = form(v).words.strings;
  const phase = c.phase ?? 'scheduled';
  const actions: TemplateResult[] = [];
  // An agent who left this supervisor's teams can still be let go (Refuse, Cancel, End), not
  // booked or started: the core refuses those, so they are not offered.
  const here = client.getAgent(c.agentId) !== undefined;
  if (phase === 'scheduled' && c.counterFor !== undefined) {
    // Accepted after its window, the agent's time could never start (the core refuses it too).
    const counter = c.counterFor;
    const gone = (t: number): string | undefined => (counter + v.window() < t ? w.whyLate : undefined);
    if (here) actions.push(v.button(c, 'accept-counter', w.acceptCounter, (k) => k.respondToCheckInCounter(c.id, true), { primary: true, blocked: gone(now), recheck: () => gone(v.now(client)) }));
    actions.push(v.button(c, 'refuse-counter', w.refuseCounter, (k) => k.respondToCheckInCounter(c.id, false)));
  } else if (phase === 'scheduled') {
    if (here) actions.push(v.button(c, 'start', w.start, (k) => k.startCheckIn(c.id), { primary: true, blocked: startBlocked(v, c, now), recheck: () => startBlocked(v, c, v.now(client)) }));
    actions.push(v.button(c, 'cancel', s.cancel, (k) => k.cancelCheckIn(c.id)));
  } else if (phase === 'starting' || phase === 'live') {
    actions.push(v.button(c, 'end', s.end, (k) => k.endCheckIn(c.id)));
  }
  return html`<li part="check-in" class="item" data-id=${c.id} data-phase=${phase} data-answer=${c.answer}>
    <p class="line"><strong>${w.with(v.person(client, c.agentId))}</strong></p>
    ${v.when(c, now)}
    ${c.topic === undefined ? nothing : html`<p class="muted">${s.topic(c.topic)}</p>`}
    <p part="state" class="state">${v.stateText(client, c)}</p>
    ${actions.length === 0 ? nothing : html`<div part="actions" class="actions">${actions}</div>`}
    ${v.message(c.id)}
  </li>`;
}
