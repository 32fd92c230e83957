import { checkCommand, ErrorCode, FloorwalkError, type AdapterCapabilities, type CoachingNote, type CoachingSession, type CommandEnvelope, type MonitoringMode, type ReasonCode, type RevealRequest } from '@floorwalk/core';
import type { Call, CheckInRecord, ContactCentre, SimAgent } from './model.js';
import { answerCheckIn, closeCheckIn, confirmCheckIn, counterCheckIn, proposeCheckIn, respondToCounter, startCheckIn } from './check-ins.js';
import { setPolicy } from './policy.js';
import { auxReason } from './roster.js';

// Loaded with the commands, so the catch-up after a reconnect costs the entry nothing.
export { restate } from './catch-up.js';

/*
 * The simulated platform's command API: it checks a command against the centre as a vendor's
 * API would (4xx-style, thrown as FloorwalkError) and, when accepted, schedules its effect one
 * latency later, where it lands as events. Effects re-check what may have changed meanwhile
 * (an interaction ended, someone else answered first) and then do nothing, as a platform would.
 * Capabilities are checked by the caller before this runs.
 */

function invalid(message: string, field: string, value: unknown): never {
  throw new FloorwalkError(ErrorCode.InvalidArgument, message, { details: { field, value } });
}

function requireId(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) invalid(`${field} must be a non-empty string.`, field, value);
}

function future(centre: ContactCentre, at: number, field: string): void {
  if (at <= centre.now) invalid(`${field} must be in the future of simulated time.`, field, at);
}

function knownPeople(centre: ContactCentre, ids: readonly string[]): void {
  for (const id of ids) if (!centre.knowsPerson(id)) throw unknownEntity('person', id);
}

function knownAgent(centre: ContactCentre, agentId: string): SimAgent {
  const agent = centre.agent(agentId);
  if (agent === undefined) throw new FloorwalkError(ErrorCode.UnknownAgent, `No agent ${agentId} in the simulated centre.`, { details: { agentId } });
  return agent;
}

function unknownInteraction(interactionId: string, agentId: string): FloorwalkError {
  return new FloorwalkError(ErrorCode.UnknownInteraction, `Interaction ${interactionId} is not a live interaction of agent ${agentId}.`, {
    details: { interactionId, agentId },
  });
}

/** A live interaction the agent is handling (offered to them or beyond). */
function agentsCall(centre: ContactCentre, interactionId: string, agent: SimAgent): Call {
  const call = centre.call(interactionId);
  if (call === undefined || call.agent !== agent) throw unknownInteraction(interactionId, agent.id);
  return call;
}

/**
 * As the real platforms: a mode is for the channels the capabilities name (voice when none), and
 * anything else is refused before a session starts, as Twilio refuses a chat (no conference to join).
 */
function monitorsOn(channels: AdapterCapabilities['monitoringChannels'], mode: MonitoringMode, call: Call): void {
  const on = channels?.[mode] ?? ['voice'];
  if (on.includes(call.channel)) return;
  throw new FloorwalkError(ErrorCode.Unsupported, `The simulated platform offers ${mode} monitoring on ${on.join(' and ')} interactions only; ${call.id} is ${call.channel}.`, {
    details: { interactionId: call.id, channel: call.channel, mode },
  });
}

function unknownEntity(kind: string, id: string): FloorwalkError {
  return new FloorwalkError(ErrorCode.UnknownEntity, `No ${kind} ${id} in the simulated centre.`, { details: { id } });
}

function conflict(message: string, details: Record<string, unknown>): FloorwalkError {
  return new FloorwalkError(ErrorCode.Conflict, message, { details });
}

function forbidden(message: string): FloorwalkError {
  return new FloorwalkError(ErrorCode.Forbidden, message);
}

/**
 * As the backplane's rule, and a platform's: a person the simulator lists (an agent, a team's
 * supervisor) acts over an agent only as a supervisor of the agent's team; someone it lists
 * nowhere (an admin, QA, a console supervisor) comes on the word of their client's policy.
 */
function over(centre: ContactCentre, by: string, agent: SimAgent, what: string): void {
  if (centre.knowsPerson(by) && !agent.team.supervisorIds.includes(by)) {
    throw new FloorwalkError(ErrorCode.OutOfScope, `${by} does not supervise agent ${agent.id}: ${what}.`, { details: { agentId: agent.id } });
  }
}

