import { AUDIT_ACTIONS } from '../audit.js';
import {
  ACTIVITY_BUCKETS,
  CHECK_IN_PHASES,
  COACHING_SESSION_STATES,
  MONITORING_END_REASONS,
  CHANNELS,
  CHECK_IN_ANSWERS,
  DELIVERY_STATES,
  END_REASONS,
  HELP_STATES,
  INTERACTION_STATES,
  MONITORING_MODES,
  PRESENCE_STATES,
  type CheckIn,
} from '../model/types.js';
import { EVENT_TYPES } from './types.js';
import { policyChangesProblem } from '../policy/values.js';

/*
 * Adapters are written by integrators and fed by vendors; the store trusts nothing it has not
 * checked. Each check returns the first problem found as a path and a complaint, or null.
 * They run on every event, so they are plain typeof checks with no allocation on success.
 */

type Problem = string | null;
type Obj = Record<string, unknown>;

const presenceStates = new Set<string>(PRESENCE_STATES);
const channels = new Set<string>(CHANNELS);
const interactionStates = new Set<string>(INTERACTION_STATES);
const endReasons = new Set<string>(END_REASONS);
const monitoringModes = new Set<string>([...MONITORING_MODES, 'screen']);
const helpStates = new Set<string>(HELP_STATES);
const deliveryStates = new Set<string>(DELIVERY_STATES);
const checkInAnswers = new Set<string>(CHECK_IN_ANSWERS);
const eventTypes = new Set<string>(EVENT_TYPES);
const endReasonsMonitoring = new Set<string>(MONITORING_END_REASONS);
const checkInPhases = new Set<string>(CHECK_IN_PHASES);
/** The reasons of {@link CheckIn.lapsed}. */
const checkInLapses = new Set<string>(['window-passed', 'not-confirmed', 'time-limit'] satisfies readonly NonNullable<CheckIn['lapsed']>[]);
const coachingStates = new Set<string>(COACHING_SESSION_STATES);
const buckets = new Set<string>(ACTIVITY_BUCKETS);
const auditActions = new Set<string>(AUDIT_ACTIONS);
const auditOutcomes = new Set<string>(['requested', 'succeeded', 'failed', 'denied']);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isId(v: unknown): boolean {
  return typeof v === 'string' && v.length > 0;
}
/** A time in epoch ms: a finite number (`x - x` is NaN for NaN and the infinities). */
function isTime(v: unknown): boolean {
  return typeof v === 'number' && v - v === 0;
}
function optTime(v: unknown): boolean {
  return v === undefined || isTime(v);
}
function optId(v: unknown): boolean {
  return v === undefined || isId(v);
}
function optString(v: unknown): boolean {
  return v === undefined || typeof v === 'string';
}
/** A flag the object may be without. */
function optFlag(o: Obj, key: string, path: string): Problem {
  return o[key] === undefined || typeof o[key] === 'boolean' ? null : `${path}.${key} must be a boolean`;
}
function isIdList(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  // Indexed: a resync checks two lists per agent, and an iterator is an allocation each.
  for (let i = 0; i < v.length; i++) if (!isId(v[i])) return false;
  return true;
}

function checkPresence(p: unknown, path: string): Problem {
  if (!isObj(p)) return `${path} must be an object`;
  if (!presenceStates.has(p.state as string)) return `${path}.state must be one of ${PRESENCE_STATES.join(', ')}`;
  if (!isTime(p.since)) return `${path}.since must be a time in epoch ms`;
  if (p.reason !== undefined && (!isObj(p.reason) || !isId(p.reason.id) || typeof p.reason.label !== 'string')) {
    return `${path}.reason must be { id, label }`;
  }
  return null;
}

