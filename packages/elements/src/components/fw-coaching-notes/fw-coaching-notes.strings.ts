import { whyBusy } from '../../internal/busy.js';
import { defineCatalog } from '../../internal/localize.js';

/** English strings of `fw-coaching-notes`, namespace `coaching-notes`; the translators' source. */
export const coachingNotesCatalog = defineCatalog('coaching-notes', {
  you: 'you',
  heading: 'Coaching notes',
  // ---- writing (supervisor) ----
  writeHeading: 'Write a note',
  agentLabel: 'Agent',
  chooseAgent: 'Choose an agent',
  bodyLabel: 'Note',
  interactionLabel: 'About an interaction (optional)',
  noInteraction: 'None',
  /** An interaction in the picker: "Voice, 10:42". */
  interactionOption: (channel: string, time: string): string => `${channel}, ${time}`,
  privateLabel: 'Private: supervisors only, never shown to the agent',
  save: 'Save note',
  noAgent: 'Choose an agent first.',
  noBody: 'Write the note first.',
  unsupported: 'Coaching notes are not available on this platform.',
  notAllowed: 'Your role cannot write coaching notes for this agent.',
  // ---- list ----
  none: 'No coaching notes.',
  /** A note's byline: "sup-1 about Alex Kim". */
  byline: (author: string, agent: string): string => `${author} about ${agent}`,
  /** A note's link to an interaction: "About a voice interaction at 10:42". */
  about: (channel: string, time: string): string => `About the ${channel.toLowerCase()} interaction at ${time}`,
  aboutUnknown: 'About an interaction no longer shown',
  private: 'Private',
  // ---- announcements ----
  announceNew: (who: string): string => `New coaching note from ${who}.`,
  announceSaved: 'Note saved.',
  // ---- pending, failed ----
  pendingMark: 'Pending',
  failed: (why: string): string => `Not saved. ${why}`,
  whyPrivate: 'Private notes are not allowed by your organisation’s policy.',
  whyForbidden: 'Your role does not allow this.',
  whyNotConnected: 'Floorwalk is not connected to the platform.',
  whyTimeout: 'The platform did not confirm in time.',
  whyRefused: 'The platform refused it.',
  /** The platform is limiting requests (RateLimited): \"The platform is busy: try again in 37 s.\" */
  whyBusy,
  notLive: (connection: string): string => `Coaching notes are unavailable: ${connection}`,
});

/** The shape of the element's strings, for translations. */
export type CoachingNotesStrings = typeof coachingNotesCatalog.en;
