import { defineCatalog } from '../../internal/localize.js';
import type { chatComposerCatalog } from './composer.strings.js';

/** English strings of `fw-chat`, namespace `chat`; the translators' source. */
export const chatCatalog = defineCatalog('chat', {
  heading: 'Chat',
  conversations: 'Conversations',
  noConversations: 'No conversations yet.',
  /** A team channel's name: "Team Harbour", or the team's own name when that already says team ("Team 1" or "Team1", not "Team Team 1"; "Team Teamsters"). The name arrives isolated (U+2068 first), so one mark before "team" is allowed. */
  team: (name: string): string => (/^\W?team(?![a-z])/i.test(name) ? name : `Team ${name}`),
  /** Visually hidden text beside an unread badge. */
  unread: (n: number): string => (n === 1 ? '1 unread message' : `${n} unread messages`),
  /** The list's preview of the last message: "You: on my way". */
  youSaid: (body: string): string => `You: ${body}`,
  noMessages: 'No messages yet. Say hello.',
  /** Shown and announced in the composer's place when its code could not be fetched. */
  composerFailed: 'The message box could not be loaded. Check the connection, then reload the page.',
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
  /** Announced politely when a message arrives in a conversation not open. */
  incoming: (author: string, where: string): string => `New message from ${author} in ${where}.`,
  /** Announced politely when a message arrives in the open conversation. */
  incomingHere: (author: string, body: string): string => `${author}: ${body}`,
  cannotSend: 'You cannot send messages in this conversation.',
  notLive: (connection: string): string => `Chat is unavailable: ${connection}`,
}, ['delivery']);

/** The shape of the element's strings, both catalogs (the second loads with the composer), for translations. */
export type ChatStrings = typeof chatCatalog.en & typeof chatComposerCatalog.en;
