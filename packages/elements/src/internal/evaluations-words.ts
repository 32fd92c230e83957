import { ErrorCode, type FloorwalkError } from '@floorwalk/core';
import { html, type TemplateResult } from 'lit';
import { busySeconds } from './busy.js';
import { alertIcon } from './icons.js';

/**
 * What fw-evaluation and fw-review both say of the evaluations service they share. Each element's
 * catalog spreads these into its own namespace, so a translation of one element still reaches only
 * it, while a page with both (define-all) carries the English once.
 */
export const serviceWords = {
  you: 'you',
  pendingMark: 'Pending',
  failed: (why: string): string => `Not done. ${why}`,
  /** Shown and announced where a part of the element would be when its code could not be fetched. */
  partFailed: 'This part could not be loaded. Check the connection, then reload the page.',
  whyForbidden: 'Your role does not allow this.',
  whyScope: 'That agent is outside your teams.',
  whyUnknown: 'It is no longer available.',
  whyFailed: 'The evaluations service failed.',
  /** RateLimited: `seconds` is the service's wait (Genesys' Retry-After), 0 when it gave none. */
  whyBusy: (seconds: number): string => `The evaluations service is busy: try again ${seconds > 0 ? `in ${seconds} s` : 'shortly'}.`,
  /** A load that failed for now and is made again by itself in `seconds`; the user need do nothing. */
  loadAgain: (why: string, seconds: number): string => `Could not load. ${why} Trying again by itself in ${seconds} s.`,
  /** A load the service refused (a role, the teams): it is not made again by itself. */
  loadFailed: (why: string): string => `Could not load. ${why} Reload the page, or ask your administrator if it goes on.`,
  /** What happened to a load the service rate-limited (its wait is said by `loadAgain`). */
  busyNow: 'The evaluations service is busy.',
};

/** The shared words and each element's own for a conflict and for input that is not valid. */
type Words = typeof serviceWords & { readonly whyConflict: string; readonly whyInvalid: string };

/** Why a call to the evaluations service failed, in the element's words. */
export function whyNot(s: Words, error: FloorwalkError): string {
  switch (error.code) {
    case ErrorCode.Forbidden:
      return s.whyForbidden;
    case ErrorCode.OutOfScope:
      return s.whyScope;
    case ErrorCode.Conflict:
      return s.whyConflict;
    case ErrorCode.UnknownEntity:
      return s.whyUnknown;
    case ErrorCode.InvalidArgument:
      return s.whyInvalid;
    case ErrorCode.RateLimited:
      // The platform said how long to wait (Genesys' Retry-After); nothing was saved meanwhile.
      return s.whyBusy(busySeconds(error));
    default:
      return s.whyFailed;
  }
}

/**
 * What an element says in place of what it could not load. Nobody asked for the load, so none of
 * an action's "Not done… try again": a load made again by itself (`retryIn`, the controller's) says
 * when, politely; one refused for good says what the user can do, as an alert.
 */
export const loadFailure = (s: Words, error: FloorwalkError, retryIn: number | undefined): TemplateResult =>
  html`<p part="message" class="message" data-kind="error" role=${retryIn ? 'status' : 'alert'}>${alertIcon()}<span>${retryIn
    ? s.loadAgain(error.code === ErrorCode.RateLimited ? s.busyNow : whyNot(s, error), Math.ceil(retryIn / 1000))
    : s.loadFailed(whyNot(s, error))}</span></p>`;
