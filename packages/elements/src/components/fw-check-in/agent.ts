import type { CheckIn, Floorwalk } from '@floorwalk/core';
import { html, nothing, type TemplateResult } from 'lit';
import type { LocalizeController } from '../../internal/localize.js';
import { checkInAgentCatalog } from './agent.strings.js';
import { renderRepeated } from '../../internal/repeated-time.js';
import { bookedAt, localInput, localZone, readWallTime, typedClock, zonedClock } from '../../internal/wall-time.js';
import type { SideHost } from './sides.js';

/*
 * The agent's side: each proposal with Accept, Decline and "Propose another time", and the
 * "Join now" / "Not now" prompt when the supervisor starts one. A supervisor's session never
 * shows it, so the element loads this module when it first shows this side.
 */

interface Counter {
  readonly words: LocalizeController<typeof checkInAgentCatalog.en>;
  /** The check-in whose counter-proposal form is open. */
  open: string | undefined;
  when: string;
  /** Why the time was refused here, said under the field: none given, one the clocks skip, or gone by. */
  error: 'noTime' | 'skipped' | 'pastTime' | undefined;
  /** Whether the second occurrence of a repeated time was chosen; forgotten when the time changes. */
  later?: boolean;
}

const counters = new WeakMap<SideHost, Counter>();

/** This element's counter-proposal state and the side's strings in its locale. */
function counter(v: SideHost): Counter {
  let found = counters.get(v);
  if (found === undefined) {
    found = { words: v.localize(checkInAgentCatalog), open: undefined, when: '', error: undefined };
    counters.set(v, found);
  }
  return found;
}

function sendCounter(v: SideHost, event: Event): void {
  event.preventDefault();
  const client = v.client();
  const k = counter(v);
  const id = k.open;
  if (client === undefined || id === undefined) return;
  // A time the clocks repeat is proposed at the occurrence chosen beside the field, the first unless the second was.
  const read = readWallTime(k.when);
  const time = bookedAt(read, k.later);
  // Gone by is caught here, with its reason: the core's refusal would read "refused" only.
  k.error = Number.isNaN(time) ? 'noTime' : read.kind === 'skipped' ? 'skipped' : time <= v.now(client) ? 'pastTime' : undefined;
  if (k.error !== undefined) {
    v.el.requestUpdate();
    void v.el.updateComplete.then(() => v.el.renderRoot.querySelector<HTMLElement>('#counter-when')?.focus());
    return;
  }
  v.run(id, 'counter', id, () => client.counterCheckIn(id, time), () => {
    k.open = undefined;
    k.when = '';
    k.later = false;
  });
}

/** The join prompt for a check-in the supervisor started, then the agent's check-ins. */
export function renderAgent(v: SideHost, client: Floorwalk): TemplateResult {
  const list = v.checkIns(client);
  const now = v.now(client);
  const starting = list.find((c) => c.phase === 'starting');
  const rest = list.filter((c) => c !== starting);
  // No list when the prompt holds the only check-in: an empty list is still voiced ("list, 0 items").
  return html`${starting === undefined ? nothing : renderPrompt(v, client, starting)}
    ${list.length === 0
      ? html`<p class="muted">${counter(v).words.strings.noneAgent}</p>`
      : rest.length === 0
        ? nothing
        : html`<ul part="list" class="list">
            ${rest.map((c) => renderItem(v, client, c, now))}
          </ul>`}`;
}

function renderPrompt(v: SideHost, client: Floorwalk, c: CheckIn): TemplateResult {
  const s = v.strings();
  const w = counter(v).words.strings;
  return html`<div part="prompt" class="prompt" role="alertdialog" aria-modal="false" aria-labelledby="prompt-title" aria-describedby="prompt-explain" data-id=${c.id}>
    <p id="prompt-title" class="heading prompt-title">${v.videoIcon()}<span>${w.joinPrompt(v.person(client, c.supervisorId))}</span></p>
    <p id="prompt-explain" class="muted">${w.joinExplain}${c.topic === undefined ? '' : ` ${s.topic(c.topic)}`}</p>
    <div class="actions">${v.button(c, 'join', w.join, (k) => k.confirmCheckIn(c.id), { primary: true, part: 'join' })}${v.button(c, 'not-now', w.notNow, (k) => k.endCheckIn(c.id), { part: 'not-now' })}</div>
    ${v.message(c.id)}
  </div>`;
}

