import { css, type CSSResult } from 'lit';

/** Styles of `fw-review`, in the `fw` layer; knobs are `--fw-review-*`. A review's own rules are review.styles.ts. */
export const reviewStyles: CSSResult = css`
  @layer fw {
    :host {
      container: fw-review / inline-size;
      --_fw-chart-bar: var(--fw-review-bar-color, var(--_fw-accent));
    }
    .message[data-kind='error'] {
      padding: var(--_fw-space-1) var(--_fw-space-2);
      border-inline-start: 3px solid var(--_fw-alert);
      background: var(--_fw-alert-surface);
      color: var(--_fw-alert);
    }
  }
`;
