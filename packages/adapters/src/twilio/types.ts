/*
 * Structural types for the host-provided Twilio objects the adapter touches. They describe only
 * the members used, so the host's twilio-taskrouter `Worker` / `Supervisor` and twilio-sync
 * `SyncClient` fit them without this package importing either SDK.
 */

/** A listener as the Twilio SDKs' EventEmitters call it. */
export type TwilioListener = (...args: any[]) => void;

/** The EventEmitter surface twilio-taskrouter objects share. */
export interface TwilioEmitter {
  /** Adds a listener. */
  on(event: string, listener: TwilioListener): unknown;
  /** Removes it; the adapter removes every listener it added on `disconnect()`. */
  removeListener(event: string, listener: TwilioListener): unknown;
}

/** A TaskRouter activity, as `worker.activities` holds them. */
export interface TwilioActivity {
  /** `WA…` SID. */
  readonly sid: string;
  /** The activity's friendly name, mapped to a presence state. */
  readonly name: string;
  /** Whether TaskRouter routes work to a worker in it. */
  readonly available: boolean;
  /** Makes it the worker's current activity (twilio-taskrouter v2 has no `worker.update`). */
  setAsCurrent?(options?: { rejectPendingReservations?: boolean }): Promise<unknown>;
}

/** A TaskRouter task, as a reservation carries it. */
export interface TwilioTask {
  /** `WT…` SID. */
  readonly sid: string;
  /** `pending | reserved | assigned | canceled | completed | wrapping`. */
  readonly status?: string;
  /** Task attributes: `from`, `direction`, `conference.sid`, `conference.participants.worker`, `channelType`, … */
  readonly attributes?: Record<string, unknown>;
  /** `WQ…` SID of the task queue. */
  readonly queueSid?: string;
  /** The task queue's name. */
  readonly queueName?: string;
  /** `voice`, `chat`, `sms`, `email`, `default`, … */
  readonly taskChannelUniqueName?: string;
  /** When the task was created. */
  readonly dateCreated?: Date;
  /** When the task last changed. */
  readonly dateUpdated?: Date;
}

/**
 * A TaskRouter reservation. It emits `accepted`, `rejected`, `timeout`, `canceled`,
 * `rescinded`, `completed` and `wrapup` (there is no `wrapping` event; `wrapping` is a status).
 */
export interface TwilioReservation extends TwilioEmitter {
  /** `WR…` SID: the canonical interaction id. */
  readonly sid: string;
  /** `pending | accepted | rejected | timeout | canceled | rescinded | wrapping | completed`. */
  readonly status: string;
  /** The reserved task. */
  readonly task: TwilioTask;
  /** The worker it was offered to. */
  readonly workerSid?: string;
  /** When it was offered. */
  readonly dateCreated?: Date;
  /** When its status last changed: the time of each canonical event. */
  readonly dateUpdated?: Date;
  /** Why it was canceled, when it was. */
  readonly canceledReasonCode?: number;
}

/**
 * The host's TaskRouter `Worker` (or Flex's `Supervisor`), from twilio-taskrouter v2. It emits
 * `ready` (again after every reconnect, with rebuilt reservation objects), `activityUpdated`,
 * `attributesUpdated`, `reservationCreated`, `reservationFailed`, `disconnected`, `error`,
 * `tokenExpired` and `tokenUpdated`.
 */
export interface TwilioWorker extends TwilioEmitter {
  /** `WK…` SID: the canonical agent id. */
  readonly sid: string;
  /** `friendly_name`. */
  readonly name?: string;
  /** Same as `name` (kept by the SDK for compatibility). */
  readonly friendlyName?: string;
  /** Undefined until the first `ready`. */
  readonly activity?: TwilioActivity;
  /** The workspace's activities by SID. */
  readonly activities: ReadonlyMap<string, TwilioActivity>;
  /** Worker attributes (`full_name`, `image_url`, `contact_uri`, `roles`, …). */
  readonly attributes?: Record<string, unknown>;
  /** When the current activity began: the presence's `since`. */
  readonly dateActivityChanged?: Date;
  /** Same as `dateActivityChanged` in the SDK. */
  readonly dateStatusChanged?: Date;
  /** When the worker last changed. */
  readonly dateUpdated?: Date;
  /** The worker's active reservations by SID; rebuilt (new objects) on every `ready`. */
  readonly reservations: ReadonlyMap<string, TwilioReservation>;
  /** Gives the SDK a new token; reconnection resumes after `tokenExpired`. */
  updateToken(token: string): void;
  /** Present on a `Supervisor`: sets another worker's activity without server credentials. */
  setWorkerActivity?(workerSid: string, activitySid: string, options?: { rejectPendingReservations?: boolean }): Promise<unknown>;
  /**
   * twilio-taskrouter 2.x's own signaling object (not in its types): the one place a Worker tells
   * whether its socket will come back. Its `disconnect()` turns `reconnect` off and takes the
   * socket's handlers off; a `tokenExpired` turns `reconnect` off only. Read, never written; a
   * Worker without it (GraphQL signaling, another SDK) is taken to be connecting.
   */
  readonly _signaling?: { readonly reconnect?: unknown; readonly webSocket?: { readonly onclose?: unknown } | null };
}