/** The default join window of a check-in, when the command carries none. */
const CHECK_IN_WINDOW_MS = 10 * 60_000;
/** How long a started check-in waits for the agent to join, and the longest a live one runs (the backplane's defaults). */
const CHECK_IN_CONFIRM_MS = 2 * 60_000;
const CHECK_IN_LIVE_MS = 60 * 60_000;

/**
 * When a check-in lapses unless someone moves it on first, as on the backplane: the end of its
 * window, or of the agent's counter-proposal's (scheduled; the tenant's window as set at run time,
 * else the default), the agent's time to join (starting), the longest it runs (live).
 */
function lapseTime(centre: ContactCentre, c: CheckInRecord): number | undefined {
  if (c.phase === 'scheduled') return Math.max(c.scheduledFor, c.counterFor ?? 0) + (centre.tenantPolicy.checkInWindowMs ?? CHECK_IN_WINDOW_MS);
  if (c.phase === 'starting') return (c.startedAt as number) + CHECK_IN_CONFIRM_MS;
  return c.phase === 'live' ? (c.confirmedAt as number) + CHECK_IN_LIVE_MS : undefined;
}

/** The time each check-in's one lapse timer is set for. */
const watching = new WeakMap<CheckInRecord, number>();

/**
 * Closes a check-in nobody closes when its time comes, audited as the simulator's own act.
 * Called where its time may have moved earlier (proposed, started, the agent's time taken); where
 * it moved later (countered, confirmed), the timer looks again when it fires.
 */
function watch(centre: ContactCentre, c: CheckInRecord): void {
  const at = lapseTime(centre, c);
  if (at === undefined || watching.get(c) === at) return;
  watching.set(c, at);
  centre.later(at - centre.now, () => {
    if (watching.get(c) !== at) return;
    watching.delete(c);
    const due = lapseTime(centre, c);
    if (due === undefined) return;
    if (due > centre.now) return watch(centre, c);
    const end = c.phase !== 'scheduled';
    c.lapsed = end ? (c.phase === 'live' ? 'time-limit' : 'not-confirmed') : 'window-passed';
    closeCheckIn(centre, c, 'simulator', end);
  });
}

function knownCheckIn(centre: ContactCentre, id: string): CheckInRecord {
  const checkIn = centre.checkIn(id);
  if (checkIn === undefined) throw unknownEntity('check-in', id);
  return checkIn;
}

function checkInConflict(checkIn: CheckInRecord, what: string): FloorwalkError {
  return conflict(`Cannot ${what} check-in ${checkIn.id}: it is ${checkIn.phase ?? 'scheduled'} (${checkIn.answer}).`, {
    checkInId: checkIn.id,
    phase: checkIn.phase,
    answer: checkIn.answer,
  });
}

/**
 * As the backplane rules: a team's channel is its members' and supervisors', a 1:1 its two
 * people's; someone the platform lists nowhere (an admin) comes on their client's word.
 */
function conversationOf(centre: ContactCentre, conversationId: string, by: string): void {
  const team = conversationId.startsWith('team:') ? centre.team(conversationId.slice(5)) : null;
  if (team === undefined) throw unknownEntity('team', conversationId.slice(5));
  const member = team === null ? conversationId.slice(3).split(':').includes(by) : !centre.knowsPerson(by) || centre.agent(by)?.team === team || team.supervisorIds.includes(by);
  if (!member) throw forbidden(`${by} is not in conversation ${conversationId}.`);
}

/** Answers a permitted reveal: the simulator holds its customers in clear (live calls only). */
export function reveal(centre: ContactCentre, id: string, request: RevealRequest): string | undefined {
  const call = centre.call(request?.interactionId);
  if (call === undefined) {
    throw new FloorwalkError(ErrorCode.UnknownInteraction, `Simulator ${id} has no live interaction ${String(request?.interactionId)}.`);
  }
  return request.field === 'subject' ? call.subject : call.customer[request.field];
}

/**
 * Checks a command and schedules its effect `latencyMs` later. Throws a FloorwalkError when it is
 * refused; or, when the platform was told to slow down (`ContactCentre.slowDown`, a test's fault),
 * throws `RateLimited` with its Retry-After for the first command it would carry, and carries
 * nothing of it: refusals come first, as the hook's own doc says.
 */
