import type { Floorwalk, Interaction } from '@floorwalk/core';
import { scoreEvaluation, type Answer, type Criterion, type Evaluation, type Scorecard } from '@floorwalk/core/evaluations';
import { html, nothing, type TemplateResult } from 'lit';
import { adoptLater } from '../../internal/adopt.js';
import { actionButton } from './button.js';
import type { LocalizeController } from '../../internal/localize.js';
import type { AgentHost } from './agent.js';
import { evaluationFormCatalog } from './form.strings.js';
import { evaluationFormStyles } from './form.styles.js';

/*
 * The evaluator's form: pick an agent, an interaction and a scorecard, answer each criterion,
 * read the live score, save a draft or release it. An agent's session never shows it, so the
 * element loads this module when it first shows the form, and an agent's page never does. What
 * it shares with the element (strings, icons, formatters, the buttons and their pending and
 * failed states) comes through the FormHost, not imports: a module both import would become a
 * third file the element loads up front.
 */

/** The form's state, kept by the element (its list's Edit and a change of agent reset it). @internal */
export interface FormState {
  agent: string;
  interaction: string;
  card: string;
  answers: Map<string, Answer>;
  comment: string;
  /** The draft (or disputed evaluation) the form edits; undefined for a new one. */
  editing: Evaluation | undefined;
  error: 'incomplete' | 'choose' | undefined;
  /** The idempotency key of the new evaluation this form saves: one per form (and target), not per click. */
  key?: string | undefined;
  /** Where the form's unsaved answers are kept (see `slotOf`), as last rendered. */
  slot?: string | undefined;
  /** Whether the form holds answers or a comment not saved yet (kept in the tab meanwhile). */
  unsaved?: boolean;
}

/** What the element lends the form: what it lends the agent's side, and more. @internal */
export interface FormHost extends AgentHost {
  readonly f: FormState;
  client(): Floorwalk | undefined;
  /** The scorecards loaded. */
  cards(): readonly Scorecard[];
  role(): string | undefined;
  level(): number;
  person(userId: string): string;
  scoreText(score: number | null): string;
  /** A score (0..100) as a percentage, as the element shows scores. */
  pct(score: number): string;
  message(key: string): TemplateResult | typeof nothing;
  /** Whether the form's answers, as rendered, fail a critical criterion. */
  critical(on: boolean): void;
}

const EVALUATORS: ReadonlySet<string> = new Set(['qa', 'supervisor', 'admin']);
const FORM = 'form';

const words = new WeakMap<FormHost, LocalizeController<typeof evaluationFormCatalog.en>>();

/*
 * Unsaved answers, kept per evaluator, scorecard, interaction (and evaluation, when editing one)
 * in sessionStorage until saved, so that a save lost to the network or a reload loses nothing.
 * sessionStorage rather than IndexedDB: it is this tab's alone (two tabs' forms never overwrite
 * each other), it goes when the tab closes (nothing lingers on a shared desk), it is synchronous
 * (kept on every answer, none lost to a reload mid-write) and costs the element no code to
 * load. Only the evaluator's own answers and comment are kept, with the key of the save they
 * belong to: never a customer field, a name or a score. Where sessionStorage is refused (a
 * sandboxed frame, storage blocked or full), memory keeps them for the page's life.
 */
const PREFIX = 'fw-evaluation:';
const memory = new Map<string, string>();

interface Unsaved {
  /** The answers, by criterion id. */
  a: [string, Answer][];
  /** The comment. */
  c: string;
  /** The idempotency key of the save these answers are for. */
  k?: string | undefined;
}

/** A random key; getRandomValues, unlike randomUUID, works on pages not served securely too. */
const newKey = (): string => Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join('-');

function storage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { keys(): string[] } {
  try {
    // Reading it throws where storage is blocked (a sandboxed or third-party frame).
    const s = sessionStorage;
    return { getItem: (k) => s.getItem(k), setItem: (k, v) => s.setItem(k, v), removeItem: (k) => s.removeItem(k), keys: () => Object.keys(s) };
  } catch {
    return { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v), removeItem: (k) => void memory.delete(k), keys: () => [...memory.keys()] };
  }
}

function readSlot(slot: string): Unsaved | undefined {
  try {
    const u = JSON.parse(storage().getItem(slot) ?? 'null') as Unsaved | null;
    return u !== null && Array.isArray(u.a) && typeof u.c === 'string' ? u : undefined;
  } catch {
    return undefined;
  }
}

