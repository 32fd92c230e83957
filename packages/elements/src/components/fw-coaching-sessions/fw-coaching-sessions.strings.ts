import { whyBusy } from '../../internal/busy.js';
import { defineCatalog } from '../../internal/localize.js';
import type { coachingSessionsFormCatalog } from './form.strings.js';

/** English strings of `fw-coaching-sessions`, namespace `coaching-sessions`; the translators' source. */
export const coachingSessionsCatalog = defineCatalog('coaching-sessions', {
  you: 'you',
  heading: 'Coaching sessions',
  // ---- scheduling (supervisor): the form's own words are in form.strings.ts ----
  reschedule: 'Reschedule',
  // ---- lists ----
  upcoming: 'Upcoming',
  pastHeading: 'Past',
  noneUpcoming: 'No sessions coming up.',
  nonePast: 'No past sessions.',
  /** An item's first line: "Refund calls". The topic is the person's own text. */
  with: (who: string): string => `With ${who}`,
  organiser: (who: string): string => `Organised by ${who}`,
  attendees: (names: string): string => `Attending: ${names}`,
  starts: (relative: string): string => `Starts ${relative}`,
  scheduled: 'Scheduled',
  inProgress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
  cancel: 'Cancel',
  /** The question before cancelling, and its two answers. */
  confirmCancel: (topic: string, time: string): string => `Cancel ${topic} (${time})? Everyone on it is told.`,
  keep: 'Keep it',
  cancelSession: 'Cancel session',
  // ---- announcements ----
  announceScheduled: (who: string, topic: string, time: string): string => `${who} scheduled a coaching session, ${topic}, at ${time}.`,
  announceMoved: (topic: string, time: string): string => `Coaching session ${topic} moved to ${time}.`,
  announceCancelled: (topic: string, time: string): string => `Coaching session ${topic} (${time}) cancelled.`,
  // ---- pending, failed ----
  failed: (why: string): string => `Not scheduled. ${why}`,
  notChanged: (why: string): string => `Not changed. ${why}`,
  whyChanged: 'The session has changed meanwhile.',
  whyPast: 'The time is not in the future.',
  whyForbidden: 'Your role does not allow this.',
  whyScope: 'This agent is not in your teams.',
  whyUnsupported: 'The platform does not offer it.',
  whyNotConnected: 'Floorwalk is not connected to the platform.',
  whyTimeout: 'The platform did not confirm in time.',
  whyRefused: 'The platform refused it.',
  /** The platform is limiting requests (RateLimited): \"The platform is busy: try again in 37 s.\" */
  whyBusy,
  notLive: (connection: string): string => `Coaching sessions are unavailable: ${connection}`,
  partFailed: 'This part could not be loaded. Check the connection, then reload the page.',
});

/** The shape of the element's strings, both catalogs (the form's loads with the form), for translations. */
export type CoachingSessionsStrings = typeof coachingSessionsCatalog.en & typeof coachingSessionsFormCatalog.en;
