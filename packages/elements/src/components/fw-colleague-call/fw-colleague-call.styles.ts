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
    .call {
      display: grid;
      gap: var(--_fw-space-1);
      /* A person shown by a long id (an ARN) wraps rather than widening the panel. */
      overflow-wrap: anywhere;
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
    .button.hang-up {
      border-color: var(--fw-colleague-call-hang-up-color, var(--_fw-alert));
      background: var(--fw-colleague-call-hang-up-color, var(--_fw-alert));
    }
    @media (forced-colors: active) {
      .button.hang-up {
        border-color: ButtonText;
        background: ButtonFace;
      }
    }
  }
`;
