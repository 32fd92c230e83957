import type { TwilioActivity, TwilioReservation, TwilioTask, TwilioWorker } from '../types.js';
import { FakeEmitter } from './emitter.js';

/*
 * A fake of the twilio-taskrouter v2 `Worker` surface Floorwalk uses, with the SDK's event names,
 * listener arguments and bookkeeping: `ready` after every reconnect with freshly built
 * Reservation objects, cleanup events removing reservations from `worker.reservations`, no
 * replay of what happened while disconnected, and no reconnect after `tokenExpired` until
 * `updateToken()`.
 */

/** An activity of the fake workspace. */
export interface FakeActivityInit {
  readonly sid: string;
  readonly name: string;
  readonly available: boolean;
}

/** TaskRouter's three default activities plus the Break and Lunch most Flex workspaces add. */
export const FAKE_ACTIVITIES: readonly FakeActivityInit[] = [
  { sid: 'WA00000000000000000000000000000001', name: 'Offline', available: false },
  { sid: 'WA00000000000000000000000000000002', name: 'Available', available: true },
  { sid: 'WA00000000000000000000000000000003', name: 'Unavailable', available: false },
  { sid: 'WA00000000000000000000000000000004', name: 'Break', available: false },
  { sid: 'WA00000000000000000000000000000005', name: 'Lunch', available: false },
];

/** Options of {@link FakeWorker}. */
export interface FakeWorkerOptions {
  readonly sid?: string;
  /** `friendly_name`. */
  readonly name?: string;
  readonly attributes?: Record<string, unknown>;
  readonly activities?: readonly FakeActivityInit[];
  /** Name of the starting activity. Default `Available`. */
  readonly activity?: string;
  /** Whether it is ready on creation (as a Worker the host awaited). Default true. */
  readonly ready?: boolean;
  /** Adds `setWorkerActivity`, as Flex's `Supervisor` has. */
  readonly supervisor?: boolean;
  /** Vendor time. Default `Date.now`. */
  readonly now?: () => number;
  /** How far Twilio's clock runs ahead of `now` (behind when negative), in ms: the times the fake stamps carry it. Default 0. */
  readonly skewMs?: number;
}

/** A task offered to the fake worker. */
export interface FakeTaskInit {
  readonly sid?: string;
  /** `task_channel_unique_name`: `voice`, `chat`, `sms`, `email`, `default`, … Default `voice`. */
  readonly channel?: string;
  readonly attributes?: Record<string, unknown>;
  readonly queueSid?: string;
  readonly queueName?: string;
  /**
   * The offer is a transfer another worker started (`task.transfers.incoming`, the reservation's
   * `transfer`): the task is already `assigned` to them and stays so if this offer ends unanswered.
   */
  readonly transfer?: { readonly from: string; readonly mode?: 'WARM' | 'COLD'; readonly type?: 'WORKER' | 'QUEUE' };
}

/** An incoming transfer, as twilio-taskrouter's `IncomingTransfer` describes it. */
export interface FakeTransfer {
  readonly sid: string;
  readonly mode: 'WARM' | 'COLD';
  readonly type: 'WORKER' | 'QUEUE';
  readonly workerSid: string;
  readonly to: string;
  readonly reservationSid: string;
  status: string;
}

let serial = 0;
const sid = (prefix: string): string => `${prefix}${(++serial).toString(16).padStart(32, '0')}`;

/** A fake TaskRouter `Activity`. */
export class FakeActivity implements TwilioActivity {
  constructor(
    readonly worker: FakeWorker,
    readonly sid: string,
    readonly name: string,
    readonly available: boolean,
  ) {}

  get isCurrent(): boolean {
    return this.worker.activity === this;
  }

