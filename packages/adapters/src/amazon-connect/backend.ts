import { ErrorCode, FloorwalkError, importOnce, type Clock } from '@floorwalk/core';
import type {
  GetCurrentMetricDataRequest,
  GetCurrentMetricDataResponse,
  GetCurrentUserDataRequest,
  GetCurrentUserDataResponse,
  MonitorContactRequest,
  MonitorContactResponse,
  PutUserStatusRequest,
} from './wire.js';

/**
 * The Amazon Connect calls that need AWS credentials, made by the host's backend. Each takes
 * and returns the API's own JSON shapes; an AWS SDK v3 client's `send` results fit as they are.
 * A call may reject with anything: `ThrottlingException` (by `name` or HTTP 429) becomes
 * `RateLimited`, access errors `AuthFailed`, the rest `VendorError`; a quota
 * (`LimitExceededException`, though Connect sends it as 429, or `ServiceQuotaExceededException`)
 * is a `VendorError` that is not retryable.
 */
export interface AmazonConnectBackend {
  /** `GetCurrentUserData`, for the team board. `signal` aborts when the adapter disconnects. */
  getCurrentUserData?(request: GetCurrentUserDataRequest, options?: BackendCallOptions): Promise<GetCurrentUserDataResponse>;
  /** `GetCurrentMetricData`, for queue statistics. */
  getCurrentMetricData?(request: GetCurrentMetricDataRequest, options?: BackendCallOptions): Promise<GetCurrentMetricDataResponse>;
  /** `PutUserStatus`, for a supervisor setting another agent's status. `signal` aborts when the link is lost or the adapter disconnects. */
  putUserStatus?(request: PutUserStatusRequest, options?: BackendCallOptions): Promise<unknown>;
  /** `MonitorContact`, for silent monitoring and barge. `signal` aborts when the link is lost or the adapter disconnects. */
  monitorContact?(request: MonitorContactRequest, options?: BackendCallOptions): Promise<MonitorContactResponse>;
}

/** What the adapter passes with a poll call or a command's call. */
export interface BackendCallOptions {
  /** Aborted when the adapter disconnects or its link is lost, so a call in flight stops with it. */
  readonly signal?: AbortSignal;
  /**
   * Connect's clock minus the page's, in ms, as the adapter has measured it (0 until it has). A
   * `Retry-After` given as a date is on the server's clock: read it against the page's clock plus
   * this, or a page clock minutes ahead takes every date for one already past.
   */
  readonly skewMs?: number;
}

/** Options of {@link createAmazonConnectHttpBackend}. */
export interface AmazonConnectHttpBackendOptions {
  /** Where the host's backend serves the Connect REST paths, e.g. `https://crm.example/connect`. */
  readonly baseUrl: string;
  /** Headers for every call (the host session's own auth, say); a function is called per call. */
  readonly headers?: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);
  /** The fetch to use. Defaults to the global one, read at call time so msw can patch it. */
  readonly fetch?: typeof fetch;
  /**
   * What a `Retry-After` given as a date is measured against (corrected by the `skewMs` the
   * adapter passes with each call): pass the adapter's `clock` if you gave it one, so the wait is
   * the one it keeps. Defaults to the wall clock, the adapter's default.
   */
  readonly clock?: Clock;
}

const importHttp = importOnce(() => import('./http.js'));
/** Loads the HTTP exchange on first need; a failed load is a typed error, and the next call fetches again (see core's `importOnce`). */
const loadHttp = (): Promise<typeof import('./http.js')> =>
  importHttp().catch((err: unknown) => {
    throw new FloorwalkError(ErrorCode.VendorError, 'The Amazon Connect backend could not load its HTTP client.', { cause: err });
  });

/**
 * A backend reached over HTTP: the host's server exposes the Connect REST paths
 * (`POST /metrics/userdata/{InstanceId}`, `POST /metrics/current/{InstanceId}`,
 * `PUT /users/{InstanceId}/{UserId}/status`, `POST /contact/monitor`) with the API's bodies,
 * signs them with its own credentials and forwards them. Error responses keep Connect's
 * `x-amzn-ErrorType` header or JSON `__type`, and a `Retry-After` the caller honours.
 *
 * @example
 * ```ts
 * const backend = createAmazonConnectHttpBackend({
 *   baseUrl: '/api/connect',
 *   headers: () => ({ authorization: `Bearer ${session.token}` }),
 * });
 * const adapter = createAmazonConnectAdapter({ instanceId, streams: connect, backend });
 * ```
 */
export function createAmazonConnectHttpBackend(options: AmazonConnectHttpBackendOptions): Required<AmazonConnectBackend> {
  if (typeof options?.baseUrl !== 'string') throw new FloorwalkError(ErrorCode.InvalidArgument, 'createAmazonConnectHttpBackend: options.baseUrl must be the URL of your backend.');
  const base = options.baseUrl.replace(/\/+$/, '');
  // The HTTP exchange loads with the first call: an agent's page that never polls nor monitors does not carry it.
  const call = <T>(operation: string, method: string, path: string, body: unknown, o?: BackendCallOptions): Promise<T> =>
    loadHttp().then((m) => m.call<T>(options, operation, method, `${base}${path}`, body, o));
  const enc = encodeURIComponent;
  return {
    getCurrentUserData: ({ InstanceId, ...body }, o) => call('GetCurrentUserData', 'POST', `/metrics/userdata/${enc(InstanceId)}`, body, o),
    getCurrentMetricData: ({ InstanceId, ...body }, o) => call('GetCurrentMetricData', 'POST', `/metrics/current/${enc(InstanceId)}`, body, o),
    putUserStatus: ({ InstanceId, UserId, AgentStatusId }, o) =>
      call('PutUserStatus', 'PUT', `/users/${enc(InstanceId)}/${enc(UserId)}/status`, { AgentStatusId }, o),
    monitorContact: (request, o) => call('MonitorContact', 'POST', '/contact/monitor', request, o),
  };
}
