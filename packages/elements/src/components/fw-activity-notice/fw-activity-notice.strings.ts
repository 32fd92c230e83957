import { defineCatalog } from '../../internal/localize.js';

/** English strings of `fw-activity-notice`, namespace `activity-notice`; the translators' source. */
export const activityNoticeCatalog = defineCatalog('activity-notice', {
  /** The element's heading. */
  heading: 'Activity sharing',
  /** What is shared, and how often: the granularity in words ("1 minute"). */
  what: (every: string): string =>
    `Your organisation shares how active you are from this device: Active, Idle or Away from desk, at most once every ${every}.`,
  /** What is never shared. */
  never: 'Never shared: the keys you press, what you type, where you click, what is on your screen, the sites you visit, or how many times you did anything.',
  /** The newest bucket shared, and when: "Shared now: Idle, since 9:04". */
  current: (bucket: string, time: string): string => `Shared now: ${bucket}, since ${time}`,
  /** Before anything was shared. */
  nothingYet: 'Nothing has been shared yet.',
  /** The history's heading. */
  historyHeading: 'What was shared',
  /** Announced at once when the signal goes on (or its terms change). */
  onAnnounced: (every: string): string =>
    `Your activity is now shared with your supervisors: Active, Idle or Away from desk, at most once every ${every}. Nothing else about your input is shared.`,
  /** Announced when the signal goes off. */
  offAnnounced: 'Your activity is no longer shared.',
});

/** The shape of the notice's strings, for translations. */
export type ActivityNoticeStrings = typeof activityNoticeCatalog.en;
