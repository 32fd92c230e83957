import { css, type CSSResult } from 'lit';

/** Styles of `fw-coaching-panel`, in the `fw` layer; knobs are `--fw-coaching-panel-*`. */
export const coachingPanelStyles: CSSResult = css`
  @layer fw {
    :host {
      display: block;
      font-size: 0.875rem;
    }
    .base {
      display: grid;
      gap: var(--_fw-space-3);
      padding: var(--fw-coaching-panel-padding, var(--_fw-space-4));
      border: 1px solid var(--fw-coaching-panel-border-color, var(--_fw-border));
      border-radius: var(--fw-coaching-panel-radius, var(--_fw-radius));
      background: var(--fw-coaching-panel-background, var(--_fw-surface));
    }
    p {
      margin: 0;
    }
    .heading {
      font-weight: 600;
      font-size: 1.1em;
    }
    .muted {
      color: var(--_fw-text-muted);
    }
    .interaction,
    .current,
    .message {
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
      grid-column: 1 / -1;
      font-weight: 600;
      color: var(--_fw-text-muted);
    }
    .mode {
      display: grid;
      gap: var(--_fw-space-1);
    }
    .button {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      gap: var(--_fw-space-2);
      min-block-size: 2.25rem;
      padding-block: var(--_fw-space-1);
      padding-inline: var(--_fw-space-3);
      border: 1px solid var(--_fw-border);
      border-radius: var(--fw-coaching-panel-radius, var(--_fw-radius));
      background: var(--_fw-surface);
      color: var(--_fw-text);
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    .mode-button[aria-pressed='true'] {
      border: 2px solid var(--fw-coaching-panel-active-color, var(--_fw-monitoring));
      background: var(--_fw-surface-raised);
      color: var(--fw-coaching-panel-active-color, var(--_fw-monitoring));
    }
    .mode-button[aria-pressed='true'] .label::before {
      content: '● ';
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
    .pending {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
      color: var(--fw-coaching-panel-pending-color, var(--_fw-accent));
      font-size: 0.8em;
      text-transform: uppercase;
      letter-spacing: 0.03em;
    }
    .pending .icon {
      animation: fw-coaching-panel-spin 1.6s linear infinite;
    }
    @keyframes fw-coaching-panel-spin {
      to {
        rotate: 1turn;
      }
    }
    .message {
      color: var(--_fw-text-muted);
    }
    .message .icon {
      flex: none;
      margin-block-start: 0.125em;
    }
    .message[data-kind='error'] {
      padding: var(--_fw-space-1) var(--_fw-space-2);
      border-radius: var(--_fw-radius);
      border-inline-start: 3px solid var(--fw-coaching-panel-error-color, var(--_fw-alert));
      background: var(--_fw-alert-surface);
      color: var(--fw-coaching-panel-error-color, var(--_fw-alert));
    }
    @media (forced-colors: active) {
      .mode-button[aria-pressed='true'] {
        border-color: Highlight;
        color: CanvasText;
      }
    }
  }
`;
