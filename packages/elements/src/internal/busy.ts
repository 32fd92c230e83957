import type { FloorwalkError } from '@floorwalk/core';

// The elements that say it up front (fw-status-toggle, fw-coaching-notes, fw-coaching-sessions, fw-check-in,
// fw-colleague-call) import this module; the parts loaded on first need import busy-lazy.ts, the
// same words. One module for both made it a chunk of its own that define-all loads up front (+100 B
// gzip, over its ceiling); imported from common-strings.ts, a chunk each lazy part's element shares
// (+360 B gzip to fw-chat, fw-help-request and fw-coaching-panel, each over 8,192).
/**
 * Why a command failed when the platform is limiting requests (RateLimited): each element's catalog
 * lists it as its own `whyBusy`, in its namespace, so one English sentence serves them all (Spanish:
 * common-strings.es.ts' `whyBusyEs`).
 * `seconds` is the platform's wait ({@link busySeconds}), 0 when it gave none.
 */
export const whyBusy = (seconds: number): string => `The platform is busy: try again ${seconds > 0 ? `in ${seconds} s` : 'shortly'}.`;

/** The wait a RateLimited error carries (Genesys' Retry-After, measured on arrival), in whole seconds rounded up; 0 without one. */
export const busySeconds = (error: FloorwalkError): number => Math.ceil(Number(error.details?.['retryAfterMs'] ?? 0) / 1000);
