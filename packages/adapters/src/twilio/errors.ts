import { ErrorCode, FloorwalkError, isFloorwalkError, type ErrorCodeValue } from '@floorwalk/core';
import type { Obj } from './mapping.js';

/*
 * Only the parts loaded on first need (agent side, team side, commands) read vendor failures, so
 * this stays out of what the adapter loads up front.
 */

/** A vendor (SDK, Sync, HTTP) failure as a FloorwalkError, by its Twilio error code or HTTP status. */
export function vendorError(err: unknown, what: string, status?: number): FloorwalkError {
  if (isFloorwalkError(err)) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as Obj;
  const codes = [Number(e.code), Number(e.status), status];
  const is = (...n: number[]): boolean => n.some((x) => codes.includes(x));
  const msg = `${what}: ${String(e.message ?? err)}`;
  const details = { status, twilioCode: e.code, moreInfo: e.more_info };
  const as = (code: ErrorCodeValue): FloorwalkError => new FloorwalkError(code, msg, { details, ...(err !== undefined && { cause: err }) });
  if (is(401, 20101, 20104) || /token/i.test(String(e.message ?? e.name))) return as(ErrorCode.AuthFailed);
  if (is(403, 20003)) return as(ErrorCode.Forbidden);
  if (is(404, 20404)) return as(ErrorCode.UnknownEntity);
  if (is(409)) return as(ErrorCode.Conflict);
  if (is(429, 20429)) return as(ErrorCode.RateLimited);
  return new FloorwalkError(ErrorCode.VendorError, msg, { details, cause: err, retryable: !(status !== undefined && status < 500) });
}
