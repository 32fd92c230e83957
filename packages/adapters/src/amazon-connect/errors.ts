import { ErrorCode, FloorwalkError } from '@floorwalk/core';

/*
 * The mapping of a failed backend call to a typed error, imported by the parts loaded on first
 * need (the polls, the commands, the HTTP exchange, the Streams side), so it loads with them. The
 * adapter's connect() loads it only for an error none of them typed (a host object that threw).
 */

const THROTTLED = /^(ThrottlingException|TooManyRequestsException|LimitExceededException)/;

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
  if (THROTTLED.test(name) || status === 429 || e.$retryable?.throttling === true) {
    return new FloorwalkError(ErrorCode.RateLimited, message, { cause: err, details });
  }
  if (/AccessDenied|Unauthori[sz]ed|ExpiredToken|InvalidSignature/.test(name) || status === 401 || status === 403) {
    return new FloorwalkError(ErrorCode.AuthFailed, message, { cause: err, details });
  }
  const clientFault = typeof status === 'number' && status >= 400 && status < 500;
  return new FloorwalkError(ErrorCode.VendorError, message, { cause: err, details, retryable: !clientFault });
}
