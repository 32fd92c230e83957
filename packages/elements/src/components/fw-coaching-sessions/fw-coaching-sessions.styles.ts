import { css, type CSSResult } from 'lit';

/** Styles of `fw-coaching-sessions`, in the `fw` layer; knobs are `--fw-coaching-sessions-*`. */
export const coachingSessionsStyles: CSSResult = css`
  @layer fw {
    fieldset {
      margin: 0;
    }
    .subheading,
    legend {
      font-weight: 600;
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
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-2) var(--_fw-space-3);
    }
    .input {
      min-block-size: 2.25rem;
      padding-inline: var(--_fw-space-2);
      border: 1px solid var(--_fw-border);
      border-radius: var(--fw-coaching-sessions-radius, var(--_fw-radius));
      background: var(--_fw-surface);
      color: var(--_fw-text);
      font: inherit;
      font-weight: 400;
    }
    .input[aria-invalid='true'] {
      border: 2px solid var(--fw-coaching-sessions-error-color, var(--_fw-alert));
    }
    fieldset {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
      padding: var(--_fw-space-2);
      border: 1px solid var(--_fw-border);
      border-radius: var(--fw-coaching-sessions-radius, var(--_fw-radius));
    }
    .check {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
    }
    .item {
      display: grid;
      gap: var(--_fw-space-1);
      padding: var(--_fw-space-2) var(--_fw-space-3);
      border: 1px solid var(--_fw-border);
      border-inline-start: 4px solid var(--fw-coaching-sessions-accent-color, var(--_fw-accent));
      border-radius: var(--_fw-radius);
    }
    .item[data-when='now'] {
      border-inline-start-style: double;
    }
    .item[data-when='past'] {
      border-inline-start: 4px dashed var(--_fw-border);
    }
    .topic {
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
    }
    .button {
      justify-self: start;
      min-block-size: 2.25rem;
      padding-inline: var(--_fw-space-3);
      border: 1px solid var(--_fw-accent);
      border-radius: var(--fw-coaching-sessions-radius, var(--_fw-radius));
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
      border-inline-start: 3px solid var(--fw-coaching-sessions-error-color, var(--_fw-alert));
      background: var(--_fw-alert-surface);
      color: var(--fw-coaching-sessions-error-color, var(--_fw-alert));
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
