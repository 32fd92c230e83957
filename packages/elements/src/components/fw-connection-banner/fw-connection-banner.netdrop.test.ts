// The banner over a real platform link that drops: a client over the Genesys adapter, its REST
// served by msw's service worker and its notification sockets by `ws.link`, on the wall clock.
// The network goes down (every REST call a network error, the sockets closed) and comes back; or the
// platform, asked for a new channel after the old one ended, answers 429 with a Retry-After.
import { createIndexedDbStorage } from '@floorwalk/core';
import { createGenesysAdapter } from '@floorwalk/adapters/genesys';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { http, HttpResponse } from 'msw';
import { genesysPage } from '../../../test/genesys-supervisor.js';
import { plain } from '../../../test/isolates.js';
import { FwConnectionBanner } from './fw-connection-banner.js';

FwConnectionBanner.define('fw-connection-banner');

const { worker, open } = genesysPage();

const text = (el: Element | null | undefined): string => plain(el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const part = (el: FwConnectionBanner, name: string): HTMLElement | null => el.shadowRoot!.querySelector(`[part~="${name}"]`);
const live = (el: FwConnectionBanner): string => plain(el.shadowRoot!.querySelector('[aria-live]')?.textContent ?? '');

describe('fw-connection-banner when the network drops (Genesys over msw)', () => {
  it('says the connection is lost while reconnecting, keeps a change made meanwhile, and clears once live again', async () => {
    const statuses: string[] = [];
    const { mock, c } = await open(
      (m) => ({
        adapter: createGenesysAdapter({ ...m.adapterOptions(), backoffMs: [100, 200] }),
        session: { userId: m.directory.supervisorId, role: 'supervisor', teamIds: 'all' },
        reconnect: { delays: [100, 200], jitter: 0 },
        outbox: { storage: createIndexedDbStorage(`fw-netdrop-banner-${Date.now()}`) },
      }),
      { agents: 4, listen: (client) => client.on('status', (s) => statuses.push(s.current)) },
    );
    const el = await fixture<FwConnectionBanner>(html`<fw-connection-banner .client=${c}></fw-connection-banner>`);
    expect(part(el, 'base')!.hidden, 'nothing to say while live').to.equal(true);

    worker.use(http.all(`https://api.${mock.domain}/*`, () => HttpResponse.error()));
    mock.dropSockets();
    await waitUntil(() => c.status === 'reconnecting', 'the client sees the link down', { timeout: 5000 });
    await el.updateComplete;
    expect(el.matches(':state(lost)')).to.equal(true);
    expect(part(el, 'base')!.hidden).to.equal(false);
    expect(text(part(el, 'message'))).to.equal('Connection lost. Reconnecting…');
    expect(text(part(el, 'detail'))).to.contain('Changes you make are kept and sent when the connection is back.');
    await waitUntil(() => live(el) === 'Connection lost. Trying to reconnect.', `announced: "${live(el)}"`, { timeout: 5000 });

    const agent = mock.directory.agentIds[0] as string;
    const change = c.setAgentPresence(agent, 'training');
    worker.resetHandlers(...mock.handlers);
    await change;
    await waitUntil(() => c.status === 'live', 'live again', { timeout: 5000 });
    await el.updateComplete;
    expect(statuses).to.deep.equal(['connecting', 'live', 'reconnecting', 'live']);
    expect(part(el, 'base')!.hidden, 'cleared once live').to.equal(true);
    expect(el.matches(':state(lost)')).to.equal(false);
    await waitUntil(() => live(el) === 'Connection restored.', `announced: "${live(el)}"`, { timeout: 5000 });
    await waitUntil(() => c.getAgent(agent)?.presence.state === 'training', 'the change, back from Genesys', { timeout: 5000 });
  }).timeout(20_000);

  it('says the platform asked to slow down, and when it tries again, while the adapter waits out a 429; politely; then clears once live', async () => {
    const { mock, c } = await open((m) => ({
      adapter: createGenesysAdapter(m.adapterOptions()),
      session: { userId: m.directory.supervisorId, role: 'supervisor', teamIds: 'all' },
    }));
    const el = await fixture<FwConnectionBanner>(html`<fw-connection-banner .client=${c}></fw-connection-banner>`);
    // The channel ends (as at its 24 h expiry); the POST for the next one is answered 429, Retry-After 4 s.
    mock.throttle(1, 4, { method: 'POST', path: /\/notifications\/channels$/ });
    mock.expireChannels();
    await waitUntil(() => text(part(el, 'message')).startsWith('The platform asked'), `shown: "${text(part(el, 'message'))}"`, { timeout: 5000 });
    expect(c.status).to.equal('reconnecting');
    expect(el.matches(':state(lost)')).to.equal(true);
    expect(text(part(el, 'message'))).to.match(/^The platform asked Floorwalk to slow down\. Trying again in [34] seconds\.$/);
    await waitUntil(() => live(el).includes('The platform asked Floorwalk to slow down. Trying again in'), `announced: "${live(el)}"`, { timeout: 5000 });
    expect(el.shadowRoot!.querySelector('[aria-live]')!.getAttribute('aria-live')).to.equal('polite');
    // The countdown follows the wait, then the banner goes back to its own words until live.
    await waitUntil(() => !text(part(el, 'message')).startsWith('The platform asked') || c.status === 'live', 'the wait over', { timeout: 8000 });
    await waitUntil(() => c.status === 'live', 'live again after the wait', { timeout: 10_000 });
    await el.updateComplete;
    expect(part(el, 'base')!.hidden, 'cleared once live').to.equal(true);
  }).timeout(30_000);

  it('says so as well when the 429 meets the very first connect, not "Connecting…" for the whole wait; then clears once live', async () => {
    let el!: FwConnectionBanner;
    const opened = open(
      (m) => {
        // The POST for the first channel is answered 429, Retry-After 4 s.
        m.throttle(1, 4, { method: 'POST', path: /\/notifications\/channels$/ });
        return { adapter: createGenesysAdapter(m.adapterOptions()), session: { userId: m.directory.supervisorId, role: 'supervisor', teamIds: 'all' } };
      },
      {
        listen: (client) => {
          el = document.createElement('fw-connection-banner') as FwConnectionBanner;
          el.client = client;
          document.body.append(el);
        },
      },
    );
    try {
      await waitUntil(() => text(part(el, 'message')).startsWith('The platform asked'), `shown: "${text(part(el, 'message'))}"`, { timeout: 5000 });
      expect(el.client?.status).to.equal('connecting');
      expect(el.matches(':state(loading)')).to.equal(true);
      expect(text(part(el, 'message'))).to.match(/^The platform asked Floorwalk to slow down\. Trying again in [34] seconds\.$/);
      await waitUntil(() => live(el).includes('The platform asked Floorwalk to slow down. Trying again in'), `announced: "${live(el)}"`, { timeout: 5000 });
      expect(el.shadowRoot!.querySelector('[aria-live]')!.getAttribute('aria-live')).to.equal('polite');
      const { c } = await opened;
      expect(c.status).to.equal('live');
      await el.updateComplete;
      expect(part(el, 'base')!.hidden, 'cleared once live').to.equal(true);
    } finally {
      el.remove();
    }
  }).timeout(30_000);
});
