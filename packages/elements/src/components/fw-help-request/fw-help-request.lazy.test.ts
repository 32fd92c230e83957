// fw-help-request loads its commands with the first press and the supervisor's queue with its
// first showing. Here those modules' requests fail (msw's service worker answers them with a
// network error, as a dropped connection or a missing chunk would), in Chromium, on a page where
// nothing has loaded them yet: the element says so in words a person can act on, announces it,
// sends nothing, and tries again on the next press once the network is back.
import type { Session } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { type Centre, createCentre, liveText } from '../../../test/centre.js';
import { failModule } from '../../../test/failing-module.js';
import { FwHelpRequestHarness } from './fw-help-request.harness.js';
import { FwHelpRequest } from './fw-help-request.js';

FwHelpRequest.define('fw-help-request');

const LEAD: Session = { userId: 'lead-a', role: 'supervisor', teamIds: 'all' };
const WHY = 'Part of the page could not be loaded. Check the connection, then reload the page.';

describe('fw-help-request: parts that fail to load', () => {
  const mod = failModule(/\/fw-help-request\/(?:actions|queue)\.(?:js|ts)(?:\?|$)/);
  let centre: Centre | undefined;

  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it("an agent's raised hand: the failure is said and announced, nothing is sent, and the next press raises it", async () => {
    const c = await createCentre({ session: LEAD });
    centre = c;
    const busy = c.client.getInteractions({ state: 'connected' }).find((i) => i.agentId !== undefined && c.client.getHelpRequests({ agentId: i.agentId, open: true }).length === 0);
    const agentId = busy!.agentId!;
    const agent = await c.seat({ userId: agentId, role: 'agent', agentId, teamIds: [] });
    const el = await fixture<FwHelpRequest>(html`<fw-help-request .client=${agent} view="auto"></fw-help-request>`);
    const h = new FwHelpRequestHarness(el);
    await waitUntil(() => h.raiseButton !== null, 'the raise-hand form is shown');

    mod.failing = true;
    await h.raise('Card payment declined twice');
    const root = el.shadowRoot as ShadowRoot;
    await waitUntil(() => (root.textContent ?? '').includes(WHY), 'the failure is shown');
    expect(mod.requested.some((p) => p.includes('/actions.')), 'the commands module was asked for').to.equal(true);
    await waitUntil(() => liveText(el, 'assertive').includes(WHY), 'the failure is announced assertively');
    expect(liveText(el, 'assertive')).to.match(/^Could not complete: /);
    expect(liveText(el, 'assertive')).to.not.contain('http');
    await c.advance(2_000);
    expect(agent.getHelpRequests({ agentId, open: true }), 'nothing was raised').to.deep.equal([]);
    await expect(el).to.be.accessible();

    mod.failing = false;
    await h.raise('Card payment declined twice');
    await waitUntil(async () => {
      await c.advance(200);
      return agent.getHelpRequests({ agentId, open: true }).length === 1;
    }, 'the hand is raised on the next press', { timeout: 5000 });
    expect(agent.getHelpRequests({ agentId, open: true }).map((r) => r.reason)).to.deep.equal(['Card payment declined twice']);
    expect((root.textContent ?? '').includes(WHY), 'the failure note is gone').to.equal(false);
  });

  it("a supervisor's queue: the failure is shown where the queue would be and announced", async () => {
    const c = await createCentre({ session: LEAD });
    centre = c;
    mod.failing = true;
    const el = await fixture<FwHelpRequest>(html`<fw-help-request .client=${c.client} view="queue"></fw-help-request>`);
    const root = el.shadowRoot as ShadowRoot;
    await waitUntil(() => root.querySelector('[part="message"][data-kind="error"]') !== null, 'the failure is shown');
    expect(mod.requested.some((p) => p.includes('/queue.')), 'the queue module was asked for').to.equal(true);
    expect(root.querySelector('[part="message"][data-kind="error"]')?.textContent?.trim()).to.equal(WHY);
    expect(root.querySelector('[part="request"]'), 'no queue rows').to.equal(null);
    await waitUntil(() => liveText(el, 'assertive').includes(WHY), 'the failure is announced assertively');
    await expect(el).to.be.accessible();
  });
});
