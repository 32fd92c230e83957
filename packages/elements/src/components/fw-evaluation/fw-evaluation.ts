import { ErrorCode, FloorwalkError, isFloorwalkError, importOnce, type Floorwalk, type Session, type StoreChange } from '@floorwalk/core';
import { wholeScore, type Answer, type Evaluation, type Evaluations, type Scorecard } from '@floorwalk/core/evaluations';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { FwEvaluationChangedEvent } from '../../events/fw-evaluation-changed.js';
import { FwEvaluationFailedEvent, type EvaluationAction } from '../../events/fw-evaluation-failed.js';
import { channelStateCatalog } from '../../internal/common-strings.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { EvaluationsController } from '../../internal/controllers/evaluations-controller.js';
import { loadFailure, whyNot } from '../../internal/evaluations-words.js';
import { FwElement } from '../../internal/fw-element.js';
import { alertIcon, channelIcon } from '../../internal/icons.js';
import { LazyParts } from '../../internal/lazy-parts.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatNumber, formatPercent, formatTime } from '../../internal/format.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { panelStyles, reviewFormStyles } from '../../internal/panel.styles.js';
import { evaluationCatalog } from './fw-evaluation.strings.js';
import { evaluationStyles } from './fw-evaluation.styles.js';
import type { AgentHost } from './agent.js';
import type { FormHost, FormState } from './form.js';
import { headingLevelOf } from '../../internal/pending.js';

/** Each side's part loaded on first need: the evaluator's form, the agent's answers and reply. */
interface Parts {
  form: typeof import('./form.js');
  agent: typeof import('./agent.js');
}
const loaders: { [K in keyof Parts]: () => Promise<Parts[K]> } = {
  form: importOnce(() => import('./form.js')),
  agent: importOnce(() => import('./agent.js')),
};

/** Loads a part once per page, for every element on it; a failed load may be retried. */
const loadPart = <K extends keyof Parts>(name: K): Promise<Parts[K]> => loaders[name]();

/** Which side the element shows: `auto` picks from the session's role. */
export type EvaluationView = 'auto' | 'evaluator' | 'agent';

interface Loaded {
  readonly cards: readonly Scorecard[];
  readonly list: readonly Evaluation[];
}

let uid = 0;

/** Whether an answer read from the backplane is one the scorecard's criterion could take. */
const isAnswer = (value: unknown): value is Answer => value === 'yes' || value === 'no' || value === 'na' || (typeof value === 'number' && Number.isInteger(value));

