// fw-evaluation loads the evaluator's form or the agent's view, by role, on first render. Here
// the form's request fails (msw's service worker answers it with a network error, as a dropped
// connection or a missing chunk would), in Chromium, on a page where nothing has loaded it yet:
// the element says so where the form would be, in words a person can act on, and announces it;
// an element shown after the network is back loads the form.
import type { Session } from '@floorwalk/core';
import { createMemoryBackplane } from '@floorwalk/core/backplane';
import { createEvaluations } from '@floorwalk/core/evaluations';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { type Centre, createCentre, liveText } from '../../../test/centre.js';
import { failModule } from '../../../test/failing-module.js';
import { FwEvaluation } from './fw-evaluation.js';

FwEvaluation.define('fw-evaluation');

const QA: Session = { userId: 'qa-1', role: 'qa', teamIds: 'all' };
const FAILED = 'This part could not be loaded. Check the connection, then reload the page.';

describe("fw-evaluation: the evaluator's form fails to load", () => {
  const mod = failModule(/\/fw-evaluation\/form\.(?:js|ts)(?:\?|$)/);
  let centre: Centre | undefined;

  afterEach(async () => {
    await centre?.close();
    centre = undefined;
    // Unsaved answers are kept per tab: one test's must not open in the next one's form.
    sessionStorage.clear();
  });

  it('shows and announces the failure where the form would be, and a later element loads the form', async () => {
    const c = await createCentre({ session: QA });
    centre = c;
    for (let i = 0; i < 5; i++) await c.advance(120_000);
    const handled = c.client.getInteractions({ includeEnded: true }).find((i) => i.agentId !== undefined && i.connectedAt !== undefined);
    expect(handled, 'the centre handled an interaction').to.not.equal(undefined);
    const qa = createEvaluations({ backplane: createMemoryBackplane({ broadcast: false }), session: QA, clock: c.clock, teamsOf: (id) => c.client.getAgent(id)?.teamIds ?? [] });
    await qa.defineScorecard({ id: 'calls', name: 'Voice calls', criteria: [{ id: 'greet', label: 'Greeted the customer', kind: 'yes-no', weight: 1 }] });
    const mount = (): Promise<FwEvaluation> =>
      fixture<FwEvaluation>(html`<fw-evaluation .client=${c.client} .evaluations=${qa} .agentId=${handled!.agentId} .interactionId=${handled!.id}></fw-evaluation>`);

    const first = await mount();
    const root = first.shadowRoot as ShadowRoot;
    await waitUntil(() => root.querySelector('[part="message"][data-kind="error"]') !== null, 'the failure is shown', { timeout: 5000 });
    expect(mod.requested.length, 'the form module was asked for').to.be.greaterThan(0);
    expect(root.querySelector('[part="message"][data-kind="error"]')?.textContent?.trim()).to.equal(FAILED);
    expect(root.querySelector('[part="form"]'), 'no form').to.equal(null);
    await waitUntil(() => liveText(first, 'assertive').includes(FAILED), 'the failure is announced assertively');
    await expect(first).to.be.accessible();

    mod.failing = false;
    const asked = mod.requested.length;
    const again = await mount();
    await waitUntil(() => again.shadowRoot!.querySelector('[part="form"]') !== null, 'the form is shown', { timeout: 5000 });
    expect(mod.requested.length, 'asked again').to.be.greaterThan(asked);
    expect(again.shadowRoot!.textContent ?? '').to.not.contain(FAILED);
  });
});
