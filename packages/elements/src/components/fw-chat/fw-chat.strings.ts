import { defineCatalog } from '../../internal/localize.js';

/** English strings of `fw-chat`, namespace `chat`; the translators' source. */
export const chatCatalog = defineCatalog('chat', {
  heading: 'Chat',
  conversations: 'Conversations',
  noConversations: 'No conversations yet.',
  /** A team channel's name: "Team Harbour". */
  team: (name: string): string => `Team ${name}`,
  /** Visually hidden text beside an unread badge. */
  unread: (n: number): string => (n === 1 ? '1 unread message' : `${n} unread messages`),
  /** The list's preview of the last message: "You: on my way". */
  youSaid: (body: string): string => `You: ${body}`,
  noMessages: 'No messages yet. Say hello.',
  pickConversation: 'Choose a conversation.',
  /** The log's accessible name: "Messages with Alex Kim". */
  logLabel: (name: string): string => `Messages in ${name}`,
  you: 'You',
  today: 'Today',
  yesterday: 'Yesterday',
  /** Delivery state of one's own message. */
  delivery: (state: 'sending' | 'sent' | 'delivered' | 'read' | 'failed'): string =>
    ({ sending: 'Sending', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Not sent' })[state],
  /** A team message read by some colleagues. */
  readBy: (n: number): string => (n === 1 ? 'Read by 1' : `Read by ${n}`),
  composerLabel: (name: string): string => `Message ${name}`,
  send: 'Send',
  retry: 'Retry',
  discard: 'Discard',
  /** Characters used of the limit: "12 of 4,000 characters". */
  count: (used: string, max: string): string => `${used} of ${max} characters`,
  keysHint: 'Enter sends; Shift+Enter starts a new line.',
  empty: 'Write something first.',
  tooLong: (max: string): string => `A message can be at most ${max} characters.`,
  /** Announced politely when a message arrives in a conversation not open. */
  incoming: (author: string, where: string): string => `New message from ${author} in ${where}.`,
  /** Announced politely when a message arrives in the open conversation. */
  incomingHere: (author: string, body: string): string => `${author}: ${body}`,
  failed: (why: string): string => `Not sent. ${why}`,
  whyForbidden: 'Your role cannot send messages here.',
  whyNotConnected: 'Floorwalk is not connected to the platform.',
  whyTimeout: 'The platform did not confirm in time.',
  whyInvalid: 'The message was not accepted.',
  whyRefused: 'The platform refused it.',
  cannotSend: 'You cannot send messages in this conversation.',
  notLive: (connection: string): string => `Chat is unavailable: ${connection}`,
});

/** The shape of the element's strings, for translations. */
export type ChatStrings = typeof chatCatalog.en;
