import { ErrorCode, FloorwalkError, systemClock } from '@floorwalk/core';
import { retryAfterMs } from '../internal/retry-after.js';
import type { AmazonConnectHttpBackendOptions, BackendCallOptions } from './backend.js';
import { connectError as toError } from './errors.js';

/*
 * The HTTP exchange of createAmazonConnectHttpBackend, loaded with its first call.
 */

/** One call to the host's backend: Connect's JSON in and out, its errors typed. */
export async function call<T>(options: AmazonConnectHttpBackendOptions, operation: string, method: string, url: string, body: unknown, o?: BackendCallOptions): Promise<T> {
  const signal = o?.signal;
  const headers = typeof options.headers === 'function' ? options.headers() : options.headers;
  let res: Response;
  try {
    res = await (options.fetch ?? fetch)(url, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (err) {
    // Aborted with a reason: the link was lost, and with it the answer (the call may have been applied).
    if (signal?.aborted === true && !(signal.reason instanceof FloorwalkError)) throw new FloorwalkError(ErrorCode.Cancelled, `${operation}: cancelled`, { cause: err });
    throw new FloorwalkError(ErrorCode.VendorError, `${operation}: the backend could not be reached`, { cause: err, details: { operation } });
  }
  const text = await res.text();
  let json: unknown = {};
  if (text !== '') {
    try {
      json = JSON.parse(text);
    } catch (err) {
      if (res.ok) throw new FloorwalkError(ErrorCode.MalformedEvent, `${operation}: the response is not JSON`, { cause: err, details: { operation } });
    }
  }
  // No body at all is no answer to a read (Connect's reads always carry one): read as `{}`, a
  // GetCurrentUserData would list no one signed in, and every agent shown would go offline.
  // PutUserStatus's 200 has no body by design; its caller reads nothing from it.
  if (res.ok) return (text === '' ? undefined : json) as T;
  // AWS's rule: the name ends at the first ':' (the header adds a URI) and starts after a '#' (JSON's namespace).
  const name = (res.headers.get('x-amzn-errortype') ?? (json as { __type?: string }).__type ?? '').split(':')[0]!.split('#').pop();
  const msg = (json as { message?: string; Message?: string }).message ?? (json as { Message?: string }).Message ?? res.statusText;
  const error = toError({ name, message: msg, $metadata: { httpStatusCode: res.status } }, operation);
  // A date is on the server's clock: measured from the page's own, a page minutes ahead would read
  // every date as past, minutes behind as far off. The adapter's measure of Connect's clock puts it right.
  const wait = retryAfterMs(res.headers.get('retry-after'), (options.clock ?? systemClock).now() + (o?.skewMs ?? 0));
  // A wait on an error that waiting will not cure (a quota) would have the client retry it slowly.
  if (wait !== undefined && error.retryable) {
    throw new FloorwalkError(error.code, error.message, { details: { ...error.details, retryAfterMs: wait }, retryable: error.retryable });
  }
  throw error;
}
