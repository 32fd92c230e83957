import type { ActivityBucket, Channel, ConnectionStatus, InteractionState, PresenceState, RoutingActivity } from '@floorwalk/core';
import { defineCatalog } from './localize.js';

// The connection words on their own as well, for the elements that need no others: a catalog is
// one object, so an element using any common word would otherwise carry them all. Both catalogs
// read the `common` namespace, so a translation of it reaches either. Plain consts, not an object
// spread or property reads, which a bundler must assume have side effects and so keep.
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

/** The common words an element needs to say it has no live connection. Namespace `common`. */
export const connectionCatalog = /* @__PURE__ */ defineCatalog('common', { connection, noClient });

/** The connection words and an interaction's channel and state, for elements that show one interaction. Namespace `common`. */
export const interactionCatalog = /* @__PURE__ */ defineCatalog('common', { connection, noClient, channel, interactionState });

/** Words every component shares: states, channels, connection. Namespace `common`. */
export const commonCatalog = /* @__PURE__ */ defineCatalog('common', {
  presence: (state: PresenceState): string =>
    ({
      available: 'Available',
      busy: 'Busy',
      break: 'Break',
      meal: 'Meal',
      meeting: 'Meeting',
      training: 'Training',
      away: 'Away',
      offline: 'Offline',
    })[state],
  routing: (activity: RoutingActivity): string =>
    ({
      idle: 'Idle',
      offered: 'Ringing',
      interacting: 'On interaction',
      held: 'On hold',
      'wrap-up': 'Wrap-up',
      'not-responding': 'Not responding',
    })[activity],
  channel,
  interactionState,
  connection,
  connectionLost: 'Connection lost. Trying to reconnect.',
  connectionRestored: 'Connection restored.',
  helpRequested: 'Help requested',
  monitored: 'Being monitored',
  noClient,
  /** An activity bucket the agent's device shared (tenant activity signal). */
  activity: (bucket: ActivityBucket): string => ({ active: 'Active', idle: 'Idle', away: 'Away from desk' })[bucket],
  /** The bucket as a supervisor reads it beside presence: "Activity: Idle". */
  activityMark: (label: string): string => `Activity: ${label}`,
});

/** The shape of the common strings, for translations. */
export type CommonStrings = typeof commonCatalog.en;
