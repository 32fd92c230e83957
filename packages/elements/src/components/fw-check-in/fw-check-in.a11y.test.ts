// The checklist (a11y.md) against the accessibility tree Chromium computes, not the attributes
// the element writes.
import { expect, fixture, html } from '@open-wc/testing';
import { axTree, findAll, findNode, graphics, outline, textOf, voiced, type AXNode } from '../../../test/a11y-tree.js';
import { advanceRendered as advance, type Centre } from '../../../test/centre.js';
import { checkInScene, HOUR, mountCheckIn as mount, proposed, START, type CheckInScene } from '../../../test/check-in-rig.js';
import { voicedOnce } from '../../../test/voiced.js';
import { FwCheckIn } from './fw-check-in.js';
import { plain } from '../../../test/isolates.js';

FwCheckIn.define('fw-check-in');

let centre: Centre | undefined;

const scene = (): Promise<CheckInScene> => checkInScene((c) => (centre = c));

/** Whether the node or one under it has focus (a date-time field's focus is on one of its segments). */
const holdsFocus = (node: AXNode): boolean => node.focused === true || (node.children ?? []).some(holdsFocus);

/** The element's region, named by its heading, whose level is checked on the way. */
function checkIns(tree: AXNode): AXNode {
  const region = findNode(tree, 'region', 'Check-ins');
  expect(findNode(region, 'heading', 'Check-ins').level).to.equal(3);
  return region;
}

