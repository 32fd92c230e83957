import type { AdapterSink, ChatMessage, FloorwalkEvent } from '@floorwalk/core';
import type { ContactCentre, EventRecord } from './model.js';

/**
 * Most entries of each kind restated, and most messages per conversation: the core store's own
 * defaults (`history`, `messagesPerConversation`), so nothing is sent that a client would drop.
 */
const KINDS_KEPT = 500;
const MESSAGES_KEPT = 200;

let restated = 0;

/** The newest `most` of a list kept oldest first. */
const last = <T>(items: Iterable<T>, most: number): T[] => [...items].slice(-most);

/**
 * Tells a client that has just connected, after its snapshot, what the centre holds that a
 * snapshot has no field for, and that it may have missed while away: the chat of every
 * conversation and its read marks, the check-ins (closed ones too, so one that lapsed meanwhile
 * shows it), coaching notes and sessions. The backplane decorator does the same with its records
 * on a reconnect. Each entity keeps its id and times, so the store takes it as the one it may hold;
 * stamped with the centre's time now, which no event delivered before it passes, so an older
 * state never lands over a newer one. Delivered to this client's sink alone, whose policy filters
 * it as it filters the live events every seat hears (a private note never reaches its agent).
 *
 * `heard`: the centre's change number (see `ContactCentre.changed`) up to which this client heard
 * every change, when it was caught up before: only what changed after it is restated, so a blip
 * costs the client nothing it already holds. Absent on a link's first catch-up, and ignored once
 * the tenant policy changed after it (what the client may see of the rest may have changed): then
 * everything kept is restated.
 */
export function restate(centre: ContactCentre, id: string, sink: AdapterSink, heard?: number): void {
  const changed = (entity: object): number => centre.changed.get(entity) ?? 0;
  const after = heard === undefined || changed(centre.tenantPolicy) > heard ? -1 : heard;
  const fresh = (entity: object): boolean => changed(entity) > after;
  const records: EventRecord[] = [];
  const chat = new Map<string, ChatMessage[]>();
  for (const [, m] of centre.messages.entries()) {
    const list = chat.get(m.conversationId) ?? [];
    list.push(m);
    chat.set(m.conversationId, list);
  }
  for (const [conversationId, list] of chat) {
    for (const message of last(list.sort((a, b) => a.sentAt - b.sentAt), MESSAGES_KEPT)) if (fresh(message)) records.push({ type: 'chat-message', message });
    // After its messages, so a reader's mark applies to the ones they read.
    const reads = centre.reads.get(conversationId) ?? {};
    if (fresh(reads)) for (const [userId, upTo] of Object.entries(reads)) records.push({ type: 'chat-read', conversationId, userId, upTo });
  }
  for (const [, note] of last(centre.notes.entries(), KINDS_KEPT)) if (fresh(note)) records.push({ type: 'coaching-note', note });
  for (const [, record] of last(centre.checkIns.entries(), KINDS_KEPT)) {
    const { personAgent: _, ...checkIn } = record;
    if (fresh(record)) records.push({ type: 'check-in', checkIn });
  }
  for (const session of last(centre.coachingSessions.values(), KINDS_KEPT)) if (fresh(session)) records.push({ type: 'coaching-session', session: { ...session } });
  if (records.length === 0) return;
  const n = ++restated;
  sink.events(records.map((r, i): FloorwalkEvent => ({ ...r, id: `${id}:catch-up:${n}:${i}`, at: centre.now, source: id }) as FloorwalkEvent));
}
