import { css, type CSSResult } from 'lit';

/** What only the form shows (its row of fields, the attendees), adopted when it first renders. */
export const coachingSessionsFormStyles: CSSResult = css`
  @layer fw {
    legend {
      font-weight: 600;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-2) var(--_fw-space-3);
    }
    fieldset {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
      margin: 0;
      padding: var(--_fw-space-2);
      border: 1px solid var(--_fw-border);
      border-radius: var(--fw-coaching-sessions-radius, var(--_fw-radius));
    }
    .check {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
    }
  }
`;
