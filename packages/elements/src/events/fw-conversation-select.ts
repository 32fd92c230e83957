/**
 * The person opened a conversation in `fw-chat` (a click or the keyboard, never a property set
 * by the host). Bubbles and crosses shadow roots.
 */
export class FwConversationSelectEvent extends Event {
  static readonly eventName = 'fw-conversation-select';
  readonly conversationId: string;

  constructor(conversationId: string) {
    super(FwConversationSelectEvent.eventName, { bubbles: true, composed: true });
    this.conversationId = conversationId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-conversation-select': FwConversationSelectEvent;
  }
}
