import type { MonitoringMode } from '@floorwalk/core';
import { defineCatalog } from '../../internal/localize.js';
import { away, doing, noInteraction, notAllowed, notOffered, roleCannot, stop, untold } from './menu.strings.js';
import { mode, pendingMark } from './mode.strings.js';
import type { coachingPanelRequestCatalog } from './requests.strings.js';

/**
 * English strings of `fw-coaching-panel`, namespace `coaching-panel`; the translators' source
 * (with {@link coachingPanelRequestCatalog}). These are the ones the panel shows before anyone
 * presses it.
 */
export const coachingPanelCatalog = defineCatalog('coaching-panel', {
  /** The heading: "Coaching: Alex Kim". */
  heading: (agent: string): string => `Coaching: ${agent}`,
  headingNoAgent: 'Coaching',
  /** The controls' group name. */
  controls: 'Monitoring mode',
  /** A mode's button label. */
  mode,
  /** What a mode does, in plain words, under its button. */
  explain: (mode: MonitoringMode): string =>
    ({
      listen: 'Hear the agent and the customer silently.',
      whisper: 'Talk to the agent only; the customer cannot hear you.',
      barge: 'Join the conversation; the customer hears you too.',
    })[mode],
  stop,
  /** The interaction the panel acts on: "Voice, Connected, 3:05". */
  interaction: (channel: string, state: string, time: string): string => `${channel}, ${state}, ${time}`,
  /** What this supervisor is doing now. */
  current: (mode: MonitoringMode): string =>
    ({ listen: 'You are listening.', whisper: 'You are whispering to the agent.', barge: 'You have joined the conversation.' })[mode],
  notMonitoring: 'You are not monitoring this interaction.',
  /** Other supervisors on the same interaction: "Also monitoring: sup-2 (Listen)". */
  others: (list: string): string => `Also monitoring: ${list}`,
  other: (who: string, mode: string): string => `${who} (${mode})`,
  away,
  /** One of them the platform did not name (`supervisorKnown: false`), inside that list. */
  someone: 'a supervisor',
  /** Always shown: the agent knows. */
  transparency: 'The agent is told when you start, switch mode or stop.',
  /** The same, on the monitored agent's own panel. */
  transparencySelf: 'You are told when a supervisor starts, switches mode or stops monitoring you.',
  pendingMark,
  doing,
  /** Shown and announced (assertively) when a request fails. */
  failed: (what: string, why: string): string => `Could not complete: ${what}. ${why}`,
  /** Why, when the code a control needs could not be fetched (the browser's reason names a module URL). */
  partFailed: 'Part of the page could not be loaded. Check the connection, then reload the page.',
  /** Why a mode is not offered. */
  notOffered,
  untold,
  notAllowed,
  /** Why the panel has no controls. */
  noAgentId: 'Choose an agent to coach.',
  unknownAgent: (id: string): string => `Agent ${id} is not in your view: outside your teams, or not loaded yet.`,
  notLive: (connection: string): string => `Monitoring is unavailable: ${connection}`,
  noInteraction,
  noMonitoring: 'This platform does not support monitoring.',
  roleCannot,
}, ['mode', 'explain', 'current', 'doing']);

/** The shape of the panel's strings, both catalogs, for translations. */
export type CoachingPanelStrings = typeof coachingPanelCatalog.en & typeof coachingPanelRequestCatalog.en;
