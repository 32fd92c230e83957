// fw-coaching-panel loads its monitoring commands with the first choice of a mode. Here that
// module's request fails (msw's service worker answers it with a network error, as a dropped
// connection or a missing chunk would), in Chromium, on a page where nothing has loaded it yet:
// the panel says so in words a person can act on, announces it, starts no monitoring (so the
// agent is told of none), and the next choice, once the network is back, starts it.
import type { MonitoringNotice } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { type Centre, createCentre, liveText } from '../../../test/centre.js';
import { failModule } from '../../../test/failing-module.js';
import { FwCoachingPanelHarness } from './fw-coaching-panel.harness.js';
import { FwCoachingPanel } from './fw-coaching-panel.js';

FwCoachingPanel.define('fw-coaching-panel');

const WHY = 'Part of the page could not be loaded. Check the connection, then reload the page.';

describe('fw-coaching-panel: the commands fail to load', () => {
  const mod = failModule(/\/fw-coaching-panel\/requests\.(?:js|ts)(?:\?|$)/);
  let centre: Centre | undefined;

  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it('says and announces the failure, starts nothing, and the next choice starts listening', async () => {
    const c = await createCentre();
    centre = c;
    const interaction = c.client.getInteractions({ state: 'connected' }).find((i) => i.agentId !== undefined);
    const agentId = interaction!.agentId!;
    const agent = await c.seat({ userId: agentId, role: 'agent', agentId, teamIds: [] });
    const notices: MonitoringNotice[] = [];
    agent.on('monitoring', (n) => notices.push(n));
    const el = await fixture<FwCoachingPanel>(html`<fw-coaching-panel .client=${c.client} agent-id=${agentId}></fw-coaching-panel>`);
    const h = new FwCoachingPanelHarness(el);

    await h.choose('listen');
    await waitUntil(() => h.message().includes(WHY), 'the failure is shown');
    expect(mod.requested.length, 'the commands module was asked for').to.be.greaterThan(0);
    expect(h.message()).to.match(/^Could not complete: /);
    expect(h.message()).to.not.contain('http');
    expect(h.isFailed()).to.equal(true);
    await waitUntil(() => liveText(el, 'assertive').includes(WHY), 'the failure is announced assertively');
    await c.advance(2_000);
    expect(c.client.getMonitoringSessions({ agentId, active: true }), 'no monitoring started').to.deep.equal([]);
    expect(notices, 'the agent is told of nothing, as nothing watches them').to.deep.equal([]);
    await expect(el).to.be.accessible();

    mod.failing = false;
    await h.choose('listen');
    await waitUntil(async () => {
      await c.advance(200);
      return c.client.getMonitoringSessions({ agentId, active: true }).length === 1;
    }, 'listening starts on the next choice', { timeout: 5000 });
    expect(c.client.getMonitoringSessions({ agentId, active: true })[0]!.mode).to.equal('listen');
    expect(h.message().includes(WHY), 'the failure is no longer shown').to.equal(false);
    await waitUntil(() => notices.some((n) => n.kind === 'started'), 'the agent is told they are monitored');
  });
});
