import { ErrorCode, FloorwalkError, type AuditOutcome, type CommandEnvelope, type FloorwalkEvent, type Interaction, type MonitoringMode, type MonitoringSession } from '@floorwalk/core';
import { retryAfterMs } from '../internal/retry-after.js';
import { vendorError } from './errors.js';
import type { Obj } from './mapping.js';
import type { Host } from './host.js';
import type { AgentRec } from './twilio.js';

/*
 * Command execution, loaded on the first command: a page that only watches never loads it.
 */

/**
 * Commands whose answer was lost, by idempotency key: the request may have been applied, and
 * TaskRouter and the Conference Participant API take no idempotency key, so the retry looks
 * first. For a set-presence, the `since` (Twilio's clock) of the activity held at the first send.
 */
const unanswered = new Map<string, number>();

/** Runs the request of command `key`; a failure with no HTTP status (the answer may be lost) notes the key. */
const noting = async <T>(key: string, at: number, what: string, send: () => Promise<T>): Promise<T> => {
  try {
    const res = await send();
    unanswered.delete(key);
    return res;
  } catch (err) {
    const e = vendorError(err, what);
    if (e.retryable && e.details?.status === undefined) unanswered.set(key, unanswered.get(key) ?? at);
    if (unanswered.size > 100) unanswered.delete(unanswered.keys().next().value as string);
    throw e;
  }
};

const post = async (h: Host, path: string, body: Obj): Promise<Obj> => {
  let token: string | undefined;
  let res: Response;
  try {
    token = await h.options.getToken?.();
  } catch (err) {
    throw h.fail(ErrorCode.AuthFailed, `No Flex token for the backend: getToken failed.`, undefined, err);
  }
  try {
    res = await (h.options.fetch ?? fetch)(`${h.options.backendUrl as string}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(token === undefined ? body : { ...body, Token: token }),
      signal: (h.calls ??= new AbortController()).signal,
    });
  } catch (err) {
    throw h.fail(ErrorCode.NotConnected, `The backend at ${h.options.backendUrl as string}/${path} is unreachable.`, undefined, err);
  }
  if (res.status === 204) return {};
  const json = h.kit.attrs(await res.text().catch(() => ''));
  if (!res.ok) {
    const err = vendorError({ ...json }, `Backend ${path} answered ${res.status}`, res.status);
    // A wait only means something on a refusal that asking again later can mend (429, 503): a 400
    // or 403 that carries the header fails the same however long the outbox waits, and core takes
    // any retryAfterMs as a reason to retry slowly.
    const wait = err.retryable ? retryAfterMs(res.headers.get('retry-after'), h.clock.now()) : undefined;
    if (wait !== undefined) throw new FloorwalkError(err.code, err.message, { details: { ...err.details, retryAfterMs: wait }, cause: err.cause, retryable: true });
    throw err;
  }
  if (json === undefined) throw h.fail(ErrorCode.VendorError, `Backend ${path} answered with a body that is not a JSON object.`);
  return json;
};

/** One page of the conference's participants; a conference Twilio does not know (yet, or any more) has none. */
const listed = async (h: Host, ask: Obj): Promise<Obj[]> => {
  const page = await post(h, 'participant', { Action: 'list', ...ask }).catch((e: FloorwalkError): Obj => {
    if (e.code === ErrorCode.UnknownEntity) return {};
    throw e;
  });
  return Array.isArray(page.participants) ? (page.participants as unknown[]).filter(h.kit.isObj) : [];
};

/**
 * The supervisor's participant: monitor = muted; barge = heard by all; coach = heard by the
 * agent only, whose leg Twilio requires (`CallSidToCoach`). The task attributes name it only once
 * Flex has written it there, and some setups never do: then it is the conference participant Flex
 * labels `worker`. Without it no coach is asked for, as one asked for another leg, or heard
 * by all, would reach the customer.
 */
const modeParams = async (h: Host, mode: MonitoringMode, i: Interaction, ask: Obj): Promise<Obj> => {
  if (mode !== 'whisper') return { Muted: mode === 'listen', Coaching: false };
  let coached = h.kit.attrs(h.kit.attrs(h.reservations.get(i.id)?.r.attrs.conference)?.participants)?.worker;
  if (typeof coached !== 'string') coached = (await listed(h, ask)).find((x) => x.label === 'worker' && typeof x.call_sid === 'string')?.call_sid;
  if (typeof coached !== 'string') {
    throw h.fail(ErrorCode.Conflict, `Whisper needs ${i.agentId as string}'s call leg, and the conference of ${i.id} has none yet: try again once the agent is on the call, or listen.`, {
      interactionId: i.id,
      mode,
    });
  }
  return { Muted: false, Coaching: true, CallSidToCoach: coached };
};

