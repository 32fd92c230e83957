import { http, HttpResponse, type HttpHandler } from 'msw';
import type { FakeSyncClient } from './sync.js';
import { FAKE_ACTIVITIES, type FakeActivityInit } from './worker.js';

/*
 * msw handlers for the host backend endpoints the adapter calls, answering with Twilio's own
 * REST resources: a Conference Participant (snake_case, RFC 2822 dates) for monitor / coach /
 * barge, a page of the conference's participants for `list` (as Twilio refuses a label already in
 * use, 16026, and a coach of a call that is not on the conference, 16028), a TaskRouter Worker for
 * supervisor set-activity, and each TaskQueue's RealTimeStatistics and CumulativeStatistics for
 * the queue poll. Errors use Twilio's error body `{ code, message, more_info, status }`.
 */

/** A conference participant as the Twilio REST API returns it. */
export interface TwilioParticipantResource {
  account_sid: string;
  call_sid: string;
  conference_sid: string;
  label: string | null;
  muted: boolean;
  hold: boolean;
  coaching: boolean;
  call_sid_to_coach: string | null;
  status: string;
  start_conference_on_enter: boolean;
  end_conference_on_exit: boolean;
  date_created: string;
  date_updated: string;
  uri: string;
}

/** TaskRouter's TaskQueue RealTimeStatistics resource, as the REST API returns it. */
export interface TwilioQueueRealTimeStatistics {
  account_sid: string;
  workspace_sid: string;
  task_queue_sid: string;
  /** Workers of the queue by activity. */
  activity_statistics: { sid: string; friendly_name: string; workers: number }[];
  /** Seconds the longest waiting task has waited since it was created; 0 when none waits. */
  longest_task_waiting_age: number;
  longest_task_waiting_sid: string | null;
  /** Seconds since it entered this queue. */
  longest_relative_task_age_in_queue: number;
  longest_relative_task_sid_in_queue: string | null;
  tasks_by_priority: Record<string, number>;
  tasks_by_status: { pending: number; reserved: number; assigned: number; wrapping: number };
  total_available_workers: number;
  total_eligible_workers: number;
  total_tasks: number;
  url: string;
}

/** Wait statistics in seconds, as TaskRouter's cumulative statistics give them. */
export interface TwilioWaitDuration {
  avg: number;
  min: number;
  max: number;
  total: number;
}

/** TaskRouter's TaskQueue CumulativeStatistics resource, as the REST API returns it. */
export interface TwilioQueueCumulativeStatistics {
  account_sid: string;
  workspace_sid: string;
  task_queue_sid: string;
  /** The window asked for (`StartDate`, `EndDate`; without them the last 15 minutes), ISO 8601. */
  start_time: string;
  end_time: string;
  avg_task_acceptance_time: number;
  reservations_created: number;
  reservations_accepted: number;
  reservations_rejected: number;
  reservations_timed_out: number;
  reservations_canceled: number;
  reservations_rescinded: number;
  split_by_wait_time: Record<string, unknown> | null;
  wait_duration_until_accepted: TwilioWaitDuration;
  wait_duration_until_canceled: TwilioWaitDuration;
  wait_duration_in_queue_until_accepted: TwilioWaitDuration;
  tasks_canceled: number;
  tasks_completed: number;
  tasks_deleted: number;
  tasks_entered: number;
  tasks_moved: number;
  url: string;
}

/** One item of `GET {backendUrl}/queues`: a TaskQueue and its two statistics resources, passed through. */
export interface TwilioTaskQueueItem {
  sid: string;
  friendly_name: string;
  /** TaskChannel unique names the queue serves, where the host knows them. */
  task_channels?: string[];
  real_time_statistics: TwilioQueueRealTimeStatistics;
  cumulative_statistics: TwilioQueueCumulativeStatistics;
}

