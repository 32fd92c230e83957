import { ErrorCode, FloorwalkError, isFloorwalkError, type ErrorCodeValue } from '@floorwalk/core';
import type { Down, Host } from './host.js';
import type { Obj } from './mapping.js';

/*
 * Only the parts loaded on first need (agent side, team side, commands) read vendor failures and
 * link states, so this stays out of what the adapter loads up front.
 */

/**
 * Sets the state of one link (`w` the Worker's socket, `s` the Sync client's twilsock): `undefined`
 * when it is up. The two fail apart (a Sync drop freezes the team view while the Worker stays up),
 * so the adapter reports the worse of them, and only when that changes: both dropping together is
 * one `reconnecting`, and `live` waits until both are up.
 */
export function link(host: Host, which: 'w' | 's', now: Down | undefined): void {
  const links = (host.links ??= {});
  // `failed` < `offline` < `reconnecting`: the worse sorts first.
  const worst = (): Down | undefined => (links.w && links.s ? (links.s[0] < links.w[0] ? links.s : links.w) : (links.w ?? links.s));
  const before = worst()?.[0];
  links[which] = now;
  const after = worst();
  if (after?.[0] !== before) host.sink()?.status(after?.[0] ?? 'live', after?.[1]);
}

/** A vendor (SDK, Sync, HTTP) failure as a FloorwalkError, by its Twilio error code or HTTP status. */
export function vendorError(err: unknown, what: string, status?: number): FloorwalkError {
  if (isFloorwalkError(err)) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as Obj;
  // twilio-taskrouter's request errors (REQUEST_INVALID, SERVER_ERROR) carry no status field:
  // the HTTP status is only in the message, "Request failed with status code 412. …".
  status ??= Number(/status code (\d{3})\b/.exec(String(e.message))?.[1]) || undefined;
  const codes = [Number(e.code), Number(e.status), status];
  const is = (...n: number[]): boolean => n.some((x) => codes.includes(x));
  const msg = `${what}: ${String(e.message ?? err)}`;
  const details = { status, twilioCode: e.code, moreInfo: e.more_info };
  const as = (code: ErrorCodeValue): FloorwalkError => new FloorwalkError(code, msg, { details, ...(err !== undefined && { cause: err }) });
  if (is(401, 20101, 20104) || /token/i.test(String(e.message ?? e.name))) return as(ErrorCode.AuthFailed);
  if (is(403, 20003)) return as(ErrorCode.Forbidden);
  if (is(404, 20404)) return as(ErrorCode.UnknownEntity);
  // 412: the If-Match version was stale (the SDK's enableVersionCheck), someone changed it first.
  if (is(409, 412)) return as(ErrorCode.Conflict);
  if (is(429, 20429)) return as(ErrorCode.RateLimited);
  return new FloorwalkError(ErrorCode.VendorError, msg, { details, cause: err, retryable: !(status !== undefined && status < 500) });
}
