/**
 * Floorwalk's own shared data beside the adapter: the {@link Backplane} port (publish/subscribe
 * on named channels, append-only logs, a keyed store with compare-and-set writes), an in-memory
 * implementation shared across tabs over BroadcastChannel, and {@link withBackplane}, which gives
 * any adapter help requests, chat, coaching notes and sessions, check-ins and monitoring leases.
 *
 * @module @floorwalk/core/backplane
 */
export { withBackplane } from './decorator.js';
export type { WithBackplaneOptions } from './decorator.js';
export { createMemoryBackplane } from './memory.js';
export type { MemoryBackplaneOptions } from './memory.js';
export { versionConflict } from './port.js';
export type {
  Backplane,
  BackplaneAppend,
  BackplaneChange,
  BackplaneLogEntry,
  BackplaneMessage,
  BackplanePut,
  BackplaneRecord,
} from './port.js';
