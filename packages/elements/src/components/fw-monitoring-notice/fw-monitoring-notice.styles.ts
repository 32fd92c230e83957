import { css, type CSSResult } from 'lit';

/** Styles of `fw-monitoring-notice` beyond the shared panel ones, in the `fw` layer; knobs are `--fw-monitoring-notice-*`. */
export const monitoringNoticeStyles: CSSResult = css`
  @layer fw {
    .heading {
      font-size: 1em;
      color: var(--_fw-text-muted);
    }
    .title {
      font-size: 1.1em;
      color: var(--_fw-text);
    }
    .title .icon {
      color: var(--fw-monitoring-notice-active-color, var(--_fw-monitoring));
    }
    .note {
      display: flex;
      align-items: flex-start;
      gap: var(--_fw-space-2);
      padding: var(--_fw-space-2) var(--_fw-space-3);
      border-inline-start: 3px solid var(--fw-monitoring-notice-active-color, var(--_fw-monitoring));
    }
    .sessions,
    .entries {
      display: grid;
      gap: var(--_fw-space-2);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .session {
      display: flex;
      align-items: flex-start;
      gap: var(--_fw-space-2);
      padding: var(--_fw-space-2) var(--_fw-space-3);
      border-inline-start: 4px solid var(--fw-monitoring-notice-active-color, var(--_fw-monitoring));
      border-radius: var(--_fw-radius);
      background: var(--fw-monitoring-notice-active-background, var(--_fw-surface-raised));
    }
    .session > .icon {
      flex: none;
      margin-block-start: 0.125em;
      color: var(--fw-monitoring-notice-active-color, var(--_fw-monitoring));
    }
    .text {
      display: grid;
      gap: var(--_fw-space-1);
    }
    .who {
      font-weight: 600;
    }
    .mode {
      font-weight: 400;
    }
    .history {
      display: grid;
      gap: var(--_fw-space-2);
    }
    .entry {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
    }
    .entry-who {
      font-weight: 600;
    }
    .entry-time {
      font-variant-numeric: tabular-nums;
    }
    @media (forced-colors: active) {
      .session {
        border: 1px solid CanvasText;
        border-inline-start-width: 4px;
      }
    }
  }
`;