/** Checks an agent. */
export function checkAgent(a: unknown, path = 'agent'): Problem {
  if (!isObj(a)) return `${path} must be an object`;
  if (!isId(a.id)) return `${path}.id must be a non-empty string`;
  if (typeof a.name !== 'string') return `${path}.name must be a string`;
  if (!isIdList(a.teamIds)) return `${path}.teamIds must be a list of ids`;
  if (!isIdList(a.queueIds)) return `${path}.queueIds must be a list of ids`;
  // The first problem, in this order. The presence's path is built only for a complaint: a resync
  // checks thousands of agents.
  return (
    optFlag(a, 'notResponding', path) ??
    (a.activity === undefined ? null : checkActivity(a.activity, `${path}.activity`)) ??
    (checkPresence(a.presence, '') === null ? null : checkPresence(a.presence, `${path}.presence`))
  );
}

/**
 * Checks an interaction. The busiest check of a live floor (nine events in ten), so each field
 * is read once into a local, in the order of the complaints, and the enumerations are compared
 * directly rather than looked up.
 */
export function checkInteraction(i: unknown, path = 'interaction'): Problem {
  if (!isObj(i)) return `${path} must be an object`;
  const id = i.id;
  if (typeof id !== 'string' || id.length === 0) return `${path}.id must be a non-empty string`;
  const channel = i.channel;
  if (channel !== 'voice' && channel !== 'chat' && channel !== 'email' && !channels.has(channel as string)) return `${path}.channel must be one of ${CHANNELS.join(', ')}`;
  const direction = i.direction;
  if (direction !== 'inbound' && direction !== 'outbound') return `${path}.direction must be inbound or outbound`;
  const state = i.state;
  if (state !== 'connected' && state !== 'offered' && state !== 'wrap-up' && state !== 'ended' && !interactionStates.has(state as string)) return `${path}.state must be one of ${INTERACTION_STATES.join(', ')}`;
  const agentId = i.agentId;
  const queueId = i.queueId;
  if ((agentId !== undefined && !(typeof agentId === 'string' && agentId.length > 0)) || (queueId !== undefined && !(typeof queueId === 'string' && queueId.length > 0))) {
    return `${path}.agentId and queueId must be ids`;
  }
  if (agentId === undefined && state !== 'queued' && state !== 'ended') return `${path}.agentId is required in state ${String(state)}`;
  if (!isTime(i.createdAt)) return `${path}.createdAt must be a time in epoch ms`;
  const heldAt = i.heldAt;
  if (!optTime(i.offeredAt) || !optTime(i.connectedAt) || !optTime(heldAt) || !optTime(i.wrapUpAt) || !optTime(i.endedAt)) {
    return `${path} timestamps must be times in epoch ms`;
  }
  if (state === 'held' && heldAt === undefined) return `${path}.heldAt is required while held`;
  const holdMs = i.holdMs;
  if (holdMs !== undefined && !(isTime(holdMs) && (holdMs as number) >= 0)) return `${path}.holdMs must be a non-negative number`;
  const endReason = i.endReason;
  if (endReason !== undefined && !endReasons.has(endReason as string)) return `${path}.endReason is not a known reason`;
  const c = i.customer;
  if (c !== undefined) {
    if (!isObj(c)) return `${path}.customer fields must be strings`;
    const { name, phone, email } = c;
    if ((name !== undefined && typeof name !== 'string') || (phone !== undefined && typeof phone !== 'string') || (email !== undefined && typeof email !== 'string')) {
      return `${path}.customer fields must be strings`;
    }
  }
  const subject = i.subject;
  if (subject !== undefined && typeof subject !== 'string') return `${path}.subject must be a string`;
  return null;
}

function checkActivity(v: unknown, path: string): Problem {
  if (!isObj(v) || !buckets.has(v.bucket as string) || !isTime(v.since)) return `${path} must be { bucket: active | idle | away, since }`;
  return null;
}

function checkTeam(t: unknown, path = 'team'): Problem {
  if (!isObj(t)) return `${path} must be an object`;
  if (!isId(t.id) || typeof t.name !== 'string') return `${path} needs an id and a name`;
  if (!isIdList(t.supervisorIds)) return `${path}.supervisorIds must be a list of ids`;
  return null;
}

