import type { Catalog } from '../../internal/localize.js';

const en = {
  noneAgent: 'No check-ins.',
  proposedToYou: (who: string): string => `${who} proposes a video check-in`,
  accept: 'Accept',
  /** Why Accept is not offered once the proposed time and its window have gone by. */
  whyGone: 'Its time has passed; decline it or propose another time.',
  decline: 'Decline',
  counter: 'Propose another time',
  counterLabel: 'Your time',
  sendCounter: 'Send',
  /** Under the counter-proposal's field, sent without a time (the supervisor's form says the same). */
  noTime: 'Choose a date and time.',
  pastTime: 'Choose a time in the future.',
  /** The supervisor's form says the same three. */
  skipped: (time: string, zone: string, would: string): string => `${time} does not exist in ${zone} that day because the clocks go forward; it would be ${would}. Choose another time.`,
  twice: (time: string, zone: string, first: string, second: string): string =>
    `${time} happens twice in ${zone} that day because the clocks go back: this proposes the first, ${first}, unless you choose the second, ${second}.`,
  whichTime: (time: string): string => `Which ${time}?`,
  youProposed: (time: string): string => `You proposed ${time}; waiting for the answer.`,
  /** The confirmation prompt. */
  joinPrompt: (who: string): string => `${who} is starting your check-in. Join now?`,
  joinExplain: 'Nothing starts until you join.',
  join: 'Join now',
  notNow: 'Not now',
};

/**
 * What only the agent's side says (the proposals' answers, the counter-proposal, the join
 * prompt), in the `check-in` namespace, so translations of it reach these too. It travels with
 * that side (`agent.ts`): a module that imports nothing at run time (hence the literal rather than
 * `defineCatalog`), so the bundler puts it in that chunk.
 */
export const checkInAgentCatalog: Catalog<typeof en> = { namespace: 'check-in', en };
