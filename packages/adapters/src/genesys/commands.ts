import { ErrorCode, FloorwalkError, type AdapterSink, type Agent, type Clock, type CoachingSession, type CommandEnvelope, type MonitoringMode, type MonitoringSession, type PresenceState } from '@floorwalk/core';
import type { Definition, GenesysAdapterOptions } from './adapter.js';
import type { isInternalCall, mapAppointment, mapColleagueCall, MappedColleagueCall } from './coaching.js';
import type { MappedConversation, str } from './map.js';
import type { Rest } from './rest.js';
import type { WireConversation } from './wire.js';

/*
 * Command execution, loaded on the first command: a page that only watches never loads it.
 */

/** What the adapter shares with its commands: its options, REST client and live state. */
export interface CommandHost {
  readonly options: GenesysAdapterOptions;
  readonly id: string;
  readonly clock: Clock;
  /** Reads a Genesys time onto the page's clock. */
  vt(v: unknown): number | undefined;
  /** The page's clock minus Genesys': a time the host gives goes to Genesys less this. */
  readonly skew: { readonly off: number };
  readonly rest: Rest;
  readonly agents: ReadonlyMap<string, Agent>;
  readonly conversations: ReadonlyMap<string, MappedConversation>;
  readonly sessions: Map<string, CoachingSession>;
  readonly calls: Map<string, MappedColleagueCall>;
  /** Presence definitions by id; replaced whole when Genesys sends new ones. */
  definitions(): ReadonlyMap<string, Definition>;
  sink(): AdapterSink | null;
  malformed(message: string, details?: Record<string, unknown>): void;
  // The adapter's own mapping, passed rather than imported: an import would put the files it
  // comes from in a chunk of their own, loaded up front beside the adapter.
  readonly str: typeof str;
  readonly mapAppointment: typeof mapAppointment;
  readonly isInternalCall: typeof isInternalCall;
  readonly mapColleagueCall: typeof mapColleagueCall;
}

/**
 * A command's request. A 429 rejects at once with `RateLimited` and its `retryAfterMs`, rather than
 * being waited out here: the client's outbox waits that long and sends the command again, where a
 * wait of Genesys' choosing (up to a minute) in here could outlast the client's time limit for the
 * send. The REST client still holds every other call until then.
 */
const ask = <T = unknown>(h: CommandHost, method: string, path: string, body?: unknown): Promise<T> => h.rest.request<T>(method, path, body, 0);

/** When a request whose answer was lost was first sent, by idempotency key: it may have been applied. */
const unanswered = new Map<string, number>();

/**
 * Sends the request of the command with `key`. Genesys takes no idempotency key, so when the
 * answer is lost (no HTTP status: the request may have reached Genesys) the key is noted, and
 * its retry looks before it sends again. The note stays after a later success: a command of two
 * requests (a mode change) retried for its second must still look before sending that one.
 */
const noting = async <T>(h: CommandHost, key: string, send: () => Promise<T>): Promise<T> => {
  const at = unanswered.get(key) ?? h.clock.now();
  try {
    return await send();
  } catch (err) {
    const e = err as FloorwalkError;
    if (e.code === ErrorCode.VendorError && e.details?.status === undefined) unanswered.set(key, at);
    if (unanswered.size > 100) unanswered.delete(unanswered.keys().next().value as string);
    throw err;
  }
};

/**
 * When the command may have been sent before: its answer lost on this page, or queued by an
 * earlier page's outbox (`restored`), whose memory of a lost answer went with it. Then its request
 * may have been applied, and it looks before it sends.
 */
const sentBefore = (c: CommandEnvelope): number | undefined => unanswered.get(c.key) ?? (c.restored === true ? c.issuedAt : undefined);

/**
 * On a command that may have been sent before, `err` saying the thing is gone means that request
 * removed it: done. Anything else is thrown.
 */
const goneBefore = (retried: boolean, err: unknown): void => {
  if (!retried || (err as FloorwalkError).code !== ErrorCode.UnknownEntity) throw err;
};

/** The endpoint of each mode, and the field of the leg it starts that names the agent's leg. */
const MONITOR: Readonly<Record<MonitoringMode, readonly [string, 'monitoredParticipantId' | 'coachedParticipantId' | 'bargedParticipantId']>> = {
  listen: ['monitor', 'monitoredParticipantId'],
  whisper: ['coach', 'coachedParticipantId'],
  barge: ['barge', 'bargedParticipantId'],
};
const enc = encodeURIComponent;

