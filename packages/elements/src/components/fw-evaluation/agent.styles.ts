import { css, type CSSResult } from 'lit';
import { evaluationFieldStyles } from './fields.styles.js';

/**
 * The rules only the agent's side uses (the answers table), adopted into the element's shadow
 * root when that side's module loads, so an evaluator's page never carries them. Same `fw` layer
 * as `fw-evaluation.styles.ts`.
 */
export const evaluationAgentStyles: CSSResult = css`
  ${evaluationFieldStyles}
  @layer fw {
    .answers {
      border-collapse: collapse;
    }
    .answers th,
    .answers td {
      padding-block: 2px;
      padding-inline: var(--_fw-space-2);
      border-block-end: 1px solid var(--_fw-border);
      text-align: start;
    }
    .answers tbody th {
      font-weight: 400;
    }
  }
`;
