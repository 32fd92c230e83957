import { css, type CSSResult } from 'lit';

/** Styles of `fw-coaching-notes` beyond the shared panel ones, in the `fw` layer; knobs are `--fw-coaching-notes-*`. */
export const coachingNotesStyles: CSSResult = css`
  @layer fw {
    .subheading {
      font-weight: 600;
    }
    .check {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
    }
    .input {
      padding-block: var(--_fw-space-1);
    }
    textarea.input {
      min-block-size: 4.5rem;
      resize: vertical;
    }
    .list {
      display: grid;
      gap: var(--_fw-space-2);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .note {
      display: grid;
      gap: var(--_fw-space-1);
      padding: var(--_fw-space-2) var(--_fw-space-3);
      border: 1px solid var(--_fw-border);
      border-inline-start: 4px solid var(--fw-coaching-notes-accent-color, var(--_fw-accent));
      border-radius: var(--_fw-radius);
    }
    .note[data-private='true'] {
      border-inline-start-style: dashed;
    }
    .body {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
      color: var(--_fw-text-muted);
      overflow-wrap: anywhere;
    }
    .private {
      font-weight: 600;
      color: var(--_fw-text);
    }
  }
`;
