// Small SVG chart pieces for the metrics elements. Each draws into a fixed viewBox that CSS
// stretches, so a redraw is a handful of attribute changes, cheap enough to run every frame.
// They are decorative to assistive technology: every chart's element gives it a title and a
// table with the same figures.
import { css, svg, type CSSResult, type SVGTemplateResult } from 'lit';

/** Width and height of a sparkline's viewBox. */
export const SPARK_W = 120;
export const SPARK_H = 32;

/**
 * A sparkline of `values` (nulls leave gaps): a line, a soft area below it and a dot on the
 * latest point. `max` fixes the scale (e.g. 1 for ratios).
 */
export function sparkline(values: readonly (number | null)[], max?: number): SVGTemplateResult {
  const top = Math.max(max ?? 0, ...values.map((v) => v ?? 0)) || 1;
  const n = values.length;
  const x = (i: number): number => (n <= 1 ? SPARK_W : (i / (n - 1)) * SPARK_W);
  const y = (v: number): number => SPARK_H - 2 - (v / top) * (SPARK_H - 4);
  const runs: [number, number][][] = [];
  let run: [number, number][] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else run.push([x(i), y(v)]);
  });
  if (run.length > 0) runs.push(run);
  const fmt = (points: [number, number][]): string => points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
  let lastIndex = -1;
  for (let i = n - 1; i >= 0; i--) {
    if (values[i] !== null && values[i] !== undefined) {
      lastIndex = i;
      break;
    }
  }
  const last = lastIndex >= 0 ? [x(lastIndex), y(values[lastIndex] as number)] : undefined;
  return svg`
    ${runs.map((points) =>
      points.length === 1
        ? svg``
        : svg`<polygon class="spark-area" points=${`${fmt(points)} ${(points[points.length - 1] as [number, number])[0].toFixed(1)},${SPARK_H} ${points[0]![0].toFixed(1)},${SPARK_H}`}></polygon>
            <polyline class="spark-line" points=${fmt(points)}></polyline>`,
    )}
    ${last === undefined ? svg`` : svg`<circle class="spark-dot" cx=${last[0]!.toFixed(1)} cy=${last[1]!.toFixed(1)} r="2.5"></circle>`}
  `;
}

/** Bins for a histogram of durations: a round bin width giving at most `maxBins` bins. */
export function durationBins(values: readonly number[], maxBins = 8): { from: number; to: number; count: number }[] {
  if (values.length === 0) return [];
  const steps = [15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];
  const top = Math.max(...values);
  const width = steps.find((s) => Math.ceil((top + 1) / s) <= maxBins) ?? (steps[steps.length - 1] as number);
  const count = Math.max(1, Math.ceil((top + 1) / width));
  const bins = Array.from({ length: count }, (_, i) => ({ from: i * width, to: (i + 1) * width, count: 0 }));
  for (const v of values) (bins[Math.min(count - 1, Math.floor(v / width))] as { count: number }).count++;
  return bins;
}

/**
 * Chart styles shared by the metrics elements, and their panel and header; colours come from the
 * theme's tokens. Also the framed `.chart` figure (fw-team-stats, fw-agent-performance) and the
 * figure `.rows` with a bar each (fw-agent-performance, fw-review); each element keeps its own
 * container query that puts a row's bar on its own line.
 */
export const chartStyles: CSSResult = css`
  @layer fw {
    .panel {
      display: grid;
      gap: var(--_fw-space-3);
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: var(--_fw-space-2);
    }
    .title {
      font-weight: 650;
      font-size: 1.05em;
    }
    svg {
      display: block;
      overflow: visible;
    }
    /* Axis labels and legends, the same on every chart. */
    .axis {
      display: flex;
      justify-content: space-between;
      color: var(--_fw-text-muted);
      font-size: 0.8em;
      font-variant-numeric: tabular-nums;
    }
    .legend {
      list-style: none;
      margin: var(--_fw-space-2) 0 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
    }
    .legend li {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
    }
    .swatch {
      inline-size: 0.7rem;
      block-size: 0.7rem;
      border-radius: 2px;
      background: var(--_fw-presence);
    }
    .spark-line {
      fill: none;
      stroke: var(--_fw-chart-line, var(--_fw-accent));
      stroke-width: 1.75;
      stroke-linejoin: round;
      stroke-linecap: round;
      vector-effect: non-scaling-stroke;
    }
    .spark-area {
      fill: var(--_fw-chart-line, var(--_fw-accent));
      opacity: 0.14;
    }
    .spark-dot {
      fill: var(--_fw-chart-line, var(--_fw-accent));
    }
    .bar {
      fill: var(--_fw-chart-bar, var(--_fw-accent));
    }
    .chart {
      margin: 0;
      padding: var(--_fw-space-2) var(--_fw-space-3);
      border: 1px solid var(--_fw-border);
      border-radius: var(--_fw-radius);
      background: var(--_fw-surface);
    }
    .chart__title {
      font-weight: 600;
      margin-block-end: var(--_fw-space-2);
    }
    .rows {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: var(--_fw-space-1);
    }
    .row {
      display: grid;
      grid-template-columns: minmax(7rem, 10rem) minmax(6rem, 1fr) minmax(7rem, auto);
      align-items: center;
      gap: var(--_fw-space-2);
    }
    .row__label {
      color: var(--_fw-text-muted);
    }
    .row__value {
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
      text-align: end;
    }
    .bar-chart {
      inline-size: 100%;
      block-size: 0.9rem;
    }
    .bar-median {
      stroke: var(--_fw-text);
      stroke-width: 2;
      stroke-dasharray: 3 2;
      vector-effect: non-scaling-stroke;
    }
    .track {
      fill: var(--_fw-surface-sunken);
    }
    rect[data-presence] {
      fill: var(--_fw-presence);
    }
    .alt {
      margin-block-start: var(--_fw-space-1);
      font-size: 0.85em;
    }
    .alt summary {
      cursor: pointer;
      color: var(--_fw-text-muted);
      inline-size: fit-content;
      border-radius: var(--_fw-radius);
    }
    .alt table {
      border-collapse: collapse;
      margin-block-start: var(--_fw-space-1);
    }
    .alt th,
    .alt td {
      padding-block: 2px;
      padding-inline: var(--_fw-space-2);
      border-block-end: 1px solid var(--_fw-border);
      text-align: end;
      font-variant-numeric: tabular-nums;
    }
    .alt th[scope='row'],
    .alt thead th:first-child {
      text-align: start;
    }
    @media (forced-colors: active) {
      .spark-line,
      .bar-median {
        stroke: CanvasText;
      }
      .spark-area,
      .spark-dot,
      .bar {
        fill: CanvasText;
      }
    }
  }
`;
