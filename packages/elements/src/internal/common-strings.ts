import type { ActivityBucket, Channel, ConnectionStatus, InteractionState, PresenceState, RoutingActivity } from '@floorwalk/core';
import { defineCatalog } from './localize.js';

// The words in subsets as well, one per kind of element, so that each element carries only the
// words it says: a catalog is one object, so an element using any common word would otherwise
// carry them all (the announcer, every state and channel for its two sentences). Every catalog
// here reads the `common` namespace, so a translation of it reaches all of them. Plain consts, not
// an object spread or property reads, which a bundler must assume have side effects and so keep.
// Each catalog lists its own functions that choose a word by a state (`raw`, see localize.ts),
// and no others: a name an element does not otherwise carry would cost it bytes.
const connection = (status: ConnectionStatus): string =>
  ({
    idle: 'Not connected',
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: 'Reconnecting…',
    offline: 'Offline',
    failed: 'Connection failed',
  })[status];
const noClient = 'Not connected to Floorwalk.';
const channel = (channel: Channel): string => ({ voice: 'Voice', chat: 'Chat', message: 'Message', email: 'Email', task: 'Task', video: 'Video' })[channel];
const interactionState = (state: InteractionState): string =>
  ({
    queued: 'Queued',
    offered: 'Ringing',
    connected: 'Connected',
    held: 'On hold',
    'wrap-up': 'Wrap-up',
    ended: 'Ended',
  })[state];

const presence = (state: PresenceState): string =>
  ({
    available: 'Available',
    busy: 'Busy',
    break: 'Break',
    meal: 'Meal',
    meeting: 'Meeting',
    training: 'Training',
    away: 'Away',
    offline: 'Offline',
  })[state];
const routing = (activity: RoutingActivity): string =>
  ({
    idle: 'Idle',
    offered: 'Ringing',
    interacting: 'On interaction',
    held: 'On hold',
    'wrap-up': 'Wrap-up',
    'not-responding': 'Not responding',
  })[activity];
const connectionLost = 'Connection lost. Trying to reconnect.';
const connectionRestored = 'Connection restored.';
const helpRequested = 'Help requested';
const monitored = 'Being monitored';
/** An activity bucket the agent's device shared (tenant activity signal). */
const activity = (bucket: ActivityBucket): string => ({ active: 'Active', idle: 'Idle', away: 'Away from desk' })[bucket];
/** The bucket as a supervisor reads it beside presence: "Activity: Idle". */
const activityMark = (label: string): string => `Activity: ${label}`;

/** The common words an element needs to say it has no live connection. Namespace `common`. */
export const connectionCatalog = /* @__PURE__ */ defineCatalog('common', { connection, noClient }, ['connection']);

/** The connection words and an interaction's channel and state, for fw-coaching-panel, which shows one interaction. Namespace `common`. */
export const interactionCatalog = /* @__PURE__ */ defineCatalog('common', { connection, noClient, channel, interactionState }, ['connection', 'channel', 'interactionState']);

/** An interaction's channel and state, for fw-evaluation. Namespace `common`. */
export const channelStateCatalog = /* @__PURE__ */ defineCatalog('common', { channel, interactionState }, ['channel', 'interactionState']);

/** The connection words and an interaction's channel, for fw-help-request. Namespace `common`. */
export const helpCatalog = /* @__PURE__ */ defineCatalog('common', { connection, noClient, channel }, ['connection', 'channel']);

/** An interaction's channel and state and the no-client words, for fw-interaction-list (its own words are interactionListCatalog). Namespace `common`. */
export const interactionTableCatalog = /* @__PURE__ */ defineCatalog('common', { noClient, channel, interactionState }, ['channel', 'interactionState']);

/** An agent's states, interaction and flags, for the elements that show agents (fw-team-board, fw-agent-card). Namespace `common`. */
export const agentCatalog = /* @__PURE__ */ defineCatalog('common', {
  presence,
  routing,
  channel,
  interactionState,
  helpRequested,
  monitored,
  noClient,
  activity,
  activityMark,
}, ['presence', 'routing', 'channel', 'interactionState', 'activity']);

/** Presence, routing and the connection, for fw-status-toggle. Namespace `common`. */
export const presenceCatalog = /* @__PURE__ */ defineCatalog('common', { presence, routing, connection, noClient }, ['presence', 'routing', 'connection']);

/** Presence and channels, for the metrics elements (fw-team-stats, fw-agent-performance). Namespace `common`. */
export const metricsCatalog = /* @__PURE__ */ defineCatalog('common', { presence, channel, noClient }, ['presence', 'channel']);

/** The activity buckets, for fw-activity-notice. Namespace `common`. */
export const activityCatalog = /* @__PURE__ */ defineCatalog('common', { activity }, ['activity']);

/** What fw-announcer says when the connection drops and comes back. Namespace `common`. */
export const connectionNewsCatalog = /* @__PURE__ */ defineCatalog('common', { connectionLost, connectionRestored });

/** Every word the components share: states, channels, connection. Namespace `common`; translations cover it. */
export const commonCatalog = /* @__PURE__ */ defineCatalog('common', {
  presence,
  routing,
  channel,
  interactionState,
  connection,
  connectionLost,
  connectionRestored,
  helpRequested,
  monitored,
  noClient,
  activity,
  activityMark,
}, ['presence', 'routing', 'channel', 'interactionState', 'connection', 'activity']);

/** The shape of the common strings, for translations. */
export type CommonStrings = typeof commonCatalog.en;
