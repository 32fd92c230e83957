import { css, type CSSResult } from 'lit';

/** Styles of `fw-check-in`, in the `fw` layer; knobs are `--fw-check-in-*`. */
export const checkInStyles: CSSResult = css`
  @layer fw {
    :host {
      display: block;
      font-size: 0.875rem;
    }
    .base {
      display: grid;
      gap: var(--_fw-space-3);
      padding: var(--_fw-space-4);
      border: 1px solid var(--fw-check-in-border-color, var(--_fw-border));
      border-radius: var(--fw-check-in-radius, var(--_fw-radius));
      background: var(--fw-check-in-background, var(--_fw-surface));
    }
    p {
      margin: 0;
    }
    .heading,
    .prompt-title {
      display: flex;
      align-items: center;
      gap: var(--_fw-space-1);
      font-weight: 600;
      font-size: 1.1em;
    }
    .subheading {
      font-weight: 600;
    }
    .muted,
    .hint,
    .reason {
      color: var(--_fw-text-muted);
    }
    .hint,
    .reason {
      font-size: 0.9em;
    }
    .form,
    .counter {
      display: grid;
      gap: var(--_fw-space-2);
    }
    .field {
      display: grid;
      gap: var(--_fw-space-1);
      font-weight: 600;
    }
    .input {
      min-block-size: 2.25rem;
      padding-inline: var(--_fw-space-2);
      border: 1px solid var(--_fw-border);
      border-radius: var(--fw-check-in-radius, var(--_fw-radius));
      background: var(--_fw-surface);
      color: var(--_fw-text);
      font: inherit;
      font-weight: 400;
    }
    .input[aria-invalid='true'] {
      border-color: var(--fw-check-in-error-color, var(--_fw-alert));
      border-width: 2px;
    }
    .list {
      display: grid;
      gap: var(--_fw-space-2);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .item {
      display: grid;
      gap: var(--_fw-space-1);
      padding: var(--_fw-space-2) var(--_fw-space-3);
      border: 1px solid var(--_fw-border);
      border-inline-start: 4px solid var(--_fw-border);
      border-radius: var(--_fw-radius);
    }
    .item[data-answer='accepted'] {
      border-inline-start-color: var(--fw-check-in-accent-color, var(--_fw-accent));
    }
    .item[data-phase='live'],
    .item[data-phase='starting'] {
      border-inline-start-color: var(--fw-check-in-accent-color, var(--_fw-accent));
      border-inline-start-style: double;
    }
    .item[data-phase='cancelled'],
    .item[data-phase='ended'] {
      opacity: 0.8;
      border-inline-start-style: dashed;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
    }
    .state {
      font-weight: 600;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_fw-space-2);
    }
    .prompt {
      display: grid;
      gap: var(--_fw-space-2);
      padding: var(--_fw-space-3);
      border: 2px solid var(--fw-check-in-accent-color, var(--_fw-accent));
      border-radius: var(--fw-check-in-radius, var(--_fw-radius));
      background: var(--_fw-surface-raised);
    }
    .button {
      justify-self: start;
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
      min-block-size: 2.25rem;
      padding-inline: var(--_fw-space-3);
      border: 1px solid var(--_fw-border);
      border-radius: var(--fw-check-in-radius, var(--_fw-radius));
      background: var(--_fw-surface);
      color: var(--_fw-text);
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    .button.primary {
      border-color: var(--_fw-accent);
      background: var(--_fw-accent);
      color: var(--_fw-surface);
    }
    .button[aria-disabled='true'] {
      cursor: not-allowed;
      opacity: 0.6;
    }
    .pending {
      font-size: 0.8em;
      text-transform: uppercase;
    }
    .message {
      display: flex;
      align-items: flex-start;
      gap: var(--_fw-space-1);
      color: var(--_fw-text-muted);
    }
    .message[data-kind='error'] {
      padding: var(--_fw-space-1) var(--_fw-space-2);
      border-inline-start: 3px solid var(--fw-check-in-error-color, var(--_fw-alert));
      background: var(--_fw-alert-surface);
      color: var(--fw-check-in-error-color, var(--_fw-alert));
    }
    @media (forced-colors: active) {
      .button.primary {
        border-color: ButtonText;
        background: ButtonFace;
        color: ButtonText;
      }
      .button[aria-disabled='true'] {
        color: GrayText;
      }
    }
  }
`;
