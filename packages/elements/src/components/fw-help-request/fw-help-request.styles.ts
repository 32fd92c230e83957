import { css, type CSSResult } from 'lit';

/** Styles of `fw-help-request`, in the `fw` layer; knobs are `--fw-help-request-*`. */
export const helpRequestStyles: CSSResult = css`
  @layer fw {
    :host {
      display: block;
      font-size: 0.875rem;
    }
    .base {
      display: grid;
      gap: var(--_fw-space-3);
      padding: var(--fw-help-request-padding, var(--_fw-space-4));
      border: 1px solid var(--fw-help-request-border-color, var(--_fw-border));
      border-radius: var(--fw-help-request-radius, var(--_fw-radius));
      background: var(--fw-help-request-background, var(--_fw-surface));
    }
    p {
      margin: 0;
    }
    .heading {
      display: flex;
      align-items: center;
      gap: var(--_fw-space-1);
      font-weight: 600;
      font-size: 1.1em;
    }
    .heading .icon,
    .line .icon,
    .status > .icon {
      flex: none;
      color: var(--fw-help-request-accent-color, var(--_fw-alert));
    }
    .count,
    .muted {
      color: var(--_fw-text-muted);
      font-weight: 400;
    }
    .status {
      display: flex;
      align-items: flex-start;
      gap: var(--_fw-space-2);
    }
    .status .state {
      font-weight: 600;
    }
    .text {
      display: grid;
      gap: var(--_fw-space-1);
    }
    .form {
      display: grid;
      gap: var(--_fw-space-2);
    }
    .label {
      font-weight: 600;
    }
    .input {
      min-block-size: 2.25rem;
      padding-inline: var(--_fw-space-2);
      border: 1px solid var(--_fw-border);
      border-radius: var(--fw-help-request-radius, var(--_fw-radius));
      background: var(--_fw-surface);
      color: var(--_fw-text);
      font: inherit;
    }
    .input[aria-invalid='true'] {
      border-color: var(--fw-help-request-error-color, var(--_fw-alert));
      border-width: 2px;
    }
    .about,
    .on {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
    }
    .button {
      justify-self: start;
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
      min-block-size: 2.25rem;
      padding-inline: var(--_fw-space-3);
      border: 1px solid var(--_fw-border);
      border-radius: var(--fw-help-request-radius, var(--_fw-radius));
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
      cursor: progress;
    }
    .pending {
      font-size: 0.8em;
      text-transform: uppercase;
      letter-spacing: 0.03em;
    }
    .list {
      display: grid;
      gap: var(--_fw-space-2);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .request {
      display: grid;
      gap: var(--_fw-space-1);
      padding: var(--_fw-space-2) var(--_fw-space-3);
      border: 1px solid var(--_fw-border);
      border-inline-start: 4px solid var(--fw-help-request-accent-color, var(--_fw-alert));
      border-radius: var(--_fw-radius);
    }
    .request[data-state='acknowledged'] {
      border-inline-start-style: dashed;
    }
    .line {
      display: flex;
      align-items: flex-start;
      gap: var(--_fw-space-1);
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_fw-space-2);
    }
    .note {
      color: var(--_fw-text-muted);
      font-size: 0.9em;
    }
    .message {
      display: flex;
      align-items: flex-start;
      gap: var(--_fw-space-1);
      color: var(--_fw-text-muted);
    }
    .message[data-kind='error'] {
      padding: var(--_fw-space-1) var(--_fw-space-2);
      border-radius: var(--_fw-radius);
      border-inline-start: 3px solid var(--fw-help-request-error-color, var(--_fw-alert));
      background: var(--_fw-alert-surface);
      color: var(--fw-help-request-error-color, var(--_fw-alert));
    }
    .spin {
      animation: fw-help-request-spin 1.6s linear infinite;
    }
    @keyframes fw-help-request-spin {
      to {
        rotate: 1turn;
      }
    }
    @media (forced-colors: active) {
      .button.primary {
        border-color: ButtonText;
        background: ButtonFace;
        color: ButtonText;
      }
    }
  }
`;
