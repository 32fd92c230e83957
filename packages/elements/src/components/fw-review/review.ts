import type { Floorwalk, Session } from '@floorwalk/core';
import { wholeScore, type Evaluation, type Review, type ReviewAction, type Scorecard } from '@floorwalk/core/evaluations';
import { MEDIAN_FIELDS, type MedianField } from '@floorwalk/core/metrics';
import { html, nothing, svg, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ReviewActionKind } from '../../events/fw-review-failed.js';
import { adoptLater } from '../../internal/adopt.js';
import type { Catalog, LocalizeController, Strings } from '../../internal/localize.js';
import type { FwReview } from './fw-review.js';
import type { reviewCatalog } from './fw-review.strings.js';
import { reviewViewCatalog } from './review.strings.js';
import { reviewViewStyles } from './review.styles.js';

/*
 * A started review: its figures against the team median, the evaluations released in the
 * period, the coaching notes and the agreed actions (marked done, added and the review closed by
 * the reviewer). A page with no review yet (an agent with none, a reviewer about to start one)
 * never shows it, so the element loads this module when it first shows a review. What it shares
 * with the element comes through the ReviewHost, not imports: a module both import would become
 * a third file the element loads up front.
 */

/** What the element loaded for the agent reviewed. @internal */
export interface Loaded {
  readonly reviews: readonly Review[];
  readonly evaluations: readonly Evaluation[];
  readonly cards: readonly Scorecard[];
}

/** What the element lends a review's view. @internal */
export interface ReviewHost {
  readonly el: FwReview;
  readonly ids: string;
  readonly busy: ReadonlyMap<string, ReviewActionKind>;
  strings(): typeof reviewCatalog.en;
  /** A localize controller on the element for `catalog`. */
  localize<T extends Strings>(catalog: Catalog<T>): LocalizeController<T>;
  client(): Floorwalk | undefined;
  session(): Session | undefined;
  me(): string | undefined;
  /** A sub-heading's level, `offset` below the element's heading. */
  sub(offset?: number): number;
  person(userId: string): string;
  range(from: number, to: number): string;
  timer(ms: number): string;
  num(value: number): string;
  pct(value: number): string;
  alertIcon(): TemplateResult;
  button(part: string, label: string, key: string, blocked: string | undefined, onClick: () => void, primary?: boolean): TemplateResult;
  message(key: string): TemplateResult | typeof nothing;
  run(key: string, action: ReviewActionKind, reviewId: string | undefined, send: () => Promise<Review>): Promise<Review | undefined>;
  announce(text: string): void;
}

/** The figures a review records when it starts: the agent's and the team median's, per field. */
interface Figures {
  readonly teamId: string | undefined;
  readonly agent: Partial<Record<MedianField, number | null>>;
  readonly median: Partial<Record<MedianField, number | null>>;
}

type ViewStrings = typeof reviewViewCatalog.en;

const ADD = 'add';
const CLOSE = 'close';

interface View {
  readonly words: LocalizeController<ViewStrings>;
  /** The reviewer's new action, as typed. */
  text: string;
  owner: 'agent' | 'reviewer';
  invalid: boolean;
}

const views = new WeakMap<ReviewHost, View>();

function form(v: ReviewHost): View {
  let found = views.get(v);
  if (found === undefined) {
    found = { words: v.localize(reviewViewCatalog), text: '', owner: 'agent', invalid: false };
    views.set(v, found);
    adoptLater(v.el.shadowRoot, reviewViewStyles);
  }
  return found;
}

/** The strings only a review's view says, in the element's locale; the first call also brings the view's styles. */
function said(v: ReviewHost): ViewStrings {
  return form(v).words.strings;
}

/** Reads figures stored on a review; whatever is not a number (or null) is dropped, as it came over the backplane. */
function readFigures(raw: unknown): Figures | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const pick = (value: unknown): Partial<Record<MedianField, number | null>> => {
    const out: Partial<Record<MedianField, number | null>> = {};
    if (value === null || typeof value !== 'object') return out;
    for (const key of MEDIAN_FIELDS) {
      const v = (value as Record<string, unknown>)[key];
      if (v === null || (typeof v === 'number' && Number.isFinite(v))) out[key] = v;
    }
    return out;
  };
  return { teamId: typeof r['teamId'] === 'string' ? r['teamId'] : undefined, agent: pick(r['agent']), median: pick(r['median']) };
}

