import { ErrorCode, type Floorwalk, type PresenceState, type Session } from '@floorwalk/core';
import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import { ifDefined } from 'lit/directives/if-defined.js';
import { createCentre, settle, type Centre } from '../../../test/centre.js';
import type { FwPresenceChangeFailedEvent } from '../../events/fw-presence-change-failed.js';
import type { FwPresenceChangeRequestEvent } from '../../events/fw-presence-change-request.js';
import type { FwPresenceChangedEvent } from '../../events/fw-presence-changed.js';
import { setTickPeriod } from '../../internal/controllers/tick-controller.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { registerTranslation } from '../../internal/localize.js';
import { FwProvider } from '../fw-provider/fw-provider.js';
import { statusToggleEs } from './fw-status-toggle.es.js';
import { FwStatusToggleHarness, type StatusToggleOption } from './fw-status-toggle.harness.js';
import { FwStatusToggle } from './fw-status-toggle.js';
import { plain } from '../../../test/isolates.js';

FwStatusToggle.define('fw-status-toggle');
FwProvider.define('fw-provider');

const AGENT: Session = { userId: 'agent-3', role: 'agent', agentId: 'agent-3', teamIds: [] };
// Chromium ships Intl.DurationFormat; TypeScript's ES2022 lib does not declare it.
const DurationFormat = (Intl as unknown as {
  DurationFormat: new (locale: string, options: Record<string, string>) => { format(d: Record<string, number>): string };
}).DurationFormat;
const EVENTS = ['fw-presence-change-request', 'fw-presence-changed', 'fw-presence-change-failed'] as const;

let centre: Centre | undefined;

async function agentCentre(latencyMs = 150): Promise<Centre> {
  centre = await createCentre({ session: AGENT, latencyMs });
  expect(centre.client.getAgent('agent-3'), 'the simulator has agent-3 and the session sees it').to.not.equal(undefined);
  return centre;
}

async function mount(client: Floorwalk | undefined, attrs = ''): Promise<{ el: FwStatusToggle; h: FwStatusToggleHarness; log: Event[] }> {
  const el = await fixture<FwStatusToggle>(
    html`<fw-status-toggle .client=${client} confirm-timeout=${ifDefined(attrs || undefined)}></fw-status-toggle>`,
  );
  const log: Event[] = [];
  for (const name of EVENTS) el.addEventListener(name, (e) => log.push(e));
  return { el, h: new FwStatusToggleHarness(el), log };
}

/** An entry other than the current status, with a reason code, as the tenant defines it. */
async function anotherStatus(h: FwStatusToggleHarness, client: Floorwalk): Promise<StatusToggleOption> {
  const current = client.getAgent('agent-3')!.presence.state;
  const option = (await h.options()).find((o) => !o.checked && o.reasonId !== undefined && o.state !== current);
  expect(option, 'the tenant offers another status with a reason').to.not.equal(undefined);
  // Its label as wording, for the messages compared with it.
  return { ...option!, label: plain(option!.label) };
}

/** Wraps the real adapter's execute to count what reaches the platform (a spy, not a stub). */
function countSent(c: Centre): { count: number } {
  const sent = { count: 0 };
  const adapter = c.adapter as { execute: Centre['adapter']['execute'] };
  const real = adapter.execute.bind(c.adapter);
  adapter.execute = (command) => {
    sent.count++;
    return real(command);
  };
  return sent;
}

const presenceKey = (client: Floorwalk): string => {
  const p = client.getAgent('agent-3')!.presence;
  return p.reason === undefined ? p.state : `${p.state}:${p.reason.id}`;
};

