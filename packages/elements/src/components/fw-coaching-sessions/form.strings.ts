import type { Catalog } from '../../internal/localize.js';

const en = {
  scheduleHeading: 'Schedule a session',
  agentLabel: 'Agent',
  chooseAgent: 'Choose an agent',
  whenLabel: 'When',
  durationLabel: 'Length',
  topicLabel: 'Topic',
  attendeesLabel: 'Also invite (optional)',
  noAttendees: 'Nobody else to invite.',
  schedule: 'Schedule',
  noAgent: 'Choose an agent first.',
  noTime: 'Choose a date and time.',
  past: 'Choose a time in the future.',
  /** A time the clocks skip, refused: "1:30 AM does not exist in Europe/London that day because the clocks go forward; it would be 2:30 AM BST. Choose another time." */
  skipped: (time: string, zone: string, would: string): string => `${time} does not exist in ${zone} that day because the clocks go forward; it would be ${would}. Choose another time.`,
  /** Beside the field, and voiced, as soon as it holds a time the clocks repeat; the first occurrence is booked unless the second is chosen. */
  twice: (time: string, zone: string, first: string, second: string): string =>
    `${time} happens twice in ${zone} that day because the clocks go back: this books the first, ${first}, unless you choose the second, ${second}.`,
  /** The legend of that choice, whose radio buttons are the two zoned clock times ("1:30 AM BST", "1:30 AM GMT"). */
  whichTime: (time: string): string => `Which ${time}?`,
  noTopic: 'Write a topic.',
  /** The form's heading while it moves a session: "Reschedule Refund calls (Mon 2 Dec, 10:00 GMT)". */
  moveHeading: (topic: string, time: string): string => `Reschedule ${topic} (${time})`,
  /** Leaves Reschedule without moving the session. */
  keepTime: 'Keep the time',
  /** Why the form cannot be used, shown instead of sending. */
  unsupported: 'Scheduling coaching sessions is not available on this platform.',
  notAllowed: 'Your role cannot schedule coaching sessions for this agent.',
  announceDone: 'Coaching session scheduled.',
  pendingMark: 'Pending',
};

/**
 * What only the supervisor's form says, in the `coaching-sessions` namespace, so translations of
 * it reach these too. It travels with the form (`form.ts`, loaded when a supervisor's view first
 * shows it): a module that imports nothing at run time (hence the literal rather than
 * `defineCatalog`), so the bundler puts it in that chunk and adds none the element loads up front.
 */
export const coachingSessionsFormCatalog: Catalog<typeof en> = { namespace: 'coaching-sessions', en };