async function add(v: ReviewHost, review: Review): Promise<void> {
  const f = form(v);
  const service = v.el.evaluations;
  if (service === undefined) return;
  const text = f.text.trim();
  if (text === '') {
    f.invalid = true;
    v.el.requestUpdate();
    await v.el.updateComplete;
    v.el.renderRoot.querySelector<HTMLElement>(`#${v.ids}-action-text`)?.focus();
    return;
  }
  f.invalid = false;
  const done = await v.run(ADD, 'add-action', review.id, () => service.addAction(review.id, text, f.owner));
  if (done === undefined) return;
  f.text = '';
  v.announce(said(v).announceAdded(text));
}

async function complete(v: ReviewHost, review: Review, action: ReviewAction): Promise<void> {
  const service = v.el.evaluations;
  if (service === undefined) return;
  const done = await v.run(action.id, 'complete-action', review.id, () => service.completeAction(review.id, action.id));
  if (done !== undefined) v.announce(said(v).announceDone(action.text));
}

async function close(v: ReviewHost, review: Review): Promise<void> {
  const service = v.el.evaluations;
  if (service === undefined) return;
  const done = await v.run(CLOSE, 'close', review.id, () => service.closeReview(review.id));
  if (done !== undefined) v.announce(said(v).announceClosed);
}

/** A started review: its period and state, figures, evaluations, notes and actions. */
export function renderReview(v: ReviewHost, review: Review, data: Loaded): TemplateResult {
  const s = said(v);
  return html`<p part="period" class="meta">
      <span>${v.strings().period(v.range(review.from, review.to))}</span>
      <span class="state" data-state=${review.state}>${review.state === 'open' ? s.open : s.closed}</span>
      <span class="muted">${s.reviewer(v.person(review.reviewerId))}</span>
    </p>
    ${renderFigures(v, readFigures(review.figures))} ${renderEvaluations(v, review, data)} ${renderNotes(v, review)} ${renderActions(v, review)}
    ${review.reviewerId === v.session()?.userId && review.state === 'open'
      ? html`<div class="actions">${v.button('close', s.close, CLOSE, undefined, () => void close(v, review))}</div>${v.message(CLOSE)}`
      : nothing}`;
}

function rows(v: ReviewHost, s: ViewStrings): { key: MedianField; label: string; format: (n: number | null | undefined) => string }[] {
  const duration = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : v.timer(n));
  const count = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : v.num(Math.round(n * 10) / 10));
  const percent = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : v.pct(n));
  return [
    { key: 'handled', label: s.handled, format: count },
    { key: 'avgHandleMs', label: s.avgHandle, format: duration },
    { key: 'avgHoldMs', label: s.avgHold, format: duration },
    { key: 'avgWrapUpMs', label: s.avgWrapUp, format: duration },
    { key: 'longestMs', label: s.longest, format: duration },
    { key: 'occupancy', label: s.occupancy, format: percent },
    { key: 'transfers', label: s.transfers, format: count },
    { key: 'missed', label: s.missed, format: count },
  ];
}

