import { css, type CSSResult } from 'lit';

/** Styles of `fw-agent-card` beyond the shared panel ones, in the `fw` layer; knobs are `--fw-agent-card-*`. */
export const agentCardStyles: CSSResult = css`
  @layer fw {
    .header {
      display: grid;
      gap: var(--_fw-space-1);
    }
    .heading {
      font-size: 0.9em;
      color: var(--_fw-text-muted);
    }
    [part='name'] {
      font-size: 1.25em;
      color: var(--_fw-text);
    }
    .status {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_fw-space-1) var(--_fw-space-3);
    }
    .presence,
    .channel,
    .state,
    .flag,
    th[data-presence] {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
    }
    .presence {
      font-weight: 600;
    }
    [data-presence] > .icon {
      color: var(--_fw-presence, currentColor);
    }
    .flags,
    .interactions {
      display: grid;
      gap: var(--_fw-space-1);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .flags {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-2);
    }
    .flag {
      padding-block: 0.125rem;
      padding-inline: var(--_fw-space-2);
      border: 1px solid currentColor;
      border-radius: 999px;
      font-weight: 600;
    }
    .flag[data-flag='help'] {
      color: var(--fw-agent-card-help-color, var(--_fw-alert));
    }
    .flag[data-flag='monitoring'] {
      color: var(--fw-agent-card-monitoring-color, var(--_fw-monitoring));
    }
    .section {
      display: grid;
      gap: var(--_fw-space-1);
    }
    .interaction {
      display: grid;
      grid-template-columns: minmax(6rem, auto) 1fr;
      gap: 0 var(--_fw-space-2);
      padding: var(--_fw-space-1) var(--_fw-space-2);
      border-radius: var(--_fw-radius);
      background: var(--_fw-surface-raised);
    }
    .durations {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-2);
    }
    .note {
      font-size: 0.85em;
    }
    .today {
      border-collapse: collapse;
      inline-size: 100%;
    }
    .today th,
    .today td {
      padding-block: 0.125rem;
      padding-inline: 0 var(--_fw-space-3);
      text-align: start;
      font-weight: normal;
    }
    .today thead th {
      color: var(--_fw-text-muted);
      font-weight: 600;
    }
    .today td {
      text-align: end;
    }
    .empty {
      color: var(--_fw-text-muted);
    }
  }
`;