/** Options of {@link twilioBackendHandlers}. */
export interface TwilioBackendOptions {
  /** Where the adapter's `backendUrl` points, e.g. `https://backend.example/floorwalk`. */
  readonly baseUrl: string;
  /** When set, the body's `Token` must equal it (as a Flex token validator would check), else 401. */
  readonly token?: string;
  /** Activities `worker-activity` accepts. Default the fake workspace's. */
  readonly activities?: readonly FakeActivityInit[];
  /**
   * A fake Sync client whose `tr-worker` item follows a supervisor's activity change, as Flex's
   * index does. `GET /queues` also lists a queue for each of its workers' `queue_sids` (Sales,
   * Support, Billing, …), with figures from its workers and reservations and a day's traffic so far.
   */
  readonly sync?: FakeSyncClient;
  /** Queues `GET /queues` answers with, over those made from `sync`; change them in `queues`. */
  readonly queues?: readonly TwilioTaskQueueItem[];
  /** Vendor time. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * How many of the latest requests `requests` keeps. Default all, for tests that read them; a
   * page left open (the demo) passes a few, as two adapters' queue polls alone add 720 an hour.
   */
  readonly keepRequests?: number;
}

/** A scripted failure for the next request. */
export interface TwilioBackendFailure {
  readonly status: number;
  readonly code?: number;
  readonly message?: string;
  readonly headers?: Record<string, string>;
  /**
   * Only a request to this route takes it (`'worker-activity'`, say), so a queue poll that comes
   * due first does not take the failure meant for a command. Any route when left out.
   */
  readonly path?: 'participant' | 'worker-activity' | 'queues';
  /** Only a `participant` request with this `Action` takes it (a stop, say, not the list before it). Any when left out. */
  readonly action?: 'start' | 'update' | 'stop' | 'list';
}

/** The mock backend: msw handlers plus its state and controls. */
export interface TwilioBackendMock {
  readonly handlers: HttpHandler[];
  /** Queues by SID that `GET /queues` lists as they are (after those made from `sync`, or in their place). */
  readonly queues: Map<string, TwilioTaskQueueItem>;
  /** Participants by call SID. */
  readonly participants: Map<string, TwilioParticipantResource>;
  /** Every body received, in order (with `path`); only the latest `keepRequests` when that is set. */
  readonly requests: { path: string; body: Record<string, unknown> }[];
  /** Makes the next request (to `failure.path`, if given) fail this way (a queue: call several times for several). */
  failNext(failure: TwilioBackendFailure): void;
  /**
   * Puts a call on a conference, as Flex's conference instruction does: the customer's leg
   * labelled `customer`, the agent's `worker`. A conference the adapter names by no SID is the
   * one this mock gives its reservation, `CF` and the reservation SID's 32 hex digits. Returns
   * the participant, which `list` then answers with and a coach may be given (`CallSidToCoach`).
   */
  joinCall(conferenceSid: string, label: string, callSid?: string): TwilioParticipantResource;
}

const rfc2822 = (ms: number): string => new Date(ms).toUTCString().replace('GMT', '+0000');
const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const ACCOUNT = 'AC00000000000000000000000000000001';
const WORKSPACE = 'WS00000000000000000000000000000001';
const QUEUE_NAMES = ['Sales', 'Support', 'Billing', 'Retention', 'Technical', 'Claims'];
const wait = (avg: number, n: number): TwilioWaitDuration => ({ avg, min: n > 0 ? 1 : 0, max: n > 0 ? avg * 4 : 0, total: avg * n });

/**
 * A queue of the fake workspace at `now`, with figures that hold together: its workers' activities,
 * the fake Sync client's reservations in it (by `queue_name`, which is all a tr-reservation item
 * names), a few tasks waiting that change each minute, and the day's traffic since local midnight.
 */