describe('fw-check-in: computed accessibility tree', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it('supervisor: the form named by its own heading, fields named by their labels, the time described by the notice; no icons, nothing voiced', async () => {
    const s = await scene();
    const name = s.lead.getAgent(s.agentId)!.name;
    const sup = await mount(s.lead, { agentId: s.agentId });
    const tree = await axTree(sup.el);
    const form = findNode(checkIns(tree), 'form', `Propose a check-in: ${name}`);
    expect(findNode(form, 'heading', `Propose a check-in: ${name}`).level).to.equal(4);
    const when = findNode(form, 'DateTime', `When (${Intl.DateTimeFormat().resolvedOptions().timeZone})`);
    expect(plain(when.description!)).to.match(/^At least 24 hours notice: from /);
    expect(when.invalid ?? 'false').to.equal('false');
    findNode(form, 'textbox', 'Topic (optional)');
    expect(findNode(form, 'button', 'Propose').disabled ?? false).to.equal(false);
    expect(textOf(checkIns(tree))).to.contain('No check-ins proposed.');
    // The form's region for a repeated time's note is there, empty, before it has anything to say.
    expect(voiced(tree)).to.deep.equal([]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);

    // Without agent-id the form asks for the agent, by a labelled picker.
    const any = await mount(s.lead);
    const picker = findNode(await axTree(any.el), 'combobox', 'Agent');
    expect(picker.value).to.equal('Choose an agent');
  });

  it('supervisor: a proposal too soon makes the time invalid, described by the error and the notice, and focused', async () => {
    const s = await scene();
    const sup = await mount(s.lead, { agentId: s.agentId });
    await sup.h.propose({ at: START + 2 * HOUR });
    await sup.el.updateComplete;
    const when = findNode(await axTree(sup.el), 'DateTime', `When (${Intl.DateTimeFormat().resolvedOptions().timeZone})`);
    expect(when.invalid).to.equal('true');
    expect(plain(when.description!)).to.match(/^Too soon: a check-in needs at least 24 hours notice\. At least 24 hours notice: from /);
    expect(holdsFocus(when), 'focus on the field in error').to.equal(true);
  });

  it('supervisor: a proposal is a list item whose Start is disabled and described by why', async () => {
    const s = await scene();
    const sup = await mount(s.lead, { agentId: s.agentId });
    await proposed(s, sup, START + 25 * HOUR);
    const tree = await axTree(sup.el);
    const [item] = findAll(findNode(checkIns(tree), 'list'), 'listitem');
    expect(findAll(findNode(tree, 'list'), 'listitem')).to.have.length(1);
    expect(textOf(item!)).to.contain('Waiting for the agent’s answer');
    expect(findAll(item!, 'button').map((b) => [b.name, b.description ?? '', b.disabled ?? false])).to.deep.equal([
      ['Start', 'It can start once the agent accepts.', true],
      ['Cancel', '', false],
    ]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
    // Pressed anyway, the disabled Start says why, politely and once.
    sup.el.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="start"]')!.click();
    await voicedOnce(sup.el, 'polite', 'It can start once the agent accepts.');
  });

  it('agent: a new proposal voiced politely once; Accept, Decline and a collapsed "Propose another time" that expands to a labelled, focused field', async () => {
    const s = await scene();
    const sup = await mount(s.lead, { agentId: s.agentId });
    const agent = await mount(s.agent);
    await proposed(s, sup, START + 25 * HOUR, 'Quality review');
    await advance(s.c, 10, agent.el);
    const tree = await voicedOnce(agent.el, 'polite', /* the supervisor is not an agent, so named by id */ `lead-a proposes a check-in at ${new Intl.DateTimeFormat('en', { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(START + 25 * HOUR)}.`);
    const item = findNode(checkIns(tree), 'listitem');
    expect(textOf(item)).to.contain('lead-a proposes a video check-in');
    expect(findAll(item, 'button').map((b) => [b.name, b.expanded])).to.deep.equal([
      ['Accept', undefined],
      ['Decline', undefined],
      ['Propose another time', false],
    ]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);

    agent.el.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="counter"]')!.click();
    await agent.el.updateComplete;
    await agent.el.updateComplete;
    let open = findNode(await axTree(agent.el), 'listitem');
    expect(findNode(open, 'button', 'Propose another time').expanded).to.equal(true);
    const field = findNode(open, 'DateTime', `Your time (${Intl.DateTimeFormat().resolvedOptions().timeZone})`);
    expect(holdsFocus(field), outline(open)).to.equal(true);
    // Sending without a time marks the field invalid.
    agent.el.shadowRoot!.querySelector<HTMLButtonElement>('[part="counter-form"] button[type="submit"]')!.click();
    await agent.el.updateComplete;
    open = findNode(await axTree(agent.el), 'listitem');
    let mark = findNode(open, 'DateTime', `Your time (${Intl.DateTimeFormat().resolvedOptions().timeZone})`);
    expect(mark.invalid).to.equal('true');
    // Marked invalid with the reason said, as the supervisor's form does: not a bare "invalid".
    expect(mark.description, outline(open)).to.equal('Choose a date and time.');
    expect(holdsFocus(mark)).to.equal(true);
    // A time already gone by is caught here too, with its own reason, and nothing is sent.
    const input = agent.el.shadowRoot!.querySelector<HTMLInputElement>('#counter-when')!;
    const past = new Date(START - HOUR);
    input.value = `${past.getFullYear()}-${String(past.getMonth() + 1).padStart(2, '0')}-${String(past.getDate()).padStart(2, '0')}T${String(past.getHours()).padStart(2, '0')}:00`;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await agent.el.updateComplete;
    mark = findNode(findNode(await axTree(agent.el), 'listitem'), 'DateTime', `Your time (${Intl.DateTimeFormat().resolvedOptions().timeZone})`);
    // (Below the field's min, Chromium marks it invalid by itself.)
    expect(mark.description, 'typing clears the reason').to.equal(undefined);
    agent.el.shadowRoot!.querySelector<HTMLButtonElement>('[part="counter-form"] button[type="submit"]')!.click();
    await agent.el.updateComplete;
    open = findNode(await axTree(agent.el), 'listitem');
    mark = findNode(open, 'DateTime', `Your time (${Intl.DateTimeFormat().resolvedOptions().timeZone})`);
    expect([mark.invalid, mark.description], outline(open)).to.deep.equal(['true', 'Choose a time in the future.']);
    await advance(s.c, 10, agent.el);
    expect(s.agent.getCheckIns()[0]!.counterFor).to.equal(undefined);
  });

  it('agent: the join prompt is a non-modal alertdialog named by its question and described by "Nothing starts until you join."', async function () {
    // A day of simulated time runs through the simulator: slow on a busy machine.
    this.timeout(60_000);
    const s = await scene();
    const sup = await mount(s.lead, { agentId: s.agentId });
    const agent = await mount(s.agent);
    const c = await proposed(s, sup, START + 25 * HOUR, 'Quality review');
    await s.agent.answerCheckIn(c.id, 'accepted');
    await advance(s.c, 25 * HOUR - 5 * 60_000, sup.el, agent.el);
    await sup.h.act(c.id, 'start');
    await advance(s.c, 300, sup.el, agent.el);
    const tree = await axTree(agent.el);
    const prompt = findNode(checkIns(tree), 'alertdialog', 'lead-a is starting your check-in. Join now?');
    // The prompt holds the only check-in: no empty list beside it ("list, 0 items").
    expect(findAll(checkIns(tree), 'list'), outline(tree)).to.deep.equal([]);
    expect(prompt.modal ?? false).to.equal(false);
    // The topic, when there is one, follows the explanation in the same paragraph.
    expect(plain(prompt.description!)).to.equal('Nothing starts until you join. Topic: Quality review');
    expect(findAll(prompt, 'button').map((b) => [b.name, b.disabled ?? false])).to.deep.equal([
      ['Join now', false],
      ['Not now', false],
    ]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('a failure is shown by the action and voiced assertively once, not by two live regions', async () => {
    const s = await scene();
    // An agent's session forced into the supervisor's view: the core refuses the proposal.
    const forced = await mount(s.agent, { agentId: s.lead.getAgents()[1]!.id, view: 'supervisor' });
    await forced.h.propose({ at: START + 26 * HOUR });
    await advance(s.c, 10, forced.el);
    const failure = 'Not done. Your role does not allow this.';
    const tree = await voicedOnce(forced.el, 'assertive', failure);
    expect(textOf(findNode(checkIns(tree), 'form'))).to.contain(failure);
    expect(findAll(tree, 'alert'), outline(tree)).to.have.length(0);
    expect(voiced(tree).filter(([politeness]) => politeness === 'polite')).to.deep.equal([]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('without a client: the region says why, with nothing to press', async () => {
    const el = await fixture<FwCheckIn>(html`<fw-check-in></fw-check-in>`);
    const tree = await axTree(el);
    const region = checkIns(tree);
    expect(textOf(region)).to.contain('Not connected to Floorwalk.');
    expect(findAll(region, 'button')).to.have.length(0);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });
});