const target = (h: Host, i: Interaction): Obj => {
  const r = h.reservations.get(i.id)?.r;
  const conf = h.kit.attrs(r?.attrs.conference) ?? {};
  return { TaskSid: r?.taskSid, ReservationSid: i.id, WorkerSid: i.agentId, ...(typeof conf.sid === 'string' && { ConferenceSid: conf.sid }) };
};

/**
 * Notes where leg `id` is: the call it was put on or found on, and the conference Twilio's
 * participant resource names (see `Host.legs`). The latest 100.
 */
const place = (h: Host, id: string, ask: Obj, p: Obj): void => {
  const legs = (h.legs ??= new Map());
  legs.delete(id);
  legs.set(id, { ...ask, ...(typeof p.conference_sid === 'string' && { ConferenceSid: p.conference_sid }) });
  if (legs.size > 100) legs.delete(legs.keys().next().value as string);
};

/** Where a stop or mode change of leg `id` is sent: where it was put or found, else its call's conference as held now. */
const where = (h: Host, id: string, i: Interaction | undefined): Obj | undefined => h.legs?.get(id) ?? (i && target(h, i));

/** The participant resource's own flags say which mode it is in. */
const modeOf = (p: Obj, asked: MonitoringMode): MonitoringMode =>
  p.coaching === true ? 'whisper' : p.muted === true ? 'listen' : p.muted === false ? 'barge' : asked;

/**
 * A leg of this supervisor's that this page did not add: Twilio tells no page of conference
 * participants, and the adapter forgets the legs it added on every reload and reconnect, while a
 * backplane still shows the session (its id is the leg's call SID) with its Stop, or has the leg
 * taken off when its call went to wrap-up. Looked for, by that SID and this supervisor's label,
 * on the conferences of the calls the page holds that are live or, for a stop, in wrap-up (the
 * conference can go on without the agent), those first. A mode change is of a live call's leg:
 * one on a call in wrap-up ended with it, and each conference looked at is a request. A stop
 * also looks on the conference this adapter last put or found the leg on (`Host.legs`): its call
 * may have ended while the page was away, and be reported no more. `null`: no conference to look on.
 */
const adopt = async (h: Host, sessionId: string, by: string, stop: boolean): Promise<MonitoringSession | undefined | null> => {
  const asks = [...h.reservations.values()]
    .filter(({ i, r }) => (i.state === 'connected' || i.state === 'held' || (stop && i.state === 'wrap-up')) && i.channel === 'voice' && typeof h.kit.attrs(r.attrs.conference)?.sid === 'string')
    .sort((a, b) => +(b.i.state === 'wrap-up') - +(a.i.state === 'wrap-up'))
    .map(({ i }) => target(h, i));
  const known = h.legs?.get(sessionId);
  if (stop && known !== undefined && !asks.some((a) => a.ReservationSid === known.ReservationSid)) asks.push(known);
  for (const ask of asks) {
    // A conference Twilio no longer knows (its call ended since) holds no leg: the next may.
    const p = (await listed(h, ask)).find((x) => x.call_sid === sessionId && x.label === `supervisor:${by}`);
    if (p === undefined) continue;
    place(h, sessionId, ask, p);
    const session: MonitoringSession = { id: sessionId, mode: modeOf(p, 'listen'), supervisorId: by, agentId: ask.WorkerSid as string, interactionId: ask.ReservationSid as string, startedAt: h.kit.time(p.date_created) ?? h.clock.now() };
    h.sessions.set(sessionId, session);
    return session;
  }
  h.legs?.delete(sessionId);
  return asks.length === 0 ? null : undefined;
};

const monitoringEvent = (h: Host, session: MonitoringSession, at: number, key: string): FloorwalkEvent => {
  h.sessions.set(session.id, session);
  return { type: 'monitoring', id: `m:${session.id}:${key}`, at, source: h.id, session };
};

