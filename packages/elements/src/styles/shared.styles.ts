import { css, type CSSResult } from 'lit';

/**
 * What every Floorwalk element shares, in the `fw` cascade layer so host overrides win.
 * Private `--_fw-*` aliases read the semantic tokens (and the core spacing scale, the one knob
 * for density) with the light theme's values as fallback, so an element looks right on a page
 * that loads no theme, and follows one that does; they are set on `:host` only as aliases,
 * never as the public knobs, which stay inheritable. Elements that show presence use
 * {@link baseStyles}, which adds the presence colours.
 */
export const frameStyles: CSSResult = css`
  @layer fw {
    :host {
      --_fw-surface: var(--fw-sem-color-surface, #fff);
      --_fw-surface-raised: var(--fw-sem-color-surface-raised, #f6f7f9);
      --_fw-surface-sunken: var(--fw-sem-color-surface-sunken, #eceef2);
      --_fw-text: var(--fw-sem-color-text, #1b1f24);
      --_fw-text-muted: var(--fw-sem-color-text-muted, #59606d);
      --_fw-border: var(--fw-sem-color-border, #c4c9d2);
      --_fw-focus: var(--fw-sem-color-focus, #1d5bbf);
      --_fw-accent: var(--fw-sem-color-accent, #1d5bbf);
      --_fw-alert: var(--fw-sem-color-alert, #b3261e);
      --_fw-alert-surface: var(--fw-sem-color-alert-surface, #fdecea);
      --_fw-monitoring: var(--fw-sem-color-monitoring, #6236c2);
      --_fw-space-1: var(--fw-core-space-1, 0.25rem);
      --_fw-space-2: var(--fw-core-space-2, 0.5rem);
      --_fw-space-3: var(--fw-core-space-3, 0.75rem);
      --_fw-space-4: var(--fw-core-space-4, 1rem);
      --_fw-radius: var(--fw-core-radius-m, 0.375rem);
      box-sizing: border-box;
      font-family: var(--fw-sem-font-family, system-ui, sans-serif);
      color: var(--_fw-text);
    }
    :host([hidden]) {
      display: none !important;
    }
    *,
    *::before,
    *::after {
      box-sizing: inherit;
    }
    :focus-visible {
      outline: 2px solid var(--_fw-focus);
      outline-offset: 2px;
    }
    .fw-visually-hidden {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    .timer {
      font-variant-numeric: tabular-nums;
    }
    @media (prefers-reduced-motion: reduce) {
      *,
      *::before,
      *::after {
        animation-duration: 0s !important;
        transition-duration: 0s !important;
        scroll-behavior: auto !important;
      }
    }
    @media (forced-colors: active) {
      :host {
        --_fw-surface: Canvas;
        --_fw-surface-raised: Canvas;
        --_fw-surface-sunken: Canvas;
        --_fw-text: CanvasText;
        --_fw-text-muted: CanvasText;
        --_fw-border: CanvasText;
        --_fw-focus: Highlight;
        --_fw-accent: LinkText;
        --_fw-alert: Mark;
        --_fw-monitoring: LinkText;
      }
    }
  }
`;

/**
 * {@link frameStyles} and the presence colours (`--_fw-presence` under `[data-presence]`): what an
 * element that shows presence needs. Every use pairs the colour with an icon and a text label.
 * Built in a pure-annotated function so that bundlers leave it out of elements that use only
 * `frameStyles` (a tagged template at module level would be kept).
 */
export const baseStyles: CSSResult = /* @__PURE__ */ (() => css`
  ${frameStyles}
  @layer fw {
    [data-presence='available'] { --_fw-presence: var(--fw-sem-color-available, #17703f); }
    [data-presence='busy'] { --_fw-presence: var(--fw-sem-color-busy, #1d5bbf); }
    [data-presence='break'],
    [data-presence='meal'] { --_fw-presence: var(--fw-sem-color-break, #8a5a00); }
    [data-presence='meeting'],
    [data-presence='training'] { --_fw-presence: var(--fw-sem-color-meeting, #0d6b6b); }
    [data-presence='away'] { --_fw-presence: var(--fw-sem-color-away, #59606d); }
    [data-presence='offline'] { --_fw-presence: var(--fw-sem-color-offline, #59606d); }
    @media (forced-colors: active) {
      [data-presence] { --_fw-presence: CanvasText; }
    }
  }
`)();
