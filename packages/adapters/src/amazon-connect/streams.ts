/*
 * Structural types for the part of Amazon Connect Streams (amazon-connect-streams 2.x) this
 * adapter touches. They are ours on purpose: Streams is the host's (a 190 kB global that must be
 * initialised once per window with `connect.core.initCCP`), so we never import it or its typings.
 * Any object of the same shape works, which is also how the mocks' fake stands in for it.
 */

/** What every Streams `on*` and event-bus subscription returns. */
export interface StreamsSubscription {
  unsubscribe(): void;
}

/** Streams' agent state types, the runtime values of `connect.AgentStateType`. */
export type StreamsAgentStateType = 'init' | 'routable' | 'not_routable' | 'offline' | 'system' | 'error';

/**
 * An agent state as Streams reports it. System states (Busy, PendingBusy, AfterCallWork,
 * CallingCustomer...) come with type `system` and a null ARN: they are routing activity, not a
 * status the agent chose.
 */
export interface StreamsAgentState {
  readonly agentStateARN: string | null;
  readonly name: string;
  readonly type: string;
  readonly startTimestamp?: Date | null;
}

/** A selectable status, an item of `agent.getAgentStates()`: what `setState` takes. */
export interface StreamsAgentStateDefinition {
  readonly agentStateARN: string;
  readonly name: string;
  readonly type: string;
}

/**
 * The status the agent chose, from `agent.getAvailabilityState()`. Streams spells the time
 * `timeStamp` (capital S); newer builds add `startTimestamp`. Streams' typings declare `type`
 * too, but the snapshot it returns as it is carries only `state` and `timeStamp`.
 */
export interface StreamsAvailabilityState {
  readonly state: string;
  readonly type?: string;
  readonly agentStateARN?: string | null;
  readonly timeStamp?: Date | null;
  readonly startTimestamp?: Date | null;
}

/**
 * What Streams hands a `failure` callback for a call Connect refused: its AWS client's error, as
 * `_formatCallError` shapes it (`type` is the AWS error code, `ThrottlingException` say). The
 * typings say a string, which other failures are; Connect's `Retry-After` is not in it.
 */
export interface StreamsCallError {
  readonly type?: string;
  readonly message?: string;
  readonly statusCode?: number;
}

/** The callbacks `agent.setState` takes. `success` means only that Connect accepted the request. */
export interface StreamsCallbacks {
  success?: (data?: unknown) => void;
  failure?: (error: string | StreamsCallError) => void;
}

/** The Streams `Agent` surface used. */
export interface StreamsAgent {
  getState(): StreamsAgentState;
  /** Milliseconds in the current state on Connect's clock: Streams' own skew correction. */
  getStateDuration?(): number;
  getAvailabilityState?(): StreamsAvailabilityState;
  getAgentStates(): readonly StreamsAgentStateDefinition[];
  getAgentARN(): string;
  getName(): string;
  getContacts(): readonly StreamsContact[];
  setState(state: StreamsAgentStateDefinition, callbacks?: StreamsCallbacks, options?: { enqueueNextState?: boolean }): void;
  onRefresh(callback: (agent: StreamsAgent) => void): StreamsSubscription;
}

/** An endpoint of a connection (the customer's phone number, say). */
export interface StreamsEndpoint {
  readonly phoneNumber?: string;
  /** An agent endpoint's agent ARN (`…/agent/<userId>`), where Streams gives one. */
  readonly endpointARN?: string;
  readonly type?: string;
}

/** The Streams connection surface used: hold and monitoring live on connections. */
export interface StreamsConnection {
  /**
   * The participant's connection id. Taken to be the same in every CCP's view of the contact (the
   * supervisor's and the barged agent's), which is what lets both name one session alike.
   */
  readonly connectionId?: string;
  getType(): string;
  getState(): { readonly type: string; readonly timestamp?: Date | null };
  isOnHold(): boolean;
  getEndpoint?(): StreamsEndpoint;
  getMonitorStatus?(): string | null;
  /** What MonitorContact allowed on a monitoring connection (`SILENT_MONITOR`, `BARGE`). */
  getMonitorCapabilities?(): readonly string[] | undefined;
  destroy(callbacks?: StreamsCallbacks): void;
}