/**
 * Audits this page's own stop of leg `s` at its call's end as every monitoring stop is:
 * `requested`, then the outcome it came to (a 404 is done, the leg `not-found`), tied by a key
 * naming the stop meant, so its tries share one pair. Told as `audit` events, which the client
 * keeps in its trail and a backplane that carries sessions writes to the shared one (where the
 * agent reads them) under that key: a reloaded page's later look at the same stop adds no pair.
 * Not through `deliver`: the entry's time is the page's own, not Twilio's.
 */
const audit = (h: Host, s: MonitoringSession, outcome: AuditOutcome, e?: FloorwalkError): void => {
  const key = `interaction-ended:${s.id}`;
  const at = h.clock.now();
  const gone = e?.code === ErrorCode.UnknownEntity;
  const target = { sessionId: s.id, interactionId: s.interactionId ?? '', supervisorId: s.supervisorId, reason: 'interaction-ended', ...(gone && { leg: 'not-found' }) };
  const entry = { id: `${h.id}:stop:${key}:${outcome}`, at, actor: h.id, action: 'monitoring.stop' as const, outcome, target, subject: s.agentId, commandKey: key, ...(e && !gone && { reason: e.message }) };
  h.sink()?.events([{ type: 'audit', id: entry.id, at, source: h.id, entry }]);
};

/**
 * Takes leg `s`, ended here, off its conference. A leg Twilio no longer knows (the conference
 * ended with the call) is gone already; another refusal is reported, and one a later try may get
 * past (429, no network, a 5xx) is tried again, after its Retry-After, while this connection
 * lasts. One refused for good (a 403) may still be on the conference, hearing whoever is on it
 * now: the session runs again here, with its Stop, and is reported running, so a backplane tells
 * the agent again rather than leave them believing it ended.
 */
const takeOff = (h: Host, s: MonitoringSession, ask: Obj, g = h.gen(), tries = 0): Promise<void> =>
  (tries === 0 && audit(h, s, 'requested'), post(h, 'participant', ask)).then(
    () => (h.legs?.delete(s.id), audit(h, s, 'succeeded')),
    (e: FloorwalkError) => {
      if (e.code === ErrorCode.UnknownEntity) return (h.legs?.delete(s.id), audit(h, s, 'succeeded', e));
      h.sink()?.error(e);
      const wait = e.details?.retryAfterMs;
      if (e.retryable) h.clock.setTimeout(() => g === h.gen() && void takeOff(h, s, ask, g, tries + 1), typeof wait === 'number' ? wait : Math.min(60_000, 1_000 * 2 ** tries));
      else {
        audit(h, s, 'failed', e);
        const ended = h.sessions.get(s.id)?.endedAt;
        // Not if it was stopped, or the page reconnected, meanwhile.
        if (ended !== undefined && g === h.gen()) {
          const at = Math.max(h.clock.now(), ended);
          // Its call has ended it once: a later report of the call (completed) does not again.
          h.deliver([monitoringEvent(h, { ...s, outlivesCall: true }, at, `kept:${at}`)]);
        }
      }
    },
  );

/**
 * Ends this page's sessions on a call its agent left (wrap-up, an end, a transfer), and takes
 * their legs off the conference: it can go on without this agent (a transfer), and whoever is on
 * it then would be heard by someone they were never told of.
 */
export function end(h: Host, interactionId: string, at: number): FloorwalkEvent[] {
  const legs = [...h.sessions.values()].filter((s) => s.interactionId === interactionId && s.endedAt === undefined && s.outlivesCall !== true);
  const i = h.reservations.get(interactionId)?.i;
  // Where the leg was put: a completed reservation's attributes, and the conference with them, are not kept.
  for (const s of legs) {
    const ask = where(h, s.id, i);
    if (ask !== undefined) void takeOff(h, s, { Action: 'stop', ...ask, CallSid: s.id });
  }
  return legs.map((s) => {
    const ended = { ...s, endedAt: at };
    h.sessions.set(s.id, ended);
    return { type: 'monitoring', id: `m:${s.id}:end`, at, source: h.id, session: ended };
  });
}

