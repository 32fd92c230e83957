import type { CoachingSession, CoachingSessionState, ColleagueCall } from '@floorwalk/core';
import { ENDED, MEDIA_STATES, isObj, str, time, type Problem } from './map.js';
import type { WireConversation, WireParticipant } from './wire.js';

/*
 * Pure mappings for Genesys coaching appointments (reference §4.2, topic
 * `v2.users.{id}.wem.coaching.notification`) and internal user-to-user calls. Each returns a value
 * or a string naming what was wrong, as map.ts does.
 */

/** Appointment statuses (`CoachingAppointmentResponse.status`, and the notification's `status`). */
export const APPOINTMENT_STATUSES = ['Scheduled', 'InProgress', 'Completed', 'InvalidSchedule'] as const;

/**
 * Floorwalk has three session states. `InProgress` is still a session that has not happened in
 * full, and `InvalidSchedule` one whose time no longer fits the attendees' WFM schedules but
 * which Genesys keeps: both stay `scheduled`. A deleted appointment is `cancelled`.
 */
const STATE: Readonly<Record<(typeof APPOINTMENT_STATUSES)[number], CoachingSessionState>> = {
  Scheduled: 'scheduled',
  InProgress: 'scheduled',
  InvalidSchedule: 'scheduled',
  Completed: 'done',
};

export function appointmentState(status: unknown): CoachingSessionState | undefined {
  return typeof status === 'string' && Object.hasOwn(STATE, status) ? STATE[status as keyof typeof STATE] : undefined;
}

const ref = (v: unknown): string | undefined => (isObj(v) ? str(v.id) : undefined);

/**
 * A `CoachingAppointmentResponse` as a coaching session. The first attendee is the coached agent
 * (Floorwalk schedules them first); the organiser is the facilitator, else the creator.
 */
export function mapAppointment(raw: unknown, vt = time): CoachingSession | Problem {
  if (!isObj(raw)) return 'the appointment is not an object';
  const id = str(raw.id);
  if (id === undefined) return 'the appointment has no id';
  const at = vt(raw.dateStart);
  if (at === undefined) return `appointment ${id}: dateStart is not a time`;
  const minutes = raw.lengthInMinutes;
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0) return `appointment ${id}: lengthInMinutes is not a positive number`;
  const state = appointmentState(raw.status);
  if (state === undefined) return `appointment ${id}: unknown status ${JSON.stringify(raw.status)}`;
  if (!Array.isArray(raw.attendees)) return `appointment ${id}: attendees is not a list`;
  const attendeeIds = raw.attendees.map(ref);
  if (attendeeIds.length === 0 || attendeeIds.some((a) => a === undefined)) return `appointment ${id}: attendees need ids`;
  const organiserId = ref(raw.facilitator) ?? ref(raw.createdBy);
  if (organiserId === undefined) return `appointment ${id}: neither facilitator nor createdBy has an id`;
  return {
    id,
    topic: typeof raw.name === 'string' ? raw.name : '',
    at,
    durationMs: minutes * 60_000,
    attendeeIds: attendeeIds as string[],
    organiserId,
    agentId: attendeeIds[0] as string,
    state,
  };
}

const EXTERNAL = new Set(['customer', 'external', 'acd', 'ivr', 'voicemail', 'workflow', 'outbound', 'inbound', 'dialer', 'campaign', 'botflow', 'fax', 'station', 'group']);

/** The state of a leg's last call, as sent (any type: checked against the documented ones), null for a call that is no object. */
const legState = (p: WireParticipant): unknown => {
  const calls = p.calls;
  const media = (Array.isArray(calls) && calls.at(-1)) || p;
  return isObj(media) ? media.state : null;
};

/**
 * Whether a conversation is an internal call between users: call media only, every participant a
 * user (no customer, no queue, no flow). Those are colleague calls, not interactions. A supervisor
 * viewing an agent's screen (agent level) is a conversation of two users too, on screen media.
 */
export function isInternalCall(raw: unknown): boolean {
  if (!isObj(raw) || !Array.isArray(raw.participants) || raw.participants.length < 2) return false;
  return (raw.participants as unknown[]).every((p) => {
    if (!isObj(p)) return false;
    const q = p as WireParticipant;
    const userId = str(q.userId) ?? str(q.user?.id);
    const purpose = typeof q.purpose === 'string' ? q.purpose.toLowerCase() : '';
    const mediaKeys = ['chats', 'emails', 'messages', 'videos', 'callbacks', 'screenMonitorings'] as const;
    return userId !== undefined && !EXTERNAL.has(purpose) && str(q.queueId) === undefined && str(q.queue?.id) === undefined && mediaKeys.every((k) => q[k] === undefined || (Array.isArray(q[k]) && !q[k].length));
  });
}

/** An internal call as a colleague call, with each user's participant id (to leave it). */
export interface MappedColleagueCall {
  readonly call: ColleagueCall;
  readonly legs: ReadonlyMap<string, string>;
}

/** An internal call (see {@link isInternalCall}) as a colleague call. */
export function mapColleagueCall(raw: WireConversation, fallback: number, vt = time): MappedColleagueCall | Problem {
  const id = str(raw.id);
  if (id === undefined) return 'the conversation has no id';
  const people: string[] = [];
  const legs = new Map<string, string>();
  let startedAt = Infinity;
  let endedAt = -Infinity;
  let live = 0;
  for (const p of raw.participants ?? []) {
    const userId = (str(p.userId) ?? str(p.user?.id)) as string;
    if (!people.includes(userId)) people.push(userId);
    const pid = str(p.id);
    const state = legState(p);
    // The interaction mapping's states: a leg not over is live, whether ringing, connected, parked or in none.
    if (!MEDIA_STATES.has(state)) return `unknown media state ${JSON.stringify(state)}`;
    const ended = p.endTime !== undefined || ENDED.has(state as string);
    if (pid !== undefined && !ended) legs.set(userId, pid);
    startedAt = Math.min(startedAt, vt(p.startTime) ?? vt(p.connectedTime) ?? fallback);
    if (ended) endedAt = Math.max(endedAt, vt(p.endTime) ?? fallback);
    else live++;
  }
  if (!Number.isFinite(startedAt)) startedAt = fallback;
  const call: ColleagueCall = {
    id,
    kind: people.length === 2 ? 'direct' : 'team',
    participantIds: people,
    startedBy: people[0] as string,
    startedAt,
    // A call of one person is over: Genesys ends a 1:1 when either side leaves.
    ...(live < 2 && { endedAt: Math.max(Number.isFinite(endedAt) ? endedAt : fallback, startedAt) }),
  };
  return { call, legs };
}
