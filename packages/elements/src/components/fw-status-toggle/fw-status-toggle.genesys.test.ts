// fw-status-toggle on the Genesys adapter, its traffic answered by the Genesys mock over msw.
import { ErrorCode } from '@floorwalk/core';
import { createGenesysAdapter } from '@floorwalk/adapters/genesys';
import { expect, fixture, html } from '@open-wc/testing';
import { genesysPage } from '../../../test/genesys-supervisor.js';
import { waitUntil } from '../../../test/wait.js';
import { plain } from '../../../test/isolates.js';
import type { FwPresenceChangeFailedEvent } from '../../events/fw-presence-change-failed.js';
import { FwStatusToggleHarness } from './fw-status-toggle.harness.js';
import { FwStatusToggle } from './fw-status-toggle.js';

FwStatusToggle.define('fw-status-toggle');

const page = genesysPage();

describe('fw-status-toggle on Genesys Cloud (msw)', () => {
  it("a change Genesys answers 429 says how long to wait, not that it was refused, and the status stays", async () => {
    const { mock, c } = await page.open((m) => {
      const agentId = m.directory.agentIds[0] as string;
      return { adapter: createGenesysAdapter(m.adapterOptions()), session: { userId: agentId, role: 'agent', agentId, teamIds: [] } };
    });
    const agentId = mock.directory.agentIds[0] as string;
    const el = await fixture<FwStatusToggle>(html`<fw-status-toggle .client=${c}></fw-status-toggle>`);
    const failed: FwPresenceChangeFailedEvent[] = [];
    el.addEventListener('fw-presence-change-failed', (e) => failed.push(e as FwPresenceChangeFailedEvent));
    const h = new FwStatusToggleHarness(el);
    const before = c.getAgent(agentId)!.presence.state;
    const target = (await h.options()).find((o) => !o.checked && o.state !== before);
    expect(target, 'another status to choose').to.not.equal(undefined);
    // Genesys' rate limit on the presence write only: the reads around it still answer.
    mock.throttle(1, 37, { method: 'PATCH', path: /\/presences\/purecloud$/ });
    await h.choose(target!.state, target!.reasonId);
    await waitUntil(() => h.isFailed(), 'rolled back', { timeout: 5000 });
    expect(failed.map((e) => e.error.code)).to.deep.equal([ErrorCode.RateLimited]);
    expect(plain(h.message())).to.equal(`Could not change to ${plain(target!.label)}. The platform is busy: try again in 37 s.`);
    expect(c.getAgent(agentId)!.presence.state, 'nothing changed').to.equal(before);
  });
});
