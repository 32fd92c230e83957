// fw-colleague-call on the Genesys adapter, its traffic answered by the Genesys mock over msw.
import { ErrorCode } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { genesysSupervisor } from '../../../test/genesys-supervisor.js';
import { waitUntil } from '../../../test/wait.js';
import type { FwColleagueCallFailedEvent } from '../../events/fw-colleague-call-failed.js';
import { FwColleagueCallHarness } from './fw-colleague-call.harness.js';
import { FwColleagueCall } from './fw-colleague-call.js';

FwColleagueCall.define('fw-colleague-call');

const supervisor = genesysSupervisor();

describe('fw-colleague-call on Genesys Cloud (msw)', () => {
  it('a call Genesys answers 429 says how long to wait, not that it was refused, and no call starts', async () => {
    const { mock, c } = await supervisor();
    const el = await fixture<FwColleagueCall>(html`<fw-colleague-call .client=${c}></fw-colleague-call>`);
    const failed: FwColleagueCallFailedEvent[] = [];
    el.addEventListener('fw-colleague-call-failed', (e) => failed.push(e as FwColleagueCallFailedEvent));
    const h = new FwColleagueCallHarness(el);
    // Genesys' rate limit on the call's creation only.
    mock.throttle(1, 23, { method: 'POST', path: /\/conversations\/calls$/ });
    await h.start({ person: mock.directory.agentIds[0] as string });
    await waitUntil(() => failed.length > 0, 'failed', { timeout: 5000 });
    expect(failed.map((e) => e.error.code)).to.deep.equal([ErrorCode.RateLimited]);
    await el.updateComplete;
    expect(h.message()).to.contain('The platform is busy: try again in 23 s.');
    expect(h.rows(), 'no call').to.have.length(0);
  });
});
