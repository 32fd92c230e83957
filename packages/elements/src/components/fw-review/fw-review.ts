import { ErrorCode, FloorwalkError, isFloorwalkError, type Floorwalk, type Session, type StoreChange } from '@floorwalk/core';
import type { Evaluation, Evaluations, Review, ReviewAction, Scorecard } from '@floorwalk/core/evaluations';
import { createMetrics, MEDIAN_FIELDS, type MedianField, type Metrics } from '@floorwalk/core/metrics';
import { html, nothing, svg, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { FwReviewFailedEvent, type ReviewActionKind } from '../../events/fw-review-failed.js';
import { chartStyles } from '../../internal/charts.js';
import { clientNow } from '../../internal/client-now.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { EvaluationsController } from '../../internal/controllers/evaluations-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { alertIcon } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatNumber, formatPercent, formatTimer } from '../../internal/format.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { panelStyles } from '../../internal/panel.styles.js';
import { reviewCatalog, type ReviewStrings } from './fw-review.strings.js';
import { reviewStyles } from './fw-review.styles.js';

interface Loaded {
  readonly reviews: readonly Review[];
  readonly evaluations: readonly Evaluation[];
  readonly cards: readonly Scorecard[];
}

/** The figures a review records when it starts: the agent's and the team median's, per field. */
interface Figures {
  readonly teamId: string | undefined;
  readonly agent: Partial<Record<MedianField, number | null>>;
  readonly median: Partial<Record<MedianField, number | null>>;
}

const REVIEWERS: ReadonlySet<string> = new Set(['supervisor', 'admin']);
const START = 'start';
const ADD = 'add';
const CLOSE = 'close';
let uid = 0;

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

/**
 * A one-to-one review of an agent's period, over `@floorwalk/core/evaluations`: the agent's
 * figures beside their team's median (recorded from `@floorwalk/core/metrics` when the review
 * starts, so both sides read the same numbers later), the evaluations released to them in the
 * period, the coaching notes, and the actions agreed, each marked done when done.
 *
 * The reviewer (a `supervisor` or `admin` session) starts the review, adds actions and closes it.
 * The agent sees the same page with their own permissions: they mark their own actions done;
 * what they may not do stays visible, `aria-disabled`, with the reason beside it.
 *
 * @tagname fw-review
 * @summary One-to-one review: figures against the team median, released evaluations, coaching notes and agreed actions.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @event fw-review-failed - An action did not happen. `action`, `reviewId`, `error`.
 *
 * @csspart base - The wrapper (a `section`).
 * @csspart heading - The heading.
 * @csspart period - The period and the review's state.
 * @csspart start - The Start review button.
 * @csspart figures - The figures against the team median.
 * @csspart bar - Each figure's bar chart.
 * @csspart table - The figures' table alternative.
 * @csspart evaluations - The list of released evaluations.
 * @csspart notes - The list of coaching notes.
 * @csspart actions - The list of agreed actions.
 * @csspart action - One agreed action.
 * @csspart add-form - The reviewer's form to add an action.
 * @csspart add - The Add action button.
 * @csspart close - The Close review button.
 * @csspart reason - Why a control cannot be used.
 * @csspart message - Failure or "unavailable" text.
 *
 * @cssproperty --fw-review-background - The wrapper's background.
 * @cssproperty --fw-review-border-color - The wrapper's border.
 * @cssproperty --fw-review-radius - Corner radius of the wrapper, fields and buttons.
 * @cssproperty --fw-review-bar-color - The agent's bars.
 *
 * @cssstate reviewer - The session is the review's reviewer (or may start one).
 * @cssstate agent - The session is the reviewed agent.
 * @cssstate closed - The review is closed.
 * @cssstate pending - Something waits for the evaluations service.
 * @cssstate failed - Something did not happen; the message says why.
 */
