import type { MonitoringMode } from '@floorwalk/core';

/** What a monitoring request asks for: start a session, switch its mode, or stop it. */
export type MonitoringAction = 'start' | 'change' | 'stop';

/**
 * A supervisor asked, through `fw-coaching-panel` (or `fw-help-request`'s "whisper" action), to
 * start monitoring an agent's interaction, switch mode or stop. Fired before anything is sent;
 * cancelable: call `preventDefault()` to veto it (to confirm a barge first, say), and nothing is
 * sent. Bubbles and crosses shadow roots.
 *
 * @example
 * ```ts
 * panel.addEventListener('fw-monitoring-request', (e) => {
 *   if (e.mode === 'barge' && !confirm('Join the customer conversation?')) e.preventDefault();
 * });
 * ```
 */
export class FwMonitoringRequestEvent extends Event {
  static readonly eventName = 'fw-monitoring-request';
  readonly action: MonitoringAction;
  readonly agentId: string;
  readonly interactionId: string;
  /** The mode asked for; for `stop`, the session's current mode. */
  readonly mode: MonitoringMode;
  /** The session being changed or stopped; undefined for `start`. */
  readonly sessionId: string | undefined;

  constructor(action: MonitoringAction, agentId: string, interactionId: string, mode: MonitoringMode, sessionId: string | undefined) {
    super(FwMonitoringRequestEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.action = action;
    this.agentId = agentId;
    this.interactionId = interactionId;
    this.mode = mode;
    this.sessionId = sessionId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-monitoring-request': FwMonitoringRequestEvent;
  }
}
