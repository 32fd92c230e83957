import { css, type CSSResult } from 'lit';
import { evaluationFieldStyles } from './fields.styles.js';

/**
 * The rules only the evaluator's form uses (criteria, their answers, the live score), adopted
 * into the element's shadow root when the form module loads, so an agent's page never carries
 * them. Same `fw` layer and `--fw-evaluation-*` knobs as `fw-evaluation.styles.ts`.
 */
export const evaluationFormStyles: CSSResult = css`
  ${evaluationFieldStyles}
  @layer fw {
    .criterion {
      display: grid;
      gap: var(--_fw-space-1);
      margin: 0;
      padding: var(--_fw-space-2) var(--_fw-space-3);
      border: 1px solid var(--_fw-border);
      border-radius: var(--_fw-radius);
      /* A fieldset is at least as wide as its content: a long label would widen the form. */
      min-inline-size: 0;
    }
    .criterion[data-critical] {
      border-inline-start: 4px solid var(--fw-evaluation-critical-color, var(--_fw-alert));
    }
    .criterion[aria-invalid='true'] {
      border-color: var(--fw-evaluation-critical-color, var(--_fw-alert));
      border-style: dashed;
    }
    legend {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
      padding-inline: var(--_fw-space-1);
    }
    .criterion__label {
      font-weight: 600;
    }
    .criterion__meta {
      color: var(--_fw-text-muted);
    }
    .options {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
    }
    .option {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
      min-block-size: 1.75rem;
      cursor: pointer;
    }
    .option input {
      margin: 0;
      inline-size: 1rem;
      block-size: 1rem;
      accent-color: var(--fw-evaluation-accent-color, var(--_fw-accent));
    }
    .score {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: var(--_fw-space-2);
      padding: var(--_fw-space-2) var(--_fw-space-3);
      border-inline-start: 4px solid var(--fw-evaluation-accent-color, var(--_fw-accent));
      background: var(--_fw-surface-raised);
    }
    .score[data-critical] {
      border-inline-start-color: var(--fw-evaluation-critical-color, var(--_fw-alert));
      border-inline-start-style: double;
    }
    .score__label {
      font-weight: 600;
    }
    .score__value {
      display: inline-flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-2);
      font-variant-numeric: tabular-nums;
    }
  }
`;
