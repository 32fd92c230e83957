import type { Floorwalk, Session } from '@floorwalk/core';
import { createMemoryBackplane } from '@floorwalk/core/backplane';
import { createEvaluations, type Evaluations, type Scorecard } from '@floorwalk/core/evaluations';
import { createMetrics, type Metrics } from '@floorwalk/core/metrics';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createCentre, type Centre } from '../../../test/centre.js';
import type { FwReviewFailedEvent } from '../../events/fw-review-failed.js';
import { registerTranslation } from '../../internal/localize.js';
import { reviewEs } from './fw-review.es.js';
import { FwReview } from './fw-review.js';

FwReview.define('fw-review');

// A supervisor over every team who leads no simulated team, so the simulator never acts for them.
const LEAD: Session = { userId: 'lead-a', role: 'supervisor', teamIds: 'all' };
const QA: Session = { userId: 'qa-1', role: 'qa', teamIds: 'all' };
const CARD: Scorecard = {
  id: 'calls',
  name: 'Voice calls',
  criteria: [
    { id: 'greet', label: 'Greeted the customer', kind: 'yes-no', weight: 1 },
    { id: 'verify', label: 'Verified identity', kind: 'yes-no', weight: 1, critical: true },
  ],
};

let centre: Centre | undefined;
let metrics: Metrics | undefined;

interface Scene {
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
}

/** Forty simulated minutes with metrics recording; one evaluation released to the agent, one drafted; one coaching note. */
async function scene(): Promise<Scene> {
  const c = await createCentre({ session: LEAD });
  centre = c;
  const start = c.clock.now();
  const m = createMetrics(c.client, { clock: c.clock, intervalMs: 15 * 60_000 });
  metrics = m;
  for (let i = 0; i < 20; i++) await c.advance(120_000);
  const handled = c.client.getInteractions({ includeEnded: true }).filter((i) => i.agentId !== undefined && i.connectedAt !== undefined);
  const agentId = handled[0]!.agentId!;
  const otherId = handled.find((i) => i.agentId !== agentId)!.agentId!;
  const backplane = createMemoryBackplane({ broadcast: false });
  const service = (session: Session): Evaluations => createEvaluations({ backplane, session, clock: c.clock, teamsOf: (id) => c.client.getAgent(id)?.teamIds ?? [] });
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
  return { c, m, start, lead: service(LEAD), agentClient, agent, agentId, otherClient, other, evaluationId: released.id };
}

async function mount(client: Floorwalk | undefined, evaluations: Evaluations | undefined, props: { agentId?: string; metrics?: Metrics; from?: number; to?: number; lang?: string } = {}): Promise<{ el: FwReview; failed: FwReviewFailedEvent[] }> {
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

const root = (el: FwReview): ShadowRoot => el.shadowRoot!;
const text = (node: Element | null | undefined): string => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
async function flush(...els: FwReview[]): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 0));
    for (const el of els) await el.updateComplete;
  }
}
const press = async (el: FwReview, part: string): Promise<void> => {
  const button = root(el).querySelector<HTMLButtonElement>(`[part="${part}"]`);
  expect(button, `${part} is shown`).to.not.equal(null);
  button!.click();
  await flush(el);
};
const figureTable = (el: FwReview): string[][] =>
  [...root(el).querySelectorAll('[part="table"] tbody tr')].map((tr) => [...tr.children].map((cell) => text(cell)));
const actions = (el: FwReview): { text: string; done: boolean; blocked: string | null }[] =>
  [...root(el).querySelectorAll('[part="action"]')].map((li) => {
    const box = li.querySelector('input')!;
    return { text: text(li.querySelector('label')), done: box.checked, blocked: box.getAttribute('aria-disabled') === 'true' ? text(li.querySelector('[part="reason"]')) : null };
  });
async function addAction(el: FwReview, what: string, owner: 'agent' | 'reviewer'): Promise<void> {
  const input = root(el).querySelector<HTMLInputElement>('[part="add-form"] input[type="text"]')!;
  input.value = what;
  input.dispatchEvent(new Event('input'));
  const select = root(el).querySelector<HTMLSelectElement>('[part="add-form"] select')!;
  select.value = owner;
  select.dispatchEvent(new Event('change'));
  await press(el, 'add');
}
const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));
const live = (el: FwReview): string => root(el).querySelector('[aria-live].fw-visually-hidden')?.textContent ?? '';

