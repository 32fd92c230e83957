import { css, type CSSResult } from 'lit';

/** Styles of `fw-coaching-notes`, in the `fw` layer; knobs are `--fw-coaching-notes-*`. */
export const coachingNotesStyles: CSSResult = css`
  @layer fw {
    :host {
      display: block;
      font-size: 0.875rem;
    }
    .base {
      display: grid;
      gap: var(--_fw-space-3);
      padding: var(--_fw-space-4);
      border: 1px solid var(--fw-coaching-notes-border-color, var(--_fw-border));
      border-radius: var(--fw-coaching-notes-radius, var(--_fw-radius));
      background: var(--fw-coaching-notes-background, var(--_fw-surface));
    }
    p {
      margin: 0;
    }
    .heading {
      font-weight: 600;
      font-size: 1.1em;
    }
    .subheading {
      font-weight: 600;
    }
    .muted {
      color: var(--_fw-text-muted);
    }
    .form,
    .field {
      display: grid;
      gap: var(--_fw-space-2);
    }
    .field {
      gap: var(--_fw-space-1);
      font-weight: 600;
    }
    .check {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
    }
    .input {
      min-block-size: 2.25rem;
      padding: var(--_fw-space-1) var(--_fw-space-2);
      border: 1px solid var(--_fw-border);
      border-radius: var(--fw-coaching-notes-radius, var(--_fw-radius));
      background: var(--_fw-surface);
      color: var(--_fw-text);
      font: inherit;
      font-weight: 400;
    }
    textarea.input {
      min-block-size: 4.5rem;
      resize: vertical;
    }
    .input[aria-invalid='true'] {
      border: 2px solid var(--fw-coaching-notes-error-color, var(--_fw-alert));
    }
    .list {
      display: grid;
      gap: var(--_fw-space-2);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .note {
      display: grid;
      gap: var(--_fw-space-1);
      padding: var(--_fw-space-2) var(--_fw-space-3);
      border: 1px solid var(--_fw-border);
      border-inline-start: 4px solid var(--fw-coaching-notes-accent-color, var(--_fw-accent));
      border-radius: var(--_fw-radius);
    }
    .note[data-private='true'] {
      border-inline-start-style: dashed;
    }
    .body {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
      color: var(--_fw-text-muted);
    }
    .private {
      font-weight: 600;
      color: var(--_fw-text);
    }
    .button {
      justify-self: start;
      min-block-size: 2.25rem;
      padding-inline: var(--_fw-space-3);
      border: 1px solid var(--_fw-accent);
      border-radius: var(--fw-coaching-notes-radius, var(--_fw-radius));
      background: var(--_fw-accent);
      color: var(--_fw-surface);
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    .button[aria-disabled='true'] {
      cursor: not-allowed;
      opacity: 0.6;
    }
    .message {
      color: var(--_fw-text-muted);
    }
    .message[data-kind='error'] {
      padding: var(--_fw-space-1) var(--_fw-space-2);
      border-inline-start: 3px solid var(--fw-coaching-notes-error-color, var(--_fw-alert));
      background: var(--_fw-alert-surface);
      color: var(--fw-coaching-notes-error-color, var(--_fw-alert));
    }
    @media (forced-colors: active) {
      .button {
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