/** An item of a live query, as `itemUpdated` gives it. */
export interface TwilioLiveQueryItem {
  /** The item key: a `WK…` or `WR…` SID. */
  readonly key: string;
  /** The item (`tr-worker` / `tr-reservation` shape); checked before use. */
  readonly value: unknown;
}

/** A twilio-sync `LiveQuery`. */
export interface TwilioLiveQuery {
  /** The current result, keyed by item key (worker SID, reservation SID). */
  getItems(): Record<string, unknown>;
  /** `itemUpdated` when an item enters or changes, `itemRemoved` when it leaves the result. */
  on(event: 'itemUpdated' | 'itemRemoved', listener: (item: TwilioLiveQueryItem) => void): unknown;
  /** Stops the subscription. */
  close(): void;
}

/**
 * What twilio-sync's `connectionError` carries: twilsock's report, passed on as it is (twilio-sync's
 * own type names only `terminal` and `message`, but the object has all four).
 */
export interface TwilioConnectionError {
  /** twilsock stops trying: it will not reconnect until the host acts. */
  readonly terminal: boolean;
  /** The cause, as twilsock words it. */
  readonly message: string;
  /** The HTTP status of twilsock's refused init or token update, or a server close's; null when none. */
  readonly httpStatusCode?: number | null;
  /** The Twilio error code (20104: token expired), when the server gave one. */
  readonly errorCode?: number | null;
}

/** The host's twilio-sync `SyncClient` (Flex: `manager.insightsClient`). */
export interface TwilioSyncClient {
  /** Opens a live query on a Flex index (`tr-worker`, `tr-reservation`, …). */
  liveQuery(indexName: string, queryExpression: string): Promise<TwilioLiveQuery>;
  /**
   * twilio-sync's EventEmitter. `connectionStateChanged` (`connecting`, `connected`,
   * `disconnecting`, `disconnected`, `denied`; `retrying` and `error` in its type) is the team
   * side's link signal, reported beside the Worker's when there is one.
   */
  on?(event: 'connectionStateChanged', listener: (state: string) => void): unknown;
  /** `connectionError`: why the link failed, and whether twilsock will try again (`terminal`). */
  on?(event: 'connectionError', listener: (error: TwilioConnectionError) => void): unknown;
  /** `tokenExpired`: the server closed for its expired token (or refused one, 20104); it needs `updateToken`. */
  on?(event: 'tokenExpired', listener: () => void): unknown;
  /** Removes a listener; the adapter removes its own on `disconnect()`. */
  removeListener?(event: 'connectionStateChanged', listener: (state: string) => void): unknown;
  /** Removes a `connectionError` listener. */
  removeListener?(event: 'connectionError', listener: (error: TwilioConnectionError) => void): unknown;
  /** Removes a `tokenExpired` listener. */
  removeListener?(event: 'tokenExpired', listener: () => void): unknown;
  /** The state `connectionStateChanged` last told of; read when the adapter connects. */
  readonly connectionState?: string;
}

/**
 * A TaskRouter event callback as TaskRouter POSTs it to the host's backend: form-encoded
 * strings (`EventType`, `Sid`, `TimestampMs`, `WorkerSid`, `WorkerActivityName`, …). The host
 * relays the body unchanged, as a string, `URLSearchParams` or a plain object.
 */
export type TwilioEventCallback = string | URLSearchParams | Readonly<Record<string, unknown>>;
