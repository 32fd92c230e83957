import { createActivityDetector, type Floorwalk, type PresenceState } from '@floorwalk/core';
import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { busyAgent, mountAgentCard } from '../../../test/agent-card-rig.js';
import { createCentre, settle, type Centre } from '../../../test/centre.js';
import { setTickPeriod } from '../../internal/controllers/tick-controller.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { registerTranslation } from '../../internal/localize.js';
import { agentCardEs } from './fw-agent-card.es.js';
import { FwAgentCard } from './fw-agent-card.js';
import { plain } from '../../../test/isolates.js';

FwAgentCard.define('fw-agent-card');

let centre: Centre | undefined;

const text = (el: Element | null | undefined): string => plain(el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const part = (el: FwAgentCard, name: string): Element | null => el.shadowRoot!.querySelector(`[part~="${name}"]`);
const seconds = (timer: string): number => timer.split(':').map(Number).reduce((total, n) => total * 60 + n, 0);

const mount = mountAgentCard;

describe('fw-agent-card', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  describe('accessibility', () => {
    it('is accessible empty, unknown, and showing an agent with interactions and flags', async () => {
      centre = await createCentre();
      const empty = await mount(centre.client, undefined);
      await expect(empty).to.be.accessible();
      const unknown = await mount(centre.client, 'agent-999');
      await expect(unknown).to.be.accessible();

      const { agentId, interactionId } = busyAgent(centre.client);
      await centre.client.startMonitoring(agentId, interactionId, 'listen');
      await centre.advance(300);
      const el = await mount(centre.client, agentId);
      expect(el.matches(':state(monitored)')).to.equal(true);
      await expect(el).to.be.accessible();
      // Named by the agent's name, sections by their headings.
      expect(part(el, 'base')!.getAttribute('aria-labelledby')).to.equal('name');
      expect(text(part(el, 'name'))).to.equal(centre.client.getAgent(agentId)!.name);
    });
  });

  describe('defaults', () => {
    it('shows name, presence, time in status, routing and current interactions', async () => {
      centre = await createCentre();
      const { agentId } = busyAgent(centre.client);
      const el = await mount(centre.client, agentId);
      expect(el.recentLimit).to.equal(5);
      expect(el.headingLevel).to.equal(3);
      const agent = centre.client.getAgent(agentId)!;
      expect(text(part(el, 'presence')).toLowerCase()).to.contain(agent.presence.state);
      expect(text(part(el, 'time'))).to.match(/^\d+:\d{2}(:\d{2})? in this status$/);
      expect(text(part(el, 'routing'))).to.equal('Routing: On interaction');
      const live = centre.client.getInteractions({ agentId });
      const items = el.shadowRoot!.querySelectorAll('[data-list="current"] [part="interaction"]');
      expect(items.length).to.equal(live.length);
      expect(text(items[0])).to.contain('Talk');
      expect(el.matches(':state(empty)')).to.equal(false);
    });

    it('explains the empty state: no agent-id, no client, or an agent outside the session’s teams', async () => {
      const lone = await mount(undefined, 'agent-1');
      expect(text(part(lone, 'empty'))).to.equal('Not connected to Floorwalk.');
      centre = await createCentre({ session: { userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] } });
      const el = await mount(centre.client, undefined);
      expect(el.matches(':state(empty)')).to.equal(true);
      expect(text(part(el, 'empty'))).to.equal('No agent selected.');
      // agent-24 is in team-2, outside this supervisor's scope: the store never holds them.
      expect(centre.client.getAgent('agent-24')).to.equal(undefined);
      el.agentId = 'agent-24';
      await el.updateComplete;
      expect(text(part(el, 'empty'))).to.contain('Agent agent-24 is not in your view');
    });
  });

  describe('attributes and properties', () => {
    it('reads agent-id, recent-limit and heading-level, and follows agentId set by code', async () => {
      centre = await createCentre();
      await centre.advance(15 * 60_000);
      const agents = centre.client.getAgents();
      const el = await fixture<FwAgentCard>(
        html`<fw-agent-card .client=${centre.client} agent-id=${agents[0]!.id} recent-limit="1" heading-level="2"></fw-agent-card>`,
      );
      expect([el.agentId, el.recentLimit, el.headingLevel]).to.deep.equal([agents[0]!.id, 1, 2]);
      expect(part(el, 'name')!.getAttribute('aria-level')).to.equal('2');
      expect(el.shadowRoot!.querySelector('#current')!.getAttribute('aria-level')).to.equal('3');
      expect(el.shadowRoot!.querySelectorAll('[data-list="recent"] li').length).to.be.at.most(1);

      const withHistory = agents.find(
        (a) => centre!.client.getInteractions({ agentId: a.id, includeEnded: true }).filter((i) => i.state === 'ended').length >= 2,
      );
      expect(withHistory, 'someone has ended two interactions in 15 minutes').to.not.equal(undefined);
      el.agentId = withHistory!.id;
      el.recentLimit = 5;
      await el.updateComplete;
      expect(text(part(el, 'name'))).to.equal(withHistory!.name);
      const ended = centre.client.getInteractions({ agentId: withHistory!.id, includeEnded: true }).filter((i) => i.state === 'ended');
      expect(el.shadowRoot!.querySelectorAll('[data-list="recent"] li').length).to.equal(Math.min(5, ended.length));
      expect(text(el.shadowRoot!.querySelector('[data-list="recent"] li'))).to.match(/Handle \d+:\d{2}/);
      expect(el.getAttribute('agent-id'), 'agentId is not reflected').to.equal(agents[0]!.id);
    });
  });

  describe('live updates', () => {
    before(() => setTickPeriod(40));
    after(() => setTickPeriod(1000));

    it('ticks interaction durations as simulated time passes', async () => {
      centre = await createCentre();
      const { agentId, interactionId } = busyAgent(centre.client);
      const el = await mount(centre.client, agentId);
      centre.clock.advance(5_000);
      await aTimeout(100);
      await settle();
      const row = el.shadowRoot!.querySelector(`[data-id="${interactionId}"]`);
      const times = centre.client.getInteractionTimes(interactionId)!;
      const interaction = centre.client.getInteraction(interactionId)!;
      if (interaction.state === 'connected') {
        const shown = /Talk (\d+:\d{2})/.exec(text(row))![1]!;
        expect(seconds(shown)).to.equal(Math.floor(times.talkMs / 1000));
      } else {
        expect(interaction.state, 'the interaction moved on').to.not.equal('connected');
      }
    });

    it('counts time in each status today from the changes it sees, and shows flags as they arrive', async () => {
      centre = await createCentre();
      const { agentId } = busyAgent(centre.client);
      const supervisor = centre.client;
      const el = await mount(supervisor, agentId);
      const first = supervisor.getAgent(agentId)!.presence;
      await centre.advance(120_000);
      const before = supervisor.getAgent(agentId)!.presence;
      const next: PresenceState = before.state === 'meeting' ? 'training' : 'meeting';
      const reason = supervisor.getPresenceDefinitions().find((d) => d.state === next)!.reasons[0]!;
      await supervisor.setAgentPresence(agentId, next, reason);
      await centre.advance(1_000);
      await el.updateComplete;
      const now = supervisor.getAgent(agentId)!.presence;
      expect(now.state).to.equal(next);

      const row = (state: string): Element | null => el.shadowRoot!.querySelector(`[part="today"] tr[data-state="${state}"]`);
      expect(row(next), 'the new status has a row').to.not.equal(null);
      const day = new Date(now.since);
      day.setHours(0, 0, 0, 0);
      const previous = seconds(text(row(before.state)?.querySelector('td')));
      expect(previous, `${before.state} counted up to the change`).to.be.at.least(
        Math.floor((now.since - Math.max(before.since, day.getTime())) / 1000),
      );
      if (first.since === before.since) expect(previous).to.be.at.least(120);
      expect(text(part(el, 'note'))).to.match(/^Counted from /);

      // Help from the agent's own desktop, seen on the supervisor's card.
      const agentDesk = await centre.seat({ userId: agentId, role: 'agent', teamIds: [] });
      await agentDesk.raiseHand('Customer asks for a refund over my limit');
      await centre.advance(500);
      await waitUntil(() => el.matches(':state(help)'), 'help flag');
      expect(text(el.shadowRoot!.querySelector('[data-flag="help"]'))).to.equal('Help requested: Customer asks for a refund over my limit');
      await expect(el).to.be.accessible();
    });
  });

  describe('screen monitoring', () => {
    it('flags a supervisor viewing the agent’s screen, which the platform reports, by name of what it is', async () => {
      centre = await createCentre();
      const { agentId } = busyAgent(centre.client);
      const el = await mount(centre.client, agentId);
      const at = centre.clock.now();
      // Genesys' agent-level screen monitoring: a session on no interaction.
      const session = { id: 'c-view:leg-sup', mode: 'screen', supervisorId: 'sup-2', agentId, startedAt: at } as const;
      await centre.emit([{ type: 'monitoring', id: 'view-start', at, source: 'test', session }]);
      await el.updateComplete;
      expect(text(el.shadowRoot!.querySelector('[data-flag="monitoring"]'))).to.equal('Being monitored (viewing the screen)');
    });
  });

  describe('activity signal', () => {
    it('shows the bucket the agent shared (never counts) only while the tenant keeps the signal on', async function () {
      this.timeout(30_000);
      centre = await createCentre({ latencyMs: 50 });
      const c = centre;
      const agentId = c.client.getAgents()[0]!.id;
      const pad = document.createElement('div');
      document.body.append(pad);
      const detector = createActivityDetector(pad);
      try {
        await c.seat({ userId: agentId, role: 'agent', agentId, teamIds: [] }, { activity: detector });
        const admin = await c.seat({ userId: 'admin-1', role: 'admin', teamIds: 'all' });
        const el = await mount(c.client, agentId);
        expect(part(el, 'activity'), 'off by default').to.equal(null);
        await admin.setPolicy({ activitySignal: { enabled: true, granularityMs: 1000 } });
        await c.advance(100);
        pad.dispatchEvent(new KeyboardEvent('keydown', { key: 'q', bubbles: true }));
        await c.advance(1000);
        await el.updateComplete;
        expect(text(part(el, 'activity'))).to.equal('Activity: Active');
        expect(part(el, 'activity')?.getAttribute('data-bucket')).to.equal('active');
        await expect(el).to.be.accessible();
        for (let i = 0; i < 3; i++) await c.advance(1000);
        await el.updateComplete;
        expect(text(part(el, 'activity'))).to.equal('Activity: Idle');
        await admin.setPolicy({ activitySignal: { enabled: false } });
        await c.advance(100);
        await c.advance(0);
        await el.updateComplete;
        expect(part(el, 'activity')).to.equal(null);
        expect(c.client.getAgent(agentId)?.activity, 'the supervisor no longer holds a bucket').to.equal(undefined);
      } finally {
        detector.stop();
        pad.remove();
      }
    });
  });

  describe('localisation', () => {
    it('speaks Spanish with lang="es"', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'agent-card': agentCardEs } });
      centre = await createCentre();
      const { agentId } = busyAgent(centre.client);
      const el = await fixture<FwAgentCard>(html`<fw-agent-card lang="es" .client=${centre.client} agent-id=${agentId}></fw-agent-card>`);
      expect(text(el.shadowRoot!.querySelector('#current'))).to.equal('Interacciones actuales');
      expect(text(el.shadowRoot!.querySelector('#today'))).to.equal('Tiempo en cada estado hoy');
      expect(text(part(el, 'time'))).to.match(/^\d+:\d{2}(:\d{2})? en este estado$/);
      const agent = centre.client.getAgent(agentId)!;
      expect(text(part(el, 'presence')).startsWith(commonEs.presence(agent.presence.state))).to.equal(true);
      expect(text(el.shadowRoot!.querySelector('[data-list="current"] li'))).to.contain(commonEs.interactionState('connected'));
      const from = /^Contado desde las (.+), cuando/.exec(text(part(el, 'note')))![1]!;
      expect(from, 'wall-clock time through Intl in Spanish (24-hour)').to.match(/^\d{1,2}:\d{2}$/);
      await expect(el).to.be.accessible();
    });
  });

  describe('theming', () => {
    it('takes --fw-agent-card-* knobs from an ancestor', async () => {
      centre = await createCentre();
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="--fw-agent-card-background: rgb(4, 5, 6); --fw-agent-card-padding: 3px">
          <fw-agent-card .client=${centre.client} agent-id="agent-1"></fw-agent-card>
        </div>`,
      );
      const el = wrapper.querySelector('fw-agent-card')!;
      await el.updateComplete;
      const style = getComputedStyle(part(el, 'base')!);
      expect(style.backgroundColor).to.equal('rgb(4, 5, 6)');
      expect(style.paddingInlineStart).to.equal('3px');
    });
  });
});
