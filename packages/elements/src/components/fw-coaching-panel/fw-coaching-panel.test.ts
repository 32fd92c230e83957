import { ErrorCode, isFloorwalkError, type Floorwalk } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import { coachingScene, mountPanel, type CoachingScene } from '../../../test/coaching-rig.js';
import { advanceRendered, type Centre, createCentre, liveText as live, newestCall, settle } from '../../../test/centre.js';
import type { FwMonitoringChangedEvent } from '../../events/fw-monitoring-changed.js';
import type { FwMonitoringFailedEvent } from '../../events/fw-monitoring-failed.js';
import type { FwMonitoringRequestEvent } from '../../events/fw-monitoring-request.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { registerTranslation } from '../../internal/localize.js';
import { FwProvider } from '../fw-provider/fw-provider.js';
import { coachingPanelEs } from './fw-coaching-panel.es.js';
import { FwCoachingPanelHarness } from './fw-coaching-panel.harness.js';
import { FwCoachingPanel } from './fw-coaching-panel.js';
import { plain } from '../../../test/isolates.js';

FwCoachingPanel.define('fw-coaching-panel');
FwProvider.define('fw-provider');

const EVENTS = ['fw-monitoring-request', 'fw-monitoring-changed', 'fw-monitoring-failed'] as const;

let centre: Centre | undefined;

/** A supervisor's centre and an agent on a freshly connected interaction, with the agent's own client. */
function scene(latencyMs = 150): Promise<CoachingScene> {
  return coachingScene((c) => (centre = c), latencyMs);
}

