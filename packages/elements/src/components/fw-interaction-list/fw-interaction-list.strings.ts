import type { Direction } from '@floorwalk/core';
import { defineCatalog } from '../../internal/localize.js';

/** English strings of `fw-interaction-list`, namespace `interaction-list`; the translators' source. */
export const interactionListCatalog = defineCatalog('interaction-list', {
  /** The table's caption (visually hidden unless styled). */
  caption: 'Live interactions',
  channel: 'Channel',
  direction: 'Direction',
  state: 'State',
  agent: 'Agent',
  queue: 'Queue',
  duration: 'Duration',
  hold: 'Hold',
  customer: 'Customer',
  directionLabel: (direction: Direction): string => ({ inbound: 'Inbound', outbound: 'Outbound' })[direction],
  onHold: 'On hold',
  /** The agent cell of an interaction still waiting in a queue. */
  unassigned: 'Waiting',
  /** Read after a value the policy masked. */
  masked: '(masked)',
  empty: 'No live interactions.',
}, ['directionLabel']);

/** The shape of the list's strings, for translations. */
export type InteractionListStrings = typeof interactionListCatalog.en;
