import { css, type CSSResult } from 'lit';

/** Styles of `fw-coaching-sessions`, in the `fw` layer; knobs are `--fw-coaching-sessions-*`. The form's own are in form.styles.ts. */
export const coachingSessionsStyles: CSSResult = css`
  @layer fw {
    .subheading {
      font-weight: 600;
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
    [data-state='cancelled'] .topic {
      text-decoration: line-through;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
    }
  }
`;
