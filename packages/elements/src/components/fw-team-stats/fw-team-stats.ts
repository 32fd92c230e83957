import { PRESENCE_STATES, type Channel, type Floorwalk, type PresenceState, type StoreChange, type Team } from '@floorwalk/core';
import type { Metrics, MetricsBucket, TeamMetrics } from '@floorwalk/core/metrics';
import { html, svg, type CSSResultGroup, type TemplateResult } from 'lit';
import { chartStyles, durationBins, sparkline, SPARK_H, SPARK_W } from '../../internal/charts.js';
import { presenceIcon } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatDuration, formatNumber, formatPercent, formatTime, formatTimer } from '../../internal/format.js';
import { FwMetricsElement } from '../../internal/metrics-element.js';
import { baseStyles } from '../../styles/shared.styles.js';
import { teamStatsCatalog } from './fw-team-stats.strings.js';
import { teamStatsStyles } from './fw-team-stats.styles.js';

/** The periods the element can show. */
export type TeamStatsPeriod = 'today' | 'interval';

interface Tile {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly median: string;
  readonly trend?: readonly (number | null)[];
  readonly trendMax?: number;
}

/**
 * A team's live KPIs: interactions handled, average handle, hold and wrap-up times, longest
 * interaction, occupancy, transfers and missed offers, each beside the team's median agent,
 * with a trend per interval today, the distribution of handle times and the time spent in each
 * presence. Every chart has a title and a table with the same figures. Figures come from
 * `@floorwalk/core/metrics`: pass a shared `metrics` (recommended), or the element keeps its
 * own over the client from the moment it connects.
 *
 * @tagname fw-team-stats
 * @summary Team KPIs with trend charts and the distribution of handle times.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @csspart base - The whole panel.
 * @csspart title - The panel's title.
 * @csspart period - The period switch (a group of two buttons).
 * @csspart tile - Each KPI tile.
 * @csspart value - A tile's figure.
 * @csspart median - A tile's median line.
 * @csspart chart - Each chart's figure.
 * @csspart table - Each chart's table alternative.
 * @csspart empty - The message when there is no team to show.
 *
 * @cssproperty --fw-team-stats-font-size - Base font size (default 0.875rem).
 * @cssproperty --fw-team-stats-tile-background - A tile's background.
 * @cssproperty --fw-team-stats-chart-color - Lines and bars of the charts.
 *
 * @cssstate empty - No team to show.
 */
export class FwTeamStats extends FwMetricsElement {
  static override styles: CSSResultGroup = [baseStyles, chartStyles, teamStatsStyles];

