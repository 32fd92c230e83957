import type { Catalog } from '../../internal/localize.js';

const en = {
  /** The menu's name. */
  actionsMenu: (name: string): string => `Actions for ${name}`,
  setPresence: 'Set presence',
  presenceMenu: (name: string): string => `Set presence of ${name}`,
  /** A presence and its reason in the presence submenu: "Break: Coffee". */
  presenceReason: (state: string, reason: string): string => `${state}: ${reason}`,
  proposeCheckIn: 'Propose check-in',
  showDetails: 'Show details',
  /** The current monitoring mode's item, when this supervisor monitors the agent. */
  currentMode: (mode: string): string => `${mode} (current)`,
  /** Why an item is disabled. */
  cannotPresence: 'Your role cannot change this agent’s presence.',
  cannotMessage: 'You cannot message this agent.',
  cannotCheckIn: 'You cannot propose check-ins to this agent.',
  noCheckIns: 'This platform does not support check-ins.',
  waiting: 'Waiting for the platform to confirm the last request.',
  /** The Stop item of a menu left open while its monitoring session ended (the call ended, say). */
  monitoringEnded: 'Monitoring has ended.',
  /**
   * The line under the grid for one of this supervisor's sessions the platform did not take off
   * when its call ended (`outlivesCall`): no row offers its Stop, and it runs until stopped.
   */
  keptAway: (agent: string, mode: string): string => `You are still monitoring ${agent} (${mode}), whose call ended: the platform did not take you off. It goes on until you stop it.`,
  /** Shown and announced while a command waits; the row's mark. */
  pendingFor: (what: string): string => `${what}… waiting for the platform to confirm.`,
  settingPresence: (name: string, presence: string): string => `Setting ${name} to ${presence}`,
  presenceDone: (name: string, presence: string): string => `${name} is now ${presence}.`,
  confirmTimeout: 'The platform did not confirm in time.',
};

/**
 * What only the row actions menu says (its items, why one is disabled, a presence change
 * pending and done), in the `team-board` namespace, so translations of it reach these too. It
 * travels with the menu (`row-menu.ts`, loaded when a first menu opens): a module that imports
 * nothing at run time (hence the literal rather than `defineCatalog`), so the bundler puts it in
 * that chunk.
 */
export const teamBoardMenuCatalog: Catalog<typeof en> = { namespace: 'team-board', en };