function checkStats(s: unknown, path: string): Problem {
  if (!isObj(s)) return `${path} must be an object`;
  for (const key of ['waiting', 'agentsAvailable', 'offered', 'answered', 'abandoned'] as const) {
    if (!(isTime(s[key]) && (s[key] as number) >= 0)) return `${path}.${key} must be a non-negative number`;
  }
  if (s.oldestWaitingSince !== null && !isTime(s.oldestWaitingSince)) return `${path}.oldestWaitingSince must be a time or null`;
  return null;
}

function checkQueue(q: unknown, path = 'queue'): Problem {
  if (!isObj(q)) return `${path} must be an object`;
  if (!isId(q.id) || typeof q.name !== 'string') return `${path} needs an id and a name`;
  if (!Array.isArray(q.channels) || !q.channels.every((c) => channels.has(c as string))) return `${path}.channels must list channels`;
  return checkStats(q.stats, `${path}.stats`);
}

function checkMonitoring(m: unknown, path = 'session'): Problem {
  if (!isObj(m)) return `${path} must be an object`;
  // A screen view of the agent as a whole (not of one interaction) names none.
  if (!isId(m.id) || !isId(m.supervisorId) || !isId(m.agentId) || !(m.mode === 'screen' ? optId : isId)(m.interactionId)) {
    return `${path} needs id, supervisorId, agentId and interactionId`;
  }
  if (!monitoringModes.has(m.mode as string)) return `${path}.mode must be listen, whisper, barge or screen`;
  if (!isTime(m.startedAt) || !optTime(m.endedAt) || !optTime(m.leaseExpiresAt)) return `${path} times must be epoch ms`;
  if (m.endReason !== undefined && !endReasonsMonitoring.has(m.endReason as string)) return `${path}.endReason is not a known reason`;
  // Readers take a truthy outlivesCall as a session its call did not end, and anything but false
  // as a supervisor they may name: a string there would list a Stop or show a stand-in's id.
  // Either boolean is taken, the other one as its absence.
  return optFlag(m, 'supervisorKnown', path) ?? optFlag(m, 'outlivesCall', path);
}

function checkHelp(h: unknown, path = 'request'): Problem {
  if (!isObj(h)) return `${path} must be an object`;
  if (!isId(h.id) || !isId(h.agentId) || typeof h.reason !== 'string') return `${path} needs id, agentId and reason`;
  if (!helpStates.has(h.state as string)) return `${path}.state is not a help state`;
  if (!isTime(h.raisedAt) || !optTime(h.acknowledgedAt) || !optTime(h.resolvedAt)) return `${path} times must be epoch ms`;
  if (!optId(h.interactionId) || !optId(h.acknowledgedBy) || !optId(h.assignedTo)) return `${path} ids must be non-empty strings`;
  if (!optTime(h.escalatedAt) || !(h.escalations === undefined || (isTime(h.escalations) && (h.escalations as number) >= 0))) {
    return `${path}.escalatedAt and escalations must be numbers`;
  }
  return optFlag(h, 'unseen', path);
}

/** Checks one canonical event. Returns the first problem, or null when it is valid. */
export function checkEvent(e: unknown): string | null {
  if (!isObj(e)) return 'event must be an object';
  const type = e.type;
  // The three types of nearly all live traffic are known without the lookup.
  if (type !== 'interaction' && type !== 'presence' && type !== 'queue-stats' && !eventTypes.has(type as string)) {
    return `event.type ${JSON.stringify(type)} is not a canonical event type`;
  }
  const id = e.id;
  if (typeof id !== 'string' || id.length === 0) return 'event.id must be a non-empty string';
  if (!isTime(e.at)) return 'event.at must be a time in epoch ms';
  const source = e.source;
  if (typeof source !== 'string' || source.length === 0) return 'event.source must be the adapter id';
  if (type === 'interaction') return checkInteraction(e.interaction, 'event.interaction');
  return checkOther(e);
}

