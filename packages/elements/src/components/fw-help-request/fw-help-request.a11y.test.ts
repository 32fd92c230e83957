// The checklist (a11y.md) against the accessibility tree Chromium computes, not the attributes
// the element writes.
import type { Floorwalk, Session } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { announced, axTree, findAll, findNode, graphics, liveRegions, outline, textOf, type AXNode } from '../../../test/a11y-tree.js';
import { createCentre, newestCall, type Centre, type CentreOptions } from '../../../test/centre.js';
import { FwHelpRequestHarness } from './fw-help-request.harness.js';
import { FwHelpRequest } from './fw-help-request.js';
import { plain } from '../../../test/isolates.js';

FwHelpRequest.define('fw-help-request');

// A supervisor who leads no simulated team, so the simulator's own supervisors never act as them.
const LEAD: Session = { userId: 'lead-a', role: 'supervisor', teamIds: 'all' };

let centre: Centre | undefined;

interface Scene {
  readonly c: Centre;
  readonly agent: Floorwalk;
  readonly agentId: string;
  readonly interactionId: string;
  readonly name: string;
}

/** The lead's centre with no open request, and an agent on a connected interaction, with their own client. */
async function scene(options: CentreOptions = {}): Promise<Scene> {
  const c = (centre = await createCentre({ session: LEAD, ...options }));
  for (const r of c.client.getHelpRequests({ open: true })) await c.client.resolveHelp(r.id);
  await c.advance(options.latencyMs ?? 200);
  const interaction = newestCall(c.client)!;
  const agentId = interaction.agentId!;
  const agent = await c.seat({ userId: agentId, role: 'agent', agentId, teamIds: [] });
  return { c, agent, agentId, interactionId: interaction.id, name: c.client.getAgent(agentId)!.name };
}

async function mount(client: Floorwalk, timeout = 10_000): Promise<{ el: FwHelpRequest; h: FwHelpRequestHarness }> {
  const el = await fixture<FwHelpRequest>(html`<fw-help-request .client=${client} confirm-timeout=${timeout}></fw-help-request>`);
  return { el, h: new FwHelpRequestHarness(el) };
}

