import type { Floorwalk } from '@floorwalk/core';
import type { Metrics } from '@floorwalk/core/metrics';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { countRenders, createCentre, flipPresence, settle, type Centre } from '../../../test/centre.js';
import { expectChartFrame } from '../../../test/shared-looks.js';
import { legendColours, workedCentre as worked } from '../../../test/worked-centre.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { setTickPeriod } from '../../internal/controllers/tick-controller.js';
import { registerTranslation } from '../../internal/localize.js';
import { teamStatsEs } from './fw-team-stats.es.js';
import { FwTeamStats } from './fw-team-stats.js';
import { plain } from '../../../test/isolates.js';

FwTeamStats.define('fw-team-stats');

let centre: Centre | undefined;
let metrics: Metrics | undefined;

const text = (el: Element | null | undefined): string => plain(el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const tile = (el: FwTeamStats, key: string): Element | null => el.shadowRoot!.querySelector(`[data-metric="${key}"]`);
const timer = (ms: number): string => {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
};

/** A simulated centre run for `minutes`, with shared metrics recording from the start. */
async function workedCentre(minutes = 40): Promise<{ c: Centre; m: Metrics; teamId: string }> {
  const { c, m } = await worked((made, recording) => ((centre = made), (metrics = recording)), minutes, { intervalMs: 15 * 60_000 });
  return { c, m, teamId: c.client.getTeams()[0]!.id };
}

async function mount(client: Floorwalk | undefined, m?: Metrics, team?: string): Promise<FwTeamStats> {
  return fixture<FwTeamStats>(html`<fw-team-stats .client=${client} .metrics=${m} team=${team ?? ''}></fw-team-stats>`);
}

describe('fw-team-stats', () => {
  afterEach(async () => {
    metrics?.destroy();
    metrics = undefined;
    await centre?.close();
    centre = undefined;
  });

  describe('accessibility', () => {
    it('is accessible with figures, for the interval, and empty', async function () {
      // Four axe runs over a panel of charts, on a machine shared with other test runs.
      this.timeout(30_000);
      const { c, m, teamId } = await workedCentre();
      const el = await mount(c.client, m, teamId);
      await expect(el).to.be.accessible();
      el.period = 'interval';
      await el.updateComplete;
      await expect(el).to.be.accessible();
      el.team = 'team-none';
      await el.updateComplete;
      expect(el.matches(':state(empty)')).to.equal(true);
      await expect(el).to.be.accessible();
      await expect(await mount(undefined)).to.be.accessible();
    });

    it('gives every chart a title or caption and a table with the same figures', async () => {
      const { c, m, teamId } = await workedCentre();
      const el = await mount(c.client, m, teamId);
      const lines = [...el.shadowRoot!.querySelectorAll('svg[role="img"]')];
      expect(lines.length).to.equal(3, 'the trend lines');
      for (const line of lines) {
        expect(text(line.querySelector(':scope > title')), 'each trend line is named by its title').to.not.equal('');
      }
      const figures = [...el.shadowRoot!.querySelectorAll('figure')];
      expect(figures.length).to.equal(2, 'the histogram and the presence bar');
      for (const figure of figures) {
        const caption = figure.querySelector(':scope > figcaption')!;
        expect(figure.getAttribute('aria-labelledby'), 'each figure is named by its caption').to.equal(caption.id);
        expect(text(caption)).to.not.equal('');
      }
      // The histogram's table counts every interaction handled today, bin by bin.
      const rows = [...el.shadowRoot!.querySelectorAll('[data-chart="handle-times"] tbody tr')];
      const counted = rows.reduce((n, r) => n + Number(text(r.querySelector('td'))), 0);
      expect(counted).to.equal(m.teamHandleTimes(teamId, 'today').length);
      expect(counted).to.be.greaterThan(0);
      // The bars carry the same counts as the rows, in order.
      const bars = [...el.shadowRoot!.querySelectorAll('[data-chart="handle-times"] rect.bar')];
      expect(bars.length).to.equal(rows.length);
      // The trend table has one row per 15-minute interval since midnight.
      const trend = m.trend({ teamId }, 'today');
      const trendRows = el.shadowRoot!.querySelectorAll('details.alt')[0]!.querySelectorAll('tbody tr');
      expect(trendRows.length).to.equal(trend.length);
      expect(trend.reduce((n, b) => n + b.handled, 0)).to.equal(m.team(teamId, 'today').handled);
    });
  });

  describe('figures', () => {
    it('shows the team figures and the median agent from the metrics', async () => {
      const { c, m, teamId } = await workedCentre();
      const el = await mount(c.client, m, teamId);
      const team = m.team(teamId, 'today');
      expect(team.handled).to.be.greaterThan(0);
      expect(text(tile(el, 'handled')?.querySelector('[part="value"]'))).to.equal(String(team.handled));
      expect(text(tile(el, 'avg-handle')?.querySelector('[part="value"]'))).to.equal(timer(team.avgHandleMs!));
      expect(text(tile(el, 'avg-handle')?.querySelector('[part="median"]'))).to.equal(`median agent ${timer(team.median.avgHandleMs!)}`);
      expect(text(tile(el, 'occupancy')?.querySelector('[part="value"]'))).to.equal(
        new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0 }).format(team.occupancy!),
      );
      expect(text(el.shadowRoot!.querySelector('[part="title"]'))).to.equal(`${c.client.getTeam(teamId)!.name}: team performance`);
    });

    it('shows a median of counts that falls between two agents to one decimal, not rounded', async () => {
      // An even team whose middle agents handled 1 and 2 has a median agent of 1.5.
      const { c, m, teamId } = await workedCentre(10);
      const halves: Metrics = { ...m, team: (id, period) => { const t = m.team(id, period); return { ...t, median: { ...t.median, handled: 1.5, transfers: 0.25, missed: 2 } }; } };
      const el = await mount(c.client, halves, teamId);
      expect(text(tile(el, 'handled')?.querySelector('[part="median"]'))).to.equal('median agent 1.5');
      expect(text(tile(el, 'transfers')?.querySelector('[part="median"]'))).to.equal('median agent 0.3');
      expect(text(tile(el, 'missed')?.querySelector('[part="median"]'))).to.equal('median agent 2');
    });

    it('updates live as the centre works, without being told', async () => {
      const { c, m, teamId } = await workedCentre(10);
      const el = await mount(c.client, m, teamId);
      const before = m.team(teamId, 'today').handled;
      for (let i = 0; i < 40 && m.team(teamId, 'today').handled === before; i++) await c.advance(30_000);
      const after = m.team(teamId, 'today').handled;
      expect(after).to.be.greaterThan(before);
      await el.updateComplete;
      expect(text(tile(el, 'handled')?.querySelector('[part="value"]'))).to.equal(String(after));
    });

    it('keeps its own metrics when none are given', async () => {
      const c = await createCentre({ agents: 24 });
      centre = c;
      const el = await mount(c.client, undefined, c.client.getTeams()[0]!.id);
      for (let i = 0; i < 20; i++) await c.advance(120_000);
      await el.updateComplete;
      expect(Number(text(tile(el, 'handled')?.querySelector('[part="value"]')))).to.be.greaterThan(0);
    });

    it('redraws for metric changes of its team, not of every agent on the floor', async () => {
      // No clock ticks: only the store and the metrics may redraw.
      setTickPeriod(3_600_000);
      try {
        const c = await createCentre({ agents: 48 });
        centre = c;
        const teamId = c.client.getTeams()[0]!.id;
        const el = await mount(c.client, undefined, teamId);
        await settle();
        const renders = countRenders(el);
        const move = (agentId: string): Promise<void> => flipPresence(c, agentId, el);
        const others = c.client.getAgents().filter((a) => !a.teamIds.includes(teamId));
        expect(others.length).to.be.above(20);
        for (const a of others) await move(a.id);
        expect(renders.count, 'changes outside the team drew nothing').to.equal(0);
        await move(c.client.getAgents().find((a) => a.teamIds.includes(teamId))!.id);
        expect(renders.count, 'a change in the team drew once').to.equal(1);
      } finally {
        setTickPeriod(1000);
      }
    });

    it('names an unknown team', async () => {
      const { c, m } = await workedCentre(1);
      const el = await mount(c.client, m, 'team-none');
      expect(text(el.shadowRoot!.querySelector('[part="empty"]'))).to.equal('Team team-none is not in your view.');
    });
  });

  describe('period switch', () => {
    it('switches by click and by keyboard, with aria-pressed and a change event', async () => {
      const { c, m, teamId } = await workedCentre(5);
      const el = await mount(c.client, m, teamId);
      const [today, interval] = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="period"] button')];
      expect(today!.getAttribute('aria-pressed')).to.equal('true');
      setTimeout(() => interval!.click());
      await oneEvent(el, 'change');
      expect(el.period).to.equal('interval');
      expect(el.getAttribute('period')).to.equal('interval');
      await el.updateComplete;
      const [today2, interval2] = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="period"] button')];
      expect(interval2!.getAttribute('aria-pressed')).to.equal('true');
      today2!.focus();
      const changed = oneEvent(el, 'change');
      await sendKeys({ press: 'Enter' });
      await changed;
      expect(el.period).to.equal('today');
    });

    it('does not fire change when the period is set from script', async () => {
      const { c, m, teamId } = await workedCentre(1);
      const el = await mount(c.client, m, teamId);
      let fired = 0;
      el.addEventListener('change', () => fired++);
      el.period = 'interval';
      await el.updateComplete;
      expect(fired).to.equal(0);
    });
  });

  describe('localisation', () => {
    it('speaks Spanish with lang="es"', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'team-stats': teamStatsEs } });
      const { c, m, teamId } = await workedCentre(5);
      const el = await fixture<FwTeamStats>(html`<fw-team-stats lang="es" .client=${c.client} .metrics=${m} team=${teamId}></fw-team-stats>`);
      expect(text(el.shadowRoot!.querySelector('[part="title"]'))).to.equal(`${c.client.getTeam(teamId)!.name}: rendimiento del equipo`);
      expect(text(tile(el, 'handled')?.querySelector('.tile__label'))).to.equal('Atendidas');
      // Hold in the board's word ("En espera"), not a bare "Espera" that the queue's wait also read as.
      expect(text(tile(el, 'avg-hold')?.querySelector('.tile__label'))).to.equal('Tiempo medio en espera');
    });
  });

  describe('theming', () => {
    it('colours each legend icon with its presence, as the swatch beside it', async () => {
      const { c, m, teamId } = await workedCentre(5);
      const el = await mount(c.client, m, teamId);
      const items = legendColours(el.shadowRoot!);
      expect(items.length).to.be.greaterThan(1);
      for (const { presence, icon, swatch } of items) expect(icon, presence).to.equal(swatch);
    });

    it('frames its charts with the rules shared in chartStyles', async () => {
      const { c, m, teamId } = await workedCentre(5);
      const el = await mount(c.client, m, teamId);
      expectChartFrame(el.shadowRoot!);
    });
  });
});