function renderFigures(v: ReviewHost, figures: Figures | undefined): TemplateResult {
  const s = said(v);
  const headingId = `${v.ids}-figures`;
  const teamName = figures?.teamId === undefined ? undefined : (v.client()?.getTeam(figures.teamId)?.name ?? figures.teamId);
  return html`<section part="figures" class="block" aria-labelledby=${headingId}>
    <div id=${headingId} class="subheading" role="heading" aria-level=${v.sub()}>${s.figuresHeading}</div>
    ${figures === undefined
      ? html`<p class="muted">${s.noFigures}</p>`
      : html`${teamName === undefined ? nothing : html`<p class="muted">${s.team(teamName)}</p>`}
          <ul class="rows">
            ${rows(v, s).map((row) => {
              const a = figures.agent[row.key] ?? null;
              const m = figures.median[row.key] ?? null;
              const top = Math.max(row.key === 'occupancy' ? 1 : 0, a ?? 0, m ?? 0) * 1.1 || 1;
              const median = s.median(row.format(m));
              // The bar draws the figures written beside it, so it is out of the tree: as an image
              // named by its <title> it made a screen reader say the label and the figures twice.
              // The <title> stays as the pointer's tooltip; the text says "median" in words, as it did.
              return html`<li class="row" data-metric=${row.key}>
                <span class="row__label">${row.label}</span>
                <svg part="bar" class="bar-chart" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true">
                  <title>${row.label}: ${row.format(a)} ${median}</title>
                  <rect class="track" x="0" y="2" width="100" height="8" rx="2"></rect>
                  <rect class="bar" x="0" y="2" width=${((a ?? 0) / top) * 100} height="8" rx="2"></rect>
                  ${m === null ? nothing : svg`<line class="bar-median" x1=${(m / top) * 100} x2=${(m / top) * 100} y1="0" y2="12"></line>`}
                </svg>
                <span class="row__value">${row.format(a)} <span class="muted">${median}</span></span>
              </li>`;
            })}
          </ul>
          <details class="alt" part="table">
            <summary>${s.showTable}</summary>
            <table>
              <caption class="fw-visually-hidden">${s.figuresHeading}</caption>
              <thead><tr><th scope="col">${s.metric}</th><th scope="col">${s.agent}</th><th scope="col">${s.teamMedian}</th></tr></thead>
              <tbody>
                ${rows(v, s).map((row) => html`<tr data-metric=${row.key}><th scope="row">${row.label}</th><td>${row.format(figures.agent[row.key])}</td><td>${row.format(figures.median[row.key])}</td></tr>`)}
              </tbody>
            </table>
          </details>`}
  </section>`;
}

function renderEvaluations(v: ReviewHost, review: Review, data: Loaded): TemplateResult {
  const s = said(v);
  const headingId = `${v.ids}-evaluations`;
  const list = review.evaluationIds.map((id) => data.evaluations.find((e) => e.id === id)).filter((e): e is Evaluation => e !== undefined);
  return html`<section class="block" aria-labelledby=${headingId}>
    <div id=${headingId} class="subheading" role="heading" aria-level=${v.sub()}>${s.evaluationsHeading}</div>
    ${list.length === 0
      ? html`<p class="muted">${s.noEvaluations}</p>`
      : html`<ul part="evaluations" class="list">
          ${list.map((e) => {
            const card = data.cards.find((c) => c.id === e.scorecardId)?.name ?? e.scorecardId;
            const score = e.score === null ? s.noScore : v.pct(wholeScore(e.score) / 100);
            return html`<li class="item" data-id=${e.id} data-state=${e.state}>${s.evaluation(card, score, s.evaluationState(e.state))}</li>`;
          })}
        </ul>`}
  </section>`;
}

function renderNotes(v: ReviewHost, review: Review): TemplateResult {
  const s = said(v);
  const headingId = `${v.ids}-notes`;
  const notes = review.notes.filter((n): n is string => typeof n === 'string');
  return html`<section class="block" aria-labelledby=${headingId}>
    <div id=${headingId} class="subheading" role="heading" aria-level=${v.sub()}>${s.notesHeading}</div>
    ${notes.length === 0 ? html`<p class="muted">${review.notesWithheld ? s.notesWithheld : s.noNotes}</p>` : html`<ul part="notes" class="list notes">${notes.map((n) => html`<li class="item note" dir="auto">${n}</li>`)}</ul>`}
  </section>`;
}

/** Why this session cannot mark an action done, or undefined. */
function completeBlocked(v: ReviewHost, review: Review, action: ReviewAction): string | undefined {
  if (review.reviewerId === v.session()?.userId) return undefined;
  if (action.owner === 'agent' && review.agentId === v.me()) return undefined;
  return said(v).whyNotYourAction;
}

