import type { FloorwalkError } from '@floorwalk/core';

/**
 * A message sent through `fw-chat` was not sent: the core refused it (an agent writing to someone
 * outside their teams gets `Forbidden`), the platform refused it, or it timed out. The message
 * stays in the composer's list as failed, with a Retry. Bubbles and crosses shadow roots.
 */
export class FwChatFailedEvent extends Event {
  static readonly eventName = 'fw-chat-failed';
  readonly conversationId: string;
  readonly error: FloorwalkError;

  constructor(conversationId: string, error: FloorwalkError) {
    super(FwChatFailedEvent.eventName, { bubbles: true, composed: true });
    this.conversationId = conversationId;
    this.error = error;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fw-chat-failed': FwChatFailedEvent;
  }
}
