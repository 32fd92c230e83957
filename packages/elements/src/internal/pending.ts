import { html, type TemplateResult } from 'lit';

/*
 * What the elements whose actions wait for the platform's confirmation (fw-chat, fw-check-in,
 * fw-help-request, fw-coaching-panel, fw-status-toggle) share. Internal.
 */

/** How long an action waits for the platform's confirmation when `confirm-timeout` is unset or not positive. */
export const DEFAULT_CONFIRM_TIMEOUT = 10_000;

/** The `confirm-timeout` in effect. */
export const confirmTimeoutOf = (ms: number): number => (ms > 0 ? ms : DEFAULT_CONFIRM_TIMEOUT);

/** A `heading-level` clamped to 1–6; anything else is 3. */
export function headingLevelOf(value: number): number {
  const level = Math.round(value);
  return level >= 1 && level <= 6 ? level : 3;
}

/** The hourglass beside a pending action; decorative. `spin` turns it (the `.spin` rule of noticeStyles). */
export function pendingIcon(spin = false): TemplateResult {
  return html`<svg class=${spin ? 'icon spin' : 'icon'} viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false"><path d="M4 1.5h8M4 14.5h8M5 2v2.5L8 8l3-3.5V2M5 14v-2.5L8 8l3 3.5V14" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/></svg>`;
}
