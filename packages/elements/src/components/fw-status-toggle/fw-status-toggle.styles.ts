import { css, type CSSResult } from 'lit';

/** Styles of `fw-status-toggle`, in the `fw` layer; knobs are `--fw-status-toggle-*`. */
export const statusToggleStyles: CSSResult = css`
  @layer fw {
    :host {
      display: inline-block;
      position: relative;
      font-size: var(--fw-status-toggle-font-size, 0.875rem);
    }
    .base {
      display: grid;
      grid-template-columns: auto 1fr;
      align-items: center;
      gap: var(--_fw-space-1) var(--_fw-space-2);
    }
    .label {
      color: var(--_fw-text-muted);
      font-weight: 600;
    }
    .control {
      position: relative;
      min-inline-size: 0;
    }
    .button {
      display: inline-flex;
      inline-size: 100%;
      align-items: center;
      gap: var(--_fw-space-2);
      min-block-size: 2.25rem;
      padding-block: var(--_fw-space-1);
      padding-inline: var(--_fw-space-3) var(--_fw-space-2);
      border: 1px solid var(--fw-status-toggle-border-color, var(--_fw-border));
      border-radius: var(--fw-status-toggle-radius, var(--_fw-radius));
      background: var(--fw-status-toggle-background, var(--_fw-surface));
      color: var(--_fw-text);
      font: inherit;
      text-align: start;
      cursor: pointer;
    }
    .button[aria-disabled='true'] {
      cursor: not-allowed;
      color: var(--_fw-text-muted);
      border-style: dashed;
    }
    /* Pending is not "disabled": the choice stands, it is waiting. */
    :host(:state(pending)) .button {
      cursor: progress;
      color: var(--_fw-text);
      border-style: solid;
      border-color: var(--fw-status-toggle-pending-color, var(--_fw-accent));
    }
    .button .icon,
    .item .icon {
      flex: none;
      color: var(--_fw-presence, currentColor);
    }
    .chevron {
      flex: none;
      margin-inline-start: auto;
    }
    .pending {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
      padding-inline: var(--_fw-space-1);
      border-radius: var(--_fw-radius);
      color: var(--fw-status-toggle-pending-color, var(--_fw-accent));
      font-weight: 600;
      /* Capitals by glyph, not text-transform: Chromium puts transformed text in the button's
         name ("PENDING"), which a screen reader may read as an abbreviation. Small capitals at
         1em are about as tall as the capitals at 0.8em were. */
      font-variant-caps: all-small-caps;
      letter-spacing: 0.03em;
    }
    .pending .icon {
      color: inherit;
      animation: fw-status-toggle-spin 1.6s linear infinite;
    }
    @keyframes fw-status-toggle-spin {
      to {
        rotate: 1turn;
      }
    }
    .details {
      grid-column: 2;
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
      color: var(--_fw-text-muted);
    }
    .message {
      grid-column: 1 / -1;
      display: flex;
      align-items: flex-start;
      gap: var(--_fw-space-1);
      margin: 0;
      color: var(--_fw-text-muted);
    }
    .message[data-kind='error'] {
      padding: var(--_fw-space-1) var(--_fw-space-2);
      border-radius: var(--_fw-radius);
      border-inline-start: 3px solid var(--fw-status-toggle-error-color, var(--_fw-alert));
      background: var(--_fw-alert-surface);
      color: var(--fw-status-toggle-error-color, var(--_fw-alert));
    }
    .message .icon {
      flex: none;
      margin-block-start: 0.125em;
    }
    .menu {
      position: absolute;
      z-index: var(--fw-status-toggle-menu-z-index, 10);
      inset-block-start: 100%;
      inset-inline-start: 0;
      min-inline-size: 14rem;
      max-block-size: var(--fw-status-toggle-menu-max-height, 20rem);
      overflow-y: auto;
      margin-block-start: var(--_fw-space-1);
      padding: var(--_fw-space-1);
      border: 1px solid var(--_fw-border);
      border-radius: var(--_fw-radius);
      background: var(--fw-status-toggle-menu-background, var(--_fw-surface-raised));
      box-shadow: 0 4px 16px rgb(0 0 0 / 0.18);
    }
    .menu[hidden] {
      display: none;
    }
    .item {
      display: flex;
      align-items: center;
      gap: var(--_fw-space-2);
      padding-block: var(--_fw-space-1);
      padding-inline: var(--_fw-space-2);
      border-radius: var(--_fw-radius);
      cursor: pointer;
    }
    .item:hover,
    .item:focus-visible {
      background: var(--_fw-surface-sunken);
    }
    .item:focus-visible {
      outline-offset: -2px;
    }
    .check {
      flex: none;
      inline-size: 1rem;
      margin-inline-start: auto;
      visibility: hidden;
    }
    .item[aria-checked='true'] {
      font-weight: 600;
    }
    .item[aria-checked='true'] .check {
      visibility: visible;
    }
    @media (forced-colors: active) {
      .item:focus-visible,
      .item:hover {
        outline: 2px solid Highlight;
      }
      .button[aria-disabled='true'] {
        color: GrayText;
        border-color: GrayText;
      }
    }
  }
`;
