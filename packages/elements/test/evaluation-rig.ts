// A QA analyst's centre run for twenty minutes, an in-memory evaluations service with one
// scorecard, and an agent seated with their own client and service; fw-evaluation mounted on
// either side, and driven as a person does (fw-evaluation's tests and its tree check).
import type { Floorwalk, Session } from '@floorwalk/core';
import { createMemoryBackplane } from '@floorwalk/core/backplane';
import { createEvaluations, type Evaluations, type EvaluationsBackplane, type Scorecard } from '@floorwalk/core/evaluations';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import type { FwEvaluation } from '../src/components/fw-evaluation/fw-evaluation.js';
import type { FwEvaluationChangedEvent } from '../src/events/fw-evaluation-changed.js';
import type { FwEvaluationFailedEvent } from '../src/events/fw-evaluation-failed.js';
import { createCentre, type Centre } from './centre.js';

// A QA analyst over every team; no simulated person acts for them.
export const QA: Session = { userId: 'qa-1', role: 'qa', teamIds: 'all' };

/*
 * Weights 2 + 1 + 3 + 2 = 8 points: greet (yes/no), empathy (0-4), resolve (0-5), verify (yes/no, critical).
 * All yes, empathy 3, resolve 4: 2 + 0.75 + 2.4 + 2 = 7.15 of 8 = 89.375 %.
 */
export const CARD: Scorecard = {
  id: 'calls',
  name: 'Voice calls',
  criteria: [
    { id: 'greet', label: 'Greeted the customer', kind: 'yes-no', weight: 2 },
    { id: 'empathy', label: 'Empathy', kind: 'scale', weight: 1, scaleMax: 4 },
    { id: 'resolve', label: 'Resolved the issue', kind: 'scale', weight: 3 },
    { id: 'verify', label: 'Verified identity', kind: 'yes-no', weight: 2, critical: true },
  ],
};

export interface EvaluationScene {
  readonly c: Centre;
  readonly backplane: EvaluationsBackplane;
  readonly qa: Evaluations;
  readonly agentClient: Floorwalk;
  readonly agent: Evaluations;
  readonly agentId: string;
  /** Another agent of the centre, with an interaction of their own. */
  readonly otherId: string;
  readonly interactionId: string;
  readonly otherInteractionId: string;
  /** Another session's service on the same records, through `backplane` when given (one that plays the network's timing). */
  service(session: Session, backplane?: EvaluationsBackplane): Evaluations;
}

/**
 * A centre run for twenty minutes, so agents have handled interactions to evaluate. `keep`
 * receives the centre as soon as it exists, for the caller's `afterEach`.
 */
export async function evaluationScene(keep: (c: Centre) => void): Promise<EvaluationScene> {
  const c = await createCentre({ session: QA });
  keep(c);
  for (let i = 0; i < 10; i++) await c.advance(120_000);
  const handled = c.client.getInteractions({ includeEnded: true }).filter((i) => i.agentId !== undefined && i.connectedAt !== undefined);
  const first = handled[0]!;
  const other = handled.find((i) => i.agentId !== first.agentId)!;
  expect(first, 'the centre handled interactions').to.not.equal(undefined);
  const agentId = first.agentId!;
  const backplane = createMemoryBackplane({ broadcast: false });
  const service = (session: Session, through: EvaluationsBackplane = backplane): Evaluations =>
    createEvaluations({ backplane: through, session, clock: c.clock, teamsOf: (id) => c.client.getAgent(id)?.teamIds ?? [] });
  const qa = service(QA);
  await qa.defineScorecard(CARD);
  const agentSession: Session = { userId: agentId, role: 'agent', agentId, teamIds: [...c.client.getAgent(agentId)!.teamIds] };
  const agentClient = await c.seat(agentSession);
  return { c, backplane, qa, agentClient, agent: service(agentSession), agentId, otherId: other.agentId!, interactionId: first.id, otherInteractionId: other.id, service };
}

export interface MountedEvaluation {
  readonly el: FwEvaluation;
  readonly changed: FwEvaluationChangedEvent[];
  readonly failed: FwEvaluationFailedEvent[];
}

/** An fw-evaluation (the caller defines the element), with its events kept, once it has loaded. */
export async function mountEvaluation(client: Floorwalk | undefined, evaluations: Evaluations | undefined, attrs: { agentId?: string; interactionId?: string; view?: string; lang?: string } = {}): Promise<MountedEvaluation> {
  const el = await fixture<FwEvaluation>(
    html`<fw-evaluation
      .client=${client}
      .evaluations=${evaluations}
      .agentId=${attrs.agentId}
      .interactionId=${attrs.interactionId}
      view=${attrs.view ?? 'auto'}
      lang=${attrs.lang ?? 'en'}
    ></fw-evaluation>`,
  );
  const changed: FwEvaluationChangedEvent[] = [];
  const failed: FwEvaluationFailedEvent[] = [];
  el.addEventListener('fw-evaluation-changed', (e) => changed.push(e));
  el.addEventListener('fw-evaluation-failed', (e) => failed.push(e));
  await loaded(el);
  return { el, changed, failed };
}

export const root = (el: FwEvaluation): ShadowRoot => el.shadowRoot!;

/** Waits until the element has read its service and rendered. */
async function loaded(el: FwEvaluation): Promise<void> {
  await waitUntil(() => el.evaluations === undefined || root(el).querySelector('.muted')?.textContent !== '…', 'the evaluations loaded', { timeout: 3000 });
  await el.updateComplete;
}

/** Lets the service's promises and the subscription's reloads settle, then the renders. */
export async function flush(...els: FwEvaluation[]): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 0));
    for (const el of els) await el.updateComplete;
  }
}

export function radio(el: FwEvaluation, criterion: string, value: string): HTMLInputElement {
  const input = root(el).querySelector<HTMLInputElement>(`fieldset[data-criterion="${criterion}"] input[value="${value}"]`);
  expect(input, `criterion ${criterion} offers ${value}`).to.not.equal(null);
  return input!;
}

export async function answer(el: FwEvaluation, answers: Record<string, string | number>): Promise<void> {
  for (const [criterion, value] of Object.entries(answers)) {
    radio(el, criterion, String(value)).click();
    await el.updateComplete;
  }
}

export async function pickInteraction(el: FwEvaluation, id: string): Promise<void> {
  const select = root(el).querySelector<HTMLSelectElement>('[part="interaction-select"]');
  expect(select, 'the interaction picker shows').to.not.equal(null);
  expect([...select!.options].map((o) => o.value)).to.include(id);
  select!.value = id;
  select!.dispatchEvent(new Event('change'));
  await el.updateComplete;
}


/** Clicks the button of this part (in `within`) and lets what it started settle. */
export const press = async (el: FwEvaluation, part: string, within: ParentNode = root(el)): Promise<void> => {
  const button = within.querySelector<HTMLButtonElement>(`[part="${part}"]`);
  expect(button, `${part} is shown`).to.not.equal(null);
  button!.click();
  await flush(el);
};

/** A QA analyst's service limited to a team the scene's agent is not in: the service refuses them. */
export function qaOutsideTeams(s: EvaluationScene): Evaluations {
  const mine = s.c.client.getAgent(s.agentId)!.teamIds;
  const elsewhere = s.c.client.getTeams().find((t) => !mine.includes(t.id))!;
  return s.service({ userId: 'qa-2', role: 'qa', teamIds: [elsewhere.id] });
}
