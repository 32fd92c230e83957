import { css, type CSSResult } from 'lit';

/**
 * The fields of both sides' parts (the evaluator's form, the agent's reply), in the form's and
 * the agent's styles: each part's module brings them when it loads, so the element's up-front code
 * carries no rule for a control it does not render itself. Same `fw` layer and knobs as
 * `fw-evaluation.styles.ts`.
 */
export const evaluationFieldStyles: CSSResult = css`
  @layer fw {
    .form,
    .reply {
      display: grid;
      gap: var(--_fw-space-2);
    }
    /* A word longer than the element (a pasted link, a long label) breaks rather than widening
       the grid's one column, and a picker never outgrows it. */
    .form,
    .reply,
    .field {
      grid-template-columns: minmax(0, 1fr);
      overflow-wrap: anywhere;
    }
    .field {
      display: grid;
      gap: var(--_fw-space-1);
      font-weight: 600;
    }
    .input {
      min-block-size: 2.25rem;
      padding: var(--_fw-space-1) var(--_fw-space-2);
      border: 1px solid var(--_fw-border);
      border-radius: var(--fw-evaluation-radius, var(--_fw-radius));
      background: var(--_fw-surface);
      color: var(--_fw-text);
      font: inherit;
      font-weight: 400;
    }
    .input[aria-invalid='true'] {
      border-color: var(--fw-evaluation-critical-color, var(--_fw-alert));
      border-width: 2px;
    }
    .critical-mark {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
      color: var(--fw-evaluation-critical-color, var(--_fw-alert));
      font-weight: 600;
    }
  }
`;
