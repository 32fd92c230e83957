import { css, type CSSResult } from 'lit';

/** Styles of `fw-agent-performance`, in the `fw` layer; knobs are `--fw-agent-performance-*`. */
export const agentPerformanceStyles: CSSResult = css`
  @layer fw {
    :host {
      display: block;
      font-size: var(--fw-agent-performance-font-size, 0.875rem);
      container: fw-agent-performance / inline-size;
      --_fw-chart-bar: var(--fw-agent-performance-bar-color, var(--_fw-accent));
      --_fw-interacting: var(--fw-agent-performance-interacting-color, var(--_fw-text));
    }
    .head {
      align-items: baseline;
    }
    .caption {
      margin: 0 0 var(--_fw-space-1);
      font-size: 0.85em;
    }
    .strip {
      inline-size: 100%;
      block-size: 2.25rem;
    }
    .interacting {
      fill: var(--_fw-interacting);
    }
    .swatch--interacting {
      block-size: 0.35rem;
      background: var(--_fw-interacting);
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
    /* In a narrow side panel the bar takes its own line under the label and figure. */
    @container fw-agent-performance (max-width: 26rem) {
      .row {
        grid-template-columns: minmax(0, 1fr) auto;
        row-gap: 2px;
      }
      .bar-chart {
        grid-column: 1 / -1;
        grid-row: 2;
      }
    }
    @media (forced-colors: active) {
      .interacting {
        fill: CanvasText;
      }
    }
  }
`;
