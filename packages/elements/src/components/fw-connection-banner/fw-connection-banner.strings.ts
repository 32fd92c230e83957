import { defineCatalog } from '../../internal/localize.js';

/** English strings of `fw-connection-banner`, namespace `connection-banner`; the translators' source. */
export const connectionBannerCatalog = defineCatalog('connection-banner', {
  /** First connection, before anything has arrived. */
  connecting: 'Connecting to the contact centre…',
  /** First connection, while the team arrives: "Loading your team… 120 agents so far". */
  loading: (agents: string): string => `Loading your team… ${agents} so far`,
  /** A number of agents, already formatted: "1 agent", "120 agents". */
  agents: (count: number, formatted: string): string => (count === 1 ? `${formatted} agent` : `${formatted} agents`),
  /** Announced once the first snapshot has landed. */
  loaded: (agents: string): string => `Team loaded: ${agents}.`,
  /** The link is down and the client waits before trying again. */
  retrying: (seconds: number, formatted: string): string => `Connection lost. Retrying in ${formatted} ${seconds === 1 ? 'second' : 'seconds'}.`,
  /** The countdown reached zero, or an attempt is under way. */
  retryingNow: 'Connection lost. Reconnecting now…',
  /** The link is down and the adapter waits out the platform's rate limit (RateLimited's Retry-After) before trying again. */
  slowDown: (seconds: number, formatted: string): string => `The platform asked Floorwalk to slow down. Trying again in ${formatted} ${seconds === 1 ? 'second' : 'seconds'}.`,
  /** The platform's own link is recovering; the client has no countdown to show. */
  reconnecting: 'Connection lost. Reconnecting…',
  /** The platform reports the network gone. */
  offline: 'You are offline. Floorwalk reconnects when the network is back.',
  /** The client gave up. */
  failed: 'Floorwalk could not connect.',
  /** Under any loss: what still works. */
  stale: 'What you see may be out of date. Changes you make are kept and sent when the connection is back.',
  /** The button that cuts the countdown short. */
  retryNow: 'Retry now',
  /** The button that starts again after a failure. */
  tryAgain: 'Try again',
  /** Announced when the connection is back (when no `fw-announcer` on the page does it). */
  restored: 'Connection restored.',
  /** Announced when the link is lost (when no `fw-announcer` on the page does it). */
  lost: 'Connection lost. Trying to reconnect.',
});

/** The shape of the banner's strings, for translations. */
export type ConnectionBannerStrings = typeof connectionBannerCatalog.en;
