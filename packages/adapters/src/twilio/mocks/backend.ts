import { http, HttpResponse, type HttpHandler } from 'msw';
import type { FakeSyncClient } from './sync.js';
import { FAKE_ACTIVITIES, type FakeActivityInit } from './worker.js';

/*
 * msw handlers for the host backend endpoints the adapter calls, answering with Twilio's own
 * REST resources: a Conference Participant (snake_case, RFC 2822 dates) for monitor / coach /
 * barge, a page of the conference's participants for `list` (as Twilio refuses a label already in
 * use, 16026), and a TaskRouter Worker for supervisor set-activity. Errors use Twilio's error body
 * `{ code, message, more_info, status }`.
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

/** Options of {@link twilioBackendHandlers}. */
export interface TwilioBackendOptions {
  /** Where the adapter's `backendUrl` points, e.g. `https://backend.example/floorwalk`. */
  readonly baseUrl: string;
  /** When set, the body's `Token` must equal it (as a Flex token validator would check), else 401. */
  readonly token?: string;
  /** Activities `worker-activity` accepts. Default the fake workspace's. */
  readonly activities?: readonly FakeActivityInit[];
  /** A fake Sync client whose `tr-worker` item follows a supervisor's activity change, as Flex's index does. */
  readonly sync?: FakeSyncClient;
  /** Vendor time. Default `Date.now`. */
  readonly now?: () => number;
}

/** A scripted failure for the next request. */
export interface TwilioBackendFailure {
  readonly status: number;
  readonly code?: number;
  readonly message?: string;
  readonly headers?: Record<string, string>;
}

/** The mock backend: msw handlers plus its state and controls. */
export interface TwilioBackendMock {
  readonly handlers: HttpHandler[];
  /** Participants by call SID. */
  readonly participants: Map<string, TwilioParticipantResource>;
  /** Every body received, in order (with `path`). */
  readonly requests: { path: string; body: Record<string, unknown> }[];
  /** Makes the next request fail this way (a queue: call several times for several). */
  failNext(failure: TwilioBackendFailure): void;
}

const rfc2822 = (ms: number): string => new Date(ms).toUTCString().replace('GMT', '+0000');
const ACCOUNT = 'AC00000000000000000000000000000001';

function twilioError(status: number, code: number | undefined, message: string, headers?: Record<string, string>): Response {
  return HttpResponse.json(
    { code: code ?? null, message, more_info: code === undefined ? null : `https://www.twilio.com/docs/errors/${code}`, status },
    { status, ...(headers && { headers }) },
  );
}

/**
 * Creates msw handlers for the host backend's `POST {baseUrl}/participant` and
 * `POST {baseUrl}/worker-activity`, holding conference participants in memory.
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
  const failures: TwilioBackendFailure[] = [];
  const activities = options.activities ?? FAKE_ACTIVITIES;
  let calls = 0;

  const read = async (path: string, request: Request): Promise<Record<string, unknown> | Response> => {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return twilioError(400, undefined, 'The body is not JSON.');
    }
    if (typeof body !== 'object' || body === null) return twilioError(400, undefined, 'The body is not a JSON object.');
    const b = body as Record<string, unknown>;
    requests.push({ path, body: b });
    const failure = failures.shift();
    if (failure !== undefined) return twilioError(failure.status, failure.code, failure.message ?? 'Scripted failure', failure.headers);
    if (options.token !== undefined && b.Token !== options.token) return twilioError(401, 20003, 'Authenticate: the Flex token is missing or invalid.');
    return b;
  };

  const participant = http.post(`${options.baseUrl}/participant`, async ({ request }) => {
    const b = await read('participant', request);
    if (b instanceof Response) return b;
    const coaching = b.Coaching === true;
    if (typeof b.Muted !== 'boolean' && b.Action !== 'stop' && b.Action !== 'list') return twilioError(400, undefined, 'Muted must be a boolean.');
    if (coaching && typeof b.CallSidToCoach !== 'string') return twilioError(400, undefined, 'CallSidToCoach is required when Coaching is true.');
    const at = rfc2822(now());
    const conference = typeof b.ConferenceSid === 'string' ? b.ConferenceSid : undefined;
    const conferenceSid = conference ?? `CF${String(b.ReservationSid).slice(2)}`;
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
      const callSid = `CA${(++calls).toString(16).padStart(32, '0')}`;
      const p: TwilioParticipantResource = {
        account_sid: ACCOUNT,
        call_sid: callSid,
        conference_sid: conferenceSid,
        label,
        muted: b.Muted as boolean,
        hold: false,
        coaching,
        call_sid_to_coach: coaching ? (b.CallSidToCoach as string) : null,
        status: 'connected',
        start_conference_on_enter: false,
        end_conference_on_exit: false,
        date_created: at,
        date_updated: at,
        uri: `/2010-04-01/Accounts/${ACCOUNT}/Conferences/${conferenceSid}/Participants/${callSid}.json`,
      };
      participants.set(callSid, p);
      return HttpResponse.json(p, { status: 201 });
    }
    const p = participants.get(String(b.CallSid));
    if (p === undefined) return twilioError(404, 20404, `The requested resource Participants/${String(b.CallSid)} was not found`);
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

  return { handlers: [participant, workerActivity], participants, requests, failNext: (f) => void failures.push(f) };
}
