import { whyBusy } from '../../internal/busy.js';
import { defineCatalog } from '../../internal/localize.js';
import type { checkInAgentCatalog } from './agent.strings.js';
import type { checkInSupervisorCatalog } from './supervisor.strings.js';

/** English strings of `fw-check-in`, namespace `check-in`; the translators' source. */
export const checkInCatalog = defineCatalog('check-in', {
  you: 'you',
  heading: 'Check-ins',
  // (each side's own strings are in supervisor.strings.ts and agent.strings.ts)
  // ---- lists ----
  topic: (topic: string): string => `Topic: ${topic}`,
  /** Relative start: "in 3 hours". */
  starts: (relative: string): string => `Starts ${relative}`,
  /** States, as the supervisor reads them. */
  waitingAnswer: 'Waiting for the agent’s answer',
  accepted: 'Accepted',
  declined: 'Declined',
  counterFromAgent: (time: string): string => `The agent proposes ${time} instead`,
  starting: 'Started: waiting for the agent to confirm',
  live: 'Live',
  ended: 'Ended',
  /** A live check-in the platform ended after the longest a check-in runs. */
  endedLimit: 'Ended: its time limit was reached',
  notJoined: 'Ended: the agent did not join',
  /** A check-in whose window went by without a start, answered or not (the platform may have closed it). */
  missed: 'Missed: its window passed without a start',
  cancelled: (who: string): string => `Cancelled by ${who}`,
  // ---- actions on both sides ----
  cancel: 'Cancel',
  end: 'End',
  youAccepted: 'You accepted',
  // ---- announcements ----
  announceProposed: (who: string, time: string): string => `${who} proposes a check-in at ${time}.`,
  announceAnswer: (who: string, state: string): string => `${who}: ${state}.`,
  announceSoon: (who: string, time: string): string => `Check-in with ${who} at ${time}.`,
  announceLive: 'Check-in is live.',
  // ---- pending, failed ----
  pendingMark: 'Pending',
  failed: (why: string): string => `Not done. ${why}`,
  /** Shown and announced where a part of the element would be when its code could not be fetched. */
  partFailed: 'This part could not be loaded. Check the connection, then reload the page.',
  whyNotice: (notice: string): string => `It needs at least ${notice} notice.`,
  whyWindow: 'It is outside the check-in’s window.',
  whyConsent: 'The agent has not accepted it.',
  whyConflict: 'It changed meanwhile.',
  whyForbidden: 'Your role does not allow this.',
  whyNotConnected: 'Floorwalk is not connected to the platform.',
  whyTimeout: 'The platform did not confirm in time.',
  whyRefused: 'The platform refused it.',
  whyBusy,
  notLive: (connection: string): string => `Check-ins are unavailable: ${connection}`,
});

/** The shape of the element's strings, all three catalogs (each side's loads with it), for translations. */
export type CheckInStrings = typeof checkInCatalog.en & typeof checkInSupervisorCatalog.en & typeof checkInAgentCatalog.en;
