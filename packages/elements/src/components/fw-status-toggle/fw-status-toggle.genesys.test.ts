// fw-status-toggle on the Genesys adapter, its traffic answered by the Genesys mock over msw.
import { ErrorCode, createFloorwalk, type Floorwalk } from '@floorwalk/core';
import { createGenesysAdapter } from '@floorwalk/adapters/genesys';
import { createGenesysMock } from '@floorwalk/adapters/genesys/mocks';
import { expect, fixture, html } from '@open-wc/testing';
import { setupWorker } from 'msw/browser';
import { waitUntil } from '../../../test/wait.js';
import { plain } from '../../../test/isolates.js';
import type { FwPresenceChangeFailedEvent } from '../../events/fw-presence-change-failed.js';
import { FwStatusToggleHarness } from './fw-status-toggle.harness.js';
import { FwStatusToggle } from './fw-status-toggle.js';

FwStatusToggle.define('fw-status-toggle');

const worker = setupWorker();
let client: Floorwalk | undefined;
before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());
afterEach(async () => {
  await client?.disconnect();
  client = undefined;
});

describe('fw-status-toggle on Genesys Cloud (msw)', () => {
  it("a change Genesys answers 429 says how long to wait, not that it was refused, and the status stays", async () => {
    const mock = createGenesysMock({ agents: 3 });
    worker.resetHandlers(...mock.handlers);
    const agentId = mock.directory.agentIds[0] as string;
    const c = (client = createFloorwalk({ adapter: createGenesysAdapter(mock.adapterOptions()), session: { userId: agentId, role: 'agent', agentId, teamIds: [] } }));
    await c.connect();
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
