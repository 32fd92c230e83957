// fw-status-toggle puts its open menu in the top layer with a module loaded when a menu first
// opens. Here that module's request fails (msw's service worker answers it with a network
// error), in Chromium: the menu still opens, inside the host, and once the network is back the
// next open fetches the module again and the menu goes to the top layer, unclipped by an
// ancestor's overflow; also in a browser that remembers a failed module fetch for the page's
// life (Chromium 150: see core's `importOnce`).
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { createCentre, type Centre } from '../../../test/centre.js';
import { failModule } from '../../../test/failing-module.js';
import { FwStatusToggleHarness } from './fw-status-toggle.harness.js';
import { FwStatusToggle } from './fw-status-toggle.js';

FwStatusToggle.define('fw-status-toggle');

describe('fw-status-toggle: the top-layer module fails to load', () => {
  const mod = failModule(/\/internal\/popup\.(?:js|ts)(?:\?|$)/);
  let centre: Centre | undefined;

  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it('opens the menu inside the host while the module fails, and in the top layer at an open after the network is back', async () => {
    centre = await createCentre({ session: { userId: 'agent-3', role: 'agent', agentId: 'agent-3', teamIds: [] }, latencyMs: 0 });
    const box = await fixture<HTMLDivElement>(html`<div style="overflow: hidden; block-size: 6rem; inline-size: 12rem; margin: 1rem">
      <fw-status-toggle .client=${centre.client}></fw-status-toggle>
    </div>`);
    const el = box.querySelector('fw-status-toggle') as FwStatusToggle;
    const h = new FwStatusToggleHarness(el);
    const menu = (): HTMLElement => el.shadowRoot!.getElementById('menu')!;

    await h.open();
    await waitUntil(() => mod.requested.length > 0, 'the module was asked for', { timeout: 5000 });
    // The menu stays where its own styles put it, and works.
    expect((await h.options()).length, 'the menu still offers the statuses').to.be.greaterThan(1);
    await h.close();

    mod.failing = false;
    const asked = mod.requested.length;
    await h.open();
    await waitUntil(() => menu().matches(':popover-open'), 'the menu goes to the top layer once the module loads', { timeout: 5000 });
    expect(mod.requested.length, 'asked again').to.be.greaterThan(asked);
    await h.close();
    expect(menu().matches(':popover-open'), 'closed, it leaves the top layer').to.equal(false);
  });
});
