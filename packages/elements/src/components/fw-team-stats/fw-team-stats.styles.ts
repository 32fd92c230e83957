import { css, type CSSResult } from 'lit';

/** Styles of `fw-team-stats`, in the `fw` layer; knobs are `--fw-team-stats-*`. */
export const teamStatsStyles: CSSResult = css`
  @layer fw {
    :host {
      display: block;
      font-size: var(--fw-team-stats-font-size, 0.875rem);
      --_fw-chart-line: var(--fw-team-stats-chart-color, var(--_fw-accent));
      --_fw-chart-bar: var(--fw-team-stats-chart-color, var(--_fw-accent));
    }
    .head {
      align-items: center;
    }
    .switch {
      display: inline-flex;
      border: 1px solid var(--_fw-border);
      border-radius: 999px;
      padding: 2px;
      background: var(--_fw-surface-sunken);
    }
    .switch button {
      font: inherit;
      font-size: 0.9em;
      border: 0;
      border-radius: 999px;
      padding-block: 2px;
      padding-inline: var(--_fw-space-3);
      background: transparent;
      color: var(--_fw-text-muted);
      cursor: pointer;
    }
    .switch button[aria-pressed='true'] {
      background: var(--_fw-surface);
      color: var(--_fw-text);
      font-weight: 600;
      box-shadow: 0 1px 2px rgb(0 0 0 / 0.15);
    }
    .tiles {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
      gap: var(--_fw-space-2);
    }
    .tile {
      display: grid;
      gap: 2px;
      align-content: start;
      padding: var(--_fw-space-2) var(--_fw-space-3);
      border: 1px solid var(--_fw-border);
      border-radius: var(--_fw-radius);
      background: var(--fw-team-stats-tile-background, var(--_fw-surface-raised));
    }
    .tile__label {
      color: var(--_fw-text-muted);
      font-size: 0.85em;
    }
    .tile__value {
      font-size: 1.5em;
      font-weight: 650;
      font-variant-numeric: tabular-nums;
      line-height: 1.2;
    }
    .tile__median {
      color: var(--_fw-text-muted);
      font-size: 0.8em;
      font-variant-numeric: tabular-nums;
    }
    .spark {
      inline-size: 100%;
      block-size: 2rem;
      margin-block-start: var(--_fw-space-1);
    }
    .channels {
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1);
      align-items: center;
    }
    .chip {
      border: 1px solid var(--_fw-border);
      border-radius: 999px;
      padding-inline: var(--_fw-space-2);
      font-variant-numeric: tabular-nums;
    }
    .charts {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
      gap: var(--_fw-space-3);
    }
    .histogram {
      inline-size: 100%;
      block-size: 5rem;
    }
    .stack {
      inline-size: 100%;
      block-size: 0.9rem;
      border-radius: 3px;
      overflow: hidden;
    }
    .legend .icon {
      color: var(--_fw-presence);
    }
    .muted {
      color: var(--_fw-text-muted);
    }
    .empty {
      margin: 0;
      color: var(--_fw-text-muted);
    }
  }
`;
