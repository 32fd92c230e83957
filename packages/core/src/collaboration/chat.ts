import type { ChatMessage, ConversationSummary } from '../model/types.js';
import type { Store } from '../store/store.js';

/*
 * Chat read-side: conversation summaries and unread counts, computed at read time from the
 * messages the store holds and the session user's read marker, so nothing is counted twice.
 */

/** Messages from others newer than the user's read marker. */
export function unreadIn(store: Store, conversationId: string, userId: string): number {
  const list = store.conversations.get(conversationId);
  if (list === undefined) return 0;
  const marker = store.readMarker(conversationId, userId);
  let n = 0;
  // Newest last: walk back until the marker.
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i] as ChatMessage;
    if (m.sentAt <= marker) break;
    if (m.authorId !== userId) n++;
  }
  return n;
}

/**
 * Every conversation the session holds messages for, plus the channels of its teams, newest
 * activity first.
 */
export function conversationSummaries(store: Store, userId: string, teamIds: readonly string[]): ConversationSummary[] {
  const ids = new Set<string>(store.conversations.keys());
  for (const t of teamIds) ids.add(`team:${t}`);
  const out: ConversationSummary[] = [];
  for (const id of ids) {
    const list = store.conversations.get(id);
    const last = list?.[list.length - 1];
    const base = { id, unread: unreadIn(store, id, userId), ...(last && { lastMessage: last }) };
    out.push(id.startsWith('team:') ? { ...base, kind: 'team', teamId: id.slice(5) } : { ...base, kind: 'direct', participants: id.slice(3).split(':') });
  }
  return out.sort((a, b) => (b.lastMessage?.sentAt ?? -Infinity) - (a.lastMessage?.sentAt ?? -Infinity) || (a.id < b.id ? -1 : 1));
}

/**
 * Whether a message owes the platform this user's receipt: a 1:1 message from the other person,
 * still `sent`, and new to the store, so a redelivered copy owes none. Ask before the store takes
 * it. The policy let only the user's own 1:1 conversations through.
 */
export function owedReceipts(store: Store, message: ChatMessage, userId: string): boolean {
  return (
    message.delivery === 'sent' &&
    message.authorId !== userId &&
    message.conversationId.startsWith('dm:') &&
    !store.conversations.get(message.conversationId)?.some((m) => m.id === message.id)
  );
}
