import { PRESENCE_STATES, type Agent, type Floorwalk, type StoreChange } from '@floorwalk/core';
import type { AgentMetrics, AgentTimeline, MedianField, Metrics, TeamMetrics } from '@floorwalk/core/metrics';
import { html, svg, type CSSResultGroup, type TemplateResult } from 'lit';
import { chartStyles } from '../../internal/charts.js';
import { presenceIcon } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatPercent, formatTime, formatTimer } from '../../internal/format.js';
import { FwMetricsElement } from '../../internal/metrics-element.js';
import { baseStyles } from '../../styles/shared.styles.js';
import { agentPerformanceCatalog } from './fw-agent-performance.strings.js';
import { agentPerformanceStyles } from './fw-agent-performance.styles.js';

/** The periods the element can show. */
export type AgentPerformancePeriod = 'today' | 'interval';

interface Row {
  readonly key: MedianField;
  readonly label: string;
  readonly agent: number | null;
  readonly median: number | null;
  readonly format: (v: number | null) => string;
}

/**
 * One agent's live performance beside their team's median agent (handled, average handle,
 * hold and wrap-up times, occupancy, transfers, missed offers) as paired bars, and today's
 * presence states and interactions as a strip chart. Every chart has a title and a table with
 * the same figures. Figures come from `@floorwalk/core/metrics`: pass a shared `metrics`
 * (recommended), or the element keeps its own over the client from the moment it connects.
 *
 * @tagname fw-agent-performance
 * @summary One agent against the team median, and today's timeline of states.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @csspart base - The whole panel.
 * @csspart title - The panel's title.
 * @csspart comparison - The figures against the median.
 * @csspart bar - Each figure's bar chart.
 * @csspart timeline - The strip chart of today's states.
 * @csspart table - Each chart's table alternative.
 * @csspart empty - The message when there is no agent to show.
 *
 * @cssproperty --fw-agent-performance-font-size - Base font size (default 0.875rem).
 * @cssproperty --fw-agent-performance-bar-color - The agent's bars.
 * @cssproperty --fw-agent-performance-interacting-color - The band marking time on interactions.
 *
 * @cssstate empty - No agent to show.
 */
export class FwAgentPerformance extends FwMetricsElement {
  static override styles: CSSResultGroup = [baseStyles, chartStyles, agentPerformanceStyles];

