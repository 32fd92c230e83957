import type { MonitoringMode } from '@floorwalk/core';
import type { MonitoringAction } from './fw-monitoring-request.js';

/**
 * The platform confirmed a monitoring start, mode switch or stop asked for through this element:
 * the session's new state reached the store. Not fired for changes made elsewhere. Bubbles and
 * crosses shadow roots.
 */
export class FwMonitoringChangedEvent extends Event {
  static readonly eventName = 'fw-monitoring-changed';
  readonly action: MonitoringAction;
  readonly agentId: string;
  readonly interactionId: string;
  readonly mode: MonitoringMode;
  readonly sessionId: string;

  constructor(action: MonitoringAction, agentId: string, interactionId: string, mode: MonitoringMode, sessionId: string) {
    super(FwMonitoringChangedEvent.eventName, { bubbles: true, composed: true });
    this.action = action;
    this.agentId = agentId;
    this.interactionId = interactionId;
    this.mode = mode;
    this.sessionId = sessionId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-monitoring-changed': FwMonitoringChangedEvent;
  }
}