/**
 * Quality evaluation of one interaction against a weighted scorecard, over
 * `@floorwalk/core/evaluations`.
 *
 * - **An evaluator's session** (`qa`, `supervisor`, `admin`): pick the agent, one of their recent
 *   interactions and a scorecard (or fix them with `agent-id`, `interaction-id`, `scorecard-id`),
 *   answer each criterion (Yes / No / N/A, or a point on a scale), and read the weighted score as
 *   it changes; a failed critical criterion zeroes it and says which. **Save draft** keeps it
 *   from the agent; **Release to the agent** shows it to them. The list below shows each
 *   evaluation's state and the agent's answer; drafts and disputed ones can be edited again.
 * - **An agent's session:** the evaluations released to them, read-only, with each criterion's
 *   answer and the score, and **Acknowledge** or **Dispute** (a comment is required to dispute).
 *
 * Controls a role may not use stay focusable, `aria-disabled`, with the reason beside them. Saves,
 * releases and answers are announced politely; new evaluations to the agent and answers to the
 * evaluator too; failures assertively.
 *
 * @tagname fw-evaluation
 * @summary Score an interaction against a scorecard, release it, and let the agent acknowledge or dispute it.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @event fw-evaluation-changed - The user's save, release, acknowledgement or dispute was stored. `action`, `evaluation`.
 * @event fw-evaluation-failed - An action did not happen. `action`, `evaluationId`, `error`.
 *
 * @csspart base - The wrapper (a `section`).
 * @csspart heading - The heading.
 * @csspart form - The evaluator's form.
 * @csspart agent-select - The agent picker (when no `agent-id` is set).
 * @csspart interaction-select - The interaction picker (when no `interaction-id` is set).
 * @csspart scorecard-select - The scorecard picker (when no `scorecard-id` is set).
 * @csspart criterion - One criterion's group of answers.
 * @csspart score - The live score.
 * @csspart comment-input - The evaluator's comment field.
 * @csspart save - The Save draft button.
 * @csspart release - The Release button.
 * @csspart list - The list of evaluations.
 * @csspart evaluation - One evaluation.
 * @csspart answers - An evaluation's table of answers.
 * @csspart state - An evaluation's state.
 * @csspart reply-input - The agent's comment field.
 * @csspart acknowledge - The Acknowledge button.
 * @csspart dispute - The Dispute button.
 * @csspart action - Other buttons (Edit).
 * @csspart reason - Why a control cannot be used.
 * @csspart message - Failure or "unavailable" text.
 *
 * @cssproperty --fw-evaluation-background - The wrapper's background.
 * @cssproperty --fw-evaluation-border-color - The wrapper's border.
 * @cssproperty --fw-evaluation-radius - Corner radius of the wrapper, fields and buttons.
 * @cssproperty --fw-evaluation-accent-color - The score and released evaluations' rule.
 * @cssproperty --fw-evaluation-critical-color - Critical failures and errors.
 *
 * @cssstate evaluator - Showing the evaluator's view.
 * @cssstate agent - Showing the agent's view.
 * @cssstate critical - The form's answers fail a critical criterion.
 * @cssstate pending - Something waits for the evaluations service.
 * @cssstate failed - Something did not happen; the message says why.
 */
export class FwEvaluation extends FwElement {
  static override styles: CSSResultGroup = [frameStyles, panelStyles('fw-evaluation'), reviewFormStyles('fw-evaluation'), evaluationStyles];

