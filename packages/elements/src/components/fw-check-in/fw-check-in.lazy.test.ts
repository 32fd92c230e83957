// fw-check-in loads the side its session shows (the supervisor's or the agent's) on first render.
// Here the supervisor side's request fails (msw's service worker answers it with a network error,
// as a dropped connection or a missing chunk would), in Chromium, on a page where nothing has
// loaded it yet: the element says so where that side would be, in words a person can act on, and
// announces it; the agent side, which did load, is untouched; an element shown after the network
// is back loads the supervisor side.
import type { Session } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { type Centre, createCentre, liveText } from '../../../test/centre.js';
import { failModule } from '../../../test/failing-module.js';
import { FwCheckIn } from './fw-check-in.js';

FwCheckIn.define('fw-check-in');

const LEAD: Session = { userId: 'lead-a', role: 'supervisor', teamIds: 'all' };
const FAILED = 'This part could not be loaded. Check the connection, then reload the page.';

describe('fw-check-in: a side fails to load', () => {
  const mod = failModule(/\/fw-check-in\/supervisor\.(?:js|ts)(?:\?|$)/);
  let centre: Centre | undefined;

  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it("shows and announces the failure where the supervisor's side would be; the agent's side loads; a later element loads it", async () => {
    const c = await createCentre({ session: LEAD });
    centre = c;
    const agentId = c.client.getAgents()[0]!.id;
    const agent = await c.seat({ userId: agentId, role: 'agent', agentId, teamIds: [...c.client.getAgent(agentId)!.teamIds] });

    const lead = await fixture<FwCheckIn>(html`<fw-check-in .client=${c.client} .agentId=${agentId}></fw-check-in>`);
    const root = lead.shadowRoot as ShadowRoot;
    await waitUntil(() => root.querySelector('[part="message"][data-kind="error"]') !== null, 'the failure is shown');
    expect(mod.requested.length, "the supervisor's side was asked for").to.be.greaterThan(0);
    expect(root.querySelector('[part="message"][data-kind="error"]')?.textContent?.trim()).to.equal(FAILED);
    expect(root.querySelector('[part="propose"]'), 'no proposal form').to.equal(null);
    await waitUntil(() => liveText(lead, 'assertive').includes(FAILED), 'the failure is announced assertively');
    await expect(lead).to.be.accessible();

    // The agent's own element loads the other side, which nothing blocks.
    const own = await fixture<FwCheckIn>(html`<fw-check-in .client=${agent}></fw-check-in>`);
    await own.updateComplete;
    expect(own.shadowRoot!.querySelector('[part="message"][data-kind="error"]'), "the agent's side is shown").to.equal(null);
    expect((own.shadowRoot!.textContent ?? '').trim().length).to.be.greaterThan(0);

    mod.failing = false;
    const asked = mod.requested.length;
    const again = await fixture<FwCheckIn>(html`<fw-check-in .client=${c.client} .agentId=${agentId}></fw-check-in>`);
    await again.updateComplete;
    expect(mod.requested.length, 'asked again').to.be.greaterThan(asked);
    expect(again.shadowRoot!.querySelector('[part="message"][data-kind="error"]')).to.equal(null);
    expect(again.shadowRoot!.textContent ?? '').to.not.contain(FAILED);
    expect(again.shadowRoot!.querySelector('[part="propose"]'), "the supervisor's proposal form").to.not.equal(null);
    expect(own.shadowRoot!.querySelector('[part="propose"]'), 'an agent proposes nothing').to.equal(null);
  });
});
