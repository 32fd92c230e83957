import type { FloorwalkError, MonitoringMode } from '@floorwalk/core';
import type { MonitoringAction } from './fw-monitoring-request.js';

/**
 * A monitoring start, mode switch or stop asked for through this element did not happen: the
 * core or the platform refused it (the promise rejected: `Forbidden`, `Conflict`,
 * `UnknownInteraction`…), the interaction ended before the session began (`Conflict` with
 * `details.interactionEnded`), or no confirmation came within `confirm-timeout` (`VendorError`
 * with `details.timeoutMs`). Bubbles and crosses shadow roots.
 */
export class FwMonitoringFailedEvent extends Event {
  static readonly eventName = 'fw-monitoring-failed';
  readonly action: MonitoringAction;
  readonly agentId: string;
  readonly interactionId: string;
  readonly mode: MonitoringMode;
  readonly error: FloorwalkError;

  constructor(action: MonitoringAction, agentId: string, interactionId: string, mode: MonitoringMode, error: FloorwalkError) {
    super(FwMonitoringFailedEvent.eventName, { bubbles: true, composed: true });
    this.action = action;
    this.agentId = agentId;
    this.interactionId = interactionId;
    this.mode = mode;
    this.error = error;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-monitoring-failed': FwMonitoringFailedEvent;
  }
}
