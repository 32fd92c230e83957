// fw-review loads a started review's view on first need. Here that module's request fails (msw's
// service worker answers it with a network error, as a dropped connection or a missing chunk
// would), in Chromium, on a page where nothing has loaded it yet: the element says so where the
// review would be, in words a person can act on, and announces it; an element shown after the
// network is back loads the view.
import type { Session } from '@floorwalk/core';
import { createMemoryBackplane } from '@floorwalk/core/backplane';
import { createEvaluations } from '@floorwalk/core/evaluations';
import { createMetrics, type Metrics } from '@floorwalk/core/metrics';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { type Centre, createCentre } from '../../../test/centre.js';
import { failModule } from '../../../test/failing-module.js';
import { FwReview } from './fw-review.js';

FwReview.define('fw-review');

const LEAD: Session = { userId: 'lead-a', role: 'supervisor', teamIds: 'all' };
const FAILED = 'This part could not be loaded. Check the connection, then reload the page.';

describe('fw-review: the review view fails to load', () => {
  const mod = failModule(/\/fw-review\/review\.(?:js|ts)(?:\?|$)/);
  let centre: Centre | undefined;
  let metrics: Metrics | undefined;

  afterEach(async () => {
    metrics?.destroy();
    await centre?.close();
    centre = undefined;
  });

  it('shows and announces the failure where the review would be, and a later element loads the view', async () => {
    const c = await createCentre({ session: LEAD });
    centre = c;
    const start = c.clock.now();
    metrics = createMetrics(c.client, { clock: c.clock });
    await c.advance(60_000);
    const agentId = c.client.getAgents()[0]!.id;
    const backplane = createMemoryBackplane({ broadcast: false });
    const lead = createEvaluations({ backplane, session: LEAD, clock: c.clock, teamsOf: (id) => c.client.getAgent(id)?.teamIds ?? [] });
    const mount = (): Promise<FwReview> =>
      fixture<FwReview>(html`<fw-review .client=${c.client} .evaluations=${lead} .metrics=${metrics} .agentId=${agentId} .from=${start} .to=${c.clock.now()}></fw-review>`);

    const first = await mount();
    const root = first.shadowRoot as ShadowRoot;
    await waitUntil(() => root.querySelector('[part="start"]') !== null, 'the Start review button is shown');
    expect(mod.requested, 'nothing asked for before a review is shown').to.deep.equal([]);
    root.querySelector<HTMLButtonElement>('[part="start"]')!.click();
    await waitUntil(() => root.querySelector('[part="message"][data-kind="error"]') !== null, 'the failure is shown', { timeout: 5000 });
    expect(mod.requested.length, 'the view module was asked for').to.be.greaterThan(0);
    expect(root.querySelector('[part="message"][data-kind="error"]')?.textContent?.trim()).to.equal(FAILED);
    expect(root.querySelector('[part="add-form"]'), 'no review body').to.equal(null);
    await waitUntil(() => (root.querySelector('[aria-live].fw-visually-hidden')?.textContent ?? '').includes(FAILED), 'the failure is announced');
    expect(root.querySelector('[aria-live].fw-visually-hidden')?.getAttribute('aria-live')).to.equal('assertive');
    await expect(first).to.be.accessible();

    // The network is back: a review shown now asks again and shows the started review.
    mod.failing = false;
    const asked = mod.requested.length;
    const second = await mount();
    const root2 = second.shadowRoot as ShadowRoot;
    await waitUntil(() => root2.querySelector('[part="add-form"]') !== null, 'the review is shown', { timeout: 5000 });
    expect(mod.requested.length, 'asked again').to.be.greaterThan(asked);
    expect(root2.querySelector('[part="message"][data-kind="error"]')).to.equal(null);
  });
});
