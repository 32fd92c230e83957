import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import type { Channel, PresenceState } from '@floorwalk/core';

// Each set (and each mark) is built on first use rather than at module level: a module-level svg``
// call is code a bundler must keep, so every element would carry every icon; built in a function,
// an element that never asks for a set or mark leaves it out.

// Each presence state has its own shape, not just its own colour, so the state reads without
// colour vision and in forced-colours mode. Icons are decorative: a text label always sits beside.
const presenceShapes = (): Readonly<Record<PresenceState, SVGTemplateResult>> => ({
  available: svg`<circle cx="8" cy="8" r="6" fill="currentColor"/>`,
  busy: svg`<rect x="2" y="2" width="12" height="12" rx="2" fill="currentColor"/>`,
  break: svg`<path d="M8 1.5 14.5 14h-13z" fill="currentColor"/>`,
  meal: svg`<path d="M8 1.5 14.5 14h-13z" fill="none" stroke="currentColor" stroke-width="2"/>`,
  meeting: svg`<path d="M8 1 15 8 8 15 1 8z" fill="currentColor"/>`,
  training: svg`<path d="M8 1 15 8 8 15 1 8z" fill="none" stroke="currentColor" stroke-width="2"/>`,
  away: svg`<circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="M8 5v3.5l2 1.5" fill="none" stroke="currentColor" stroke-width="1.5"/>`,
  offline: svg`<circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="M4 12 12 4" stroke="currentColor" stroke-width="2"/>`,
});

// One function per channel's shape: an element that names its channels where it writes them
// (fw-chat's chat and message, fw-check-in's video, fw-colleague-call's voice) carries only those
// shapes; channelIcon, for a channel known only at run time, builds all six on first use.
const voice = (): SVGTemplateResult =>
  svg`<path d="M4.5 1.5 6.5 5 5 6.5a8 8 0 0 0 4.5 4.5L11 9.5l3.5 2-.8 2.3A2 2 0 0 1 11.5 15C6.8 14.6 1.4 9.2 1 4.5A2 2 0 0 1 2.2 2.3z" fill="currentColor"/>`;
const chat = (): SVGTemplateResult => svg`<path d="M2 2.5h12v8.5H7l-3.5 3v-3H2z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/>`;
const message = (): SVGTemplateResult => svg`<path d="M2 3h12v7.5H6L3 13.5v-3H2z" fill="currentColor"/>`;
const video = (): SVGTemplateResult =>
  svg`<rect x="1.5" y="4" width="9" height="8" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="m10.5 7 4-2.5v7l-4-2.5z" fill="currentColor"/>`;
const channelShapes = (): Readonly<Record<Channel, SVGTemplateResult>> => ({
  voice: voice(),
  chat: chat(),
  message: message(),
  video: video(),
  email: svg`<rect x="1.5" y="3" width="13" height="10" rx="1" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="m2 4 6 5 6-5" fill="none" stroke="currentColor" stroke-width="1.6"/>`,
  task: svg`<rect x="2" y="2" width="12" height="12" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="m5 8 2 2 4-4" fill="none" stroke="currentColor" stroke-width="1.6"/>`,
});


let presence: ReturnType<typeof presenceShapes> | undefined;
let channels: ReturnType<typeof channelShapes> | undefined;

function icon(shape: SVGTemplateResult, part: string): TemplateResult {
  return html`<svg part=${part} class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">${shape}</svg>`;
}

/** A presence state's icon; decorative, so always render its label beside it. */
export function presenceIcon(state: PresenceState): TemplateResult {
  return icon((presence ??= presenceShapes())[state], 'presence-icon');
}

/** A channel's icon; decorative, so always render its label beside it. */
export function channelIcon(channel: Channel): TemplateResult {
  return icon((channels ??= channelShapes())[channel], 'channel-icon');
}

// Built per call (Lit caches the template by its strings; these elements draw a handful).
/** The voice channel's icon, as `channelIcon('voice')` renders it. */
export const voiceIcon = (): TemplateResult => icon(voice(), 'channel-icon');
/** The chat channel's icon, as `channelIcon('chat')` renders it. */
export const chatIcon = (): TemplateResult => icon(chat(), 'channel-icon');
/** The message channel's icon, as `channelIcon('message')` renders it. */
export const messageIcon = (): TemplateResult => icon(message(), 'channel-icon');
/** The video channel's icon, as `channelIcon('video')` renders it. */
export const videoIcon = (): TemplateResult => icon(video(), 'channel-icon');

// The marks (help requested, being monitored, on hold, over a threshold, activity) are decorative,
// one function each: most elements show one of them, the alert.
let alertShape: SVGTemplateResult | undefined;
/** The mark for an alert or an error; decorative. */
export function alertIcon(): TemplateResult {
  return icon((alertShape ??= svg`<path d="M8 1.5 15 14H1z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/><path d="M8 6v4" stroke="currentColor" stroke-width="1.6"/><circle cx="8" cy="12" r=".9" fill="currentColor"/>`), 'alert-icon');
}

let info: TemplateResult | undefined;
/** The mark beside a pending or unavailable message (fw-status-toggle, fw-coaching-panel); decorative, and without a part. */
export function infoIcon(): TemplateResult {
  return (info ??= html`<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M8 7v4.5" stroke="currentColor" stroke-width="1.6"/><circle cx="8" cy="4.8" r=".9" fill="currentColor"/></svg>`);
}

let helpShape: SVGTemplateResult | undefined;
/** The mark for help requested; decorative. */
export function helpIcon(): TemplateResult {
  return icon((helpShape ??= svg`<path d="M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13z" fill="currentColor"/><path d="M6.2 6a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.6" fill="none" stroke="#fff" stroke-width="1.5"/><circle cx="8" cy="11.6" r=".9" fill="#fff"/>`), 'help-icon');
}

let monitoringShape: SVGTemplateResult | undefined;
/** The mark for being monitored; decorative. */
export function monitoringIcon(): TemplateResult {
  return icon((monitoringShape ??= svg`<path d="M1 8s2.5-5 7-5 7 5 7 5-2.5 5-7 5-7-5-7-5z" fill="none" stroke="currentColor" stroke-width="1.6"/><circle cx="8" cy="8" r="2.2" fill="currentColor"/>`), 'monitoring-icon');
}

let holdShape: SVGTemplateResult | undefined;
/** The mark for on hold; decorative. */
export function holdIcon(): TemplateResult {
  return icon((holdShape ??= svg`<rect x="4" y="3" width="3" height="10" fill="currentColor"/><rect x="9" y="3" width="3" height="10" fill="currentColor"/>`), 'hold-icon');
}

let activityShape: SVGTemplateResult | undefined;
/** The mark for activity; decorative. */
export function activityIcon(): TemplateResult {
  return icon((activityShape ??= svg`<path d="M1 8h3l2-5 4 10 2-5h3" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/>`), 'activity-icon');
}

/** The hourglass beside a pending action; decorative. `spin` turns it (the `.spin` rule of controlStyles). */
export function pendingIcon(spin = false): TemplateResult {
  return html`<svg class=${spin ? 'icon spin' : 'icon'} viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false"><path d="M4 1.5h8M4 14.5h8M5 2v2.5L8 8l3-3.5V2M5 14v-2.5L8 8l3 3.5V14" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/></svg>`;
}