  /**
   * As the SDK: a POST of `ActivitySid` over HTTP (not the socket), then the server's
   * `worker.activity.update` event. While the fake is dropped the network is taken to be gone:
   * the POST fails as twilio-taskrouter's request layer reports a request that got no answer.
   */
  async setAsCurrent(options: { rejectPendingReservations?: boolean } = {}): Promise<FakeActivity> {
    if (options.rejectPendingReservations === true && this.available) {
      throw new Error('Unable to reject pending reservations when updating to an Available activity state.');
    }
    if (!this.worker.connected) throw Object.assign(new Error('Network error has occurred. Network Error'), { name: 'NETWORK_ERROR' });
    this.worker.takeFailure();
    this.worker.activityCalls.push(this.sid);
    this.worker.changeActivity(this.name);
    return this;
  }
}

/** A fake TaskRouter `Task`. */
export class FakeTask implements TwilioTask {
  status = 'reserved';
  readonly attributes: Record<string, unknown>;
  readonly taskChannelUniqueName: string;
  readonly queueSid: string;
  readonly queueName: string;
  readonly dateCreated: Date;
  dateUpdated: Date;
  readonly transfers: { incoming?: FakeTransfer; outgoing?: FakeTransfer } = {};
  /** The reservation that holds it: whose worker a transfer comes from. */
  holder?: { readonly sid: string; readonly workerSid: string };

  constructor(
    readonly sid: string,
    init: FakeTaskInit,
    at: number,
  ) {
    if (init.transfer !== undefined) this.status = 'assigned';
    this.attributes = init.attributes ?? {};
    this.taskChannelUniqueName = init.channel ?? 'voice';
    this.queueSid = init.queueSid ?? 'WQ00000000000000000000000000000001';
    this.queueName = init.queueName ?? 'Everyone';
    this.dateCreated = new Date(at);
    this.dateUpdated = new Date(at);
  }
}

/**
 * Scenario on a {@link FakeTask}: the agent holding it transfers it (`task.transfer(to, { mode })`).
 * `task.transfers.outgoing` is `initiated`, then, as TaskRouter's `task.transfer-completed`
 * reports the other side took it, `complete` (`failed` when `accepted` is false). The agent's own
 * leg then wraps up and completes as usual.
 */
export function transferTask(task: FakeTask, to: string, options: { mode?: 'WARM' | 'COLD'; accepted?: boolean } = {}): FakeTransfer {
  const t: FakeTransfer = {
    sid: sid('TT'),
    mode: options.mode ?? 'WARM',
    type: to.startsWith('WQ') ? 'QUEUE' : 'WORKER',
    workerSid: task.holder?.workerSid ?? '',
    to,
    reservationSid: task.holder?.sid ?? '',
    status: 'initiated',
  };
  task.transfers.outgoing = t;
  if (options.accepted !== undefined) t.status = options.accepted ? 'complete' : 'failed';
  return t;
}

const TASK_STATUS: Readonly<Record<string, string>> = {
  accepted: 'assigned',
  wrapping: 'wrapping',
  completed: 'completed',
  canceled: 'canceled',
  rejected: 'pending',
  timeout: 'pending',
  rescinded: 'pending',
};
const CLEANUP = new Set(['completed', 'rejected', 'timeout', 'canceled', 'rescinded']);
const FROM: Readonly<Record<string, readonly string[]>> = {
  accepted: ['pending'],
  rejected: ['pending'],
  timeout: ['pending'],
  rescinded: ['pending'],
  canceled: ['pending'],
  wrapping: ['accepted'],
  completed: ['accepted', 'wrapping'],
};

/** A fake TaskRouter `Reservation`. Its methods change state the way the server then reports it. */
export class FakeReservation extends FakeEmitter implements TwilioReservation {
  status = 'pending';
  readonly timeout = 120;
  readonly workerSid: string;
  readonly workspaceSid = 'WS00000000000000000000000000000001';
  readonly dateCreated: Date;
  dateUpdated: Date;
  canceledReasonCode?: number;
  /** Set when the offer is a transfer (`task.transfers.incoming`). */
  transfer?: FakeTransfer;

