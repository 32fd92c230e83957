import { css, type CSSResult } from 'lit';

/** Styles of `fw-help-request` beyond the shared panel ones, in the `fw` layer; knobs are `--fw-help-request-*`. */
export const helpRequestStyles: CSSResult = css`
  @layer fw {
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
    .about,
    .on {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
    }
    .button {
      justify-self: start;
    }
    .button[aria-disabled='true'] {
      cursor: progress;
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
    .note {
      color: var(--_fw-text-muted);
      font-size: 0.9em;
    }
  }
`;