function writeSlot(slot: string, value: Unsaved | undefined): void {
  const raw = value === undefined ? undefined : JSON.stringify(value);
  try {
    if (raw === undefined) storage().removeItem(slot);
    else storage().setItem(slot, raw);
  } catch {
    // Full: memory keeps it instead.
    if (raw === undefined) memory.delete(slot);
    else memory.set(slot, raw);
  }
}

/** Where the unsaved answers of the form's target are kept, or '' while it has none. */
function slotOf(v: FormHost): string {
  const { interactionId, card } = target(v);
  const user = v.el.evaluations?.session.userId;
  return user === undefined || interactionId === '' || card === undefined ? '' : PREFIX + JSON.stringify([user, card.id, interactionId, v.f.editing?.id ?? '']);
}

/** Keeps the form's answers and comment, unsaved, in the tab. */
function keep(v: FormHost): void {
  const f = v.f;
  const slot = slotOf(v);
  if (slot === '') return;
  f.key ??= newKey();
  writeSlot(slot, { a: [...f.answers], c: f.comment, k: f.key });
  // The note that they are not saved yet appears with the first of them.
  if (!f.unsaved) {
    f.unsaved = true;
    update(v);
  }
}

/**
 * Follows the form to another target: its unsaved answers, if kept, come back (said on screen
 * and voiced); answers given before the target was complete (the interaction picked last) are
 * kept under it. After a reload, a new form with nothing chosen yet first opens on what this
 * evaluator left unsaved.
 */
function follow(v: FormHost): void {
  const { el, f } = v;
  if (f.slot === undefined && f.editing === undefined && f.agent === '' && f.interaction === '' && f.card === '') {
    const user = el.evaluations?.session.userId;
    for (const k of storage().keys()) {
      if (!k.startsWith(PREFIX)) continue;
      let parts: unknown;
      try {
        parts = JSON.parse(k.slice(PREFIX.length));
      } catch {
        continue;
      }
      const [by, cardId, interactionId, id] = Array.isArray(parts) ? (parts as string[]) : [];
      const agentId = v.client()?.getInteraction(interactionId ?? '')?.agentId;
      if (by !== user || id !== '' || agentId === undefined || !v.cards().some((c) => c.id === cardId)) continue;
      if ((el.agentId && el.agentId !== agentId) || (el.interactionId && el.interactionId !== interactionId) || (el.scorecardId && el.scorecardId !== cardId)) continue;
      if (!el.interactionId && !interactionsOf(v, agentId).some((i) => i.id === interactionId)) continue;
      f.agent = agentId;
      f.interaction = interactionId!;
      f.card = cardId!;
      break;
    }
  }
  // A scorecard changed under the form (a shorter scale, N/A no longer allowed, yes/no become a
  // scale): an answer the criterion can no longer take is no answer, so a save asks for it
  // rather than being refused by the service for an answer the form does not even show.
  for (const c of target(v).card?.criteria ?? []) {
    const a = f.answers.get(c.id);
    if (a !== undefined && !(a === 'na' ? (c.allowNa ?? c.critical !== true) : c.kind === 'yes-no' ? a === 'yes' || a === 'no' : Number.isInteger(a) && (a as number) >= 0 && (a as number) <= (c.scaleMax ?? 5))) f.answers.delete(c.id);
  }
  const slot = slotOf(v);
  if (slot === f.slot) return;
  f.slot = slot;
  const kept = slot === '' ? undefined : readSlot(slot);
  const empty = f.answers.size === 0 && f.comment === '';
  f.key = undefined;
  f.unsaved = false;
  if (kept !== undefined && (empty || f.editing !== undefined)) {
    const criteria = new Set(target(v).card?.criteria.map((c) => c.id));
    f.answers = new Map(kept.a.filter(([id]) => criteria.has(id)));
    f.comment = kept.c.slice(0, 2000);
    f.key = kept.k;
    f.unsaved = true;
    void v.el.updateComplete.then(() => v.announce(said(v).restored));
  } else if (!empty && f.editing === undefined) keep(v);
}

/** The answers are saved: nothing to keep any more. */
function forget(v: FormHost, slot: string): void {
  if (slot !== '') writeSlot(slot, undefined);
  v.f.unsaved = false;
}

/** The strings only the form says, in the element's locale; the first call also brings the form's styles. */
function said(v: FormHost): typeof evaluationFormCatalog.en {
  let controller = words.get(v);
  if (controller === undefined) {
    controller = v.localize(evaluationFormCatalog);
    words.set(v, controller);
    adoptLater(v.el.shadowRoot, evaluationFormStyles);
  }
  return controller.strings;
}

