// The checklist (a11y.md) against the accessibility tree Chromium computes, not the attributes
// the element writes.
import { expect } from '@open-wc/testing';
import { axTree, findAll, findNode, graphics, liveRegions, outline, textOf, type AXNode } from '../../../test/a11y-tree.js';
import type { Centre } from '../../../test/centre.js';
import { heldWrites } from '../../../test/held-backplane.js';
import { answer, evaluationScene, flush, mountEvaluation as mount, pickInteraction, press, QA, type EvaluationScene, qaOutsideTeams } from '../../../test/evaluation-rig.js';
import { voicedOnce } from '../../../test/voiced.js';
import { FwEvaluation } from './fw-evaluation.js';
import { plain } from '../../../test/isolates.js';

FwEvaluation.define('fw-evaluation');

let centre: Centre | undefined;

const scene = (): Promise<EvaluationScene> => evaluationScene((c) => (centre = c));

/** The element's region, named by its heading, whose level is checked on the way. */
function evaluations(tree: AXNode): AXNode {
  const region = findNode(tree, 'region', 'Quality evaluations');
  expect(findNode(region, 'heading', 'Quality evaluations').level).to.equal(3);
  return region;
}

/** [group name, invalid, the radios' names] of each criterion. */
const criteria = (form: AXNode): unknown[][] =>
  findAll(form, 'group').map((g) => [plain(g.name ?? ''), g.invalid ?? 'false', findAll(g, 'radio').map((r) => plain(r.name ?? ''))]);