export async function run(h: Host, c: CommandEnvelope): Promise<void> {
  const { worker } = h.options;
  switch (c.type) {
    case 'set-presence': {
      if (!h.agents.has(c.agentId)) throw h.fail(ErrorCode.UnknownAgent, `No TaskRouter worker ${c.agentId} is known.`, { agentId: c.agentId });
      const r = c.reason;
      const act = [...new Set(h.catalogue.values())].find((a) => a.state === c.state && (r === undefined || a.sid === r.id || a.name === r.label));
      if (act === undefined) {
        throw h.fail(ErrorCode.InvalidArgument, `No TaskRouter activity maps to ${c.state}${r ? ` (${r.label})` : ''}.`, { field: 'state', state: c.state, reason: r });
      }
      const held = h.agents.get(c.agentId) as AgentRec;
      // An earlier page's outbox entry may have been sent there, its answer lost with the page.
      const first = unanswered.get(c.key) ?? (c.restored === true ? c.issuedAt : undefined);
      if (first !== undefined) {
        // TaskRouter takes no idempotency key, and sent again the update would undo an activity
        // chosen since the lost one. What the Worker, Sync or the callbacks brought since tells.
        if (held.activity === act.sid || held.activity === act.name) return void unanswered.delete(c.key);
        if (held.agent.presence.since > first) throw h.fail(ErrorCode.Conflict, `${c.agentId}'s activity changed since; not sent again.`, { agentId: c.agentId });
      }
      return noting(c.key, held.agent.presence.since, `Setting ${c.agentId} to ${act.name} failed`, async () => {
        if (worker !== undefined && c.agentId === worker.sid) {
          const a = worker.activities.get(act.sid);
          if (a?.setAsCurrent === undefined) throw h.fail(ErrorCode.InvalidArgument, `The Worker has no activity ${act.sid}.`, { activitySid: act.sid });
          await a.setAsCurrent();
        } else if (worker?.setWorkerActivity !== undefined) {
          await worker.setWorkerActivity(c.agentId, act.sid);
        } else if (h.options.backendUrl !== undefined) {
          const w = await post(h, 'worker-activity', { WorkerSid: c.agentId, ActivitySid: act.sid });
          const since = h.kit.time(w.date_status_changed);
          // The live query brings the change too; applying the answer shows it without waiting.
          if (w.sid === c.agentId && typeof w.activity_name === 'string' && since !== undefined) {
            h.deliver(h.onWorker({ sid: c.agentId, activityName: w.activity_name, activitySid: String(w.activity_sid), since, updated: since }, true));
          }
        } else {
          throw h.fail(ErrorCode.Unsupported, 'Setting another worker\'s activity needs a Supervisor worker or a backendUrl.');
        }
      });
    }
    case 'start-monitoring': {
      if (!['listen', 'whisper', 'barge'].includes(c.mode)) throw h.fail(ErrorCode.Unsupported, `No ${c.mode} mode.`);
      if (!h.agents.has(c.agentId)) throw h.fail(ErrorCode.UnknownAgent, `No TaskRouter worker ${c.agentId} is known.`, { agentId: c.agentId });
      const i = h.reservations.get(c.interactionId)?.i;
      if (i === undefined || i.agentId !== c.agentId || i.state === 'ended') {
        throw h.fail(ErrorCode.UnknownInteraction, `Reservation ${c.interactionId} is not live for ${c.agentId}.`, { interactionId: c.interactionId });
      }
      if (i.state !== 'connected' && i.state !== 'held') throw h.fail(ErrorCode.Conflict, `Reservation ${i.id} is ${i.state}; only a connected call can be monitored.`);
      // A supervisor's leg joins a voice task's conference; any other task has none, and the
      // request would go out with no conference for Twilio to refuse as a raw 400.
      if (i.channel !== 'voice') throw h.fail(ErrorCode.Unsupported, `Twilio monitors voice calls only; reservation ${i.id} is a ${i.channel} task.`, { interactionId: i.id, channel: i.channel });
      const mine = [...h.sessions.values()].find((s) => s.interactionId === i.id && s.supervisorId === c.issuedBy && s.endedAt === undefined);
      if (mine !== undefined) throw h.fail(ErrorCode.Conflict, `${c.issuedBy} already monitors ${i.id} (session ${mine.id}).`, { sessionId: mine.id });
      // The label names the supervisor's leg: Twilio keeps it unique in the conference, and a
      // retry after a lost answer finds by it the participant the lost POST added.
      const mode = await modeParams(h, c.mode, i, target(h, i));
      const asked = { ...target(h, i), SupervisorSid: c.issuedBy, Label: `supervisor:${c.issuedBy}`, ...mode };
      // Added twice, the supervisor would join twice: take the leg a lost POST added, if it did.
      const find = async (): Promise<Obj | undefined> => {
        const page = await post(h, 'participant', { Action: 'list', ...target(h, i) });
        const found = (Array.isArray(page.participants) ? (page.participants as Obj[]) : []).find(
          (x) => h.kit.isObj(x) && x.label === asked.Label && x.muted === mode.Muted && x.coaching === mode.Coaching,
        );
        if (found !== undefined) unanswered.delete(c.key);
        return found;
      };
      let p = unanswered.has(c.key) ? await find() : undefined;
      try {
        p ??= await noting(c.key, 0, 'Starting monitoring failed', () => post(h, 'participant', { Action: 'start', ...asked }));
      } catch (err) {
        // 16026, the label in use: a page that did not see the lost answer (the outbox replaying
        // on a new page) finds the leg this way.
        if ((err as FloorwalkError).details?.twilioCode !== 16026 || !(p = await find())) throw err;
      }
      if (typeof p.call_sid !== 'string') throw h.fail(ErrorCode.VendorError, 'The backend answered without the participant call_sid.', { body: p });
      const at = h.kit.time(p.date_created) ?? h.clock.now();
      const session = { id: p.call_sid, mode: modeOf(p, c.mode), supervisorId: c.issuedBy, agentId: c.agentId, interactionId: i.id, startedAt: at };
      place(h, p.call_sid, target(h, i), p);
      return h.deliver([monitoringEvent(h, session, at, c.key)]);
    }
    case 'change-monitoring-mode':
    case 'stop-monitoring': {
      const stop = c.type === 'stop-monitoring';
      const s = h.sessions.get(c.sessionId) ?? (await adopt(h, c.sessionId, c.issuedBy, stop));
      // Twilio's sessions are conference legs: each is on its interaction.
      const i = s ? h.reservations.get(s.interactionId as string)?.i : undefined;
      // A stop needs only where the leg is: its call may be reported no more (ended while the page was away).
      const ask = s ? where(h, s.id, i) : undefined;
      // A stop retried after its answer was lost is done when the participant is gone: the lost
      // request removed it (the call may have ended since, too). So is one an earlier page queued.
      const gone = (err: FloorwalkError): boolean => stop && err.code === ErrorCode.UnknownEntity && (unanswered.delete(c.key) || c.restored === true);
      if (!s || s.endedAt !== undefined || ask === undefined || (!stop && i === undefined)) {
        // Looked for nowhere: no call this page knows holds a conference (a reload forgets where
        // the leg was, and a call that ended while the page was away is reported no more).
        const err = h.fail(ErrorCode.UnknownEntity, `No active monitoring session ${c.sessionId}${s === null ? ': no conference known here to look for it on' : ''}.`, {
          sessionId: c.sessionId,
          ...(s === null && { searched: false }),
        });
        if (gone(err)) return;
        throw err;
      }
      let p: Obj = {};
      try {
        // Asked for first: a whisper with no agent's leg to coach is refused before anything is sent.
        const mode = stop ? {} : await modeParams(h, c.mode, i as Interaction, ask);
        p = await noting(c.key, 0, 'Monitoring failed', () => post(h, 'participant', { Action: stop ? 'stop' : 'update', ...ask, CallSid: s.id, ...mode }));
        if (stop) h.legs?.delete(s.id);
      } catch (err) {
        // Twilio knows no such participant: the leg is off, whoever took it off (another page of
        // this supervisor's, which Twilio tells this one nothing of; the conference's end). Ended
        // here too, or this page would go on showing, and reporting, a leg that is not there: a
        // stop is then done, a mode change still fails.
        if ((err as FloorwalkError).code !== ErrorCode.UnknownEntity) throw err;
        unanswered.delete(c.key);
        h.legs?.delete(s.id);
        if (!stop) {
          const at = Math.max(h.clock.now(), s.startedAt);
          h.deliver([monitoringEvent(h, { ...s, endedAt: at }, at, c.key)]);
          throw err;
        }
      }
      const at = Math.max(h.kit.time(p.date_updated) ?? h.clock.now(), s.startedAt);
      const next = stop ? { ...s, endedAt: at } : { ...s, mode: modeOf(p, c.mode) };
      return h.deliver([monitoringEvent(h, next, at, c.key)]);
    }
    default:
      throw h.fail(ErrorCode.Unsupported, `The Twilio adapter cannot ${c.type}.`);
  }
}
