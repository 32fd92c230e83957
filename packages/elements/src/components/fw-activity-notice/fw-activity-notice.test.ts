import type { ActivitySource, Floorwalk } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { activityScene, type ActivityScene } from '../../../test/activity-scene.js';
import { type Centre, liveText as live } from '../../../test/centre.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { registerTranslation } from '../../internal/localize.js';
import { FwProvider } from '../fw-provider/fw-provider.js';
import { activityNoticeEs } from './fw-activity-notice.es.js';
import { FwActivityNotice } from './fw-activity-notice.js';
import { plain } from '../../../test/isolates.js';

FwActivityNotice.define('fw-activity-notice');
FwProvider.define('fw-provider');

let centre: Centre | undefined;
const detectors: ActivitySource[] = [];

const text = (el: Element | null | undefined): string => plain(el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const part = (el: FwActivityNotice, name: string): Element | null => el.shadowRoot!.querySelector(`[part~="${name}"]`);
const parts = (el: FwActivityNotice, name: string): Element[] => [...el.shadowRoot!.querySelectorAll(`[part~="${name}"]`)];

/** A centre with an admin and an agent typing on `pad`, the signal off; kept for `afterEach`. */
const scene = (): Promise<ActivityScene> => activityScene((c, detector) => ((centre = c), detectors.push(detector)));

async function mount(client: Floorwalk | undefined, historyLimit = 10): Promise<FwActivityNotice> {
  return fixture<FwActivityNotice>(html`<fw-activity-notice .client=${client} history-limit=${historyLimit}></fw-activity-notice>`);
}

async function advance(c: Centre, el: FwActivityNotice, ms: number): Promise<void> {
  await c.advance(ms);
  await el.updateComplete;
}

describe('fw-activity-notice', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
    for (const d of detectors.splice(0)) d.stop();
  });

  describe('accessibility', () => {
    it('is accessible with the signal on, before and after something was shared', async () => {
      const { c, admin, agent, pad } = await scene();
      const el = await mount(agent);
      await admin.setPolicy({ activitySignal: { enabled: true, granularityMs: 1000 } });
      await advance(c, el, 60);
      await expect(el).to.be.accessible();
      pad.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      await advance(c, el, 1000);
      expect(parts(el, 'entry').length).to.be.greaterThan(0);
      await expect(el).to.be.accessible();
      const heading = part(el, 'heading');
      expect(heading?.getAttribute('role')).to.equal('heading');
      expect(part(el, 'base')?.getAttribute('aria-labelledby')).to.equal(heading?.id);
    });
  });

  describe('defaults', () => {
    it('shows nothing while the tenant keeps the signal off, and counts nothing', async () => {
      const { c, agent, pad } = await scene();
      const el = await mount(agent);
      expect(part(el, 'base')).to.equal(null);
      expect(el.matches(':state(sharing)')).to.equal(false);
      expect(el.getBoundingClientRect().height).to.equal(0);
      pad.dispatchEvent(new KeyboardEvent('keydown', { key: 'x', bubbles: true }));
      await advance(c, el, 5000);
      expect(agent.getSharedActivity()).to.deep.equal([]);
      expect(part(el, 'base')).to.equal(null);
    });

    it('shows nothing for a session that is not an agent, even with the signal on', async () => {
      const { c, admin } = await scene();
      const el = await mount(c.client);
      await admin.setPolicy({ activitySignal: { enabled: true } });
      await advance(c, el, 60);
      expect(c.client.getPolicy().activitySignal.enabled).to.equal(true);
      expect(part(el, 'base')).to.equal(null);
    });

    it('takes its client from an fw-provider', async () => {
      const { c, admin, agent } = await scene();
      const provider = await fixture<FwProvider>(html`<fw-provider .client=${agent}><fw-activity-notice></fw-activity-notice></fw-provider>`);
      const el = provider.querySelector('fw-activity-notice') as FwActivityNotice;
      await admin.setPolicy({ activitySignal: { enabled: true } });
      await advance(c, el, 60);
      expect(text(part(el, 'heading'))).to.equal('Activity sharing');
    });
  });

  describe('what the agent is told', () => {
    it('says at once, assertively, that activity is now shared, what is shared, how often, and what never is', async () => {
      const { c, admin, agent } = await scene();
      const el = await mount(agent);
      await admin.setPolicy({ activitySignal: { enabled: true, granularityMs: 60_000 } });
      await advance(c, el, 60);
      expect(el.matches(':state(sharing)')).to.equal(true);
      expect(text(part(el, 'what'))).to.equal(
        'Your organisation shares how active you are from this device: Active, Idle or Away from desk, at most once every 1 minute.',
      );
      expect(text(part(el, 'never'))).to.match(/^Never shared: the keys you press/);
      await waitUntil(
        () =>
          live(el, 'assertive') ===
          'Your activity is now shared with your supervisors: Active, Idle or Away from desk, at most once every 1 minute. Nothing else about your input is shared.',
        'the change is announced assertively',
      );
    });

    it('lists exactly what was shared and when, newest first, up to history-limit', async () => {
      const { c, admin, agent, pad } = await scene();
      const el = await mount(agent, 2);
      await admin.setPolicy({ activitySignal: { enabled: true, granularityMs: 1000 } });
      await advance(c, el, 60);
      pad.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
      await advance(c, el, 1000);
      expect(text(part(el, 'current'))).to.match(/^Shared now: Active, since .+$/);
      // Quiet: idle after two quiet samples, away after five.
      for (let i = 0; i < 6; i++) await advance(c, el, 1000);
      const shared = agent.getSharedActivity().map((s) => s.bucket);
      expect(shared).to.deep.equal(['active', 'idle', 'away']);
      expect(parts(el, 'entry').map((e) => e.getAttribute('data-bucket'))).to.deep.equal(['away', 'idle'], 'newest first, two of them');
      expect(text(part(el, 'current'))).to.match(/^Shared now: Away from desk, since /);
      expect(text(parts(el, 'entry')[0])).to.match(/Away from desk$/);
    });

    it('goes quiet when the signal goes off: announced politely, nothing shown, nothing more shared', async () => {
      const { c, admin, agent, pad } = await scene();
      const el = await mount(agent);
      await admin.setPolicy({ activitySignal: { enabled: true, granularityMs: 1000 } });
      await advance(c, el, 1100);
      expect(part(el, 'base')).to.not.equal(null);
      await admin.setPolicy({ activitySignal: { enabled: false } });
      await advance(c, el, 60);
      expect(part(el, 'base')).to.equal(null);
      expect(el.matches(':state(sharing)')).to.equal(false);
      await waitUntil(() => live(el, 'polite') === 'Your activity is no longer shared.', 'the end is announced politely');
      const before = agent.getSharedActivity().length;
      pad.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
      await advance(c, el, 5000);
      expect(agent.getSharedActivity().length).to.equal(before);
    });
  });

  describe('localisation', () => {
    it('speaks Spanish with lang="es"', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { 'activity-notice': activityNoticeEs, common: commonEs } });
      const { c, admin, agent } = await scene();
      const el = await fixture<FwActivityNotice>(html`<fw-activity-notice lang="es" .client=${agent}></fw-activity-notice>`);
      await admin.setPolicy({ activitySignal: { enabled: true, granularityMs: 1000 } });
      await advance(c, el, 1100);
      expect(text(part(el, 'heading'))).to.equal('Actividad compartida');
      expect(text(part(el, 'current'))).to.match(/^Compartido ahora: Activo, desde las /);
      await expect(el).to.be.accessible();
    });
  });

  describe('theming', () => {
    it('takes --fw-activity-notice-* knobs from an ancestor', async () => {
      const { c, admin, agent } = await scene();
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="--fw-activity-notice-padding: 3px; --fw-activity-notice-border-color: rgb(1, 2, 3)"><fw-activity-notice .client=${agent}></fw-activity-notice></div>`,
      );
      const el = wrapper.querySelector('fw-activity-notice') as FwActivityNotice;
      await admin.setPolicy({ activitySignal: { enabled: true } });
      await advance(c, el, 60);
      const base = getComputedStyle(part(el, 'base')!);
      expect(base.paddingTop).to.equal('3px');
      expect(base.borderTopColor).to.equal('rgb(1, 2, 3)');
    });
  });
});