async function mount(client: Floorwalk | undefined, agentId: string | undefined, attrs = ''): Promise<{ el: FwCoachingPanel; h: FwCoachingPanelHarness; log: Event[] }> {
  const el = await mountPanel(client, agentId, attrs === '' ? undefined : Number(attrs));
  const log: Event[] = [];
  for (const name of EVENTS) el.addEventListener(name, (e) => log.push(e));
  return { el, h: new FwCoachingPanelHarness(el), log };
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

async function advance(c: Centre, el: FwCoachingPanel, ms: number): Promise<void> {
  await c.advance(ms);
  await el.updateComplete;
}

describe('fw-coaching-panel', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  describe('accessibility', () => {
    it('is accessible idle, pending, monitoring, failed, and without controls', async () => {
      const { c, agentId, agent } = await scene(2000);
      const { el, h } = await mount(c.client, agentId);
      await expect(el).to.be.accessible();
      await h.choose('listen');
      expect(h.isPending()).to.equal(true);
      // The mark's own rule (its knob) comes with the request module: it applies once a request is pending.
      el.style.setProperty('--fw-coaching-panel-pending-color', 'rgb(1, 2, 3)');
      const mark = getComputedStyle(el.shadowRoot!.querySelector('[part="pending"]')!);
      expect([mark.color, mark.fontVariantCaps]).to.deep.equal(['rgb(1, 2, 3)', 'all-small-caps']);
      el.style.removeProperty('--fw-coaching-panel-pending-color');
      await expect(el).to.be.accessible();
      await advance(c, el, 2100);
      expect(h.isMonitoring()).to.equal(true);
      await expect(el).to.be.accessible();

      const { el: slow, h: hs } = await mount(c.client, agentId, '200');
      await hs.choose('barge');
      await waitUntil(() => hs.isFailed(), 'no confirmation within 200 ms');
      await expect(slow).to.be.accessible();

      const { el: asAgent } = await mount(agent, agentId);
      expect(asAgent.matches(':state(unavailable)')).to.equal(true);
      await expect(asAgent).to.be.accessible();
      const { el: lone } = await mount(undefined, undefined);
      await expect(lone).to.be.accessible();
    });

    it('groups the modes under a visible label, describes each by its explanation, and marks the one in use as pressed', async () => {
      const { c, agentId } = await scene();
      const { el, h } = await mount(c.client, agentId);
      const root = el.shadowRoot!;
      const group = root.querySelector('[part="controls"]')!;
      expect(group.getAttribute('role')).to.equal('group');
      expect(root.getElementById(group.getAttribute('aria-labelledby')!)!.textContent).to.equal('Monitoring mode');
      const listen = h.button('listen')!;
      expect(root.getElementById(listen.getAttribute('aria-describedby')!)!.textContent).to.equal('Hear the agent and the customer silently.');
      expect(h.modes().map((m) => m.pressed)).to.deep.equal([false, false, false]);
      await h.choose('whisper');
      await advance(c, el, 200);
      expect(h.modes().map((m) => m.pressed)).to.deep.equal([false, true, false]);
    });
  });

  describe('defaults', () => {
    it('acts on the agent’s live interaction and offers every mode, saying the agent is told', async () => {
      const { c, agentId, interactionId } = await scene();
      const { el, h } = await mount(c.client, agentId);
      expect([el.confirmTimeout, el.headingLevel, el.interactionId]).to.deep.equal([10000, 3, undefined]);
      expect(plain(el.shadowRoot!.querySelector('[part="heading"]')!.textContent!).trim()).to.equal(`Coaching: ${c.client.getAgent(agentId)!.name}`);
      expect(h.interaction()!.id).to.equal(interactionId);
      expect(plain(h.interaction()!.label)).to.match(/^\w+, Connected, \d+:\d{2}$/);
      expect(h.modes().map((m) => m.offered)).to.deep.equal([true, true, true]);
      expect(h.current()).to.equal('You are not monitoring this interaction.');
      expect(h.stopButton).to.equal(null);
      expect(el.shadowRoot!.querySelector('[part="transparency"]')!.textContent).to.equal('The agent is told when you start, switch mode or stop.');
    });

    it('takes its client from an fw-provider', async () => {
      const { c, agentId } = await scene();
      const wrapper = await fixture<FwProvider>(html`<fw-provider .client=${c.client}><fw-coaching-panel agent-id=${agentId}></fw-coaching-panel></fw-provider>`);
      const el = wrapper.querySelector('fw-coaching-panel')!;
      await el.updateComplete;
      expect(new FwCoachingPanelHarness(el).hasControls()).to.equal(true);
    });

    it('says why there are no controls: no client, no agent, an agent out of view, no live interaction', async () => {
      const { h: lone } = await mount(undefined, undefined);
      expect(lone.hasControls()).to.equal(false);
      expect(lone.message()).to.equal('Not connected to Floorwalk.');
      const { c } = await scene();
      expect((await mount(c.client, undefined)).h.message()).to.equal('Choose an agent to coach.');
      expect(plain((await mount(c.client, 'agent-999')).h.message())).to.equal('Agent agent-999 is not in your view: outside your teams, or not loaded yet.');
      const idle = c.client.getAgents().find((a) => c.client.getInteractions({ agentId: a.id }).every((i) => i.state !== 'connected' && i.state !== 'held'));
      expect(idle, 'someone has no live interaction').to.not.equal(undefined);
      const { h } = await mount(c.client, idle!.id);
      expect(h.hasControls()).to.equal(false);
      expect(plain(h.message())).to.equal(`${idle!.name} has no connected interaction to monitor.`);
    });
  });

  describe('start, switch, stop', () => {
    it('asks, shows pending, then confirms when the platform reports it; the agent’s own client is told each time', async () => {
      const { c, agentId, interactionId, notices } = await scene(1000);
      const sent = countSent(c);
      const { el, h, log } = await mount(c.client, agentId);

      await h.choose('listen');
      expect(log.map((e) => e.type)).to.deep.equal(['fw-monitoring-request']);
      const request = log[0] as FwMonitoringRequestEvent;
      expect([request.action, request.agentId, request.interactionId, request.mode, request.sessionId, request.cancelable, request.composed]).to.deep.equal([
        'start',
        agentId,
        interactionId,
        'listen',
        undefined,
        true,
        true,
      ]);
      expect(h.isPending()).to.equal(true);
      expect(plain(h.message())).to.equal('Starting Listen… waiting for the platform to confirm.');
      expect(h.button('listen')!.getAttribute('aria-disabled')).to.equal('true');
      await settle();
      expect(sent.count).to.equal(1);
      await advance(c, el, 500);
      expect(h.isPending(), 'not before the platform reports it').to.equal(true);
      await advance(c, el, 600);
      expect(h.isPending()).to.equal(false);
      expect(h.isMonitoring()).to.equal(true);
      expect(h.current()).to.equal('You are listening.');
      expect(h.stopButton).to.not.equal(null);
      const changed = log[1] as FwMonitoringChangedEvent;
      expect([changed.type, changed.action, changed.mode]).to.deep.equal(['fw-monitoring-changed', 'start', 'listen']);
      expect(notices.map((n) => ('session' in n ? [n.kind, n.session.mode, n.session.supervisorId] : [n.kind]))).to.deep.equal([['started', 'listen', 'sup-1']]);
      await waitUntil(() => live(el, 'polite') === `Monitoring ${c.client.getAgent(agentId)!.name} in Listen mode.`);

      await h.choose('whisper');
      expect((log[2] as FwMonitoringRequestEvent).action).to.equal('change');
      expect((log[2] as FwMonitoringRequestEvent).sessionId).to.equal(changed.sessionId);
      await advance(c, el, 1100);
      expect(h.current()).to.equal('You are whispering to the agent.');
      expect(notices.at(-1)!.kind).to.equal('mode-changed');

      await h.stop();
      expect((log[4] as FwMonitoringRequestEvent).action).to.equal('stop');
      expect(h.isPending()).to.equal(true);
      await advance(c, el, 1100);
      expect(h.isMonitoring()).to.equal(false);
      expect(h.stopButton).to.equal(null);
      expect(notices.map((n) => n.kind)).to.deep.equal(['started', 'mode-changed', 'ended']);
      expect(log.map((e) => e.type).filter((t) => t === 'fw-monitoring-changed')).to.have.length(3);
      expect(sent.count).to.equal(3);
    });

    it('sends one request for two quick clicks, the second made while the first is on its way', async () => {
      const { c, agentId } = await scene(1000);
      const sent = countSent(c);
      const { el, h, log } = await mount(c.client, agentId);
      h.button('listen')!.click();
      h.button('listen')!.click();
      await el.updateComplete;
      await settle();
      expect([sent.count, log.length, h.isPending()]).to.deep.equal([1, 1, true]);
    });

    it('sends nothing when the request is vetoed, or for the mode already in use', async () => {
      const { c, agentId } = await scene();
      const sent = countSent(c);
      const { el, h, log } = await mount(c.client, agentId);
      const veto = (e: Event): void => e.preventDefault();
      el.addEventListener('fw-monitoring-request', veto);
      await h.choose('barge');
      await settle();
      expect([sent.count, h.isPending(), log.length]).to.deep.equal([0, false, 1]);
      el.removeEventListener('fw-monitoring-request', veto);
      await h.choose('listen');
      await advance(c, el, 200);
      await h.choose('listen');
      await settle();
      expect(sent.count, 'only the start was sent').to.equal(1);
    });

    it('shows another supervisor on the same interaction', async () => {
      const { c, agentId, interactionId } = await scene();
      // A floor lead over every team, whom the simulator lists as no team's supervisor (its word is its client's).
      const other = await c.seat({ userId: 'lead-2', role: 'supervisor', teamIds: 'all' });
      const { el } = await mount(c.client, agentId);
      await other.startMonitoring(agentId, interactionId, 'listen');
      await advance(c, el, 200);
      expect(plain(el.shadowRoot!.querySelector('[part="others"]')!.textContent!)).to.equal('Also monitoring: lead-2 (Listen)');
    });

    it('names a supervisor the platform did not name "a supervisor", in Spanish too, never by the stand-in id nor through displayName', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'coaching-panel': coachingPanelEs } });
      const { c, agentId, interactionId } = await scene();
      const { el } = await mount(c.client, agentId);
      el.displayName = (id) => `Name of ${id}`;
      const at = c.clock.now();
      // As an Amazon Connect agent's CCP shows a barge without an ARN, and a backplane carries it.
      const session = { id: 'mon:unnamed', mode: 'barge', supervisorId: 'unknown', supervisorKnown: false, agentId, interactionId, startedAt: at } as const;
      await c.emit([{ type: 'monitoring', id: 'unnamed-start', at, source: 'test', session }]);
      await el.updateComplete;
      const others = (): string => plain(el.shadowRoot!.querySelector('[part="others"]')!.textContent!);
      expect(others()).to.equal('Also monitoring: a supervisor (Barge)');
      el.lang = 'es';
      await el.updateComplete;
      expect(others()).to.equal('También supervisan: un supervisor (Intervenir)');
    });
  });

  describe('agents who leave the supervisor’s teams', () => {
    it('lists its own session on an agent who moved out, on every panel, with a Stop that ends it', async () => {
      const c = await createCentre({ latencyMs: 150, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] } });
      centre = c;
      const interaction = newestCall(c.client);
      expect(interaction, 'someone in team-1 is on a call').to.not.equal(undefined);
      const agentId = interaction!.agentId!;
      const other = c.client.getAgents().find((a) => a.id !== agentId)!.id;
      const { el, h } = await mount(c.client, agentId);
      const { el: beside, h: besideH, log } = await mount(c.client, other);
      await h.choose('listen');
      await advanceRendered(c, 400, el, beside);
      expect(h.isMonitoring()).to.equal(true);
      expect(besideH.away(), 'in view: its own panel has the Stop').to.deep.equal([]);

      // Lent to team-2: the platform reports the move; the supervisor's store no longer holds them.
      const moved = { ...c.client.getAgent(agentId)!, teamIds: ['team-2'] };
      await c.emit([{ type: 'agent', id: 'moved-out', at: c.clock.now(), source: c.adapter.id, agent: moved }]);
      await el.updateComplete;
      await beside.updateComplete;
      expect(c.client.getAgent(agentId)).to.equal(undefined);
      const said = `You are still monitoring ${agentId} (Listen), who is no longer in your view. It ends by itself shortly.`;
      expect(h.away(), 'the panel left on them').to.deep.equal([said]);
      expect(besideH.away(), 'and a panel on someone else').to.deep.equal([said]);
      await expect(el).to.be.accessible();

      await besideH.stopAway();
      const asked = log[0] as FwMonitoringRequestEvent;
      expect([asked.action, asked.agentId, asked.mode, besideH.isPending()]).to.deep.equal(['stop', agentId, 'listen', true]);
      await advanceRendered(c, 400, el, beside);
      expect(c.client.getMonitoringSessions({ supervisorId: 'sup-1', active: true })).to.deep.equal([]);
      expect([h.away(), besideH.away(), besideH.isPending()]).to.deep.equal([[], [], false]);
      await waitUntil(() => live(beside, 'polite') === `Stopped monitoring ${agentId}.`);
    });

    it('a Stop of a session out of view, pressed from the keyboard on a panel with no control, leaves focus on the panel', async () => {
      const c = await createCentre({ latencyMs: 150, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] } });
      centre = c;
      const agentId = newestCall(c.client)!.agentId!;
      const busy = new Set(c.client.getInteractions().map((i) => i.agentId));
      // No call, so no control: the away line's Stop is all this panel offers.
      const idle = c.client.getAgents().find((a) => a.id !== agentId && !busy.has(a.id))!.id;
      const { el, h } = await mount(c.client, agentId);
      const { el: beside, h: besideH } = await mount(c.client, idle);
      await h.choose('listen');
      await advanceRendered(c, 400, el, beside);
      await c.emit([{ type: 'agent', id: 'moved-out', at: c.clock.now(), source: c.adapter.id, agent: { ...c.client.getAgent(agentId)!, teamIds: ['team-2'] } }]);
      await beside.updateComplete;
      expect(besideH.away().length).to.equal(1);
      expect(beside.shadowRoot!.querySelectorAll('button:not([part="away-stop"])').length, 'no other control').to.equal(0);
      beside.shadowRoot!.querySelector<HTMLButtonElement>('button[part="away-stop"]')!.focus();
      await sendKeys({ press: 'Enter' });
      await advanceRendered(c, 400, el, beside);
      expect(besideH.away(), 'the Stop went').to.deep.equal([]);
      const heading = beside.shadowRoot!.querySelector('[part="heading"]');
      expect(document.activeElement === beside && beside.shadowRoot!.activeElement === heading, 'focus on the panel’s heading, not lost to the page').to.equal(true);
      // Held only while it has focus: the panel's own focus() still goes to its first control.
      (heading as HTMLElement).blur();
      expect(heading!.hasAttribute('tabindex')).to.equal(false);
    });

    it('says a barge out of view goes on until stopped or the call ends', async () => {
      const c = await createCentre({ latencyMs: 150, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] } });
      centre = c;
      const interaction = newestCall(c.client)!;
      const agentId = interaction.agentId!;
      const { el, h } = await mount(c.client, agentId);
      await h.choose('barge');
      await advanceRendered(c, 400, el);
      await c.emit([{ type: 'agent', id: 'moved-out', at: c.clock.now(), source: c.adapter.id, agent: { ...c.client.getAgent(agentId)!, teamIds: ['team-2'] } }]);
      await el.updateComplete;
      expect(h.away()).to.deep.equal([`You are still monitoring ${agentId} (Barge), who is no longer in your view. It goes on until you stop it or the call ends.`]);
    });
  });

  describe('sessions that outlive their call', () => {
    it('lists its own session the platform did not take off when the call ended (outlivesCall) on every panel, announced once, in English and Spanish, with a Stop that ends it', async () => {
      const c = await createCentre({ latencyMs: 150, session: { userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] } });
      centre = c;
      const call = newestCall(c.client)!;
      const agentId = call.agentId!;
      const other = c.client.getAgents().find((a) => a.id !== agentId)!.id;
      const { el, h } = await mount(c.client, agentId);
      const { el: beside, h: besideH, log } = await mount(c.client, other);
      await h.choose('listen');
      await advanceRendered(c, 400, el, beside);
      expect([h.away(), besideH.away()], 'on a live call: its own panel has the Stop').to.deep.equal([[], []]);

      // Twilio refused to take the leg off at wrap-up (a 403): the session is reported running again, over its call's end.
      const session = c.client.getMonitoringSessions({ supervisorId: 'sup-1', active: true })[0]!;
      const at = c.clock.now() + 1;
      await c.emit([
        { type: 'interaction', id: 'to-wrap-up', at, source: c.adapter.id, interaction: { ...c.client.getInteraction(call.id)!, state: 'wrap-up', wrapUpAt: at } },
        { type: 'monitoring', id: 'kept', at, source: c.adapter.id, session: { ...session, outlivesCall: true } },
      ]);
      await el.updateComplete;
      await beside.updateComplete;
      expect(c.client.getAgent(agentId), 'the agent is still in view').to.not.equal(undefined);
      expect(h.stopButton, 'no live call, so no Stop among the controls').to.equal(null);
      const name = c.client.getAgent(agentId)!.name;
      const said = `You are still monitoring ${name} (Listen), whose call ended: the platform did not take you off. It goes on until you stop it.`;
      expect(h.away().map(plain), 'the panel on that agent').to.deep.equal([said]);
      expect(besideH.away().map(plain), 'and a panel on someone else').to.deep.equal([said]);
      // Announced politely, once on the page however many panels list it.
      await waitUntil(() => [live(el, 'polite'), live(beside, 'polite')].some((t) => t.includes(said)), 'announced');
      expect([live(el, 'polite'), live(beside, 'polite')].filter((t) => t.includes(said)).length).to.equal(1);
      expect([live(el, 'assertive'), live(beside, 'assertive')]).to.deep.equal(['', '']);
      await expect(el).to.be.accessible();

      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'coaching-panel': coachingPanelEs } });
      el.lang = 'es';
      await el.updateComplete;
      expect(h.away().map(plain)).to.deep.equal([`Sigue supervisando a ${name} (Escuchar), cuya llamada terminó: la plataforma no le retiró. Continúa hasta que la termine.`]);
      el.lang = 'en';
      await el.updateComplete;

      await besideH.stopAway();
      const asked = log[0] as FwMonitoringRequestEvent;
      expect([asked.action, asked.agentId, asked.mode, asked.sessionId, besideH.isPending()]).to.deep.equal(['stop', agentId, 'listen', session.id, true]);
      await advanceRendered(c, 400, el, beside);
      expect(c.client.getMonitoringSessions({ supervisorId: 'sup-1', active: true })).to.deep.equal([]);
      expect([h.away(), besideH.away(), besideH.isPending()]).to.deep.equal([[], [], false]);
      await waitUntil(() => live(beside, 'polite') === `Stopped monitoring ${name}.`);
    });
  });

  describe('screen monitoring', () => {
    it('lists a screen view the platform reports, its own too, with the others, and offers a start beside it, never a switch or a stop of it', async () => {
      const { c, agentId, interactionId } = await scene();
      const { el, h } = await mount(c.client, agentId);
      const at = c.clock.now();
      // Genesys' conversation-level screen monitoring, started by this supervisor in Genesys' own tools.
      const session = { id: `${interactionId}:leg-screen`, mode: 'screen', supervisorId: 'sup-1', agentId, interactionId, startedAt: at } as const;
      await c.emit([{ type: 'monitoring', id: 'screen-start', at, source: 'test', session }]);
      await el.updateComplete;
      expect(plain(el.shadowRoot!.querySelector('[part="others"]')!.textContent!)).to.equal('Also monitoring: sup-1 (Screen)');
      expect(h.current()).to.equal('You are not monitoring this interaction.');
      expect(h.isMonitoring()).to.equal(false);
      expect(h.stopButton).to.equal(null);
      expect(h.modes().map((m) => [m.mode, m.offered, m.pressed])).to.deep.equal([
        ['listen', true, false],
        ['whisper', true, false],
        ['barge', true, false],
      ]);
      await h.choose('listen');
      await advance(c, el, 200);
      expect(h.isMonitoring()).to.equal(true);
      expect(c.client.getMonitoringSessions({ agentId, active: true }).map((s) => s.mode).sort()).to.deep.equal(['listen', 'screen']);
    });
  });

  describe('failures', () => {
    it('a request on an interaction that just ended is rejected by the core, and the panel says so', async () => {
      const { c, agentId, interactionId } = await scene();
      const { el, h, log } = await mount(c.client, agentId);
      expect(h.interaction()!.id).to.equal(interactionId);
      // The floor moves on (the store learns the interaction ended) before the panel re-renders.
      for (let i = 0; i < 200 && ['connected', 'held'].includes(c.client.getInteraction(interactionId)?.state ?? ''); i++) c.clock.advance(5000);
      expect(['connected', 'held']).to.not.include(c.client.getInteraction(interactionId)?.state);
      expect(h.interaction()!.id, 'the panel still shows it').to.equal(interactionId);
      await h.choose('listen');
      await waitUntil(() => h.isFailed(), 'rejected');
      const failed = log.at(-1) as FwMonitoringFailedEvent;
      expect(failed.type).to.equal('fw-monitoring-failed');
      expect([ErrorCode.UnknownInteraction, ErrorCode.Conflict]).to.include(failed.error.code);
      expect(plain(h.message())).to.contain('Could not complete: Starting Listen. The interaction has ended.');
      await waitUntil(() => live(el, 'assertive').startsWith('Could not complete: Starting Listen. The interaction has ended.'), `announced assertively: ${el.shadowRoot!.querySelector('[aria-live]')?.outerHTML}`);
      expect(c.client.getMonitoringSessions({ agentId, active: true })).to.have.length(0);
    });

    it('a start the platform accepted fails when the interaction ends before the session begins', async () => {
      const { c, agentId, interactionId } = await scene(600_000);
      const { el, h, log } = await mount(c.client, agentId, '60000');
      await h.choose('listen');
      await settle();
      expect(h.isPending(), 'accepted, waiting').to.equal(true);
      for (let i = 0; i < 120 && h.isPending(); i++) await c.advance(5000);
      expect(c.client.getInteraction(interactionId)?.state).to.not.equal('connected');
      expect(h.isFailed()).to.equal(true);
      expect((log.at(-1) as FwMonitoringFailedEvent).error.details?.['interactionEnded']).to.equal(true);
      expect(h.message()).to.contain('The interaction has ended.');
    });

    it('fails when no confirmation arrives within confirm-timeout', async () => {
      const { c, agentId } = await scene(60_000);
      const { h } = await mount(c.client, agentId, '300');
      await h.choose('whisper');
      await waitUntil(() => h.isFailed(), 'timed out');
      expect(plain(h.message())).to.equal('Could not complete: Starting Whisper. The platform did not confirm in time.');
    });
  });

  describe('capabilities and permissions', () => {
    it('an agent’s own session sees no controls, and the core rejects the command anyway', async () => {
      const { agentId, interactionId, agent } = await scene();
      expect(agent.getInteraction(interactionId), 'the agent sees their own interaction').to.not.equal(undefined);
      const { h } = await mount(agent, agentId);
      expect(h.hasControls()).to.equal(false);
      expect(h.modes().every((m) => !m.offered)).to.equal(true);
      expect(h.message()).to.equal('Your role cannot monitor this agent.');
      const error = await agent.startMonitoring(agentId, interactionId, 'listen').then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(isFloorwalkError(error) && error.code).to.equal(ErrorCode.Forbidden);
    });

    it('offers a QA session only the modes its role allows, and says why for the rest', async () => {
      const { c, agentId } = await scene();
      const qa = await c.seat({ userId: 'qa-1', role: 'qa', teamIds: 'all' });
      const { el, h } = await mount(qa, agentId);
      expect(h.modes().map((m) => [m.mode, m.offered, plain(m.reason)])).to.deep.equal([
        ['listen', true, ''],
        ['whisper', false, 'Whisper is not allowed for your role here.'],
        ['barge', false, 'Barge is not allowed for your role here.'],
      ]);
      await expect(el).to.be.accessible();
    });

    it('offers only the modes the platform has', async () => {
      centre = await createCentre({ capabilities: { monitoringModes: ['listen', 'barge'] } });
      const client = centre.client;
      const busy = client.getInteractions({ state: 'connected' }).find((i) => i.agentId !== undefined)!;
      const { el, h } = await mount(client, busy.agentId);
      expect(h.modes().map((m) => [m.mode, m.offered, plain(m.reason)])).to.deep.equal([
        ['listen', true, ''],
        ['whisper', false, 'Whisper is not offered by this platform.'],
        ['barge', true, ''],
      ]);
      expect(client.can({ type: 'start-monitoring', agentId: busy.agentId!, interactionId: busy.id, mode: 'whisper' })).to.equal(false);
      await expect(el).to.be.accessible();
    });

    it('offers no mode where the agent would not be told (a platform that shows agents no session, no backplane)', async () => {
      centre = await createCentre({ agentSeesMonitoring: false });
      const client = centre.client;
      const busy = client.getInteractions({ state: 'connected' }).find((i) => i.agentId !== undefined)!;
      const { h } = await mount(client, busy.agentId);
      expect(h.modes().map((m) => m.offered)).to.deep.equal([false, false, false]);
      // The platform has monitoring: what stops it is that the agent would not hear of it.
      expect(plain(h.message())).to.equal('Monitoring is off: the agent would not be told.');
    });

    it('says the platform has no monitoring where it has no mode', async () => {
      const commands = ['set-presence', 'raise-hand', 'acknowledge-help', 'resolve-help', 'send-message', 'mark-read', 'mark-delivered'] as const;
      centre = await createCentre({ capabilities: { monitoringModes: [], commands } });
      const client = centre.client;
      const busy = client.getInteractions({ state: 'connected' }).find((i) => i.agentId !== undefined)!;
      const { h } = await mount(client, busy.agentId);
      expect(plain(h.message())).to.equal('This platform does not support monitoring.');
    });
  });

  describe('keyboard', () => {
    it('focuses the first control, starts with Enter and switches with Space', async () => {
      const { c, agentId } = await scene();
      const { el, h } = await mount(c.client, agentId);
      el.focus();
      expect(el.shadowRoot!.activeElement === h.button('listen'), 'delegatesFocus puts focus on the first control').to.equal(true);
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(h.isPending()).to.equal(true);
      await advance(c, el, 200);
      expect(h.modes()[0]!.pressed).to.equal(true);
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement === h.button('whisper')).to.equal(true);
      await sendKeys({ press: 'Space' });
      await advance(c, el, 200);
      expect(h.modes().map((m) => m.pressed)).to.deep.equal([false, true, false]);
      expect(el.shadowRoot!.activeElement === h.button('whisper'), 'focus stays on the control').to.equal(true);
    });

    it('a Stop pressed from the keyboard goes with its session, and focus stays in the panel', async () => {
      const { c, agentId } = await scene();
      const { el, h } = await mount(c.client, agentId);
      await h.choose('listen');
      await advance(c, el, 200);
      const stop = el.shadowRoot!.querySelector<HTMLButtonElement>('button[part="stop"]')!;
      stop.focus();
      await sendKeys({ press: 'Enter' });
      await advance(c, el, 400);
      expect(el.shadowRoot!.querySelector('button[part="stop"]'), 'the Stop went').to.equal(null);
      expect(document.activeElement === el && el.shadowRoot!.activeElement === h.button('listen'), 'focus on the first control, not lost to the page').to.equal(true);
    });
  });

  describe('localisation', () => {
    it('speaks Spanish with lang="es"', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'coaching-panel': coachingPanelEs } });
      const { c, agentId } = await scene();
      const el = await fixture<FwCoachingPanel>(html`<fw-coaching-panel lang="es" .client=${c.client} agent-id=${agentId}></fw-coaching-panel>`);
      const h = new FwCoachingPanelHarness(el);
      expect(h.button('whisper')!.textContent!.trim()).to.equal('Susurrar');
      expect(h.current()).to.equal('No está supervisando esta interacción.');
      expect(plain(h.interaction()!.label)).to.match(/, Conectada, /);
      await h.choose('listen');
      expect(plain(h.message())).to.equal('Iniciando Escuchar… esperando la confirmación de la plataforma.');
      await expect(el).to.be.accessible();
    });

    it('says the confirmation and the failure, which load with the request code on the first click, in Spanish too', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'coaching-panel': coachingPanelEs } });
      const { c, agentId } = await scene(100);
      const el = await fixture<FwCoachingPanel>(html`<fw-coaching-panel lang="es" .client=${c.client} agent-id=${agentId}></fw-coaching-panel>`);
      const h = new FwCoachingPanelHarness(el);
      await h.choose('listen');
      await advance(c, el, 200);
      await waitUntil(() => live(el, 'polite') === `Supervisando a ${c.client.getAgent(agentId)!.name} en modo Escuchar.`, 'the confirmation in Spanish');
      const slow = await fixture<FwCoachingPanel>(html`<fw-coaching-panel lang="es" .client=${c.client} agent-id=${agentId} confirm-timeout="200"></fw-coaching-panel>`);
      const hs = new FwCoachingPanelHarness(slow);
      await hs.choose('barge');
      await waitUntil(() => hs.isFailed(), 'timed out');
      expect(plain(hs.message())).to.equal('No se pudo completar: Cambiando a Intervenir. La plataforma no confirmó a tiempo.');
    });
  });

  describe('theming', () => {
    it('takes --fw-coaching-panel-* knobs from an ancestor', async () => {
      const { c, agentId } = await scene();
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="--fw-coaching-panel-active-color: rgb(1, 2, 3); --fw-coaching-panel-radius: 7px">
          <fw-coaching-panel .client=${c.client} agent-id=${agentId}></fw-coaching-panel>
        </div>`,
      );
      const el = wrapper.querySelector('fw-coaching-panel')!;
      const h = new FwCoachingPanelHarness(el);
      await h.choose('listen');
      await advance(c, el, 200);
      const style = getComputedStyle(h.button('listen')!);
      expect(style.borderTopColor).to.equal('rgb(1, 2, 3)');
      expect(style.borderStartStartRadius).to.equal('7px');
    });
  });
});
