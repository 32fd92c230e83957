import type { AuditEntry } from '../audit.js';
import type { Store } from '../store/store.js';

/**
 * The client's copy of the audit trail: its own entries and the platform's, append-only (an
 * entry id is kept once and never changed) and bounded, oldest dropped first.
 *
 * @internal
 */
/** A frozen copy of an entry, its target frozen too: whom and what it names cannot be rewritten. @internal */
export const frozen = (entry: AuditEntry): AuditEntry => Object.freeze({ ...entry, target: Object.freeze({ ...entry.target }) });

export class AuditTrail {
  private readonly entries: AuditEntry[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly limit: number) {}

  /**
   * Appends a frozen copy of an entry, its target frozen too, and returns it (to hand to
   * listeners: what they are given is what is kept, and neither a listener nor a reader of the
   * log can rewrite whom an entry names); undefined when it was already held.
   */
  add(entry: AuditEntry): AuditEntry | undefined {
    if (this.ids.has(entry.id)) return;
    this.ids.add(entry.id);
    const kept = frozen(entry);
    // Platform entries may arrive after local ones written later: keep the list in time order.
    let i = this.entries.length;
    while (i > 0 && (this.entries[i - 1] as AuditEntry).at > entry.at) i--;
    this.entries.splice(i, 0, kept);
    if (this.entries.length > this.limit) {
      const dropped = this.entries.shift() as AuditEntry;
      this.ids.delete(dropped.id);
    }
    return kept;
  }

  list(): AuditEntry[] {
    return this.entries.slice();
  }
}

/** The agent an audited command concerns, found from its target and what the store holds. */
export function subjectOf(target: Readonly<Record<string, string>>, store: Store): string | undefined {
  if (target.agentId !== undefined) return target.agentId;
  // A session id names a monitoring session or a coaching session.
  if (target.sessionId !== undefined) return (store.monitoring.get(target.sessionId) ?? store.coachingSessions.get(target.sessionId))?.agentId;
  if (target.checkInId !== undefined) return store.checkIns.get(target.checkInId)?.agentId;
  return undefined;
}
