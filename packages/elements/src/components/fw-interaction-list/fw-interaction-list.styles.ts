import { css, type CSSResult } from 'lit';

/** Styles of `fw-interaction-list`, in the `fw` layer; knobs are `--fw-interaction-list-*`. */
export const interactionListStyles: CSSResult = css`
  @layer fw {
    :host {
      display: block;
      font-size: var(--fw-interaction-list-font-size, 0.875rem);
      overflow-x: auto;
      /* The containing block of the visually hidden cell text (position: absolute): without it that
         text escaped the scroll and widened the whole page (a 400 px demo scrolled to 880 px). */
      position: relative;
    }
    .table {
      inline-size: 100%;
      border-collapse: collapse;
      background: var(--fw-interaction-list-background, var(--_fw-surface));
    }
    caption {
      text-align: start;
    }
    th,
    td {
      padding-block: var(--fw-interaction-list-cell-padding-block, var(--_fw-space-1));
      padding-inline: var(--_fw-space-2);
      border-block-end: 1px solid var(--fw-interaction-list-border-color, var(--_fw-border));
      text-align: start;
      vertical-align: middle;
      white-space: nowrap;
    }
    thead th {
      position: sticky;
      inset-block-start: 0;
      background: var(--fw-interaction-list-header-background, var(--_fw-surface-sunken));
      color: var(--_fw-text-muted);
      font-weight: 600;
    }
    tbody tr {
      cursor: pointer;
    }
    tbody tr:hover {
      background: var(--_fw-surface-raised);
    }
    tbody tr:focus-visible {
      outline: 2px solid var(--_fw-focus);
      outline-offset: -2px;
    }
    tbody tr[aria-selected='true'] {
      background: var(--fw-interaction-list-selected-background, var(--_fw-surface-sunken));
      box-shadow: inset 3px 0 0 var(--_fw-accent);
    }
    tbody tr[aria-selected='true']:dir(rtl) {
      box-shadow: inset -3px 0 0 var(--_fw-accent);
    }
    .with-icon {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
    }
    .hold {
      color: var(--fw-interaction-list-hold-color, var(--_fw-alert));
      font-weight: 600;
    }
    .duration {
      text-align: end;
    }
    .muted,
    .secondary {
      color: var(--_fw-text-muted);
    }
    .secondary {
      display: block;
      font-size: 0.85em;
    }
    .empty {
      color: var(--_fw-text-muted);
      cursor: default;
    }
    @media (forced-colors: active) {
      tbody tr[aria-selected='true'] {
        outline: 2px solid Highlight;
        outline-offset: -2px;
      }
    }
  }
`;
