// The checklist (a11y.md) against the accessibility tree Chromium computes, not the attributes
// the element writes.
import type { Floorwalk } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { announced, axTree, findAll, findNode, graphics, liveRegions, outline, textOf, type AXNode } from '../../../test/a11y-tree.js';
import { advanceRendered, createCentre, newestCall, type Centre } from '../../../test/centre.js';
import { FwMonitoringNotice } from './fw-monitoring-notice.js';

FwMonitoringNotice.define('fw-monitoring-notice');

let centre: Centre | undefined;

/** A supervisor's centre and the client of an agent on a connected interaction. */
async function scene(): Promise<{ c: Centre; agent: Floorwalk; agentId: string; interactionId: string }> {
  const c = (centre = await createCentre());
  // The most recently connected, so it outlasts the test's few simulated minutes.
  const interaction = newestCall(c.client)!;
  const agentId = interaction.agentId!;
  const agent = await c.seat({ userId: agentId, role: 'agent', agentId, teamIds: [] });
  return { c, agent, agentId, interactionId: interaction.id };
}

describe('fw-monitoring-notice: computed accessibility tree', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it('is a region named by its heading, with the history a nested region one level down', async () => {
    const { agent } = await scene();
    const el = await fixture<FwMonitoringNotice>(html`<fw-monitoring-notice .client=${agent} heading-level="2"></fw-monitoring-notice>`);
    const tree = await axTree(el);
    const region = findNode(tree, 'region', 'Monitoring');
    expect(findNode(region, 'heading', 'Monitoring').level).to.equal(2);
    const history = findNode(region, 'region', 'Who monitored you');
    expect(findNode(history, 'heading', 'Who monitored you').level).to.equal(3);
    expect(textOf(region)).to.contain('No one is monitoring you now.');
    expect(graphics(tree), 'the eye mark is decorative').to.deep.equal([]);
    expect(liveRegions(tree), 'nothing announced yet').to.deep.equal([]);
  });

  it('announces a start assertively, lists the session in text, and keeps the ticking time out of live regions', async () => {
    const { c, agent, agentId, interactionId } = await scene();
    const el = await fixture<FwMonitoringNotice>(html`<fw-monitoring-notice .client=${agent}></fw-monitoring-notice>`);
    await c.client.startMonitoring(agentId, interactionId, 'listen');
    await advanceRendered(c, 200, el);
    const tree = await announced(
      el,
      'sup-1 started monitoring you in listen mode. They can hear you and the customer. Neither of you can hear them.',
      'assertive',
    );
    const region = findNode(tree, 'region', 'Monitoring');
    expect(findNode(region, 'heading', 'Monitoring').level).to.equal(3);
    const [sessions, history] = findAll(region, 'list');
    expect(sessions, outline(region)).to.not.equal(undefined);
    const [session] = findAll(sessions!, 'listitem');
    expect(findAll(sessions!, 'listitem')).to.have.length(1);
    expect(textOf(session!)).to.match(/^sup-1 is listening \( Listen \) They can hear you and the customer\. Neither of you can hear them\. Since /);
    expect(history, 'the history is a list too').to.not.equal(undefined);
    expect(findNode(findNode(region, 'region', 'Who monitored you'), 'list')).to.equal(history);
    expect(textOf(findAll(history!, 'listitem')[0]!)).to.match(/^sup-1 Listen .* – now$/);
    for (const live of liveRegions(tree)) expect(textOf(live), 'the since time is not live').to.not.match(/^Since/);
    expect(findAll(region, 'generic').filter((n) => n.live !== undefined), 'no live region inside the section').to.deep.equal([]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('announces the end politely and keeps the history list', async () => {
    const { c, agent, agentId, interactionId } = await scene();
    const el = await fixture<FwMonitoringNotice>(html`<fw-monitoring-notice .client=${agent}></fw-monitoring-notice>`);
    await c.client.startMonitoring(agentId, interactionId, 'listen');
    await advanceRendered(c, 200, el);
    await c.client.stopMonitoring(c.client.getMonitoringSessions({ agentId, active: true })[0]!.id);
    await advanceRendered(c, 200, el);
    const tree = await announced(el, 'sup-1 stopped monitoring you.', 'polite');
    const history = findNode(tree, 'region', 'Who monitored you');
    expect(findAll(findNode(history, 'list'), 'listitem')).to.have.length(1);
    expect(textOf(findNode(tree, 'region', 'Monitoring'))).to.contain('No one is monitoring you now.');
  });

  it('states notices off in a note, announced assertively', async () => {
    const { c, agent } = await scene();
    const admin = await c.seat({ userId: 'admin-1', role: 'admin', teamIds: 'all' });
    const el = await fixture<FwMonitoringNotice>(html`<fw-monitoring-notice .client=${agent}></fw-monitoring-notice>`);
    await admin.setPolicy({ monitoringNotice: false });
    await advanceRendered(c, 200, el);
    const tree = await announced(el, 'Monitoring notices are now off. You will no longer be told here when a supervisor monitors you.', 'assertive');
    const note = findNode(findNode(tree, 'region', 'Monitoring'), 'note');
    expect(textOf(note)).to.equal(
      'Your organisation has turned off monitoring notices. A supervisor may listen to, whisper in or join your conversations, or view your screen, without this page telling you.',
    );
    expect(graphics(tree), 'the alert mark is decorative').to.deep.equal([]);
  });
});
