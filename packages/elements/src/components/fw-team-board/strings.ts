import { defineCatalog } from '../../internal/localize.js';
import type { teamBoardMenuCatalog } from './row-menu.strings.js';

/**
 * The team board's English strings, namespace `team-board`: the source translators work from.
 * Presence, routing, channel and interaction-state words come from the common catalog.
 * Functions take numbers already formatted for the locale beside the raw count they pluralise on.
 */
export const teamBoardCatalog = defineCatalog('team-board', {
  label: 'Team board',
  filters: 'Filters',
  team: 'Team',
  queue: 'Queue',
  presence: 'Presence',
  channel: 'Channel',
  search: 'Search by name',
  sort: 'Sort by',
  group: 'Group by',
  anyTeam: 'All teams',
  anyQueue: 'All queues',
  anyPresence: 'Any presence',
  anyChannel: 'Any channel',
  sortName: 'Name',
  sortState: 'State',
  sortTimeInState: 'Time in state',
  groupNone: 'No grouping',
  groupTeam: 'Team',
  groupState: 'State',
  summary: 'Agents by state',
  agents: (count: number, formatted: string): string => (count === 1 ? `${formatted} agent` : `${formatted} agents`),
  showing: (shown: string, total: string): string => `Showing ${shown} of ${total}`,
  columnAgent: 'Agent',
  columnPresence: 'Presence',
  columnTimeInState: 'Time in state',
  columnInteraction: 'Interaction',
  columnFlags: 'Flags',
  columnActions: 'Actions',
  noInteraction: 'No interaction',
  /** Beside a held interaction's second timer, the time since it was connected: "On hold 0:01 · Total 0:05". */
  total: 'Total',
  moreInteractions: (count: number, formatted: string): string =>
    count === 1 ? `and ${formatted} more interaction` : `and ${formatted} more interactions`,
  noTeam: 'No team',
  longCall: 'Long call',
  longHold: 'Long hold',
  longWrapUp: 'Long wrap-up',
  longBreak: 'Long break',
  overFor: (alert: string, duration: string): string => `${alert}, ${duration}`,
  crossed: (name: string, alerts: string): string => `${name}: ${alerts}.`,
  crossedMany: (count: number, formatted: string, first: string): string =>
    `${formatted} agents passed a threshold. ${first}`,
  /** The row's menu button, named for its agent. */
  actionsFor: (name: string): string => `Actions for ${name}`,
  actions: 'Actions',
  message: 'Message',
  /** Announced (assertively) when a command fails; `message` is the error's. */
  actionFailed: (what: string, message: string): string => `Could not complete: ${what}. ${message}`,
  /** Why, when the row menu's code could not be fetched (the browser's reason names a module URL). */
  partFailed: 'Part of the page could not be loaded. Check the connection, then reload the page.',
  /** The monitoring flag with its mode: "Being monitored: Whisper". */
  monitoredIn: (mode: string): string => `Being monitored: ${mode}`,
  /** The monitoring flag when this supervisor is one of those monitoring. */
  monitoredByYou: (mode: string): string => `You are monitoring: ${mode}`,
  empty: 'No agents to show.',
  noMatch: 'No agents match these filters.',
  /** Shown, and announced once, while rows keep their places under the pointer, the keyboard or an open menu. */
  orderPaused: 'Order paused while you use the rows; it updates when you move away.',
});

/** The shape of the team board's strings, both catalogs (the second loads with the row menu), for translations. */
export type TeamBoardStrings = typeof teamBoardCatalog.en & typeof teamBoardMenuCatalog.en;
