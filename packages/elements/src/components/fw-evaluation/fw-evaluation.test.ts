import { ErrorCode, FloorwalkError } from '@floorwalk/core';
import { expect } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import type { Evaluations, EvaluationsBackplane } from '@floorwalk/core/evaluations';
import type { Centre } from '../../../test/centre.js';
import { CARD, QA, answer, evaluationScene, flush, mountEvaluation, pickInteraction, press, radio, root, type EvaluationScene, qaOutsideTeams } from '../../../test/evaluation-rig.js';
import { expectActionLook } from '../../../test/shared-looks.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { registerTranslation } from '../../internal/localize.js';
import { evaluationEs } from './fw-evaluation.es.js';
import { FwEvaluationHarness } from './fw-evaluation.harness.js';
import { FwEvaluation } from './fw-evaluation.js';
import { plain } from '../../../test/isolates.js';

FwEvaluation.define('fw-evaluation');

let centre: Centre | undefined;

const scene = (): Promise<EvaluationScene> => evaluationScene((c) => (centre = c));
const mount = mountEvaluation;
const text = (node: Element | null | undefined): string => plain(node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The score line as a person reads it: its label, then the figure. */
const score = (el: FwEvaluation): string => text(root(el).querySelector('[part="score"]'));
const items = (el: FwEvaluation): { id: string; state: string; text: string }[] =>
  [...root(el).querySelectorAll('[part="evaluation"]')].map((li) => ({ id: li.getAttribute('data-id') ?? '', state: li.getAttribute('data-state') ?? '', text: text(li) }));
const live = (el: FwEvaluation, politeness: 'polite' | 'assertive'): string => plain(root(el).querySelector(`[aria-live="${politeness}"].fw-visually-hidden`)?.textContent ?? '');
const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));