export class FwReview extends FwElement {
  static override styles: CSSResultGroup = [frameStyles, panelStyles('fw-review'), chartStyles, reviewStyles];

  static override properties = {
    client: { attribute: false },
    evaluations: { attribute: false },
    metrics: { attribute: false },
    agentId: { type: String, attribute: 'agent-id' },
    from: { type: Number },
    to: { type: Number },
    headingLevel: { type: Number, attribute: 'heading-level' },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client, for names, coaching notes and metrics; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** The evaluations service of this session (`createEvaluations(...)`). */
  declare evaluations: Evaluations | undefined;
  /**
   * Shared live metrics (`createMetrics(client)`), for the figures a new review records. Unset,
   * the figures come from what the client still holds when the review starts.
   */
  declare metrics: Metrics | undefined;
  /** The agent reviewed. For an agent's own session it defaults to that agent. */
  declare agentId: string | undefined;
  /** Start of the period a new review covers, epoch ms. Default the start of today. */
  declare from: number | undefined;
  /** End of the period a new review covers, epoch ms. Default now. */
  declare to: number | undefined;
  /** The level of the heading, 1–6. Default 3. */
  declare headingLevel: number;

  // ---- internal state --------------------------------------------------------------------

  private readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  private readonly data = new EvaluationsController<Loaded>(this, (service) => this.load(service));
  private readonly t = new LocalizeController(this, reviewCatalog);
  private readonly voice = new AnnounceController(this);
  private readonly ids = `fw-review-${++uid}`;
  private readonly busy = new Map<string, ReviewActionKind>();
  private readonly failures = new Map<string, { action: ReviewActionKind; error: FloorwalkError }>();
  private actionText = '';
  private actionOwner: 'agent' | 'reviewer' = 'agent';
  private addError = false;
  /** The shown review's last seen version, to announce changes others made. */
  private seen: string | undefined;

  constructor() {
    super();
    this.agentId = undefined;
    this.from = undefined;
    this.to = undefined;
    this.headingLevel = 3;
  }

  override willUpdate(changed: PropertyValues): void {
    if (changed.has('agentId') && changed.get('agentId') !== undefined) {
      this.seen = undefined;
      this.data.reload();
    }
  }

  override updated(): void {
    const review = this.current;
    this.toggleState('reviewer', review === undefined ? this.mayStart === undefined : review.reviewerId === this.session?.userId);
    this.toggleState('agent', review !== undefined && review.agentId === this.me);
    this.toggleState('closed', review?.state === 'closed');
    this.toggleState('pending', this.busy.size > 0);
    this.toggleState('failed', this.failures.size > 0);
  }

  private onStoreChange(change: StoreChange): boolean {
    // The store gives names only; the review's figures are recorded, not live.
    const agentId = this.agent;
    return change.reset || change.teams.size > 0 || (agentId !== undefined && change.agents.has(agentId));
  }

  private get session(): Session | undefined {
    return this.evaluations?.session ?? this.clients.client?.session;
  }

  private get me(): string | undefined {
    const s = this.session;
    return s === undefined ? undefined : (s.agentId ?? (s.role === 'agent' ? s.userId : undefined));
  }

  private get agent(): string | undefined {
    return this.agentId || this.me;
  }

  private load(service: Evaluations): Promise<Loaded> {
    const agentId = this.agent;
    if (agentId === undefined) return Promise.resolve({ reviews: [], evaluations: [], cards: [] });
    return Promise.all([service.getReviews({ agentId }), service.getEvaluations({ agentId }), service.getScorecards()]).then(([reviews, evaluations, cards]) => {
      const latest = FwReview.pick(reviews);
      const version = latest === undefined ? undefined : JSON.stringify([latest.id, latest.state, latest.actions]);
      // Another session's change to the review on screen is voiced; the first load and our own writes are not.
      if (this.seen !== undefined && version !== undefined && version !== this.seen && this.busy.size === 0) {
        void this.updateComplete.then(() => this.voice.announce(this.t.strings.announceChanged, 'polite'));
      }
      this.seen = version;
      return { reviews, evaluations, cards };
    });
  }

  /** The review to show: the latest open one, else the latest. */
  private static pick(reviews: readonly Review[]): Review | undefined {
    const open = reviews.filter((r) => r.state === 'open');
    return (open.length > 0 ? open : reviews).at(-1);
  }

  private get current(): Review | undefined {
    return this.data.value === undefined ? undefined : FwReview.pick(this.data.value.reviews);
  }

  /** Why this session cannot start a review, or undefined when it can. */
  private get mayStart(): string | undefined {
    const role = this.session?.role;
    return role !== undefined && REVIEWERS.has(role) ? undefined : this.t.strings.whyStart;
  }

  private person(userId: string): string {
    if (userId === this.session?.userId) return this.t.strings.you;
    return this.clients.client?.getAgent(userId)?.name ?? userId;
  }

  private why(error: FloorwalkError): string {
    const s = this.t.strings;
    switch (error.code) {
      case ErrorCode.Forbidden:
        return s.whyForbidden;
      case ErrorCode.OutOfScope:
        return s.whyScope;
      case ErrorCode.Conflict:
        return s.whyConflict;
      case ErrorCode.UnknownEntity:
        return s.whyUnknown;
      case ErrorCode.InvalidArgument:
        return s.whyInvalid;
      default:
        return s.whyFailed;
    }
  }

  // ---- actions -------------------------------------------------------------------------------

  private async run(key: string, action: ReviewActionKind, reviewId: string | undefined, send: () => Promise<Review>): Promise<Review | undefined> {
    if (this.busy.has(key)) return undefined;
    this.busy.set(key, action);
    this.failures.delete(key);
    this.requestUpdate();
    try {
      const review = await send();
      this.seen = JSON.stringify([review.id, review.state, review.actions]);
      return review;
    } catch (err) {
      const error = isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.Internal, `${action} failed: ${String(err)}`, { cause: err });
      this.failures.set(key, { action, error });
      this.dispatch(new FwReviewFailedEvent(action, reviewId, error));
      this.voice.announce(this.t.strings.failed(this.why(error)), 'assertive');
      return undefined;
    } finally {
      this.busy.delete(key);
      this.requestUpdate();
    }
  }

