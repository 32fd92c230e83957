/**
 * The person asked to message an agent (a board row's "Message" action). Floorwalk opens no chat
 * window itself: the host listens and opens its chat (an `fw-chat`, the platform's own, or
 * anything else) on that agent. Bubbles and crosses shadow roots.
 *
 * @example
 * ```ts
 * document.addEventListener('fw-message-agent', (event) => openChat(event.agentId));
 * ```
 */
export class FwMessageAgentEvent extends Event {
  static readonly eventName = 'fw-message-agent';
  /** The agent to message. */
  readonly agentId: string;

  constructor(agentId: string) {
    super(FwMessageAgentEvent.eventName, { bubbles: true, composed: true });
    this.agentId = agentId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-message-agent': FwMessageAgentEvent;
  }
}