/**
 * Genesys' minute for a time on the page's clock. Genesys rounds dateStart down to the minute;
 * the minute the person chose is taken first, then moved by the clock offset to Genesys' nearest
 * minute: moved and then rounded down, a page clock seconds fast made the 15:00 chosen 14:59.
 */
const minuteOf = (at: number, off: number): number => Math.round((Math.floor(at / 60_000) * 60_000 - off) / 60_000) * 60_000;

/** The body of `POST /api/v2/coaching/appointments` for a Floorwalk coaching session. */
function appointmentRequest(input: { organiserId: string; agentId: string; topic: string; at: number; off: number; durationMs: number; attendeeIds?: readonly string[] }): Record<string, unknown> {
  const start = minuteOf(input.at, input.off);
  const attendeeIds = [...new Set([input.agentId, ...(input.attendeeIds ?? []).filter((a) => a !== input.organiserId)])];
  return {
    name: input.topic,
    // Required by Genesys; Floorwalk has one text, the topic.
    description: input.topic,
    dateStart: new Date(start).toISOString(),
    lengthInMinutes: Math.max(1, Math.ceil(input.durationMs / 60_000)),
    attendeeIds,
    facilitatorId: input.organiserId,
  };
}


const definitionFor = (h: CommandHost, state: PresenceState, reasonId: string | undefined): Definition | undefined => {
  if (reasonId !== undefined) {
    const d = h.definitions().get(reasonId);
    if (d !== undefined && d.state === state) return d;
  }
  const wanted = state === 'available' ? ((h.options.availableMeans ?? 'on-queue') === 'on-queue' ? 'ON_QUEUE' : 'AVAILABLE') : state.toUpperCase();
  const all = [...h.definitions().values()];
  return all.find((d) => d.system === wanted && d.primary) ?? all.find((d) => d.system === wanted) ?? all.find((d) => d.state === state);
};

const findSession = (h: CommandHost, sessionId: string, ended = false): { conv: MappedConversation; session: MonitoringSession; participantId: string } => {
  const cut = sessionId.lastIndexOf(':');
  const conv = cut > 0 ? h.conversations.get(sessionId.slice(0, cut)) : undefined;
  // A screen view is told, never controlled from here: its leg is no call leg to disconnect.
  const session = conv?.monitoring.find((s) => s.id === sessionId && (ended || s.endedAt === undefined) && s.mode !== 'screen');
  if (conv === undefined || session === undefined) throw new FloorwalkError(ErrorCode.UnknownEntity, `Genesys: no active monitoring session ${sessionId}.`, { details: { sessionId } });
  return { conv, session, participantId: sessionId.slice(cut + 1) };
};

const startMonitoring = async (h: CommandHost, key: string, retried: boolean, interactionId: string, agentId: string, mode: MonitoringMode): Promise<void> => {
  const conv = h.conversations.get(interactionId);
  if (conv === undefined) throw new FloorwalkError(ErrorCode.UnknownInteraction, `Genesys: no live conversation ${interactionId}.`, { details: { interactionId } });
  const participantId = conv.agentLegs.get(agentId);
  if (participantId === undefined) throw new FloorwalkError(ErrorCode.UnknownAgent, `Genesys: ${agentId} is not on conversation ${interactionId}.`, { details: { agentId, interactionId } });
  const media = conv.media === 'calls' || (conv.media === 'messages' && mode === 'listen') ? conv.media : undefined;
  if (media === undefined) throw new FloorwalkError(ErrorCode.Unsupported, `Genesys offers ${mode} monitoring on calls${mode === 'listen' ? ' and messages' : ''} only.`, { details: { mode, channel: conv.interaction?.channel } });
  const [action, field] = MONITOR[mode];
  if (retried) {
    // The leg the lost POST started, if it did: ours, on that agent's leg, in that mode, not
    // ended. When it started does not matter: a second such leg would be a duplicate anyway.
    const now = await ask<WireConversation>(h, 'GET', `/api/v2/conversations/${enc(interactionId)}`);
    if (now?.participants?.some((p) => (h.str(p.userId) ?? h.str(p.user?.id)) === h.options.userId && p[field] === participantId && p.endTime === undefined)) return;
  }
  await noting(h, key, () => ask(h, 'POST', `/api/v2/conversations/${media}/${enc(interactionId)}/participants/${enc(participantId)}/${action}`));
};

const stopMonitoring = async (h: CommandHost, key: string, retried: boolean, sessionId: string): Promise<void> => {
  try {
    const found = findSession(h, sessionId);
    const media = found.conv.media === 'messages' ? 'messages' : 'calls';
    await noting(h, key, () => ask(h, 'PATCH', `/api/v2/conversations/${media}/${enc(found.session.interactionId as string)}/participants/${enc(found.participantId)}`, { state: 'disconnected' }));
  } catch (err) {
    // The lost PATCH ended the leg: Genesys (or its notification, here) says it is gone.
    goneBefore(retried, err);
  }
};

