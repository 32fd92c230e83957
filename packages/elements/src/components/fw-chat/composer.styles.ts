import { css, type CSSResult } from 'lit';

/**
 * The composer's rules (the draft field, its count, Send, and Retry and Discard under a message
 * not sent), adopted into the element's shadow root when the composer's module loads. Same `fw`
 * layer and `--fw-chat-*` knobs as `fw-chat.styles.ts`.
 */
export const chatComposerStyles: CSSResult = css`
  @layer fw {
    .composer {
      display: grid;
      gap: var(--_fw-space-1);
    }
    .input {
      inline-size: 100%;
      resize: vertical;
      padding: var(--_fw-space-2);
      border: 1px solid var(--_fw-border);
      border-radius: var(--fw-chat-radius, var(--_fw-radius));
      background: var(--_fw-surface);
      color: var(--_fw-text);
      font: inherit;
    }
    .input[aria-invalid='true'] {
      border-color: var(--_fw-alert);
      border-width: 2px;
    }
    .under {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: var(--_fw-space-2);
    }
    .count {
      color: var(--_fw-text-muted);
      font-size: 0.85em;
      font-variant-numeric: tabular-nums;
    }
    .count[data-over='true'] {
      color: var(--_fw-alert);
      font-weight: 600;
    }
    .actions {
      display: flex;
      gap: var(--_fw-space-2);
    }
    .button {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
      min-block-size: 2rem;
      padding-inline: var(--_fw-space-3);
      border: 1px solid var(--_fw-border);
      border-radius: var(--fw-chat-radius, var(--_fw-radius));
      background: var(--_fw-surface);
      color: var(--_fw-text);
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    .button.primary {
      border-color: var(--_fw-accent);
      background: var(--_fw-accent);
      color: var(--_fw-surface);
    }
    @media (forced-colors: active) {
      .button.primary {
        border: 1px solid CanvasText;
        background: Canvas;
        color: CanvasText;
      }
    }
  }
`;