/** The Streams `Contact` surface used. */
export interface StreamsContact {
  readonly contactId: string;
  getType(): string;
  getState(): { readonly type: string; readonly timestamp?: Date | null };
  getQueue(): { readonly queueId?: string; readonly queueARN?: string; readonly name?: string } | null;
  getQueueTimestamp?(): Date | null;
  isInbound?(): boolean;
  getInitialConnection(): StreamsConnection | null;
  getAgentConnection(): StreamsConnection | null;
  /** Every connection of the contact: on the agent's, a barging supervisor's is one of type `monitoring`. */
  getConnections?(): readonly StreamsConnection[];
  /** True while some non-agent connection is active and in barge: all the agent's side shows of monitoring. */
  isUnderSupervision?(): boolean;
  /**
   * Exactly two active connections (connecting, connected, hold, silent_monitor, barge) on the
   * contact (Streams 2.13+). A barged supervisor and one other participant: Connect does not let
   * the supervisor go back to silent monitoring then.
   */
  hasTwoActiveParticipants?(): boolean;
  onRefresh(callback: (contact: StreamsContact) => void): StreamsSubscription;
  onIncoming(callback: (contact: StreamsContact) => void): StreamsSubscription;
  onPending(callback: (contact: StreamsContact) => void): StreamsSubscription;
  onConnecting(callback: (contact: StreamsContact) => void): StreamsSubscription;
  onConnected(callback: (contact: StreamsContact) => void): StreamsSubscription;
  onACW(callback: (contact: StreamsContact) => void): StreamsSubscription;
  onEnded(callback: (contact: StreamsContact) => void): StreamsSubscription;
  onMissed(callback: (contact: StreamsContact) => void): StreamsSubscription;
  onDestroy(callback: (contact: StreamsContact) => void): StreamsSubscription;
  onError?(callback: (contact: StreamsContact) => void): StreamsSubscription;
  updateMonitorParticipantState?(mode: string, callbacks?: StreamsCallbacks): void;
}

/** The Streams event bus. */
export interface StreamsEventBus {
  subscribe(eventName: string, callback: (data: unknown) => void): StreamsSubscription;
}

/**
 * The host's initialised Streams global, `connect`. Note the runtime values of `AgentEvents`
 * carry an `agent::` prefix (`"agent::state_change"`) that Streams' own typings leave out, so
 * the adapter reads the names from this object and never spells them itself.
 */
export interface StreamsConnect {
  agent(callback: (agent: StreamsAgent) => void): StreamsSubscription;
  contact(callback: (contact: StreamsContact) => void): StreamsSubscription;
  /**
   * The CCP's own health signals. Each may be missing (older Streams) or return nothing (some
   * versions subscribe on the bus and drop the subscription), so none can be relied on to stop.
   */
  readonly core: {
    getEventBus(): StreamsEventBus;
    /** The session expired or was logged out. */
    onAuthFail?(callback: () => void): StreamsSubscription | void;
    /** The user is signed in but may not use the CCP (no CCP permission in their security profile). */
    onAccessDenied?(callback: () => void): StreamsSubscription | void;
    /** The CCP authorised the user: on load, and again after a sign-in in its login window. */
    onAuthorizeSuccess?(callback: () => void): StreamsSubscription | void;
    /** The embedded CCP never answered through 10 reloads 5 s apart; Streams stops trying. */
    onIframeRetriesExhausted?(callback: () => void): StreamsSubscription | void;
    /** The agent authorisation failed again and again; Streams stops sending the user to log in. */
    onAuthorizeRetriesExhausted?(callback: () => void): StreamsSubscription | void;
    /** Agent and contact calls kept failing with 401; Streams stops re-authenticating. */
    onCTIAuthorizeRetriesExhausted?(callback: () => void): StreamsSubscription | void;
  };
  /**
   * The CCP's WebSocket to Connect could not be set up; called at once if that already happened.
   * Spelt so at runtime (Streams' documentation heading says `onWebSocketInitFailure`, which does not exist).
   */
  onWebsocketInitFailure?(callback: () => void): StreamsSubscription | void;
  /**
   * The lost and gained names are missing from Streams builds older than the CCP's WebSocket
   * (`agent::websocket_connection_lost` / `_gained` at runtime).
   */
  readonly AgentEvents: { readonly STATE_CHANGE: string; readonly REFRESH: string; readonly WEBSOCKET_CONNECTION_LOST?: string; readonly WEBSOCKET_CONNECTION_GAINED?: string };
}

/**
 * What the event bus carries with `agent::websocket_connection_lost`: the close of the CCP's last
 * open WebSocket, as Streams' WebSocket manager reports it (times in epoch ms on the page's clock,
 * the close event's `code` and `reason`). Streams' documentation says the callback gets the agent;
 * it gets this. `_gained` carries nothing.
 */
export interface StreamsWebSocketLost {
  readonly openTimestamp?: number;
  readonly closeTimestamp?: number;
  readonly connectionDuration?: number;
  readonly code?: number;
  readonly reason?: string;
}
