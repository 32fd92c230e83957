import type { Floorwalk } from '@floorwalk/core';
import type { Metrics } from '@floorwalk/core/metrics';
import { expect, fixture, html } from '@open-wc/testing';
import { countRenders, createCentre, flipPresence, settle, type Centre } from '../../../test/centre.js';
import { expectChartFrame, expectFigureRows } from '../../../test/shared-looks.js';
import { busiestAgent, legendColours, workedCentre as worked } from '../../../test/worked-centre.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { setTickPeriod } from '../../internal/controllers/tick-controller.js';
import { registerTranslation } from '../../internal/localize.js';
import { agentPerformanceEs } from './fw-agent-performance.es.js';
import { FwAgentPerformance } from './fw-agent-performance.js';
import { plain } from '../../../test/isolates.js';

FwAgentPerformance.define('fw-agent-performance');

let centre: Centre | undefined;
let metrics: Metrics | undefined;

const text = (el: Element | null | undefined): string => plain(el?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** A simulated centre run for `minutes`, metrics recording from the start, and its busiest agent. */
async function workedCentre(minutes = 40): Promise<{ c: Centre; m: Metrics; agentId: string }> {
  const { c, m } = await worked((made, recording) => ((centre = made), (metrics = recording)), minutes);
  return { c, m, agentId: busiestAgent(c, m) };
}

async function mount(client: Floorwalk | undefined, m: Metrics | undefined, agentId: string | undefined): Promise<FwAgentPerformance> {
  return fixture<FwAgentPerformance>(html`<fw-agent-performance .client=${client} .metrics=${m} agent-id=${agentId ?? ''}></fw-agent-performance>`);
}

describe('fw-agent-performance', () => {
  afterEach(async () => {
    metrics?.destroy();
    metrics = undefined;
    await centre?.close();
    centre = undefined;
  });

  describe('accessibility', () => {
    it('is accessible with an agent, for the interval, and empty', async function () {
      this.timeout(30_000);
      const { c, m, agentId } = await workedCentre();
      const el = await mount(c.client, m, agentId);
      await expect(el).to.be.accessible();
      el.period = 'interval';
      await el.updateComplete;
      await expect(el).to.be.accessible();
      el.agentId = undefined;
      await el.updateComplete;
      expect(el.matches(':state(empty)')).to.equal(true);
      await expect(el).to.be.accessible();
      await expect(await mount(undefined, undefined, undefined)).to.be.accessible();
    });

    it('names the strip chart by its title; the bars, drawing the figures written beside them, are hidden', async () => {
      const { c, m, agentId } = await workedCentre(10);
      const el = await mount(c.client, m, agentId);
      const charts = [...el.shadowRoot!.querySelectorAll('svg[role="img"]')];
      expect(charts.length).to.equal(1, 'the timeline');
      expect(text(charts[0]!.querySelector(':scope > title'))).to.not.equal('');
      const bars = [...el.shadowRoot!.querySelectorAll('svg[part="bar"]')];
      expect(bars.length).to.equal(7, 'seven figures');
      for (const bar of bars) expect(bar.getAttribute('aria-hidden')).to.equal('true');
    });
  });

  describe('figures', () => {
    it('sets the agent beside the team median, in bars and in the table', async () => {
      const { c, m, agentId } = await workedCentre();
      const el = await mount(c.client, m, agentId);
      const agent = c.client.getAgent(agentId)!;
      const mine = m.agent(agentId, 'today');
      const team = m.team(agent.teamIds[0]!, 'today');
      expect(mine.handled).to.be.greaterThan(0);
      const row = el.shadowRoot!.querySelector('tbody tr[data-metric="handled"]')!;
      expect([...row.querySelectorAll('td')].map(text)).to.deep.equal([String(mine.handled), String(Math.round(team.median.handled! * 10) / 10)]);
      // The bar's length is the agent's figure and the dashed line the median, on one scale.
      const bar = el.shadowRoot!.querySelector('li[data-metric="handled"] rect.bar')!;
      const line = el.shadowRoot!.querySelector('li[data-metric="handled"] line.bar-median')!;
      const top = Math.max(mine.handled, team.median.handled!) * 1.1;
      expect(Number(bar.getAttribute('width'))).to.be.closeTo((mine.handled / top) * 100, 1e-6);
      expect(Number(line.getAttribute('x1'))).to.be.closeTo((team.median.handled! / top) * 100, 1e-6);
      expect(text(el.shadowRoot!.querySelector('[part="title"]'))).to.equal(`${agent.name}: performance`);
    });

    it('shows a median of counts that falls between two agents to one decimal, not rounded', async () => {
      // An even team whose middle agents handled 1 and 2 has a median agent of 1.5.
      const { c, m, agentId } = await workedCentre(10);
      const halves: Metrics = { ...m, team: (id, period) => { const t = m.team(id, period); return { ...t, median: { ...t.median, handled: 1.5, transfers: 0.25 } }; } };
      const el = await mount(c.client, halves, agentId);
      const median = (key: string): string => text(el.shadowRoot!.querySelector(`tbody tr[data-metric="${key}"] td:last-child`));
      expect([median('handled'), median('transfers')]).to.deep.equal(['1.5', '0.3']);
    });

    it('draws today as a strip of presence spans and interactions, with the same spans in its table', async () => {
      const { c, m, agentId } = await workedCentre();
      const el = await mount(c.client, m, agentId);
      const tl = m.timeline(agentId, 'today');
      expect(tl.interacting.length).to.be.greaterThan(0);
      const strip = el.shadowRoot!.querySelector('[data-chart="timeline"] svg')!;
      expect(strip.querySelectorAll('rect[data-presence]').length).to.equal(tl.presence.length);
      expect(strip.querySelectorAll('rect.interacting').length).to.equal(tl.interacting.length);
      const rows = el.shadowRoot!.querySelectorAll('[data-chart="timeline"] tbody tr');
      expect(rows.length).to.equal(tl.presence.length + tl.interacting.length);
    });

    it('redraws for metric changes of the agent and their team, not of every agent on the floor', async () => {
      // No clock ticks: only the store and the metrics may redraw.
      setTickPeriod(3_600_000);
      try {
        const c = await createCentre({ agents: 48 });
        centre = c;
        const agentId = c.client.getAgents()[0]!.id;
        const teamId = c.client.getAgent(agentId)!.teamIds[0]!;
        const el = await mount(c.client, undefined, agentId);
        await settle();
        const renders = countRenders(el);
        const move = (agentId: string): Promise<void> => flipPresence(c, agentId, el);
        const others = c.client.getAgents().filter((a) => !a.teamIds.includes(teamId) && a.id !== agentId);
        expect(others.length).to.be.above(20);
        for (const a of others) await move(a.id);
        expect(renders.count, 'changes outside the team drew nothing').to.equal(0);
        await move(c.client.getAgents().find((a) => a.teamIds.includes(teamId) && a.id !== agentId)!.id);
        expect(renders.count, 'a change in the team drew once').to.equal(1);
        await move(agentId);
        // Once for the store's batch (the agent's own record), once for their metrics.
        expect(renders.count, 'a change of the agent drew').to.equal(3);
      } finally {
        setTickPeriod(1000);
      }
    });

    it('follows the agent it is given and names one not in view', async () => {
      const { c, m, agentId } = await workedCentre(4);
      const el = await mount(c.client, m, agentId);
      const other = c.client.getAgents().find((a) => a.id !== agentId)!;
      el.agentId = other.id;
      await el.updateComplete;
      expect(text(el.shadowRoot!.querySelector('[part="title"]'))).to.equal(`${other.name}: performance`);
      el.agentId = 'agent-none';
      await el.updateComplete;
      expect(text(el.shadowRoot!.querySelector('[part="empty"]'))).to.equal('Agent agent-none is not in your view.');
    });
  });

  describe('localisation', () => {
    it('speaks Spanish with lang="es"', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'agent-performance': agentPerformanceEs } });
      const { c, m, agentId } = await workedCentre(4);
      const el = await fixture<FwAgentPerformance>(
        html`<fw-agent-performance lang="es" .client=${c.client} .metrics=${m} agent-id=${agentId}></fw-agent-performance>`,
      );
      expect(text(el.shadowRoot!.querySelector('[part="title"]'))).to.equal(`${c.client.getAgent(agentId)!.name}: rendimiento`);
      expect(text(el.shadowRoot!.querySelector('[data-chart="timeline"] figcaption'))).to.equal('Estados de hoy');
    });
  });

  describe('theming', () => {
    it('colours each legend icon with its presence, as the swatch beside it', async () => {
      const { c, m, agentId } = await workedCentre(10);
      const el = await mount(c.client, m, agentId);
      const items = legendColours(el.shadowRoot!);
      expect(items.length).to.be.greaterThan(0);
      for (const { presence, icon, swatch } of items) expect(icon, presence).to.equal(swatch);
    });

    it('frames its chart and lays out its figure rows with the rules shared in chartStyles', async () => {
      const { c, m, agentId } = await workedCentre(10);
      const el = await mount(c.client, m, agentId);
      expectChartFrame(el.shadowRoot!);
      expectFigureRows(el.shadowRoot!);
    });
  });
});