describe('fw-evaluation: computed accessibility tree', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
    // Unsaved answers are kept per tab: one test's must not open in the next one's form.
    sessionStorage.clear();
  });

  it('evaluator: the form named by its heading, one named group of radios per criterion with its weight and "Critical", the score a status; no icons', async function () {
    this.timeout(60_000);
    const s = await scene();
    const name = s.c.client.getAgent(s.agentId)!.name;
    const qa = await mount(s.c.client, s.qa, { agentId: s.agentId });
    await pickInteraction(qa.el, s.interactionId);
    const tree = await axTree(qa.el);
    const form = findNode(evaluations(tree), 'form', `Evaluate an interaction: ${name}`);
    expect(findNode(form, 'heading', `Evaluate an interaction: ${name}`).level).to.equal(4);
    expect(findNode(form, 'combobox', 'Interaction').value).to.not.equal('');
    expect(criteria(form)).to.deep.equal([
      ['Greeted the customer Weight 2', 'false', ['Yes', 'No', 'N/A']],
      ['Empathy Weight 1', 'false', ['0', '1', '2', '3', '4', 'N/A']],
      ['Resolved the issue Weight 3', 'false', ['0', '1', '2', '3', '4', '5', 'N/A']],
      ['Verified identity Weight 2 · Critical', 'false', ['Yes', 'No']],
    ]);
    expect(findAll(form, 'radio').every((r) => r.checked === false)).to.equal(true);
    const score = findNode(form, 'status');
    expect([score.live, textOf(score)]).to.deep.equal(['polite', 'No answers yet']);
    findNode(form, 'textbox', 'Comment for the agent (optional)');
    expect(findAll(form, 'button').map((b) => [b.name, b.disabled ?? false])).to.deep.equal([
      ['Save draft', false],
      ['Release to the agent', false],
    ]);
    expect(findNode(evaluations(tree), 'heading', 'Evaluations').level).to.equal(4);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('evaluator: a save with criteria unanswered marks those groups invalid, says so once, and focuses the first', async function () {
    this.timeout(60_000);
    const s = await scene();
    const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
    await answer(qa.el, { greet: 'yes', empathy: 2 });
    await press(qa.el, 'save');
    const tree = await voicedOnce(qa.el, 'assertive', 'Answer the remaining 2 criteria first.');
    const form = findNode(tree, 'form');
    expect(criteria(form).map(([group, invalid]) => [group, invalid])).to.deep.equal([
      ['Greeted the customer Weight 2', 'false'],
      ['Empathy Weight 1', 'false'],
      ['Resolved the issue Weight 3', 'true'],
      ['Verified identity Weight 2 · Critical', 'true'],
    ]);
    expect(findNode(form, 'group', 'Resolved the issue Weight 3').children!.some((n) => findAll(n, 'radio').some((r) => r.focused === true))).to.equal(true);
  });

  it('evaluator: a save before an interaction is picked marks that picker invalid, described by the message said once, and focuses it', async function () {
    this.timeout(60_000);
    const s = await scene();
    const qa = await mount(s.c.client, s.qa, { agentId: s.agentId });
    await press(qa.el, 'save');
    const tree = await voicedOnce(qa.el, 'assertive', 'Choose an agent, an interaction and a scorecard first.');
    const picker = findNode(findNode(tree, 'form'), 'combobox', 'Interaction');
    expect([picker.invalid, picker.focused, picker.description]).to.deep.equal(['true', true, 'Choose an agent, an interaction and a scorecard first.']);
  });

  it('evaluator: the score says a critical failure in words, in the status, with no icon in the tree', async function () {
    this.timeout(60_000);
    const s = await scene();
    const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
    await answer(qa.el, { greet: 'yes', empathy: 4, resolve: 5, verify: 'no' });
    const tree = await axTree(qa.el);
    // The status holds the figure; its "Score" label is the text just before it.
    expect(textOf(findNode(tree, 'status'))).to.equal('0% Critical failure: Verified identity. The score is 0.');
    const critical = findNode(tree, 'group', 'Verified identity Weight 2 · Critical');
    expect(findNode(critical, 'radio', 'No').checked).to.equal(true);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('evaluator: while a save waits, "Pending" in the button\'s name (not "PENDING") and both buttons disabled; then the save voiced politely once', async function () {
    this.timeout(60_000);
    const s = await scene();
    const held = heldWrites(s.backplane);
    const qa = await mount(s.c.client, s.service(QA, held.backplane), { agentId: s.agentId, interactionId: s.interactionId });
    await answer(qa.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' });
    const release = held.hold();
    await press(qa.el, 'save');
    const form = findNode(await axTree(qa.el), 'form');
    // The mark is styled in capitals; the name must still carry the word.
    expect(findAll(form, 'button').map((b) => [b.name, b.disabled ?? false])).to.deep.equal([
      ['Save draft Pending', true],
      ['Release to the agent', true],
    ]);
    release();
    await flush(qa.el);
    await voicedOnce(qa.el, 'polite', 'Draft saved. Score 89%.');
  });

  it('a failure is shown by the form and voiced assertively once, not by two live regions', async function () {
    this.timeout(60_000);
    const s = await scene();
    const narrow = qaOutsideTeams(s);
    const qa = await mount(s.c.client, narrow, { agentId: s.agentId, interactionId: s.interactionId });
    await answer(qa.el, { greet: 'yes', empathy: 3, resolve: 4, verify: 'yes' });
    await press(qa.el, 'save');
    const failure = 'Not done. That agent is outside your teams.';
    const tree = await voicedOnce(qa.el, 'assertive', failure);
    expect(textOf(findNode(tree, 'form'))).to.contain(failure);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('controls the role may not use: disabled, still in the tree, described by the reason', async function () {
    this.timeout(60_000);
    const s = await scene();
    const forced = await mount(s.agentClient, s.agent, { view: 'evaluator', agentId: s.otherId, interactionId: s.otherInteractionId });
    const form = findNode(await axTree(forced.el), 'form');
    expect(findAll(form, 'button').map((b) => [b.name, b.description, b.disabled])).to.deep.equal([
      ['Save draft', 'Your role cannot evaluate interactions.', true],
      ['Release to the agent', 'Your role cannot evaluate interactions.', true],
    ]);
  });

  it('agent: a released evaluation as a list item whose answers are a table named by its caption, with a row header per criterion; a dispute without a comment makes the field invalid, described and focused', async function () {
    this.timeout(60_000);
    const s = await scene();
    const qa = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
    await answer(qa.el, { greet: 'yes', empathy: 2, resolve: 4, verify: 'no' });
    await press(qa.el, 'release');
    const agent = await mount(s.agentClient, s.agent);
    let tree = await axTree(agent.el);
    const item = findNode(evaluations(tree), 'listitem');
    const table = findNode(item, 'table');
    expect(plain(table.name!)).to.match(/^Voice calls: /);
    expect(findAll(table, 'columnheader').map((h) => h.name)).to.deep.equal(['Criterion', 'Answer']);
    expect(findAll(table, 'row').slice(1).map((row) => [plain(findNode(row, 'rowheader').name!), plain(findNode(row, 'cell').name!)])).to.deep.equal([
      ['Greeted the customer', 'Yes'],
      ['Empathy', '2 of 4'],
      ['Resolved the issue', '4 of 5'],
      ['Verified identity (Critical)', 'No'],
    ]);
    expect(findAll(item, 'button').map((b) => b.name)).to.deep.equal(['Acknowledge', 'Dispute']);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);

    await press(agent.el, 'dispute');
    tree = await axTree(agent.el);
    const reply = findNode(tree, 'textbox', 'Your comment (required to dispute)');
    expect([reply.invalid, reply.description, reply.focused]).to.deep.equal(['true', 'Say why you dispute it: a comment is required.', true]);
  });
  it('evaluator: answers left unsaved come back after a reload, voiced politely once, and "Not saved yet" is plain text in the form, in no live region', async function () {
    this.timeout(60_000);
    const s = await scene();
    const first = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
    await answer(first.el, { greet: 'no' });
    first.el.remove();
    const again = await mount(s.c.client, s.qa, { agentId: s.agentId, interactionId: s.interactionId });
    const tree = await voicedOnce(again.el, 'polite', 'Answers you had not saved are back in the form. They are not saved yet.');
    const form = findNode(evaluations(tree), 'form');
    expect(textOf(form)).to.contain('Not saved yet: your answers are kept in this tab until you save them.');
    expect(liveRegions(tree).filter((r) => textOf(r).includes('Not saved yet')), 'not announced on every render').to.deep.equal([]);
    expect(findAll(form, 'radio').filter((r) => r.checked === true).map((r) => plain(r.name ?? ''))).to.deep.equal(['No']);
  });
});
