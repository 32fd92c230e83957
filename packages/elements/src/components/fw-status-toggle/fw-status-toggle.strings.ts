import { whyBusy } from '../../internal/busy.js';
import { defineCatalog } from '../../internal/localize.js';

/** English strings of `fw-status-toggle`, namespace `status-toggle`; the translators' source. */
export const statusToggleCatalog = defineCatalog('status-toggle', {
  /** The visible label before the button. */
  label: 'My status',
  /** The menu's name. */
  menuLabel: 'Choose a status',
  /** A menu item: a state with a reason code ("Break: Coffee"), both already localised. */
  option: (state: string, reason: string): string => `${state}: ${reason}`,
  /** Beside the time in state: "4:05 in this status". */
  timeInState: (time: string): string => `${time} in this status`,
  /** Before the routing activity. */
  routing: 'Routing',
  /** The short mark inside the button while a change waits for the platform. */
  pendingMark: 'Pending',
  /** The message while a change waits for confirmation. */
  pending: (status: string): string => `Changing to ${status}… waiting for the platform to confirm.`,
  /** Announced when the platform confirms. */
  confirmed: (status: string): string => `Status changed to ${status}.`,
  /** Shown and announced when a change is rolled back. */
  failed: (status: string, why: string): string => `Could not change to ${status}. ${why}`,
  whyTimeout: 'The platform did not confirm the change in time.',
  whyForbidden: 'You do not have permission to change your status.',
  whyNotConnected: 'Floorwalk is not connected to the platform.',
  whyRefused: 'The platform refused the change.',
  whyBusy,
  /** Why the toggle is disabled. */
  noAgent: 'This session has no agent record, so there is no status to change.',
  unknownAgent: 'Your agent record has not loaded yet.',
  notAllowed: 'Your role cannot change your status here.',
  notLive: (connection: string): string => `Status changes are unavailable: ${connection}`,
});

/** The shape of the toggle's strings, for translations. */
export type StatusToggleStrings = typeof statusToggleCatalog.en;