describe('fw-help-request: computed accessibility tree', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it("agent: a region named by its heading, a labelled field, the interaction checkbox, a named button, no icons", async () => {
    const s = await scene();
    const { el } = await mount(s.agent);
    const tree = await axTree(el);
    const region = findNode(tree, 'region', 'Ask for help');
    expect(findNode(region, 'heading', 'Ask for help').level).to.equal(3);
    const form = findNode(region, 'form');
    const field = findNode(form, 'textbox', 'What do you need help with?');
    expect(field.invalid ?? 'false').to.equal('false');
    expect(findNode(form, 'checkbox', /^About my current \w+ interaction$/).checked).to.equal(true);
    expect(findNode(form, 'button', 'Raise hand').disabled ?? false).to.equal(false);
    expect(graphics(tree)).to.deep.equal([]);
  });

  it('agent: an empty reason makes the field invalid, described by the error, and focused', async () => {
    const s = await scene();
    const { el, h } = await mount(s.agent);
    await h.raise('   ');
    const field = findNode(await axTree(el), 'textbox', 'What do you need help with?');
    expect([field.invalid, field.description, field.focused]).to.deep.equal(['true', 'Say what you need help with.', true]);
  });

  it('agent: while pending, "Pending" in the button\'s name, described by the wait, disabled; then "Lower hand" focused and the raise announced', async () => {
    const s = await scene({ latencyMs: 1000 });
    const { el, h } = await mount(s.agent);
    // Focus follows the form's change only when it was in the element, as it is for a person typing.
    h.reasonInput!.focus();
    await h.raise('Refund over my limit');
    expect(h.isPending()).to.equal(true);
    const button = findNode(await axTree(el), 'button', 'Raise hand Pending');
    expect(plain(button.description!)).to.equal('Raising your hand… waiting for the platform to confirm.');
    expect(button.disabled).to.equal(true);
    await s.c.advance(1100);
    const tree = await announced(el, 'Your hand is raised.', 'polite');
    expect(findNode(tree, 'button', 'Lower hand').focused, outline(tree)).to.equal(true);
    expect(textOf(findNode(tree, 'region', 'Ask for help'))).to.contain('You asked: Refund over my limit');
  });

  it('queue: the heading carries the count, requests are list items, buttons described by the row; a new one is announced politely', async () => {
    const s = await scene();
    const { el, h } = await mount(s.c.client);
    expect(findNode(await axTree(el), 'heading').name).to.match(/^Help requests/);
    await s.agent.raiseHand('Refund over my limit', s.interactionId);
    await s.c.advance(200);
    await waitUntil(() => h.rows().length === 1, 'the request arrives');
    const tree = await announced(el, `${s.name} asked for help: Refund over my limit`, 'polite');
    const region = findNode(tree, 'region', 'Help requests (1 open)');
    expect(findNode(region, 'heading', 'Help requests (1 open)').level).to.equal(3);
    const [item] = findAll(findNode(region, 'list'), 'listitem');
    expect(findAll(findNode(region, 'list'), 'listitem')).to.have.length(1);
    const line = `${s.name}: Refund over my limit`;
    const buttons = findAll(item!, 'button');
    expect(buttons.map((b) => [b.name, b.description, b.disabled ?? false])).to.deep.equal([
      ['Acknowledge', line, false],
      ['Resolve', line, false],
      ['Whisper on this interaction', line, false],
    ]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('queue: a pending action disables the row with "Pending" in the name; its failure is described and announced assertively', async () => {
    // The platform confirms nothing within the test (its latency is a minute on the manual clock).
    const acknowledging = async (confirmTimeout: number) => {
      const s = await scene({ latencyMs: 60_000 });
      await s.agent.raiseHand('Refund over my limit', s.interactionId);
      await s.c.advance(60_000);
      const { el, h } = await mount(s.c.client, confirmTimeout);
      await waitUntil(() => h.rows().length === 1, 'the request is listed');
      await h.act(h.rows()[0]!.id, 'acknowledge');
      return { el, line: `${s.name}: Refund over my limit` };
    };
    // The element's wait for confirmation is on real time: the pending tree is read where it never
    // ends (a 300 ms one ended before Chromium's tree was read on a loaded machine), its end on a
    // fresh centre where it does.
    const pending = await acknowledging(Infinity);
    const waiting = 'Acknowledging… waiting for the platform to confirm.';
    let item = findNode(await axTree(pending.el), 'listitem');
    expect(findAll(item, 'button').map((b) => [plain(b.name ?? ''), plain(b.description ?? ''), b.disabled])).to.deep.equal([
      ['Acknowledge Pending', `${pending.line} ${waiting}`, true],
      ['Resolve', `${pending.line} ${waiting}`, true],
      ['Whisper on this interaction', `${pending.line} ${waiting}`, true],
    ]);
    await centre?.close();
    const { el, line } = await acknowledging(300);
    const failure = 'Could not complete: Acknowledging. The platform did not confirm in time.';
    const tree = await announced(el, failure, 'assertive');
    item = findNode(tree, 'listitem');
    expect(plain(findNode(item, 'button', 'Acknowledge').description!)).to.equal(`${line} ${failure}`);
    expect(findNode(item, 'button', 'Acknowledge').disabled ?? false).to.equal(false);
  });

  it('queue: a whisper the platform does not offer is text saying so, not a button', async () => {
    const s = await scene({ capabilities: { monitoringModes: ['listen', 'barge'] } });
    await s.agent.raiseHand('Refund over my limit', s.interactionId);
    await s.c.advance(200);
    const { el, h } = await mount(s.c.client);
    await waitUntil(() => h.rows().length === 1, 'the request is listed');
    const item = findNode(await axTree(el), 'listitem');
    expect(findAll(item, 'button').map((b) => b.name)).to.deep.equal(['Acknowledge', 'Resolve']);
    expect(textOf(item)).to.contain('Whisper is not offered by this platform.');
  });
});
