import { css, type CSSResult } from 'lit';

/** Styles of `fw-check-in` beyond the shared panel ones, in the `fw` layer; knobs are `--fw-check-in-*`. */
export const checkInStyles: CSSResult = css`
  @layer fw {
    .subheading {
      font-weight: 600;
    }
    .hint,
    .reason {
      color: var(--_fw-text-muted);
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
      font-weight: 400;
    }
    /* A topic or a name without a break (a pasted link) wraps inside the panel. */
    .item,
    .prompt {
      overflow-wrap: anywhere;
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
    .state {
      font-weight: 600;
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
    }
    .button[aria-disabled='true'] {
      cursor: not-allowed;
      opacity: 0.6;
    }
    @media (forced-colors: active) {
      .button[aria-disabled='true'] {
        color: GrayText;
      }
    }
  }
`;
