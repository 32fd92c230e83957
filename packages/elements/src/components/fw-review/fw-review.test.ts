import { createMemoryBackplane } from '@floorwalk/core/backplane';
import { createEvaluations, type Evaluations } from '@floorwalk/core/evaluations';
import { ErrorCode, FloorwalkError } from '@floorwalk/core';
import type { Metrics } from '@floorwalk/core/metrics';
import { expect } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import type { Centre } from '../../../test/centre.js';
import { addAction, flush, mountReview, press, QA, reviewScene, root, type ReviewScene } from '../../../test/review-rig.js';
import { expectActionLook, expectFigureRows } from '../../../test/shared-looks.js';
import { registerTranslation } from '../../internal/localize.js';
import { reviewEs } from './fw-review.es.js';
import { FwReview } from './fw-review.js';
import { plain } from '../../../test/isolates.js';

FwReview.define('fw-review');

let centre: Centre | undefined;
let metrics: Metrics | undefined;

const scene = (): Promise<ReviewScene> =>
  reviewScene((c, m) => {
    centre = c;
    metrics = m;
  });
const mount = mountReview;
const text = (node: Element | null | undefined): string => plain(node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const figureTable = (el: FwReview): string[][] =>
  [...root(el).querySelectorAll('[part="table"] tbody tr')].map((tr) => [...tr.children].map((cell) => text(cell)));
const actions = (el: FwReview): { text: string; done: boolean; blocked: string | null }[] =>
  [...root(el).querySelectorAll('[part="action"]')].map((li) => {
    const box = li.querySelector('input')!;
    return { text: text(li.querySelector('label')), done: box.checked, blocked: box.getAttribute('aria-disabled') === 'true' ? text(li.querySelector('[part="reason"]')) : null };
  });
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
    // The bars draw the figures written beside them: out of the tree, their titles only tooltips.
    for (const bar of bars) expect(bar.getAttribute('aria-hidden')).to.equal('true');

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

    // The load that brought the actions asked, as it rendered, to say "The review was updated.":
    // voiced at the next frame, with whatever else is said before it. Said in a frame of its own
    // first, so the press's words below are what that press said (a loaded machine's late frame
    // voiced the two together).
    await frame();
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

  it('a session whose role does not read coaching notes is told the notes are withheld, not that there are none', async function () {
    this.timeout(60_000);
    const s = await scene();
    await s.lead.startReview({ agentId: s.agentId, from: s.start, to: s.c.clock.now(), notes: ['Keep the greeting'] });
    // An admin reads the review but, by default, no coaching notes but their own.
    const admin = await mount(s.c.client, s.service({ userId: 'admin-1', role: 'admin', teamIds: 'all' }), { agentId: s.agentId, metrics: s.m });
    const notes = root(admin.el).querySelector('section[aria-labelledby$="-notes"]');
    expect(notes?.querySelector('[part="notes"]')).to.equal(null);
    expect(text(notes?.querySelector('.muted'))).to.equal('Your role does not read coaching notes.');
    expect(root(admin.el).querySelector('[part="figures"]'), 'the rest of the review is shown').to.not.equal(null);
    await expect(admin.el).to.be.accessible();
    // The reviewer, who put the note in, reads it.
    const lead = await mount(s.c.client, s.lead, { agentId: s.agentId, metrics: s.m });
    expect([...root(lead.el).querySelectorAll('[part="notes"] li')].map((li) => text(li))).to.deep.equal(['Keep the greeting']);
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

  it('shows an evaluation’s score as fw-evaluation does, never rounded up: 99.6 reads 99%', async function () {
    this.timeout(60_000);
    const s = await scene();
    const qa = s.service(QA);
    // 99 + 3/5 of 1 = 99.6 of 100 points.
    await qa.defineScorecard({ id: 'near', name: 'Nearly', criteria: [{ id: 'big', label: 'Big', kind: 'yes-no', weight: 99 }, { id: 'small', label: 'Small', kind: 'scale', weight: 1 }] });
    const interactionId = s.c.client.getInteractions({ agentId: s.agentId, includeEnded: true })[0]!.id;
    const e = await qa.evaluate({ scorecardId: 'near', interactionId, agentId: s.agentId, answers: { big: 'yes', small: 3 } });
    await qa.release(e.id);
    await s.c.advance(500);
    const lead = await mount(s.c.client, s.lead, { agentId: s.agentId, metrics: s.m, from: s.start, to: s.c.clock.now() });
    await press(lead.el, 'start');
    const shown = [...root(lead.el).querySelectorAll('[part="evaluations"] li')].map((li) => text(li));
    expect(shown).to.include('Nearly: 99%, awaiting the agent');
  });

  it('long free text (a note, an action, a scorecard name without spaces) wraps inside a narrow element', async function () {
    this.timeout(60_000);
    const s = await scene();
    const long = 'x'.repeat(400);
    const qa = s.service(QA);
    await qa.defineScorecard({ id: 'wide', name: `Card${long}`, criteria: [{ id: 'w', label: 'w', kind: 'yes-no', weight: 1 }] });
    const interactionId = s.c.client.getInteractions({ agentId: s.agentId, includeEnded: true })[0]!.id;
    await qa.release((await qa.evaluate({ scorecardId: 'wide', interactionId, agentId: s.agentId, answers: { w: 'yes' } })).id);
    await s.c.client.addCoachingNote(s.agentId, `Note${long}`);
    await s.c.advance(500);
    const lead = await mount(s.c.client, s.lead, { agentId: s.agentId, metrics: s.m, from: s.start, to: s.c.clock.now() });
    await press(lead.el, 'start');
    await addAction(lead.el, `Action${long}`, 'agent');
    lead.el.style.display = 'block';
    lead.el.style.width = '320px';
    await lead.el.updateComplete;
    const base = root(lead.el).querySelector<HTMLElement>('[part="base"]')!;
    const over = [...root(lead.el).querySelectorAll<HTMLElement>('*')].filter((n) => n.getBoundingClientRect().right > base.getBoundingClientRect().right + 1).map((n) => `${n.tagName.toLowerCase()}.${n.getAttribute('class') ?? ''}`);
    expect(over, 'nothing reaches past the element').to.deep.equal([]);
  });

  it('a private coaching note is never gathered into the review: neither stored nor shown on either side', async function () {
    this.timeout(60_000);
    const s = await scene();
    const real = s.c.client;
    // The supervisor's client holds a private note (a tenant with privateCoachingNotes on).
    const client = new Proxy(real, {
      get: (target, key) =>
        key === 'getCoachingNotes'
          ? (agentId: string) => [...target.getCoachingNotes(agentId), { id: 'p-1', agentId, authorId: 'lead-a', body: 'Private: talk to HR first', createdAt: s.c.clock.now() - 1_000, private: true }]
          : Reflect.get(target, key),
    });
    expect(client.getCoachingNotes(s.agentId).some((n) => n.private === true), 'the rig holds the private note').to.equal(true);
    const lead = await mount(client, s.lead, { agentId: s.agentId, metrics: s.m, from: s.start, to: s.c.clock.now() });
    await press(lead.el, 'start');
    const [review] = await s.lead.getReviews({ agentId: s.agentId });
    expect(review!.notes).to.deep.equal(['Good <b>call</b> control']);
    const agent = await mount(s.agentClient, s.agent);
    for (const el of [lead.el, agent.el]) expect(text(root(el).querySelector('[part="base"]'))).to.not.contain('Private');
  });

  it('says the evaluations service is busy, with its wait, when it limits requests: a list is loaded again by itself, a start is not made', async function () {
    this.timeout(60_000);
    registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { review: reviewEs } });
    const s = await scene();
    const busy = (ms: number): FloorwalkError => new FloorwalkError(ErrorCode.RateLimited, 'Genesys Cloud is limiting requests.', { retryable: true, details: { retryAfterMs: ms } });
    let asked = 0;
    let starts = 0;
    const service: Evaluations = Object.create(s.lead, {
      getReviews: { value: (filter?: Parameters<Evaluations['getReviews']>[0]) => (++asked === 1 ? Promise.reject(busy(400)) : s.lead.getReviews(filter)) },
      startReview: { value: () => (starts++, Promise.reject(busy(9_000))) },
    });
    const lead = await mount(s.c.client, service, { agentId: s.agentId, metrics: s.m, from: s.start, to: s.c.clock.now() });
    const error = (): Element | null => root(lead.el).querySelector('[part="message"][data-kind="error"]');
    await waitUntil(() => error() !== null, 'the failed load shown');
    // A load nobody asked for, made again by itself: not an action's "Not done… try again".
    expect(text(error())).to.equal('Could not load. The evaluations service is busy. Trying again by itself in 1 s.');
    expect(error()!.getAttribute('role'), 'said politely').to.equal('status');
    await waitUntil(() => asked === 2 && root(lead.el).querySelector('[part="start"]') !== null, 'loaded again after the wait', { timeout: 3000 });

    await press(lead.el, 'start');
    expect(starts).to.equal(1);
    expect(lead.failed.map((e) => [e.action, e.error.code])).to.deep.equal([['start', ErrorCode.RateLimited]]);
    expect(text(error())).to.equal('Not done. The evaluations service is busy: try again in 9 s.');
    expect(await s.lead.getReviews({ agentId: s.agentId })).to.deep.equal([]);

    lead.el.lang = 'es';
    await lead.el.updateComplete;
    expect(text(error())).to.equal('No se hizo. El servicio de evaluaciones está ocupado: vuelva a intentarlo en 9 s.');
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

  it('keeps its button look with the rules it shares with fw-evaluation (its own radius knob), and its figure rows with those of chartStyles', async function () {
    this.timeout(60_000);
    const s = await scene();
    const lead = await mount(s.c.client, s.lead, { agentId: s.agentId, metrics: s.m, from: s.start, to: s.c.clock.now() });
    expectActionLook(lead.el, 'start');
    await press(lead.el, 'start');
    const figures = root(lead.el).querySelector('[part="figures"]')!;
    expectFigureRows(figures);
  });
});
