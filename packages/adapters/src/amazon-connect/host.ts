import type {
  AdapterSink,
  Agent,
  Channel,
  Clock,
  Customer,
  Direction,
  ErrorCodeValue,
  FloorwalkError,
  FloorwalkEvent,
  Interaction,
  MonitoringMode,
  MonitoringSession,
  Presence,
  PresenceState,
  QueueStats,
} from '@floorwalk/core';
import type { AmazonConnectAdapterOptions, AmazonConnectQueue, AmazonConnectTeam } from './adapter.js';
import type { AmazonConnectBackend } from './backend.js';
import type * as map from './map.js';
import type { MappedState } from './contact-map.js';
import type { Obj, StatusKind } from './map.js';
import type { StreamsAgent } from './streams.js';

/** One observation of a contact, whatever the source. */
export interface ContactObs {
  readonly id: string;
  readonly agentId: string;
  readonly channel: Channel;
  readonly direction: Direction;
  readonly mapped: MappedState;
  /** When the current vendor state began. */
  readonly since?: number;
  /** When the current hold began, where the source says (GetCurrentUserData does not). */
  readonly heldSince?: number;
  readonly connectedAt?: number;
  readonly createdAt?: number;
  readonly queueId?: string;
  readonly customer?: Customer;
}

export interface Session {
  session: MonitoringSession;
  readonly want: MonitoringMode;
  asked: boolean;
}

/** What a source knows about an agent besides presence. */
export interface Details {
  readonly name?: string;
  readonly teamIds?: readonly string[];
  readonly queueIds?: readonly string[];
}

/**
 * What the adapter shares with the parts it loads on first need (the Streams side, the polls,
 * the commands, the agent event records): its options, its live state and the functions that change it. Passed as one
 * object so those parts import nothing the adapter itself loads up front.
 */
export interface Host {
  readonly options: AmazonConnectAdapterOptions;
  readonly source: string;
  readonly clock: Clock;
  readonly backend: AmazonConnectBackend;
  readonly teams: readonly AmazonConnectTeam[];
  readonly queueDefs: readonly AmazonConnectQueue[];
  readonly presenceMap: NonNullable<AmazonConnectAdapterOptions['presenceMap']>;
  readonly statusById: ReadonlyMap<string, { name: string; kind: StatusKind }>;
  readonly agents: ReadonlyMap<string, Agent>;
  readonly live: ReadonlyMap<string, Interaction>;
  readonly stats: ReadonlyMap<string, QueueStats>;
  readonly sessions: Map<string, Session>;
  /** The live session per monitored contact. */
  readonly active: Map<string, Session>;
  readonly wanted: Map<string, { agentId: string; mode: MonitoringMode }>;
  readonly pending: Map<string, PresenceState>;
  /** The CCP's own agent, once Streams has shown it. */
  self: StreamsAgent | undefined;
  selfId: string | undefined;
  /** The backend's failure: the last poll's error while polls fail (a refusal kept over later ones); null while sound. Any poll answered clears it. */
  failing: FloorwalkError | null;
  /**
   * Set by the polls: after a backend refusal (`AuthFailed`), polls once more, and clears the
   * refusal if that poll is answered. The CCP calls it when it signs in again (see ccp.ts).
   */
  retryAuth?: () => void;
  /**
   * Set by the Streams side: ends connect()'s wait for the CCP's agent. The polls call it when the
   * backend's refusal becomes the status's reason, which connect() then reports without waiting.
   */
  endWait?: () => void;
  /**
   * The CCP's failure (sign-out, access, a CCP that never loaded), held across connections:
   * Streams tells it once, and only the CCP's own recovery (a new agent snapshot) clears it.
   */
  ccpDown: FloorwalkError | null;
  /**
   * The CCP's link to Connect lost (Streams' `websocket_connection_lost`), held across connections
   * as {@link ccpDown} is: Streams tells it once. Cleared by `_gained` or by a new agent snapshot,
   * which only a CCP that reaches Connect (by polling, its WebSocket down or not) can have.
   */
  ccpLost?: FloorwalkError;
  /**
   * Connect's clock minus the page's: as Streams measures it, or without a CCP as the metrics
   * poll reads it (0 until either has). Every Connect time is put on the page's clock with it,
   * where durations are read, so the CCP, polls and records agree on which observation of an
   * agent is newer.
   */
  skew: number;
  /** Takes a new reading of {@link skew} when it moves by more than `stepMs`: a reading's wobble must not restate every `since`. */
  takeSkew(reading: number, stepMs: number): void;
  /** A Connect time on the page's clock. */
  fromConnect(ms: number | undefined): number | undefined;
  /** The current connection's generation. */
  gen(): number;
  sink(): AdapterSink | null;
  /**
   * Aborts the backend calls out (its `signal` goes with each) when the connection ends, or with
   * the error as the reason when the link is lost: their answers may never come. Replaced after each abort.
   */
  calls: AbortController;
  fail(code: ErrorCodeValue, message: string, details?: Obj): FloorwalkError;
  report(message: string, details?: Obj): void;
  emit(e: FloorwalkEvent): void;
  /** The events emitted and not yet flushed. */
  out(): FloorwalkEvent[];
  flush(): void;
  stamp(t?: number): number;
  eid(kind: string, entity: string, at: number): string;
  learnStatus(id: string, name: string, kind: StatusKind | undefined): void;
  resolveStatus(name: string, arn: string | null | undefined, kind?: StatusKind): Omit<Presence, 'since'>;
  teamsOf(agentId: string, m?: { groups?: readonly string[]; profile?: string; queues?: readonly string[]; also?: ReadonlySet<string> }): string[];
  putAgent(id: string, d: Details, presence: Presence | undefined, seenAt: number): void;
  putNotResponding(id: string, flag: boolean, at: number): void;
  putContact(o: ContactObs, now: number): void;
  endMissing(owners: ReadonlySet<string>, keep: ReadonlySet<string>, now: number): void;
  endOne(i: Interaction, now: number): void;
  putStats(queueId: string, next: QueueStats, at: number): void;
  putSession(s: Session, next: MonitoringSession): void;
  /**
   * The adapter's mapping helpers, passed rather than imported: an import would put the
   * files they come from in chunks of their own, loaded up front beside the adapter.
   */
  readonly kit: Kit;
}

export type Kit = Pick<typeof map, 'clean' | 'idOf' | 'kindOf' | 'own' | 'presenceOf' | 'str'>;
