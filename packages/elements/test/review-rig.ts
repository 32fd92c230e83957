// A supervisor's centre run for forty minutes with metrics recording, an in-memory evaluations
// service (one evaluation released to the agent, one drafted) and a coaching note, with two agents
// seated; fw-review mounted on either side (fw-review's tests and its tree check).
import type { Floorwalk, Session } from '@floorwalk/core';
import { createMemoryBackplane } from '@floorwalk/core/backplane';
import { createEvaluations, type Evaluations, type EvaluationsBackplane, type Scorecard } from '@floorwalk/core/evaluations';
import { createMetrics, type Metrics } from '@floorwalk/core/metrics';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import type { FwReview } from '../src/components/fw-review/fw-review.js';
import type { FwReviewFailedEvent } from '../src/events/fw-review-failed.js';
import { createCentre, type Centre } from './centre.js';

// A supervisor over every team who leads no simulated team, so the simulator never acts for them.
export const LEAD: Session = { userId: 'lead-a', role: 'supervisor', teamIds: 'all' };
export const QA: Session = { userId: 'qa-1', role: 'qa', teamIds: 'all' };
export const CARD: Scorecard = {
  id: 'calls',
  name: 'Voice calls',
  criteria: [
    { id: 'greet', label: 'Greeted the customer', kind: 'yes-no', weight: 1 },
    { id: 'verify', label: 'Verified identity', kind: 'yes-no', weight: 1, critical: true },
  ],
};

export interface ReviewScene {
  readonly c: Centre;
  readonly m: Metrics;
  readonly start: number;
  readonly lead: Evaluations;
  readonly agentClient: Floorwalk;
  readonly agent: Evaluations;
  readonly agentId: string;
  readonly otherClient: Floorwalk;
  readonly other: Evaluations;
  readonly evaluationId: string;
  /** The records every service of the scene shares. */
  readonly backplane: EvaluationsBackplane;
  /** Another session's service on those records, through `backplane` when given (one that plays the network's timing). */
  service(session: Session, backplane?: EvaluationsBackplane): Evaluations;
}

/**
 * Forty simulated minutes with metrics recording; one evaluation released to the agent, one
 * drafted; one coaching note. `keep` receives the centre and the metrics as soon as they exist,
 * for the caller's `afterEach`.
 */
export async function reviewScene(keep: (c: Centre, m: Metrics) => void): Promise<ReviewScene> {
  const c = await createCentre({ session: LEAD });
  const start = c.clock.now();
  const m = createMetrics(c.client, { clock: c.clock, intervalMs: 15 * 60_000 });
  keep(c, m);
  for (let i = 0; i < 20; i++) await c.advance(120_000);
  const handled = c.client.getInteractions({ includeEnded: true }).filter((i) => i.agentId !== undefined && i.connectedAt !== undefined);
  const agentId = handled[0]!.agentId!;
  const otherId = handled.find((i) => i.agentId !== agentId)!.agentId!;
  const backplane = createMemoryBackplane({ broadcast: false });
  const service = (session: Session, through: EvaluationsBackplane = backplane): Evaluations =>
    createEvaluations({ backplane: through, session, clock: c.clock, teamsOf: (id) => c.client.getAgent(id)?.teamIds ?? [] });
  const qa = service(QA);
  await qa.defineScorecard(CARD);
  const released = await qa.evaluate({ scorecardId: 'calls', interactionId: handled[0]!.id, agentId, answers: { greet: 'yes', verify: 'yes' } });
  await qa.release(released.id);
  await qa.evaluate({ scorecardId: 'calls', interactionId: handled[0]!.id, agentId, answers: { greet: 'no', verify: 'yes' } });
  await c.client.addCoachingNote(agentId, 'Good <b>call</b> control');
  await c.advance(500);
  const seat = async (id: string): Promise<[Floorwalk, Evaluations]> => {
    const session: Session = { userId: id, role: 'agent', agentId: id, teamIds: [...c.client.getAgent(id)!.teamIds] };
    return [await c.seat(session), service(session)];
  };
  const [agentClient, agent] = await seat(agentId);
  const [otherClient, other] = await seat(otherId);
  return { c, m, start, lead: service(LEAD), agentClient, agent, agentId, otherClient, other, evaluationId: released.id, backplane, service };
}

/** An fw-review (the caller defines the element), with its failures kept, once it has loaded. */
export async function mountReview(client: Floorwalk | undefined, evaluations: Evaluations | undefined, props: { agentId?: string; metrics?: Metrics; from?: number; to?: number; lang?: string } = {}): Promise<{ el: FwReview; failed: FwReviewFailedEvent[] }> {
  const el = await fixture<FwReview>(
    html`<fw-review
      .client=${client}
      .evaluations=${evaluations}
      .metrics=${props.metrics}
      .agentId=${props.agentId}
      .from=${props.from}
      .to=${props.to}
      lang=${props.lang ?? 'en'}
    ></fw-review>`,
  );
  const failed: FwReviewFailedEvent[] = [];
  el.addEventListener('fw-review-failed', (e) => failed.push(e));
  await waitUntil(() => el.evaluations === undefined || el.shadowRoot!.querySelector('.muted')?.textContent !== '…', 'loaded', { timeout: 3000 });
  await el.updateComplete;
  return { el, failed };
}

export const root = (el: FwReview): ShadowRoot => el.shadowRoot!;
/** Lets the service's promises and the reloads they cause settle, then the renders. */
export async function flush(...els: FwReview[]): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 0));
    for (const el of els) await el.updateComplete;
  }
}
/** Clicks the button of this part and lets what it started settle. */
export const press = async (el: FwReview, part: string): Promise<void> => {
  const button = root(el).querySelector<HTMLButtonElement>(`[part="${part}"]`);
  expect(button, `${part} is shown`).to.not.equal(null);
  button!.click();
  await flush(el);
};
/** Fills the add-action form (text, owner) and presses Add. */
export async function addAction(el: FwReview, what: string, owner: 'agent' | 'reviewer'): Promise<void> {
  const input = root(el).querySelector<HTMLInputElement>('[part="add-form"] input[type="text"]')!;
  input.value = what;
  input.dispatchEvent(new Event('input'));
  const select = root(el).querySelector<HTMLSelectElement>('[part="add-form"] select')!;
  select.value = owner;
  select.dispatchEvent(new Event('change'));
  await press(el, 'add');
}
