import { css, type CSSResult } from 'lit';

/** Styles of `fw-chat` beyond the shared panel ones, in the `fw` layer; knobs are `--fw-chat-*`. */
export const chatStyles: CSSResult = css`
  @layer fw {
    .base {
      /* The layout folds to one column in a narrow pane (an agent's sidebar), whatever the viewport. */
      container-type: inline-size;
      padding: var(--_fw-space-3);
    }
    .layout {
      display: grid;
      grid-template-columns: minmax(10rem, 14rem) 1fr;
      gap: var(--_fw-space-3);
      min-inline-size: 0;
    }
    @container (max-width: 36rem) {
      .layout {
        grid-template-columns: 1fr;
      }
    }
    .label {
      font-weight: 600;
      margin-block-end: var(--_fw-space-1);
    }
    .list {
      display: grid;
      gap: 2px;
      max-block-size: var(--fw-chat-log-height, 20rem);
      overflow: auto;
    }
    .conversation {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 0 var(--_fw-space-2);
      padding: var(--_fw-space-2);
      border-inline-start: 3px solid transparent;
      border-radius: var(--_fw-radius);
      cursor: pointer;
    }
    .conversation:hover {
      background: var(--_fw-surface-raised);
    }
    .conversation[aria-selected='true'] {
      border-inline-start-color: var(--fw-chat-accent-color, var(--_fw-accent));
      background: var(--_fw-surface-sunken);
      font-weight: 600;
    }
    .who {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
      min-inline-size: 0;
    }
    .name,
    .preview {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .preview {
      grid-column: 1 / -1;
      color: var(--_fw-text-muted);
      font-weight: 400;
    }
    .badge {
      align-self: center;
      min-inline-size: 1.5em;
      padding: 0 0.4em;
      border-radius: 1em;
      background: var(--fw-chat-accent-color, var(--_fw-accent));
      color: var(--_fw-surface);
      font-size: 0.8em;
      font-weight: 700;
      text-align: center;
    }
    .main {
      display: grid;
      gap: var(--_fw-space-2);
      min-inline-size: 0;
    }
    .log {
      display: flex;
      flex-direction: column;
      gap: var(--_fw-space-2);
      block-size: var(--fw-chat-log-height, 20rem);
      overflow: auto;
      padding: var(--_fw-space-2);
      border: 1px solid var(--_fw-border);
      border-radius: var(--fw-chat-radius, var(--_fw-radius));
      background: var(--_fw-surface-raised);
    }
    .day {
      /* A day's separator stays first while older messages of that day come in below it: never
         the scroll anchor, or the reader's place would move with them. */
      overflow-anchor: none;
      align-self: center;
      color: var(--_fw-text-muted);
      font-size: 0.85em;
    }
    .message {
      display: grid;
      gap: 2px;
      /* Inherited: an author shown by a long id (an ARN) wraps like a long word in the text. */
      overflow-wrap: anywhere;
      max-inline-size: 85%;
      align-self: flex-start;
      padding: var(--_fw-space-1) var(--_fw-space-2);
      border: 1px solid var(--_fw-border);
      border-radius: var(--fw-chat-radius, var(--_fw-radius));
      background: var(--_fw-surface);
    }
    .message[data-own='true'] {
      align-self: flex-end;
      background: var(--fw-chat-own-background, var(--_fw-surface-sunken));
    }
    .meta {
      display: flex;
      gap: var(--_fw-space-2);
      font-size: 0.85em;
      color: var(--_fw-text-muted);
    }
    .author {
      font-weight: 600;
      color: var(--_fw-text);
    }
    .body {
      white-space: pre-wrap;
    }
    .delivery {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
      justify-self: end;
      font-size: 0.8em;
      color: var(--_fw-text-muted);
    }
    .delivery[data-state='read'] .icon {
      color: var(--fw-chat-accent-color, var(--_fw-accent));
    }
    .delivery[data-state='failed'],
    .note[data-kind='error'] {
      color: var(--_fw-alert);
    }
    .note {
      display: flex;
      align-items: flex-start;
      gap: var(--_fw-space-1);
      color: var(--_fw-text-muted);
    }
    @media (forced-colors: active) {
      .badge {
        border: 1px solid CanvasText;
        background: Canvas;
        color: CanvasText;
      }
      .conversation[aria-selected='true'] {
        border-inline-start-color: Highlight;
      }
    }
  }
`;
