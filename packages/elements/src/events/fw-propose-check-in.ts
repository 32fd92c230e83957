/**
 * The person asked to propose a check-in to an agent (a board row's "Propose check-in"
 * action). The host picks the time and topic (its own dialog, say) and then calls
 * `client.proposeCheckIn(agentId, scheduledFor, topic)`. Bubbles and crosses shadow roots.
 *
 * @example
 * ```ts
 * document.addEventListener('fw-propose-check-in', async (event) => {
 *   const when = await askForTime();
 *   if (when !== undefined) await client.proposeCheckIn(event.agentId, when);
 * });
 * ```
 */
export class FwProposeCheckInEvent extends Event {
  static readonly eventName = 'fw-propose-check-in';
  /** The agent to propose a check-in to. */
  readonly agentId: string;

  constructor(agentId: string) {
    super(FwProposeCheckInEvent.eventName, { bubbles: true, composed: true });
    this.agentId = agentId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-propose-check-in': FwProposeCheckInEvent;
  }
}