function target(v: FormHost): { agentId: string; interactionId: string; card: Scorecard | undefined } {
  const { el, f } = v;
  const cards = v.cards();
  const cardId = f.editing?.scorecardId ?? (el.scorecardId || f.card || (cards.length === 1 ? cards[0]!.id : ''));
  return {
    agentId: f.editing?.agentId ?? (el.agentId || f.agent),
    interactionId: f.editing?.interactionId ?? (el.interactionId || f.interaction),
    // An evaluation is edited against the card it was scored on.
    card: f.editing?.scorecard ?? cards.find((c) => c.id === cardId),
  };
}

/** Why the form cannot be saved now, or undefined. */
function blockedWhy(v: FormHost): string | undefined {
  const role = v.role();
  if (role === undefined || !EVALUATORS.has(role)) return said(v).whyRole;
  // An agent with no interaction to pick: the scorecard could be answered and saved about nothing.
  const { agentId, interactionId } = target(v);
  return agentId !== '' && interactionId === '' && interactionsOf(v, agentId).length === 0 ? said(v).nothingToEvaluate : undefined;
}

function update(v: FormHost): void {
  v.el.requestUpdate();
}

/** Back to a new, empty evaluation. Unsaved answers of an edit left stay kept, back when it is edited again. */
function reset(v: FormHost): void {
  const f = v.f;
  f.editing = undefined;
  f.answers = new Map();
  f.comment = '';
  f.interaction = '';
  f.error = undefined;
  f.key = undefined;
  update(v);
}

async function submit(v: FormHost, release: boolean): Promise<void> {
  const { el, f } = v;
  const service = el.evaluations;
  const blocked = blockedWhy(v);
  if (service === undefined) return;
  if (blocked !== undefined) {
    v.announce(blocked);
    return;
  }
  const { agentId, interactionId, card } = target(v);
  if (agentId === '' || interactionId === '' || card === undefined) {
    f.error = 'choose';
    update(v);
    // The pickers still to choose are marked invalid; the first one takes focus.
    await el.updateComplete;
    el.renderRoot.querySelector<HTMLElement>('select[aria-invalid]')?.focus();
    return;
  }
  const missing = card.criteria.filter((c) => !f.answers.has(c.id));
  if (missing.length > 0) {
    f.error = 'incomplete';
    update(v);
    await el.updateComplete;
    el.renderRoot.querySelector<HTMLInputElement>(`fieldset[data-criterion="${CSS.escape(missing[0]!.id)}"] input`)?.focus();
    return;
  }
  f.error = undefined;
  // Only the card's criteria: one dropped from the card since it was answered has no group left
  // in the form to clear, and the service would refuse its answer.
  const answers = Object.fromEntries([...f.answers].filter(([id]) => card.criteria.some((c) => c.id === id))) as Record<string, Answer>;
  const comment = f.comment.trim();
  const editing = f.editing;
  // One key per form: a retry of a save that timed out (but was stored) finds that draft.
  const key = (f.key ??= newKey());
  const slot = slotOf(v);
  const sent = JSON.stringify([[...f.answers], f.comment]);
  // Releasing a draft with nothing changed since it was saved or loaded (a release retried after
  // its reply was lost, say) releases it as it is: a save first would be refused as changed since.
  const saved =
    release && editing !== undefined && !f.unsaved
      ? editing
      : await v.run(FORM, 'save', editing?.id, () =>
          editing !== undefined
            ? service.revise(editing.id, answers, comment, editing)
            : service.evaluate({ scorecardId: card.id, interactionId, agentId, answers, key, ...(comment === '' ? {} : { comment }) }),
        );
  if (saved === undefined) return;
  forget(v, slot);
  f.editing = saved;
  // Now an edit of the draft, with a slot of its own: answers changed while the save was in
  // flight are kept there, still unsaved.
  f.slot = slotOf(v);
  if (JSON.stringify([[...f.answers], f.comment]) !== sent) keep(v);
  update(v);
  if (!release) {
    v.announce(said(v).announceSaved(v.scoreText(saved.score)));
    return;
  }
  // Released as it was saved or loaded here: changed since (another tab), it is refused, not released unseen.
  const released = await v.run(FORM, 'release', saved.id, () => service.release(saved.id, saved));
  if (released === undefined) return;
  v.announce(said(v).announceReleased(v.person(released.agentId)));
  reset(v);
}

