import type { Direction, SessionMode } from '@floorwalk/core';
import { defineCatalog } from '../../internal/localize.js';

/** English strings of `fw-agent-card`, namespace `agent-card`; the translators' source. */
export const agentCardCatalog = defineCatalog('agent-card', {
  /** The card's accessible name when it shows no agent. */
  cardLabel: 'Agent details',
  noAgent: 'No agent selected.',
  unknownAgent: (id: string): string => `Agent ${id} is not in your view: outside your teams, or not loaded yet.`,
  /** A presence with a reason: "Break: Coffee". */
  presenceWithReason: (state: string, reason: string): string => `${state}: ${reason}`,
  timeInState: (time: string): string => `${time} in this status`,
  routing: 'Routing',
  helpRequested: (reason: string): string => `Help requested: ${reason}`,
  monitored: (mode: string): string => `Being monitored (${mode})`,
  mode: (mode: SessionMode): string => ({ listen: 'listening', whisper: 'whispering', barge: 'barged in', screen: 'viewing the screen' })[mode],
  current: 'Current interactions',
  noCurrent: 'No current interactions.',
  recent: 'Recent interactions',
  noRecent: 'No ended interactions seen yet.',
  direction: (direction: Direction): string => ({ inbound: 'Inbound', outbound: 'Outbound' })[direction],
  wait: 'Wait',
  talk: 'Talk',
  hold: 'Hold',
  wrapUp: 'Wrap-up',
  handle: 'Handle',
  endedAt: (time: string): string => `at ${time}`,
  today: 'Time in each status today',
  status: 'Status',
  time: 'Time',
  observedSince: (time: string): string =>
    `Counted from ${time}, when this view started watching, plus the whole of the current status; changes before then are not known.`,
}, ['mode', 'direction']);

/** The shape of the card's strings, for translations. */
export type AgentCardStrings = typeof agentCardCatalog.en;
