import { ErrorCode, FloorwalkError, isFloorwalkError, type AdapterSink, type Clock, type CoachingSession, type CoachingSessionState } from '@floorwalk/core';
import type { Rest } from './rest.js';

/*
 * Coaching appointment notifications (`v2.users.{id}.wem.coaching.notification`), loaded with the
 * first one: appointments change seldom, and a page may never hear one. Appointments read at a
 * snapshot are mapped up front (coaching.ts); this reads what a notification says and, where it
 * does not say enough, reads the appointment again.
 */

/** Notification `actionType` values. */
const APPOINTMENT_ACTIONS = ['Create', 'Update', 'Delete', 'StatusChange'] as const;

/** What a coaching notification says about one appointment. */
interface AppointmentNotice {
  readonly appointmentId: string;
  readonly action: (typeof APPOINTMENT_ACTIONS)[number];
  /** Fields the notification carries, to merge into a held session. */
  readonly patch: Partial<Pick<CoachingSession, 'topic' | 'at' | 'durationMs' | 'state'>>;
}

/** What the adapter lends this part, so it imports nothing the adapter loads up front. */
export interface NoticeHost {
  readonly id: string;
  readonly clock: Clock;
  readonly rest: Rest;
  /** Coaching appointments held, by id. */
  readonly sessions: Map<string, CoachingSession>;
  generation(): number;
  sink(): AdapterSink | null;
  report(error: FloorwalkError): void;
  malformed(message: string, details?: Record<string, unknown>): void;
  /** Whether a session concerns someone the adapter follows appointments for. */
  concerns(c: CoachingSession): boolean;
  mapAppointment(raw: unknown, vt: (v: unknown) => number | undefined): CoachingSession | string;
  appointmentState(status: unknown): CoachingSessionState | undefined;
  isObj(v: unknown): v is Record<string, unknown>;
  str(v: unknown): string | undefined;
  time(v: unknown): number | undefined;
}

/**
 * Returns what applies one coaching notification of one adapter: `base` is its event id stem,
 * `at` when it was heard, `gen` the connection that heard it.
 */
export function createNoticeReader(h: NoticeHost): (base: string, at: number, body: unknown, topicName: string, gen: number) => void {
  const { isObj, str, time, appointmentState } = h;
  const ref = (v: unknown): string | undefined => (isObj(v) ? str(v.id) : undefined);
  /** Appointments being read after a notification about one not held, so two reads do not race. */
  const reading = new Map<string, Promise<void>>();
  /** Appointments with a read queued but not started: one more notification adds nothing. */
  const queued = new Set<string>();

  /** Body of `v2.users.{id}.wem.coaching.notification`. */
  function readAppointmentNotice(raw: unknown): AppointmentNotice | string {
    if (!isObj(raw)) return 'the coaching notification is not an object';
    const appointmentId = ref(raw.appointment);
    if (appointmentId === undefined) return 'the coaching notification names no appointment';
    const action = raw.actionType;
    if (!(APPOINTMENT_ACTIONS as readonly unknown[]).includes(action)) return `unknown coaching actionType ${JSON.stringify(action)}`;
    const patch: { topic?: string; at?: number; durationMs?: number; state?: CoachingSessionState } = {};
    if (raw.status !== undefined) {
      const state = appointmentState(raw.status);
      if (state === undefined) return `unknown appointment status ${JSON.stringify(raw.status)}`;
      patch.state = state;
    }
    if (raw.dateStart !== undefined) {
      const at = time(raw.dateStart);
      if (at === undefined) return 'the coaching notification dateStart is not a time';
      patch.at = at;
    }
    if (raw.lengthInMinutes !== undefined) {
      if (typeof raw.lengthInMinutes !== 'number' || !(raw.lengthInMinutes > 0)) return 'the coaching notification lengthInMinutes is not a positive number';
      patch.durationMs = raw.lengthInMinutes * 60_000;
    }
    if (typeof raw.name === 'string') patch.topic = raw.name;
    return { appointmentId, action: action as AppointmentNotice['action'], patch };
  }

  /** Reads one appointment a notification named, then reports it; reads of one id run in turn. */
  const refreshAppointment = (aid: string, eventId: string, gen: number): void => {
    // A supervisor hears one notification per person on the appointment: one read will do.
    if (queued.has(aid)) return;
    queued.add(aid);
    const run = async (): Promise<void> => {
      queued.delete(aid);
      let c: CoachingSession | string;
      try {
        c = h.mapAppointment(await h.rest.request<unknown>('GET', `/api/v2/coaching/appointments/${encodeURIComponent(aid)}`), time);
      } catch (err) {
        if (gen !== h.generation()) return;
        const held = h.sessions.get(aid);
        if (isFloorwalkError(err) && err.code === ErrorCode.UnknownEntity) {
          if (held === undefined) return;
          h.sessions.delete(aid);
          h.sink()?.events([{ type: 'coaching-session', id: eventId, at: h.clock.now(), source: h.id, session: { ...held, state: 'cancelled' } }]);
          return;
        }
        h.report(isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.VendorError, `Genesys: reading appointment ${aid} failed.`, { cause: err }));
        return;
      }
      if (gen !== h.generation()) return;
      if (typeof c === 'string') return h.malformed(c, { appointmentId: aid });
      if (!h.concerns(c)) return;
      if (c.state === 'scheduled') h.sessions.set(aid, c);
      else h.sessions.delete(aid);
      h.sink()?.events([{ type: 'coaching-session', id: eventId, at: h.clock.now(), source: h.id, session: c }]);
    };
    const next = (reading.get(aid) ?? Promise.resolve()).then(run);
    reading.set(aid, next);
    void next.finally(() => {
      if (reading.get(aid) === next) reading.delete(aid);
    });
  };

  return (base, at, body, topicName, gen) => {
    const notice = readAppointmentNotice(body);
    if (typeof notice === 'string') return h.malformed(`${notice} (topic ${topicName})`, { topic: topicName });
    const held = h.sessions.get(notice.appointmentId);
    if (notice.action === 'Delete') {
      if (held === undefined) return;
      h.sessions.delete(held.id);
      h.sink()?.events([{ type: 'coaching-session', id: `${base}:c`, at, source: h.id, session: { ...held, state: 'cancelled' } }]);
    } else if (held !== undefined && notice.action === 'StatusChange') {
      const session = { ...held, ...notice.patch };
      if (session.state === 'scheduled') h.sessions.set(held.id, session);
      else h.sessions.delete(held.id);
      h.sink()?.events([{ type: 'coaching-session', id: `${base}:c`, at, source: h.id, session }]);
    } else {
      // A new appointment, or one whose attendees may have changed: the notification does
      // not carry them, so the appointment itself is read.
      refreshAppointment(notice.appointmentId, `${base}:c`, gen);
    }
  };
}