function interactionsOf(v: FormHost, agentId: string): Interaction[] {
  const client = v.client();
  if (client === undefined || agentId === '') return [];
  return client
    .getInteractions({ agentId, includeEnded: true })
    .filter((i) => i.connectedAt !== undefined)
    .sort((a, b) => (b.connectedAt ?? 0) - (a.connectedAt ?? 0))
    .slice(0, 20);
}

/** A picker's invalid mark after a save refused for want of its choice, described by the error. */
const unchosen = (v: FormHost, value: string) => (v.f.error === 'choose' && value === '' ? `${v.ids}-form-error` : undefined);

/** The evaluator's form for the scorecards loaded. */
export function renderForm(v: FormHost): TemplateResult {
  follow(v);
  const cards = v.cards();
  const { el, f } = v;
  const s = v.strings();
  const w = said(v);
  const client = v.client();
  const { agentId, interactionId, card } = target(v);
  const fixed = f.editing !== undefined;
  const formHeading = `${v.ids}-form-heading`;
  const blocked = blockedWhy(v);
  const sub = Math.min(6, v.level() + 1);
  const agents = client === undefined ? [] : [...client.getAgents()].sort((a, b) => a.name.localeCompare(b.name));
  const interactions = interactionsOf(v, agentId);
  const error = f.error === 'choose' ? w.chooseFirst : f.error === 'incomplete' && card !== undefined ? w.incomplete(card.criteria.filter((c) => !f.answers.has(c.id)).length) : undefined;
  return html`<form part="form" class="form" novalidate aria-labelledby=${formHeading} @submit=${(e: Event) => {
    e.preventDefault();
    void submit(v, false);
  }}>
    <div id=${formHeading} class="subheading" role="heading" aria-level=${sub}>
      ${fixed ? w.editing(s.state(f.editing!.state)) : w.formHeading}${agentId ? html`: <bdi>${v.person(agentId)}</bdi>` : nothing}
    </div>
    ${el.agentId || fixed
      ? nothing
      : html`<label class="field"><span>${w.agentLabel}</span>
          <select part="agent-select" class="input" data-field="agent" aria-invalid=${unchosen(v, f.agent) ? 'true' : nothing} aria-describedby=${unchosen(v, f.agent) ?? nothing} @change=${(e: Event) => {
            f.agent = (e.target as HTMLSelectElement).value;
            f.interaction = '';
            update(v);
          }}>
            <option value="" ?selected=${f.agent === ''}>${w.chooseAgent}</option>
            ${agents.map((a) => html`<option value=${a.id} ?selected=${a.id === f.agent}>${a.name}</option>`)}
          </select></label>`}
    ${el.interactionId || fixed
      ? html`<p class="muted">${w.interactionLabel}: ${v.interactionLabel(interactionId)}</p>`
      : agentId === ''
        ? nothing
        : interactions.length === 0
          ? html`<p class="muted">${w.noInteractions}</p>`
          : html`<label class="field"><span>${w.interactionLabel}</span>
              <select part="interaction-select" class="input" data-field="interaction" aria-invalid=${unchosen(v, f.interaction) ? 'true' : nothing} aria-describedby=${unchosen(v, f.interaction) ?? nothing} @change=${(e: Event) => {
                f.interaction = (e.target as HTMLSelectElement).value;
                update(v);
              }}>
                <option value="" ?selected=${f.interaction === ''}>${w.chooseInteraction}</option>
                ${interactions.map((i) => html`<option value=${i.id} ?selected=${i.id === f.interaction}>${v.interactionLabel(i.id)}</option>`)}
              </select></label>`}
    ${el.scorecardId || fixed || cards.length === 1
      ? card === undefined
        ? nothing
        : html`<p class="muted">${w.scorecardLabel}: <bdi>${card.name}</bdi></p>`
      : cards.length === 0
        ? html`<p class="muted">${w.noScorecards}</p>`
        : html`<label class="field"><span>${w.scorecardLabel}</span>
            <select part="scorecard-select" class="input" data-field="scorecard" aria-invalid=${unchosen(v, f.card) ? 'true' : nothing} aria-describedby=${unchosen(v, f.card) ?? nothing} @change=${(e: Event) => {
              f.card = (e.target as HTMLSelectElement).value;
              f.answers = new Map();
              update(v);
            }}>
              <option value="" ?selected=${f.card === ''}>${w.chooseScorecard}</option>
              ${cards.map((c) => html`<option value=${c.id} ?selected=${c.id === f.card}>${c.name}</option>`)}
            </select></label>`}
    ${card === undefined ? nothing : html`${card.criteria.map((c) => renderCriterion(v, c))} ${renderScore(v, card)}`}
    <label class="field"><span>${w.commentLabel}</span>
      <textarea part="comment-input" class="input" rows="2" maxlength="2000" .value=${f.comment} @input=${(e: Event) => {
        f.comment = (e.target as HTMLTextAreaElement).value;
        keep(v);
      }}></textarea>
    </label>
    ${f.unsaved ? html`<p class="muted" data-unsaved>${w.unsaved}</p>` : nothing}
    ${error === undefined ? nothing : html`<p id=${`${v.ids}-form-error`} class="message" data-kind="error" role="alert">${v.alertIcon()}<span>${error}</span></p>`}
    <div class="actions">
      ${actionButton(v, 'save', w.save, FORM, 'save', blocked, () => void submit(v, false))}
      ${actionButton(v, 'release', w.release, FORM, 'release', blocked, () => void submit(v, true), true)}
      ${fixed ? html`<button part="action" class="button" type="button" @click=${() => reset(v)}>${w.newEvaluation}</button>` : nothing}
    </div>
    ${v.message(FORM)}
  </form>`;
}