/** {@link checkEvent} for every type but `interaction`, once the common fields are checked. */
function checkOther(e: Obj): string | null {
  switch (e.type) {
    case 'presence':
      if (!isId(e.agentId)) return 'event.agentId must be an id';
      return checkPresence(e.presence, 'event.presence');
    case 'agent':
      return checkAgent(e.agent, 'event.agent');
    case 'agent-removed':
      return isId(e.agentId) ? null : 'event.agentId must be an id';
    case 'not-responding':
      if (!isId(e.agentId)) return 'event.agentId must be an id';
      return typeof e.notResponding === 'boolean' ? null : 'event.notResponding must be a boolean';
    case 'team':
      return checkTeam(e.team, 'event.team');
    case 'queue':
      return checkQueue(e.queue, 'event.queue');
    case 'queue-stats':
      if (!isId(e.queueId)) return 'event.queueId must be an id';
      return checkStats(e.stats, 'event.stats');
    case 'monitoring':
      return checkMonitoring(e.session, 'event.session');
    case 'help-request':
      return checkHelp(e.request, 'event.request');
    case 'chat-message': {
      const m = e.message;
      if (!isObj(m) || !isId(m.id) || !isId(m.conversationId) || !isId(m.authorId)) {
        return 'event.message needs id, conversationId and authorId';
      }
      if (typeof m.body !== 'string' || !isTime(m.sentAt)) return 'event.message needs a string body and sentAt';
      if (m.readBy !== undefined && !isIdList(m.readBy)) return 'event.message.readBy must be a list of ids';
      return deliveryStates.has(m.delivery as string) ? null : 'event.message.delivery must be sent, delivered or read';
    }
    case 'coaching-note': {
      const n = e.note;
      if (!isObj(n) || !isId(n.id) || !isId(n.agentId) || !isId(n.authorId)) return 'event.note needs id, agentId and authorId';
      if (typeof n.body !== 'string' || !isTime(n.createdAt) || !optId(n.interactionId)) return 'event.note needs a body and createdAt';
      return optFlag(n, 'private', 'event.note');
    }
    case 'check-in': {
      const c = e.checkIn;
      if (!isObj(c) || !isId(c.id) || !isId(c.agentId) || !isId(c.supervisorId)) return 'event.checkIn needs id, agentId and supervisorId';
      if (
        !isTime(c.scheduledFor) ||
        !isTime(c.proposedAt) ||
        !isTime(c.noticeMs) ||
        !optTime(c.answeredAt) ||
        !optTime(c.counterFor) ||
        !optTime(c.counteredAt) ||
        !optTime(c.startedAt) ||
        !optTime(c.confirmedAt) ||
        !optTime(c.endedAt) ||
        !optTime(c.lapsesAt)
      ) {
        return 'event.checkIn times must be epoch ms';
      }
      if (c.phase !== undefined && !checkInPhases.has(c.phase as string)) return 'event.checkIn.phase is not a check-in phase';
      if (c.lapsed !== undefined && !checkInLapses.has(c.lapsed as string)) return 'event.checkIn.lapsed is not a known reason';
      if (!optId(c.cancelledBy)) return 'event.checkIn.cancelledBy must be an id';
      if (!optString(c.topic)) return 'event.checkIn.topic must be text';
      return checkInAnswers.has(c.answer as string) ? null : 'event.checkIn.answer must be pending, accepted or declined';
    }
    case 'chat-read':
      if (!isId(e.conversationId) || !isId(e.userId)) return 'event needs conversationId and userId';
      return isTime(e.upTo) ? null : 'event.upTo must be a time in epoch ms';
    case 'coaching-session': {
      const c = e.session;
      if (!isObj(c) || !isId(c.id) || !isId(c.agentId) || !isId(c.organiserId) || typeof c.topic !== 'string') {
        return 'event.session needs id, agentId, organiserId and topic';
      }
      if (!isTime(c.at) || !isTime(c.durationMs) || !isIdList(c.attendeeIds)) return 'event.session needs at, durationMs and attendeeIds';
      return coachingStates.has(c.state as string) ? null : 'event.session.state is not a coaching session state';
    }
    case 'colleague-call': {
      const c = e.call;
      if (!isObj(c) || !isId(c.id) || !isId(c.startedBy) || !isIdList(c.participantIds)) return 'event.call needs id, startedBy and participantIds';
      if (c.kind !== 'direct' && c.kind !== 'team') return 'event.call.kind must be direct or team';
      return isTime(c.startedAt) && optTime(c.endedAt) ? null : 'event.call times must be epoch ms';
    }
    case 'activity':
      if (!isId(e.agentId)) return 'event.agentId must be an id';
      return checkActivity(e.activity, 'event.activity');
    case 'audit': {
      const a = e.entry;
      if (!isObj(a) || !isId(a.id) || !isId(a.actor) || !isTime(a.at)) return 'event.entry needs id, actor and at';
      if (!auditActions.has(a.action as string) || !auditOutcomes.has(a.outcome as string)) return 'event.entry.action or outcome is not known';
      if (!isObj(a.target) || !Object.values(a.target).every((v) => typeof v === 'string')) return 'event.entry.target must map names to strings';
      return optId(a.subject) && optString(a.reason) ? null : 'event.entry.subject and reason must be strings';
    }
    case 'snapshot':
      return checkSnapshot(e);
    case 'policy': {
      if (!isId(e.changedBy)) return 'event.changedBy must be a user id';
      const problem = policyChangesProblem(e.changes);
      return problem === null ? null : `event.${problem}`;
    }
  }
  return null;
}