  static override properties = {
    client: { attribute: false },
    metrics: { attribute: false },
    agentId: { type: String, attribute: 'agent-id' },
    team: { type: String },
    period: { type: String, reflect: true },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** Shared live metrics (`createMetrics(client)`); the element makes its own when unset. */
  declare metrics: Metrics | undefined;
  /** The agent to show. */
  declare agentId: string | undefined;
  /** The team whose median to compare with; the agent's first team when unset. */
  declare team: string | undefined;
  /** `today` (default) or the current `interval`, for the figures; the strip chart is always today. */
  declare period: AgentPerformancePeriod;

  // ---- internal state --------------------------------------------------------------------

  private readonly t = new LocalizeController(this, agentPerformanceCatalog);

  constructor() {
    super('fw-agent-performance');
  }

  protected override onStoreChange(change: StoreChange): boolean {
    return change.reset || (this.agentId !== undefined && change.agents.has(this.agentId));
  }

  private rows(a: AgentMetrics, team: TeamMetrics | undefined): Row[] {
    const s = this.t.strings;
    const duration = (v: number | null): string => (v === null ? '—' : formatTimer(this.t.lang, v));
    const percent = (v: number | null): string => (v === null ? '—' : formatPercent(this.t.lang, v));
    // A median of counts may fall between two agents (1.5): shown to one decimal, not rounded to a whole one.
    const count = (v: number | null): string => (v === null ? '—' : v.toLocaleString(this.t.lang, { maximumFractionDigits: 1 }));
    const row = (key: MedianField, label: string, format: (v: number | null) => string): Row => ({
      key,
      label,
      agent: a[key],
      median: team?.median[key] ?? null,
      format,
    });
    return [
      row('handled', s.handled, count),
      row('avgHandleMs', s.avgHandle, duration),
      row('avgHoldMs', s.avgHold, duration),
      row('avgWrapUpMs', s.avgWrapUp, duration),
      row('occupancy', s.occupancy, percent),
      row('transfers', s.transfers, count),
      row('missed', s.missed, count),
    ];
  }

  private renderBar(row: Row): TemplateResult {
    const top = Math.max(row.key === 'occupancy' ? 1 : 0, row.agent ?? 0, row.median ?? 0) * 1.1 || 1;
    const w = ((row.agent ?? 0) / top) * 100;
    const m = row.median === null ? null : (row.median / top) * 100;
    const figures = this.t.strings.versus(row.format(row.agent), row.format(row.median));
    // The bar draws the figures written beside it, so it is out of the tree: as an image named
    // by its <title> it made a screen reader say the label and the figures twice. The <title>
    // stays as the pointer's tooltip.
    return html`<li class="row" data-metric=${row.key}>
      <span class="row__label">${row.label}</span>
      <svg part="bar" class="bar-chart" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true">
        <title>${row.label}: ${figures}</title>
        <rect class="track" x="0" y="2" width="100" height="8" rx="2"></rect>
        <rect class="bar" x="0" y="2" width=${w} height="8" rx="2"></rect>
        ${m === null ? null : svg`<line class="bar-median" x1=${m} x2=${m} y1="0" y2="12"></line>`}
      </svg>
      <span class="row__value">${figures}</span>
    </li>`;
  }

  private renderComparison(rows: readonly Row[], teamName: string | undefined): TemplateResult {
    const s = this.t.strings;
    const caption = teamName === undefined ? s.metric : s.comparison(teamName);
    return html`<div part="comparison" class="comparison">
      ${teamName === undefined ? null : html`<p class="muted caption">${caption}</p>`}
      <ul class="rows">
        ${rows.map((r) => this.renderBar(r))}
      </ul>
      <details class="alt" part="table">
        <summary>${s.showTable(caption)}</summary>
        <table>
          <caption class="fw-visually-hidden">${caption}</caption>
          <thead>
            <tr><th scope="col">${s.metric}</th><th scope="col">${s.agent}</th><th scope="col">${s.teamMedian}</th></tr>
          </thead>
          <tbody>
            ${rows.map((r) => html`<tr data-metric=${r.key}><th scope="row">${r.label}</th><td>${r.format(r.agent)}</td><td>${r.format(r.median)}</td></tr>`)}
          </tbody>
        </table>
      </details>
    </div>`;
  }

  private renderTimeline(tl: AgentTimeline): TemplateResult {
    const s = this.t.strings;
    // The strip starts where the agent's recorded day starts: hours before it would be blank.
    const start = Math.min(tl.presence[0]?.from ?? tl.window.from, tl.interacting[0]?.from ?? tl.window.to);
    const span = Math.max(1, tl.window.to - start);
    const x = (at: number): number => ((at - start) / span) * 1000;
    const shown = PRESENCE_STATES.filter((p) => tl.presence.some((seg) => seg.state === p));
    return html`<figure part="timeline" class="chart" data-chart="timeline">
      <figcaption class="chart__title">${s.timeline}</figcaption>
      ${tl.presence.length === 0
        ? html`<p class="muted">${s.noData}</p>`
        : html`<svg class="strip" viewBox="0 0 1000 30" preserveAspectRatio="none" role="img">
              <title>${s.timeline}</title>
              <rect class="track" x="0" y="0" width="1000" height="20"></rect>
              ${tl.presence.map(
                (seg) =>
                  svg`<rect data-presence=${seg.state} x=${x(seg.from)} y="0" width=${Math.max(0.5, x(seg.to) - x(seg.from))} height="20"><title>${this.common.strings.presence(seg.state)}: ${formatTime(this.t.lang, seg.from)}–${formatTime(this.t.lang, seg.to)}</title></rect>`,
              )}
              ${tl.interacting.map(
                (seg) =>
                  svg`<rect class="interacting" x=${x(seg.from)} y="23" width=${Math.max(0.5, x(seg.to) - x(seg.from))} height="7"><title>${s.interacting}: ${formatTime(this.t.lang, seg.from)}–${formatTime(this.t.lang, seg.to)}</title></rect>`,
              )}
            </svg>
            <div class="axis" aria-hidden="true"><span>${formatTime(this.t.lang, start)}</span><span>${formatTime(this.t.lang, tl.window.to)}</span></div>
            <ul class="legend">
              ${shown.map((p) => html`<li data-presence=${p}><span class="swatch"></span>${presenceIcon(p)}<span>${this.common.strings.presence(p)}</span></li>`)}
              <li><span class="swatch swatch--interacting"></span><span>${s.interacting}</span></li>
            </ul>
            <details class="alt" part="table">
              <summary>${s.showTable(s.timeline)}</summary>
              <table>
                <caption class="fw-visually-hidden">${s.timeline}</caption>
                <thead>
                  <tr><th scope="col">${s.from}</th><th scope="col">${s.to}</th><th scope="col">${s.state}</th><th scope="col">${s.duration}</th></tr>
                </thead>
                <tbody>
                  ${[
                    ...tl.presence.map((seg) => ({ ...seg, label: this.common.strings.presence(seg.state) })),
                    ...tl.interacting.map((seg) => ({ ...seg, label: s.interacting })),
                  ]
                    .sort((a, b) => a.from - b.from)
                    .map(
                      (seg) => html`<tr><th scope="row">${formatTime(this.t.lang, seg.from)}</th><td>${formatTime(this.t.lang, seg.to)}</td><td>${seg.label}</td><td>${formatTimer(this.t.lang, seg.to - seg.from)}</td></tr>`,
                    )}
                </tbody>
              </table>
            </details>`}
    </figure>`;
  }

  protected override render(): TemplateResult {
    const s = this.t.strings;
    const client = this.clients.client;
    const metrics = this.live.metrics;
    const agent: Agent | undefined = client !== undefined && this.agentId ? client.getAgent(this.agentId) : undefined;
    this.toggleState('empty', agent === undefined || metrics === undefined);
    this.shownAgent = agent?.id;
    this.shownTeam = undefined;
    if (client === undefined || agent === undefined || metrics === undefined) {
      const why = client === undefined ? this.common.strings.noClient : this.agentId ? s.unknownAgent(this.agentId) : s.empty;
      return html`<p part="empty" class="empty">${why}</p>`;
    }
    const period: AgentPerformancePeriod = this.period === 'interval' ? 'interval' : 'today';
    const teamId = this.team ?? agent.teamIds[0];
    this.shownTeam = teamId;
    const team = teamId === undefined ? undefined : metrics.team(teamId, period);
    const teamName = teamId === undefined ? undefined : (client.getTeam(teamId)?.name ?? teamId);
    const titleId = `${this.ids}-title`;
    return html`<section part="base" class="panel" aria-labelledby=${titleId}>
      <header class="head">
        <span part="title" class="title" id=${titleId}>${s.title(agent.name)}</span>
        <span class="muted">${period === 'today' ? s.today : s.interval}</span>
      </header>
      ${this.renderComparison(this.rows(metrics.agent(agent.id, period), team), teamName)}
      ${this.renderTimeline(metrics.timeline(agent.id, 'today'))}
    </section>`;
  }
}