describe('fw-status-toggle', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  describe('accessibility', () => {
    it('is accessible when idle, open, pending, failed and unavailable', async () => {
      const c = await agentCentre(60_000);
      const { el, h } = await mount(c.client, '1500');
      await expect(el).to.be.accessible();

      await h.open();
      expect(h.isOpen()).to.equal(true);
      await expect(el).to.be.accessible();
      await h.close();

      const target = await anotherStatus(h, c.client);
      await h.choose(target.state, target.reasonId);
      expect(h.isPending()).to.equal(true);
      await expect(el).to.be.accessible();
      expect(h.isPending(), 'axe checked the pending state').to.equal(true);

      await waitUntil(() => h.isFailed(), 'rolled back after the timeout', { timeout: 4000 });
      await expect(el).to.be.accessible();

      const lone = await fixture<FwStatusToggle>(html`<fw-status-toggle></fw-status-toggle>`);
      expect(new FwStatusToggleHarness(lone).isDisabled()).to.equal(true);
      await expect(lone).to.be.accessible();
    });

    it('labels the button with the visible label and the status, and uses the menu button pattern', async () => {
      const c = await agentCentre();
      const { h } = await mount(c.client);
      const button = h.button;
      expect(button.getAttribute('aria-haspopup')).to.equal('menu');
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      const ids = button.getAttribute('aria-labelledby')!.split(' ');
      const root = h.element.shadowRoot!;
      const name = ids.map((id) => root.getElementById(id)?.textContent?.trim() ?? '').filter(Boolean).join(' ');
      expect(name).to.equal(`My status ${h.currentLabel()}`);
      await h.open();
      const menu = root.getElementById(button.getAttribute('aria-controls')!)!;
      expect(menu.getAttribute('role')).to.equal('menu');
      const checked = menu.querySelectorAll('[role="menuitemradio"][aria-checked="true"]');
      expect(checked.length, 'exactly the current status is checked').to.equal(1);
    });
  });

  describe('defaults', () => {
    it('shows the agent’s presence, time in status and routing activity, and offers the tenant’s reason codes', async () => {
      const c = await agentCentre();
      const { el, h } = await mount(c.client);
      expect(el.confirmTimeout).to.equal(10000);
      expect(el.hasAttribute('confirm-timeout')).to.equal(false);
      const agent = c.client.getAgent('agent-3')!;
      const stateLabel = agent.presence.state.charAt(0).toUpperCase() + agent.presence.state.slice(1);
      expect(h.currentLabel().startsWith(stateLabel), `${h.currentLabel()} starts with ${stateLabel}`).to.equal(true);
      if (agent.presence.reason) expect(h.currentLabel()).to.contain(agent.presence.reason.label);
      expect(plain(h.timeInState())).to.match(/^\d+:\d{2}(:\d{2})? in this status$/);
      expect(h.routing()).to.match(/^Routing: /);
      expect(h.isDisabled()).to.equal(false);
      expect(h.message()).to.equal('');

      const options = await h.options();
      const defined = c.client.getPresenceDefinitions();
      for (const { state, reasons } of defined) {
        for (const reason of reasons) {
          expect(options.some((o) => o.state === state && o.reasonId === reason.id), `${state}:${reason.id} offered`).to.equal(true);
        }
        if (reasons.length === 0) expect(options.some((o) => o.state === state && o.reasonId === undefined)).to.equal(true);
      }
    });

    it('takes its client from an fw-provider', async () => {
      const c = await agentCentre();
      const wrapper = await fixture<FwProvider>(html`<fw-provider .client=${c.client}><fw-status-toggle></fw-status-toggle></fw-provider>`);
      const el = wrapper.querySelector('fw-status-toggle')!;
      await el.updateComplete;
      expect(new FwStatusToggleHarness(el).isDisabled()).to.equal(false);
      expect(new FwStatusToggleHarness(el).timeInState()).to.not.equal('');
    });

    it('is disabled, and says why, without a client, an agent or a live connection', async () => {
      const lone = await fixture<FwStatusToggle>(html`<fw-status-toggle></fw-status-toggle>`);
      const h1 = new FwStatusToggleHarness(lone);
      expect(h1.message()).to.equal('Not connected to Floorwalk.');
      expect(lone.matches(':state(unavailable)')).to.equal(true);
      h1.button.click();
      await lone.updateComplete;
      expect(h1.isOpen(), 'a disabled toggle does not open').to.equal(false);

      centre = await createCentre({ session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' } });
      const { h: h2, el: el2 } = await mount(centre.client);
      expect(h2.isDisabled()).to.equal(true);
      expect(h2.message()).to.contain('no agent record');
      expect(h2.button.getAttribute('aria-describedby')).to.equal('message');
      await expect(el2).to.be.accessible();
      await centre.client.disconnect();

      const c = await agentCentre();
      const { el, h } = await mount(c.client);
      c.link('offline');
      await settle();
      await el.updateComplete;
      expect(h.isDisabled()).to.equal(true);
      expect(plain(h.message())).to.equal('Status changes are unavailable: Offline');
      c.link('live');
      await waitUntil(() => !h.isDisabled(), 'enabled again once live');
      expect(h.message()).to.equal('');
    });
  });

  it('closes the menu and keeps focus on the button when the link drops while it is open', async () => {
    const c = await agentCentre();
    const { el, h } = await mount(c.client);
    el.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(h.isOpen()).to.equal(true);
    c.link('offline');
    await settle();
    await el.updateComplete;
    await el.updateComplete;
    expect(h.isOpen()).to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal(h.button);
    expect(plain(h.message())).to.equal('Status changes are unavailable: Offline');
  });

  describe('attributes and properties', () => {
    it('reads confirm-timeout into confirmTimeout, and does not reflect the property', async () => {
      const c = await agentCentre();
      const { el } = await mount(c.client, '2500');
      expect(el.confirmTimeout).to.equal(2500);
      el.setAttribute('confirm-timeout', '400');
      expect(el.confirmTimeout).to.equal(400);
      el.confirmTimeout = 900;
      await el.updateComplete;
      expect(el.getAttribute('confirm-timeout'), 'behaviour, not presentation: not reflected').to.equal('400');
    });

    it('renders the agent once the client property is set, without firing any event', async () => {
      const c = await agentCentre();
      const { el, h, log } = await mount(undefined);
      expect(h.isDisabled()).to.equal(true);
      el.client = c.client;
      await el.updateComplete;
      expect(h.isDisabled()).to.equal(false);
      expect(h.currentLabel()).to.not.equal('—');
      expect(log).to.have.length(0);
    });
  });

  describe('user changes vs programmatic changes', () => {
    it('asks, shows the change as pending, then confirms it when the platform reports it', async () => {
      const c = await agentCentre(2000);
      const sent = countSent(c);
      const { el, h, log } = await mount(c.client);
      const before = presenceKey(c.client);
      const target = await anotherStatus(h, c.client);

      await h.choose(target.state, target.reasonId);
      expect(log.map((e) => e.type)).to.deep.equal(['fw-presence-change-request']);
      const request = log[0] as FwPresenceChangeRequestEvent;
      expect([request.state, request.reason?.id, request.bubbles, request.composed, request.cancelable]).to.deep.equal([
        target.state,
        target.reasonId,
        true,
        true,
        true,
      ]);
      expect(h.isPending()).to.equal(true);
      expect(plain(h.currentLabel()), 'shows the status asked for').to.equal(target.label);
      expect(h.button.textContent).to.contain('Pending');
      expect(plain(h.message())).to.contain(`Changing to ${target.label}`);
      expect(h.isDisabled(), 'no second change while one is pending').to.equal(true);
      await settle();
      expect(sent.count).to.equal(1);
      expect(presenceKey(c.client), 'the store still holds the old status').to.equal(before);

      await c.advance(1000);
      expect(h.isPending(), 'not confirmed before the platform reports it').to.equal(true);
      await c.advance(1500);
      await el.updateComplete;
      expect(h.isPending()).to.equal(false);
      expect(presenceKey(c.client)).to.equal(`${target.state}:${target.reasonId}`);
      expect(plain(h.currentLabel())).to.equal(target.label);
      expect(h.message()).to.equal('');
      expect(log.map((e) => e.type)).to.deep.equal(['fw-presence-change-request', 'fw-presence-changed']);
      const changed = log[1] as FwPresenceChangedEvent;
      expect([changed.state, changed.reason?.id]).to.deep.equal([target.state, target.reasonId]);
      await waitUntil(() => plain(h.element.shadowRoot!.querySelector('[aria-live]')?.textContent ?? '') === `Status changed to ${target.label}.`);
    });

    it('sends nothing when the request is vetoed', async () => {
      const c = await agentCentre();
      const sent = countSent(c);
      const { el, h, log } = await mount(c.client);
      const before = presenceKey(c.client);
      el.addEventListener('fw-presence-change-request', (e) => e.preventDefault());
      const target = await anotherStatus(h, c.client);
      await h.choose(target.state, target.reasonId);
      await settle();
      expect(sent.count).to.equal(0);
      expect(h.isPending()).to.equal(false);
      expect(log.map((e) => e.type)).to.deep.equal(['fw-presence-change-request']);
      await c.advance(500);
      expect(presenceKey(c.client)).to.equal(before);
      expect(log).to.have.length(1);
    });

    it('sends nothing when the current status is chosen again', async () => {
      const c = await agentCentre();
      const sent = countSent(c);
      const { h, log } = await mount(c.client);
      const current = (await h.options()).find((o) => o.checked)!;
      await h.choose(current.state, current.reasonId);
      await settle();
      expect([sent.count, log.length, h.isPending()]).to.deep.equal([0, 0, false]);
    });

    it('rolls back with a visible, announced reason when the platform refuses the command', async () => {
      const c = await agentCentre();
      const { el, h, log } = await mount(c.client);
      const beforeLabel = h.currentLabel();
      const target = await anotherStatus(h, c.client);
      // The platform's side of the link goes away under a client that still thinks it is live:
      // the simulator refuses the command with NotConnected.
      await c.adapter.disconnect();
      await h.choose(target.state, target.reasonId);
      await waitUntil(() => h.isFailed(), 'rolled back');
      expect(h.isPending()).to.equal(false);
      expect(h.currentLabel(), 'back to the real status').to.equal(beforeLabel);
      expect(h.message()).to.equal(`Could not change to ${target.label}. Floorwalk is not connected to the platform.`);
      expect(log.map((e) => e.type)).to.deep.equal(['fw-presence-change-request', 'fw-presence-change-failed']);
      const failed = log[1] as FwPresenceChangeFailedEvent;
      expect(failed.error.name).to.equal('FloorwalkError');
      expect(failed.error.code).to.equal(ErrorCode.NotConnected);
      expect(failed.state).to.equal(target.state);
      await waitUntil(() => plain(el.shadowRoot!.querySelector('[aria-live="assertive"]')?.textContent ?? '') === h.message(), 'announced assertively');
    });

    it('rolls back when no confirmation arrives within confirm-timeout, and shows a late change silently', async () => {
      const c = await agentCentre(60_000);
      // A second: a loaded CI machine may run the 100 ms wait below hundreds of ms late.
      const { h, log, el } = await mount(c.client, '1000');
      const beforeLabel = h.currentLabel();
      const target = await anotherStatus(h, c.client);
      const chosen = performance.now();
      await h.choose(target.state, target.reasonId);
      expect(h.isPending()).to.equal(true);
      await aTimeout(100);
      expect(performance.now() - chosen, 'the wait itself overran the timeout: this run proves nothing').to.be.below(1000);
      expect(h.isPending(), 'still within the timeout').to.equal(true);
      await waitUntil(() => h.isFailed(), 'rolled back after the timeout');
      expect(h.currentLabel()).to.equal(beforeLabel);
      expect(h.message()).to.equal(`Could not change to ${target.label}. The platform did not confirm the change in time.`);
      const failed = log.at(-1) as FwPresenceChangeFailedEvent;
      expect(failed.type).to.equal('fw-presence-change-failed');
      expect(failed.error.details?.['timeoutMs']).to.equal(1000);

      // The platform applies it after all: the store is the truth, shown without a "changed" event.
      await c.advance(60_000);
      await el.updateComplete;
      expect(presenceKey(c.client)).to.equal(`${target.state}:${target.reasonId}`);
      expect(plain(h.currentLabel())).to.equal(target.label);
      expect(log.filter((e) => e.type === 'fw-presence-changed')).to.have.length(0);
    });

    it('keeps waiting for a confirm-timeout longer than a browser timer holds, instead of failing at once', async () => {
      const c = await agentCentre(60_000);
      // 3e9 ms (about 35 days) wraps to a negative 32-bit timer delay and Infinity reads as 0: both fired at once.
      for (const timeout of ['3e9', 'Infinity']) {
        const { h } = await mount(c.client, timeout);
        const target = await anotherStatus(h, c.client);
        await h.choose(target.state, target.reasonId);
        await aTimeout(200);
        expect(h.isPending(), `confirm-timeout="${timeout}": still waiting`).to.equal(true);
        expect(h.isFailed()).to.equal(false);
      }
    });

    it('follows a change made elsewhere (a supervisor) silently', async () => {
      const c = await agentCentre();
      const supervisor = await c.seat({ userId: 'sup-1', role: 'supervisor', teamIds: 'all' });
      const { el, h, log } = await mount(c.client);
      const current = c.client.getAgent('agent-3')!.presence.state;
      const state: PresenceState = current === 'training' ? 'meeting' : 'training';
      const reason = c.client.getPresenceDefinitions().find((d) => d.state === state)!.reasons[0]!;
      await supervisor.setAgentPresence('agent-3', state, reason);
      await c.advance(200);
      await el.updateComplete;
      expect(presenceKey(c.client)).to.equal(`${state}:${reason.id}`);
      expect(h.currentLabel()).to.contain(reason.label);
      expect(h.isPending()).to.equal(false);
      expect(log).to.have.length(0);
    });
  });

  describe('placement', () => {
    /** Where the last menu item's centre is, and what the toggle's shadow root finds there. */
    const lastItemHit = (el: FwStatusToggle): { x: number; y: number; hit: boolean } => {
      const items = el.shadowRoot!.querySelectorAll<HTMLElement>('[role="menuitemradio"]');
      const last = items[items.length - 1]!;
      const r = last.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      return { x, y, hit: el.shadowRoot!.elementFromPoint(x, y)?.closest('[role="menuitemradio"]') === last };
    };

    it('shows the open menu whole inside a container with overflow: hidden, in the top layer', async () => {
      const c = await agentCentre();
      const box = await fixture<HTMLDivElement>(html`<div style="overflow: hidden; block-size: 6rem; inline-size: 12rem; margin: 1rem">
        <fw-status-toggle .client=${c.client}></fw-status-toggle>
      </div>`);
      const el = box.querySelector('fw-status-toggle') as FwStatusToggle;
      const h = new FwStatusToggleHarness(el);
      await h.open();
      const menu = el.shadowRoot!.getElementById('menu')!;
      expect(menu.matches(':popover-open'), 'the menu is a popover in the top layer').to.equal(true);
      const { y, hit } = lastItemHit(el);
      expect(y, 'the last item lies outside the container').to.be.greaterThan(box.getBoundingClientRect().bottom);
      expect(hit, 'and is still the element under the pointer there: not clipped').to.equal(true);
      const button = h.button.getBoundingClientRect();
      expect(menu.getBoundingClientRect().top, 'under its button').to.be.at.least(button.bottom);
      await h.close();
      expect(menu.matches(':popover-open'), 'closed, it leaves the top layer').to.equal(false);
    });

    it('opens above its button near the bottom of the viewport, and follows the button when the page scrolls', async () => {
      const c = await agentCentre();
      const page = await fixture<HTMLDivElement>(html`<div style="block-size: 300vh; position: relative">
        <fw-status-toggle .client=${c.client} style="position: absolute; inset-block-start: calc(100vh - 5rem)"></fw-status-toggle>
      </div>`);
      const el = page.querySelector('fw-status-toggle') as FwStatusToggle;
      const h = new FwStatusToggleHarness(el);
      await h.open();
      const menu = el.shadowRoot!.getElementById('menu')!;
      const above = menu.getBoundingClientRect();
      expect(above.bottom, 'above its button').to.be.at.most(h.button.getBoundingClientRect().top);
      expect(lastItemHit(el).hit, 'every item in view').to.equal(true);
      // Scrolling moves the button up the viewport; the menu moves with it.
      window.scrollBy(0, 200);
      const beside = (): boolean => {
        const m = menu.getBoundingClientRect();
        const b = h.button.getBoundingClientRect();
        return Math.abs(m.bottom - b.top) <= 4 || Math.abs(m.top - b.bottom) <= 4;
      };
      await waitUntil(beside, 'the menu followed the button', { timeout: 2000 });
      await h.close();
      window.scrollTo(0, 0);
    });
  });

  describe('keyboard', () => {
    it('opens with ArrowDown on the checked item, moves with arrows, Home and End, closes with Escape', async () => {
      const c = await agentCentre();
      const { el, h } = await mount(c.client);
      const root = el.shadowRoot!;
      el.focus();
      expect(root.activeElement, 'delegatesFocus puts focus on the button').to.equal(h.button);

      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      expect(h.isOpen()).to.equal(true);
      const items = [...root.querySelectorAll<HTMLElement>('[role="menuitemradio"]')];
      const checked = items.findIndex((i) => i.getAttribute('aria-checked') === 'true');
      expect(root.activeElement).to.equal(items[checked]);

      await sendKeys({ press: 'ArrowDown' });
      expect(root.activeElement).to.equal(items[(checked + 1) % items.length]);
      await sendKeys({ press: 'End' });
      expect(root.activeElement).to.equal(items.at(-1));
      await sendKeys({ press: 'ArrowDown' });
      expect(root.activeElement, 'wraps to the first').to.equal(items[0]);
      await sendKeys({ press: 'ArrowUp' });
      expect(root.activeElement, 'wraps to the last').to.equal(items.at(-1));
      await sendKeys({ press: 'Home' });
      expect(root.activeElement).to.equal(items[0]);

      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(h.isOpen()).to.equal(false);
      expect(root.activeElement).to.equal(h.button);
    });

    it('chooses with Enter, and returns focus to the button', async () => {
      const c = await agentCentre();
      const { el, h, log } = await mount(c.client);
      const root = el.shadowRoot!;
      el.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      await settle();
      expect(h.isOpen(), 'Enter on the button opens the menu').to.equal(true);
      const focused = root.activeElement as HTMLElement;
      expect(focused.getAttribute('aria-checked')).to.equal('true');
      // Move to an entry that is not the current one.
      await sendKeys({ press: 'ArrowDown' });
      const target = root.activeElement as HTMLElement;
      const key = target.dataset['key']!;
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(h.isOpen()).to.equal(false);
      expect(root.activeElement).to.equal(h.button);
      expect(h.isPending()).to.equal(true);
      const request = log[0] as FwPresenceChangeRequestEvent;
      expect(request.reason === undefined ? request.state : `${request.state}:${request.reason.id}`).to.equal(key);
    });

    it('moves by type-ahead and closes on Tab', async () => {
      const c = await agentCentre();
      const { el, h } = await mount(c.client);
      const root = el.shadowRoot!;
      el.focus();
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      await sendKeys({ press: 'o' });
      expect((root.activeElement as HTMLElement).textContent?.trim().toLowerCase().startsWith('o')).to.equal(true);
      await sendKeys({ press: 'Tab' });
      await el.updateComplete;
      expect(h.isOpen()).to.equal(false);
    });
  });

  describe('live updates', () => {
    before(() => setTickPeriod(40));
    after(() => setTickPeriod(1000));

    it('ticks the time in status as simulated time passes', async () => {
      const c = await agentCentre();
      const { h } = await mount(c.client);
      const seconds = (text: string): number =>
        plain(text)
          .split(' ')[0]!
          .split(':')
          .map(Number)
          .reduce((total, part) => total * 60 + part, 0);
      const since = c.client.getAgent('agent-3')!.presence.since;
      const before = seconds(h.timeInState());
      c.clock.advance(65_000);
      await aTimeout(100);
      if (c.client.getAgent('agent-3')!.presence.since === since) {
        expect(seconds(h.timeInState()) - before).to.equal(65);
      } else {
        expect(seconds(h.timeInState()), 'a new status restarts the time').to.be.below(65);
      }
    });
  });

  describe('localisation', () => {
    it('speaks Spanish with lang="es", and formats through Intl', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'status-toggle': statusToggleEs } });
      const c = await agentCentre(60_000);
      const el = await fixture<FwStatusToggle>(html`<fw-status-toggle lang="es" .client=${c.client}></fw-status-toggle>`);
      const h = new FwStatusToggleHarness(el);
      expect(el.shadowRoot!.querySelector('[part="label"]')!.textContent).to.equal('Mi estado');
      expect(plain(h.timeInState())).to.match(/^\d+:\d{2}(:\d{2})? en este estado$/);
      const timer = new DurationFormat('es', { style: 'digital', hoursDisplay: 'auto' }).format(
        ((ms) => ({ hours: Math.floor(ms / 3_600_000), minutes: Math.floor(ms / 60_000) % 60, seconds: Math.floor(ms / 1000) % 60 }))(
          c.client.getTimeInState('agent-3'),
        ),
      );
      expect(plain(h.timeInState())).to.equal(`${timer} en este estado`);
      expect(h.routing()).to.equal(`Enrutamiento: ${commonEs.routing(c.client.getRoutingActivity('agent-3'))}`);
      const presence = c.client.getAgent('agent-3')!.presence;
      expect(h.currentLabel().startsWith(commonEs.presence(presence.state)), h.currentLabel()).to.equal(true);
      const target = await anotherStatus(h, c.client);
      await h.choose(target.state, target.reasonId);
      expect(h.message()).to.match(/^Cambiando a .+ esperando la confirmación de la plataforma\.$/);
      expect(h.button.textContent).to.contain('Pendiente');
      await expect(el).to.be.accessible();
    });
  });

  describe('theming', () => {
    it('takes --fw-status-toggle-* knobs from an ancestor', async () => {
      const c = await agentCentre();
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="--fw-status-toggle-background: rgb(1, 2, 3); --fw-status-toggle-radius: 7px">
          <fw-status-toggle .client=${c.client}></fw-status-toggle>
        </div>`,
      );
      const el = wrapper.querySelector('fw-status-toggle')!;
      await el.updateComplete;
      const style = getComputedStyle(new FwStatusToggleHarness(el).button);
      expect(style.backgroundColor).to.equal('rgb(1, 2, 3)');
      expect(style.borderStartStartRadius).to.equal('7px');
    });
  });
});
