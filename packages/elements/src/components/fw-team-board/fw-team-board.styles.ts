import { css, type CSSResult } from 'lit';

/*
 * The team board's styles, in the `fw` layer so host overrides win. Public knobs are
 * `--fw-team-board-*`, each falling back to a private `--_fw-*` alias of a semantic token. Only
 * logical properties, so the board mirrors in right-to-left locales.
 */
export const styles: CSSResult = css`
  @layer fw {
    :host {
      display: flex;
      flex-direction: column;
      min-inline-size: 0;
      font-size: var(--fw-team-board-font-size, 0.875rem);
      --_tb-border: var(--fw-team-board-border-color, var(--_fw-border));
      /* Presence at least 8rem: an icon and the longest state word ("Desconectado") whole. */
      --_tb-columns: var(
        --fw-team-board-columns,
        minmax(6rem, 1.4fr) minmax(8rem, 1.4fr) 5.5rem minmax(8rem, 2fr) minmax(4rem, 1.4fr) 6.5rem
      );
    }
    .board {
      display: flex;
      flex-direction: column;
      flex: 1 1 auto;
      min-block-size: 0;
      /* The host's height, also when the page makes the host a block (as pages do custom elements). */
      block-size: 100%;
      gap: var(--_fw-space-2);
      background: var(--fw-team-board-background, var(--_fw-surface));
      color: var(--_fw-text);
      border: 1px solid var(--_tb-border);
      border-radius: var(--_fw-radius);
      padding: var(--_fw-space-3);
    }
    .board--no-actions {
      --_tb-columns: var(
        --fw-team-board-columns,
        minmax(6rem, 1.4fr) minmax(8rem, 1.4fr) 5.5rem minmax(8rem, 2fr) minmax(4rem, 1.4fr)
      );
    }

    /* Filters: native controls, each with a visible label. */
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-2) var(--_fw-space-3);
      align-items: end;
    }
    .filter {
      display: flex;
      flex-direction: column;
      gap: var(--_fw-space-1);
      font-size: 0.8125rem;
      color: var(--_fw-text-muted);
    }
    .filter--search {
      flex: 1 1 12rem;
    }
    .filter select,
    .filter input {
      font: inherit;
      font-size: 0.875rem;
      color: var(--_fw-text);
      background: var(--_fw-surface);
      border: 1px solid var(--_tb-border);
      border-radius: var(--_fw-radius);
      padding-block: var(--_fw-space-1);
      padding-inline: var(--_fw-space-2);
      min-block-size: 2rem;
    }

    /* Summary */
    .summary {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_fw-space-2) var(--_fw-space-4);
    }
    .summary__total {
      margin: 0;
      font-weight: 600;
    }
    .summary__list {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    /* .ic: an icon and its word are one item of a cell's wrapping line; apart, a narrow column left
       the icon on a line of its own above the word. */
    .summary__item,
    .ic {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
    }
    [data-presence] .icon {
      color: var(--_fw-presence, currentColor);
    }
    .count {
      font-variant-numeric: tabular-nums;
      font-weight: 600;
    }

    /* Grid */
    .grid {
      display: flex;
      flex-direction: column;
      flex: 1 1 auto;
      min-block-size: 0;
      border: 1px solid var(--_tb-border);
      border-radius: var(--_fw-radius);
    }
    .grid:focus-visible {
      outline: 2px solid var(--_fw-focus);
      outline-offset: 1px;
    }
    .head {
      /* Overflow hidden would let it shrink to nothing: the rows give up height, not the headers. */
      flex: none;
      overflow: hidden;
      border-start-start-radius: inherit;
      border-start-end-radius: inherit;
      scrollbar-gutter: stable;
      background: var(--_fw-surface-raised);
      border-block-end: 1px solid var(--_tb-border);
    }
    .scroller {
      flex: 1 1 var(--fw-team-board-height, 28rem);
      min-block-size: 8rem;
      overflow: auto;
      overscroll-behavior: contain;
      scrollbar-gutter: stable;
      border-end-start-radius: inherit;
      border-end-end-radius: inherit;
      background: var(--fw-team-board-row-background, var(--_fw-surface));
    }
    /* The plain rows, over the virtualizer's until it has rendered its own. */
    .scroller--handover {
      position: relative;
    }
    .rows--handover {
      position: absolute;
      inset-block-start: 0;
      inset-inline: 0;
      z-index: 1;
    }
    /* Each row lays out and paints on its own: a changed row does not disturb the others. */
    .rows > .row,
    .rows > .group {
      contain: layout style paint;
    }
    .row {
      display: grid;
      grid-template-columns: var(--_tb-columns);
      align-items: center;
      inline-size: 100%;
      min-block-size: var(--fw-team-board-row-height, 2.75rem);
      background: var(--fw-team-board-row-background, var(--_fw-surface));
      border-block-end: 1px solid var(--_tb-border);
      border-inline-start: 4px solid transparent;
      cursor: default;
    }
    .row--head .cell {
      line-height: 1.2;
    }
    .row--head {
      background: transparent;
      font-weight: 600;
      color: var(--_fw-text-muted);
      min-block-size: 2.25rem;
    }
    .rows > .row:hover {
      background: var(--fw-team-board-row-hover-background, var(--_fw-surface-raised));
    }
    .row--selected,
    .rows > .row--selected:hover {
      background: var(--fw-team-board-selected-background, var(--_fw-surface-sunken));
      border-inline-start-color: var(--_fw-accent);
    }
    .row--alert,
    .rows > .row--alert:hover {
      background: var(--fw-team-board-alert-background, var(--_fw-alert-surface));
      border-inline-start-color: var(--fw-team-board-alert-color, var(--_fw-alert));
    }
    .cell {
      display: flex;
      align-items: center;
      gap: var(--_fw-space-1);
      min-inline-size: 0;
      padding-block: var(--_fw-space-1);
      padding-inline: var(--_fw-space-2);
      /* A cell's parts wrap rather than clip: on one line a reason ("Available · On Queue") or a
         flag's mode ("You are monitoring: Listen") was cut off in every row of a narrow board. */
      flex-wrap: wrap;
      overflow: hidden;
    }
    .cell.is-active {
      box-shadow: inset 0 0 0 2px var(--_fw-focus);
    }
    [part~='name'] {
      font-weight: 600;
    }
    .reason,
    .istate,
    .none,
    .more,
    .sep {
      color: var(--_fw-text-muted);
    }
    .reason,
    .istate,
    .none {
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .mark {
      display: inline-flex;
      align-items: center;
      gap: 0.125rem;
      padding-inline: var(--_fw-space-1);
      border-radius: var(--_fw-radius);
    }
    .mark--alert {
      color: var(--fw-team-board-alert-color, var(--_fw-alert));
      font-weight: 600;
    }
    .mark--help {
      color: var(--_fw-alert);
    }
    .mark--monitoring {
      color: var(--_fw-monitoring);
    }
    .mark--hold {
      color: var(--_fw-text);
    }
    .group {
      display: block;
      inline-size: 100%;
      background: var(--_fw-surface-sunken);
      border-block-end: 1px solid var(--_tb-border);
      font-weight: 600;
    }
    .group .cell {
      min-block-size: 2.25rem;
    }
    .group__count {
      color: var(--_fw-text-muted);
      font-weight: 400;
    }
    .action {
      font: inherit;
      color: var(--_fw-accent);
      background: transparent;
      border: 1px solid currentColor;
      border-radius: var(--_fw-radius);
      padding-block: 0.125rem;
      padding-inline: var(--_fw-space-2);
      cursor: pointer;
    }
    .action:hover,
    .action[aria-expanded='true'] {
      background: var(--_fw-surface-raised);
    }
    .action__pending {
      color: var(--_fw-text-muted);
      font-size: 0.75rem;
    }

    /* The row actions menu's own rules are in row-menu.styles.ts, loaded with the menu. */
    .action-message,
    .paused {
      margin: 0;
      font-size: 0.8125rem;
      color: var(--_fw-text-muted);
    }
    .action-message[data-kind='error'] {
      color: var(--_fw-alert);
    }
    /* An agent who left while the rows were held: in place, dimmed, until the hold ends. */
    .row[inert] {
      opacity: 0.5;
    }
    .empty {
      margin: 0;
      padding: var(--_fw-space-3);
      color: var(--_fw-text-muted);
      text-align: center;
    }
    @media (forced-colors: active) {
      .row--alert,
      .row--selected {
        border-inline-start-color: Highlight;
      }
      .cell.is-active {
        outline: 2px solid Highlight;
        outline-offset: -2px;
      }
    }
  }
`;
