// fw-chat loads its composer with the first conversation the session may write in. Here the
// composer module's request fails (msw's service worker answers it with a network error, as a
// dropped connection or a missing chunk would), in Chromium, on a page where nothing has
// loaded it yet: the failure is shown in the composer's place and announced, the conversation
// stays readable, and a chat shown after the network is back loads the composer. Nor does a chat
// ask for it for a failed command it will not show (a presence change), only for a message.
import { createFloorwalk, ErrorCode, FloorwalkError, type Session } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { type Centre, createCentre, liveText } from '../../../test/centre.js';
import { failModule } from '../../../test/failing-module.js';
import { FwChat } from './fw-chat.js';

FwChat.define('fw-chat');

const LEAD_A: Session = { userId: 'lead-a', role: 'supervisor', teamIds: 'all', name: 'Lead A' };
const LEAD_B: Session = { userId: 'lead-b', role: 'supervisor', teamIds: 'all', name: 'Lead B' };

describe('fw-chat: the composer fails to load', () => {
  const mod = failModule(/\/fw-chat\/composer\.(?:js|ts)(?:\?|$)/);
  let centre: Centre | undefined;

  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  // First: the page has asked for nothing yet.
  it('asks for no composer for a failed command other than a message, where it may not write', async () => {
    centre = await createCentre({ session: LEAD_A });
    const agentId = centre.client.getAgents().find((a) => a.teamIds.includes('team-1'))!.id;
    // An agent's page whose platform refuses everything: a presence change (a status toggle's) fails.
    const seat = centre.adapter.seat({ person: agentId });
    const agent = createFloorwalk({
      adapter: { ...seat, execute: () => Promise.reject(new FloorwalkError(ErrorCode.VendorError, 'Refused.', { retryable: false })) },
      session: { userId: agentId, role: 'agent', agentId, teamIds: ['team-1'] },
      clock: centre.clock,
    });
    await agent.connect();
    // A DM with a supervisor outside the agent's teams: readable, not writable, so no composer of its own.
    const first = await fixture<FwChat>(html`<fw-chat .client=${agent} .peer=${'lead-a'}></fw-chat>`);
    await first.updateComplete;
    await agent.setPresence('break').catch(() => undefined);
    expect(agent.getFailedIntents().map((i) => i.command.type)).to.deep.equal(['set-presence']);
    const second = await fixture<FwChat>(html`<fw-chat .client=${agent} .peer=${'lead-a'}></fw-chat>`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await Promise.all([first.updateComplete, second.updateComplete]);
    expect(mod.requested, 'the composer was not asked for').to.deep.equal([]);
    // A message that did not go (here sent by the host's own code) is one a chat shows: it asks then.
    await agent.sendMessage('team:team-1', 'hello').catch(() => undefined);
    await waitUntil(() => mod.requested.length > 0, 'the composer is asked for, for a failed message');
    await agent.disconnect();
  });

  it('shows and announces the failure in its place, keeps the conversation readable, and a later chat loads it', async () => {
    centre = await createCentre({ session: LEAD_A });
    await centre.seat(LEAD_B);
    const first = await fixture<FwChat>(html`<fw-chat .client=${centre.client} .peer=${'lead-b'}></fw-chat>`);
    await first.updateComplete;
    const root = first.shadowRoot as ShadowRoot;
    await waitUntil(() => root.querySelector('[part="note"][data-kind="error"]') !== null, 'the failure is shown');
    expect(mod.requested.length, 'the composer module was asked for').to.be.greaterThan(0);
    const note = root.querySelector('[part="note"][data-kind="error"]')?.textContent?.trim() ?? '';
    // What a person can do about it, not the browser's reason (which names a module URL).
    expect(note).to.equal('The message box could not be loaded. Check the connection, then reload the page.');
    expect(root.querySelector('[part="composer"]'), 'no composer').to.equal(null);
    expect(root.querySelector('textarea'), 'nothing to type into').to.equal(null);
    await waitUntil(() => liveText(first, 'assertive').includes(note), 'the failure is announced assertively');
    // The conversation itself is still there to read.
    expect(root.querySelector('[role="log"]'), 'the message log is shown').to.not.equal(null);
    await expect(first).to.be.accessible();

    // The network is back: a chat shown now asks again and gets its composer; the one that
    // failed keeps saying so rather than changing under the person reading it.
    mod.failing = false;
    const asked = mod.requested.length;
    const second = await fixture<FwChat>(html`<fw-chat .client=${centre.client} .peer=${'lead-b'}></fw-chat>`);
    await second.updateComplete;
    const root2 = second.shadowRoot as ShadowRoot;
    await waitUntil(() => root2.querySelector('textarea') !== null, 'the composer is shown');
    expect(mod.requested.length, 'asked again').to.be.greaterThan(asked);
    expect(root2.querySelector('[part="note"][data-kind="error"]')).to.equal(null);
    expect(root.querySelector('[part="note"][data-kind="error"]'), 'the first still shows its failure').to.not.equal(null);
  });
});
