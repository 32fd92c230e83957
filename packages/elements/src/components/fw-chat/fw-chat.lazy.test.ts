// fw-chat loads its composer with the first conversation the session may write in. Here the
// composer module's request fails (msw's service worker answers it with a network error, as a
// dropped connection or a missing chunk would), in Chromium, on a page where nothing has
// loaded it yet: the failure is shown in the composer's place and announced, the conversation
// stays readable, and a chat shown after the network is back loads the composer.
import type { Session } from '@floorwalk/core';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
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
