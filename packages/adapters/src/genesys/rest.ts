import { ErrorCode, FloorwalkError, type Clock, type ErrorCodeValue } from '@floorwalk/core';

/** Options of the REST client. */
export interface RestOptions {
  readonly baseUrl: string;
  readonly getAccessToken: () => string | Promise<string>;
  readonly clock: Clock;
  readonly fetch: typeof fetch;
  /** Requests allowed in any 60 s window. */
  readonly requestsPerMinute: number;
  /** 429 retries per request before giving up. */
  readonly maxRetries: number;
}

/** A paced REST client for `https://api.{domain}`. */
export interface Rest {
  /**
   * `retries`: how many 429s to wait out before rejecting with `RateLimited` (default
   * `maxRetries`). A command's requests take 0: the client's outbox waits `retryAfterMs` and sends
   * it again, where a wait in here could outlast the client's time limit for the send.
   * `onWait` hears each 429 waited out, as the `RateLimited` error it would reject with.
   */
  request<T>(method: string, path: string, body?: unknown, retries?: number, onWait?: (error: FloorwalkError) => void): Promise<T>;
  /** Until when the vendor asked us to wait (epoch ms on the clock), 0 if not. */
  readonly blockedUntil: number;
  /** Fails every request waiting for an answer, as a lost answer: the link they went out on is gone. */
  abort(): void;
}

const MINUTE = 60_000;

/** Maps an HTTP failure to an error code. */
function codeFor(status: number): ErrorCodeValue {
  if (status === 401) return ErrorCode.AuthFailed;
  if (status === 403) return ErrorCode.Forbidden;
  if (status === 404) return ErrorCode.UnknownEntity;
  if (status === 409) return ErrorCode.Conflict;
  if (status === 429) return ErrorCode.RateLimited;
  if (status === 400 || status === 422) return ErrorCode.InvalidArgument;
  return ErrorCode.VendorError;
}

/**
 * Keeps its own calls below the per-token rate (300 a minute by default at Genesys) with a
 * sliding window, and on 429 waits what `Retry-After` says, for every call, before retrying.
 */
export function createRest(options: RestOptions): Rest {
  const { clock } = options;
  const sent: number[] = [];
  let blockedUntil = 0;
  let inFlight = new AbortController();
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => clock.setTimeout(resolve, ms));

  /** Waits for a slot in the window, then takes it. */
  const slot = async (): Promise<void> => {
    for (;;) {
      const now = clock.now();
      while (sent.length > 0 && (sent[0] as number) <= now - MINUTE) sent.shift();
      const wait = Math.max(blockedUntil - now, sent.length >= options.requestsPerMinute ? (sent[0] as number) + MINUTE - now : 0);
      if (wait <= 0) {
        sent.push(now);
        return;
      }
      await sleep(wait);
    }
  };

  const request = async <T>(method: string, path: string, body?: unknown, retries = options.maxRetries, onWait?: (error: FloorwalkError) => void): Promise<T> => {
    // No answer, or none that can be read: the request may still have been applied.
    const lost = (err: unknown): FloorwalkError => new FloorwalkError(ErrorCode.VendorError, `Genesys: ${method} ${path} failed: ${err}.`, { cause: err });
    for (let attempt = 0, waited = 0; ; attempt++) {
      await slot();
      let token: string;
      try {
        token = await options.getAccessToken();
      } catch (err) {
        throw new FloorwalkError(ErrorCode.AuthFailed, 'Genesys: getAccessToken() failed.', { cause: err });
      }
      let res: Response;
      try {
        res = await options.fetch(`${options.baseUrl}${path}`, {
          method,
          headers: { Authorization: `Bearer ${token}`, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
          ...(body !== undefined && { body: JSON.stringify(body) }),
          signal: inFlight.signal,
        });
      } catch (err) {
        throw lost(err);
      }
      if (res.status === 429) {
        // Seconds from Genesys, an HTTP-date from a proxy in front of it; without a readable one, a
        // conservative pause (the limit window is a minute): a missing header must not mean "retry
        // at once". An explicit 0 still does, as it always did here. The reader loads on the first
        // 429, not with the entry every page loads; one that cannot load leaves the pause.
        const header = res.headers.get('Retry-After');
        const now = clock.now();
        const read = await import('../internal/retry-after.js').then((m) => m.retryAfterMs(header, now), () => undefined);
        const waitMs = read ?? (header !== null && header.trim() !== '' && Number(header) === 0 ? 0 : 5_000);
        blockedUntil = Math.max(blockedUntil, now + waitMs);
        // Measured now: reading the body below takes time, which is no part of the vendor's wait.
        waited = blockedUntil - now;
      }
      if (!res.ok) {
        let message = '';
        try {
          const j = (await res.json()) as { message?: unknown };
          if (typeof j?.message === 'string') message = `: ${j.message}`;
        } catch {
          // A body that is not JSON adds nothing the status does not say.
        }
        const error = new FloorwalkError(codeFor(res.status), `Genesys: ${method} ${path} returned ${res.status}${message}.`, {
          details: { method, path, status: res.status, ...(res.status === 429 && { retryAfterMs: waited }) },
          ...(res.status >= 500 && { retryable: true }),
        });
        if (res.status === 429 && attempt < retries) {
          onWait?.(error);
          continue;
        }
        throw error;
      }
      // A 204's body and a HEAD's are empty.
      const text = await res.text();
      if (text === '') return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch (err) {
        throw lost(err);
      }
    }
  };
  return {
    request,
    get blockedUntil() {
      return blockedUntil;
    },
    abort() {
      inFlight.abort();
      inFlight = new AbortController();
    },
  };
}
