import type { AdapterSink, AdapterStatus, Clock, ErrorCodeValue, FloorwalkError, FloorwalkEvent, MonitoringSession, PresenceState, Team } from '@floorwalk/core';
import type * as mapping from './mapping.js';
import type { Obj, Res, Wk } from './mapping.js';
import type { AgentRec, ResRec, TwilioAdapterOptions } from './twilio.js';

/** A link that is down: the status it puts the adapter in, and why. */
export type Down = readonly [Exclude<AdapterStatus, 'live'>, FloorwalkError?];

/**
 * What the adapter shares with the parts it loads on first need (agent side, team side,
 * commands): its options, its live state and the functions that change it. Passed as one
 * object so those parts import nothing the adapter itself loads up front.
 */
export interface Host {
  readonly options: TwilioAdapterOptions;
  readonly id: string;
  readonly clock: Clock;
  readonly agents: Map<string, AgentRec>;
  readonly reservations: ReadonlyMap<string, ResRec>;
  readonly sessions: Map<string, MonitoringSession>;
  /** Activities by SID and by name. */
  readonly catalogue: ReadonlyMap<string, { sid: string; name: string; state: PresenceState }>;
  /** TaskQueue SIDs by name, for reports that name a queue only by name (Sync's `tr-reservation`); the queue poller adds to it. */
  readonly queueSids: Map<string, string>;
  /** Teams by id for the snapshot: the team side names them (team.ts `nameTeam`) and forgets them on close. */
  readonly teams: Map<string, Team>;
  /**
   * Aborts the backend calls still out (its `signal` goes with each) when the Worker or the Sync
   * client reports its link lost: their answers may never come, and the outbox would wait on them
   * for good. Made by the first call, so a page that never sends pays nothing up front; dropped
   * after each abort.
   */
  calls?: AbortController | undefined;
  /**
   * The links that are down, the Worker's (`w`) and the Sync client's (`s`): see `link()` in
   * errors.ts. Each side clears its own when it connects; made on first use.
   */
  links?: { w?: Down | undefined; s?: Down | undefined };
  /**
   * Tells the team side of a new token (the Worker's `tokenUpdated`, `adapter.updateToken`): its
   * live queries refused with 401 are asked again. Set while the team side watches Sync.
   */
  renewed?: (() => void) | undefined;
  /** Tells the queue poller of a new token: a poll the backend refused is asked again. Set by the poller. */
  requeue?: (() => void) | undefined;
  /**
   * The connection whose team side first answered (its `tr-worker` queries opened or refused), and
   * what waits for that answer: the agent side holds the page's own agent until then (agent.ts
   * `waits`), so Sync's `team_sid` places it in its first announcement. Set by the team side.
   */
  placed?: number;
  place?: (() => void) | undefined;
  /**
   * Where each supervisor's leg this adapter added or found is (its stop's `TaskSid`,
   * `ReservationSid`, `WorkerSid` and `ConferenceSid`), by its call SID, until it is known off.
   * Kept across reconnects, unlike `sessions`: a call that ended while the page was away is no
   * longer reported (Flex's `tr-reservation` index drops completed reservations), and a
   * completed reservation's attributes are not kept, so this is all that still names the
   * conference. Made by the commands part.
   */
  legs?: Map<string, Obj>;
  /** The current connection's generation; callbacks of an older one do nothing. */
  gen(): number;
  sink(): AdapterSink | undefined;
  fail(code: ErrorCodeValue, message: string, details?: Obj, cause?: unknown): FloorwalkError;
  report(code: ErrorCodeValue, message: string, details?: Obj): void;
  malformed(problem: string, details?: Obj): void;
  deliver(batch: FloorwalkEvent[]): void;
  /** Wraps a vendor callback of connection `g`: it does nothing once `g` is over and never throws. */
  guard<A extends unknown[]>(g: number, fn: (...args: A) => void): (...args: A) => void;
  learn(sid: string | undefined, name: string, available?: boolean): PresenceState | undefined;
  onWorker(w: Wk, activity: boolean): FloorwalkEvent[];
  onRes(r: Res): FloorwalkEvent[];
  gone(sid: string): FloorwalkEvent[];
  /** Takes the server time of the change a live report (never a snapshot's) tells of, as a clock-offset sample. */
  sample(serverMs: number | undefined): void;
  /**
   * The adapter's JSON and mapping helpers, passed rather than imported: an import would put
   * mapping.ts in a chunk of its own, loaded up front beside the adapter.
   */
  readonly kit: Pick<typeof mapping, 'attrs' | 'channelOf' | 'details' | 'isObj' | 'plain' | 'reservationStatus' | 'str' | 'time'>;
}