export async function run(h: CommandHost, command: CommandEnvelope): Promise<void> {
  const sentAt = sentBefore(command);
  const retried = sentAt !== undefined;
  switch (command.type) {
    case 'set-presence': {
      if (command.agentId !== h.options.userId && !h.agents.has(command.agentId)) {
        throw new FloorwalkError(ErrorCode.UnknownAgent, `Genesys: ${command.agentId} is not a watched user.`, { details: { agentId: command.agentId } });
      }
      const def = definitionFor(h, command.state, command.reason?.id);
      if (def === undefined) throw new FloorwalkError(ErrorCode.Unsupported, `Genesys: the org has no presence definition for ${command.state}.`, { details: { state: command.state } });
      const path = `/api/v2/users/${enc(command.agentId)}/presences/purecloud`;
      if (sentAt !== undefined) {
        // Sent again, the PATCH would undo a change made since the lost one.
        const now = await ask<{ presenceDefinition?: { id?: unknown }; modifiedDate?: unknown }>(h, 'GET', path);
        if (now?.presenceDefinition?.id === def.id) return;
        if ((h.vt(now?.modifiedDate) ?? 0) >= sentAt) throw new FloorwalkError(ErrorCode.Conflict, `Genesys: ${command.agentId}'s presence changed since; not sent again.`, { details: { agentId: command.agentId } });
      }
      await noting(h, command.key, () => ask(h, 'PATCH', path, { presenceDefinition: { id: def.id } }));
      return;
    }
    case 'start-monitoring':
      return startMonitoring(h, command.key, retried, command.interactionId, command.agentId, command.mode);
    case 'stop-monitoring':
      return stopMonitoring(h, command.key, retried, command.sessionId);
    case 'change-monitoring-mode': {
      // Genesys has no mode switch on a monitoring leg: end it and start the new mode. Retried
      // after a lost answer, the old leg may have ended already: the lost request ended it.
      const { session } = findSession(h, command.sessionId, retried);
      if (session.mode === command.mode) return;
      await stopMonitoring(h, command.key, retried, command.sessionId);
      // Not a screen view (findSession): a session on a call or message.
      return startMonitoring(h, command.key, retried, session.interactionId as string, session.agentId, command.mode);
    }
    case 'schedule-coaching-session': {
      const body = appointmentRequest({ organiserId: h.options.userId, agentId: command.agentId, topic: command.topic, at: command.at, off: h.skew.off, durationMs: command.durationMs, ...(command.attendeeIds !== undefined && { attendeeIds: command.attendeeIds }) });
      let res: unknown;
      if (sentAt !== undefined) {
        // The appointment the lost POST created, if it did: ours, at that minute, with that topic,
        // length and people, created since it was first sent (a minute's leeway for clock skew).
        // Sent again, the POST would invite the agent twice. A minute either side: the page that
        // sent it may have put the time a minute off this one, on its own estimate of the clocks.
        const from = Date.parse(body.dateStart as string);
        const list = await ask<{ entities?: unknown }>(h, 'GET', `/api/v2/coaching/appointments/me?interval=${enc(`${new Date(from - 60_000).toISOString()}/${new Date(from + 120_000).toISOString()}`)}`);
        const people = (ids: readonly string[]): string => [...ids].sort().join();
        res = (Array.isArray(list?.entities) ? (list.entities as { dateCreated?: unknown }[]) : []).find((raw) => {
          const s = h.mapAppointment(raw, h.vt);
          return typeof s !== 'string' && s.organiserId === h.options.userId && s.topic === command.topic && s.durationMs === (body.lengthInMinutes as number) * 60_000 && people(s.attendeeIds) === people(body.attendeeIds as string[]) && (h.vt(raw.dateCreated) ?? 0) >= sentAt - 60_000;
        });
      }
      res ??= await noting(h, command.key, () => ask<unknown>(h, 'POST', '/api/v2/coaching/appointments', body));
      const session = h.mapAppointment(res, h.vt);
      // Genesys accepted it; a reply we cannot read is reported, and the notification will follow.
      if (typeof session === 'string') return h.malformed(`the created appointment: ${session}`);
      h.sessions.set(session.id, session);
      h.sink()?.events([{ type: 'coaching-session', id: `${h.id}:created:${session.id}`, at: h.clock.now(), source: h.id, session }]);
      return;
    }
    case 'reschedule-coaching-session':
    case 'cancel-coaching-session': {
      const id = command.sessionId;
      const held = h.sessions.get(id);
      // Only scheduled appointments are held: a done or deleted one cannot change.
      if (held === undefined) {
        const err = new FloorwalkError(ErrorCode.UnknownEntity, `Genesys: no scheduled appointment ${id}.`, { details: { sessionId: id } });
        // The lost DELETE's notification has come since: the cancel is done.
        if (command.type === 'cancel-coaching-session') return goneBefore(retried, err);
        throw err;
      }
      const path = `/api/v2/coaching/appointments/${enc(id)}`;
      let session: CoachingSession | string = { ...held, state: 'cancelled' };
      if (command.type === 'cancel-coaching-session') {
        // Sent again after a lost answer, the DELETE finds nothing (404): what the lost one did.
        await noting(h, command.key, () => ask(h, 'DELETE', path)).catch((err: unknown) => goneBefore(retried, err));
        h.sessions.delete(id);
      } else {
        session = h.mapAppointment(await ask<unknown>(h, 'PATCH', path, { dateStart: new Date(minuteOf(command.at, h.skew.off)).toISOString(), lengthInMinutes: Math.max(1, Math.ceil((command.durationMs ?? held.durationMs) / 60_000)) }), h.vt);
        if (typeof session === 'string') return h.malformed(`the updated appointment: ${session}`);
        h.sessions.set(id, session);
      }
      h.sink()?.events([{ type: 'coaching-session', id: `${h.id}:${command.key}:${id}`, at: h.clock.now(), source: h.id, session }]);
      return;
    }
    case 'start-colleague-call': {
      const others = [...new Set(command.participantIds)].filter((p) => p !== h.options.userId);
      if (others.length === 0) throw new FloorwalkError(ErrorCode.InvalidArgument, 'start-colleague-call: name someone other than yourself.', { details: { field: 'participantIds' } });
      // One user: a direct call (callUserId). More: an ad-hoc conference of them (participants).
      const body = others.length === 1 ? { callUserId: others[0] } : { participants: others.map((userId) => ({ userId })) };
      const people = [h.options.userId, ...others].sort().join();
      // The call the lost POST placed has reached us since (its notification, or the resync):
      // placing it again would ring the colleague twice. A minute's leeway for clock skew.
      for (const { call } of h.calls.values()) {
        if (sentAt !== undefined && call.startedBy === h.options.userId && call.startedAt >= sentAt - 60_000 && [...call.participantIds].sort().join() === people) return;
      }
      const res = await noting(h, command.key, () => ask<{ id?: unknown }>(h, 'POST', '/api/v2/conversations/calls', body));
      const cid = h.str(res?.id);
      if (cid === undefined) return h.malformed('POST /api/v2/conversations/calls returned no conversation id');
      if (h.calls.has(cid)) return;
      const call = { id: cid, kind: others.length === 1 ? ('direct' as const) : ('team' as const), participantIds: [h.options.userId, ...others], startedBy: h.options.userId, startedAt: h.clock.now() };
      h.calls.set(cid, { call, legs: new Map() });
      h.sink()?.events([{ type: 'colleague-call', id: `${h.id}:called:${cid}`, at: call.startedAt, source: h.id, call }]);
      return;
    }
    case 'end-colleague-call': {
      const held = h.calls.get(command.callId);
      if (held === undefined) throw new FloorwalkError(ErrorCode.UnknownEntity, `Genesys: no active colleague call ${command.callId}.`, { details: { callId: command.callId } });
      let leg = held.legs.get(h.options.userId);
      if (leg === undefined) {
        // Started here moments ago: our participant id comes with the conversation.
        const conv = await ask<WireConversation>(h, 'GET', `/api/v2/conversations/${enc(command.callId)}`);
        const mapped = h.isInternalCall(conv) ? h.mapColleagueCall(conv, h.clock.now(), h.vt) : 'not an internal call';
        leg = typeof mapped === 'string' ? undefined : mapped.legs.get(h.options.userId);
      }
      if (leg === undefined) throw new FloorwalkError(ErrorCode.Conflict, `Genesys: you are no longer on call ${command.callId}.`, { details: { callId: command.callId } });
      await ask(h, 'PATCH', `/api/v2/conversations/calls/${enc(command.callId)}/participants/${enc(leg)}`, { state: 'disconnected' });
      return;
    }
    default:
      throw new FloorwalkError(ErrorCode.Unsupported, `Genesys adapter cannot ${String(command.type)}.`);
  }
}
