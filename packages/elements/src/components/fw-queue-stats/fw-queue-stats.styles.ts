import { css, type CSSResult } from 'lit';

/** Styles of `fw-queue-stats`, in the `fw` layer; knobs are `--fw-queue-stats-*`. */
export const queueStatsStyles: CSSResult = css`
  @layer fw {
    :host {
      display: block;
      font-size: var(--fw-queue-stats-font-size, 0.875rem);
      overflow-x: auto;
      /* The containing block of the visually hidden cell text ("no data yet" under a "—"): without
         it that text escaped the scroll and widened the page (the demo at 400 px: 690 px). */
      position: relative;
    }
    .table {
      inline-size: 100%;
      border-collapse: collapse;
      background: var(--fw-queue-stats-background, var(--_fw-surface));
    }
    caption {
      padding-block: var(--_fw-space-1);
      text-align: start;
      font-weight: 600;
    }
    th,
    td {
      padding-block: var(--_fw-space-1);
      padding-inline: var(--_fw-space-2);
      border-block-end: 1px solid var(--fw-queue-stats-border-color, var(--_fw-border));
      text-align: end;
      white-space: nowrap;
    }
    th[scope='row'],
    thead th:first-child {
      text-align: start;
    }
    thead th {
      background: var(--fw-queue-stats-header-background, var(--_fw-surface-sunken));
      color: var(--_fw-text-muted);
      font-weight: 600;
    }
    td {
      font-variant-numeric: tabular-nums;
    }
    .alert {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
      color: var(--fw-queue-stats-alert-color, var(--_fw-alert));
      font-weight: 600;
    }
    .muted {
      color: var(--_fw-text-muted);
    }
    .note,
    .empty {
      margin-block: var(--_fw-space-1) 0;
      color: var(--_fw-text-muted);
      font-size: 0.85em;
    }
  }
`;
