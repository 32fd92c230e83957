import type { Catalog } from '../../internal/localize.js';

// The panel's words that the team board's row menu says too (stop, why a mode cannot be used, what a
// request is doing, a session on an agent gone from view), on their own as well: the menu loads on
// first use, and a module that imports nothing at run time (hence the literal rather than
// `defineCatalog`) shares no code with the board's rows, so the bundler makes no chunk that both
// load. Both catalogs read the `coaching-panel` namespace, so a translation of it reaches either.

export const stop = 'Stop monitoring';
/** Why a mode is not offered. */
export const notOffered = (mode: string): string => `${mode} is not offered by this platform.`;
/** Why no mode is offered where the platform has them: while notices are on, the client refuses a session the agent would not hear of. */
export const untold = 'Monitoring is off: the agent would not be told.';
export const notAllowed = (mode: string): string => `${mode} is not allowed for your role here.`;
export const noInteraction = (agent: string): string => `${agent} has no connected interaction to monitor.`;
export const roleCannot = 'Your role cannot monitor this agent.';
export const doing = (action: 'start' | 'change' | 'stop', mode: string): string =>
  ({ start: `Starting ${mode}`, change: `Switching to ${mode}`, stop: 'Stopping' })[action];

/**
 * One of this supervisor's sessions on an agent no longer in their view: "You are still
 * monitoring a1 (Listen), who is no longer in your view. It ends by itself shortly." A barge is not
 * ended for them (the customer hears them): it runs until they stop it or the call ends.
 */
export const away = (agent: string, mode: string, barge: boolean): string =>
  `You are still monitoring ${agent} (${mode}), who is no longer in your view. ${barge ? 'It goes on until you stop it or the call ends.' : 'It ends by itself shortly.'}`;

const en = { stop, notOffered, untold, notAllowed, noInteraction, roleCannot, doing, away };

/** The panel's words for the board's row menu (a mode's own word is coachingModeCatalog's, which the rows carry). Namespace `coaching-panel`. @internal */
export const coachingMenuCatalog: Catalog<typeof en> = { namespace: 'coaching-panel', en, raw: ['doing'] };
