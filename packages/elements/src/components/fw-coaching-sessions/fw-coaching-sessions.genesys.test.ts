// fw-coaching-sessions on the Genesys adapter, its traffic answered by the Genesys mock over msw.
import { ErrorCode } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { genesysSupervisor } from '../../../test/genesys-supervisor.js';
import { waitUntil } from '../../../test/wait.js';
import type { FwCoachingSessionFailedEvent } from '../../events/fw-coaching-session-failed.js';
import { FwCoachingSessionsHarness } from './fw-coaching-sessions.harness.js';
import { FwCoachingSessions } from './fw-coaching-sessions.js';

FwCoachingSessions.define('fw-coaching-sessions');

const supervisor = genesysSupervisor();

describe('fw-coaching-sessions on Genesys Cloud (msw)', () => {
  it('a session Genesys answers 429 says how long to wait, not that it was refused, and none is scheduled', async () => {
    const { mock, c } = await supervisor();
    const agentId = mock.directory.agentIds[0] as string;
    const el = await fixture<FwCoachingSessions>(html`<fw-coaching-sessions .client=${c} .agentId=${agentId}></fw-coaching-sessions>`);
    const failed: FwCoachingSessionFailedEvent[] = [];
    el.addEventListener('fw-coaching-session-failed', (e) => failed.push(e as FwCoachingSessionFailedEvent));
    const h = new FwCoachingSessionsHarness(el);
    const before = c.getCoachingSessions().length;
    // Genesys' rate limit on the appointment's creation only.
    mock.throttle(1, 29, { method: 'POST', path: /\/coaching\/appointments$/ });
    await h.schedule({ at: Date.now() + 2 * 3_600_000, topic: 'Refund calls', durationMin: 30 });
    await waitUntil(() => failed.length > 0, 'failed', { timeout: 5000 });
    expect(failed.map((e) => e.error.code)).to.deep.equal([ErrorCode.RateLimited]);
    await el.updateComplete;
    expect(h.message()).to.contain('The platform is busy: try again in 29 s.');
    expect(c.getCoachingSessions(), 'nothing scheduled').to.have.length(before);
  });
});
