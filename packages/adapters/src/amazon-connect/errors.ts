import { ErrorCode, FloorwalkError } from '@floorwalk/core';
import type { Host } from './host.js';

/*
 * The mapping of a failed backend call to a typed error, imported by the parts loaded on first
 * need (the polls, the commands, the HTTP exchange, the Streams side), so it loads with them. The
 * adapter's connect() loads it only for an error none of them typed (a host object that threw).
 */

const THROTTLED = /^(ThrottlingException|TooManyRequestsException)/;
/**
 * Connect's quotas, which waiting does not lift. `LimitExceededException` is a resource limit
 * (how many queues, how many chats at once) that Connect sends as HTTP 429 all the same, so the
 * name is read before the status; no call the adapter makes lists it, and they all throttle with
 * `ThrottlingException`. `ServiceQuotaExceededException` (402) is one of MonitorContact's. The AWS
 * SDKs' cross-service list takes the first for a throttle, so an SDK client has retried it already.
 */
const QUOTA = /^(LimitExceededException|ServiceQuotaExceededException)/;

/** Error names AWS and the CCP give credentials they refuse (expired, unsigned, not allowed). */
export const AUTH_REFUSED = /AccessDenied|Unauthori[sz]ed|ExpiredToken|InvalidSignature/;

/**
 * Turns anything a backend call rejected with into a typed error: the AWS SDK v3 error shape
 * (`name`, `$metadata.httpStatusCode`, `$retryable.throttling`) and our HTTP errors alike.
 */
export function connectError(err: unknown, operation: string): FloorwalkError {
  if (err instanceof FloorwalkError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    name?: unknown;
    message?: unknown;
    $metadata?: { httpStatusCode?: unknown };
    $retryable?: { throttling?: unknown };
  };
  const name = typeof e.name === 'string' ? e.name : '';
  const status = e.$metadata?.httpStatusCode;
  const message = `${operation} failed: ${typeof e.message === 'string' ? e.message : String(err)}`;
  const details = { operation, vendorError: name || undefined, httpStatus: status };
  if (QUOTA.test(name)) return new FloorwalkError(ErrorCode.VendorError, message, { cause: err, details, retryable: false });
  if (THROTTLED.test(name) || status === 429 || e.$retryable?.throttling === true) {
    return new FloorwalkError(ErrorCode.RateLimited, message, { cause: err, details });
  }
  if (AUTH_REFUSED.test(name) || status === 401 || status === 403) {
    return new FloorwalkError(ErrorCode.AuthFailed, message, { cause: err, details });
  }
  const clientFault = typeof status === 'number' && status >= 400 && status < 500;
  return new FloorwalkError(ErrorCode.VendorError, message, { cause: err, details, retryable: !clientFault });
}

/** How long one backend request may go unanswered: the AWS SDK's own default request time limit. */
const CALL_LIMIT_MS = 30_000;

/**
 * `call`'s answer, or past the limit a retryable `VendorError` with no HTTP status (so, like a lost
 * answer, a command may have been applied): a request that never answers, on a half-open link,
 * would otherwise hold what waits on it for good while `ping()` sees nothing wrong.
 */
export async function within<T>(h: Pick<Host, 'clock' | 'fail'>, operation: string, call: Promise<T>): Promise<T> {
  let timer: unknown;
  try {
    return await Promise.race([
      call,
      new Promise<never>((_, reject) => {
        timer = h.clock.setTimeout(() => reject(h.fail(ErrorCode.VendorError, `${operation} did not answer within ${CALL_LIMIT_MS / 1000} s.`, { operation })), CALL_LIMIT_MS);
      }),
    ]);
  } finally {
    h.clock.clearTimeout(timer);
  }
}
