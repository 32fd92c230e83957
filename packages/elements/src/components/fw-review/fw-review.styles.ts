import { css, type CSSResult } from 'lit';

/** Styles of `fw-review`, in the `fw` layer; knobs are `--fw-review-*`. */
export const reviewStyles: CSSResult = css`
  @layer fw {
    :host {
      container: fw-review / inline-size;
      --_fw-chart-bar: var(--fw-review-bar-color, var(--_fw-accent));
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
    }
    .state {
      font-weight: 600;
    }
    .block,
    .form {
      display: grid;
      gap: var(--_fw-space-2);
    }
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: var(--_fw-space-1);
    }
    .item {
      padding: var(--_fw-space-1) var(--_fw-space-2);
      border: 1px solid var(--_fw-border);
      border-radius: var(--_fw-radius);
      overflow-wrap: anywhere;
    }
    .note {
      white-space: pre-wrap;
    }
    .action {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_fw-space-1) var(--_fw-space-2);
    }
    .action input {
      inline-size: 1.1rem;
      block-size: 1.1rem;
      margin: 0;
      accent-color: var(--_fw-accent);
    }
    .action input[aria-disabled='true'] {
      cursor: not-allowed;
    }
    .action[data-done] label {
      text-decoration: line-through;
    }
    .field {
      font-weight: 600;
    }
    .input {
      min-block-size: 2.25rem;
      padding-inline: var(--_fw-space-2);
      border: 1px solid var(--_fw-border);
      border-radius: var(--fw-review-radius, var(--_fw-radius));
      background: var(--_fw-surface);
      color: var(--_fw-text);
      font: inherit;
    }
    .input[aria-invalid='true'] {
      border-color: var(--_fw-alert);
      border-width: 2px;
    }
    .message[data-kind='error'] {
      padding: var(--_fw-space-1) var(--_fw-space-2);
      border-inline-start: 3px solid var(--_fw-alert);
      background: var(--_fw-alert-surface);
      color: var(--_fw-alert);
    }
    @container fw-review (max-width: 26rem) {
      .row {
        grid-template-columns: minmax(0, 1fr) auto;
        row-gap: 2px;
      }
      .bar-chart {
        grid-column: 1 / -1;
        grid-row: 2;
      }
    }
  }
`;