  static override properties = {
    client: { attribute: false },
    evaluations: { attribute: false },
    view: { type: String },
    agentId: { type: String, attribute: 'agent-id' },
    interactionId: { type: String, attribute: 'interaction-id' },
    scorecardId: { type: String, attribute: 'scorecard-id' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    displayName: { attribute: false },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client, for agents' names and their interactions; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** The evaluations service of this session (`createEvaluations(...)`). */
  declare evaluations: Evaluations | undefined;
  /** `evaluator`, `agent`, or `auto`: agent for a session of role `agent`, else evaluator. */
  declare view: EvaluationView;
  /** Evaluator: evaluate and list this agent only. Unset: pick any agent in view. */
  declare agentId: string | undefined;
  /** Evaluator: evaluate this interaction. Unset: pick one of the agent's recent interactions. */
  declare interactionId: string | undefined;
  /** Evaluator: use this scorecard. Unset: pick one (the only one is picked for you). */
  declare scorecardId: string | undefined;
  /** The level of the heading, 1–6. Default 3. */
  declare headingLevel: number;
  /** How to name a person from their user id, for people who are not agents (an evaluator). Defaults to the id. */
  declare displayName: ((userId: string) => string | undefined) | undefined;

  // ---- internal state --------------------------------------------------------------------

  private readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  private readonly data = new EvaluationsController<Loaded>(this, (service) => this.load(service));
  private readonly t = new LocalizeController(this, evaluationCatalog);
  private readonly common = new LocalizeController(this, channelStateCatalog);
  private readonly voice = new AnnounceController(this);
  private readonly ids = `fw-evaluation-${++uid}`;
  private readonly busy = new Map<string, EvaluationAction>();
  private readonly failures = new Map<string, { action: EvaluationAction; error: FloorwalkError }>();
  private readonly f: FormState = { agent: '', interaction: '', card: '', answers: new Map(), comment: '', editing: undefined, error: undefined };
  /** The parts, loaded when the element first shows them. */
  private readonly parts = new LazyParts<Parts>(this, loadPart, () => this.voice.announce(this.t.strings.partFailed, 'assertive'));
  private readonly agentHost: AgentHost = {
    el: this,
    ids: this.ids,
    strings: () => this.t.strings,
    localize: (catalog) => new LocalizeController(this, catalog),
    me: () => this.me,
    interactionLabel: (id) => this.interactionLabel(id),
    num: (value) => formatNumber(this.t.lang, value),
    alertIcon,
    busy: this.busy,
    run: (...args) => this.run(...args),
    announce: (text) => this.voice.announce(text, 'polite'),
  };
  /** The agent's side's host and what the form needs besides (a distinct object: each part keys its state by its host). */
  private readonly formHost: FormHost = {
    ...this.agentHost,
    f: this.f,
    client: () => this.clients.client,
    cards: () => this.data.value?.cards ?? [],
    role: () => this.session?.role,
    level: () => this.level,
    person: (userId) => this.person(userId),
    scoreText: (score) => this.scoreText(score),
    pct: (score) => this.pct(score),
    message: (key) => this.message(key),
    critical: (on) => (this.critical = on),
  };
  /** Each evaluation's last seen state, to announce what others changed; undefined before the first load. */
  private known: Map<string, string> | undefined;
  /** Whether the form's answers, as last rendered, fail a critical criterion. */
  private critical = false;

  constructor() {
    super();
    this.view = 'auto';
    // agentId, interactionId, scorecardId and displayName start undefined: setting them so would record no change.
    this.headingLevel = 3;
  }

  override willUpdate(changed: PropertyValues): void {
    // The evaluator's list is filtered by agent; another agent means another load, and the
    // interaction picked for the previous one no longer applies.
    if (changed.has('agentId') && changed.get('agentId') !== undefined) {
      this.f.interaction = '';
      this.f.error = undefined;
      this.data.reload();
    }
  }

  override updated(): void {
    this.toggleState('evaluator', this.side === 'evaluator');
    this.toggleState('agent', this.side === 'agent');
    this.toggleState('pending', this.busy.size > 0);
    this.toggleState('failed', this.failures.size > 0);
    this.toggleState('critical', this.critical);
  }

  private onStoreChange(change: StoreChange): boolean {
    // A centre of thousands changes every frame; only the agent in the form (or the picker's
    // names, while none is chosen) matters here.
    if (change.reset) return true;
    const agentId = this.f.editing?.agentId ?? (this.agentId || this.f.agent);
    if (agentId === '') return change.agents.size > 0;
    if (change.agents.has(agentId)) return true;
    const client = this.clients.client;
    for (const id of change.interactions) if (client?.getInteraction(id)?.agentId === agentId) return true;
    return false;
  }

  private load(service: Evaluations): Promise<Loaded> {
    const agentId = this.side === 'evaluator' && this.agentId ? this.agentId : undefined;
    return Promise.all([service.getScorecards(), service.getEvaluations(agentId === undefined ? {} : { agentId })]).then(([cards, list]) => {
      this.noticeChanges(list, cards);
      return { cards, list };
    });
  }

  private get session(): Session | undefined {
    return this.evaluations?.session ?? this.clients.client?.session;
  }

  private get side(): 'evaluator' | 'agent' {
    if (this.view === 'evaluator' || this.view === 'agent') return this.view;
    return this.session?.role === 'agent' ? 'agent' : 'evaluator';
  }

  private get me(): string | undefined {
    const s = this.session;
    return s === undefined ? undefined : (s.agentId ?? (s.role === 'agent' ? s.userId : undefined));
  }

  private person(userId: string): string {
    if (userId === this.session?.userId) return this.t.strings.you;
    // An evaluator is seldom an agent: the agent read "By sup-demo" without the host's name for them.
    return this.clients.client?.getAgent(userId)?.name ?? this.displayName?.(userId) ?? userId;
  }

  private interactionLabel(id: string): string {
    const i = this.clients.client?.getInteraction(id);
    if (i === undefined) return id;
    return this.t.strings.interaction(this.common.strings.channel(i.channel), formatTime(this.t.lang, i.connectedAt ?? i.createdAt), this.common.strings.interactionState(i.state));
  }

  /** A score as shown everywhere: the core's whole percentage, never rounded up to 100. */
  private pct(score: number): string {
    return formatPercent(this.t.lang, wholeScore(score) / 100);
  }

  private scoreText(score: number | null): string {
    return score === null ? this.t.strings.noScore : this.t.strings.score(this.pct(score));
  }

  /** Voices what other sessions changed since the last load: new releases to the agent, answers to the evaluator. */
  private noticeChanges(list: readonly Evaluation[], cards: readonly Scorecard[]): void {
    const first = this.known === undefined;
    const known = new Map<string, string>();
    const said: string[] = [];
    const s = this.t.strings;
    for (const e of list) {
      known.set(e.id, e.state);
      const before = this.known?.get(e.id);
      if (first || before === e.state || this.busy.has(e.id)) continue;
      if (this.side === 'agent' && e.state === 'released' && e.agentId === this.me) said.push(s.announceNew(cards.find((c) => c.id === e.scorecardId)?.name ?? e.scorecardId, this.scoreText(e.score)));
      else if (this.side === 'evaluator' && (e.state === 'acknowledged' || e.state === 'disputed') && before !== undefined) said.push(s.announceAnswered(this.person(e.agentId), s.state(e.state)));
    }
    this.known = known;
    if (said.length > 0) void this.updateComplete.then(() => this.voice.announce(said.join(' '), 'polite'));
  }

  // ---- actions -------------------------------------------------------------------------------

  private async run(key: string, action: EvaluationAction, evaluationId: string | undefined, send: () => Promise<Evaluation>): Promise<Evaluation | undefined> {
    if (this.busy.has(key)) return undefined;
    this.busy.set(key, action);
    this.failures.delete(key);
    this.requestUpdate();
    try {
      const result = await send();
      this.known?.set(result.id, result.state);
      this.dispatch(new FwEvaluationChangedEvent(action, result));
      return result;
    } catch (err) {
      const error = isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.Internal, `${action} failed: ${String(err)}`, { cause: err });
      this.failures.set(key, { action, error });
      this.dispatch(new FwEvaluationFailedEvent(action, evaluationId, error));
      this.voice.announce(this.t.strings.failed(whyNot(this.t.strings, error)), 'assertive');
      return undefined;
    } finally {
      this.busy.delete(key);
      this.requestUpdate();
    }
  }

  private edit(e: Evaluation): void {
    const f = this.f;
    f.editing = e;
    f.answers = new Map(Object.entries(e.answers).filter((entry): entry is [string, Answer] => isAnswer(entry[1])));
    f.comment = typeof e.comment === 'string' ? e.comment : '';
    f.error = undefined;
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('fieldset[data-criterion] input')?.focus());
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

  protected override render(): TemplateResult {
    const s = this.t.strings;
    const service = this.data.service;
    const headingId = `${this.ids}-heading`;
    this.critical = false;
    let body: TemplateResult | typeof nothing;
    if (service === undefined) body = html`<p part="message" class="message">${s.noService}</p>`;
    else if (this.data.value === undefined && this.data.error !== undefined) body = loadFailure(s, this.data.error, this.data.retryIn);
    else if (this.data.value === undefined) body = html`<p class="muted">…</p>`;
    else body = this.side === 'agent' ? this.renderAgent(this.data.value) : html`${this.parts.get('form')?.renderForm(this.formHost) ?? this.partFailed()}${this.renderEvaluatorList(this.data.value)}`;
    return html`<section part="base" class="base" aria-labelledby=${headingId}>
      <div part="heading" id=${headingId} class="heading" role="heading" aria-level=${this.level}>${s.heading}</div>
      ${body}
    </section>`;
  }

  // ---- the evaluator's form ------------------------------------------------------------------

  protected override getUpdateComplete(): Promise<boolean> {
    return this.parts.settled(() => super.getUpdateComplete());
  }

  /** Why a part could not be loaded, where the part would be. */
  private partFailed(): TemplateResult | typeof nothing {
    return this.parts.failed ? html`<p part="message" class="message" data-kind="error">${alertIcon()}<span>${this.t.strings.partFailed}</span></p>` : nothing;
  }

  private renderEvaluatorList(data: Loaded): TemplateResult {
    const s = this.t.strings;
    const listHeading = `${this.ids}-list-heading`;
    const list = [...data.list].reverse();
    return html`<div class="list-wrap">
      <div id=${listHeading} class="subheading" role="heading" aria-level=${Math.min(6, this.level + 1)}>${s.listHeading}</div>
      ${list.length === 0
        ? html`<p class="muted">${s.noneEvaluator}</p>`
        : html`<ul part="list" class="list" aria-labelledby=${listHeading}>
            ${list.map((e) => this.renderItem(e, data, true))}
          </ul>`}
    </div>`;
  }

  // ---- both sides' list items ----------------------------------------------------------------

  private renderItem(e: Evaluation, data: Loaded, evaluator: boolean, agent?: Parts['agent']): TemplateResult {
    const s = this.t.strings;
    // Read against the card it was scored on, whatever the card has become since.
    const card = e.scorecard ?? data.cards.find((c) => c.id === e.scorecardId);
    const critical = e.criticalFailed.map((id) => card?.criteria.find((c) => c.id === id)?.label ?? id);
    const channel = this.clients.client?.getInteraction(e.interactionId)?.channel;
    const titleId = `${this.ids}-e-${e.id}`;
    // Released again after a dispute: the record's agentComment is cleared, its history keeps why.
    const disputed = e.state === 'disputed' || !Array.isArray(e.history) ? undefined : e.history.filter((h) => h?.action === 'dispute').pop()?.comment;
    return html`<li part="evaluation" class="item" data-id=${e.id} data-state=${e.state} aria-labelledby=${titleId}>
      <p class="line" id=${titleId}>
        ${channel === undefined ? nothing : channelIcon(channel)}<strong>${s.about(card?.name ?? e.scorecardId, evaluator ? this.person(e.agentId) : this.interactionLabel(e.interactionId))}</strong>
      </p>
      ${evaluator ? html`<p class="muted">${this.interactionLabel(e.interactionId)}</p>` : html`<p class="muted">${s.by(this.person(e.evaluatorId))}</p>`}
      <p class="item__score" data-score=${e.score ?? ''}>${this.scoreText(e.score)}${critical.length > 0 ? html` <span class="score__critical">${alertIcon()}${s.criticalFailed(critical.join(', '))}</span>` : nothing}</p>
      <p part="state" class="state">${!evaluator && e.state === 'released' ? s.releasedToYou : s.state(e.state)}</p>
      ${card === undefined || agent === undefined ? nothing : agent.renderAnswers(this.agentHost, e, card)}
      ${typeof e.comment === 'string' ? html`<p class="comment" data-comment="evaluator">${s.evaluatorComment(e.comment)}</p>` : nothing}
      ${typeof e.agentComment === 'string' ? html`<p class="comment" data-comment="agent">${s.agentComment(e.agentComment)}</p>` : nothing}
      ${typeof disputed === 'string' ? html`<p class="comment" data-comment="dispute">${s.disputedEarlier(disputed)}</p>` : nothing}
      ${evaluator
        ? (e.state === 'draft' || e.state === 'disputed') && e.evaluatorId === this.session?.userId && this.f.editing?.id !== e.id
          ? html`<div class="actions"><button part="action" class="button" type="button" data-action="edit" @click=${() => this.edit(e)}>${s.edit}</button></div>`
          : nothing
        : e.state === 'released' && agent !== undefined
          ? agent.renderReply(this.agentHost, e)
          : nothing}
      ${this.message(e.id)}
    </li>`;
  }

  // ---- the agent's side ----------------------------------------------------------------------

  private renderAgent(data: Loaded): TemplateResult | typeof nothing {
    const s = this.t.strings;
    const list = [...data.list].reverse();
    if (list.length === 0) return html`<p class="muted">${s.noneAgent}</p>`;
    const agent = this.parts.get('agent');
    if (agent === undefined) return this.partFailed();
    return html`<ul part="list" class="list">
      ${list.map((e) => this.renderItem(e, data, false, agent))}
    </ul>`;
  }
}
