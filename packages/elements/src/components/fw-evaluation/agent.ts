import type { Criterion, Evaluation, Scorecard } from '@floorwalk/core/evaluations';
import { html, nothing, type TemplateResult } from 'lit';
import type { EvaluationAction } from '../../events/fw-evaluation-failed.js';
import { adoptLater } from '../../internal/adopt.js';
import { actionButton } from './button.js';
import type { Catalog, LocalizeController, Strings } from '../../internal/localize.js';
import { evaluationAgentCatalog } from './agent.strings.js';
import { evaluationAgentStyles } from './agent.styles.js';
import type { FwEvaluation } from './fw-evaluation.js';
import type { evaluationCatalog } from './fw-evaluation.strings.js';

/*
 * The agent's side of each released evaluation: the table of answers, and Acknowledge or Dispute
 * with a comment. An evaluator's session never shows it, so the element loads this module when
 * it first shows an agent's list, and an evaluator's page never does. What it shares with the
 * element comes through the AgentHost, not imports: a module both import would become a third
 * file the element loads up front.
 */

/** What the element lends the agent's side. @internal */
export interface AgentHost {
  readonly el: FwEvaluation;
  readonly ids: string;
  strings(): typeof evaluationCatalog.en;
  /** A localize controller on the element for `catalog`. */
  localize<T extends Strings>(catalog: Catalog<T>): LocalizeController<T>;
  /** This session's own agent id. */
  me(): string | undefined;
  interactionLabel(id: string): string;
  num(value: number): string;
  alertIcon(): TemplateResult;
  /** The actions waiting, by key (an evaluation's id, or the form's). */
  readonly busy: ReadonlyMap<string, EvaluationAction>;
  run(key: string, action: EvaluationAction, evaluationId: string | undefined, send: () => Promise<Evaluation>): Promise<Evaluation | undefined>;
  announce(text: string): void;
}

interface Side {
  readonly words: LocalizeController<typeof evaluationAgentCatalog.en>;
  /** The agent's comment per evaluation, as typed. */
  readonly replies: Map<string, string>;
  /** The evaluation whose Dispute was pressed without a comment. */
  invalid: string | undefined;
}

const sides = new WeakMap<AgentHost, Side>();

/** This element's side: its strings in the element's locale and what the agent typed; the first call also brings the styles. */
function side(v: AgentHost): Side {
  let found = sides.get(v);
  if (found === undefined) {
    found = { words: v.localize(evaluationAgentCatalog), replies: new Map(), invalid: undefined };
    sides.set(v, found);
    adoptLater(v.el.shadowRoot, evaluationAgentStyles);
  }
  return found;
}

function answerText(v: AgentHost, c: Criterion, a: unknown): string {
  const s = v.strings();
  if (a === 'yes') return s.yes;
  if (a === 'no') return s.no;
  if (a === 'na') return s.na;
  if (typeof a === 'number') return side(v).words.strings.scaleOf(v.num(a), v.num(c.scaleMax ?? 5));
  return '—';
}

/** The criteria of a released evaluation and the answer to each. */
export function renderAnswers(v: AgentHost, e: Evaluation, card: Scorecard): TemplateResult {
  const s = v.strings();
  const w = side(v).words.strings;
  return html`<table part="answers" class="answers">
    <caption class="fw-visually-hidden">${s.about(card.name, v.interactionLabel(e.interactionId))}</caption>
    <thead><tr><th scope="col">${w.criterion}</th><th scope="col">${w.answer}</th></tr></thead>
    <tbody>
      ${card.criteria.map(
        (c) => html`<tr data-criterion=${c.id}>
          <th scope="row"><bdi>${c.label}</bdi>${c.critical === true ? html` <span class="critical-mark">(${s.critical})</span>` : nothing}</th>
          <td>${answerText(v, c, e.answers[c.id])}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The agent's comment and Acknowledge / Dispute under a released evaluation. */
export function renderReply(v: AgentHost, e: Evaluation): TemplateResult {
  const state = side(v);
  const w = state.words.strings;
  const inputId = `${v.ids}-reply-${e.id}`;
  const errorId = `${v.ids}-reply-error-${e.id}`;
  const blocked = e.agentId === v.me() ? undefined : w.whyNotYours;
  const invalid = state.invalid === e.id;
  return html`<div class="reply">
    <label class="field" for=${inputId}>${w.replyLabel}</label>
    <textarea
      part="reply-input"
      id=${inputId}
      class="input"
      rows="2"
      maxlength="2000"
      .value=${state.replies.get(e.id) ?? ''}
      aria-invalid=${invalid ? 'true' : nothing}
      aria-describedby=${invalid ? errorId : nothing}
      @input=${(ev: Event) => {
        state.replies.set(e.id, (ev.target as HTMLTextAreaElement).value);
        if (invalid) {
          state.invalid = undefined;
          v.el.requestUpdate();
        }
      }}
    ></textarea>
    ${invalid ? html`<p id=${errorId} class="message" data-kind="error">${v.alertIcon()}<span>${w.disputeNeedsComment}</span></p>` : nothing}
    <div class="actions">
      ${actionButton(v, 'acknowledge', w.acknowledge, e.id, 'acknowledge', blocked, () => answer(v, e, 'acknowledge'), true)}
      ${actionButton(v, 'dispute', w.dispute, e.id, 'dispute', blocked, () => answer(v, e, 'dispute'))}
    </div>
  </div>`;
}

function answer(v: AgentHost, e: Evaluation, action: 'acknowledge' | 'dispute'): void {
  const el = v.el;
  const service = el.evaluations;
  const state = side(v);
  const w = state.words.strings;
  if (service === undefined) return;
  if (e.agentId !== v.me()) {
    v.announce(w.whyNotYours);
    return;
  }
  const text = (state.replies.get(e.id) ?? '').trim();
  if (action === 'dispute' && text === '') {
    state.invalid = e.id;
    el.requestUpdate();
    void el.updateComplete.then(() => el.renderRoot.querySelector<HTMLElement>(`#${v.ids}-reply-${CSS.escape(e.id)}`)?.focus());
    return;
  }
  state.invalid = undefined;
  void v.run(e.id, action, e.id, () => (action === 'dispute' ? service.dispute(e.id, text) : service.acknowledge(e.id, text === '' ? undefined : text))).then((done) => {
    if (done === undefined) return;
    state.replies.delete(e.id);
    v.announce(state.words.strings.announceMine(v.strings().state(done.state)));
  });
}