function renderItem(v: SideHost, client: Floorwalk, c: CheckIn, now: number): TemplateResult {
  const el = v.el;
  const s = v.strings();
  const k = counter(v);
  const w = k.words.strings;
  const phase = c.phase ?? 'scheduled';
  const pending = phase === 'scheduled' && c.answer === 'pending';
  const countering = k.open === c.id;
  // The field's steps count from its earliest time, so that is on a quarter hour: from 09:07,
  // 10:00 was a step mismatch, which Chromium exposes to screen readers as invalid.
  // Accepted after its window, it could never start (the core refuses it too).
  const gone = (t: number): string | undefined => (c.scheduledFor + v.window() < t ? w.whyGone : undefined);
  const read = readWallTime(k.when);
  const lang = k.words.lang;
  const error =
    k.error === 'skipped'
      ? read.kind === 'skipped'
        ? w.skipped(typedClock(lang, k.when), localZone(), zonedClock(lang, read.at))
        : w.noTime
      : k.error === undefined
        ? undefined
        : w[k.error];
  return html`<li part="check-in" class="item" data-id=${c.id} data-phase=${phase} data-answer=${c.answer}>
    <p class="line"><strong>${w.proposedToYou(v.person(client, c.supervisorId))}</strong></p>
    ${v.when(c, now)}
    ${c.topic === undefined ? nothing : html`<p class="muted">${s.topic(c.topic)}</p>`}
    <p part="state" class="state">${pending && c.counterFor !== undefined ? w.youProposed(v.at(c.counterFor)) : v.stateText(client, c)}</p>
    ${pending && c.counterFor === undefined
      ? html`<div part="actions" class="actions">
          ${v.button(c, 'accept', w.accept, (k) => k.answerCheckIn(c.id, 'accepted'), { primary: true, blocked: gone(now), recheck: () => gone(v.now(client)) })}${v.button(c, 'decline', w.decline, (k) => k.answerCheckIn(c.id, 'declined'))}
          <button part="action" class="button" type="button" data-action="counter" aria-expanded=${countering ? 'true' : 'false'} @click=${() => {
            k.open = countering ? undefined : c.id;
            k.when = '';
            k.later = false;
            k.error = undefined;
            el.requestUpdate();
            if (!countering) void el.updateComplete.then(() => el.renderRoot.querySelector<HTMLElement>('#counter-when')?.focus());
          }}>${w.counter}</button>
        </div>
        ${countering
          ? html`<form part="counter-form" class="counter" @submit=${(e: Event) => sendCounter(v, e)} novalidate>
              <label class="field"><span>${w.counterLabel} (${localZone()})</span>
                <input id="counter-when" class="input" type="datetime-local" step="900" min=${localInput(Math.ceil(now / 900_000) * 900_000)} .value=${k.when}
                  aria-invalid=${k.error !== undefined ? 'true' : nothing}
                  aria-describedby=${[k.error !== undefined ? 'counter-error' : '', read.kind === 'twice' ? 'counter-note' : ''].filter((id) => id !== '').join(' ') || nothing}
                  @input=${(e: Event) => {
                    const value = (e.target as HTMLInputElement).value;
                    if (value !== k.when) {
                      k.later = false;
                      // A repeated time's note and choice come and go with the value.
                      el.requestUpdate();
                    }
                    k.when = value;
                    if (k.error !== undefined) {
                      k.error = undefined;
                      el.requestUpdate();
                    }
                  }} />
              </label>
              ${renderRepeated({
                root: el.shadowRoot,
                id: 'counter-note',
                value: k.when,
                read,
                note: w.twice,
                legend: w.whichTime,
                lang,
                later: k.later,
                icon: v.alertIcon(),
                pick: (later) => {
                  k.later = later;
                  el.requestUpdate();
                },
              })}
              ${error === undefined ? nothing : html`<p id="counter-error" class="message" data-kind="error">${v.alertIcon()}<span>${error}</span></p>`}
              <button class="button" type="submit">${w.sendCounter}</button>
            </form>`
          : nothing}`
      : phase === 'scheduled' && c.answer === 'accepted'
        ? html`<div part="actions" class="actions">${v.button(c, 'cancel', s.cancel, (k) => k.cancelCheckIn(c.id))}</div>`
        : phase === 'live'
          ? html`<div part="actions" class="actions">${v.button(c, 'end', s.end, (k) => k.endCheckIn(c.id))}</div>`
          : nothing}
    ${v.message(c.id)}
  </li>`;
}
