// What the README says of the card's structure (it has no a11y.md of its own before this check)
// against the accessibility tree Chromium computes, not the attributes the element writes.
import { expect, fixture, html } from '@open-wc/testing';
import { axTree, findAll, findNode, graphics, liveRegions, outline, textOf } from '../../../test/a11y-tree.js';
import { busyAgent, mountAgentCard as mount } from '../../../test/agent-card-rig.js';
import { createCentre, type Centre } from '../../../test/centre.js';
import { FwAgentCard } from './fw-agent-card.js';

FwAgentCard.define('fw-agent-card');

let centre: Centre | undefined;

const SECTIONS = ['Current interactions', 'Recent interactions', 'Time in each status today'];

describe('fw-agent-card: computed accessibility tree', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it('an article named by the agent, the name a heading, each section a region named by its own heading one level down; flags and interactions as lists; no icon, nothing live', async () => {
    centre = await createCentre();
    const { agentId, interactionId } = busyAgent(centre.client);
    const name = centre.client.getAgent(agentId)!.name;
    await centre.client.startMonitoring(agentId, interactionId, 'listen');
    const desk = await centre.seat({ userId: agentId, role: 'agent', teamIds: [] });
    await desk.raiseHand('Refund over my limit');
    await centre.advance(300);
    const el = await mount(centre.client, agentId);
    const tree = await axTree(el);
    const card = findNode(tree, 'article', name);
    expect(findNode(card, 'heading', name).level).to.equal(3);
    const sections = findAll(card, 'region');
    expect(sections.map((r) => r.name)).to.deep.equal(SECTIONS);
    for (const section of sections) expect(findNode(section, 'heading', section.name).level).to.equal(4);
    // Presence, time in status and routing are text, beside the name.
    expect(textOf(findNode(card, 'sectionheader'))).to.match(new RegExp(`^${name} \\S.* \\d+:\\d{2}(:\\d{2})? in this status Routing : On interaction`));
    const flags = findAll(card, 'list')[0]!;
    expect(findAll(flags, 'listitem').map(textOf)).to.deep.equal(['Help requested: Refund over my limit', 'Being monitored (listening)']);
    const current = findNode(sections[0]!, 'listitem');
    expect(textOf(current)).to.match(/ Connected Talk \d+:\d{2}$/);
    expect(liveRegions(tree), 'timers tick once a second: none of it is live').to.deep.equal([]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('the day\'s table is named by its heading, with column headers and a row header per status', async () => {
    centre = await createCentre();
    const { agentId } = busyAgent(centre.client);
    const el = await mount(centre.client, agentId);
    const table = findNode(await axTree(el), 'table', 'Time in each status today');
    expect(findAll(table, 'columnheader').map((h) => h.name)).to.deep.equal(['Status', 'Time']);
    const rows = findAll(table, 'row').slice(1);
    expect(rows.length).to.be.greaterThan(0);
    for (const row of rows) {
      expect(findNode(row, 'rowheader').name).to.match(/^\w/);
      expect(findNode(row, 'cell').name).to.match(/^\d+:\d{2}(:\d{2})?$/);
    }
  });

  it('heading-level moves the name and the section headings together', async () => {
    centre = await createCentre();
    const { agentId } = busyAgent(centre.client);
    const el = await fixture<FwAgentCard>(html`<fw-agent-card .client=${centre.client} agent-id=${agentId} heading-level="2"></fw-agent-card>`);
    const headings = findAll(await axTree(el), 'heading');
    expect(headings.map((h) => h.level)).to.deep.equal([2, 3, 3, 3]);
  });

  it('empty: an article named "Agent details" that says why', async () => {
    centre = await createCentre();
    for (const [agentId, why] of [
      [undefined, 'No agent selected.'],
      ['agent-999', 'Agent agent-999 is not in your view: outside your teams, or not loaded yet.'],
    ] as const) {
      const tree = await axTree(await mount(centre.client, agentId));
      expect(textOf(findNode(tree, 'article', 'Agent details'))).to.equal(why);
      expect(findAll(tree, 'heading')).to.have.length(0);
    }
    const lone = await axTree(await mount(undefined, 'agent-1'));
    expect(textOf(findNode(lone, 'article', 'Agent details'))).to.equal('Not connected to Floorwalk.');
  });
});