export function runCommand(centre: ContactCentre, command: CommandEnvelope, latencyMs: number, channels?: AdapterCapabilities['monitoringChannels']): void {
  const effect = accept(centre, command, latencyMs, channels);
  const retryAfterMs = centre.slowDown;
  if (retryAfterMs !== undefined) {
    centre.slowDown = undefined;
    throw new FloorwalkError(ErrorCode.RateLimited, `The simulated platform says slow down: try again in ${retryAfterMs} ms.`, { details: { retryAfterMs } });
  }
  effect();
}

/**
 * Checks a command against the centre as a vendor's API would, and returns its effect: every
 * change the command makes is in it, so a command refused here (or rate-limited after) changes
 * nothing. `runCommand` runs it at once, in the same turn.
 */
function accept(centre: ContactCentre, command: CommandEnvelope, latencyMs: number, channels: AdapterCapabilities['monitoringChannels']): () => void {
  // Argument shapes are the core's rules; what follows checks them against the centre.
  checkCommand(command);
  const by = command.issuedBy;
  requireId(by, 'issuedBy');
  const only = (who: string, what: string): void => {
    if (by !== who) throw forbidden(`Only ${who} ${what}.`);
  };
  switch (command.type) {
    case 'set-presence': {
      const state = command.state;
      const agent = knownAgent(centre, command.agentId);
      if (by !== agent.id) over(centre, by, agent, "presence is theirs and their teams' supervisors'");
      let reason: ReasonCode | undefined;
      if (command.reason !== undefined) {
        const id: unknown = (command.reason as { id?: unknown } | null)?.id;
        reason = typeof id === 'string' ? auxReason(state, id)?.reason : undefined;
        if (reason === undefined) invalid(`The tenant has no reason code ${String(id)} for ${state}.`, 'reason', command.reason);
      }
      return () => centre.later(latencyMs, () => {
        const now = agent.presence;
        if (now.state !== state || now.reason?.id !== reason?.id) centre.setPresence(agent, state, reason);
      });
    }
    case 'start-monitoring': {
      const agent = knownAgent(centre, command.agentId);
      over(centre, by, agent, "monitoring is for their teams' supervisors");
      const call = agentsCall(centre, command.interactionId, agent);
      if (call.state !== 'connected' && call.state !== 'held') {
        throw conflict(`Interaction ${call.id} is ${call.state}; only a connected or held interaction can be monitored.`, { interactionId: call.id, state: call.state });
      }
      monitorsOn(channels, command.mode, call);
      const existing = centre.activeMonitor(call, by);
      if (existing !== undefined) {
        throw conflict(`${by} is already monitoring interaction ${call.id} (session ${existing.id}); change its mode instead.`, { sessionId: existing.id });
      }
      const { mode, leaseMs } = command;
      return () => {
        const session = centre.openMonitor(call, by, mode, leaseMs);
        centre.later(latencyMs, () => centre.startMonitor(session));
      };
    }
    case 'change-monitoring-mode':
    case 'stop-monitoring':
    case 'renew-monitoring': {
      const session = centre.monitor(command.sessionId);
      if (session === undefined || session.endedAt !== undefined || session.stopping) throw unknownEntity('active monitoring session', command.sessionId);
      const agent = session.agent;
      // As the client's policy: a session is its own supervisor's to renew, switch or stop.
      only(session.supervisorId, `controls monitoring session ${session.id}`);
      if (command.type === 'renew-monitoring') {
        // As the backplane: a listen or whisper on an agent no longer theirs lapses; a barge keeps the customer's party.
        if (session.mode !== 'barge') over(centre, by, agent, 'the session can be stopped, not renewed');
        // A renewal takes effect at once: it must not lose the race with the lease it extends.
        return () => centre.renewMonitor(session);
      }
      if (command.type === 'stop-monitoring') {
        return () => {
          session.stopping = true;
          centre.later(latencyMs, () => centre.stopMonitor(session));
        };
      }
      over(centre, by, agent, 'the session can be stopped, not changed');
      const mode = command.mode;
      monitorsOn(channels, mode, session.call);
      return () => centre.later(latencyMs, () => centre.changeMonitor(session, mode));
    }
    case 'raise-hand': {
      // As the client's policy and the backplane: asking for help is the agent's own act. Refused
      // before the lookup, so someone else learns nothing of which agent ids exist.
      only(command.agentId, 'raises their own hand');
      const agent = knownAgent(centre, command.agentId);
      const interactionId = command.interactionId;
      if (interactionId !== undefined) agentsCall(centre, interactionId, agent);
      if (agent.help !== null) throw conflict(`Agent ${agent.id} already has help request ${agent.help.id} open.`, { requestId: agent.help.id });
      const { reason, escalateAfterMs, key } = command;
      return () => {
        const request = centre.openHelp(agent, reason, interactionId, escalateAfterMs);
        request.key = key;
        centre.later(latencyMs, () => centre.announceHelp(request));
      };
    }
    case 'acknowledge-help':
    case 'resolve-help': {
      const request = centre.helpRequest(command.requestId);
      if (request === undefined) throw unknownEntity('help request', command.requestId);
      if (command.type === 'acknowledge-help') {
        const taker = request.claimedBy ?? request.acknowledgedBy;
        if (request.state !== 'open' || taker !== undefined) {
          throw conflict(`Help request ${request.id} is already ${request.state === 'open' ? 'being taken' : request.state}${taker === undefined ? '' : ` by ${taker}`}.`, {
            state: request.state,
            ...(taker === undefined ? {} : { acknowledgedBy: taker }),
          });
        }
        over(centre, by, request.agent, "only their teams' supervisors answer it");
        return () => {
          // Claimed now, so a second supervisor within the latency is refused rather than ignored.
          request.claimedBy = by;
          centre.later(latencyMs, () => {
            if (request.state === 'open') centre.acknowledgeHelp(request, by, true);
          });
        };
      }
      if (request.state !== 'open' && request.state !== 'acknowledged') {
        throw conflict(`Help request ${request.id} is already ${request.state}.`, { state: request.state });
      }
      // The agent withdraws their own; anyone else answers for the agent's team.
      if (by !== request.agent.id) over(centre, by, request.agent, "only their teams' supervisors answer it");
      return () => centre.later(latencyMs, () => {
        if (request.state === 'open' || request.state === 'acknowledged') centre.closeHelp(request, by);
      });
    }
    case 'send-message': {
      const conversationId = command.conversationId;
      conversationOf(centre, conversationId, by);
      const body = command.body;
      const key = command.key;
      return () => centre.later(latencyMs, () => centre.sendMessage(conversationId, by, body, key));
    }
    case 'add-coaching-note': {
      const agent = knownAgent(centre, command.agentId);
      over(centre, by, agent, "notes are for their teams' supervisors");
      const interactionId = command.interactionId;
      // A note usually follows the interaction, so recently ended ones count too.
      if (interactionId !== undefined && centre.call(interactionId)?.agent !== agent && centre.endedCallAgent(interactionId) !== agent.id) {
        throw unknownInteraction(interactionId, agent.id);
      }
      const body = command.body;
      const isPrivate = command.private === true;
      return () => centre.later(latencyMs, () => {
        const note: CoachingNote = {
          id: `note-${++centre.count.note}`,
          agentId: agent.id,
          authorId: by,
          body,
          createdAt: centre.now,
          ...(interactionId === undefined ? {} : { interactionId }),
          ...(isPrivate ? { private: true } : {}),
        };
        centre.notes.set(note.id, centre.stamp(note));
        centre.emit?.({ type: 'coaching-note', note });
      });
    }
    case 'propose-check-in': {
      const scheduledFor = command.scheduledFor;
      const agent = knownAgent(centre, command.agentId);
      over(centre, by, agent, "check-ins are for their teams' supervisors");
      future(centre, scheduledFor, 'scheduledFor');
      const minNotice = command.minNoticeMs ?? 0;
      if (scheduledFor - centre.now < minNotice) {
        throw new FloorwalkError(ErrorCode.NoticeTooShort, `A check-in needs at least ${minNotice} ms of notice.`, {
          details: { noticeMs: scheduledFor - centre.now, requiredMs: minNotice },
        });
      }
      const topic = command.topic;
      return () => centre.later(latencyMs, () => watch(centre, proposeCheckIn(centre, agent.id, by, scheduledFor, topic)));
    }
    case 'answer-check-in': {
      const answer = command.answer;
      const checkIn = knownCheckIn(centre, command.checkInId);
      if (checkIn.answer !== 'pending') throw conflict(`Check-in ${checkIn.id} was already ${checkIn.answer}.`, { answer: checkIn.answer });
      // Lapsed or cancelled unanswered: nothing left to answer.
      if (checkIn.phase !== 'scheduled') throw checkInConflict(checkIn, 'answer');
      return () => {
        if (by === checkIn.agentId) checkIn.personAgent = true;
        centre.later(latencyMs, () => {
          if (checkIn.answer === 'pending' && checkIn.phase === 'scheduled') answerCheckIn(centre, checkIn, answer);
        });
      };
    }
    case 'counter-check-in': {
      const checkIn = knownCheckIn(centre, command.checkInId);
      only(checkIn.agentId, `answers check-in ${checkIn.id}`);
      if (checkIn.answer !== 'pending' || checkIn.phase !== 'scheduled') throw checkInConflict(checkIn, 'counter');
      future(centre, command.scheduledFor, 'scheduledFor');
      const time = command.scheduledFor;
      return () => {
        checkIn.personAgent = true;
        centre.later(latencyMs, () => {
          if (checkIn.answer === 'pending' && checkIn.phase === 'scheduled') counterCheckIn(centre, checkIn, time);
        });
      };
    }
    case 'respond-check-in-counter': {
      const checkIn = knownCheckIn(centre, command.checkInId);
      only(checkIn.supervisorId, `responds on check-in ${checkIn.id}`);
      if (checkIn.counterFor === undefined || checkIn.answer !== 'pending') throw checkInConflict(checkIn, 'respond to a counter-proposal on');
      // Refusing cancels, which stays open once the agent is no longer theirs; accepting books them.
      if (command.accept) over(centre, by, knownAgent(centre, checkIn.agentId), 'the counter-proposal can be refused, not accepted');
      const accept = command.accept;
      return () => centre.later(latencyMs, () => {
        if (checkIn.counterFor === undefined || checkIn.answer !== 'pending' || checkIn.phase !== 'scheduled') return;
        respondToCounter(centre, checkIn, accept, by);
        watch(centre, checkIn);
      });
    }
    case 'start-check-in': {
      const checkIn = knownCheckIn(centre, command.checkInId);
      only(checkIn.supervisorId, `starts check-in ${checkIn.id}`);
      over(centre, by, knownAgent(centre, checkIn.agentId), 'the check-in can be cancelled, not started');
      if (checkIn.answer !== 'accepted') throw conflict(`Check-in ${checkIn.id} cannot start: the agent has not accepted it (${checkIn.answer}).`, { answer: checkIn.answer });
      if (checkIn.phase !== 'scheduled') throw checkInConflict(checkIn, 'start');
      const window = command.windowMs ?? CHECK_IN_WINDOW_MS;
      if (Math.abs(centre.now - checkIn.scheduledFor) > window) {
        throw new FloorwalkError(ErrorCode.OutsideWindow, `Check-in ${checkIn.id} may start only within ${window} ms of its time.`, {
          details: { scheduledFor: checkIn.scheduledFor, windowMs: window },
        });
      }
      return () => centre.later(latencyMs, () => {
        if (checkIn.phase !== 'scheduled') return;
        startCheckIn(centre, checkIn, by);
        watch(centre, checkIn);
      });
    }
    case 'confirm-check-in': {
      const checkIn = knownCheckIn(centre, command.checkInId);
      only(checkIn.agentId, `confirms check-in ${checkIn.id}`);
      if (checkIn.phase !== 'starting') throw checkInConflict(checkIn, 'confirm');
      return () => {
        checkIn.personAgent = true;
        centre.later(latencyMs, () => {
          if (checkIn.phase === 'starting') confirmCheckIn(centre, checkIn);
        });
      };
    }
    case 'end-check-in':
    case 'cancel-check-in': {
      const checkIn = knownCheckIn(centre, command.checkInId);
      if (by !== checkIn.agentId && by !== checkIn.supervisorId) throw forbidden(`Only the agent or supervisor of check-in ${checkIn.id} may change it.`);
      const ending = command.type === 'end-check-in';
      const ok = (): boolean => (ending ? checkIn.phase === 'starting' || checkIn.phase === 'live' : checkIn.phase === 'scheduled');
      if (!ok()) throw checkInConflict(checkIn, ending ? 'end' : 'cancel');
      return () => centre.later(latencyMs, () => {
        if (ok()) closeCheckIn(centre, checkIn, by, ending);
      });
    }
    case 'mark-read': {
      conversationOf(centre, command.conversationId, by);
      const conversationId = command.conversationId;
      return () => centre.later(latencyMs, () => centre.markRead(conversationId, by));
    }
    case 'mark-delivered': {
      conversationOf(centre, command.conversationId, by);
      // Receipts take effect at once; unknown or foreign ids are ignored, as a receipt is advisory.
      const ids = command.messageIds.filter((id) => {
        const m = centre.message(id);
        return m !== undefined && m.conversationId === command.conversationId && m.authorId !== by;
      });
      return () => centre.later(0, () => {
        for (const id of ids) centre.deliver(id);
      });
    }
    case 'schedule-coaching-session': {
      const agent = knownAgent(centre, command.agentId);
      over(centre, by, agent, "sessions are for their teams' supervisors");
      future(centre, command.at, 'at');
      const { topic, at, durationMs } = command;
      const attendees = command.attendeeIds ?? [];
      knownPeople(centre, attendees);
      return () => centre.later(latencyMs, () => {
        const session: CoachingSession = {
          id: `coaching-${++centre.count.coaching}`,
          topic,
          at,
          durationMs,
          attendeeIds: [...new Set([agent.id, ...attendees.filter((id) => id !== by)])],
          organiserId: by,
          agentId: agent.id,
          state: 'scheduled',
        };
        centre.coachingSessions.set(session.id, session);
        centre.coaching(session);
      });
    }
    case 'reschedule-coaching-session':
    case 'cancel-coaching-session': {
      const session = centre.coachingSessions.get(command.sessionId);
      if (session === undefined) throw unknownEntity('coaching session', command.sessionId);
      const moving = command.type === 'reschedule-coaching-session';
      // Agents cannot schedule here, so an agent is never the organiser: the one it is about may
      // decline it, not move it. As the backplane: anyone else listed (another agent, another
      // team's supervisor) but its organiser is refused; an admin comes on their client's word.
      const agent = knownAgent(centre, session.agentId);
      if (by !== session.organiserId && (by === agent.id ? moving : centre.knowsPerson(by) && !agent.team.supervisorIds.includes(by))) {
        throw forbidden(`${by} may not change coaching session ${session.id}.`);
      }
      // Its organiser too: a session with an agent no longer theirs can be cancelled, not moved.
      if (moving) over(centre, by, agent, 'the session can be cancelled, not moved');
      if (session.state !== 'scheduled') throw conflict(`Coaching session ${session.id} is ${session.state}.`, { sessionId: session.id, state: session.state });
      if (moving) future(centre, command.at, 'at');
      const change: Partial<CoachingSession> = moving ? { at: command.at, durationMs: command.durationMs ?? session.durationMs } : { state: 'cancelled' };
      return () => centre.later(latencyMs, () => session.state === 'scheduled' && centre.coaching(session, change));
    }
    case 'start-colleague-call': {
      const ids = command.participantIds;
      knownPeople(centre, ids);
      return () => centre.later(latencyMs, () => centre.startColleagueCall(by, ids));
    }
    case 'end-colleague-call': {
      const call = centre.colleagueCall(command.callId);
      if (call === undefined) throw unknownEntity('active colleague call', command.callId);
      if (!call.participantIds.includes(by)) throw forbidden(`${by} is not on colleague call ${call.id}.`);
      const id = call.id;
      return () => centre.later(latencyMs, () => centre.endColleagueCall(id));
    }
    case 'set-policy': {
      const changes = command.changes;
      const previous = command.previous;
      return () => centre.later(latencyMs, () => setPolicy(centre, changes, previous, by));
    }
    case 'report-activity': {
      // Refused before the look-up, as raise-hand: a caller learns nothing of which ids exist.
      only(command.agentId, 'reports their own activity');
      const agent = knownAgent(centre, command.agentId);
      if (centre.tenantPolicy.activitySignal?.enabled === false) throw forbidden('The tenant turned the activity signal off.');
      const bucket = command.bucket;
      return () => centre.later(0, () => centre.reportActivity(agent, bucket));
    }
  }
}
