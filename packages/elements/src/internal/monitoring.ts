import { ErrorCode, type Floorwalk, type FloorwalkError, type Interaction, type MonitoringMode, type MonitoringSession } from '@floorwalk/core';
import type { MonitoringAction } from '../events/fw-monitoring-request.js';

/**
 * Monitoring logic shared by the elements that start, switch and stop monitoring
 * (`fw-coaching-panel`, `fw-team-board`'s row actions): which interaction to act on, and when
 * a request has taken effect in the store.
 *
 * @internal
 */

/**
 * The monitoring modes this client can use: the platform's, or none while notices are on where
 * the monitored agent's client would not hear of a session (the client refuses then; see
 * `AdapterCapabilities.agentSeesMonitoring`).
 */
export const offeredModes = (client: Floorwalk): readonly MonitoringMode[] =>
  client.capabilities.agentSeesMonitoring === true || !client.getPolicy().monitoringNotice ? client.capabilities.monitoringModes : [];

/** Whether an interaction can be monitored: connected or on hold. */
export const isLive = (i: Interaction | undefined): i is Interaction => i !== undefined && (i.state === 'connected' || i.state === 'held');

/** A session a supervisor joined an interaction in: one a command can switch or stop. */
export type Joined = MonitoringSession & { readonly mode: MonitoringMode; readonly interactionId: string };

/** Whether a session is {@link Joined}: not a screen view, which the platform reports and no command controls. */
export const joined = (s: MonitoringSession): s is Joined => s.mode !== 'screen';

/** This session's active monitoring sessions on an agent, screen views aside: the ones it can act on. */
export function ownSessions(client: Floorwalk, agentId: string): Joined[] {
  return client.getMonitoringSessions({ agentId, active: true }).filter((s): s is Joined => joined(s) && s.supervisorId === client.session.userId);
}

/** The interaction to monitor: the one this session already monitors, else the agent's most engaged live one. */
export function monitoringTarget(client: Floorwalk, agentId: string): Interaction | undefined {
  for (const s of ownSessions(client, agentId)) {
    const monitored = client.getInteraction(s.interactionId);
    if (isLive(monitored)) return monitored;
  }
  const live = client.getInteractions({ agentId }).filter(isLive);
  live.sort((a, b) => (a.state === b.state ? (b.connectedAt ?? 0) - (a.connectedAt ?? 0) : a.state === 'connected' ? -1 : 1));
  return live[0];
}

/** A monitoring request sent and not yet seen in the store. */
export interface MonitoringRequest {
  readonly action: MonitoringAction;
  readonly mode: MonitoringMode;
  readonly agentId: string;
  readonly interactionId: string;
  /** The session changed or stopped; undefined for a start. */
  readonly sessionId: string | undefined;
}

/**
 * Where a request stands in the store now: `done` with the session's id once its effect shows,
 * `ended` when it can no longer happen (the interaction or the session ended first), or
 * undefined while it may still come.
 */
export function monitoringOutcome(client: Floorwalk, request: MonitoringRequest): { done: string } | 'ended' | undefined {
  const sessions = client.getMonitoringSessions({ agentId: request.agentId });
  if (request.action === 'start') {
    const done = sessions.find(
      (s) => s.endedAt === undefined && s.supervisorId === client.session.userId && s.interactionId === request.interactionId && s.mode === request.mode,
    );
    if (done !== undefined) return { done: done.id };
    return isLive(client.getInteraction(request.interactionId)) ? undefined : 'ended';
  }
  const session = sessions.find((s) => s.id === request.sessionId);
  const over = session === undefined || session.endedAt !== undefined;
  if (request.action === 'stop') return over && request.sessionId !== undefined ? { done: request.sessionId } : undefined;
  if (over) return 'ended';
  return session.mode === request.mode ? { done: session.id } : undefined;
}

/** Why a monitoring request failed, as a key into the elements' "why" strings. */
export type MonitoringFailure = 'ended' | 'timeout' | 'forbidden' | 'conflict' | 'not-connected' | 'refused';

/** Sorts a failed request's error into what a person needs to know. */
export function monitoringFailure(error: FloorwalkError): MonitoringFailure {
  if (error.details?.['interactionEnded'] === true || error.code === ErrorCode.UnknownInteraction) return 'ended';
  if (error.details?.['timeoutMs'] !== undefined) return 'timeout';
  switch (error.code) {
    case ErrorCode.Forbidden:
    case ErrorCode.OutOfScope:
    case ErrorCode.Unsupported:
      return 'forbidden';
    case ErrorCode.Conflict:
      return /ended|wrap-up|queued|offered/.test(error.message) ? 'ended' : 'conflict';
    case ErrorCode.NotConnected:
    case ErrorCode.Cancelled:
      return 'not-connected';
    default:
      return 'refused';
  }
}
