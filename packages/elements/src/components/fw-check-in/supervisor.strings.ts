import type { Catalog } from '../../internal/localize.js';

const en = {
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
  /** A time the clocks skip, refused: "1:30 AM does not exist in Europe/London that day because the clocks go forward; it would be 2:30 AM BST. Choose another time." */
  skipped: (time: string, zone: string, would: string): string => `${time} does not exist in ${zone} that day because the clocks go forward; it would be ${would}. Choose another time.`,
  /** Beside the field, and voiced, as soon as it holds a time the clocks repeat; the first occurrence is proposed unless the second is chosen. */
  twice: (time: string, zone: string, first: string, second: string): string =>
    `${time} happens twice in ${zone} that day because the clocks go back: this proposes the first, ${first}, unless you choose the second, ${second}.`,
  /** The legend of that choice, whose radio buttons are the two zoned clock times ("1:30 AM BST", "1:30 AM GMT"). */
  whichTime: (time: string): string => `Which ${time}?`,
  tooSoon: (notice: string): string => `Too soon: a check-in needs at least ${notice} notice.`,
  noneSupervisor: 'No check-ins proposed.',
  /** A check-in's line: "With Alex Kim". */
  with: (who: string): string => `With ${who}`,
  start: 'Start',
  acceptCounter: 'Accept new time',
  refuseCounter: 'Keep mine (cancel)',
  whyNotAccepted: 'It can start once the agent accepts.',
  /** Why Start is not offered yet: "It can start from Sun, Nov 29, 9:50 AM GMT." */
  whyEarly: (time: string): string => `It can start from ${time}.`,
  whyLate: 'Its window has passed; propose a new one.',
};

/**
 * What only the supervisor's side says (the proposal form, Start and the counter-proposal's
 * answers), in the `check-in` namespace, so translations of it reach these too. It travels with
 * that side (`supervisor.ts`): a module that imports nothing at run time (hence the literal rather
 * than `defineCatalog`), so the bundler puts it in that chunk.
 */
export const checkInSupervisorCatalog: Catalog<typeof en> = { namespace: 'check-in', en };