  constructor(
    readonly worker: FakeWorker,
    readonly sid: string,
    readonly task: FakeTask,
    at: number,
  ) {
    super();
    this.workerSid = worker.sid;
    this.transfer = task.transfers.incoming;
    task.holder = this;
    this.dateCreated = new Date(at);
    this.dateUpdated = new Date(at);
  }

  /** The agent accepts (`accepted`). */
  accept(): Promise<this> {
    return this.move('accepted', 'accepted');
  }

  /** The agent rejects (`rejected`). */
  reject(): Promise<this> {
    return this.move('rejected', 'rejected');
  }

  /** Wrap-up: the status becomes `wrapping`, the event is `wrapup`. */
  wrap(): Promise<this> {
    return this.move('wrapping', 'wrapup');
  }

  /** Completes it (`completed`). */
  complete(): Promise<this> {
    return this.move('completed', 'completed');
  }

  /** Scenario: the reservation timed out unanswered (`timeout`). */
  expire(): Promise<this> {
    return this.move('timeout', 'timeout');
  }

  /**
   * Scenario: the task was canceled before it was accepted (`canceled`), e.g. the caller hung up.
   * On a transfer offer it is the sender calling the transfer off: the task stays `assigned` to them.
   */
  cancel(reasonCode?: number): Promise<this> {
    if (reasonCode !== undefined) this.canceledReasonCode = reasonCode;
    return this.move('canceled', 'canceled');
  }

  /** Scenario: another worker took the task (`rescinded`). */
  rescind(): Promise<this> {
    return this.move('rescinded', 'rescinded');
  }

  private async move(status: string, event: string): Promise<this> {
    if (!FROM[status]?.includes(this.status)) throw new Error(`Reservation ${this.sid} is ${this.status}; it cannot become ${status}.`);
    const at = this.worker.now();
    this.status = status;
    this.dateUpdated = new Date(at);
    // An offer of a transfer that ends unanswered leaves the task with the worker who sent it.
    if (this.transfer === undefined || !CLEANUP.has(status) || status === 'completed') this.task.status = TASK_STATUS[status] ?? this.task.status;
    else this.transfer.status = status === 'canceled' ? 'canceled' : 'failed';
    this.task.dateUpdated = new Date(at);
    if (CLEANUP.has(status)) this.worker.reservations.delete(this.sid);
    // Events happen on the server whether or not we hear them; while disconnected they are lost.
    if (this.worker.connected) this.worker.serverEvent(this, event, this);
    return this;
  }
}

/**
 * A fake of the host's TaskRouter `Worker`. Drive it with its scenario methods (`offer`,
 * `changeActivity`, `drop`, `reconnect`, `expireToken`, …) or {@link playWorkerScenario}.
 *
 * @example
 * ```ts
 * const worker = new FakeWorker({ sid: 'WK…', name: 'alice' });
 * const adapter = createTwilioAdapter({ worker });
 * await adapter.connect(sink);
 * const r = worker.offer({ channel: 'voice', attributes: { from: '+15555550100' } });
 * await r.accept();
 * ```
 */
export class FakeWorker extends FakeEmitter implements TwilioWorker {
  readonly sid: string;
  readonly workerSid: string;
  readonly name: string;
  readonly friendlyName: string;
  attributes: Record<string, unknown>;
  readonly activities = new Map<string, FakeActivity>();
  reservations = new Map<string, FakeReservation>();
  dateActivityChanged: Date;
  dateStatusChanged: Date;
  dateUpdated: Date;
  /** The access token the SDK holds now. */
  token = 'fake-token-1';
  /** Whether the socket is up. */
  connected: boolean;
  /** After `tokenExpired` the SDK refuses to reconnect until `updateToken()`. */
  reconnectBlocked = false;
  /**
   * twilio-taskrouter 2.x's signaling object, as far as the adapter reads it: `reconnect` is on from
   * construction, off after `tokenExpired` (on again with `updateToken`) and after `disconnect()`,
   * which also nulls the socket's handlers.
   */
  readonly _signaling: { reconnect: boolean; webSocket: { onclose: (() => void) | null } } = { reconnect: true, webSocket: { onclose: () => undefined } };
  readonly now: () => number;
  #activity: FakeActivity | undefined;
  #current: FakeActivity;
  #last: { target: FakeEmitter; event: string; args: unknown[] } | undefined;
  /** Present only with `supervisor: true`, as on Flex's `Supervisor`. */
  setWorkerActivity?: (workerSid: string, activitySid: string) => Promise<unknown>;
  /** Calls made to `setWorkerActivity`, for tests. */
  readonly supervisorCalls: { workerSid: string; activitySid: string }[] = [];
  /** Activity sids of the `setAsCurrent` calls TaskRouter took, for tests. */
  readonly activityCalls: string[] = [];
  readonly #failures: { status: number; message: string }[] = [];