function queueOf(sid: string, n: number, sync: FakeSyncClient, now: number): TwilioTaskQueueItem {
  const name = QUEUE_NAMES[n] ?? `Queue ${n + 1}`;
  const url = `https://taskrouter.twilio.com/v1/Workspaces/${WORKSPACE}/TaskQueues/${sid}`;
  const workers = [...(sync.indexes.get('tr-worker')?.values() ?? [])].filter((w) => (w.queue_sids as string[] | undefined)?.includes(sid));
  const activities = new Map<string, { sid: string; friendly_name: string; workers: number }>();
  for (const w of workers) {
    const a = activities.get(w.worker_activity_sid as string) ?? { sid: w.worker_activity_sid as string, friendly_name: w.activity_name as string, workers: 0 };
    a.workers++;
    activities.set(a.sid, a);
  }
  const statuses = [...(sync.indexes.get('tr-reservation')?.values() ?? [])].filter((r) => r.queue_name === name).map((r) => r.status);
  const minute = Math.floor(now / 60_000);
  const pending = (minute + n) % 4;
  const reserved = statuses.filter((s) => s === 'pending').length;
  const byStatus = { pending, reserved, assigned: statuses.filter((s) => s === 'accepted').length, wrapping: statuses.filter((s) => s === 'wrapping' || s === 'wrapup').length };
  // The longest wait began a little before this minute did, so readings within it agree.
  const age = pending + reserved === 0 ? 0 : Math.floor((now - minute * 60_000) / 1000) + 15 * (n + 1);
  const oldest = age === 0 ? null : `WT${(minute * 8 + n).toString(16).padStart(32, '0')}`;
  const midnight = new Date(now).setHours(0, 0, 0, 0);
  const entered = Math.floor(((now - midnight) / 60_000) * (0.6 + 0.2 * n));
  const accepted = Math.floor(entered * 0.9);
  const canceled = Math.floor(entered * 0.06);
  return {
    sid,
    friendly_name: name,
    task_channels: ['voice', 'chat', 'sms'],
    real_time_statistics: {
      account_sid: ACCOUNT,
      workspace_sid: WORKSPACE,
      task_queue_sid: sid,
      activity_statistics: [...activities.values()],
      longest_task_waiting_age: age,
      longest_task_waiting_sid: oldest,
      longest_relative_task_age_in_queue: age,
      longest_relative_task_sid_in_queue: oldest,
      tasks_by_priority: { '0': pending + reserved },
      tasks_by_status: byStatus,
      total_available_workers: workers.filter((w) => w.activity_name === 'Available').length,
      total_eligible_workers: workers.length,
      total_tasks: pending + reserved + byStatus.assigned + byStatus.wrapping,
      url: `${url}/RealTimeStatistics`,
    },
    cumulative_statistics: {
      account_sid: ACCOUNT,
      workspace_sid: WORKSPACE,
      task_queue_sid: sid,
      start_time: isoSeconds(midnight),
      end_time: isoSeconds(now),
      avg_task_acceptance_time: accepted > 0 ? 24 : 0,
      reservations_created: accepted + Math.floor(entered * 0.08),
      reservations_accepted: accepted,
      reservations_rejected: Math.floor(entered * 0.03),
      reservations_timed_out: Math.floor(entered * 0.05),
      reservations_canceled: canceled,
      reservations_rescinded: 0,
      split_by_wait_time: null,
      wait_duration_until_accepted: wait(24, accepted),
      wait_duration_until_canceled: wait(41, canceled),
      wait_duration_in_queue_until_accepted: wait(22, accepted),
      tasks_canceled: canceled,
      tasks_completed: Math.max(0, accepted - byStatus.assigned - byStatus.wrapping),
      tasks_deleted: 0,
      tasks_entered: entered,
      tasks_moved: Math.floor(entered * 0.02),
      url: `${url}/CumulativeStatistics`,
    },
  };
}

function twilioError(status: number, code: number | undefined, message: string, headers?: Record<string, string>): Response {
  return HttpResponse.json(
    { code: code ?? null, message, more_info: code === undefined ? null : `https://www.twilio.com/docs/errors/${code}`, status },
    { status, ...(headers && { headers }) },
  );
}

/**
 * Creates msw handlers for the host backend's `POST {baseUrl}/participant`,
 * `POST {baseUrl}/worker-activity` and `GET {baseUrl}/queues`, holding conference participants
 * in memory.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * const backend = twilioBackendHandlers({ baseUrl: 'https://backend.example/floorwalk' });
 * const server = setupServer(...backend.handlers);
 * server.listen();
 * backend.failNext({ status: 429, code: 20429, message: 'Too Many Requests', headers: { 'Retry-After': '2' } });
 * ```
 */