  /** The period a new review covers: the properties, else today so far on the client's clock. */
  private period(): { from: number; to: number } {
    const client = this.clients.client;
    const today = this.metrics?.window('today');
    const now = today?.to ?? (client === undefined ? Date.now() : clientNow(client));
    const from = this.from ?? today?.from ?? new Date(now).setHours(0, 0, 0, 0);
    return { from, to: Math.max(from, this.to ?? now) };
  }

  /**
   * The metrics to record figures from: the shared ones, else a recorder made for this moment
   * over what the client still holds. Never kept: a review's figures are recorded once, and a
   * live recorder would redraw this page on every change in the centre.
   */
  private metricsNow(client: Floorwalk | undefined): { metrics: Metrics; done: () => void } | undefined {
    if (this.metrics !== undefined) return { metrics: this.metrics, done: () => {} };
    if (client === undefined) return undefined;
    const metrics = createMetrics(client, {
      clock: { now: () => clientNow(client), setTimeout: (cb, ms) => globalThis.setTimeout(cb, ms), clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>) },
    });
    return { metrics, done: () => metrics.destroy() };
  }

  private async start(): Promise<void> {
    const service = this.evaluations;
    const agentId = this.agent;
    if (service === undefined || agentId === undefined) return;
    const { from, to } = this.period();
    const client = this.clients.client;
    const recorder = this.metricsNow(client);
    const teamId = client?.getAgent(agentId)?.teamIds[0];
    let figures: Record<string, unknown> | undefined;
    if (recorder !== undefined) {
      const { metrics } = recorder;
      const a = metrics.agent(agentId, { from, to });
      const team = teamId === undefined ? undefined : metrics.team(teamId, { from, to });
      figures = {
        teamId,
        agent: Object.fromEntries(MEDIAN_FIELDS.map((k) => [k, a[k]])),
        median: Object.fromEntries(MEDIAN_FIELDS.map((k) => [k, team?.median[k] ?? null])),
      };
      recorder.done();
    }
    const notes = (client?.getCoachingNotes(agentId) ?? []).filter((n) => n.private !== true && n.createdAt >= from && n.createdAt < to).map((n) => n.body);
    const review = await this.run(START, 'start', undefined, () => service.startReview({ agentId, from, to, ...(figures === undefined ? {} : { figures }), notes }));
    if (review !== undefined) this.voice.announce(this.t.strings.announceStarted, 'polite');
  }

  private async add(review: Review): Promise<void> {
    const service = this.evaluations;
    if (service === undefined) return;
    const text = this.actionText.trim();
    if (text === '') {
      this.addError = true;
      this.requestUpdate();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#${this.ids}-action-text`)?.focus();
      return;
    }
    this.addError = false;
    const done = await this.run(ADD, 'add-action', review.id, () => service.addAction(review.id, text, this.actionOwner));
    if (done === undefined) return;
    this.actionText = '';
    this.voice.announce(this.t.strings.announceAdded(text), 'polite');
  }

  private async complete(review: Review, action: ReviewAction): Promise<void> {
    const service = this.evaluations;
    if (service === undefined) return;
    const done = await this.run(action.id, 'complete-action', review.id, () => service.completeAction(review.id, action.id));
    if (done !== undefined) this.voice.announce(this.t.strings.announceDone(action.text), 'polite');
  }

  private async close(review: Review): Promise<void> {
    const service = this.evaluations;
    if (service === undefined) return;
    const done = await this.run(CLOSE, 'close', review.id, () => service.closeReview(review.id));
    if (done !== undefined) this.voice.announce(this.t.strings.announceClosed, 'polite');
  }

  // ---- rendering -----------------------------------------------------------------------------

  private get level(): number {
    const level = Math.round(this.headingLevel);
    return level >= 1 && level <= 6 ? level : 3;
  }

  private message(key: string): TemplateResult | typeof nothing {
    const failure = this.failures.get(key);
    if (failure === undefined) return nothing;
    return html`<p part="message" class="message" data-kind="error" role="alert">${alertIcon()}<span>${this.t.strings.failed(this.why(failure.error))}</span></p>`;
  }

  private button(part: string, label: string, key: string, blocked: string | undefined, onClick: () => void, primary = false): TemplateResult {
    const reasonId = `${this.ids}-why-${part}`;
    return html`<button
        part=${part}
        class="button${primary ? ' primary' : ''}"
        type="button"
        aria-disabled=${blocked !== undefined || this.busy.has(key) ? 'true' : nothing}
        aria-describedby=${blocked === undefined ? nothing : reasonId}
        @click=${() => {
          if (blocked !== undefined) {
            this.voice.announce(blocked, 'polite');
            return;
          }
          if (!this.busy.has(key)) onClick();
        }}
      >
        ${label}${this.busy.has(key) ? html` <span class="pending">${this.t.strings.pendingMark}</span>` : nothing}
      </button>
      ${blocked === undefined ? nothing : html`<span part="reason" id=${reasonId} class="reason">${blocked}</span>`}`;
  }

  private range(from: number, to: number): string {
    const f = new Intl.DateTimeFormat(this.t.lang, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
    return f.formatRange(from, to);
  }

  protected override render(): TemplateResult {
    const s = this.t.strings;
    const agentId = this.agent;
    const headingId = `${this.ids}-heading`;
    const heading = agentId === undefined ? s.headingNone : s.heading(this.person(agentId));
    let body: TemplateResult;
    if (this.evaluations === undefined) body = html`<p part="message" class="message">${s.noService}</p>`;
    else if (agentId === undefined) body = html`<p class="muted">${s.chooseAgent}</p>`;
    else if (this.data.value === undefined && this.data.error !== undefined) body = html`<p part="message" class="message" data-kind="error" role="alert">${alertIcon()}<span>${s.failed(this.why(this.data.error))}</span></p>`;
    else if (this.data.value === undefined) body = html`<p class="muted">…</p>`;
    else {
      const review = this.current;
      body = review === undefined ? this.renderNone() : this.renderReview(review, this.data.value);
    }
    return html`<section part="base" class="base" aria-labelledby=${headingId}>
      <div part="heading" id=${headingId} class="heading" role="heading" aria-level=${this.level}>${heading}</div>
      ${body}
    </section>`;
  }

  private renderNone(): TemplateResult {
    const s = this.t.strings;
    const blocked = this.mayStart;
    if (blocked !== undefined && this.session?.role === 'agent') return html`<p class="muted">${s.noReviewAgent}</p>`;
    const { from, to } = this.period();
    return html`<p part="period" class="muted">${s.period(this.range(from, to))}</p>
      <p class="muted">${s.noReviewReviewer}</p>
      <div class="actions">${this.button('start', s.start, START, blocked, () => void this.start(), true)}</div>
      ${this.message(START)}`;
  }

  private sub(offset = 1): number {
    return Math.min(6, this.level + offset);
  }

  private renderReview(review: Review, data: Loaded): TemplateResult {
    const s = this.t.strings;
    return html`<p part="period" class="meta">
        <span>${s.period(this.range(review.from, review.to))}</span>
        <span class="state" data-state=${review.state}>${review.state === 'open' ? s.open : s.closed}</span>
        <span class="muted">${s.reviewer(this.person(review.reviewerId))}</span>
      </p>
      ${this.renderFigures(readFigures(review.figures))} ${this.renderEvaluations(review, data)} ${this.renderNotes(review)} ${this.renderActions(review)}
      ${review.reviewerId === this.session?.userId && review.state === 'open'
        ? html`<div class="actions">${this.button('close', s.close, CLOSE, undefined, () => void this.close(review))}</div>${this.message(CLOSE)}`
        : nothing}`;
  }

  private rows(s: ReviewStrings): { key: MedianField; label: string; format: (v: number | null | undefined) => string }[] {
    const duration = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : formatTimer(this.t.lang, v));
    const count = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : formatNumber(this.t.lang, Math.round(v * 10) / 10));
    const percent = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : formatPercent(this.t.lang, v));
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

  private renderFigures(figures: Figures | undefined): TemplateResult {
    const s = this.t.strings;
    const headingId = `${this.ids}-figures`;
    const teamName = figures?.teamId === undefined ? undefined : (this.clients.client?.getTeam(figures.teamId)?.name ?? figures.teamId);
    return html`<section part="figures" class="block" aria-labelledby=${headingId}>
      <div id=${headingId} class="subheading" role="heading" aria-level=${this.sub()}>${s.figuresHeading}</div>
      ${figures === undefined
        ? html`<p class="muted">${s.noFigures}</p>`
        : html`${teamName === undefined ? nothing : html`<p class="muted">${s.team(teamName)}</p>`}
            <ul class="rows">
              ${this.rows(s).map((row) => {
                const a = figures.agent[row.key] ?? null;
                const m = figures.median[row.key] ?? null;
                const top = Math.max(row.key === 'occupancy' ? 1 : 0, a ?? 0, m ?? 0) * 1.1 || 1;
                const title = s.versus(row.label, row.format(a), row.format(m));
                const titleId = `${this.ids}-bar-${row.key}`;
                return html`<li class="row" data-metric=${row.key}>
                  <span class="row__label">${row.label}</span>
                  <svg part="bar" class="bar-chart" viewBox="0 0 100 12" preserveAspectRatio="none" role="img" aria-labelledby=${titleId}>
                    <title id=${titleId}>${title}</title>
                    <rect class="track" x="0" y="2" width="100" height="8" rx="2"></rect>
                    <rect class="bar" x="0" y="2" width=${((a ?? 0) / top) * 100} height="8" rx="2"></rect>
                    ${m === null ? nothing : svg`<line class="bar-median" x1=${(m / top) * 100} x2=${(m / top) * 100} y1="0" y2="12"></line>`}
                  </svg>
                  <span class="row__value">${row.format(a)} <span class="muted">/ ${row.format(m)}</span></span>
                </li>`;
              })}
            </ul>
            <details class="alt" part="table">
              <summary>${s.showTable}</summary>
              <table>
                <caption class="fw-visually-hidden">${s.figuresHeading}</caption>
                <thead><tr><th scope="col">${s.metric}</th><th scope="col">${s.agent}</th><th scope="col">${s.teamMedian}</th></tr></thead>
                <tbody>
                  ${this.rows(s).map((row) => html`<tr data-metric=${row.key}><th scope="row">${row.label}</th><td>${row.format(figures.agent[row.key])}</td><td>${row.format(figures.median[row.key])}</td></tr>`)}
                </tbody>
              </table>
            </details>`}
    </section>`;
  }

  private renderEvaluations(review: Review, data: Loaded): TemplateResult {
    const s = this.t.strings;
    const headingId = `${this.ids}-evaluations`;
    const list = review.evaluationIds.map((id) => data.evaluations.find((e) => e.id === id)).filter((e): e is Evaluation => e !== undefined);
    return html`<section class="block" aria-labelledby=${headingId}>
      <div id=${headingId} class="subheading" role="heading" aria-level=${this.sub()}>${s.evaluationsHeading}</div>
      ${list.length === 0
        ? html`<p class="muted">${s.noEvaluations}</p>`
        : html`<ul part="evaluations" class="list">
            ${list.map((e) => {
              const card = data.cards.find((c) => c.id === e.scorecardId)?.name ?? e.scorecardId;
              const score = e.score === null ? s.noScore : formatPercent(this.t.lang, e.score / 100);
              return html`<li class="item" data-id=${e.id} data-state=${e.state}>${s.evaluation(card, score, s.evaluationState(e.state))}</li>`;
            })}
          </ul>`}
    </section>`;
  }

  private renderNotes(review: Review): TemplateResult {
    const s = this.t.strings;
    const headingId = `${this.ids}-notes`;
    const notes = review.notes.filter((n): n is string => typeof n === 'string');
    return html`<section class="block" aria-labelledby=${headingId}>
      <div id=${headingId} class="subheading" role="heading" aria-level=${this.sub()}>${s.notesHeading}</div>
      ${notes.length === 0 ? html`<p class="muted">${s.noNotes}</p>` : html`<ul part="notes" class="list notes">${notes.map((n) => html`<li class="item note">${n}</li>`)}</ul>`}
    </section>`;
  }

  /** Why this session cannot mark an action done, or undefined. */
  private completeBlocked(review: Review, action: ReviewAction): string | undefined {
    if (review.reviewerId === this.session?.userId) return undefined;
    if (action.owner === 'agent' && review.agentId === this.me) return undefined;
    return this.t.strings.whyNotYourAction;
  }

  private renderActions(review: Review): TemplateResult {
    const s = this.t.strings;
    const headingId = `${this.ids}-actions`;
    const reviewer = review.reviewerId === this.session?.userId;
    return html`<section class="block" aria-labelledby=${headingId}>
      <div id=${headingId} class="subheading" role="heading" aria-level=${this.sub()}>${s.actionsHeading}</div>
      ${review.actions.length === 0
        ? html`<p class="muted">${s.noActions}</p>`
        : html`<ul part="actions" class="list">
            ${review.actions.map((a) => {
              const blocked = a.done ? undefined : this.completeBlocked(review, a);
              const boxId = `${this.ids}-action-${a.id}`;
              const reasonId = `${boxId}-why`;
              return html`<li part="action" class="item action" data-id=${a.id} data-owner=${a.owner} ?data-done=${a.done}>
                <input
                  type="checkbox"
                  id=${boxId}
                  .checked=${live(a.done)}
                  ?disabled=${a.done}
                  aria-disabled=${blocked !== undefined || this.busy.has(a.id) ? 'true' : nothing}
                  aria-describedby=${blocked === undefined ? nothing : reasonId}
                  @click=${(e: Event) => {
                    // Marking done cannot be undone, and a blocked box only says why.
                    if (blocked !== undefined || this.busy.has(a.id)) {
                      e.preventDefault();
                      if (blocked !== undefined) this.voice.announce(blocked, 'polite');
                      return;
                    }
                    // Left checked: a memory backplane can answer before this click's own
                    // dispatch ends, and a cancelled click would then uncheck the stored state.
                    // \`live\` puts the box back if the service refuses.
                    void this.complete(review, a);
                  }}
                />
                <label for=${boxId}>${s.actionLabel(a.text, s.owner(a.owner))}${a.done ? html` <strong>· ${s.done}</strong>` : nothing}</label>
                ${blocked === undefined ? nothing : html`<span part="reason" id=${reasonId} class="reason">${blocked}</span>`}
                ${this.message(a.id)}
              </li>`;
            })}
          </ul>`}
      ${review.state !== 'open'
        ? html`<p class="muted">${s.whyClosed}</p>`
        : reviewer
          ? this.renderAddForm(review)
          : html`<p part="reason" class="reason">${s.whyAdd}</p>`}
    </section>`;
  }

  private renderAddForm(review: Review): TemplateResult {
    const s = this.t.strings;
    const textId = `${this.ids}-action-text`;
    const errorId = `${this.ids}-action-error`;
    const headingId = `${this.ids}-add`;
    return html`<form part="add-form" class="form" novalidate aria-labelledby=${headingId} @submit=${(e: Event) => {
      e.preventDefault();
      void this.add(review);
    }}>
      <div id=${headingId} class="subheading" role="heading" aria-level=${this.sub(2)}>${s.addHeading}</div>
      <label class="field" for=${textId}>${s.actionText}</label>
      <input
        id=${textId}
        class="input"
        type="text"
        maxlength="300"
        .value=${this.actionText}
        aria-invalid=${this.addError ? 'true' : nothing}
        aria-describedby=${this.addError ? errorId : nothing}
        @input=${(e: Event) => {
          this.actionText = (e.target as HTMLInputElement).value;
          if (this.addError) {
            this.addError = false;
            this.requestUpdate();
          }
        }}
      />
      <label class="field"><span>${s.ownerLabel}</span>
        <select class="input" data-field="owner" @change=${(e: Event) => (this.actionOwner = (e.target as HTMLSelectElement).value === 'reviewer' ? 'reviewer' : 'agent')}>
          <option value="agent" ?selected=${this.actionOwner === 'agent'}>${s.owner('agent')}</option>
          <option value="reviewer" ?selected=${this.actionOwner === 'reviewer'}>${s.owner('reviewer')}</option>
        </select>
      </label>
      ${this.addError ? html`<p id=${errorId} class="message" data-kind="error">${alertIcon()}<span>${s.noText}</span></p>` : nothing}
      <div class="actions"><button part="add" class="button" type="submit" aria-disabled=${this.busy.has(ADD) ? 'true' : nothing}>${s.add}${this.busy.has(ADD) ? html` <span class="pending">${s.pendingMark}</span>` : nothing}</button></div>
      ${this.message(ADD)}
    </form>`;
  }
}
