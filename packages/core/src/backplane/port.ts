import { ErrorCode, FloorwalkError } from '../errors.js';

/**
 * One record of a backplane's keyed store. `version` starts at 1 and grows by one with every
 * write, so a writer can say which version it read (compare-and-set).
 */
export interface BackplaneRecord<T = unknown> {
  readonly key: string;
  readonly value: T;
  readonly version: number;
  /** The user id that wrote this version. */
  readonly author: string;
  /** When this version was written (epoch ms, the writer's clock). */
  readonly at: number;
}

/** One entry of an append-only log. An entry's `id` is unique in its log. */
export interface BackplaneLogEntry<T = unknown> {
  readonly log: string;
  readonly id: string;
  /** Its position in the log, from 1, as the backplane assigned it. */
  readonly seq: number;
  readonly value: T;
  readonly author: string;
  readonly at: number;
}

/** A message published on a named channel. Not stored: only those listening at the time hear it. */
export interface BackplaneMessage<T = unknown> {
  readonly channel: string;
  readonly message: T;
  readonly author: string;
  readonly at: number;
}

/** A write to the store or a log, or a record deleted (at the version it had), as watchers hear it. */
export type BackplaneChange =
  | { readonly kind: 'record'; readonly record: BackplaneRecord }
  | { readonly kind: 'log'; readonly entry: BackplaneLogEntry }
  | { readonly kind: 'deleted'; readonly key: string; readonly version: number };

/** What a store write says about the version it replaces. */
export interface BackplanePut<T = unknown> {
  readonly key: string;
  readonly value: T;
  readonly author: string;
  readonly at: number;
  /**
   * The version the writer read: `0` when the key must not exist yet. The write is refused with
   * `ErrorCode.Conflict` when the stored version differs, so of two writers who read the same
   * version exactly one wins.
   */
  readonly expectedVersion: number;
}

/** A new log entry. Appending an id the log already holds keeps the first and returns it. */
export interface BackplaneAppend<T = unknown> {
  readonly log: string;
  readonly id: string;
  readonly value: T;
  readonly author: string;
  readonly at: number;
}

/**
 * Floorwalk's own shared data, beside the adapter: help requests, chat, coaching notes,
 * check-ins, monitoring leases and the audit trail, which most vendor platforms do not carry.
 * Three primitives, each entry carrying its author and time:
 * - publish/subscribe on named channels (transient signals);
 * - append-only logs (audit trail, chat history), idempotent by entry id;
 * - a small keyed store (check-ins, leases, help requests) with compare-and-set writes and deletes.
 *
 * Every method may be remote, so everything returns a promise; a refused write rejects with a
 * {@link FloorwalkError}. {@link createMemoryBackplane} is the in-browser implementation; a host
 * backs the port with its own service (see the backplane guide).
 */
export interface Backplane {
  /** Sends a message to every subscriber of `channel`, on every instance sharing this backplane. */
  publish<T>(channel: string, message: T, author: string): Promise<void>;
  /** Hears messages on `channel`. Returns the unsubscribe function. */
  subscribe<T>(channel: string, listener: (message: BackplaneMessage<T>) => void): () => void;
  /** Appends to a log; resolves with the entry as stored (the earlier one if the id was taken). */
  append<T>(entry: BackplaneAppend<T>): Promise<BackplaneLogEntry<T>>;
  /** A log's entries in order, the newest `limit` of those after `afterSeq`. */
  read<T>(log: string, options?: { readonly afterSeq?: number; readonly limit?: number }): Promise<BackplaneLogEntry<T>[]>;
  /** The record under `key`, if any. */
  get<T>(key: string): Promise<BackplaneRecord<T> | undefined>;
  /** Writes a record if its version is still `expectedVersion`; rejects with `Conflict` otherwise. */
  put<T>(write: BackplanePut<T>): Promise<BackplaneRecord<T>>;
  /** Every record whose key starts with `prefix`. */
  list<T>(prefix: string): Promise<BackplaneRecord<T>[]>;
  /**
   * Deletes the record under `key` if its version is still `expectedVersion`; rejects with
   * `Conflict` otherwise (or when there is none), so a record written again since it was judged
   * finished stays. Watchers hear `{ kind: 'deleted' }`. A later `put` with `expectedVersion: 0`
   * creates the key afresh. The decorator deletes only records that ended a grace period ago.
   */
  delete(key: string, expectedVersion: number): Promise<void>;
  /** Hears every store write, delete and log append, from any instance. Returns the unwatch function. */
  watch(listener: (change: BackplaneChange) => void): () => void;
  /** Stops listening and releases what the instance holds (a channel, a lock). */
  close(): void;
}

/**
 * The error a refused compare-and-set write rejects with: who holds the key now, at which
 * version. For a host's own {@link Backplane}, so its conflicts read like the memory one's.
 *
 * @example
 * ```ts
 * const held = records.get(write.key);
 * if ((held?.version ?? 0) !== write.expectedVersion) throw versionConflict(write.key, held, write.expectedVersion);
 * ```
 */
export function versionConflict(key: string, held: BackplaneRecord | undefined, expected: number): FloorwalkError {
  return new FloorwalkError(
    ErrorCode.Conflict,
    held === undefined
      ? `Backplane record ${key} does not exist (expected version ${expected}).`
      : `Backplane record ${key} is at version ${held.version}, written by ${held.author} (expected version ${expected}).`,
    { details: { key, expectedVersion: expected, ...(held === undefined ? {} : { version: held.version, author: held.author, at: held.at }) } },
  );
}
