// fw-coaching-panel on the Genesys adapter, its traffic answered by the Genesys mock over msw.
import { ErrorCode } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { genesysSupervisor } from '../../../test/genesys-supervisor.js';
import { waitUntil } from '../../../test/wait.js';
import type { FwMonitoringFailedEvent } from '../../events/fw-monitoring-failed.js';
import { FwCoachingPanelHarness } from './fw-coaching-panel.harness.js';
import { FwCoachingPanel } from './fw-coaching-panel.js';

FwCoachingPanel.define('fw-coaching-panel');

const supervisor = genesysSupervisor();

describe('fw-coaching-panel on Genesys Cloud (msw)', () => {
  it('a monitoring request Genesys answers 429 says how long to wait, not that it was refused, and no session starts', async () => {
    const { mock, c } = await supervisor();
    const agentId = mock.directory.agentIds[0] as string;
    const [conversationId] = mock.play([{ type: 'call', queueId: mock.directory.queueIds[0]!, userId: agentId }]);
    mock.play([{ type: 'answer', conversationId: conversationId! }]);
    await waitUntil(() => c.getInteractions({ agentId }).some((i) => i.state === 'connected'), 'the agent on the call', { timeout: 5000 });
    const el = await fixture<FwCoachingPanel>(html`<fw-coaching-panel .client=${c} agent-id=${agentId}></fw-coaching-panel>`);
    const failed: FwMonitoringFailedEvent[] = [];
    el.addEventListener('fw-monitoring-failed', (e) => failed.push(e as FwMonitoringFailedEvent));
    const h = new FwCoachingPanelHarness(el);
    // Genesys' rate limit on the monitoring leg's creation only.
    mock.throttle(1, 17, { method: 'POST', path: /\/participants\/[^/]+\/monitor$/ });
    await h.choose('listen');
    await waitUntil(() => failed.length > 0, 'failed', { timeout: 5000 });
    expect(failed.map((e) => e.error.code)).to.deep.equal([ErrorCode.RateLimited]);
    await waitUntil(() => /busy/.test(h.message()), 'the failure shown', { timeout: 5000 });
    expect(h.message()).to.contain('Starting Listen. The platform is busy: try again in 17 s.');
    expect(c.getMonitoringSessions({ agentId, active: true }), 'no session').to.have.length(0);
  });
});
