import { css, type CSSResult } from 'lit';

/** Styles of `fw-connection-banner`, in the `fw` layer; knobs are `--fw-connection-banner-*`. */
export const connectionBannerStyles: CSSResult = css`
  @layer fw {
    :host {
      display: block;
      font-size: 0.875rem;
    }
    .base {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_fw-space-2) var(--_fw-space-3);
      padding: var(--fw-connection-banner-padding, var(--_fw-space-2) var(--_fw-space-3));
      border: 1px solid var(--fw-connection-banner-border-color, var(--_fw-border));
      border-inline-start: 4px solid var(--fw-connection-banner-accent, var(--_fw-accent));
      border-radius: var(--fw-connection-banner-radius, var(--_fw-radius));
      background: var(--fw-connection-banner-background, var(--_fw-surface-raised));
      color: var(--_fw-text);
    }
    .base[hidden] {
      display: none;
    }
    .base[data-kind='lost'],
    .base[data-kind='failed'] {
      border-inline-start-color: var(--fw-connection-banner-alert-color, var(--_fw-alert));
      background: var(--fw-connection-banner-alert-background, var(--_fw-alert-surface));
    }
    .icon {
      flex: none;
      inline-size: 1em;
      block-size: 1em;
    }
    .text {
      display: grid;
      gap: var(--_fw-space-1);
      flex: 1 1 16rem;
      margin: 0;
    }
    .message {
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .detail {
      color: var(--_fw-text-muted);
    }
    .progress {
      inline-size: 100%;
      block-size: 0.25rem;
      accent-color: var(--fw-connection-banner-accent, var(--_fw-accent));
    }
    button {
      font: inherit;
      padding: var(--_fw-space-1) var(--_fw-space-3);
      border: 1px solid var(--_fw-border);
      border-radius: var(--_fw-radius);
      background: var(--_fw-surface);
      color: var(--_fw-text);
      cursor: pointer;
    }
    button:hover {
      background: var(--_fw-surface-sunken);
    }
    @media (prefers-reduced-motion: no-preference) {
      .base[data-kind='loading'] .icon,
      .base[data-kind='lost'] .icon {
        animation: fw-spin 1.2s linear infinite;
      }
    }
    @keyframes fw-spin {
      to {
        transform: rotate(1turn);
      }
    }
    @media (forced-colors: active) {
      .base {
        border: 1px solid CanvasText;
        border-inline-start-width: 4px;
      }
      button {
        border-color: ButtonText;
      }
    }
  }
`;
