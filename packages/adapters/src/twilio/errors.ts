import { ErrorCode, FloorwalkError, isFloorwalkError, type ErrorCodeValue } from '@floorwalk/core';
import type { Obj } from './mapping.js';

export const fail = (code: ErrorCodeValue, message: string, details?: Obj, cause?: unknown): FloorwalkError =>
  new FloorwalkError(code, message, { ...(details && { details }), ...(cause !== undefined && { cause }) });

/** A vendor (SDK, Sync, HTTP) failure as a FloorwalkError, by its Twilio error code or HTTP status. */
export function vendorError(err: unknown, what: string, status?: number): FloorwalkError {
  if (isFloorwalkError(err)) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as Obj;
  const codes = [Number(e.code), Number(e.status), status];
  const is = (...n: number[]): boolean => n.some((x) => codes.includes(x));
  const msg = `${what}: ${String(e.message ?? err)}`;
  const details = { status, twilioCode: e.code, moreInfo: e.more_info };
  if (is(401, 20101, 20104) || /token/i.test(String(e.message ?? e.name))) return fail(ErrorCode.AuthFailed, msg, details, err);
  if (is(403, 20003)) return fail(ErrorCode.Forbidden, msg, details, err);
  if (is(404, 20404)) return fail(ErrorCode.UnknownEntity, msg, details, err);
  if (is(409)) return fail(ErrorCode.Conflict, msg, details, err);
  if (is(429, 20429)) return fail(ErrorCode.RateLimited, msg, details, err);
  return new FloorwalkError(ErrorCode.VendorError, msg, { details, cause: err, retryable: !(status !== undefined && status < 500) });
}

