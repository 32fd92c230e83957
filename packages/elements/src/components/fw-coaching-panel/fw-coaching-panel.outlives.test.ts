// fw-coaching-panel words a session that outlives its call (outlivesCall) with its request module,
// which it loads as soon as one exists. Here that module's request fails (msw's service worker
// answers it with a network error, as a dropped connection or a missing chunk would), in
// Chromium, on a page where nothing has loaded it yet: the panel says so and announces it rather
// than list nothing in silence, asks again on the next click rather than on every render, and
// lists the session once the module is here.
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { advanceRendered, type Centre, createCentre, liveText, newestCall } from '../../../test/centre.js';
import { failModule } from '../../../test/failing-module.js';
import { plain } from '../../../test/isolates.js';
import { FwCoachingPanelHarness } from './fw-coaching-panel.harness.js';
import { FwCoachingPanel } from './fw-coaching-panel.js';

FwCoachingPanel.define('fw-coaching-panel');

const WHY = 'Part of the page could not be loaded. Check the connection, then reload the page.';

describe('fw-coaching-panel: a session that outlives its call, the module failing to load', () => {
  const mod = failModule(/\/fw-coaching-panel\/requests\.(?:js|ts)(?:\?|$)/);
  let centre: Centre | undefined;

  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it('says and announces the failure, asks again only on a click, then lists the session', async () => {
    const c = await createCentre({ latencyMs: 150, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] } });
    centre = c;
    const call = newestCall(c.client)!;
    const agentId = call.agentId!;
    // Another agent on a call, so the panel has a control to click.
    const other = newestCall(c.client, (i) => i.agentId !== agentId)!.agentId!;
    await c.client.startMonitoring(agentId, call.id, 'listen');
    await c.advance(400);
    const session = c.client.getMonitoringSessions({ supervisorId: 'sup-1', active: true })[0]!;
    const el = await fixture<FwCoachingPanel>(html`<fw-coaching-panel .client=${c.client} agent-id=${other}></fw-coaching-panel>`);
    const h = new FwCoachingPanelHarness(el);
    expect(mod.requested, 'nothing asked for it yet').to.deep.equal([]);

    // Twilio refused to take the leg off at wrap-up (a 403): the session is reported running again, over its call's end.
    const at = c.clock.now() + 1;
    await c.emit([
      { type: 'interaction', id: 'to-wrap-up', at, source: c.adapter.id, interaction: { ...c.client.getInteraction(call.id)!, state: 'wrap-up', wrapUpAt: at } },
      { type: 'monitoring', id: 'kept', at, source: c.adapter.id, session: { ...session, outlivesCall: true } },
    ]);
    await waitUntil(() => h.message().includes(WHY), 'the failure is shown');
    expect(h.isFailed()).to.equal(true);
    expect(h.away(), 'nothing to word it with yet').to.deep.equal([]);
    await waitUntil(() => liveText(el, 'assertive') === WHY, 'the failure is announced assertively');
    await expect(el).to.be.accessible();
    const asked = mod.requested.length;
    await advanceRendered(c, 3_000, el);
    expect(mod.requested.length, 'not asked again on every render').to.equal(asked);

    mod.failing = false;
    await h.choose('listen');
    const name = c.client.getAgent(agentId)!.name;
    await waitUntil(
      () => h.away().map(plain).join() === `You are still monitoring ${name} (Listen), whose call ended: the platform did not take you off. It goes on until you stop it.`,
      'listed once the module is here',
    );
    expect(h.message().includes(WHY), 'the failure is no longer shown').to.equal(false);
  });
});
