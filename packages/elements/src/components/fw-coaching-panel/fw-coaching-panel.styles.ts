import { css, type CSSResult } from 'lit';

/** Styles of `fw-coaching-panel` beyond the shared panel ones, in the `fw` layer; knobs are `--fw-coaching-panel-*`. */
export const coachingPanelStyles: CSSResult = css`
  @layer fw {
    .heading {
      display: block;
    }
    .interaction,
    .current {
      display: flex;
      align-items: flex-start;
      gap: var(--_fw-space-1);
    }
    .current .icon {
      color: var(--fw-coaching-panel-active-color, var(--_fw-monitoring));
    }
    .controls {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
      gap: var(--_fw-space-2);
      align-items: start;
    }
    .controls-label {
      grid-column: 1/-1;
      font-weight: 600;
      color: var(--_fw-text-muted);
    }
    .mode {
      display: grid;
      gap: var(--_fw-space-1);
    }
    .button {
      justify-content: center;
      gap: var(--_fw-space-2);
      padding-block: var(--_fw-space-1);
    }
    .mode-button[aria-pressed='true'] {
      border: 2px solid var(--fw-coaching-panel-active-color, var(--_fw-monitoring));
      background: var(--_fw-surface-raised);
      color: var(--fw-coaching-panel-active-color, var(--_fw-monitoring));
    }
    .mode-button[aria-pressed='true'] .label::before {
      content: '● ' / '';
    }
    .button[aria-disabled='true'] {
      cursor: progress;
    }
    .stop {
      align-self: end;
    }
    .explanation,
    .reason {
      color: var(--_fw-text-muted);
      font-size: 0.9em;
    }
    .reason {
      padding: var(--_fw-space-1) var(--_fw-space-2);
      border: 1px dashed var(--_fw-border);
      border-radius: var(--_fw-radius);
    }
    .message .icon {
      flex: none;
      margin-block-start: 0.125em;
    }
    @media (forced-colors: active) {
      .mode-button[aria-pressed='true'] {
        border-color: Highlight;
        color: CanvasText;
      }
    }
  }
`;