describe('fw-review', () => {
  afterEach(async () => {
    metrics?.destroy();
    metrics = undefined;
    await centre?.close();
    centre = undefined;
  });

  describe('accessibility', () => {
    it('is accessible before a review, with one (reviewer and agent), and without a service', async function () {
      this.timeout(60_000);
      const s = await scene();
      const lead = await mount(s.c.client, s.lead, { agentId: s.agentId, metrics: s.m, from: s.start, to: s.c.clock.now() });
      await expect(lead.el).to.be.accessible();
      await press(lead.el, 'start');
      await addAction(lead.el, 'Shadow a senior agent', 'agent');
      await expect(lead.el).to.be.accessible();
      const agent = await mount(s.agentClient, s.agent);
      await expect(agent.el).to.be.accessible();
      await expect((await mount(undefined, undefined)).el).to.be.accessible();
    });
  });

  it('the reviewer starts the review: figures beside the team median, released evaluations, coaching notes as text', async function () {
    this.timeout(60_000);
    const s = await scene();
    const to = s.c.clock.now();
    const lead = await mount(s.c.client, s.lead, { agentId: s.agentId, metrics: s.m, from: s.start, to });
    expect(lead.el.matches(':state(reviewer)')).to.equal(true);
    expect(text(root(lead.el).querySelector('[part="heading"]'))).to.equal(`One-to-one review: ${s.c.client.getAgent(s.agentId)!.name}`);
    await press(lead.el, 'start');
    await frame();
    expect(live(lead.el)).to.equal('Review started.');
    const [review] = await s.lead.getReviews({ agentId: s.agentId });
    expect(review!.evaluationIds, 'released evaluations only, not the draft').to.deep.equal([s.evaluationId]);

    // The recorded figures are the metrics API's for the period, against the team's median agent.
    const a = s.m.agent(s.agentId, { from: s.start, to });
    const team = s.m.team(s.c.client.getAgent(s.agentId)!.teamIds[0]!, { from: s.start, to });
    expect(a.handled).to.be.greaterThan(0);
    const table = figureTable(lead.el);
    expect(table[0]).to.deep.equal(['Handled', String(a.handled), team.median.handled === null ? '—' : String(Math.round(team.median.handled * 10) / 10)]);
    expect(table.map((r) => r[0])).to.deep.equal(['Handled', 'Average handle time', 'Average hold', 'Average wrap-up', 'Longest interaction', 'Occupancy', 'Transfers', 'Missed offers']);
    const bars = root(lead.el).querySelectorAll('[part="bar"]');
    expect(bars.length).to.equal(8);
    expect(text(bars[0]!.querySelector('title'))).to.match(/^Handled: \d+ \(median [\d.—]+\)$/);

    expect([...root(lead.el).querySelectorAll('[part="evaluations"] li')].map((li) => text(li))).to.deep.equal(['Voice calls: 100%, awaiting the agent']);
    const note = root(lead.el).querySelector('[part="notes"] li')!;
    expect(text(note)).to.equal('Good <b>call</b> control');
    expect(note.querySelector('b'), 'markup in a note is text').to.equal(null);
  });

  it('the agent sees the same page with their own permissions; actions are added, done and closed across both', async function () {
    this.timeout(60_000);
    const s = await scene();
    const lead = await mount(s.c.client, s.lead, { agentId: s.agentId, metrics: s.m, from: s.start, to: s.c.clock.now() });
    const agent = await mount(s.agentClient, s.agent);
    expect(text(root(agent.el).querySelector('.muted'))).to.equal('No one-to-one review yet.');
    expect(root(agent.el).querySelector('[part="start"]'), 'an agent never starts one').to.equal(null);

    await press(lead.el, 'start');
    await addAction(lead.el, '', 'agent');
    expect(root(lead.el).querySelector('[part="add-form"] input')!.getAttribute('aria-invalid')).to.equal('true');
    expect(root(lead.el).activeElement).to.equal(root(lead.el).querySelector('[part="add-form"] input'));
    await addAction(lead.el, 'Shadow a senior agent on <i>billing</i>', 'agent');
    await addAction(lead.el, 'Book the product training', 'reviewer');
    expect(actions(lead.el).map((x) => x.text)).to.deep.equal(['Shadow a senior agent on <i>billing</i> (Agent)', 'Book the product training (Reviewer)']);

    await waitUntil(() => actions(agent.el).length === 2, 'the agent sees the review and its actions', { timeout: 3000 });
    expect(agent.el.matches(':state(agent)')).to.equal(true);
    expect(figureTable(agent.el), 'the same figures on both sides').to.deep.equal(figureTable(lead.el));
    expect(text(root(agent.el).querySelector('[part="notes"]'))).to.equal(text(root(lead.el).querySelector('[part="notes"]')));
    expect(root(agent.el).querySelector('[part="add-form"]'), 'only the reviewer adds actions').to.equal(null);
    expect(text(root(agent.el).querySelector('p[part="reason"]'))).to.equal('Your reviewer records the agreed actions.');
    expect(root(agent.el).querySelector('[part="action"] i')).to.equal(null);
    expect(actions(agent.el)).to.deep.equal([
      { text: 'Shadow a senior agent on <i>billing</i> (Agent)', done: false, blocked: null },
      { text: 'Book the product training (Reviewer)', done: false, blocked: 'The reviewer marks this action done.' },
    ]);

    // The reviewer's action: pressing it only says why.
    root(agent.el).querySelectorAll<HTMLInputElement>('[part="action"] input')[1]!.click();
    await flush(agent.el);
    await frame();
    expect(live(agent.el)).to.equal('The reviewer marks this action done.');
    expect(actions(agent.el)[1]!.done).to.equal(false);
    // Their own, by keyboard: Space on the focused checkbox.
    root(agent.el).querySelectorAll<HTMLInputElement>('[part="action"] input')[0]!.focus();
    await sendKeys({ press: 'Space' });
    await flush(agent.el);
    await waitUntil(() => actions(agent.el)[0]!.done, 'the agent marked their action done', { timeout: 3000 });
    await waitUntil(() => actions(lead.el)[0]?.done === true, 'the reviewer sees it done', { timeout: 3000 });
    expect(actions(lead.el)[1]!.done).to.equal(false);

    await press(lead.el, 'close');
    await waitUntil(() => agent.el.matches(':state(closed)'), 'the agent sees it closed', { timeout: 3000 });
    expect(text(root(agent.el).querySelector('[part="period"] .state'))).to.equal('Closed');
    expect(root(lead.el).querySelector('[part="add-form"]')).to.equal(null);
  });

  it('another agent sees nothing of it; an agent forced onto someone else’s page is refused', async function () {
    this.timeout(60_000);
    const s = await scene();
    const lead = await mount(s.c.client, s.lead, { agentId: s.agentId, metrics: s.m, from: s.start, to: s.c.clock.now() });
    await press(lead.el, 'start');
    const other = await mount(s.otherClient, s.other);
    expect(text(root(other.el).querySelector('.muted'))).to.equal('No one-to-one review yet.');
    const peeking = await mount(s.otherClient, s.other, { agentId: s.agentId });
    expect(root(peeking.el).querySelector('[part="figures"]')).to.equal(null);
    expect(await s.other.getReviews()).to.deep.equal([]);
  });

  it('a role that may not hold reviews sees Start disabled with the reason', async function () {
    this.timeout(60_000);
    const s = await scene();
    const qaService = createEvaluations({ backplane: createMemoryBackplane({ broadcast: false }), session: QA, clock: s.c.clock, teamsOf: () => [] });
    const qa = await mount(s.c.client, qaService, { agentId: s.agentId, metrics: s.m });
    const start = root(qa.el).querySelector('[part="start"]')!;
    expect(start.getAttribute('aria-disabled')).to.equal('true');
    expect(text(root(qa.el).querySelector(`#${start.getAttribute('aria-describedby')}`))).to.equal('Only supervisors hold one-to-one reviews.');
    await press(qa.el, 'start');
    expect(await qaService.getReviews()).to.deep.equal([]);
  });

  it('a review’s view loads when an element first shows a review: a page mounted on one shows it on its first completed update', async function () {
    this.timeout(60_000);
    const s = await scene();
    const none = await mount(s.agentClient, s.agent);
    expect(text(root(none.el).querySelector('.muted'))).to.equal('No one-to-one review yet.');
    expect(root(none.el).querySelector('[part="figures"]')).to.equal(null);
    await s.lead.startReview({ agentId: s.agentId, from: s.start, to: s.c.clock.now(), notes: ['Keep the greeting'] });
    const agent = await mount(s.agentClient, s.agent);
    expect(text(root(agent.el).querySelector('[part="figures"] .subheading'))).to.equal('Figures against the team median');
    expect(text(root(agent.el).querySelector('[part="figures"] .muted')), 'started without figures').to.equal('No figures were recorded for this review.');
    expect([...root(agent.el).querySelectorAll('[part="notes"] li')].map((li) => text(li))).to.deep.equal(['Keep the greeting']);
    expect(root(agent.el).querySelector('[part="add-form"]'), 'the agent adds no actions').to.equal(null);
    expect(text(root(agent.el).querySelector('.block [part="reason"]'))).to.equal('Your reviewer records the agreed actions.');
    await expect(agent.el).to.be.accessible();
  });

  it('speaks Spanish', async function () {
    this.timeout(60_000);
    registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { review: reviewEs } });
    const s = await scene();
    const lead = await mount(s.c.client, s.lead, { agentId: s.agentId, metrics: s.m, from: s.start, to: s.c.clock.now(), lang: 'es' });
    expect(text(root(lead.el).querySelector('[part="start"]'))).to.equal('Iniciar revisión');
    await press(lead.el, 'start');
    expect(text(root(lead.el).querySelector('[part="figures"] .subheading'))).to.equal('Cifras frente a la mediana del equipo');
  });
});
