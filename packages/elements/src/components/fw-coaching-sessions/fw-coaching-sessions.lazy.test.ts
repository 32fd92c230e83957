// fw-coaching-sessions loads the supervisor's scheduling form on first need. Here that module's
// request fails (msw's service worker answers it with a network error, as a dropped connection or
// a missing chunk would), in Chromium, on a page where nothing has loaded it yet: the element says
// so where the form would be and announces it, keeps the sessions listed, and an element shown
// after the network is back fetches the form again and shows it, also in a browser that
// remembers a failed module fetch for the page's life (Chromium 150, as installed here: see core's
// `importOnce`).
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import type { Floorwalk } from '@floorwalk/core';
import type { Centre } from '../../../test/centre.js';
import { failModule } from '../../../test/failing-module.js';
import { leadScene } from '../../../test/lead-scene.js';
import { FwCoachingSessions } from './fw-coaching-sessions.js';

FwCoachingSessions.define('fw-coaching-sessions');

const FAILED = 'This part could not be loaded. Check the connection, then reload the page.';

describe('fw-coaching-sessions: the scheduling form fails to load', () => {
  const mod = failModule(/\/fw-coaching-sessions\/form\.(?:js|ts)(?:\?|$)/);
  let centre: Centre | undefined;

  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it('shows and announces the failure where the form would be, and a later element fetches the form again and shows it', async () => {
    const s = await leadScene((c) => (centre = c));
    const mount = (client: Floorwalk): Promise<FwCoachingSessions> =>
      fixture<FwCoachingSessions>(html`<fw-coaching-sessions .client=${client} .agentId=${s.agentId}></fw-coaching-sessions>`);

    const first = await mount(s.lead);
    const root = first.shadowRoot as ShadowRoot;
    await waitUntil(() => root.querySelector('[part="message"][data-kind="error"]') !== null, 'the failure is shown', { timeout: 5000 });
    expect(mod.requested.length, 'the form module was asked for').to.be.greaterThan(0);
    expect(root.querySelector('[part="message"][data-kind="error"]')?.textContent?.trim()).to.equal(FAILED);
    expect(root.querySelector('#topic'), 'no form').to.equal(null);
    await waitUntil(() => (root.querySelector('[aria-live].fw-visually-hidden')?.textContent ?? '').includes(FAILED), 'the failure is announced');
    expect(root.querySelector('[aria-live].fw-visually-hidden')?.getAttribute('aria-live')).to.equal('assertive');
    await expect(first).to.be.accessible();

    // The network is back: an element shown now asks again, and the form's module arrives.
    mod.failing = false;
    const asked = mod.requested.length;
    const second = await mount(s.lead);
    const root2 = second.shadowRoot as ShadowRoot;
    await waitUntil(() => root2.querySelector('#topic') !== null, 'the form is shown', { timeout: 5000 });
    expect(mod.requested.length, 'asked again').to.be.greaterThan(asked);
    expect(root2.querySelector('[part="message"][data-kind="error"]')).to.equal(null);
  });
});
