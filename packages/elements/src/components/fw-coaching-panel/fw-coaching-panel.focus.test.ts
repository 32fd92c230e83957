// Keyboard focus on a control that a change made elsewhere removes (the call ends, a session ends
// in another tab or by its lease) before this page has sent any request, so the lazily loaded
// request module is not there to help. A file of its own: the module is loaded once per page, and
// these checks need a page where nothing has loaded it. msw's worker watches for it being asked for
// (and would fail it, as the lazy test does), so "not loaded" is observed on the wire.
import { expect } from '@open-wc/testing';
import { simulatorTestHooks } from '../../../../adapters/src/simulator/simulator.js';
import { advanceRendered, type Centre, createCentre, newestCall } from '../../../test/centre.js';
import { mountPanel } from '../../../test/coaching-rig.js';
import { failModule } from '../../../test/failing-module.js';
import { waitUntil } from '../../../test/wait.js';
import { FwCoachingPanelHarness } from './fw-coaching-panel.harness.js';
import { FwCoachingPanel } from './fw-coaching-panel.js';

FwCoachingPanel.define('fw-coaching-panel');

/** Whether the panel holds the page's focus, on the element `inside` its shadow root. */
const focusedOn = (el: FwCoachingPanel, inside: Element | null): boolean => document.activeElement === el && el.shadowRoot!.activeElement === inside;

describe('fw-coaching-panel: focus on a control removed from elsewhere, before any request', () => {
  const mod = failModule(/\/fw-coaching-panel\/requests\.(?:js|ts)(?:\?|$)/);
  let centre: Centre | undefined;

  // Every request for the module fails here, so it never loads on this page: each test starts
  // with it not loaded, and counts only what it asks for itself.
  beforeEach(() => mod.requested.splice(0));

  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it('the call ends while Listen has focus: the heading takes it, and the request module is not loaded', async () => {
    const c = await createCentre({ latencyMs: 150 });
    centre = c;
    const call = newestCall(c.client)!;
    const el = await mountPanel(c.client, call.agentId);
    const h = new FwCoachingPanelHarness(el);
    el.focus();
    expect(focusedOn(el, h.button('listen')), 'delegatesFocus puts focus on Listen').to.equal(true);

    simulatorTestHooks(c.adapter).injectRaw({ type: 'interaction', interaction: { ...call, state: 'ended', endedAt: c.clock.now() } });
    await advanceRendered(c, 0, el);
    expect(h.hasControls(), 'no call, no control').to.equal(false);
    const heading = el.shadowRoot!.querySelector<HTMLElement>('[part="heading"]')!;
    expect(focusedOn(el, heading), 'focus on the panel’s heading, not lost to the page').to.equal(true);
    expect(mod.requested, 'the request module was not asked for').to.deep.equal([]);
    // Held only while it has focus: the panel's own focus() goes to its first control once there is one.
    heading.blur();
    expect(heading.hasAttribute('tabindex')).to.equal(false);

    // The watch above sees the module when a click does ask for it.
    const other = newestCall(c.client, (i) => i.agentId !== call.agentId)!;
    const beside = await mountPanel(c.client, other.agentId);
    await new FwCoachingPanelHarness(beside).choose('listen');
    await waitUntil(() => mod.requested.length > 0, 'a click asks for the request module');
  });

  it('an out-of-view session’s Stop has focus when its lease ends it: the heading takes it, and the request module is not loaded', async () => {
    const c = await createCentre({ latencyMs: 150, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] } });
    centre = c;
    const call = newestCall(c.client)!;
    const agentId = call.agentId!;
    // No agent chosen yet, so no control, whatever the floor does meanwhile: the away line's Stop
    // is all this panel offers.
    const el = await mountPanel(c.client, undefined);
    const h = new FwCoachingPanelHarness(el);
    // Started in another tab, as far as this page's panels know: through the client, not a panel.
    await c.client.startMonitoring(agentId, call.id, 'listen');
    await advanceRendered(c, 400, el);
    await c.emit([{ type: 'agent', id: 'moved-out', at: c.clock.now(), source: c.adapter.id, agent: { ...c.client.getAgent(agentId)!, teamIds: ['team-2'] } }]);
    await el.updateComplete;
    expect(h.away().length).to.equal(1);
    const stop = el.shadowRoot!.querySelector<HTMLButtonElement>('button[part="away-stop"]')!;
    stop.focus();
    expect(focusedOn(el, stop)).to.equal(true);

    // A listen on someone no longer theirs is not renewed: the platform ends it within the lease.
    for (let i = 0; i < 20 && h.away().length > 0; i++) await advanceRendered(c, 5_000, el);
    expect(h.away(), 'the session ended by itself').to.deep.equal([]);
    expect(focusedOn(el, el.shadowRoot!.querySelector('[part="heading"]')), 'focus on the panel’s heading, not lost to the page').to.equal(true);
    expect(mod.requested, 'the request module was not asked for').to.deep.equal([]);
  });

  it('the panel’s Stop has focus when its agent leaves the teams: the away line’s Stop that takes its place takes focus, and the request module is not loaded', async () => {
    const c = await createCentre({ latencyMs: 150, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] } });
    centre = c;
    const call = newestCall(c.client)!;
    const agentId = call.agentId!;
    const el = await mountPanel(c.client, agentId);
    await c.client.startMonitoring(agentId, call.id, 'barge');
    await advanceRendered(c, 400, el);
    const stop = el.shadowRoot!.querySelector<HTMLButtonElement>('button[part="stop"]')!;
    stop.focus();
    expect(focusedOn(el, stop)).to.equal(true);

    await c.emit([{ type: 'agent', id: 'moved-out', at: c.clock.now(), source: c.adapter.id, agent: { ...c.client.getAgent(agentId)!, teamIds: ['team-2'] } }]);
    await el.updateComplete;
    const h = new FwCoachingPanelHarness(el);
    expect([h.hasControls(), h.away().length]).to.deep.equal([false, 1]);
    expect(focusedOn(el, el.shadowRoot!.querySelector('button[part="away-stop"]')), 'focus on the Stop of the same session, now listed as out of view').to.equal(true);
    expect(mod.requested, 'the request module was not asked for').to.deep.equal([]);
  });
});