export function twilioBackendHandlers(options: TwilioBackendOptions): TwilioBackendMock {
  const now = options.now ?? Date.now;
  const participants = new Map<string, TwilioParticipantResource>();
  const requests: TwilioBackendMock['requests'] = [];
  const keep = options.keepRequests ?? Infinity;
  const record = (path: string, body: Record<string, unknown>): void => {
    requests.push({ path, body });
    if (requests.length > keep) requests.splice(0, requests.length - keep);
  };
  const failures: TwilioBackendFailure[] = [];
  const activities = options.activities ?? FAKE_ACTIVITIES;
  let calls = 0;
  /** The first scripted failure meant for `path` (and `action`), taken off the queue. */
  const takeFailure = (path: string, action: unknown): TwilioBackendFailure | undefined => {
    const i = failures.findIndex((f) => (f.path === undefined || f.path === path) && (f.action === undefined || f.action === action));
    return i < 0 ? undefined : failures.splice(i, 1)[0];
  };

  const read = async (path: string, request: Request): Promise<Record<string, unknown> | Response> => {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return twilioError(400, undefined, 'The body is not JSON.');
    }
    if (typeof body !== 'object' || body === null) return twilioError(400, undefined, 'The body is not a JSON object.');
    const b = body as Record<string, unknown>;
    record(path, b);
    const failure = takeFailure(path, b.Action);
    if (failure !== undefined) return twilioError(failure.status, failure.code, failure.message ?? 'Scripted failure', failure.headers);
    if (options.token !== undefined && b.Token !== options.token) return twilioError(401, 20003, 'Authenticate: the Flex token is missing or invalid.');
    return b;
  };

  const join = (conferenceSid: string, label: string | null, callSid = `CA${(++calls).toString(16).padStart(32, '0')}`, muted = false, coach: string | null = null): TwilioParticipantResource => {
    const at = rfc2822(now());
    const p: TwilioParticipantResource = {
      account_sid: ACCOUNT,
      call_sid: callSid,
      conference_sid: conferenceSid,
      label,
      muted,
      hold: false,
      coaching: coach !== null,
      call_sid_to_coach: coach,
      status: 'connected',
      // Flex's conference instruction starts the conference with the customer's and agent's legs.
      start_conference_on_enter: label === 'customer' || label === 'worker',
      end_conference_on_exit: false,
      date_created: at,
      date_updated: at,
      uri: `/2010-04-01/Accounts/${ACCOUNT}/Conferences/${conferenceSid}/Participants/${callSid}.json`,
    };
    participants.set(callSid, p);
    return p;
  };

  const participant = http.post(`${options.baseUrl}/participant`, async ({ request }) => {
    const b = await read('participant', request);
    if (b instanceof Response) return b;
    const coaching = b.Coaching === true;
    if (typeof b.Muted !== 'boolean' && b.Action !== 'stop' && b.Action !== 'list') return twilioError(400, undefined, 'Muted must be a boolean.');
    if (coaching && typeof b.CallSidToCoach !== 'string') return twilioError(400, undefined, 'CallSidToCoach is required when Coaching is true.');
    const conference = typeof b.ConferenceSid === 'string' ? b.ConferenceSid : undefined;
    const conferenceSid = conference ?? `CF${String(b.ReservationSid).slice(2)}`;
    const at = rfc2822(now());
    // Twilio coaches only a call on this conference (16028): a SID of another conference's leg,
    // or of a leg gone, would otherwise take a coach no one hears.
    const onConference = (sid: string): boolean => participants.get(sid)?.conference_sid === conferenceSid;
    if (coaching && (b.Action === 'start' || b.Action === 'update') && !onConference(b.CallSidToCoach as string)) {
      return twilioError(400, 16028, `The call to coach, ${String(b.CallSidToCoach)}, is not a participant of conference ${conferenceSid}.`);
    }
    if (b.Action === 'list') {
      // GET …/Conferences/{CF}/Participants.json: one page of the conference's participants.
      const list = [...participants.values()].filter((p) => p.conference_sid === conferenceSid);
      const uri = `/2010-04-01/Accounts/${ACCOUNT}/Conferences/${conferenceSid}/Participants.json?PageSize=50&Page=0`;
      return HttpResponse.json({ participants: list, start: 0, end: Math.max(0, list.length - 1), page: 0, page_size: 50, uri, first_page_uri: uri, next_page_uri: null, previous_page_uri: null });
    }
    if (b.Action === 'start') {
      if (conference === undefined && typeof b.ReservationSid !== 'string') return twilioError(400, undefined, 'ConferenceSid or ReservationSid is required.');
      const label = typeof b.Label === 'string' ? b.Label : null;
      // Twilio refuses a label an active participant of the conference already has.
      if (label !== null && [...participants.values()].some((p) => p.conference_sid === conferenceSid && p.label === label)) {
        return twilioError(400, 16026, 'Participant label is in use by another participant');
      }
      const p = join(conferenceSid, label, undefined, b.Muted as boolean, coaching ? (b.CallSidToCoach as string) : null);
      return HttpResponse.json(p, { status: 201 });
    }
    // …/Conferences/{CF}/Participants/{CallSid}: a participant asked for on another conference is not found there.
    const p = participants.get(String(b.CallSid));
    if (p === undefined || p.conference_sid !== conferenceSid) {
      return twilioError(404, 20404, `The requested resource /Conferences/${conferenceSid}/Participants/${String(b.CallSid)} was not found`);
    }
    if (b.Action === 'stop') {
      participants.delete(p.call_sid);
      return new HttpResponse(null, { status: 204 });
    }
    if (b.Action !== 'update') return twilioError(400, undefined, 'Action must be start, update, stop or list.');
    Object.assign(p, { muted: b.Muted, coaching, call_sid_to_coach: coaching ? b.CallSidToCoach : null, date_updated: at });
    return HttpResponse.json(p);
  });

  const workerActivity = http.post(`${options.baseUrl}/worker-activity`, async ({ request }) => {
    const b = await read('worker-activity', request);
    if (b instanceof Response) return b;
    const activity = activities.find((a) => a.sid === b.ActivitySid);
    if (typeof b.WorkerSid !== 'string') return twilioError(400, undefined, 'WorkerSid is required.');
    if (activity === undefined) return twilioError(400, undefined, `ActivitySid ${String(b.ActivitySid)} is not an activity of this workspace.`);
    const at = new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const item = options.sync?.worker(b.WorkerSid);
    if (options.sync !== undefined && item === undefined) return twilioError(404, 20404, `The requested resource Workers/${b.WorkerSid} was not found`);
    if (item !== undefined) {
      options.sync?.setWorker({ ...item, activity_name: activity.name, worker_activity_sid: activity.sid, date_activity_changed: at, date_updated: at });
    }
    return HttpResponse.json({
      account_sid: ACCOUNT,
      workspace_sid: 'WS00000000000000000000000000000001',
      sid: b.WorkerSid,
      friendly_name: item?.friendly_name ?? 'worker',
      activity_sid: activity.sid,
      activity_name: activity.name,
      available: activity.available,
      attributes: JSON.stringify(item?.attributes ?? {}),
      date_created: at,
      date_updated: at,
      date_status_changed: at,
      url: `https://taskrouter.twilio.com/v1/Workspaces/WS00000000000000000000000000000001/Workers/${b.WorkerSid}`,
    });
  });

  const queues = new Map((options.queues ?? []).map((q) => [q.sid, q]));
  const listQueues = http.get(`${options.baseUrl}/queues`, ({ request }) => {
    record('queues', {});
    const failure = takeFailure('queues', undefined);
    if (failure !== undefined) return twilioError(failure.status, failure.code, failure.message ?? 'Scripted failure', failure.headers);
    if (options.token !== undefined && request.headers.get('authorization') !== `Bearer ${options.token}`) return twilioError(401, 20003, 'Authenticate: the Flex token is missing or invalid.');
    const sids = new Set<string>();
    for (const w of options.sync?.indexes.get('tr-worker')?.values() ?? []) for (const q of (w.queue_sids as string[] | undefined) ?? []) sids.add(q);
    // Named by their place among all the workers' queues, whichever of them a test replaced.
    const made = [...sids].flatMap((sid, n) => (queues.has(sid) ? [] : [queueOf(sid, n, options.sync as FakeSyncClient, now())]));
    return HttpResponse.json([...made, ...queues.values()]);
  });

  return { handlers: [participant, workerActivity, listQueues], queues, participants, requests, failNext: (f) => void failures.push(f), joinCall: (cf, label, sid) => join(cf, label, sid) };
}