function renderCriterion(v: FormHost, c: Criterion): TemplateResult {
  const f = v.f;
  const s = v.strings();
  const name = `${v.ids}-c-${c.id}`;
  const value = f.answers.get(c.id);
  const options: { value: Answer; label: string }[] =
    c.kind === 'yes-no'
      ? [
          { value: 'yes', label: s.yes },
          { value: 'no', label: s.no },
        ]
      : Array.from({ length: (c.scaleMax ?? 5) + 1 }, (_, n) => ({ value: n, label: v.num(n) }));
  if (c.allowNa ?? c.critical !== true) options.push({ value: 'na', label: s.na });
  const missing = f.error === 'incomplete' && value === undefined;
  return html`<fieldset part="criterion" class="criterion" data-criterion=${c.id} data-kind=${c.kind} ?data-critical=${c.critical === true} aria-invalid=${missing ? 'true' : nothing}>
    <legend>
      <bdi class="criterion__label">${c.label}</bdi>
      <span class="criterion__meta">${said(v).weight(v.num(c.weight))}${c.critical === true ? html` · <strong class="critical-mark">${v.alertIcon()}${s.critical}</strong>` : nothing}</span>
    </legend>
    <div class="options">
      ${options.map(
        (o) => html`<label class="option">
          <input type="radio" name=${name} .value=${String(o.value)} .checked=${value === o.value} @change=${() => {
            f.answers.set(c.id, o.value);
            f.answers = new Map(f.answers);
            if (f.error === 'incomplete' && target(v).card?.criteria.every((x) => f.answers.has(x.id))) f.error = undefined;
            keep(v);
            update(v);
          }} />
          <bdi>${o.label}</bdi>
        </label>`,
      )}
    </div>
  </fieldset>`;
}

function renderScore(v: FormHost, card: Scorecard): TemplateResult {
  const answers = v.f.answers;
  const s = v.strings();
  const w = said(v);
  const answered = card.criteria.filter((c) => answers.has(c.id));
  let text: string;
  let critical: string[] = [];
  if (answered.length === 0) text = w.noScoreYet;
  else {
    // Scored over the answered criteria only, so the figure moves as each answer is given.
    const result = scoreEvaluation({ ...card, criteria: answered }, Object.fromEntries([...answers].filter(([id]) => answered.some((c) => c.id === id))));
    critical = [...result.criticalFailed];
    const value = result.score === null ? '—' : v.pct(result.score);
    text = result.score === null && answered.length === card.criteria.length ? w.allNa : answered.length < card.criteria.length ? w.provisional(value, answered.length, card.criteria.length) : value;
  }
  v.critical(critical.length > 0);
  const labels = critical.map((id) => card.criteria.find((c) => c.id === id)?.label ?? id).join(', ');
  // The figure alone once complete: beside its label, "Score 89%" read "Score Score 89%".
  return html`<div class="score" part="score" ?data-critical=${critical.length > 0}>
    <span class="score__label">${w.scoreLabel}</span>
    <output class="score__value" aria-live="polite">${text}${critical.length > 0 ? html` <span class="score__critical">${v.alertIcon()}${s.criticalFailed(labels)}</span>` : nothing}</output>
  </div>`;
}
