import { css, unsafeCSS, type CSSResult } from 'lit';

/*
 * The panel look that fw-chat, fw-check-in, fw-help-request, fw-coaching-panel and
 * fw-monitoring-notice share, so that a page loading several of them carries each rule once.
 * Each element keeps its own public knobs (`--fw-<tag>-radius` and so on), so the rules that
 * read one are built per tag; the element's own styles follow and override what differs. One
 * template per group rather than one per rule set: each template and layer costs bytes in
 * every element that uses it. Internal.
 */

// Rules that two groups below hold, written once and spliced into each group's one template.
// Functions, not module-level css`` calls, which a bundler would keep in every element that
// imports this module.

/** The neutral `.button` (knob `-radius`) and a muted `.message` line with an icon beside its text. */
const neutral = (k: CSSResult): CSSResult => css`
    .button {
      display: inline-flex;
      align-items: center;
      gap: var(--_fw-space-1);
      border: 1px solid var(--_fw-border);
      background: var(--_fw-surface);
      color: var(--_fw-text);
      min-block-size: 2.25rem;
      padding-inline: var(--_fw-space-3);
      border-radius: var(${k}-radius, var(--_fw-radius));
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    .message {
      display: flex;
      align-items: flex-start;
      gap: var(--_fw-space-1);
      color: var(--_fw-text-muted);
    }`;

/** A text `.input` and its invalid state (knobs `-radius`, `-error-color`). */
const input = (k: CSSResult): CSSResult => css`
    .input {
      min-block-size: 2.25rem;
      padding-inline: var(--_fw-space-2);
      border: 1px solid var(--_fw-border);
      border-radius: var(${k}-radius, var(--_fw-radius));
      background: var(--_fw-surface);
      color: var(--_fw-text);
      font: inherit;
    }
    .input[aria-invalid='true'] {
      border-color: var(${k}-error-color, var(--_fw-alert));
      border-width: 2px;
    }`;

/** The accent `.button.primary` (a system button in forced colours) and a wrapping row of `.actions`. */
const primaryRow = (): CSSResult => css`
    .button.primary {
      border-color: var(--_fw-accent);
      background: var(--_fw-accent);
      color: var(--_fw-surface);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_fw-space-2);
    }
    @media (forced-colors: active) {
      .button.primary {
        border-color: ButtonText;
        background: ButtonFace;
        color: ButtonText;
      }
    }`;

/**
 * The host, the bordered `.base` wrapper (knobs `-padding`, `-border-color`, `-radius`,
 * `-background`), paragraphs, `.muted` and an icon-and-text `.heading`. `tag` is one of our own
 * tag literals: it is written into the CSS as the knobs' prefix.
 */
export function panelStyles(tag: string): CSSResult {
  const k = unsafeCSS(`--${tag}`);
  return css`
  @layer fw {
    :host {
      display: block;
      font-size: 0.875rem;
    }
    .base {
      display: grid;
      gap: var(--_fw-space-3);
      padding: var(${k}-padding, var(--_fw-space-4));
      border: 1px solid var(${k}-border-color, var(--_fw-border));
      border-radius: var(${k}-radius, var(--_fw-radius));
      background: var(${k}-background, var(--_fw-surface));
    }
    p {
      margin: 0;
    }
    .muted {
      color: var(--_fw-text-muted);
    }
    .heading {
      display: flex;
      align-items: center;
      gap: var(--_fw-space-1);
      font-weight: 600;
      font-size: 1.1em;
    }
  }
  `;
}

/**
 * Controls and feedback: `.button` (knob `-radius`), a `.message` line (pending, unavailable, or
 * `data-kind="error"`, knob `-error-color`), the `.pending` mark on a button and `.spin` for the
 * pending icon. The form and list rules are {@link fieldStyles}, apart, for the elements with
 * fields and lists (fw-coaching-panel has neither).
 */