  constructor(options: FakeWorkerOptions = {}) {
    super();
    const now = options.now ?? Date.now;
    this.now = () => now() + (options.skewMs ?? 0);
    this.sid = this.workerSid = options.sid ?? 'WK00000000000000000000000000000001';
    this.name = this.friendlyName = options.name ?? 'alice';
    this.attributes = options.attributes ?? { full_name: 'Alice Martin', contact_uri: 'client:alice', roles: ['agent'] };
    for (const a of options.activities ?? FAKE_ACTIVITIES) this.activities.set(a.sid, new FakeActivity(this, a.sid, a.name, a.available));
    const start = this.byName(options.activity ?? 'Available');
    this.#current = start;
    const at = new Date(this.now());
    this.dateActivityChanged = this.dateStatusChanged = this.dateUpdated = at;
    this.connected = options.ready ?? true;
    // Before `ready` the SDK has no activity yet (twilio-taskrouter.js#141).
    this.#activity = this.connected ? start : undefined;
    if (options.supervisor === true) {
      this.setWorkerActivity = async (workerSid, activitySid) => {
        if (!this.activities.has(activitySid)) throw Object.assign(new Error(`Activity ${activitySid} not found`), { code: 20404 });
        this.takeFailure();
        this.supervisorCalls.push({ workerSid, activitySid });
        return { sid: workerSid };
      };
    }
  }

  /** The current activity; undefined until the first `ready`. */
  get activity(): FakeActivity | undefined {
    return this.#activity;
  }

  /** Gives the SDK a new token: reconnecting is allowed again, then `tokenUpdated`. */
  updateToken(token: string): void {
    this.token = token;
    this.reconnectBlocked = false;
    // The SDK opens a new socket, with handlers, when the old one closed (after `disconnect()` too).
    this._signaling.reconnect = true;
    this._signaling.webSocket.onclose ??= () => undefined;
    this.emit('tokenUpdated');
  }

  /**
   * Scenario: the next REST action (`setAsCurrent`, `setWorkerActivity`) fails as TaskRouter
   * answered it with this HTTP status: rejected the way twilio-taskrouter's request layer does,
   * a `REQUEST_INVALID` (4xx) or `SERVER_ERROR` (5xx) error whose only trace of the status is its
   * message. 412 is a stale `If-Match` version (`enableVersionCheck`). Queued: call it again for
   * several.
   */
  failNextRequest(status: number, message = 'Scripted failure'): void {
    this.#failures.push({ status, message });
  }

  /** @internal Throws the next scripted request failure, if any. */
  takeFailure(): void {
    const f = this.#failures.shift();
    if (f === undefined) return;
    const server = f.status >= 500;
    throw Object.assign(new Error(`${server ? 'Server responded with' : 'Request failed with'} status code ${f.status}. ${f.message}`), {
      name: server ? 'SERVER_ERROR' : 'REQUEST_INVALID',
    });
  }

  /** The host's `disconnect()`: `disconnected` with `SDK Disconnect`, and no reconnect. */
  disconnect(): void {
    this.connected = false;
    this._signaling.reconnect = false;
    this._signaling.webSocket.onclose = null;
    this.emit('disconnected', { message: 'SDK Disconnect' });
  }