describe('fw-evaluation', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
    // Unsaved answers are kept per tab: one test's must not open in the next one's form.
    sessionStorage.clear();
  });

  describe('accessibility', () => {
    it('is accessible: empty form, answered with a critical failure, the list, the agent with a released evaluation, no service', async function () {
      this.timeout(60_000);
      const s = await scene();
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId });
      await expect(qa.el).to.be.accessible();
      await pickInteraction(qa.el, s.interactionId);
      await answer(qa.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'no' });
      await expect(qa.el).to.be.accessible();
      await press(qa.el, 'release');
      await flush(qa.el);
      const agent = await mount(s.agentClient, s.agent);
      await expect(agent.el).to.be.accessible();
      await press(agent.el, 'dispute');
      expect(root(agent.el).querySelector('[part="reply-input"]')!.getAttribute('aria-invalid')).to.equal('true');
      await expect(agent.el).to.be.accessible();
      await expect((await mount(undefined, undefined)).el).to.be.accessible();
    });
  });

  describe('QA scores and releases; the agent acknowledges', () => {
    it('shows the live weighted score, saves a draft the agent cannot see, releases it, and the agent acknowledges it', async function () {
      this.timeout(60_000);
      const s = await scene();
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId });
      const agent = await mount(s.agentClient, s.agent);
      expect(qa.el.matches(':state(evaluator)')).to.equal(true);
      expect(agent.el.matches(':state(agent)')).to.equal(true);
      expect(text(root(agent.el).querySelector('.muted'))).to.equal('No evaluations released to you.');

      await pickInteraction(qa.el, s.interactionId);
      // The only scorecard is picked for you; its four criteria are offered.
      expect(root(qa.el).querySelectorAll('fieldset[data-criterion]').length).to.equal(4);
      expect(score(qa.el)).to.equal('Score No answers yet');
      await answer(qa.el, { greet: 'yes' });
      expect(score(qa.el)).to.equal('Score So far 100% (1 of 4 answered)');
      await answer(qa.el, { empathy: 3, resolve: 4, verify: 'yes' });
      // 7.15 of 8 points. The label once: the line read "Score Score 89%" in the demo.
      expect(score(qa.el)).to.equal('Score 89%');

      await press(qa.el, 'save');
      expect(qa.changed.map((e) => e.action)).to.deep.equal(['save']);
      const draft = qa.changed[0]!.evaluation;
      expect(draft.state).to.equal('draft');
      expect(draft.score).to.be.closeTo(89.375, 1e-9);
      expect(draft.interactionId).to.equal(s.interactionId);
      await frame();
      expect(live(qa.el, 'polite')).to.equal('Draft saved. Score 89%.');
      await flush(agent.el);
      expect(items(agent.el), 'a draft is the evaluator’s alone').to.deep.equal([]);
      expect(items(qa.el).map((i) => i.state)).to.deep.equal(['draft']);

      await press(qa.el, 'release');
      // Nothing changed since the save: released as saved, with no second save (nor a revise step).
      expect(qa.changed.map((e) => e.action)).to.deep.equal(['save', 'release']);
      expect(qa.changed.at(-1)!.evaluation.id, 'the saved draft itself is released').to.equal(draft.id);
      await frame();
      expect(live(qa.el, 'polite')).to.match(/^Released to /);
      // The form is ready for the next one.
      expect(score(qa.el)).to.equal('Score No answers yet');

      await waitUntil(() => items(agent.el).length === 1, 'the agent sees the released evaluation', { timeout: 3000 });
      await frame();
      expect(live(agent.el, 'polite')).to.equal('New evaluation released to you: Voice calls, Score 89%.');
      const shown = root(agent.el).querySelector('[part="evaluation"]')!;
      expect(shown.getAttribute('data-state')).to.equal('released');
      const rows = [...shown.querySelectorAll('[part="answers"] tbody tr')].map((tr) => [text(tr.querySelector('th')), text(tr.querySelector('td'))]);
      expect(rows).to.deep.equal([
        ['Greeted the customer', 'Yes'],
        ['Empathy', '3 of 4'],
        ['Resolved the issue', '4 of 5'],
        ['Verified identity (Critical)', 'Yes'],
      ]);
      expect(text(shown.querySelector('.item__score'))).to.equal('Score 89%');
      // Not "waiting for the agent": this is the agent. The evaluator's list says that.
      expect(text(shown.querySelector('[part="state"]'))).to.equal('Released: waiting for your answer');
      await waitUntil(() => items(qa.el)[0]?.state === 'released', 'the evaluator lists it released', { timeout: 3000 });
      expect(text(root(qa.el).querySelector('[part="evaluation"] [part="state"]'))).to.equal('Released: waiting for the agent');

      await press(agent.el, 'acknowledge');
      expect(agent.changed.map((e) => [e.action, e.evaluation.state])).to.deep.equal([['acknowledge', 'acknowledged']]);
      expect(items(agent.el)[0]!.state).to.equal('acknowledged');
      expect(root(agent.el).querySelector('[part="acknowledge"]'), 'an answered evaluation offers no more answers').to.equal(null);
      await waitUntil(() => items(qa.el)[0]?.state === 'acknowledged', 'the evaluator sees the answer', { timeout: 3000 });
      await frame();
      expect(live(qa.el, 'polite')).to.match(/: Acknowledged\.$/);
      expect((await s.qa.getEvaluations())[0]!.state).to.equal('acknowledged');
    });

    /** The agent's view once the evaluator released one evaluation to them. */
    async function releasedToAgent(): Promise<FwEvaluation> {
      const s = await scene();
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
      const agent = await mount(s.agentClient, s.agent);
      await answer(qa.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' });
      await press(qa.el, 'release');
      await waitUntil(() => items(agent.el).length === 1, 'the agent sees the released evaluation', { timeout: 3000 });
      return agent.el;
    }

    it('names an evaluator who is not an agent through displayName', async function () {
      // The demo's agent read "By sup-demo": the element named people from the agent list only.
      this.timeout(60_000);
      const el = await releasedToAgent();
      const by = (): string => text(root(el).querySelector('[part="evaluation"] .muted'));
      expect(by()).to.equal(`By ${QA.userId}`);
      el.displayName = (id) => (id === QA.userId ? 'Quinn Analyst' : undefined);
      await el.updateComplete;
      expect(by()).to.equal('By Quinn Analyst');
    });

    it("keeps the answers table's one-word headings whole in a narrow pane", async function () {
      // In the demo's agent pane the heading read "Ans" above "wer": the element lets any word
      // break (overflow-wrap: anywhere), and a table sizes its columns by where words may break.
      this.timeout(60_000);
      const el = await releasedToAgent();
      el.style.inlineSize = '18rem';
      await el.updateComplete;
      const headings = [...root(el).querySelectorAll('[part="answers"] thead th')];
      expect(headings.length).to.be.greaterThan(0);
      for (const th of headings) {
        const words = document.createRange();
        words.selectNodeContents(th);
        expect(words.getClientRects().length, `"${text(th)}" on one line`).to.equal(1);
      }
    });

    it('a failed critical criterion zeroes the score and says which, live', async function () {
      this.timeout(60_000);
      const s = await scene();
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
      await answer(qa.el, { greet: 'yes', empathy: 4, resolve: 5, verify: 'yes' });
      expect(score(qa.el)).to.equal('Score 100%');
      expect(qa.el.matches(':state(critical)')).to.equal(false);
      await answer(qa.el, { verify: 'no' });
      expect(score(qa.el)).to.equal('Score 0% Critical failure: Verified identity. The score is 0.');
      expect(qa.el.matches(':state(critical)')).to.equal(true);
      // A critical criterion cannot be "not applicable".
      expect(root(qa.el).querySelector('fieldset[data-criterion="verify"] input[value="na"]')).to.equal(null);
      await press(qa.el, 'release');
      const released = (await s.agent.getEvaluations())[0]!;
      expect(released.score).to.equal(0);
      expect(released.criticalFailed).to.deep.equal(['verify']);
      const agent = await mount(s.agentClient, s.agent);
      expect(text(root(agent.el).querySelector('.item__score'))).to.equal('Score 0% Critical failure: Verified identity. The score is 0.');
      // Back to yes: the zero lifts.
      await answer(qa.el, { greet: 'yes', empathy: 4, resolve: 5, verify: 'yes' });
      await answer(qa.el, { verify: 'yes' });
      expect(qa.el.matches(':state(critical)')).to.equal(false);
    });

    it('refuses to save with criteria unanswered, and focuses the first one', async function () {
      this.timeout(60_000);
      const s = await scene();
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
      await answer(qa.el, { greet: 'yes', empathy: 2 });
      await press(qa.el, 'save');
      expect(qa.changed).to.deep.equal([]);
      expect(text(root(qa.el).querySelector('.form [role="alert"]'))).to.equal('Answer the remaining 2 criteria first.');
      expect(root(qa.el).querySelector('fieldset[data-criterion="resolve"]')!.getAttribute('aria-invalid')).to.equal('true');
      expect(root(qa.el).activeElement?.closest('fieldset')?.getAttribute('data-criterion')).to.equal('resolve');
      expect(await s.qa.getEvaluations()).to.deep.equal([]);
    });
  });

  it('for an agent with no interaction to evaluate, says so and saves nothing: save and release are disabled with the reason beside them', async function () {
    this.timeout(60_000);
    const s = await scene();
    const idle = s.c.client.getAgents().find((a) => !s.c.client.getInteractions({ agentId: a.id, includeEnded: true }).some((i) => i.connectedAt !== undefined));
    expect(idle, 'an agent who has handled nothing').to.not.equal(undefined);
    const qa = await mount(s.c.client, s.qa, { agentId: idle!.id });
    // The scorecard can still be filled in; what matters is that nothing is saved about no interaction.
    await answer(qa.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' });
    const reason = 'Nothing to evaluate until this agent has a recent interaction.';
    for (const part of ['save', 'release']) {
      const button = root(qa.el).querySelector<HTMLButtonElement>(`[part="${part}"]`)!;
      expect(button.getAttribute('aria-disabled'), part).to.equal('true');
      const described = root(qa.el).getElementById(button.getAttribute('aria-describedby') ?? '');
      expect(text(described), `${part}: its reason, beside it`).to.equal(reason);
    }
    await press(qa.el, 'release');
    expect(live(qa.el, 'assertive') || live(qa.el, 'polite')).to.equal(reason);
    expect(await s.qa.getEvaluations()).to.deep.equal([]);
  });

  it('pointed at another agent, it forgets the interaction picked for the previous one', async function () {
    this.timeout(60_000);
    const s = await scene();
    const qa = await mount(s.c.client, s.qa, { agentId: s.agentId });
    await pickInteraction(qa.el, s.interactionId);
    await answer(qa.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' });
    qa.el.agentId = s.otherId;
    await flush(qa.el);
    const select = root(qa.el).querySelector<HTMLSelectElement>('[part="interaction-select"]')!;
    expect(select.value).to.equal('');
    expect([...select.options].map((o) => o.value)).to.include(s.otherInteractionId);
    expect([...select.options].map((o) => o.value)).to.not.include(s.interactionId);
    await press(qa.el, 'save');
    expect(text(root(qa.el).querySelector('.form [role="alert"]'))).to.equal('Choose an agent, an interaction and a scorecard first.');
    expect(await s.qa.getEvaluations()).to.deep.equal([]);
  });

  describe('the agent disputes', () => {
    it('requires a comment; markup in it renders as text on both sides; the evaluator edits and re-releases', async function () {
      this.timeout(60_000);
      const s = await scene();
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
      await answer(qa.el, { greet: 'no', empathy: 1, resolve: 2, verify: 'yes' });
      const comment = root(qa.el).querySelector<HTMLTextAreaElement>('[part="comment-input"]')!;
      comment.value = 'See <i>02:10</i>';
      comment.dispatchEvent(new Event('input'));
      await press(qa.el, 'release');
      const agent = await mount(s.agentClient, s.agent);
      expect(text(root(agent.el).querySelector('[data-comment="evaluator"]'))).to.equal('Evaluator’s comment: See <i>02:10</i>');
      expect(root(agent.el).querySelector('[data-comment="evaluator"] i')).to.equal(null);

      await press(agent.el, 'dispute');
      expect(agent.changed).to.deep.equal([]);
      const reply = root(agent.el).querySelector<HTMLTextAreaElement>('[part="reply-input"]')!;
      expect(reply.getAttribute('aria-invalid')).to.equal('true');
      expect(root(agent.el).activeElement).to.equal(reply);
      expect(text(root(agent.el).querySelector(`#${reply.getAttribute('aria-describedby')}`))).to.equal('Say why you dispute it: a comment is required.');

      const why = 'I did verify <img src=x onerror="window.pwned=1"><b>at 02:10</b>';
      reply.value = why;
      reply.dispatchEvent(new Event('input'));
      await press(agent.el, 'dispute');
      expect(agent.changed.map((e) => e.evaluation.state)).to.deep.equal(['disputed']);
      expect(items(agent.el)[0]!.state).to.equal('disputed');
      await waitUntil(() => items(qa.el)[0]?.state === 'disputed', 'the evaluator sees the dispute', { timeout: 3000 });
      const said = root(qa.el).querySelector('[data-comment="agent"]')!;
      expect(text(said)).to.equal(`Agent’s comment: ${why}`);
      expect(said.querySelector('img, b')).to.equal(null);
      expect((window as { pwned?: number }).pwned).to.equal(undefined);

      // The evaluator revises the disputed one and releases it again.
      root(qa.el).querySelector<HTMLButtonElement>('[part="evaluation"] [data-action="edit"]')!.click();
      await qa.el.updateComplete;
      expect(text(root(qa.el).querySelector('.form .subheading'))).to.match(/^Editing: Disputed/);
      expect(radio(qa.el, 'greet', 'no').checked, 'the form holds the stored answers').to.equal(true);
      await answer(qa.el, { greet: 'yes' });
      await press(qa.el, 'release');
      const [again] = await s.qa.getEvaluations();
      expect(again!.state).to.equal('released');
      expect(again!.answers['greet']).to.equal('yes');
      expect((await s.qa.getEvaluations()).length, 'the same evaluation, revised').to.equal(1);
      await waitUntil(() => items(agent.el)[0]?.state === 'released', 'the agent is asked again', { timeout: 3000 });
    });
  });

  describe('permissions', () => {
    it('an agent sees neither another agent’s evaluations nor drafts about them, and cannot evaluate', async function () {
      this.timeout(60_000);
      const s = await scene();
      const answers = { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } as const;
      const mineDraft = await s.qa.evaluate({ scorecardId: 'calls', interactionId: s.interactionId, agentId: s.agentId, answers });
      const theirs = await s.qa.evaluate({ scorecardId: 'calls', interactionId: s.otherInteractionId, agentId: s.otherId, answers });
      await s.qa.release(theirs.id);
      const agent = await mount(s.agentClient, s.agent);
      expect(items(agent.el)).to.deep.equal([]);
      expect(text(root(agent.el).querySelector('.muted'))).to.equal('No evaluations released to you.');

      // The agent's page forced to the evaluator's side still lists nothing of others', and its controls say why they are off.
      const forced = await mount(s.agentClient, s.agent, { view: 'evaluator', agentId: s.otherId, interactionId: s.otherInteractionId });
      expect(items(forced.el)).to.deep.equal([]);
      const save = root(forced.el).querySelector('[part="save"]')!;
      expect(save.getAttribute('aria-disabled')).to.equal('true');
      expect(text(root(forced.el).querySelector(`#${save.getAttribute('aria-describedby')}`))).to.equal('Your role cannot evaluate interactions.');
      await answer(forced.el, answers);
      await press(forced.el, 'release');
      await frame();
      expect(live(forced.el, 'polite')).to.equal('Your role cannot evaluate interactions.');
      expect((await s.qa.getEvaluations()).length, 'nothing was written').to.equal(2);

      // Released, the agent's own appears; the other agent's never does.
      await s.qa.release(mineDraft.id);
      await waitUntil(() => items(agent.el).length === 1, 'the agent’s own release shows', { timeout: 3000 });
      expect(items(agent.el)[0]!.id).to.equal(mineDraft.id);
    });

    it('a QA session limited to other teams is refused by the service, and the element says why', async function () {
      this.timeout(60_000);
      const s = await scene();
      const narrow = qaOutsideTeams(s);
      const qa = await mount(s.c.client, narrow, { agentId: s.agentId, interactionId: s.interactionId });
      await answer(qa.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' });
      await press(qa.el, 'save');
      expect(qa.failed.map((e) => [e.action, e.error.name])).to.have.length(1);
      expect(text(root(qa.el).querySelector('[part="message"][data-kind="error"]'))).to.equal('Not done. That agent is outside your teams.');
      expect(new FwEvaluationHarness(qa.el).message(), 'the harness reads the failure').to.equal('Not done. That agent is outside your teams.');
      expect(qa.el.matches(':state(failed)')).to.equal(true);
      await frame();
      expect(live(qa.el, 'assertive')).to.equal('Not done. That agent is outside your teams.');
    });

    it('a save the platform rate-limits says how long to wait, and nothing is saved', async function () {
      this.timeout(60_000);
      const s = await scene();
      // As Genesys' adapter rejects a write that met a 429: at once, with the vendor's wait.
      const limited: Evaluations = Object.create(s.qa, {
        evaluate: { value: () => Promise.reject(new FloorwalkError(ErrorCode.RateLimited, 'Genesys Cloud is limiting requests.', { retryable: true, details: { retryAfterMs: 39_200 } })) },
      });
      const qa = await mount(s.c.client, limited, { agentId: s.agentId, interactionId: s.interactionId });
      await answer(qa.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' });
      await press(qa.el, 'save');
      expect(qa.failed.map((e) => e.error.code)).to.deep.equal([ErrorCode.RateLimited]);
      expect(text(root(qa.el).querySelector('[part="message"][data-kind="error"]'))).to.equal('Not done. The evaluations service is busy: try again in 40 s.');
      expect((await s.qa.getEvaluations({ agentId: s.agentId })).filter((e) => e.interactionId === s.interactionId), 'nothing saved').to.deep.equal([]);
    });

    it('a list the service could not load for now is loaded again by itself, after the wait the platform gave; a refusal is not asked again', async function () {
      this.timeout(60_000);
      const s = await scene();
      let asked = 0;
      // Genesys' reads wait out three 429s; a fourth reaches the element as RateLimited with the wait.
      const busyOnce: Evaluations = Object.create(s.qa, {
        getEvaluations: {
          value: (filter?: Parameters<Evaluations['getEvaluations']>[0]) =>
            ++asked === 1 ? Promise.reject(new FloorwalkError(ErrorCode.RateLimited, 'Genesys Cloud is limiting requests.', { details: { retryAfterMs: 400 } })) : s.qa.getEvaluations(filter),
        },
      });
      const qa = await mount(s.c.client, busyOnce, { agentId: s.agentId });
      await waitUntil(() => root(qa.el).querySelector('[part="message"][data-kind="error"]') !== null, 'the failed load shown');
      // Nobody asked for the load and nobody need do anything: not an action's "Not done… try again".
      expect(text(root(qa.el).querySelector('[part="message"][data-kind="error"]'))).to.equal('Could not load. The evaluations service is busy. Trying again by itself in 1 s.');
      expect(root(qa.el).querySelector('[part="message"][data-kind="error"]')!.getAttribute('role'), 'said politely').to.equal('status');
      await waitUntil(() => asked === 2 && root(qa.el).querySelector('[part="message"][data-kind="error"]') === null, 'loaded again after the wait', { timeout: 3000 });
      expect(root(qa.el).querySelector('[part="form"]'), 'the form shows').to.not.equal(null);

      let refused = 0;
      const forbidden: Evaluations = Object.create(s.qa, {
        getEvaluations: { value: () => (refused++, Promise.reject(new FloorwalkError(ErrorCode.Forbidden, 'No.'))) },
      });
      const other = await mount(s.c.client, forbidden, { agentId: s.agentId });
      await waitUntil(() => root(other.el).querySelector('[part="message"][data-kind="error"]') !== null, 'the refusal shown');
      const refusal = root(other.el).querySelector('[part="message"][data-kind="error"]')!;
      expect(text(refusal), 'what happened and what the user can do').to.equal('Could not load. Your role does not allow this. Reload the page, or ask your administrator if it goes on.');
      expect(refusal.getAttribute('role')).to.equal('alert');
      await new Promise((r) => setTimeout(r, 600));
      expect(refused, 'a refusal is not asked again by itself').to.equal(1);
    });
  });

  it('the harness drives both sides as a person does', async function () {
    this.timeout(60_000);
    const s = await scene();
    const qa = new FwEvaluationHarness((await mount(s.c.client, s.qa, { agentId: s.agentId })).el);
    const agent = new FwEvaluationHarness((await mount(s.agentClient, s.agent)).el);
    await qa.pickInteraction(s.interactionId);
    await qa.answer({ greet: 'yes', empathy: 4, resolve: 5, verify: 'no' });
    expect(plain(qa.score())).to.equal('Score 0% Critical failure: Verified identity. The score is 0.');
    await qa.release();
    await waitUntil(() => agent.rows().length === 1, 'released to the agent', { timeout: 3000 });
    const [row] = agent.rows();
    expect({ ...row, score: plain(row!.score) }).to.deep.include({ state: 'released', score: 'Score 0% Critical failure: Verified identity. The score is 0.' });
    expect(row!.actions).to.deep.equal(['acknowledge', 'dispute']);
    await agent.respond(row!.id, 'dispute');
    expect(agent.rows()[0]!.state, 'a dispute without a comment is refused').to.equal('released');
    await agent.respond(row!.id, 'dispute', 'I verified at 01:12');
    expect(agent.rows()[0]!.state).to.equal('disputed');
    await waitUntil(() => qa.rows()[0]?.state === 'disputed', 'the evaluator sees it', { timeout: 3000 });
  });

  describe('keyboard', () => {
    it('answers with arrow keys inside each radio group and reaches Save with Tab', async function () {
      this.timeout(60_000);
      const s = await scene();
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
      radio(qa.el, 'empathy', '0').focus();
      await sendKeys({ press: 'Space' });
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowRight' });
      await qa.el.updateComplete;
      expect(radio(qa.el, 'empathy', '2').checked).to.equal(true);
      expect(score(qa.el)).to.equal('Score So far 50% (1 of 4 answered)');
      // Tab leaves the group for the next criterion's first option.
      await sendKeys({ press: 'Tab' });
      expect(root(qa.el).activeElement?.closest('fieldset')?.getAttribute('data-criterion')).to.equal('resolve');
    });
  });

  describe('parts loaded on first need', () => {
    const hasRule = (el: FwEvaluation, selector: string): boolean =>
      root(el).adoptedStyleSheets.some((sheet) => [...sheet.cssRules].some((rule) => rule.cssText.includes(selector)));

    it('the form comes with its styles to an evaluator, the answers and reply with theirs to an agent, each in Spanish too, and neither side carries the other', async function () {
      this.timeout(60_000);
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { evaluation: evaluationEs, common: commonEs } });
      const s = await scene();
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
      // The first update that shows the form is complete only once the form is there.
      const critical = root(qa.el).querySelector<HTMLElement>('fieldset[data-critical]');
      expect(critical, 'the form is shown').to.not.equal(null);
      expect(getComputedStyle(critical!).borderInlineStartWidth, 'the form’s own rules apply').to.equal('4px');
      expectActionLook(qa.el, 'release');
      expect(hasRule(qa.el, '.answers'), 'an evaluator’s element carries no agent rules').to.equal(false);
      await answer(qa.el, { greet: 'yes', empathy: 4, resolve: 5, verify: 'yes' });
      await press(qa.el, 'release');
      expect(qa.changed.map((e) => e.action)).to.deep.equal(['save', 'release']);

      const agent = await mount(s.agentClient, s.agent, { lang: 'es' });
      await waitUntil(() => items(agent.el).length === 1, 'the agent sees the released evaluation', { timeout: 3000 });
      await agent.el.updateComplete;
      expect(root(agent.el).querySelector('[part="form"]')).to.equal(null);
      expect(hasRule(agent.el, '.criterion'), 'an agent’s element carries no form rules').to.equal(false);
      const table = root(agent.el).querySelector<HTMLElement>('[part="answers"]');
      expect(getComputedStyle(table!).borderCollapse, 'the answers’ own rules apply').to.equal('collapse');
      expect(text(table!.querySelector('thead th'))).to.equal('Criterio');
      expect(text(root(agent.el).querySelector('[part="acknowledge"]'))).to.equal('Aceptar');
      await press(agent.el, 'dispute');
      expect(agent.changed, 'a dispute without a comment is not sent').to.deep.equal([]);
      expect(root(agent.el).querySelector('[part="reply-input"]')!.getAttribute('aria-invalid')).to.equal('true');
      await press(agent.el, 'acknowledge');
      expect(agent.changed.map((e) => [e.action, e.evaluation.state])).to.deep.equal([['acknowledge', 'acknowledged']]);
    });
  });

  describe('localisation', () => {
    it('speaks Spanish', async function () {
      this.timeout(60_000);
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { evaluation: evaluationEs, common: commonEs } });
      const s = await scene();
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId, lang: 'es' });
      expect(text(root(qa.el).querySelector('[part="heading"]'))).to.equal('Evaluaciones de calidad');
      await answer(qa.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'no' });
      expect(score(qa.el)).to.match(/^Puntuación 0\s?% Fallo crítico: Verified identity\. La puntuación es 0\.$/);
      expect(text(root(qa.el).querySelector('[part="release"]'))).to.equal('Publicar al agente');
    });
  });

  describe('quality audit', () => {
    it('never rounds a score up: 99.6 reads 99% in the live form, the list and the agent’s view (the core’s wholeScore)', async function () {
      this.timeout(60_000);
      const s = await scene();
      // 99 + 3/5 of 1 = 99.6 of 100 points.
      await s.qa.defineScorecard({ id: 'near', name: 'Nearly', criteria: [{ id: 'big', label: 'Big', kind: 'yes-no', weight: 99 }, { id: 'small', label: 'Small', kind: 'scale', weight: 1 }] });
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
      const pick = root(qa.el).querySelector<HTMLSelectElement>('[part="scorecard-select"]')!;
      pick.value = 'near';
      pick.dispatchEvent(new Event('change'));
      await qa.el.updateComplete;
      await answer(qa.el, { big: 'yes', small: 3 });
      expect(score(qa.el)).to.equal('Score 99%');
      await press(qa.el, 'release');
      expect(qa.changed.at(-1)!.evaluation.score).to.be.closeTo(99.6, 1e-9);
      await waitUntil(() => items(qa.el).length === 1, 'listed', { timeout: 3000 });
      expect(items(qa.el)[0]!.text).to.contain('Score 99%');
      const agent = await mount(s.agentClient, s.agent);
      expect(items(agent.el)[0]!.text).to.contain('Score 99%');
      expect(items(agent.el)[0]!.text).to.not.contain('100');
    });

    it('an evaluation made on a scorecard changed since is shown to the agent and edited against the form it was scored on', async function () {
      this.timeout(60_000);
      const s = await scene();
      const e = await s.qa.evaluate({ scorecardId: 'calls', interactionId: s.interactionId, agentId: s.agentId, answers: { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } });
      await s.qa.release(e.id);
      // Version 2: no empathy, a new criterion.
      await s.qa.defineScorecard({ ...CARD, criteria: [CARD.criteria[0]!, CARD.criteria[2]!, CARD.criteria[3]!, { id: 'close', label: 'Closed the call', kind: 'yes-no', weight: 1 }] });
      const agent = await mount(s.agentClient, s.agent);
      const rows = [...root(agent.el).querySelectorAll('[part="answers"] tbody tr')].map((tr) => [tr.getAttribute('data-criterion'), text(tr.querySelector('td'))]);
      expect(rows).to.deep.equal([['greet', 'Yes'], ['empathy', '3 of 4'], ['resolve', '4 of 5'], ['verify', 'Yes']]);
      await s.agent.dispute(e.id, 'Empathy was better');
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId });
      root(qa.el).querySelector<HTMLButtonElement>('[part="evaluation"] [data-action="edit"]')!.click();
      await qa.el.updateComplete;
      expect([...root(qa.el).querySelectorAll('fieldset[data-criterion]')].map((f) => f.getAttribute('data-criterion'))).to.deep.equal(['greet', 'empathy', 'resolve', 'verify']);
      await answer(qa.el, { empathy: 4 });
      await press(qa.el, 'save');
      expect(qa.failed).to.deep.equal([]);
      // 2 + 1 + 2.4 + 2 = 7.4 of 8.
      expect(qa.changed.at(-1)!.evaluation.score).to.be.closeTo(92.5, 1e-9);
    });

    it('clearing the comment and saving removes it', async function () {
      this.timeout(60_000);
      const s = await scene();
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
      await answer(qa.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' });
      const comment = root(qa.el).querySelector<HTMLTextAreaElement>('[part="comment-input"]')!;
      comment.value = 'Rude at the close';
      comment.dispatchEvent(new Event('input'));
      await press(qa.el, 'save');
      expect((await s.qa.getEvaluations())[0]!.comment).to.equal('Rude at the close');
      comment.value = '';
      comment.dispatchEvent(new Event('input'));
      await press(qa.el, 'save');
      expect(qa.changed.map((e) => e.action)).to.deep.equal(['save', 'save']);
      expect((await s.qa.getEvaluations())[0]!.comment).to.equal(undefined);
    });

    it('one evaluator editing a draft in two tabs: the second save, based on the draft as it was, is refused and says why; the first stands', async function () {
      this.timeout(60_000);
      const s = await scene();
      const answers = { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } as const;
      await s.qa.evaluate({ scorecardId: 'calls', interactionId: s.interactionId, agentId: s.agentId, answers });
      const one = await mount(s.c.client, s.qa, { agentId: s.agentId });
      const two = await mount(s.c.client, s.service(QA), { agentId: s.agentId });
      for (const tab of [one, two]) {
        root(tab.el).querySelector<HTMLButtonElement>('[part="evaluation"] [data-action="edit"]')!.click();
        await tab.el.updateComplete;
      }
      await answer(one.el, { greet: 'no' });
      await press(one.el, 'save');
      await answer(two.el, { resolve: 1 });
      await press(two.el, 'save');
      expect(one.changed.map((e) => e.action)).to.deep.equal(['save']);
      expect(two.changed).to.deep.equal([]);
      expect(two.failed.map((e) => e.error.code)).to.deep.equal([ErrorCode.Conflict]);
      expect(text(root(two.el).querySelector('[part="form"] [part="message"]'))).to.contain('It changed meanwhile');
      const [stored] = await s.qa.getEvaluations();
      expect([stored!.answers['greet'], stored!.answers['resolve']]).to.deep.equal(['no', 4]);
    });

    it('a save that fails on a dropped network keeps every answer and the comment in the form; Save again stores them', async function () {
      this.timeout(60_000);
      const s = await scene();
      let down = false;
      const flaky: EvaluationsBackplane = { ...s.backplane, put: (write) => (down ? Promise.reject(new TypeError('Failed to fetch')) : s.backplane.put(write)) };
      const qa = await mount(s.c.client, s.service(QA, flaky), { agentId: s.agentId, interactionId: s.interactionId });
      await answer(qa.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' });
      const comment = root(qa.el).querySelector<HTMLTextAreaElement>('[part="comment-input"]')!;
      comment.value = 'Kept through the drop';
      comment.dispatchEvent(new Event('input'));
      down = true;
      await press(qa.el, 'save');
      expect(qa.failed.map((e) => e.action)).to.deep.equal(['save']);
      expect(await s.qa.getEvaluations()).to.deep.equal([]);
      expect(radio(qa.el, 'empathy', '3').checked).to.equal(true);
      expect(score(qa.el)).to.equal('Score 89%');
      expect(root(qa.el).querySelector<HTMLTextAreaElement>('[part="comment-input"]')!.value).to.equal('Kept through the drop');
      down = false;
      await press(qa.el, 'save');
      const stored = await s.qa.getEvaluations();
      expect(stored.map((e) => [e.answers['empathy'], e.comment])).to.deep.equal([[3, 'Kept through the drop']]);
    });

    it('long free text (a comment, a criterion label, a scorecard name without spaces) wraps inside a narrow element on both sides', async function () {
      this.timeout(60_000);
      const s = await scene();
      const long = 'x'.repeat(300);
      await s.qa.defineScorecard({ id: 'wide', name: `Card${long}`, criteria: [{ id: 'w', label: `Label${long}`, kind: 'yes-no', weight: 1 }] });
      const e = await s.qa.evaluate({ scorecardId: 'wide', interactionId: s.interactionId, agentId: s.agentId, answers: { w: 'yes' }, comment: 'c'.repeat(2000) });
      await s.qa.release(e.id);
      await s.agent.acknowledge(e.id, 'a'.repeat(2000));
      const agent = await mount(s.agentClient, s.agent);
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
      const pick = root(qa.el).querySelector<HTMLSelectElement>('[part="scorecard-select"]')!;
      pick.value = 'wide';
      pick.dispatchEvent(new Event('change'));
      await qa.el.updateComplete;
      for (const { el } of [qa, agent]) {
        el.style.display = 'block';
        el.style.width = '320px';
        await el.updateComplete;
        const base = root(el).querySelector<HTMLElement>('[part="base"]')!;
        const over = [...root(el).querySelectorAll<HTMLElement>('*')].filter((n) => n.getBoundingClientRect().right > base.getBoundingClientRect().right + 1).map((n) => `${n.tagName.toLowerCase()}.${n.className}`);
        expect(over, `${el.matches(':state(agent)') ? 'agent' : 'evaluator'}: nothing reaches past the element`).to.deep.equal([]);
      }
    });

    it('a scorecard changed while the form is being filled: the form follows it and saves, without the dropped criterion’s answer', async function () {
      this.timeout(60_000);
      const s = await scene();
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
      await answer(qa.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' });
      await s.qa.defineScorecard({ ...CARD, criteria: [CARD.criteria[0]!, CARD.criteria[2]!, CARD.criteria[3]!, { id: 'close', label: 'Closed the call', kind: 'yes-no', weight: 1 }] });
      await waitUntil(() => root(qa.el).querySelector('fieldset[data-criterion="close"]') !== null, 'the form shows the new card', { timeout: 3000 });
      await answer(qa.el, { close: 'yes' });
      await press(qa.el, 'save');
      expect(qa.failed.map((e) => e.error.message)).to.deep.equal([]);
      const [stored] = await s.qa.getEvaluations();
      expect(Object.keys(stored!.answers).sort()).to.deep.equal(['close', 'greet', 'resolve', 'verify']);
    });

    it('a scorecard changed so that an answer no longer fits (a shorter scale, N/A refused): the form asks for it again instead of the service refusing the save', async function () {
      this.timeout(60_000);
      const s = await scene();
      await s.qa.defineScorecard({ ...CARD, criteria: CARD.criteria.map((c) => (c.id === 'greet' ? { ...c, allowNa: true } : c)) });
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
      await waitUntil(() => root(qa.el).querySelector('fieldset[data-criterion="greet"] input[value="na"]') !== null, 'N/A offered', { timeout: 3000 });
      await answer(qa.el, { greet: 'na', empathy: 3, resolve: 5, verify: 'yes' });
      // Version 2: resolve out of 3, greet no longer N/A.
      await s.qa.defineScorecard({ ...CARD, criteria: CARD.criteria.map((c) => (c.id === 'resolve' ? { ...c, scaleMax: 3 } : c.id === 'greet' ? { ...c, allowNa: false } : c)) });
      await waitUntil(() => root(qa.el).querySelector('fieldset[data-criterion="resolve"] input[value="4"]') === null, 'the form shows the new scale', { timeout: 3000 });
      await press(qa.el, 'save');
      expect(qa.failed.map((e) => e.error.code), 'nothing refused by the service').to.deep.equal([]);
      expect(text(root(qa.el).querySelector('[part="form"] [role="alert"]'))).to.equal('Answer the remaining 2 criteria first.');
      expect(qa.el.shadowRoot!.activeElement?.closest('fieldset')?.getAttribute('data-criterion')).to.equal('greet');
      await answer(qa.el, { greet: 'yes', resolve: 3 });
      await press(qa.el, 'save');
      expect(qa.changed.map((e) => e.action)).to.deep.equal(['save']);
    });

    it('right to left: the critical rule on the inline start (right), answers flowing from the right, the score’s percentage kept with its number', async function () {
      this.timeout(60_000);
      const s = await scene();
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
      qa.el.setAttribute('dir', 'rtl');
      await qa.el.updateComplete;
      const critical = root(qa.el).querySelector<HTMLElement>('fieldset[data-critical]')!;
      expect([getComputedStyle(critical).borderRightWidth, getComputedStyle(critical).borderLeftWidth]).to.deep.equal(['4px', '1px']);
      const [yes, no] = [radio(qa.el, 'greet', 'yes'), radio(qa.el, 'greet', 'no')];
      expect(yes.getBoundingClientRect().left, 'Yes is right of No').to.be.greaterThan(no.getBoundingClientRect().left);
      await answer(qa.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' });
      expect(score(qa.el)).to.equal('Score 89%');
    });

    it('one evaluator in two tabs: Release pressed in one, on a draft the other revised since, is refused and says why; nothing is released unseen', async function () {
      this.timeout(60_000);
      const s = await scene();
      const answers = { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } as const;
      await s.qa.evaluate({ scorecardId: 'calls', interactionId: s.interactionId, agentId: s.agentId, answers });
      const one = await mount(s.c.client, s.qa, { agentId: s.agentId });
      const two = await mount(s.c.client, s.service(QA), { agentId: s.agentId });
      for (const tab of [one, two]) {
        root(tab.el).querySelector<HTMLButtonElement>('[part="evaluation"] [data-action="edit"]')!.click();
        await tab.el.updateComplete;
      }
      await answer(one.el, { verify: 'no' });
      await press(one.el, 'save');
      await press(two.el, 'release');
      expect(two.failed.map((e) => [e.action, e.error.code])).to.deep.equal([['release', ErrorCode.Conflict]]);
      expect(text(root(two.el).querySelector('[part="form"] [part="message"]'))).to.contain('It changed meanwhile');
      const [stored] = await s.qa.getEvaluations();
      expect([stored!.state, stored!.answers['verify']]).to.deep.equal(['draft', 'no']);
    });

    it('released again after a dispute: the dispute’s reason stays in view on both sides', async function () {
      this.timeout(60_000);
      const s = await scene();
      const answers = { greet: 'yes', empathy: 3, resolve: 4, verify: 'no' } as const;
      const e = await s.qa.evaluate({ scorecardId: 'calls', interactionId: s.interactionId, agentId: s.agentId, answers });
      await s.qa.release(e.id);
      await s.agent.dispute(e.id, 'I verified at 01:12');
      await s.qa.revise(e.id, { ...answers, verify: 'yes' });
      await s.qa.release(e.id);
      const qa = await mount(s.c.client, s.qa, { agentId: s.agentId });
      const agent = await mount(s.agentClient, s.agent);
      for (const el of [qa.el, agent.el]) expect(text(root(el).querySelector('[data-comment="dispute"]'))).to.equal('Disputed earlier: I verified at 01:12');
    });
  });
  describe('a flaky network and reloads', () => {
    const comment = (el: FwEvaluation): HTMLTextAreaElement => root(el).querySelector<HTMLTextAreaElement>('[part="comment-input"]')!;
    const type = async (el: FwEvaluation, value: string): Promise<void> => {
      comment(el).value = value;
      comment(el).dispatchEvent(new Event('input'));
      await el.updateComplete;
    };
    const note = (el: FwEvaluation): string => text(root(el).querySelector('[data-unsaved]'));
    const kept = (): Record<string, unknown> => Object.fromEntries(Object.keys(sessionStorage).filter((k) => k.startsWith('fw-evaluation:')).map((k) => [k, JSON.parse(sessionStorage.getItem(k)!)]));
    /** The backplane of the scene, whose next writes are stored but answered with a network failure (a timeout after the server wrote). */
    const lostReplies = (s: EvaluationScene) => {
      let lose = 0;
      const backplane: EvaluationsBackplane = {
        ...s.backplane,
        put: async (write) => {
          const record = await s.backplane.put(write);
          if (lose > 0) {
            lose--;
            throw new TypeError('Failed to fetch');
          }
          return record;
        },
      };
      return { backplane, loseNext: () => void (lose = 1) };
    };

    it('a save whose reply was lost, pressed again, finds the draft it made: one draft, not two', async function () {
      this.timeout(60_000);
      const s = await scene();
      const net = lostReplies(s);
      const qa = await mount(s.c.client, s.service(QA, net.backplane), { agentId: s.agentId, interactionId: s.interactionId });
      await answer(qa.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' });
      net.loseNext();
      await press(qa.el, 'save');
      expect(qa.failed.map((e) => e.action)).to.deep.equal(['save']);
      await press(qa.el, 'save');
      expect(qa.changed.map((e) => e.action)).to.deep.equal(['save']);
      const stored = await s.qa.getEvaluations();
      expect(stored.length, 'the retry found the draft the lost save made').to.equal(1);
      expect(qa.changed[0]!.evaluation.id).to.equal(stored[0]!.id);
      // A new evaluation of the same interaction is a new form, with a key of its own.
      root(qa.el).querySelector<HTMLButtonElement>('[part="form"] [part="action"]')!.click();
      await qa.el.updateComplete;
      await answer(qa.el, { greet: 'no', empathy: 3, resolve: 4, verify: 'yes' });
      await press(qa.el, 'save');
      expect((await s.qa.getEvaluations()).length).to.equal(2);
    });

    it('unsaved answers and the comment outlive a failed save and a reload, say they are not saved, and go once saved; only they are kept', async function () {
      this.timeout(60_000);
      const s = await scene();
      let down = false;
      const flaky: EvaluationsBackplane = { ...s.backplane, put: (write) => (down ? Promise.reject(new TypeError('Failed to fetch')) : s.backplane.put(write)) };
      const service = s.service(QA, flaky);
      const first = await mount(s.c.client, service, { agentId: s.agentId, interactionId: s.interactionId });
      expect(note(first.el), 'nothing unsaved yet').to.equal('');
      await answer(first.el, { greet: 'yes', empathy: 3 });
      await type(first.el, 'Kept through the reload');
      expect(note(first.el)).to.equal('Not saved yet: your answers are kept in this tab until you save them.');
      down = true;
      await answer(first.el, { resolve: 4, verify: 'no' });
      await press(first.el, 'save');
      expect(first.failed.map((e) => e.action)).to.deep.equal(['save']);
      expect(note(first.el), 'still said after the failed save').to.contain('Not saved yet');
      // Only the evaluator's answers, comment and the save's key: no names, no customer fields, no score.
      const entries = Object.entries(kept());
      expect(entries.length).to.equal(1);
      const [slot, value] = entries[0]! as [string, { a: unknown; c: unknown; k: unknown }];
      expect(JSON.parse(slot.slice('fw-evaluation:'.length))).to.deep.equal([QA.userId, 'calls', s.interactionId, '']);
      expect(Object.keys(value).sort()).to.deep.equal(['a', 'c', 'k']);
      expect(value.a).to.deep.equal([['greet', 'yes'], ['empathy', 3], ['resolve', 4], ['verify', 'no']]);
      expect(value.c).to.equal('Kept through the reload');
      // The page reloads: a new element, the same tab.
      first.el.remove();
      down = false;
      const again = await mount(s.c.client, s.service(QA, flaky), { agentId: s.agentId, interactionId: s.interactionId });
      await frame();
      await frame();
      expect(radio(again.el, 'empathy', '3').checked, 'the answers are back').to.equal(true);
      expect(radio(again.el, 'verify', 'no').checked).to.equal(true);
      expect(comment(again.el).value).to.equal('Kept through the reload');
      expect(score(again.el)).to.contain('Score 0%');
      expect(note(again.el)).to.contain('Not saved yet');
      expect(live(again.el, 'polite')).to.equal('Answers you had not saved are back in the form. They are not saved yet.');
      await press(again.el, 'save');
      expect(again.changed.map((e) => e.action)).to.deep.equal(['save']);
      expect(note(again.el), 'saved: no longer said').to.equal('');
      expect(kept(), 'saved: no longer kept').to.deep.equal({});
      const stored = await s.qa.getEvaluations();
      expect(stored.map((e) => [e.answers['empathy'], e.comment])).to.deep.equal([[3, 'Kept through the reload']]);
    });

    it('after a reload, a form with pickers opens on the interaction left unsaved; a save lost before the reload is found, not made twice', async function () {
      this.timeout(60_000);
      const s = await scene();
      const net = lostReplies(s);
      const first = await mount(s.c.client, s.service(QA, net.backplane), { agentId: s.agentId });
      await pickInteraction(first.el, s.interactionId);
      await answer(first.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' });
      net.loseNext();
      await press(first.el, 'save');
      expect(first.failed.length).to.equal(1);
      first.el.remove();
      const again = await mount(s.c.client, s.service(QA, net.backplane), { agentId: s.agentId });
      expect(root(again.el).querySelector<HTMLSelectElement>('[part="interaction-select"]')!.value).to.equal(s.interactionId);
      expect(radio(again.el, 'resolve', '4').checked).to.equal(true);
      await press(again.el, 'save');
      expect(again.failed).to.deep.equal([]);
      expect((await s.qa.getEvaluations()).length, 'one draft').to.equal(1);
    });

    it('editing a draft: a save whose reply was lost, pressed again, is saved, not refused as changed meanwhile', async function () {
      this.timeout(60_000);
      const s = await scene();
      const net = lostReplies(s);
      await s.qa.evaluate({ scorecardId: 'calls', interactionId: s.interactionId, agentId: s.agentId, answers: { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } });
      const qa = await mount(s.c.client, s.service(QA, net.backplane), { agentId: s.agentId });
      root(qa.el).querySelector<HTMLButtonElement>('[part="evaluation"] [data-action="edit"]')!.click();
      await qa.el.updateComplete;
      await answer(qa.el, { greet: 'no' });
      net.loseNext();
      await press(qa.el, 'save');
      expect(qa.failed.length).to.equal(1);
      await press(qa.el, 'save');
      expect(qa.failed.map((e) => e.error.code), 'no Conflict for its own lost save').to.deep.equal([ErrorCode.Internal]);
      expect(qa.changed.map((e) => e.action)).to.deep.equal(['save']);
      const [stored] = await s.qa.getEvaluations();
      expect(stored!.history!.map((h) => h.action)).to.deep.equal(['evaluate', 'revise']);
    });

    it('a release whose reply was lost, pressed again, is released, not refused as changed meanwhile', async function () {
      this.timeout(60_000);
      const s = await scene();
      const net = lostReplies(s);
      const qa = await mount(s.c.client, s.service(QA, net.backplane), { agentId: s.agentId, interactionId: s.interactionId });
      await answer(qa.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' });
      await press(qa.el, 'save');
      net.loseNext();
      await press(qa.el, 'release');
      expect(qa.failed.map((e) => e.action)).to.deep.equal(['release']);
      await press(qa.el, 'release');
      expect(qa.failed.length, 'no Conflict for its own lost release').to.equal(1);
      expect(qa.changed.map((e) => e.action)).to.deep.equal(['save', 'release']);
      const [stored] = await s.qa.getEvaluations();
      expect(stored!.history!.map((h) => h.action)).to.deep.equal(['evaluate', 'release']);
    });

    it('on a page not served securely (no crypto.randomUUID), answers are still kept and saved with a key', async function () {
      this.timeout(60_000);
      const s = await scene();
      const had = Object.getOwnPropertyDescriptor(Crypto.prototype, 'randomUUID')!;
      Object.defineProperty(Crypto.prototype, 'randomUUID', { value: undefined, configurable: true });
      try {
        const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
        await answer(qa.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' });
        expect(Object.keys(kept()).length, 'kept in the tab').to.equal(1);
        await press(qa.el, 'save');
        expect(qa.changed.map((e) => e.action)).to.deep.equal(['save']);
      } finally {
        Object.defineProperty(Crypto.prototype, 'randomUUID', had);
      }
    });

    it('where sessionStorage is refused (a sandboxed frame), unsaved answers are kept in memory for the page’s life', async function () {
      this.timeout(60_000);
      const s = await scene();
      const had = Object.getOwnPropertyDescriptor(window, 'sessionStorage');
      Object.defineProperty(window, 'sessionStorage', { configurable: true, get: () => { throw new DOMException('The document is sandboxed', 'SecurityError'); } });
      try {
        const first = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
        await answer(first.el, { greet: 'no', empathy: 2 });
        expect(note(first.el)).to.contain('Not saved yet');
        first.el.remove();
        const again = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
        expect(radio(again.el, 'greet', 'no').checked).to.equal(true);
        await answer(again.el, { resolve: 4, verify: 'yes' });
        await press(again.el, 'save');
        expect(again.changed.map((e) => e.action)).to.deep.equal(['save']);
      } finally {
        if (had === undefined) delete (window as { sessionStorage?: Storage }).sessionStorage;
        else Object.defineProperty(window, 'sessionStorage', had);
      }
      expect(typeof sessionStorage.getItem, 'sessionStorage restored for the next tests').to.equal('function');
    });

    it('editing a draft: unsaved changes are kept under that evaluation and come back when it is edited again', async function () {
      this.timeout(60_000);
      const s = await scene();
      await s.qa.evaluate({ scorecardId: 'calls', interactionId: s.interactionId, agentId: s.agentId, answers: { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' } });
      const first = await mount(s.c.client, s.qa, { agentId: s.agentId });
      root(first.el).querySelector<HTMLButtonElement>('[part="evaluation"] [data-action="edit"]')!.click();
      await first.el.updateComplete;
      expect(note(first.el), 'loaded as saved').to.equal('');
      await answer(first.el, { greet: 'no' });
      first.el.remove();
      const again = await mount(s.c.client, s.qa, { agentId: s.agentId });
      expect(radio(again.el, 'greet', 'yes').checked, 'a new form is not an edit').to.equal(false);
      root(again.el).querySelector<HTMLButtonElement>('[part="evaluation"] [data-action="edit"]')!.click();
      await again.el.updateComplete;
      expect(radio(again.el, 'greet', 'no').checked).to.equal(true);
      expect(note(again.el)).to.contain('Not saved yet');
      await press(again.el, 'save');
      expect((await s.qa.getEvaluations())[0]!.answers['greet']).to.equal('no');
      expect(kept()).to.deep.equal({});
    });
  });
});
