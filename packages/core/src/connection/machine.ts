import type { ConnectionStatus } from '../model/types.js';

/**
 * One row of the connection machine's table (CONN-1). The public {@link ConnectionStatus} is a
 * function of the internal state and nothing else.
 *
 * @internal
 */
export interface StateRow {
  /** The public status this state shows as. */
  readonly status: ConnectionStatus;
  /** New commands are accepted and held until a state that sends. */
  readonly queues: boolean;
  /** Commands go out to the adapter now. */
  readonly sends: boolean;
  /**
   * The client will not leave this state by itself: only `connect()`, `disconnect()` or the
   * adapter recovering on its own moves it on. Held commands are rejected on entry (with an
   * outbox they stay stored for the next `connect()`).
   */
  readonly terminal: boolean;
  /** The backoff tier whose timer runs in this state, if any. */
  readonly retry: 'fast' | 'slow' | 'any' | null;
}

/**
 * The internal states, grouped by what the client is doing:
 * - `@idle`: not started, or stopped by `disconnect()`;
 * - `@connecting`: the first link of a `connect()`, and its backoff;
 * - `@ok`: live, or live while a liveness check is out;
 * - `@link`: the adapter reported trouble and retries on its own;
 * - `@sync`: the link is back, the snapshot is being reloaded and reconciled;
 * - `@retry`: the client itself re-opens the link after a backoff;
 * - `@auth`: the host was asked for a new credential;
 * - `@failed`: given up.
 *
 * @internal
 */
export type ConnectionState =
  | '@idle.initial'
  | '@connecting.busy'
  | '@connecting.backoff'
  | '@ok.live'
  | '@ok.checking'
  | '@link.reconnecting'
  | '@link.offline'
  | '@sync.busy'
  | '@retry.backoff'
  | '@retry.slow'
  | '@retry.busy'
  | '@auth.renewing'
  | '@failed.auth'
  | '@failed.error';

/**
 * The connection machine as data (CONN-1), with its transitions in {@link TRANSITIONS}. Tested
 * as a table in `client.resilience.test.ts`: every transition the client makes must be listed.
 *
 * | state | status | queues | sends | terminal | retry |
 * |---|---|---|---|---|---|
 * | `@idle.initial` | idle | no | no | no | none |
 * | `@connecting.busy` | connecting | yes | no | no | none |
 * | `@connecting.backoff` | connecting | yes | no | no | fast or slow |
 * | `@ok.live` | live | no | yes | no | none |
 * | `@ok.checking` | live | no | yes | no | none |
 * | `@link.reconnecting` | reconnecting | yes | no | no | adapter's own |
 * | `@link.offline` | offline | yes | no | no | adapter's own |
 * | `@sync.busy` | reconnecting | yes | no | no | none |
 * | `@retry.backoff` | reconnecting | yes | no | no | fast |
 * | `@retry.slow` | reconnecting | yes | no | no | slow |
 * | `@retry.busy` | reconnecting | yes | no | no | none |
 * | `@auth.renewing` | reconnecting | yes | no | no | none |
 * | `@failed.auth` | failed | no | no | yes | none |
 * | `@failed.error` | failed | no | no | yes | none |
 *
 * @internal
 */
export const STATES: Readonly<Record<ConnectionState, StateRow>> = {
  '@idle.initial': { status: 'idle', queues: false, sends: false, terminal: false, retry: null },
  '@connecting.busy': { status: 'connecting', queues: true, sends: false, terminal: false, retry: null },
  '@connecting.backoff': { status: 'connecting', queues: true, sends: false, terminal: false, retry: 'any' },
  '@ok.live': { status: 'live', queues: false, sends: true, terminal: false, retry: null },
  '@ok.checking': { status: 'live', queues: false, sends: true, terminal: false, retry: null },
  '@link.reconnecting': { status: 'reconnecting', queues: true, sends: false, terminal: false, retry: null },
  '@link.offline': { status: 'offline', queues: true, sends: false, terminal: false, retry: null },
  '@sync.busy': { status: 'reconnecting', queues: true, sends: false, terminal: false, retry: null },
  '@retry.backoff': { status: 'reconnecting', queues: true, sends: false, terminal: false, retry: 'fast' },
  '@retry.slow': { status: 'reconnecting', queues: true, sends: false, terminal: false, retry: 'slow' },
  '@retry.busy': { status: 'reconnecting', queues: true, sends: false, terminal: false, retry: null },
  '@auth.renewing': { status: 'reconnecting', queues: true, sends: false, terminal: false, retry: null },
  '@failed.auth': { status: 'failed', queues: false, sends: false, terminal: true, retry: null },
  '@failed.error': { status: 'failed', queues: false, sends: false, terminal: true, retry: null },
};

const RETRYING = ['@idle.initial', '@retry.busy', '@sync.busy', '@link.reconnecting', '@link.offline'] as const;
// Terminal for the client's own retries; the adapter may still recover by itself.
const FAILED = ['@idle.initial', '@connecting.busy', '@sync.busy', '@link.reconnecting', '@link.offline'] as const;

/**
 * The transitions of the machine (CONN-1): the states each state may move to. Kept apart from
 * {@link STATES} so a bundle of the client does not carry it; the tests check every transition
 * the client makes against it.
 *
 * @internal
 */
export const TRANSITIONS: Readonly<Record<ConnectionState, readonly ConnectionState[]>> = {
  '@idle.initial': ['@connecting.busy'],
  '@connecting.busy': ['@idle.initial', '@ok.live', '@connecting.backoff', '@auth.renewing', '@failed.auth', '@failed.error', '@link.reconnecting', '@link.offline'],
  '@connecting.backoff': ['@idle.initial', '@connecting.busy', '@sync.busy', '@link.reconnecting', '@link.offline'],
  '@ok.live': ['@idle.initial', '@ok.checking', '@link.reconnecting', '@link.offline', '@retry.backoff', '@retry.slow', '@auth.renewing', '@failed.auth', '@failed.error'],
  '@ok.checking': ['@idle.initial', '@ok.live', '@link.reconnecting', '@link.offline', '@retry.backoff', '@retry.slow', '@auth.renewing', '@failed.auth', '@failed.error'],
  // `@connecting.backoff` from these: the adapter reported, or its resync failed, before the first live.
  '@link.reconnecting': ['@idle.initial', '@sync.busy', '@link.offline', '@connecting.backoff', '@retry.backoff', '@retry.slow', '@auth.renewing', '@failed.auth', '@failed.error'],
  '@link.offline': ['@idle.initial', '@sync.busy', '@link.reconnecting', '@connecting.backoff', '@retry.backoff', '@retry.slow', '@auth.renewing', '@failed.auth', '@failed.error'],
  '@sync.busy': ['@idle.initial', '@ok.live', '@link.reconnecting', '@link.offline', '@connecting.backoff', '@retry.backoff', '@retry.slow', '@auth.renewing', '@failed.auth', '@failed.error'],
  '@retry.backoff': RETRYING,
  '@retry.slow': RETRYING,
  '@retry.busy': ['@idle.initial', '@ok.live', '@retry.backoff', '@retry.slow', '@auth.renewing', '@failed.auth', '@failed.error', '@link.reconnecting', '@link.offline'],
  '@auth.renewing': ['@idle.initial', '@retry.busy', '@connecting.busy', '@failed.auth', '@sync.busy', '@link.reconnecting', '@link.offline'],
  '@failed.auth': FAILED,
  '@failed.error': FAILED,
};

/** Whether the table allows `from → to`. @internal */
export function canMove(from: ConnectionState, to: ConnectionState): boolean {
  return TRANSITIONS[from].includes(to);
}
