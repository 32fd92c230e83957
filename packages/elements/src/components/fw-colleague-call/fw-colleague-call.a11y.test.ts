// The checklist (a11y.md) against the accessibility tree Chromium computes, not the attributes
// the element writes.
import type { Floorwalk } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { announced, axTree, findAll, findNode, graphics, liveRegions, outline, textOf, voiced, type AXNode } from '../../../test/a11y-tree.js';
import { advanceRendered as advance, type Centre } from '../../../test/centre.js';
import { heldLead, leadScene, silentLead, type LeadScene } from '../../../test/lead-scene.js';
import { voicedOnce } from '../../../test/voiced.js';
import { FwColleagueCallHarness } from './fw-colleague-call.harness.js';
import { FwColleagueCall } from './fw-colleague-call.js';

FwColleagueCall.define('fw-colleague-call');

let centre: Centre | undefined;
const extra: Floorwalk[] = [];

const scene = (): Promise<LeadScene> => leadScene((c) => (centre = c));

async function mount(client: Floorwalk, confirmTimeout = 10_000): Promise<{ el: FwColleagueCall; h: FwColleagueCallHarness }> {
  const el = await fixture<FwColleagueCall>(html`<fw-colleague-call .client=${client} confirm-timeout=${confirmTimeout}></fw-colleague-call>`);
  return { el, h: new FwColleagueCallHarness(el) };
}

describe('fw-colleague-call: computed accessibility tree', () => {
  afterEach(async () => {
    for (const client of extra.splice(0)) await client.disconnect();
    await centre?.close();
    centre = undefined;
  });

  it('the form: a region named by its heading, a form named "Start call", the radios a group named by the legend', async () => {
    const s = await scene();
    const { el } = await mount(s.lead);
    const tree = await axTree(el);
    const region = findNode(tree, 'region', 'Calls with colleagues');
    const form = findNode(region, 'form', 'Start call');
    const kind = findNode(form, 'group', 'Call');
    expect(findAll(kind, 'radio').map((r) => [r.name, r.checked])).to.deep.equal([
      ['One person', true],
      ['A team', false],
    ]);
    const picker = findNode(form, 'combobox', 'Colleague');
    expect(picker.invalid ?? 'false').to.equal('false');
    expect(findNode(form, 'button', 'Start call').disabled ?? false).to.equal(false);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('Start call with nobody chosen: the picker invalid, described by the error, focused', async () => {
    const s = await scene();
    const { el, h } = await mount(s.lead);
    await h.start();
    const tree = await axTree(el);
    const picker = findNode(tree, 'combobox', 'Colleague');
    expect([picker.invalid, picker.description, picker.focused]).to.deep.equal(['true', 'Choose a colleague first.', true]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('while a call is started: Start call disabled and named with "Pending", the ringing call as text; its failure voiced once, assertively', async () => {
    const s = await scene();
    const { el, h } = await mount(await silentLead(s.c, (client) => extra.push(client)), 1500);
    await h.start({ person: s.agentId });
    let tree = await axTree(el);
    const button = findNode(tree, 'button', /^Start call/);
    expect([button.name, button.disabled]).to.deep.equal(['Start call (Pending)', true]);
    const [call] = findAll(findNode(tree, 'list', 'Calls with colleagues'), 'listitem');
    expect(textOf(call!)).to.equal(`Call with ${s.lead.getAgent(s.agentId)!.name} Ringing…`);
    expect(graphics(tree), 'the phone icon is out of the tree').to.deep.equal([]);
    const failure = 'Not done. The platform did not confirm in time.';
    tree = await announced(el, failure);
    expect(textOf(findNode(tree, 'form')), 'the failure stays as text in the form').to.contain(failure);
    expect(voiced(tree), outline(tree)).to.deep.equal([['assertive', failure]]);
  });

  it('connected: the callee hears it politely, once; the state is text, the running time not in the tree; Hang up named', async () => {
    const s = await scene();
    const sup = await mount(s.lead);
    const agent = await mount(s.agent);
    await sup.h.start({ person: s.agentId });
    await advance(s.c, 300, sup.el, agent.el);
    await advance(s.c, 65_000, sup.el, agent.el);
    const tree = await announced(agent.el, 'lead-a started a call with you.');
    expect(voiced(tree)).to.deep.equal([['polite', 'lead-a started a call with you.']]);
    const [call] = findAll(findNode(tree, 'list', 'Calls with colleagues'), 'listitem');
    expect(textOf(call!)).to.equal('Call with lead-a Connected Started by lead-a Hang up');
    expect(findNode(call!, 'button', 'Hang up').disabled ?? false).to.equal(false);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
    await agent.h.hangUp(agent.h.rows()[0]!.id);
    await advance(s.c, 300, sup.el, agent.el);
    const ended = await announced(sup.el, 'Call ended.');
    expect(voiced(ended)).to.deep.equal([['polite', 'Call ended.']]);
    const [over] = findAll(findNode(ended, 'list', 'Calls with colleagues'), 'listitem');
    expect(textOf(over!)).to.match(/ Ended Lasted 1 minute/);
    expect(findAll(over!, 'button')).to.have.length(0);
  });

  it('while a hang-up waits: Hang up disabled and named with "Pending"; its failure voiced once, assertively', async () => {
    const s = await scene();
    const lead = await heldLead(s.c, (client) => extra.push(client));
    const { el, h } = await mount(lead.client, 1500);
    await h.start({ person: s.agentId });
    await advance(s.c, 300, el);
    await waitUntil(() => h.rows()[0]?.state === 'connected', 'the call connects');
    // The platform takes the hang-up and does not answer.
    lead.hold();
    await h.hangUp(h.rows()[0]!.id);
    let tree = await axTree(el);
    let [call] = findAll(findNode(tree, 'list', 'Calls with colleagues'), 'listitem');
    const button = findNode(call!, 'button', /^Hang up/);
    expect([button.name, button.disabled]).to.deep.equal(['Hang up (Pending)', true]);
    const failure = 'Not done. The platform did not confirm in time.';
    tree = await voicedOnce(el, 'assertive', failure);
    [call] = findAll(findNode(tree, 'list', 'Calls with colleagues'), 'listitem');
    expect(textOf(call!), 'the failure stays as text on the call').to.contain(failure);
    expect(findAll(tree, 'alert'), outline(tree)).to.have.length(0);
    expect(findNode(call!, 'button', 'Hang up').disabled ?? false, 'Hang up can be tried again').to.equal(false);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });
});