function renderActions(v: ReviewHost, review: Review): TemplateResult {
  const s = said(v);
  const headingId = `${v.ids}-actions`;
  const reviewer = review.reviewerId === v.session()?.userId;
  return html`<section class="block" aria-labelledby=${headingId}>
    <div id=${headingId} class="subheading" role="heading" aria-level=${v.sub()}>${s.actionsHeading}</div>
    ${review.actions.length === 0
      ? html`<p class="muted">${s.noActions}</p>`
      : html`<ul part="actions" class="list">
          ${review.actions.map((a) => {
            const blocked = a.done ? undefined : completeBlocked(v, review, a);
            const boxId = `${v.ids}-action-${a.id}`;
            const reasonId = `${boxId}-why`;
            return html`<li part="action" class="item action" data-id=${a.id} data-owner=${a.owner} ?data-done=${a.done}>
              <input
                type="checkbox"
                id=${boxId}
                .checked=${live(a.done)}
                ?disabled=${a.done}
                aria-disabled=${blocked !== undefined || v.busy.has(a.id) ? 'true' : nothing}
                aria-describedby=${blocked === undefined ? nothing : reasonId}
                @click=${(e: Event) => {
                  // Marking done cannot be undone, and a blocked box only says why.
                  if (blocked !== undefined || v.busy.has(a.id)) {
                    e.preventDefault();
                    if (blocked !== undefined) v.announce(blocked);
                    return;
                  }
                  // Left checked: a memory backplane can answer before this click's own
                  // dispatch ends, and a cancelled click would then uncheck the stored state.
                  // \`live\` puts the box back if the service refuses.
                  void complete(v, review, a);
                }}
              />
              <label for=${boxId}>${s.actionLabel(a.text, s.owner(a.owner))}${a.done ? html` <strong>· ${s.done}</strong>` : nothing}</label>
              ${blocked === undefined ? nothing : html`<span part="reason" id=${reasonId} class="reason">${blocked}</span>`}
              ${v.message(a.id)}
            </li>`;
          })}
        </ul>`}
    ${review.state !== 'open'
      ? html`<p class="muted">${s.whyClosed}</p>`
      : reviewer
        ? renderAddForm(v, review)
        : html`<p part="reason" class="reason">${s.whyAdd}</p>`}
  </section>`;
}

function renderAddForm(v: ReviewHost, review: Review): TemplateResult {
  const f = form(v);
  const s = said(v);
  const textId = `${v.ids}-action-text`;
  const errorId = `${v.ids}-action-error`;
  const headingId = `${v.ids}-add`;
  return html`<form part="add-form" class="form" novalidate aria-labelledby=${headingId} @submit=${(e: Event) => {
    e.preventDefault();
    void add(v, review);
  }}>
    <div id=${headingId} class="subheading" role="heading" aria-level=${v.sub(2)}>${s.addHeading}</div>
    <label class="field" for=${textId}>${s.actionText}</label>
    <input
      id=${textId}
      class="input"
      type="text"
      maxlength="300"
      .value=${f.text}
      aria-invalid=${f.invalid ? 'true' : nothing}
      aria-describedby=${f.invalid ? errorId : nothing}
      @input=${(e: Event) => {
        f.text = (e.target as HTMLInputElement).value;
        if (f.invalid) {
          f.invalid = false;
          v.el.requestUpdate();
        }
      }}
    />
    <label class="field"><span>${s.ownerLabel}</span>
      <select class="input" data-field="owner" @change=${(e: Event) => (f.owner = (e.target as HTMLSelectElement).value === 'reviewer' ? 'reviewer' : 'agent')}>
        <option value="agent" ?selected=${f.owner === 'agent'}>${s.owner('agent')}</option>
        <option value="reviewer" ?selected=${f.owner === 'reviewer'}>${s.owner('reviewer')}</option>
      </select>
    </label>
    ${f.invalid ? html`<p id=${errorId} class="message" data-kind="error">${v.alertIcon()}<span>${s.noText}</span></p>` : nothing}
    <div class="actions"><button part="add" class="button" type="submit" aria-disabled=${v.busy.has(ADD) ? 'true' : nothing}>${s.add}${v.busy.has(ADD) ? html` <span class="pending">${v.strings().pendingMark}</span>` : nothing}</button></div>
    ${v.message(ADD)}
  </form>`;
}
