import { ErrorCode, FloorwalkError, isFloorwalkError, type Clock, type TimerHandle } from '@floorwalk/core';
import { isObj, str, time } from './map.js';
import type { Rest } from './rest.js';
import type { WireChannel } from './wire.js';

/** The part of a WebSocket the adapter uses, so a host may pass its own implementation. */
export interface GenesysSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { readonly data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

/** A WebSocket constructor (the global one by default). */
export type GenesysSocketConstructor = new (url: string) => GenesysSocket;

export interface ShardTimings {
  /** Silence after which we ping. */
  readonly heartbeatTimeoutMs: number;
  /** How long a ping may go unanswered before the socket is taken for dead. */
  readonly pongTimeoutMs: number;
  /** How long before `expires` the channel is replaced. */
  readonly renewBeforeExpiryMs: number;
  /** Reconnect delays, tier by tier; the last one repeats. */
  readonly backoffMs: readonly number[];
}

export interface ShardDeps {
  readonly rest: Rest;
  readonly clock: Clock;
  readonly Socket: GenesysSocketConstructor;
  readonly timings: ShardTimings;
  /** The page's clock minus Genesys': `expires` is a Genesys time. */
  readonly skew: { readonly off: number };
  /**
   * Channels the shards may hold beyond one each, shared by them all: a move make-before-break
   * holds one until the old socket is dropped, as a 21st live channel would evict one of ours.
   */
  readonly spare: { n: number };
  /** A topic notification (not heartbeats, not system topics). */
  onNotification(text: string, message: Record<string, unknown>): void;
  /** The shard lost its link (true) or has it back after a gap (false). */
  onGap(down: boolean, reason?: FloorwalkError): void;
  /** The shard gave up (auth failure). */
  onFatal(error: FloorwalkError): void;
  /** A problem worth reporting that did not stop the shard. */
  onError(error: FloorwalkError): void;
}

/** One notification channel and its socket, holding a share of the topics. */
export interface Shard {
  readonly index: number;
  /** Identifies the topic list, so a later connection can find a channel that held the same. */
  readonly topicsKey: string;
  readonly channelId: string | undefined;
  /**
   * Opens the shard. With `reuse`, a channel of an earlier connection that held the same topics:
   * it is checked (HEAD) and reconnected to, and a new one is made only when it is gone.
   */
  open(reuse?: ReusableChannel): Promise<void>;
  /** The channel, for a later connection to reuse. */
  readonly reusable: ReusableChannel | undefined;
  /** Times the renewal again, after the clock offset moved. */
  rearm(): void;
  /** Pings the socket; resolves on the next frame, rejects after the pong timeout or with no socket. */
  ping(): Promise<void>;
  close(): void;
}

/** What a later connection needs to reconnect to a channel. */
export interface ReusableChannel {
  readonly id: string;
  readonly connectUri: string;
  readonly expires: number | undefined;
}

const RENEW_RETRY_MS = 60_000;
/** How long the socket a move left keeps delivering: what Genesys sent it before the new channel held every topic. */
const DRAIN_MS = 15_000;
const GONE = /^v2\.system\.(no_longer_subscribed|token_revoked)/;

export function createShard(index: number, topics: readonly string[], deps: ShardDeps): Shard {
  const { rest, clock, timings } = deps;
  /** What is left, on the page's clock, until Genesys' reaches `expires`. */
  const left = (expires: number): number => expires + deps.skew.off - clock.now();
  let channel: { id: string; connectUri: string; expires: number | undefined } | undefined;
  let socket: GenesysSocket | undefined;
  let closed = false;
  let watchdog: TimerHandle | undefined;
  let pong: TimerHandle | undefined;
  let expiry: TimerHandle | undefined;
  let retry: TimerHandle | undefined;
  let attempt = 0;
  let down = false;
  let recovering = false;
  let moving = false;
  // Read through a function: TypeScript would otherwise keep its narrowing across an await.
  const currentId = (): string | undefined => channel?.id;
  /** Callers of ping() waiting for the next frame. */
  let waiters: (() => void)[] = [];

  const clear = (h: TimerHandle | undefined): undefined => {
    if (h !== undefined) clock.clearTimeout(h);
    return undefined;
  };
  const stopTimers = (): void => {
    watchdog = clear(watchdog);
    pong = clear(pong);
  };

  const detach = (s: GenesysSocket | undefined): void => {
    if (s === undefined) return;
    s.onopen = s.onmessage = s.onclose = s.onerror = null;
    try {
      s.close(1000, 'floorwalk');
    } catch {
      // Closing a socket that never opened can throw in some runtimes; it is gone either way.
    }
  };

  const armWatchdog = (): void => {
    stopTimers();
    watchdog = clock.setTimeout(() => {
      watchdog = undefined;
      // Heartbeats stopped: ask explicitly before declaring the socket dead (reference §1.4).
      try {
        socket?.send(JSON.stringify({ message: 'ping' }));
      } catch {
        // A send on a dying socket: the pong timer below catches it.
      }
      pong = clock.setTimeout(() => {
        pong = undefined;
        lose(new FloorwalkError(ErrorCode.VendorError, `Genesys channel ${channel?.id ?? '?'}: no heartbeat and no pong; reconnecting.`));
      }, timings.pongTimeoutMs);
    }, timings.heartbeatTimeoutMs);
  };

  const renewIn = (ms: number): void => {
    expiry = clock.setTimeout(() => {
      expiry = undefined;
      void renew();
    }, ms);
  };

  const armExpiry = (): void => {
    expiry = clear(expiry);
    if (channel?.expires !== undefined) renewIn(Math.max(0, left(channel.expires) - timings.renewBeforeExpiryMs));
  };

  const createChannel = async (): Promise<NonNullable<typeof channel>> => {
    // A 429 here is waited out, and told: the link stays down meanwhile (never a silent wait).
    const c = await rest.request<WireChannel>('POST', '/api/v2/notifications/channels', undefined, undefined, deps.onError);
    const id = str(c?.id);
    const connectUri = str(c?.connectUri);
    if (id === undefined || connectUri === undefined) {
      throw new FloorwalkError(ErrorCode.VendorError, 'Genesys: channel creation returned no id or connectUri.', { details: { channel: c } });
    }
    // Genesys documents a channel's life as 24 h; an answer without `expires` gets that from now
    // (on Genesys' clock), or the channel would die unrenewed and cost a reconnect and a resync.
    return { id, connectUri, expires: time(c.expires) ?? clock.now() - deps.skew.off + 86_400_000 };
  };

  const subscribe = async (id: string): Promise<void> => {
    // PUT replaces the channel's whole list, so a retry cannot duplicate; ignoreErrors keeps one
    // forbidden topic from failing the batch, and reports it per topic instead (reference §1.6).
    const res = await rest.request<{ entities?: unknown }>('PUT', `/api/v2/notifications/channels/${encodeURIComponent(id)}/subscriptions?ignoreErrors=true`, topics.map((t) => ({ id: t })), undefined, deps.onError);
    const entities = Array.isArray(res?.entities) ? (res.entities as unknown[]) : [];
    const rejected = entities.filter((e) => isObj(e) && e.state === 'Rejected') as Record<string, unknown>[];
    if (rejected.length > 0) {
      deps.onError(
        new FloorwalkError(ErrorCode.Forbidden, `Genesys refused ${rejected.length} topic(s) on channel ${id}.`, {
          details: { topics: rejected.map((r) => r.id), missingPermissions: [...new Set(rejected.flatMap((r) => (Array.isArray(r.missingPermissions) ? r.missingPermissions : [])))] },
        }),
      );
    }
  };

  const connectSocket = (uri: string): Promise<GenesysSocket> =>
    new Promise((resolve, reject) => {
      let s: GenesysSocket | undefined;
      // Thrown by the constructor, closed before it opened, or not open in time.
      const fail = (cause?: unknown): void => {
        clock.clearTimeout(timer);
        detach(s);
        reject(new FloorwalkError(ErrorCode.VendorError, `Genesys: ${uri} did not open.`, { cause }));
      };
      const timer = clock.setTimeout(fail, 15_000); // not open in 15 s: dead
      try {
        const made = (s = new deps.Socket(uri));
        made.onopen = () => {
          clock.clearTimeout(timer);
          resolve(made);
        };
        made.onerror = made.onclose = () => fail();
      } catch (err) {
        fail(err);
      }
    });

  /** Makes `s` the live socket of the shard. */
  const adopt = (s: GenesysSocket): void => {
    const previous = socket;
    socket = s;
    if (previous !== s) detach(previous);
    s.onmessage = (ev) => {
      if (closed) return;
      // A socket a move left (renew() keeps its handlers) is read for notifications alone.
      if (socket === s) {
        armWatchdog();
        const answered = waiters;
        waiters = [];
        for (const w of answered) w();
      }
      receive(ev.data, socket !== s);
    };
    s.onclose = s.onerror = () => {
      if (socket !== s || closed) return;
      lose(new FloorwalkError(ErrorCode.VendorError, `Genesys channel ${channel?.id ?? '?'}: the socket closed.`));
    };
    armWatchdog();
  };

  /** A frame; one from the socket a move left (`drained`) is read for topic notifications only. */
  const receive = (data: unknown, drained?: boolean): void => {
    let message: unknown;
    try {
      // A binary frame fails here too: it is read as "[object Blob]".
      message = JSON.parse(data as string);
    } catch {
      // Not JSON: not a message either, below.
    }
    if (!isObj(message) || typeof message.topicName !== 'string') {
      deps.onError(new FloorwalkError(ErrorCode.MalformedEvent, 'Genesys sent a frame that is not a JSON message with a topicName.', { details: { text: String(data).slice(0, 200) } }));
      return;
    }
    const topic = message.topicName.toLowerCase();
    if (topic === 'channel.metadata') return; // heartbeat or pong: the watchdog was already reset
    // The left channel's system messages are not about the shard's channel now.
    if (topic.startsWith('v2.system.')) return void (drained || system(topic, message.eventBody));
    deps.onNotification(data as string, message);
  };

  const system = (topic: string, body: unknown): void => {
    if (topic === 'v2.system.socket_closing') {
      // About a minute's notice. A new socket on the same channel would displace this one with
      // nothing to bridge them: a gap, and a resync. A new channel heard alongside this socket
      // loses nothing, and a copy heard on both has the same text, hence the same event ids,
      // which the store applies once.
      void renew();
      return;
    }
    // Said by the topic's name (`v2.system.no_longer_subscribed.{id}`) or by the body's systemTopicType.
    if (GONE.test(topic) || GONE.test(`v2.system.${isObj(body) ? body.systemTopicType : ''}`)) {
      channel = undefined;
      void recover(true);
    }
  };

  /** Opens the shard: a channel (reused when still valid), a socket, the subscriptions. */
  const establish = async (fresh: boolean): Promise<void> => {
    if (channel !== undefined && !fresh) {
      try {
        await rest.request('HEAD', `/api/v2/notifications/channels/${encodeURIComponent(channel.id)}`);
      } catch (err) {
        if (!(isFloorwalkError(err) && err.code === ErrorCode.UnknownEntity)) throw err;
        channel = undefined;
      }
    }
    const kept = fresh ? undefined : channel;
    const c = kept ?? (await createChannel());
    const s = await connectSocket(c.connectUri);
    if (closed) return detach(s);
    channel = c;
    adopt(s);
    if (c !== kept) await subscribe(c.id);
    armExpiry();
  };

  const lose = (reason: FloorwalkError): void => {
    if (closed) return;
    stopTimers();
    detach(socket);
    socket = undefined;
    void recover(false, reason);
  };

  /** Re-establishes after a loss: report the gap, retry with tiered backoff and jitter. */
  const recover = async (fresh: boolean, reason?: FloorwalkError): Promise<void> => {
    if (closed || recovering) return;
    recovering = true;
    if (!down) {
      down = true;
      deps.onGap(true, reason);
    }
    for (;;) {
      try {
        await establish(fresh);
        if (closed) return;
        // The old socket said no_longer_subscribed while this reconnect was under way: its channel is gone.
        if (currentId() === undefined) {
          fresh = true;
          continue;
        }
        attempt = 0;
        recovering = false;
        down = false;
        deps.onGap(false);
        return;
      } catch (err) {
        if (closed) return;
        const error = isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.VendorError, 'Genesys: reconnect failed.', { cause: err });
        if (error.code === ErrorCode.AuthFailed || error.code === ErrorCode.Forbidden) {
          recovering = false;
          deps.onFatal(error);
          return;
        }
        deps.onError(error);
        // The last delay repeats (backoffMs is never empty).
        const base = (timings.backoffMs[attempt] ?? timings.backoffMs.at(-1)) as number;
        attempt++;
        // ±20 % jitter so a fleet of boards does not reconnect in step after an outage.
        await new Promise<void>((resolve) => {
          retry = clock.setTimeout(resolve, base * (0.8 + Math.random() * 0.4));
        });
        retry = undefined;
      }
    }
  };