  /** Scenario: the first `ready`, for a Worker created with `ready: false`. */
  becomeReady(): void {
    this.connected = true;
    this.#activity = this.#current;
    this.serverEvent(this, 'ready', this);
  }

  /**
   * Scenario, for a Worker created with `ready: false`, or after {@link FakeWorker.drop} in
   * place of {@link FakeWorker.reconnect}: it fails to start, as twilio-taskrouter 2.x reports
   * it. `init`: the socket opened but a GET of the Worker's start-up (worker, activities,
   * channels, reservations) failed, whatever the status (401 token refused, 403 no TaskRouter
   * grant or another workspace, 404 no such worker SID, 5xx): the SDK logs the status and emits
   * only `Error('Failed to initialize Worker WK…')`; it tries again only on the next socket
   * `init`, so `ready` does not come (after a drop: until another `drop` and `reconnect`), and
   * what it held stays. `gateway`: the socket did not open (a browser
   * WebSocket says no more, whether the token was refused or the network is down): the SDK's
   * `TwilioError` GATEWAY_CONNECTION_FAILED, then `disconnected` with close code 1006; the SDK
   * retries by itself, and {@link FakeWorker.becomeReady} is the retry that worked.
   */
  failStart(kind: 'init' | 'gateway'): void {
    if (kind === 'init') {
      this.connected = true;
      this.emit('error', new Error(`Failed to initialize Worker ${this.sid}`));
      return;
    }
    const data = { name: 'GATEWAY_CONNECTION_FAILED', message: "Could not connect to Twilio's servers." };
    this.emit('error', Object.assign(new Error(data.message), { name: data.name, _errorData: data }));
    this.emit('disconnected', { message: 'Websocket closed with errorCode=1006' });
  }

  /** Scenario: TaskRouter reserves a task for this worker (`reservationCreated`). */
  offer(task: FakeTaskInit = {}, reservationSid = sid('WR')): FakeReservation {
    const at = this.now();
    const t = new FakeTask(task.sid ?? sid('WT'), task, at);
    if (task.transfer !== undefined) {
      const { from, mode = 'WARM', type = 'WORKER' } = task.transfer;
      t.transfers.incoming = { sid: sid('TT'), mode, type, workerSid: from, to: type === 'WORKER' ? this.sid : 'WQ00000000000000000000000000000001', reservationSid: sid('WR'), status: 'initiated' };
    }
    const r = new FakeReservation(this, reservationSid, t, at);
    this.reservations.set(r.sid, r);
    if (this.connected) this.serverEvent(this, 'reservationCreated', r);
    return r;
  }

  /** Scenario: the activity changes on the server (by this worker, a supervisor or a timeout), `activityUpdated`. */
  changeActivity(name: string): void {
    this.#current = this.byName(name);
    const at = new Date(this.now());
    this.dateActivityChanged = this.dateStatusChanged = this.dateUpdated = at;
    if (this.connected) {
      this.#activity = this.#current;
      this.serverEvent(this, 'activityUpdated', this);
    }
  }

  /** Scenario: attributes change on the server, `attributesUpdated`. */
  changeAttributes(attributes: Record<string, unknown>): void {
    this.attributes = attributes;
    this.dateUpdated = new Date(this.now());
    if (this.connected) this.serverEvent(this, 'attributesUpdated', this);
  }

  /** Scenario: the socket drops (`disconnected` with the SDK's reason). Nothing is heard until {@link FakeWorker.reconnect}. */
  drop(message = 'Connection lost'): void {
    this.connected = false;
    this.emit('disconnected', { message });
  }

  /**
   * Scenario: the SDK reconnects. The server sends `init` again, the reservations map is cleared
   * and refetched (`Active=true`), so every Reservation is a new object, then `ready` fires. What
   * happened meanwhile is not replayed. Returns false while the token is expired.
   */
  reconnect(): boolean {
    if (this.reconnectBlocked) return false;
    const fresh = new Map<string, FakeReservation>();
    for (const old of this.reservations.values()) {
      const r = new FakeReservation(this, old.sid, old.task, old.dateCreated.getTime());
      r.status = old.status;
      r.dateUpdated = old.dateUpdated;
      fresh.set(r.sid, r);
    }
    this.reservations = fresh;
    this.connected = true;
    this.#activity = this.#current;
    this.serverEvent(this, 'ready', this);
    return true;
  }