  static override properties = {
    client: { attribute: false },
    metrics: { attribute: false },
    team: { type: String },
    period: { type: String, reflect: true },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** Shared live metrics (`createMetrics(client)`); the element makes its own when unset. */
  declare metrics: Metrics | undefined;
  /** The team to show, by id; the first team in view when unset. */
  declare team: string | undefined;
  /** `today` (default) or the current `interval`. The user switches it with the period buttons. */
  declare period: TeamStatsPeriod;

  // ---- internal state --------------------------------------------------------------------

  private readonly t = new LocalizeController(this, teamStatsCatalog);

  constructor() {
    super('fw-team-stats');
  }

  protected override onStoreChange(change: StoreChange): boolean {
    // Metric changes arrive through the metrics subscription; the store only matters for names.
    return change.reset || change.teams.size > 0;
  }

  private resolveTeam(client: Floorwalk): Team | undefined {
    return this.team ? client.getTeam(this.team) : client.getTeams()[0];
  }

  private setPeriod(period: TeamStatsPeriod): void {
    if (this.period === period) return;
    this.period = period;
    this.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }

  private duration(ms: number | null): string {
    return ms === null ? '—' : formatTimer(this.t.lang, ms);
  }

  private percent(ratio: number | null): string {
    return ratio === null ? '—' : formatPercent(this.t.lang, ratio);
  }

  private tiles(m: TeamMetrics, trend: readonly MetricsBucket[]): Tile[] {
    const s = this.t.strings;
    // A median of counts may fall between two agents (1.5): shown to one decimal, not rounded to a whole one.
    const n = (v: number | null): string => (v === null ? '—' : v.toLocaleString(this.t.lang, { maximumFractionDigits: 1 }));
    return [
      { key: 'handled', label: s.handled, value: formatNumber(this.t.lang, m.handled), median: n(m.median.handled), trend: trend.map((b) => b.handled) },
      { key: 'avg-handle', label: s.avgHandle, value: this.duration(m.avgHandleMs), median: this.duration(m.median.avgHandleMs), trend: trend.map((b) => b.avgHandleMs) },
      { key: 'occupancy', label: s.occupancy, value: this.percent(m.occupancy), median: this.percent(m.median.occupancy), trend: trend.map((b) => b.occupancy), trendMax: 1 },
      { key: 'avg-hold', label: s.avgHold, value: this.duration(m.avgHoldMs), median: this.duration(m.median.avgHoldMs) },
      { key: 'avg-wrap-up', label: s.avgWrapUp, value: this.duration(m.avgWrapUpMs), median: this.duration(m.median.avgWrapUpMs) },
      { key: 'longest', label: s.longest, value: this.duration(m.longestMs), median: this.duration(m.median.longestMs) },
      { key: 'transfers', label: s.transfers, value: formatNumber(this.t.lang, m.transfers), median: n(m.median.transfers) },
      { key: 'missed', label: s.missed, value: formatNumber(this.t.lang, m.missed), median: n(m.median.missed) },
    ];
  }

  private renderTile(tile: Tile): TemplateResult {
    const s = this.t.strings;
    // Charts are named by their own <title>, not aria-labelledby to it: Chromium then reads the
    // title a second time as the description.
    return html`<li part="tile" class="tile" data-metric=${tile.key}>
      <span class="tile__label">${tile.label}</span>
      <span part="value" class="tile__value">${tile.value}</span>
      <span part="median" class="tile__median">${s.median(tile.median)}</span>
      ${tile.trend === undefined
        ? null
        : html`<svg class="spark" viewBox="0 0 ${SPARK_W} ${SPARK_H}" preserveAspectRatio="none" role="img">
            <title>${s.trendTitle(tile.label)}</title>
            ${sparkline(tile.trend, tile.trendMax)}
          </svg>`}
    </li>`;
  }

  private renderTrendTable(trend: readonly MetricsBucket[]): TemplateResult {
    const s = this.t.strings;
    return html`<details class="alt" part="table">
      <summary>${s.showTable(s.trendTitle(`${s.handled}, ${s.avgHandle}, ${s.occupancy}`))}</summary>
      <table>
        <caption class="fw-visually-hidden">${s.trendTitle(`${s.handled}, ${s.avgHandle}, ${s.occupancy}`)}</caption>
        <thead>
          <tr>
            <th scope="col">${s.intervalStart}</th>
            <th scope="col">${s.handled}</th>
            <th scope="col">${s.avgHandle}</th>
            <th scope="col">${s.occupancy}</th>
          </tr>
        </thead>
        <tbody>
          ${trend.map(
            (b) => html`<tr>
              <th scope="row">${formatTime(this.t.lang, b.from)}</th>
              <td>${formatNumber(this.t.lang, b.handled)}</td>
              <td>${this.duration(b.avgHandleMs)}</td>
              <td>${this.percent(b.occupancy)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </details>`;
  }

  private renderHistogram(times: readonly number[]): TemplateResult {
    const s = this.t.strings;
    const bins = durationBins(times);
    const top = Math.max(1, ...bins.map((b) => b.count));
    const w = Math.max(1, bins.length) * 10;
    // Named by its caption through aria-labelledby: HTML-AAM no longer names a figure by its
    // figcaption, and Chromium follows it. The drawing is no image of its own (role=none): titled
    // the same it made the caption heard twice. Its bars stay named parts.
    const captionId = `${this.ids}-handle-times`;
    return html`<figure part="chart" class="chart" data-chart="handle-times" aria-labelledby=${captionId}>
      <figcaption id=${captionId} class="chart__title">${s.handleTimes}</figcaption>
      ${bins.length === 0
        ? html`<p class="muted">${s.noData}</p>`
        : html`<svg class="histogram" viewBox="0 0 ${w} 50" preserveAspectRatio="none" role="none">
              ${bins.map((b, i) => {
                const h = (b.count / top) * 48;
                return svg`<rect class="bar" x=${i * 10 + 1} y=${50 - h} width="8" height=${h}><title>${s.binLabel(formatTimer(this.t.lang, b.from), formatTimer(this.t.lang, b.to))}: ${formatNumber(this.t.lang, b.count)}</title></rect>`;
              })}
            </svg>
            <div class="axis" aria-hidden="true"><span>${formatTimer(this.t.lang, 0)}</span><span>${formatTimer(this.t.lang, bins[bins.length - 1]!.to)}</span></div>
            <details class="alt" part="table">
              <summary>${s.showTable(s.handleTimes)}</summary>
              <table>
                <caption class="fw-visually-hidden">${s.handleTimes}</caption>
                <thead>
                  <tr><th scope="col">${s.handleTimesFrom}</th><th scope="col">${s.count}</th></tr>
                </thead>
                <tbody>
                  ${bins.map((b) => html`<tr><th scope="row">${s.binLabel(formatTimer(this.t.lang, b.from), formatTimer(this.t.lang, b.to))}</th><td>${formatNumber(this.t.lang, b.count)}</td></tr>`)}
                </tbody>
              </table>
            </details>`}
    </figure>`;
  }

  private renderPresence(m: TeamMetrics): TemplateResult {
    const s = this.t.strings;
    const states = PRESENCE_STATES.filter((p) => m.presenceMs[p] > 0);
    const total = states.reduce((n, p) => n + m.presenceMs[p], 0);
    let x = 0;
    const share = (p: PresenceState): number => (total > 0 ? m.presenceMs[p] / total : 0);
    // Named and drawn as the histogram is (see there).
    const captionId = `${this.ids}-presence`;
    return html`<figure part="chart" class="chart" data-chart="presence" aria-labelledby=${captionId}>
      <figcaption id=${captionId} class="chart__title">${s.presenceTime}</figcaption>
      ${total === 0
        ? html`<p class="muted">${s.noData}</p>`
        : html`<svg class="stack" viewBox="0 0 100 10" preserveAspectRatio="none" role="none">
              ${states.map((p) => {
                const w = share(p) * 100;
                const rect = svg`<rect data-presence=${p} x=${x} y="0" width=${w} height="10"><title>${this.common.strings.presence(p)}: ${formatPercent(this.t.lang, share(p))}</title></rect>`;
                x += w;
                return rect;
              })}
            </svg>
            <ul class="legend">
              ${states.map(
                (p) => html`<li data-presence=${p}><span class="swatch"></span>${presenceIcon(p)}<span>${this.common.strings.presence(p)}</span>
                  <span class="muted">${formatTimer(this.t.lang, m.presenceMs[p])}</span></li>`,
              )}
            </ul>
            <details class="alt" part="table">
              <summary>${s.showTable(s.presenceTime)}</summary>
              <table>
                <caption class="fw-visually-hidden">${s.presenceTime}</caption>
                <thead>
                  <tr><th scope="col">${s.presence}</th><th scope="col">${s.time}</th><th scope="col">${s.share}</th></tr>
                </thead>
                <tbody>
                  ${states.map(
                    (p) => html`<tr><th scope="row">${this.common.strings.presence(p)}</th><td>${formatDuration(this.t.lang, m.presenceMs[p])}</td><td>${formatPercent(this.t.lang, share(p))}</td></tr>`,
                  )}
                </tbody>
              </table>
            </details>`}
    </figure>`;
  }

  protected override render(): TemplateResult {
    const s = this.t.strings;
    const client = this.clients.client;
    const team = client === undefined ? undefined : this.resolveTeam(client);
    const metrics = this.live.metrics;
    this.toggleState('empty', team === undefined || metrics === undefined);
    this.shownTeam = team?.id;
    if (client === undefined || team === undefined || metrics === undefined) {
      const why = client === undefined ? this.common.strings.noClient : this.team ? s.unknownTeam(this.team) : s.empty;
      return html`<p part="empty" class="empty">${why}</p>`;
    }
    const period: TeamStatsPeriod = this.period === 'interval' ? 'interval' : 'today';
    const m = metrics.team(team.id, period);
    const trend = metrics.trend({ teamId: team.id }, 'today');
    const titleId = `${this.ids}-title`;
    const channels = Object.entries(m.handledByChannel) as [Channel, number][];
    return html`<section part="base" class="panel" aria-labelledby=${titleId}>
      <header class="head">
        <span part="title" class="title" id=${titleId}>${s.title(team.name)}</span>
        <div part="period" class="switch" role="group" aria-label=${s.period}>
          ${(['today', 'interval'] as const).map(
            (p) => html`<button type="button" aria-pressed=${period === p ? 'true' : 'false'} @click=${() => this.setPeriod(p)}>${p === 'today' ? s.today : s.interval}</button>`,
          )}
        </div>
      </header>
      <ul class="tiles">
        ${this.tiles(m, trend).map((tile) => this.renderTile(tile))}
      </ul>
      ${channels.length > 0
        ? html`<p class="channels"><span class="muted">${s.byChannel}:</span> ${channels.map(([c, n]) => html`<span class="chip">${this.common.strings.channel(c)} ${formatNumber(this.t.lang, n)}</span>`)}</p>`
        : null}
      ${this.renderTrendTable(trend)}
      <div class="charts">${this.renderHistogram(metrics.teamHandleTimes(team.id, period))} ${this.renderPresence(m)}</div>
    </section>`;
  }
}
