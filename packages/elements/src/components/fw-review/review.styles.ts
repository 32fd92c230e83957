import { css, type CSSResult } from 'lit';

/**
 * The rules only a started review uses (its blocks, lists, actions and the add form, and the
 * narrow layout of its figure rows), adopted into the element's shadow root when the review's view
 * loads, so a page that never shows a review does not carry them. Same `fw` layer and
 * `--fw-review-*` knobs as `fw-review.styles.ts`, whose `:host` is the rows' container.
 */
export const reviewViewStyles: CSSResult = css`
  @layer fw {
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
