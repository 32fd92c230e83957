import { css, type CSSResult } from 'lit';

/** Styles of `fw-activity-notice`, in the `fw` layer; knobs are `--fw-activity-notice-*`. */
export const activityNoticeStyles: CSSResult = css`
  @layer fw {
    :host {
      display: block;
      font-size: 0.875rem;
    }
    .base {
      display: grid;
      gap: var(--_fw-space-2);
      padding: var(--fw-activity-notice-padding, var(--_fw-space-4));
      border: 1px solid var(--fw-activity-notice-border-color, var(--_fw-border));
      border-radius: var(--fw-activity-notice-radius, var(--_fw-radius));
      background: var(--fw-activity-notice-background, var(--_fw-surface));
    }
    p {
      margin: 0;
    }
    .heading {
      display: flex;
      align-items: center;
      gap: var(--_fw-space-1);
      font-weight: 600;
      color: var(--_fw-text-muted);
    }
    .title {
      font-size: 1.1em;
      color: var(--_fw-text);
    }
    .muted {
      color: var(--_fw-text-muted);
    }
    .current {
      font-weight: 600;
    }
    .entries {
      display: grid;
      gap: var(--_fw-space-1);
      margin: 0;
      padding: 0;
      list-style: none;
    }
  }
`;
