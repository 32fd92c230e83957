import type { FloorwalkError } from '@floorwalk/core';

// busy.ts' words for the parts loaded on first need (the chat composer, the help request's actions,
// the coaching panel's and the board's monitoring requests), kept in step with it: why two, see there.
/**
 * Why a command failed when the platform is limiting requests (RateLimited): each element's catalog
 * lists it as its own `whyBusy`, in its namespace, so one English sentence serves them all (Spanish:
 * common-strings.es.ts' `whyBusyEs`).
 * `seconds` is the platform's wait ({@link busySeconds}), 0 when it gave none.
 */
export const whyBusy = (seconds: number): string => `The platform is busy: try again ${seconds > 0 ? `in ${seconds} s` : 'shortly'}.`;

/** The wait a RateLimited error carries (Genesys' Retry-After, measured on arrival), in whole seconds rounded up; 0 without one. */
export const busySeconds = (error: FloorwalkError): number => Math.ceil(Number(error.details?.['retryAfterMs'] ?? 0) / 1000);
