import { ErrorCode, type Floorwalk, type FloorwalkError, type MonitoringMode } from '@floorwalk/core';
import type { MonitoringAction } from '../events/fw-monitoring-request.js';

/*
 * When a monitoring request has taken effect, and why one failed: needed only once someone has
 * asked, so only the lazy parts import it (the panel's requests, the board's row menu). Kept out
 * of monitoring.ts, which the panel loads up front: a module both import would put these in the
 * panel's first load.
 *
 * @internal
 */

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
    const i = client.getInteraction(request.interactionId);
    // monitoring.ts's isLive, written out: importing it would make a chunk the panel loads up front.
    return i?.state === 'connected' || i?.state === 'held' ? undefined : 'ended';
  }
  const session = sessions.find((s) => s.id === request.sessionId);
  const over = session === undefined || session.endedAt !== undefined;
  if (request.action === 'stop') return over && request.sessionId !== undefined ? { done: request.sessionId } : undefined;
  if (over) return 'ended';
  return session.mode === request.mode ? { done: session.id } : undefined;
}

/** Why a monitoring request failed, as a key into the elements' "why" strings. */
export type MonitoringFailure = 'ended' | 'timeout' | 'forbidden' | 'conflict' | 'not-connected' | 'busy' | 'refused';

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
    case ErrorCode.RateLimited:
      // Not refused: the platform asked for a wait, so the words say how long.
      return 'busy';
    default:
      return 'refused';
  }
}
