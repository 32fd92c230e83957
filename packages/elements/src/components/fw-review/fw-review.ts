import { ErrorCode, FloorwalkError, isFloorwalkError, importOnce, type Floorwalk, type Session, type StoreChange } from '@floorwalk/core';
import type { Evaluations, Review } from '@floorwalk/core/evaluations';
import { createMetrics, MEDIAN_FIELDS, type Metrics } from '@floorwalk/core/metrics';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { FwReviewFailedEvent, type ReviewActionKind } from '../../events/fw-review-failed.js';
import { chartStyles } from '../../internal/charts.js';
import { clientNow } from '../../internal/client-now.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { EvaluationsController } from '../../internal/controllers/evaluations-controller.js';
import { loadFailure, whyNot } from '../../internal/evaluations-words.js';
import { FwElement } from '../../internal/fw-element.js';
import { alertIcon } from '../../internal/icons.js';
import { LazyParts } from '../../internal/lazy-parts.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatNumber, formatPercent, formatTimer } from '../../internal/format.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { panelStyles, reviewFormStyles } from '../../internal/panel.styles.js';
import { reviewCatalog } from './fw-review.strings.js';
import { reviewStyles } from './fw-review.styles.js';
import type { Loaded, ReviewHost } from './review.js';
import { headingLevelOf } from '../../internal/pending.js';

type ViewModule = typeof import('./review.js');

/** Loads a review's view once per page, for every element on it; a failed load may be retried. */
const loadView = importOnce(() => import('./review.js'));

const REVIEWERS: ReadonlySet<string> = new Set(['supervisor', 'admin']);
const START = 'start';
let uid = 0;

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
  static override styles: CSSResultGroup = [frameStyles, panelStyles('fw-review'), chartStyles, reviewFormStyles('fw-review'), reviewStyles];

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
  /** A review's view, loaded when the element first shows a review. */
  private readonly view = new LazyParts<{ review: ViewModule }>(this, loadView, () => this.voice.announce(this.t.strings.partFailed, 'assertive'));
  private readonly viewHost: ReviewHost = {
    el: this,
    ids: this.ids,
    busy: this.busy,
    strings: () => this.t.strings,
    localize: (catalog) => new LocalizeController(this, catalog),
    client: () => this.clients.client,
    session: () => this.session,
    me: () => this.me,
    sub: (offset = 1) => Math.min(6, this.level + offset),
    person: (userId) => this.person(userId),
    range: (from, to) => this.range(from, to),
    timer: (ms) => formatTimer(this.t.lang, ms),
    num: (value) => formatNumber(this.t.lang, value),
    pct: (value) => formatPercent(this.t.lang, value),
    alertIcon,
    button: (...args) => this.button(...args),
    message: (key) => this.message(key),
    run: (...args) => this.run(...args),
    announce: (text) => this.voice.announce(text, 'polite'),
  };
  /** The shown review's last seen version, to announce changes others made. */
  private seen: string | undefined;

  constructor() {
    super();
    // agentId, from and to start undefined: setting them so would record no change.
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
      this.voice.announce(this.t.strings.failed(whyNot(this.t.strings, error)), 'assertive');
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
    const service = this.data.service;
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

  // ---- rendering -----------------------------------------------------------------------------

  private get level(): number {
    return headingLevelOf(this.headingLevel);
  }

  private message(key: string): TemplateResult | typeof nothing {
    const failure = this.failures.get(key);
    if (failure === undefined) return nothing;
    return html`<p part="message" class="message" data-kind="error">${alertIcon()}<span>${this.t.strings.failed(whyNot(this.t.strings, failure.error))}</span></p>`;
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
    let body: TemplateResult | typeof nothing;
    if (this.data.service === undefined) body = html`<p part="message" class="message">${s.noService}</p>`;
    else if (agentId === undefined) body = html`<p class="muted">${s.chooseAgent}</p>`;
    else if (this.data.value === undefined && this.data.error !== undefined) body = loadFailure(s, this.data.error, this.data.retryIn);
    else if (this.data.value === undefined) body = html`<p class="muted">…</p>`;
    else {
      const review = this.current;
      body = review === undefined ? this.renderNone() : this.renderView(review, this.data.value);
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

  protected override getUpdateComplete(): Promise<boolean> {
    return this.view.settled(() => super.getUpdateComplete());
  }

  /** The review, once its view's module is here; the first render that shows a review loads it. */
  private renderView(review: Review, data: Loaded): TemplateResult | typeof nothing {
    const view = this.view.get('review');
    if (view !== undefined) return view.renderReview(this.viewHost, review, data);
    return this.view.failed ? html`<p part="message" class="message" data-kind="error">${alertIcon()}<span>${this.t.strings.partFailed}</span></p>` : nothing;
  }
}
