import { defineCatalog } from '../../internal/localize.js';

/** English strings of `fw-check-in`, namespace `check-in`; the translators' source. */
export const checkInCatalog = defineCatalog('check-in', {
  you: 'you',
  heading: 'Check-ins',
  // ---- proposing (supervisor) ----
  proposeHeading: 'Propose a check-in',
  agentLabel: 'Agent',
  chooseAgent: 'Choose an agent',
  whenLabel: 'When',
  /** Under the time field: "At least 24 hours' notice: from 28 Nov 2026, 10:00." */
  noticeHint: (notice: string, earliest: string): string => `At least ${notice} notice: from ${earliest}.`,
  topicLabel: 'Topic (optional)',
  propose: 'Propose',
  noAgent: 'Choose an agent first.',
  noTime: 'Choose a date and time.',
  tooSoon: (notice: string): string => `Too soon: a check-in needs at least ${notice} notice.`,
  // ---- lists ----
  noneSupervisor: 'No check-ins proposed.',
  noneAgent: 'No check-ins.',
  /** A check-in's line: "Alex Kim · Thu 29 Nov, 10:00". */
  with: (who: string): string => `With ${who}`,
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
  notJoined: 'Ended: the agent did not join',
  cancelled: (who: string): string => `Cancelled by ${who}`,
  // ---- supervisor's actions ----
  start: 'Start',
  cancel: 'Cancel',
  end: 'End',
  acceptCounter: 'Accept new time',
  refuseCounter: 'Keep mine (cancel)',
  whyNotAccepted: 'It can start once the agent accepts.',
  /** Why Start is not offered yet: "It can start from 09:50." */
  whyEarly: (time: string): string => `It can start from ${time}.`,
  whyLate: 'Its window has passed; propose a new one.',
  // ---- agent's view ----
  proposedToYou: (who: string): string => `${who} proposes a video check-in`,
  accept: 'Accept',
  decline: 'Decline',
  counter: 'Propose another time',
  counterLabel: 'Your time',
  sendCounter: 'Send',
  youProposed: (time: string): string => `You proposed ${time}; waiting for the answer.`,
  youAccepted: 'You accepted',
  /** The confirmation prompt. */
  joinPrompt: (who: string): string => `${who} is starting your check-in. Join now?`,
  joinExplain: 'Nothing starts until you join.',
  join: 'Join now',
  notNow: 'Not now',
  // ---- announcements ----
  announceProposed: (who: string, time: string): string => `${who} proposes a check-in at ${time}.`,
  announceAnswer: (who: string, state: string): string => `${who}: ${state}.`,
  announceSoon: (who: string, time: string): string => `Check-in with ${who} at ${time}.`,
  announceLive: 'Check-in is live.',
  // ---- pending, failed ----
  pendingMark: 'Pending',
  failed: (why: string): string => `Not done. ${why}`,
  whyNotice: (notice: string): string => `It needs at least ${notice} notice.`,
  whyWindow: 'It is outside the check-in’s window.',
  whyConsent: 'The agent has not accepted it.',
  whyConflict: 'It changed meanwhile.',
  whyForbidden: 'Your role does not allow this.',
  whyNotConnected: 'Floorwalk is not connected to the platform.',
  whyTimeout: 'The platform did not confirm in time.',
  whyRefused: 'The platform refused it.',
  notLive: (connection: string): string => `Check-ins are unavailable: ${connection}`,
});

/** The shape of the element's strings, for translations. */
export type CheckInStrings = typeof checkInCatalog.en;