  /** Scenario: the token's lifetime is 5 s from its end: `tokenExpired`, and no reconnect until `updateToken()`. */
  expireToken(): void {
    this.reconnectBlocked = true;
    this._signaling.reconnect = false;
    this.emit('tokenExpired');
  }

  /** Scenario: the last server event is delivered again, unchanged. */
  redeliver(): void {
    if (this.#last !== undefined) this.#last.target.emit(this.#last.event, ...this.#last.args);
  }

  /** Scenario: anything at all on an event (a malformed payload, an SDK `error`). */
  emitRaw(event: string, ...args: unknown[]): void {
    this.emit(event, ...args);
  }

  /** @internal Emits a server-originated event and remembers it for {@link FakeWorker.redeliver}. */
  serverEvent(target: FakeEmitter, event: string, ...args: unknown[]): void {
    this.#last = { target, event, args };
    target.emit(event, ...args);
  }

  private byName(name: string): FakeActivity {
    for (const a of this.activities.values()) if (a.name === name) return a;
    throw new Error(`The fake workspace has no activity ${name}.`);
  }
}

/** One step of a {@link playWorkerScenario} script. `ref` names a reservation for later steps. */
export type WorkerScenarioStep =
  | { readonly type: 'offer'; readonly ref: string; readonly task?: FakeTaskInit }
  | { readonly type: 'accept' | 'wrap' | 'complete' | 'reject' | 'timeout' | 'cancel' | 'rescind'; readonly ref: string }
  | { readonly type: 'activity'; readonly name: string }
  | { readonly type: 'drop' | 'reconnect' | 'token-expired' | 'redeliver' };

/**
 * Plays a scripted scenario on a {@link FakeWorker}, one step after another. Returns the
 * reservations by `ref`; pass that map back in to continue the scenario later.
 *
 * @example
 * ```ts
 * await playWorkerScenario(worker, [
 *   { type: 'offer', ref: 'call', task: { channel: 'voice' } },
 *   { type: 'accept', ref: 'call' },
 *   { type: 'drop' },
 *   { type: 'wrap', ref: 'call' },   // happens while away: not replayed
 *   { type: 'reconnect' },           // `ready` with a rebuilt reservation in `wrapping`
 * ]);
 * ```
 */
export async function playWorkerScenario(
  worker: FakeWorker,
  steps: readonly WorkerScenarioStep[],
  refs = new Map<string, FakeReservation>(),
): Promise<Map<string, FakeReservation>> {
  const find = (ref: string): FakeReservation => {
    const known = refs.get(ref);
    if (known === undefined) throw new Error(`No reservation ${ref} in the scenario.`);
    // After a reconnect the SDK holds a new object for the same reservation.
    return worker.reservations.get(known.sid) ?? known;
  };
  for (const step of steps) {
    switch (step.type) {
      case 'offer':
        refs.set(step.ref, worker.offer(step.task));
        break;
      case 'accept':
        await find(step.ref).accept();
        break;
      case 'wrap':
        await find(step.ref).wrap();
        break;
      case 'complete':
        await find(step.ref).complete();
        break;
      case 'reject':
        await find(step.ref).reject();
        break;
      case 'timeout':
        await find(step.ref).expire();
        break;
      case 'cancel':
        await find(step.ref).cancel();
        break;
      case 'rescind':
        await find(step.ref).rescind();
        break;
      case 'activity':
        worker.changeActivity(step.name);
        break;
      case 'drop':
        worker.drop();
        break;
      case 'reconnect':
        worker.reconnect();
        break;
      case 'token-expired':
        worker.expireToken();
        break;
      case 'redeliver':
        worker.redeliver();
        break;
    }
  }
  return refs;
}
