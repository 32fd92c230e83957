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
    /* The column headings are the catalog's short words: not the element's overflow-wrap:
       anywhere, by which a table sizes a column as if any word could break ("Answer" read "Ans"
       above "wer" in a narrow pane). The cells below keep it for long free text. */
    .answers thead {
      overflow-wrap: normal;
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
