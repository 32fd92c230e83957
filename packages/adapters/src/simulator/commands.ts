import { checkCommand, ErrorCode, FloorwalkError, type CommandEnvelope, type ReasonCode } from '@floorwalk/core';
import type { Call, ContactCentre, SimAgent } from './model.js';
import { auxReason } from './roster.js';

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

function unknownEntity(kind: string, id: string): FloorwalkError {
  return new FloorwalkError(ErrorCode.UnknownEntity, `No ${kind} ${id} in the simulated centre.`, { details: { id } });
}

function conflict(message: string, details: Record<string, unknown>): FloorwalkError {
  return new FloorwalkError(ErrorCode.Conflict, message, { details });
}

/** Checks a command and schedules its effect `latencyMs` later. Throws a FloorwalkError when it is refused. */
export function runCommand(centre: ContactCentre, command: CommandEnvelope, latencyMs: number): void {
  // Argument shapes are the core's rules; what follows checks them against the centre.
  checkCommand(command);
  const by = command.issuedBy;
  requireId(by, 'issuedBy');
  switch (command.type) {
    case 'set-presence': {
      const state = command.state;
      const agent = knownAgent(centre, command.agentId);
      let reason: ReasonCode | undefined;
      if (command.reason !== undefined) {
        const id: unknown = (command.reason as { id?: unknown } | null)?.id;
        reason = typeof id === 'string' ? auxReason(state, id)?.reason : undefined;
        if (reason === undefined) invalid(`The tenant has no reason code ${String(id)} for ${state}.`, 'reason', command.reason);
      }
      return centre.later(latencyMs, () => {
        const now = agent.presence;
        if (now.state !== state || now.reason?.id !== reason?.id) centre.setPresence(agent, state, reason);
      });
    }
    case 'start-monitoring': {
      const agent = knownAgent(centre, command.agentId);
      const call = agentsCall(centre, command.interactionId, agent);
      if (call.state !== 'connected' && call.state !== 'held') {
        throw conflict(`Interaction ${call.id} is ${call.state}; only a connected or held interaction can be monitored.`, { interactionId: call.id, state: call.state });
      }
      const existing = centre.activeMonitor(call, by);
      if (existing !== undefined) {
        throw conflict(`${by} is already monitoring interaction ${call.id} (session ${existing.id}); change its mode instead.`, { sessionId: existing.id });
      }
      const session = centre.openMonitor(call, by, command.mode);
      return centre.later(latencyMs, () => centre.startMonitor(session));
    }
    case 'change-monitoring-mode':
    case 'stop-monitoring': {
      const session = centre.monitor(command.sessionId);
      if (session === undefined || session.endedAt !== undefined || session.stopping) throw unknownEntity('active monitoring session', command.sessionId);
      if (command.type === 'stop-monitoring') {
        session.stopping = true;
        return centre.later(latencyMs, () => centre.stopMonitor(session));
      }
      const mode = command.mode;
      return centre.later(latencyMs, () => centre.changeMonitor(session, mode));
    }
    case 'raise-hand': {
      const agent = knownAgent(centre, command.agentId);
      const interactionId = command.interactionId;
      if (interactionId !== undefined) agentsCall(centre, interactionId, agent);
      if (agent.help !== null) throw conflict(`Agent ${agent.id} already has help request ${agent.help.id} open.`, { requestId: agent.help.id });
      const request = centre.openHelp(agent, command.reason, interactionId);
      return centre.later(latencyMs, () => centre.announceHelp(request));
    }
    case 'acknowledge-help':
    case 'resolve-help': {
      const request = centre.helpRequest(command.requestId);
      if (request === undefined) throw unknownEntity('help request', command.requestId);
      if (command.type === 'acknowledge-help') {
        if (request.state !== 'open') throw conflict(`Help request ${request.id} is already ${request.state}.`, { state: request.state });
        return centre.later(latencyMs, () => {
          if (request.state === 'open') centre.acknowledgeHelp(request, by, true);
        });
      }
      if (request.state !== 'open' && request.state !== 'acknowledged') {
        throw conflict(`Help request ${request.id} is already ${request.state}.`, { state: request.state });
      }
      return centre.later(latencyMs, () => {
        if (request.state === 'open' || request.state === 'acknowledged') centre.closeHelp(request, by);
      });
    }
    case 'send-message': {
      const conversationId = command.conversationId;
      if (conversationId.startsWith('team:') && centre.team(conversationId.slice(5)) === undefined) {
        throw unknownEntity('team', conversationId.slice(5));
      }
      const body = command.body;
      return centre.later(latencyMs, () => centre.sendMessage(conversationId, by, body));
    }
    case 'add-coaching-note': {
      const agent = knownAgent(centre, command.agentId);
      const interactionId = command.interactionId;
      // A note usually follows the interaction, so recently ended ones count too.
      if (interactionId !== undefined && centre.call(interactionId)?.agent !== agent && centre.endedCallAgent(interactionId) !== agent.id) {
        throw unknownInteraction(interactionId, agent.id);
      }
      const body = command.body;
      return centre.later(latencyMs, () => centre.addCoachingNote(agent.id, by, body, interactionId));
    }
    case 'propose-check-in': {
      const scheduledFor = command.scheduledFor;
      const agent = knownAgent(centre, command.agentId);
      if (scheduledFor <= centre.now) invalid('scheduledFor must be in the future of simulated time.', 'scheduledFor', scheduledFor);
      const topic = command.topic;
      return centre.later(latencyMs, () => centre.proposeCheckIn(agent.id, by, scheduledFor, topic));
    }
    case 'answer-check-in': {
      const answer = command.answer;
      const checkIn = centre.checkIn(command.checkInId);
      if (checkIn === undefined) throw unknownEntity('check-in', command.checkInId);
      if (checkIn.answer !== 'pending') throw conflict(`Check-in ${checkIn.id} was already ${checkIn.answer}.`, { answer: checkIn.answer });
      return centre.later(latencyMs, () => {
        if (checkIn.answer === 'pending') centre.answerCheckIn(checkIn, answer);
      });
    }
  }
}
