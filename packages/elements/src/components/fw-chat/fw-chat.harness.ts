import type { FwChat } from './fw-chat.js';
import { clean } from '../../internal/harness-text.js';

/** One conversation in the list, as shown. */
export interface ChatConversationRow {
  readonly id: string;
  readonly name: string;
  /** The unread count shown, 0 when there is no badge. */
  readonly unread: number;
  readonly preview: string;
  readonly selected: boolean;
}

/** One message in the open conversation's log, as shown. */
export interface ChatMessageRow {
  readonly id: string;
  readonly author: string;
  readonly body: string;
  readonly own: boolean;
  /** `sending`, `sent`, `delivered`, `read` or `failed` for one's own messages; empty otherwise. */
  readonly delivery: string;
  /** The delivery text shown ("Delivered", "Read by 2"). */
  readonly deliveryText: string;
}


/**
 * Drives an `fw-chat` the way a person does (clicking, typing, pressing Enter), for host apps'
 * tests. It reads what the element renders, never its private state.
 *
 * @example
 * ```ts
 * const chat = new FwChatHarness(document.querySelector('fw-chat')!);
 * await chat.open('team:team-1');
 * await chat.type('Huddle at 3?');
 * await chat.pressEnter();
 * ```
 */
export class FwChatHarness {
  readonly element: FwChat;

  constructor(element: FwChat) {
    this.element = element;
  }

  private get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (root === null) throw new Error('fw-chat has not rendered yet.');
    return root;
  }

  /** The conversations listed, in order. */
  conversations(): ChatConversationRow[] {
    return [...this.root.querySelectorAll<HTMLElement>('[part~="conversation"]')].map((row) => ({
      id: row.dataset['id'] ?? '',
      name: clean(row.querySelector('.name')),
      unread: Number(row.querySelector('[part="unread"] [aria-hidden]')?.textContent?.replace(/\D/g, '') || 0),
      preview: clean(row.querySelector('[part="preview"]')),
      selected: row.getAttribute('aria-selected') === 'true',
    }));
  }

  /** Clicks a conversation in the list. */
  async open(conversationId: string): Promise<void> {
    const row = this.root.querySelector<HTMLElement>(`[part~="conversation"][data-id="${CSS.escape(conversationId)}"]`);
    if (row === null) throw new Error(`fw-chat lists no conversation ${conversationId}.`);
    row.click();
    await this.element.updateComplete;
  }

  /** The open conversation's messages, oldest first (pending and failed ones last). */
  messages(): ChatMessageRow[] {
    return [...this.root.querySelectorAll<HTMLElement>('[part="message"]')].map((m) => ({
      id: m.dataset['id'] ?? '',
      author: clean(m.querySelector('[part="author"]')),
      body: m.querySelector('[part="body"]')?.textContent ?? '',
      own: m.dataset['own'] === 'true',
      delivery: m.dataset['delivery'] ?? '',
      deliveryText: clean(m.querySelector('[part="delivery"]')),
    }));
  }

  /** The message field, or null when the conversation offers none. */
  get input(): HTMLTextAreaElement | null {
    return this.root.querySelector('[part="input"]');
  }

  /** Replaces the draft, as typing does. */
  async type(text: string): Promise<void> {
    const input = this.input;
    if (input === null) throw new Error('fw-chat shows no composer.');
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await this.element.updateComplete;
  }

  /** Presses Enter in the message field (sends, unless `shift`). */
  async pressEnter(shift = false): Promise<void> {
    const input = this.input;
    if (input === null) throw new Error('fw-chat shows no composer.');
    input.focus();
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: shift, bubbles: true, composed: true, cancelable: true }));
    await this.element.updateComplete;
  }

  /** Clicks Send. */
  async send(): Promise<void> {
    this.root.querySelector<HTMLButtonElement>('[part="send"]')?.click();
    await this.element.updateComplete;
  }

  /** Clicks Retry on the first failed message. */
  async retry(): Promise<void> {
    const button = this.root.querySelector<HTMLButtonElement>('[part="retry"]');
    if (button === null) throw new Error('fw-chat shows no failed message.');
    button.click();
    await this.element.updateComplete;
  }

  /** Clicks Discard on the first failed message. */
  async discard(): Promise<void> {
    const button = this.root.querySelector<HTMLButtonElement>('[part="discard"]');
    if (button === null) throw new Error('fw-chat shows no failed message.');
    button.click();
    await this.element.updateComplete;
  }

  /** Every note shown (errors, "cannot send", "unavailable"), joined. */
  notes(): string {
    return [...this.root.querySelectorAll('[part="note"]')].map((n) => clean(n)).join(' ');
  }

  /** The characters-used text ("12 of 4,000 characters"). */
  count(): string {
    return clean(this.root.querySelector('[part="count"]'));
  }
}
