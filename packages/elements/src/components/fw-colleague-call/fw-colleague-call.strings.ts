import { whyBusy } from '../../internal/busy.js';
import { defineCatalog } from '../../internal/localize.js';

/** English strings of `fw-colleague-call`, namespace `colleague-call`; the translators' source. */
export const colleagueCallCatalog = defineCatalog('colleague-call', {
  you: 'you',
  heading: 'Calls with colleagues',
  // ---- starting ----
  kindLabel: 'Call',
  onePerson: 'One person',
  wholeTeam: 'A team',
  personLabel: 'Colleague',
  choosePerson: 'Choose a colleague',
  teamLabel: 'Team',
  chooseTeam: 'Choose a team',
  start: 'Start call',
  noPerson: 'Choose a colleague first.',
  noTeam: 'Choose a team first.',
  /** Why calls cannot be started, shown instead of the form. */
  unsupported: 'Calls between colleagues are not available on this platform: it offers no internal calls.',
  notAllowed: 'Your role cannot start calls with colleagues here.',
  // ---- calls ----
  none: 'No calls.',
  direct: (who: string): string => `Call with ${who}`,
  team: (count: number): string => `Team call, ${count} people`,
  /** Everyone on a team call but this user. */
  members: (names: string): string => `With ${names}`,
  ringing: 'Ringing…',
  connected: 'Connected',
  ended: 'Ended',
  /** How long an ended call lasted: "Lasted 2 minutes, 5 seconds". */
  lasted: (duration: string): string => `Lasted ${duration}`,
  startedBy: (who: string): string => `Started by ${who}`,
  hangUp: 'Hang up',
  // ---- announcements ----
  announceIncoming: (who: string): string => `${who} started a call with you.`,
  announceConnected: 'Call connected.',
  announceEnded: 'Call ended.',
  // ---- pending, failed ----
  pendingMark: 'Pending',
  failed: (why: string): string => `Not done. ${why}`,
  whyUnsupported: 'The platform offers no internal calls.',
  whyForbidden: 'You may not call this person.',
  whyGone: 'The call is already over.',
  whyNotConnected: 'Floorwalk is not connected to the platform.',
  whyTimeout: 'The platform did not confirm in time.',
  whyRefused: 'The platform refused it.',
  /** The platform is limiting requests (RateLimited): \"The platform is busy: try again in 37 s.\" */
  whyBusy,
  notLive: (connection: string): string => `Calls are unavailable: ${connection}`,
});

/** The shape of the element's strings, for translations. */
export type ColleagueCallStrings = typeof colleagueCallCatalog.en;
