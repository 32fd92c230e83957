// The checklist (a11y.md) against the accessibility tree Chromium computes, not the attributes
// the element writes.
import type { Floorwalk } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { announced, axTree, findAll, findNode, graphics, liveRegions, outline, textOf, voiced, type AXNode } from '../../../test/a11y-tree.js';
import { advanceRendered as advance, type Centre, type CentreOptions } from '../../../test/centre.js';
import { heldLead, leadScene, silentLead, type LeadScene } from '../../../test/lead-scene.js';
import { voicedOnce } from '../../../test/voiced.js';
import { FwCoachingNotesHarness } from './fw-coaching-notes.harness.js';
import { FwCoachingNotes } from './fw-coaching-notes.js';

FwCoachingNotes.define('fw-coaching-notes');

let centre: Centre | undefined;
const extra: Floorwalk[] = [];

const scene = (options: CentreOptions = {}): Promise<LeadScene> => leadScene((c) => (centre = c), options);

async function mount(client: Floorwalk, agentId?: string, confirmTimeout = 10_000): Promise<{ el: FwCoachingNotes; h: FwCoachingNotesHarness }> {
  const el = await fixture<FwCoachingNotes>(
    html`<fw-coaching-notes .client=${client} .agentId=${agentId} confirm-timeout=${confirmTimeout}></fw-coaching-notes>`,
  );
  return { el, h: new FwCoachingNotesHarness(el) };
}

describe('fw-coaching-notes: computed accessibility tree', () => {
  afterEach(async () => {
    for (const client of extra.splice(0)) await client.disconnect();
    await centre?.close();
    centre = undefined;
  });

  it('supervisor: a region named by its heading, a form named by its own, labelled fields, a named button', async () => {
    const s = await scene();
    const { el } = await mount(s.lead, s.agentId);
    const tree = await axTree(el);
    const region = findNode(tree, 'region', 'Coaching notes');
    expect(findNode(region, 'heading', 'Coaching notes').level).to.equal(3);
    const name = `Write a note: ${s.lead.getAgent(s.agentId)!.name}`;
    const form = findNode(region, 'form', name);
    expect(findNode(form, 'heading', name).level).to.equal(4);
    expect(findNode(form, 'textbox', 'Note').invalid ?? 'false').to.equal('false');
    expect(findNode(form, 'button', 'Save note').disabled ?? false).to.equal(false);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('a refused form: the field invalid, described by the error, focused; the error icon out of the tree', async () => {
    const s = await scene();
    const picker = await mount(s.lead);
    await picker.h.write({ body: 'x' });
    let tree = await axTree(picker.el);
    const agent = findNode(tree, 'combobox', 'Agent');
    expect([agent.invalid, agent.description, agent.focused]).to.deep.equal(['true', 'Choose an agent first.', true]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
    const { el, h } = await mount(s.lead, s.agentId);
    await h.write({ body: '  ' });
    tree = await axTree(el);
    const note = findNode(tree, 'textbox', 'Note');
    expect([note.invalid, note.description, note.focused]).to.deep.equal(['true', 'Write the note first.', true]);
  });

  it('while a note waits: Save note disabled and named with "Pending"; its failure voiced once, assertively', async () => {
    const s = await scene();
    const { el, h } = await mount(await silentLead(s.c, (client) => extra.push(client)), s.agentId, 1500);
    await h.write({ body: 'Good hold etiquette' });
    const button = findNode(await axTree(el), 'button', /^Save note/);
    expect([button.name, button.disabled]).to.deep.equal(['Save note (Pending)', true]);
    const failure = 'Not saved. The platform did not confirm in time.';
    const tree = await announced(el, failure);
    expect(textOf(findNode(tree, 'form')), 'the failure stays as text in the form').to.contain(failure);
    expect(voiced(tree), outline(tree)).to.deep.equal([['assertive', failure]]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('both sides: the list named "Coaching notes", private notes say so; the agent hears a new note politely, once', async () => {
    const s = await scene();
    const sup = await mount(s.lead, s.agentId);
    const agent = await mount(s.agent);
    await sup.h.write({ body: 'Great empathy today' });
    await advance(s.c, 300, sup.el, agent.el);
    const tree = await announced(agent.el, 'New coaching note from lead-a.');
    expect(voiced(tree)).to.deep.equal([['polite', 'New coaching note from lead-a.']]);
    const region = findNode(tree, 'region', 'Coaching notes');
    expect(findAll(region, 'form'), 'no form on the agent’s side').to.have.length(0);
    const items = findAll(findNode(region, 'list', 'Coaching notes'), 'listitem');
    expect(items.map((i) => textOf(i))).to.have.length(1);
    expect(textOf(items[0]!)).to.match(/^Great empathy today lead-a about you/);
    const mine = await announced(sup.el, 'Note saved.');
    expect(voiced(mine)).to.deep.equal([['polite', 'Note saved.']]);
    expect(findAll(findNode(mine, 'list', 'Coaching notes'), 'listitem')).to.have.length(1);
  });

  it('the writer hears "Note saved." once the note shows in the list, not at the confirmation before it', async () => {
    const s = await scene();
    const lead = await heldLead(s.c, (client) => extra.push(client));
    // The platform confirms the note, and the note itself arrives later.
    const arrive = lead.holdEvents('coaching-note');
    const { el, h } = await mount(lead.client, s.agentId);
    await h.write({ body: 'Good hold etiquette' });
    await advance(s.c, 300, el);
    await waitUntil(() => !el.matches(':state(pending)'), 'the platform confirms the note');
    await el.updateComplete;
    // Two frames: the announcer writes its region on the next one.
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    let tree = await axTree(el);
    expect(findNode(tree, 'button', 'Save note').disabled ?? false, 'confirmed').to.equal(false);
    expect(findAll(tree, 'list'), 'the note is not listed yet').to.deep.equal([]);
    expect(voiced(tree), 'nothing said of a note the list does not show').to.deep.equal([]);
    arrive();
    tree = await voicedOnce(el, 'polite', 'Note saved.');
    const items = findAll(findNode(tree, 'list', 'Coaching notes'), 'listitem');
    expect(items).to.have.length(1);
    expect(textOf(items[0]!)).to.match(/^Good hold etiquette you about /);
  });
});
