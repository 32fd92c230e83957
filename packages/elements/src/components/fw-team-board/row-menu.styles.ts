import { css, type CSSResult } from 'lit';

/*
 * The row actions menu's styles, in the board's `fw` layer, with its knobs
 * (`--fw-team-board-menu-background`, `--fw-team-board-border-color`, `--fw-team-board-font-size`).
 * They travel with `row-menu.ts` and are adopted into the board's shadow root when it loads:
 * a board that never opens a menu carries neither. One menu at a time, in the top layer so the
 * board's scrolling never clips it. The lines for sessions on agents gone from the board are
 * here too: they render from this module.
 */
export const rowMenuStyles: CSSResult = css`
  @layer fw {
    .menu-popup {
      position: fixed;
      inset: auto;
      margin: 0;
      padding: 0;
      border: 0;
      background: transparent;
      overflow: visible;
      color: var(--_fw-text);
      font-size: var(--fw-team-board-font-size, 0.875rem);
    }
    .menu {
      display: flex;
      flex-direction: column;
      min-inline-size: 12rem;
      max-inline-size: 20rem;
      max-block-size: 70vh;
      overflow: auto;
      padding-block: var(--_fw-space-1);
      background: var(--fw-team-board-menu-background, var(--_fw-surface));
      border: 1px solid var(--_tb-border);
      border-radius: var(--_fw-radius);
      box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 0.18);
    }
    .submenu {
      position: absolute;
      inset-inline-end: calc(100% - var(--_fw-space-1));
      inset-block-start: 0;
    }
    .menu__item {
      display: grid;
      grid-template-columns: 1rem 1fr auto;
      align-items: baseline;
      column-gap: var(--_fw-space-1);
      padding-block: var(--_fw-space-1);
      padding-inline: var(--_fw-space-2) var(--_fw-space-3);
      cursor: pointer;
    }
    .menu__item:hover,
    .menu__item:focus-visible {
      background: var(--_fw-surface-raised);
    }
    .menu__item:focus-visible {
      outline: 2px solid var(--_fw-focus);
      outline-offset: -2px;
    }
    .menu__item[aria-disabled='true'] {
      cursor: default;
    }
    .menu__item[aria-disabled='true'] .menu__label {
      color: var(--_fw-text-muted);
    }
    .menu__reason {
      grid-column: 2 / -1;
      font-size: 0.75rem;
      color: var(--_fw-text-muted);
    }
    .menu__check {
      color: var(--_fw-monitoring);
    }
    .menu__separator {
      border-block-start: 1px solid var(--_tb-border);
      margin-block: var(--_fw-space-1);
    }
    /* A session on an agent gone from the board, with its Stop (the rows' .action look). */
    .away {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: var(--_fw-space-2);
      margin: 0;
      font-size: 0.8125rem;
    }
  }
`;