  /**
   * Moves to a new channel make-before-break, before the 24 h expiry or on `socket_closing`: no gap,
   * so no resync. The old socket delivers until the new channel holds every topic, and for
   * DRAIN_MS after. A move that fails leaves the old socket: its close is then a loss as ever.
   */
  const renew = async (): Promise<void> => {
    // One move at a time: a socket_closing heard during a renewal is answered by that renewal.
    if (closed || recovering || moving) return;
    moving = true;
    const was = socket;
    const { spare } = deps;
    let fresh: GenesysSocket | undefined;
    // Taken now, given back when the old socket is dropped, or at once if the move fails.
    spare.n--;
    try {
      if (spare.n < 0) throw new FloorwalkError(ErrorCode.VendorError, 'Genesys: no spare channel (maxChannels).');
      const c = await createChannel();
      fresh = await connectSocket(c.connectUri);
      // The old socket keeps delivering until the new channel holds every topic.
      await subscribe(c.id);
      // The old socket was lost meanwhile: the reconnect has the shard.
      if (closed || socket !== was) throw 0;
      socket = undefined; // so adopt() leaves it open, delivering
      channel = c;
      adopt(fresh);
      armExpiry();
      clock.setTimeout(() => {
        detach(was);
        spare.n++;
      }, DRAIN_MS);
    } catch (err) {
      spare.n++;
      detach(fresh);
      if (closed || socket !== was) return;
      deps.onError(isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.VendorError, 'Genesys: channel renewal failed.', { cause: err }));
      // The old channel still works until it expires: try again while there is time. After a
      // socket_closing its close comes first, and is a loss: a reconnect and a resync, as ever.
      if (left(channel?.expires ?? 0) > RENEW_RETRY_MS) return renewIn(RENEW_RETRY_MS);
      channel = undefined;
      lose(new FloorwalkError(ErrorCode.VendorError, 'Genesys: the channel expired.'));
    } finally {
      moving = false;
    }
  };

  return {
    index,
    topicsKey: topics.join(' '),
    get channelId() {
      return channel?.id;
    },
    async open(reuse) {
      // A channel about to expire is not worth reconnecting to: with none, establish() makes one.
      channel = reuse !== undefined && (reuse.expires === undefined || left(reuse.expires) > timings.renewBeforeExpiryMs) ? { ...reuse } : undefined;
      await establish(false);
      // establish() kept the channel only if HEAD found it; then its topics are re-put, as Genesys
      // may have dropped some (a permission change) while no socket was open.
      if (reuse !== undefined && currentId() === reuse.id) await subscribe(reuse.id);
    },
    get reusable() {
      return channel === undefined ? undefined : { ...channel };
    },
    rearm() {
      // No timer while a renewal is under way: it arms one when done.
      if (expiry !== undefined) armExpiry();
    },
    ping() {
      const s = socket;
      if (closed || s === undefined || s.readyState !== 1 /* OPEN */) {
        return Promise.reject(new FloorwalkError(ErrorCode.NotConnected, `Genesys channel ${channel?.id ?? '?'} has no open socket.`));
      }
      return new Promise<void>((resolve, reject) => {
        const timer = clock.setTimeout(() => {
          waiters = waiters.filter((w) => w !== answer);
          reject(new FloorwalkError(ErrorCode.NotConnected, `Genesys channel ${channel?.id ?? '?'} did not answer a ping.`));
        }, timings.pongTimeoutMs);
        const answer = (): void => {
          clock.clearTimeout(timer);
          resolve();
        };
        waiters.push(answer);
        try {
          s.send(JSON.stringify({ message: 'ping' }));
        } catch {
          // The timer above reports it.
        }
      });
    },
    close() {
      closed = true;
      stopTimers();
      expiry = clear(expiry);
      retry = clear(retry);
      detach(socket);
      socket = undefined;
    },
  };
}
