/**
 * The person chose an agent to look at in detail (a board row's "Details" action, or Enter on
 * the row). Fired on user action only; setting a board's `selected` property does not fire it.
 * Bubbles and is composed, so a host page can listen on `document`.
 *
 * @example
 * ```ts
 * board.addEventListener('fw-agent-select', (event) => card.agentId = event.agentId);
 * ```
 */
export class FwAgentSelectEvent extends Event {
  static readonly eventName = 'fw-agent-select';
  /** The chosen agent's id. */
  readonly agentId: string;

  constructor(agentId: string) {
    super(FwAgentSelectEvent.eventName, { bubbles: true, composed: true });
    this.agentId = agentId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-agent-select': FwAgentSelectEvent;
  }
}