export function controlStyles(tag: string): CSSResult {
  const k = unsafeCSS(`--${tag}`);
  return css`
  @layer fw {
    ${neutral(k)}
    .message[data-kind='error'] {
      padding: var(--_fw-space-1) var(--_fw-space-2);
      border-radius: var(--_fw-radius);
      border-inline-start: 3px solid var(${k}-error-color, var(--_fw-alert));
      background: var(--_fw-alert-surface);
      color: var(${k}-error-color, var(--_fw-alert));
    }
    .pending {
      /* Capitals by glyph, not text-transform: Chromium puts transformed text in the button's
         name ("Raise hand PENDING"), which a screen reader may read as an abbreviation. */
      font-variant-caps: all-small-caps;
      letter-spacing: 0.03em;
    }
    .spin {
      animation: fw-spin 1.6s linear infinite;
    }
    @keyframes fw-spin {
      to {
        rotate: 1turn;
      }
    }
  }
  `;
}

/**
 * Fields and lists, beside {@link controlStyles}: the `.primary` button, text `.input` with its
 * invalid state (knobs `-radius`, `-error-color`), a bare `.list` of cards, a wrapping `.meta`
 * line and a row of `.actions`.
 */
export function fieldStyles(tag: string): CSSResult {
  const k = unsafeCSS(`--${tag}`);
  return css`
  @layer fw {
    ${input(k)}
    .list {
      display: grid;
      gap: var(--_fw-space-2);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_fw-space-1) var(--_fw-space-3);
    }
    ${primaryRow()}
  }
  `;
}

/**
 * The form of fw-coaching-notes, fw-coaching-sessions and fw-colleague-call: `.form` and
 * `.field`, the text `.input` with its invalid state (knobs `-radius`, `-error-color`; the block
 * padding is the element's), an accent `.button` that sits at the start of its row (knob
 * `-radius`) and a `.message` line, muted or `data-kind="error"` (knob `-error-color`).
 */
export function formStyles(tag: string): CSSResult {
  const k = unsafeCSS(`--${tag}`);
  return css`
  @layer fw {
    .form,
    .field {
      display: grid;
      gap: var(--_fw-space-2);
    }
    .field {
      gap: var(--_fw-space-1);
      font-weight: 600;
    }
    ${input(k)}
    .input {
      font-weight: 400;
    }
    .button {
      justify-self: start;
      min-block-size: 2.25rem;
      padding-inline: var(--_fw-space-3);
      border-radius: var(${k}-radius, var(--_fw-radius));
      border: 1px solid var(--_fw-accent);
      background: var(--_fw-accent);
      color: var(--_fw-surface);
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    .button[aria-disabled='true'] {
      cursor: not-allowed;
      opacity: 0.6;
    }
    .message {
      color: var(--_fw-text-muted);
    }
    .message[data-kind='error'] {
      padding: var(--_fw-space-1) var(--_fw-space-2);
      border-inline-start: 3px solid var(${k}-error-color, var(--_fw-alert));
      background: var(--_fw-alert-surface);
      color: var(${k}-error-color, var(--_fw-alert));
    }
    @media (forced-colors: active) {
      .button {
        border-color: ButtonText;
        background: ButtonFace;
        color: ButtonText;
      }
      .button[aria-disabled='true'] {
        color: GrayText;
      }
    }
  }
  `;
}

/**
 * What fw-evaluation and fw-review share: `.subheading`, a muted `.reason`, a row of `.actions`
 * with neutral and `.primary` buttons (knob `-radius`), a disabled button, a small `.pending`
 * mark and a `.message` line. The error look of a message is each element's own.
 */
export function reviewFormStyles(tag: string): CSSResult {
  const k = unsafeCSS(`--${tag}`);
  return css`
  @layer fw {
    .subheading {
      font-weight: 600;
    }
    .reason {
      color: var(--_fw-text-muted);
      font-size: 0.9em;
    }
    ${neutral(k)}
    ${primaryRow()}
    .button[aria-disabled='true'] {
      cursor: not-allowed;
      opacity: 0.6;
    }
    .pending {
      font-size: 0.8em;
    }
    @media (forced-colors: active) {
      .button[aria-disabled='true'] {
        color: GrayText;
      }
    }
  }
  `;
}
