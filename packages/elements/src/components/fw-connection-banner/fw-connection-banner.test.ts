import { ErrorCode, FloorwalkError, type Floorwalk } from '@floorwalk/core';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { settle } from '../../../test/centre.js';
import { createConnectionRig, type Rig } from '../../../test/connection-rig.js';
import { registerTranslation } from '../../internal/localize.js';
import { FwAnnouncer } from '../fw-announcer/fw-announcer.js';
import { FwProvider } from '../fw-provider/fw-provider.js';
import { connectionBannerEs } from './fw-connection-banner.es.js';
import { FwConnectionBanner } from './fw-connection-banner.js';
import { plain } from '../../../test/isolates.js';

FwConnectionBanner.define('fw-connection-banner');
FwProvider.define('fw-provider');
FwAnnouncer.define('fw-announcer');

let rig: Rig | undefined;

function createRig(agents?: number): Rig {
  return (rig = createConnectionRig(agents));
}

const text = (el: Element | null | undefined): string => plain(el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const part = (el: FwConnectionBanner, name: string): HTMLElement | null => el.shadowRoot!.querySelector(`[part~="${name}"]`);
const live = (el: FwConnectionBanner): string => plain(el.shadowRoot!.querySelector('[aria-live]')?.textContent ?? '');

async function mount(client: Floorwalk | undefined): Promise<FwConnectionBanner> {
  return fixture<FwConnectionBanner>(html`<fw-connection-banner .client=${client}></fw-connection-banner>`);
}

/** Drops the link the way a vendor outage does: the client starts its backoff (30 s here). */
async function drop(r: Rig, el: FwConnectionBanner): Promise<void> {
  r.sink().status('failed', new FloorwalkError(ErrorCode.VendorError, '503'));
  await settle();
  await el.updateComplete;
}

describe('fw-connection-banner', () => {
  afterEach(async () => {
    await rig?.client.disconnect();
    rig = undefined;
    document.documentElement.lang = 'en';
  });

  describe('accessibility', () => {
    it('is accessible loading, live (hidden) and lost with its countdown (failed: below)', async () => {
      const r = createRig();
      const release = r.holdSnapshot();
      const el = await mount(r.client);
      const connected = r.client.connect();
      await settle();
      await el.updateComplete;
      expect(el.matches(':state(loading)')).to.equal(true);
      await expect(el).to.be.accessible();
      release();
      await connected;
      await el.updateComplete;
      expect(part(el, 'base')!.hidden).to.equal(true);
      await expect(el).to.be.accessible();
      await drop(r, el);
      expect(el.matches(':state(lost)')).to.equal(true);
      await expect(el).to.be.accessible();
    });
  });

  describe('defaults', () => {
    it('shows nothing without a client or while live, and never takes focus', async () => {
      const lone = await mount(undefined);
      expect(part(lone, 'base')!.hidden).to.equal(true);
      const r = createRig();
      await r.client.connect();
      const el = await mount(r.client);
      expect(part(el, 'base')!.hidden).to.equal(true);
      expect(el.matches(':state(loading)') || el.matches(':state(lost)')).to.equal(false);
      expect(document.activeElement).to.not.equal(el);
    });
  });

  describe('initial sync', () => {
    it('shows progress while the first snapshot loads, and announces the team once it has', async () => {
      const r = createRig(42);
      const release = r.holdSnapshot();
      const el = await mount(r.client);
      const connected = r.client.connect();
      await settle();
      await el.updateComplete;
      expect(el.matches(':state(loading)')).to.equal(true);
      expect(text(part(el, 'message'))).to.equal('Connecting to the contact centre…');
      expect(part(el, 'progress')).to.not.equal(null);
      expect(part(el, 'retry'), 'nothing to retry while loading').to.equal(null);
      release();
      await connected;
      await el.updateComplete;
      expect(el.matches(':state(loading)')).to.equal(false);
      expect(part(el, 'base')!.hidden).to.equal(true);
      await waitUntil(() => live(el) === 'Team loaded: 42 agents.', `announced: "${live(el)}"`);
    });

    it('counts the agents that have arrived while still connecting', async () => {
      const r = createRig(12);
      const release = r.holdSnapshot();
      const el = await mount(r.client);
      const connected = r.client.connect();
      await settle();
      // A platform paging a large team delivers agents before the client is live.
      const partial = await createSimulatorAdapter({ agents: 12, seed: 3, clock: r.clock }).snapshot();
      r.sink().events([{ ...partial, agents: (partial.agents ?? []).slice(0, 5) }]);
      await settle();
      await el.updateComplete;
      expect(r.client.status).to.equal('connecting');
      expect(text(part(el, 'message'))).to.equal('Loading your team… 5 agents so far');
      release();
      await connected;
    });
  });

  describe('lost connection', () => {
    it('counts down to the next attempt, and "Retry now" reconnects at once', async () => {
      const r = createRig();
      await r.client.connect();
      const el = await mount(r.client);
      await drop(r, el);
      expect(el.matches(':state(lost)')).to.equal(true);
      expect(el.matches(':state(counting-down)')).to.equal(true);
      expect(text(part(el, 'message'))).to.equal('Connection lost. Retrying in 30 seconds.');
      expect(text(part(el, 'detail'))).to.contain('Changes you make are kept');
      // The countdown follows the page's clock.
      const shown = (): number => Number(/Retrying in (\d+) seconds/.exec(text(part(el, 'message')))?.[1] ?? NaN);
      // A loaded machine may wake late, so any lower count within a few seconds will do.
      await waitUntil(() => shown() < 30, text(part(el, 'message')), { timeout: 5000 });
      expect(shown()).to.be.within(24, 29);
      const before = r.connects();
      part(el, 'retry')!.click();
      await waitUntil(() => r.client.status === 'live', 'live again after Retry now');
      expect(r.connects()).to.equal(before + 1);
      await el.updateComplete;
      expect(part(el, 'base')!.hidden).to.equal(true);
    });

    it('has no countdown or button while the platform recovers its own link', async () => {
      const r = createRig();
      await r.client.connect();
      const el = await mount(r.client);
      r.sink().status('reconnecting');
      await settle();
      await el.updateComplete;
      expect(text(part(el, 'message'))).to.equal('Connection lost. Reconnecting…');
      expect(part(el, 'retry')).to.equal(null);
      r.sink().status('offline');
      await settle();
      await el.updateComplete;
      expect(el.matches(':state(offline)')).to.equal(true);
      expect(text(part(el, 'message'))).to.contain('You are offline');
      r.sink().status('live');
      await waitUntil(() => r.client.status === 'live');
      await el.updateComplete;
      expect(part(el, 'base')!.hidden).to.equal(true);
      await waitUntil(() => live(el) === 'Connection restored.', `announced: "${live(el)}"`);
    });

    it('says the platform asked to slow down, and when it tries again, for a rate limit given as the reason of the status; politely', async () => {
      const r = createRig();
      await r.client.connect();
      const el = await mount(r.client);
      r.sink().status('reconnecting', new FloorwalkError(ErrorCode.RateLimited, '429', { details: { retryAfterMs: 20_000 } }));
      await settle();
      await el.updateComplete;
      expect(el.matches(':state(lost)')).to.equal(true);
      expect(text(part(el, 'message'))).to.equal('The platform asked Floorwalk to slow down. Trying again in 20 seconds.');
      await waitUntil(() => live(el).includes('The platform asked Floorwalk to slow down. Trying again in 20 seconds.'), `announced: "${live(el)}"`);
      expect(el.shadowRoot!.querySelector('[aria-live]')!.getAttribute('aria-live')).to.equal('polite');
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { 'connection-banner': connectionBannerEs } });
      el.lang = 'es';
      await el.updateComplete;
      expect(text(part(el, 'message'))).to.equal('La plataforma pidió a Floorwalk que vaya más despacio. Reintento en 20 segundos.');
    });

    it('leaves the loss to fw-announcer when the page has one, so it is not said twice', async () => {
      const r = createRig();
      await r.client.connect();
      const wrapper = await fixture<HTMLElement>(html`<div><fw-announcer .client=${r.client}></fw-announcer><fw-connection-banner .client=${r.client}></fw-connection-banner></div>`);
      const el = wrapper.querySelector('fw-connection-banner')!;
      r.sink().status('reconnecting');
      await settle();
      await el.updateComplete;
      await settle();
      expect(el.shadowRoot!.querySelector('[aria-live]'), 'no fallback region was needed').to.equal(null);
    });

    it('offers "Try again" after the client gave up, which connects again', async () => {
      const r = createRig();
      await r.client.connect();
      const el = await mount(r.client);
      r.sink().status('failed', new FloorwalkError(ErrorCode.Forbidden, 'revoked'));
      await settle();
      await el.updateComplete;
      expect(r.client.status).to.equal('failed');
      expect(el.matches(':state(failed)')).to.equal(true);
      expect(text(part(el, 'message'))).to.equal('Floorwalk could not connect.');
      expect(text(part(el, 'retry'))).to.equal('Try again');
      await expect(el).to.be.accessible();
      await waitUntil(() => live(el) === 'Floorwalk could not connect.', `announced: "${live(el)}"`);
      part(el, 'retry')!.click();
      await waitUntil(() => r.client.status === 'live', 'live again after Try again');
    });
  });

  describe('keyboard', () => {
    it('reaches "Retry now" with Tab and activates it with Enter', async () => {
      const r = createRig();
      await r.client.connect();
      const el = await mount(r.client);
      await drop(r, el);
      const button = part(el, 'retry') as HTMLButtonElement;
      button.focus();
      expect(el.shadowRoot!.activeElement).to.equal(button);
      const { sendKeys } = await import('@web/test-runner-commands');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => r.client.status === 'live', 'Enter retried');
    });
  });

  describe('localisation', () => {
    it('speaks Spanish when the page does', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { 'connection-banner': connectionBannerEs } });
      document.documentElement.lang = 'es';
      const r = createRig();
      await r.client.connect();
      const el = await mount(r.client);
      await drop(r, el);
      expect(text(part(el, 'message'))).to.equal('Conexión perdida. Reintento en 30 segundos.');
      expect(text(part(el, 'retry'))).to.equal('Reintentar ahora');
    });
  });
});
