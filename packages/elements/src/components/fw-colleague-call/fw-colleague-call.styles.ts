import { css, type CSSResult } from 'lit';

/** Styles of `fw-colleague-call`, in the `fw` layer; knobs are `--fw-colleague-call-*`. */
export const colleagueCallStyles: CSSResult = css`
  @layer fw {
    fieldset {
      margin: 0;
    }
    legend,
    .title {
      font-weight: 600;
    }
    .form {
      display: grid;
      gap: var(--_fw-space-2);
    }
    fieldset {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
      padding: 0;
      border: 0;
    }
    .choice {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
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
      border-radius: var(--fw-colleague-call-radius, var(--_fw-radius));
      background: var(--_fw-surface);
      color: var(--_fw-text);
      font: inherit;
      font-weight: 400;
    }
    .input[aria-invalid='true'] {
      border: 2px solid var(--fw-colleague-call-error-color, var(--_fw-alert));
    }
    .call {
      display: grid;
      gap: var(--_fw-space-1);
      padding: var(--_fw-space-2) var(--_fw-space-3);
      border: 1px solid var(--_fw-border);
      border-inline-start: 4px solid var(--fw-colleague-call-connected-color, var(--_fw-accent));
      border-radius: var(--_fw-radius);
    }
    .call[data-state='ringing'] {
      border-inline-start-style: dotted;
    }
    .call[data-state='ended'] {
      border-inline-start: 4px dashed var(--_fw-border);
    }
    .state {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
      font-weight: 600;
    }
    .button {
      justify-self: start;
      min-block-size: 2.25rem;
      padding-inline: var(--_fw-space-3);
      border: 1px solid var(--_fw-accent);
      border-radius: var(--fw-colleague-call-radius, var(--_fw-radius));
      background: var(--_fw-accent);
      color: var(--_fw-surface);
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    .button.hang-up {
      border-color: var(--fw-colleague-call-hang-up-color, var(--_fw-alert));
      background: var(--fw-colleague-call-hang-up-color, var(--_fw-alert));
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
      border-inline-start: 3px solid var(--fw-colleague-call-error-color, var(--_fw-alert));
      background: var(--_fw-alert-surface);
      color: var(--fw-colleague-call-error-color, var(--_fw-alert));
    }
    @media (forced-colors: active) {
      .button,
      .button.hang-up {
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