function checkList(list: unknown, path: string, check: (item: unknown, path: string) => Problem): Problem {
  if (list === undefined) return null;
  if (!Array.isArray(list)) return `${path} must be a list`;
  for (let i = 0; i < list.length; i++) {
    // The item's own path is built only for a complaint: a resync checks thousands of items.
    const problem = check(list[i], path);
    if (problem !== null) return check(list[i], `${path}[${i}]`) ?? problem;
  }
  return null;
}

function checkSnapshot(e: Obj): Problem {
  const scope = e.scope;
  if (!isObj(scope)) return 'event.scope must be an object';
  if (scope.kind !== 'all' && !((scope.kind === 'team' || scope.kind === 'queue' || scope.kind === 'agent') && isId(scope.id))) {
    return 'event.scope must be { kind: "all" } or { kind: "team" | "queue" | "agent", id }';
  }
  return (
    checkList(e.teams, 'event.teams', checkTeam) ??
    checkList(e.agents, 'event.agents', checkAgent) ??
    checkList(e.queues, 'event.queues', checkQueue) ??
    checkList(e.interactions, 'event.interactions', checkInteraction) ??
    checkList(e.monitoring, 'event.monitoring', checkMonitoring) ??
    checkList(e.helpRequests, 'event.helpRequests', checkHelp) ??
    checkList(e.presenceDefinitions, 'event.presenceDefinitions', (d, path) =>
      isObj(d) && presenceStates.has(d.state as string) && Array.isArray(d.reasons) ? null : `${path} must be { state, reasons }`,
    ) ??
    checkSnapshotPolicy(e.policy)
  );
}

/** A snapshot's policy may be empty (nothing changed at run time) or a valid change. */
function checkSnapshotPolicy(policy: unknown): Problem {
  if (policy === undefined || (isObj(policy) && Object.keys(policy).length === 0)) return null;
  const problem = policyChangesProblem(policy);
  return problem === null ? null : `event.policy: ${problem}`;
}
