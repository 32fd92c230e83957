// The checklist (a11y.md) against the accessibility tree Chromium computes, not the attributes
// the element writes.
import type { Metrics } from '@floorwalk/core/metrics';
import { expect } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { axTree, findAll, findNode, graphics, liveRegions, outline, textOf, type AXNode } from '../../../test/a11y-tree.js';
import type { Centre } from '../../../test/centre.js';
import { heldWrites } from '../../../test/held-backplane.js';
import { addAction, flush, LEAD, mountReview as mount, press, reviewScene, root, type ReviewScene } from '../../../test/review-rig.js';
import { voicedOnce } from '../../../test/voiced.js';
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

/** What a screen reader reads of a node, in order: its text, and each image by its name. */
function heard(root: AXNode): string {
  const said: string[] = [];
  const walk = (node: AXNode): void => {
    if (node.role === 'image' || node.role === 'StaticText') said.push(node.name ?? '');
    else for (const child of node.children ?? []) walk(child);
  };
  walk(root);
  return said.join(' ').replace(/\s+/g, ' ').trim();
}

const METRICS = ['Handled', 'Average handle time', 'Average hold', 'Average wrap-up', 'Longest interaction', 'Occupancy', 'Transfers', 'Missed offers'];

describe('fw-review: computed accessibility tree', () => {
  afterEach(async () => {
    metrics?.destroy();
    metrics = undefined;
    await centre?.close();
    centre = undefined;
  });

  it('reviewer: the page and each block a region named by its heading; each figure read once, its bar out of the tree; the table behind the one disclosure, with caption and headers', async function () {
    this.timeout(60_000);
    const s = await scene();
    const name = s.c.client.getAgent(s.agentId)!.name;
    const lead = await mount(s.c.client, s.lead, { agentId: s.agentId, metrics: s.m, from: s.start, to: s.c.clock.now() });
    let tree = await axTree(lead.el);
    const page = findNode(tree, 'region', `One-to-one review: ${name}`);
    expect(findNode(page, 'heading', `One-to-one review: ${name}`).level).to.equal(3);
    expect(findNode(page, 'button', 'Start review').disabled ?? false).to.equal(false);

    await press(lead.el, 'start');
    tree = await voicedOnce(lead.el, 'polite', 'Review started.');
    const blocks = findAll(findNode(tree, 'region', `One-to-one review: ${name}`), 'region').slice(1);
    expect(blocks.map((b) => b.name)).to.deep.equal(['Figures against the team median', 'Released evaluations', 'Coaching notes', 'Agreed actions']);
    for (const block of blocks) expect(findNode(block, 'heading', block.name).level).to.equal(4);
    // Each row as a screen reader reads it (text, and any image by its name): the label and the
    // figures once, "median" in words. The bar drew the same figures; as an image named by its
    // title it made them heard twice.
    const written = [...root(lead.el).querySelectorAll('li[data-metric]')].map((li) =>
      `${li.querySelector('.row__label')!.textContent!} ${li.querySelector('.row__value')!.textContent!}`.replace(/\s+/g, ' ').trim(),
    );
    expect(written.map((w) => w.replace(/ \S+ \(median \S+\)$/, ''))).to.deep.equal(METRICS);
    const items = findAll(findNode(blocks[0]!, 'list'), 'listitem');
    expect(items.map(heard), outline(blocks[0]!)).to.deep.equal(written);
    expect(plain(heard(items[0]!))).to.match(/^Handled \d+ \(median [\d.—]+\)$/);
    expect(graphics(blocks[0]!), outline(blocks[0]!)).to.deep.equal([]);
    // One table in the review, so its disclosure's name is enough to tell it apart.
    const disclosure = findNode(tree, 'DisclosureTriangle', 'Show as a table');
    expect(disclosure.expanded).to.equal(false);
    findNode(blocks[0]!, 'DisclosureTriangle');

    root(lead.el).querySelector<HTMLElement>('[part="table"] summary')!.click();
    await lead.el.updateComplete;
    const table = findNode(await axTree(lead.el), 'table', 'Figures against the team median');
    expect(findAll(table, 'columnheader').map((h) => h.name)).to.deep.equal(['Figure', 'Agent', 'Team median']);
    expect(findAll(table, 'rowheader').map((h) => h.name)).to.deep.equal(METRICS);
  });

  it('reviewer: an action added without text makes the field invalid, described by the error, and focused; actions are named checkboxes', async function () {
    this.timeout(60_000);
    const s = await scene();
    const lead = await mount(s.c.client, s.lead, { agentId: s.agentId, metrics: s.m, from: s.start, to: s.c.clock.now() });
    await press(lead.el, 'start');
    await addAction(lead.el, '', 'agent');
    let tree = await axTree(lead.el);
    const form = findNode(tree, 'form', 'Add an action');
    expect(findNode(form, 'heading', 'Add an action').level).to.equal(5);
    const field = findNode(form, 'textbox', 'Action');
    expect([field.invalid, field.description, field.focused]).to.deep.equal(['true', 'Describe the action first.', true]);
    findNode(form, 'combobox', 'Owner');
    await addAction(lead.el, 'Shadow a senior agent', 'agent');
    await addAction(lead.el, 'Book the product training', 'reviewer');
    // The two confirmations may fall in one frame, and are then voiced together, in order.
    tree = await voicedOnce(lead.el, 'polite', /^(Action added: Shadow a senior agent\. )?Action added: Book the product training\.$/);
    const actions = findNode(findNode(tree, 'region', 'Agreed actions'), 'list');
    expect(findAll(actions, 'checkbox').map((b) => [plain(b.name ?? ''), b.checked, b.disabled ?? false])).to.deep.equal([
      ['Shadow a senior agent (Agent)', false, false],
      ['Book the product training (Reviewer)', false, false],
    ]);
    expect(findNode(tree, 'textbox', 'Action').invalid ?? 'false').to.equal('false');
    expect(graphics(findNode(tree, 'region', 'Agreed actions'))).to.deep.equal([]);
  });

  it('agent: the reviewer\'s action is a disabled checkbox described by why; their own, once done, is checked and says "Done"', async function () {
    this.timeout(60_000);
    const s = await scene();
    const lead = await mount(s.c.client, s.lead, { agentId: s.agentId, metrics: s.m, from: s.start, to: s.c.clock.now() });
    await press(lead.el, 'start');
    await addAction(lead.el, 'Shadow a senior agent', 'agent');
    await addAction(lead.el, 'Book the product training', 'reviewer');
    const agent = await mount(s.agentClient, s.agent);
    await waitUntil(() => root(agent.el).querySelectorAll('[part="action"]').length === 2, 'the agent sees the actions', { timeout: 3000 });
    let tree = await axTree(agent.el);
    findNode(tree, 'region', 'One-to-one review: you');
    expect(findAll(findNode(tree, 'region', 'Agreed actions'), 'checkbox').map((b) => [plain(b.name ?? ''), plain(b.description ?? ''), b.disabled ?? false])).to.deep.equal([
      ['Shadow a senior agent (Agent)', '', false],
      ['Book the product training (Reviewer)', 'The reviewer marks this action done.', true],
    ]);
    root(agent.el).querySelectorAll<HTMLInputElement>('[part="action"] input')[0]!.click();
    await flush(agent.el);
    await waitUntil(async () => findNode(await axTree(agent.el), 'checkbox', /^Shadow a senior agent/).checked === true, 'marked done', { timeout: 3000 });
    tree = await axTree(agent.el);
    const done = findAll(findNode(tree, 'region', 'Agreed actions'), 'listitem')[0]!;
    expect(textOf(done)).to.contain('Done');
    expect(findNode(done, 'checkbox').disabled, 'done cannot be undone').to.equal(true);
  });

  it('while a write waits, "Pending" in the button\'s name (not "PENDING"), disabled; a refused one voiced assertively once', async function () {
    this.timeout(60_000);
    const s = await scene();
    const held = heldWrites(s.backplane);
    const lead = await mount(s.c.client, s.service(LEAD, held.backplane), { agentId: s.agentId, metrics: s.m, from: s.start, to: s.c.clock.now() });
    await press(lead.el, 'start');
    const release = held.hold();
    await press(lead.el, 'close');
    const closing = findNode(await axTree(lead.el), 'button', /^Close review/);
    // The mark is styled in capitals; the name must still carry the word.
    expect([closing.name, closing.disabled]).to.deep.equal(['Close review Pending', true]);
    // Meanwhile the review changes under it (the same reviewer, elsewhere): the held write is refused.
    const [review] = await s.lead.getReviews({ agentId: s.agentId });
    await s.lead.addAction(review!.id, 'Listen to two calls together', 'agent');
    release();
    await flush(lead.el);
    const tree = await voicedOnce(lead.el, 'assertive', /^Not done\. /);
    const failure = textOf(liveRegions(tree, 'assertive')[0]!);
    expect(textOf(findNode(tree, 'region', /^One-to-one review: /))).to.contain(failure);
    expect(graphics(tree), 'no icon or bar in the tree').to.deep.equal([]);
  });

  it('without a service: the page says why, with nothing to press', async () => {
    const el = (await mount(undefined, undefined)).el;
    const tree = await axTree(el);
    expect(findAll(tree, 'button')).to.have.length(0);
    expect(findAll(tree, 'heading')).to.have.length(1);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });
});
