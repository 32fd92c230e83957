import { css, type CSSResult } from 'lit';

/** Styles of `fw-evaluation`, in the `fw` layer; knobs are `--fw-evaluation-*`. */
export const evaluationStyles: CSSResult = css`
  @layer fw {
    .list-wrap {
      display: grid;
      gap: var(--_fw-space-2);
    }
    /* A word longer than the element (a pasted link, a long label) breaks rather than widening
       the grid's one column. The form's and the reply's fields do the same (fields.styles.ts). */
    .base,
    .list-wrap {
      grid-template-columns: minmax(0, 1fr);
      overflow-wrap: anywhere;
    }
    .score__critical {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
      color: var(--fw-evaluation-critical-color, var(--_fw-alert));
      font-weight: 600;
    }
    .item {
      display: grid;
      gap: var(--_fw-space-1);
      padding: var(--_fw-space-2) var(--_fw-space-3);
      border: 1px solid var(--_fw-border);
      border-inline-start: 4px solid var(--_fw-border);
      border-radius: var(--_fw-radius);
    }
    .item[data-state='released'] {
      border-inline-start-color: var(--fw-evaluation-accent-color, var(--_fw-accent));
    }
    .item[data-state='disputed'] {
      border-inline-start-color: var(--fw-evaluation-critical-color, var(--_fw-alert));
      border-inline-start-style: double;
    }
    .item[data-state='draft'] {
      border-inline-start-style: dashed;
    }
    .line {
      display: flex;
      align-items: center;
      gap: var(--_fw-space-1);
    }
    .state,
    .item__score {
      font-weight: 600;
    }
    .comment {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .message[data-kind='error'] {
      padding: var(--_fw-space-1) var(--_fw-space-2);
      border-inline-start: 3px solid var(--fw-evaluation-critical-color, var(--_fw-alert));
      background: var(--_fw-alert-surface);
      color: var(--fw-evaluation-critical-color, var(--_fw-alert));
    }
  }
`;
