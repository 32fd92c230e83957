import type { Channel, Direction, EndReason, Interaction, InteractionState, PresenceState } from '@floorwalk/core';

/*
 * Pure mapping from TaskRouter / Sync / event-callback shapes to a small normalised form the
 * adapter's state machine works on. Every parser returns either the normalised value or a
 * string naming what was wrong, so bad vendor input becomes a typed error, never a throw.
 */

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** `map[key]` for the map's own keys only: a vendor or host string (`constructor`, `toString`) never reads Object.prototype. */
export const own = <T>(map: Readonly<Record<string, T>>, key: unknown): T | undefined => (typeof key === 'string' && Object.hasOwn(map, key) ? map[key] : undefined);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * A vendor time as epoch ms. The Worker SDK gives `Date`s, Sync items ISO strings, callbacks
 * `TimestampMs` strings and REST RFC 2822 dates; TaskRouter wire numbers below 1e12 are seconds.
 */
export function time(v: unknown): number | undefined {
  if (v instanceof Date) v = v.getTime();
  else if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)) v = Number(v);
  else if (typeof v === 'string') v = Date.parse(v);
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return undefined;
  return v < 1e12 ? Math.round(v * 1000) : v;
}

/** JSON attributes: callbacks carry them as strings, Sync and the SDK as objects. */
export function attrs(v: unknown): Obj | undefined {
  if (v === undefined || v === null || v === '') return {};
  if (isObj(v)) return v;
  if (typeof v !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return isObj(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Presence for TaskRouter's default activities and the names Flex workspaces commonly add. */
export const DEFAULT_ACTIVITY_STATES: Readonly<Record<string, PresenceState>> = {
  available: 'available',
  offline: 'offline',
  unavailable: 'away',
  away: 'away',
  break: 'break',
  lunch: 'meal',
  meal: 'meal',
  meeting: 'meeting',
  training: 'training',
  busy: 'busy',
};

/** Reservation statuses in lifecycle order; everything from `completed` on ends the interaction. */
const RANK: Readonly<Record<string, number>> = {
  pending: 1,
  accepted: 2,
  wrapping: 3,
  completed: 4,
  rejected: 4,
  timeout: 4,
  canceled: 4,
  rescinded: 4,
  gone: 4,
};

/** The reservation statuses the adapter understands (`wrapup`, the event name, is read as `wrapping`). */
export type ReservationStatus = 'pending' | 'accepted' | 'wrapping' | 'completed' | 'rejected' | 'timeout' | 'canceled' | 'rescinded' | 'gone';

/**
 * `task` is the task's own status where the report has it: a reservation canceled while its task
 * lives on (a transfer its sender called off) lost no customer, so it ends like a rescinded one.
 */
export function reservationStatus(v: unknown, task?: unknown): ReservationStatus | undefined {
  const s = v === 'wrapup' ? 'wrapping' : v === 'created' ? 'pending' : v === 'canceled' && task && task !== 'canceled' ? 'rescinded' : v;
  return own(RANK, s) ? (s as ReservationStatus) : undefined;
}

export const rank = (s: ReservationStatus): number => RANK[s] as number;

/** The interaction state at each {@link rank}: a reservation at rank 4 (completed or after) has ended. */
const STATE: readonly InteractionState[] = ['offered', 'connected', 'wrap-up', 'ended'];

// Rescinded (another worker took the task) and gone (ended while we were away) have no reason.
const END: Partial<Record<ReservationStatus, EndReason>> = {
  completed: 'completed',
  rejected: 'rejected',
  timeout: 'missed',
  canceled: 'abandoned',
};

const CHANNEL: Readonly<Record<string, Channel>> = {
  voice: 'voice',
  chat: 'chat',
  web: 'chat',
  email: 'email',
  sms: 'message',
  whatsapp: 'message',
  messenger: 'message',
  gbm: 'message',
  video: 'video',
};

/** Flex reads `attributes.channelType` before the task channel's unique name; so do we. */
const channelNamed = (name: unknown): Channel | undefined => own(CHANNEL, name);
export const channelOf = (unique: unknown, a: Obj): Channel => channelNamed(a.channelType ?? unique) ?? channelNamed(unique) ?? 'task';

/** A reservation in normalised form, whichever source reported it. */
export interface Res {
  readonly sid: string;
  readonly taskSid: string;
  readonly workerSid: string;
  readonly status: ReservationStatus;
  /** When this status took effect, vendor time. */
  readonly at: number;
  readonly createdAt: number;
  readonly offeredAt?: number;
  readonly channel: Channel;
  readonly queueSid?: string;
  readonly queueName?: string;
  readonly attrs: Obj;
  /** Why it ended, where the source says more than its status (a leg the agent transferred). */
  readonly end?: EndReason;
}

/** The interaction a reservation status gives, carrying timestamps over from the last one. */
export function toInteraction(r: Res, prev: Interaction | undefined, queueId: string | undefined): Interaction {
  const a = r.attrs;
  const state = STATE[rank(r.status) - 1] as InteractionState;
  const from = str(a.from);
  const email = str(a.email) ?? (from?.includes('@') ? from : undefined);
  const phone = from !== undefined && /^\+?\d{6,}$/.test(from) ? from : undefined;
  const name = str(a.name) ?? str(a.customerName);
  const connectedAt = prev?.connectedAt ?? (r.status === 'accepted' || r.status === 'wrapping' ? r.at : undefined);
  const wrapUpAt = prev?.wrapUpAt ?? (r.status === 'wrapping' ? r.at : undefined);
  const endReason = r.end ?? END[r.status] ?? (r.status === 'gone' && connectedAt !== undefined ? 'completed' : undefined);
  const i: Interaction = {
    id: r.sid,
    channel: r.channel,
    direction: (a.direction === 'outbound' ? 'outbound' : 'inbound') satisfies Direction,
    state,
    agentId: r.workerSid,
    createdAt: Math.min(r.createdAt, r.offeredAt ?? r.createdAt),
    offeredAt: prev?.offeredAt ?? r.offeredAt ?? r.at,
    ...(queueId !== undefined && { queueId }),
    ...(connectedAt !== undefined && { connectedAt }),
    ...(wrapUpAt !== undefined && { wrapUpAt }),
    ...(state === 'ended' && { endedAt: r.at }),
    ...(endReason !== undefined && { endReason }),
    ...((name ?? phone ?? email) !== undefined && {
      customer: { ...(name && { name }), ...(phone && { phone }), ...(email && { email }) },
    }),
    ...(str(a.subject) !== undefined && { subject: a.subject as string }),
  };
  return i;
}

/** A worker in normalised form. `activitySid`/`activityName`/`since` are absent when unknown. */
export interface Wk {
  readonly sid: string;
  readonly name?: string;
  readonly teamIds?: readonly string[];
  /** `[attributes.team_name]` from a report that cannot carry `team_sid` (the Worker SDK, a callback): weaker than a Sync item's `teamIds`. */
  readonly teamHint?: readonly string[];
  /** `attributes.team_name` of a Sync item: the Flex/Insights name of its team (team.ts names teams from it). */
  readonly teamName?: string;
  readonly queueIds?: readonly string[];
  readonly avatarUrl?: string;
  readonly activitySid?: string;
  readonly activityName?: string;
  readonly since?: number;
  readonly updated?: number;
}

/**
 * Name, teams and avatar from a worker's attributes (Flex conventions). `teamSid` is a Sync item's
 * `team_sid` (null when it has none); a report without that field (undefined) gives only a `teamHint`.
 */
export function details(a: Obj, friendly: unknown, teamSid?: unknown): Pick<Wk, 'name' | 'teamIds' | 'teamHint' | 'avatarUrl'> {
  const team = str(teamSid) ?? str(a.team_name);
  const name = str(a.full_name) ?? str(friendly);
  return {
    ...(name !== undefined && { name }),
    [teamSid === undefined ? 'teamHint' : 'teamIds']: team === undefined ? [] : [team],
    ...(str(a.image_url) !== undefined && { avatarUrl: a.image_url as string }),
  };
}

/**
 * A copy as plain JSON data, which Sync items and callback bodies are: no getter, proxy or cycle
 * is left to throw later. Undefined when the value cannot be written as JSON.
 */
export function plain(v: unknown): unknown {
  try {
    const text = JSON.stringify(v);
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What one event callback carries, once parsed. */
export type Callback =
  | { readonly kind: 'worker'; readonly worker: Wk; readonly activity: boolean }
  | { readonly kind: 'removed'; readonly sid: string; readonly at: number }
  | { readonly kind: 'reservation'; readonly res: Res; readonly worker: Wk }
  | { readonly kind: 'ignored' };

/** A TaskRouter event callback body, already turned into an object of strings. */
export function callback(p: Obj): Callback | string {
  const type = str(p.EventType);
  if (type === undefined) return 'event callback has no EventType';
  const at = time(p.TimestampMs) ?? time(p.Timestamp);
  const isWorker = type.startsWith('worker.');
  const isRes = type.startsWith('reservation.');
  if (!isWorker && !isRes) return { kind: 'ignored' };
  const sid = str(p.WorkerSid);
  if (at === undefined) return `${type}: Timestamp/TimestampMs is not a time`;
  if (sid === undefined) return `${type}: WorkerSid is missing`;
  if (type === 'worker.deleted') return { kind: 'removed', sid, at };
  const wa = attrs(p.WorkerAttributes);
  if (wa === undefined) return `${type}: WorkerAttributes is not JSON`;
  const activity = type === 'worker.activity.update';
  if (activity && str(p.WorkerActivityName) === undefined) return `${type}: WorkerActivityName is missing`;
  const worker: Wk = {
    sid,
    ...(p.WorkerAttributes !== undefined && details(wa, p.WorkerName)),
    ...(str(p.WorkerActivityName) !== undefined && { activityName: p.WorkerActivityName as string }),
    ...(str(p.WorkerActivitySid) !== undefined && { activitySid: p.WorkerActivitySid as string }),
    since: at,
    updated: at,
  };
  if (isWorker) return { kind: 'worker', worker, activity };
  const status = reservationStatus(type.slice(12), p.TaskAssignmentStatus);
  if (status === undefined) return type === 'reservation.failed' ? { kind: 'ignored' } : `${type}: unknown reservation event`;
  const ta = attrs(p.TaskAttributes);
  if (!str(p.ReservationSid) || !str(p.TaskSid)) return `${type}: ReservationSid and TaskSid are required`;
  if (ta === undefined) return `${type}: TaskAttributes is not JSON`;
  return {
    kind: 'reservation',
    worker,
    res: {
      sid: p.ReservationSid as string,
      taskSid: p.TaskSid as string,
      workerSid: sid,
      status,
      at,
      createdAt: time(p.TaskDateCreated) ?? at,
      ...(status === 'pending' && { offeredAt: at }),
      channel: channelOf(p.TaskChannelUniqueName, ta),
      ...(str(p.TaskQueueSid) !== undefined && { queueSid: p.TaskQueueSid as string }),
      ...(str(p.TaskQueueName) !== undefined && { queueName: p.TaskQueueName as string }),
      attrs: ta,
    },
  };
}
