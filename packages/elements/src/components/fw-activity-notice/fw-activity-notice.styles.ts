import { css, type CSSResult } from 'lit';

/** Styles of `fw-activity-notice` beyond the shared panel ones, in the `fw` layer; knobs are `--fw-activity-notice-*`. */
export const activityNoticeStyles: CSSResult = css`
  @layer fw {
    .base {
      gap: var(--_fw-space-2);
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
