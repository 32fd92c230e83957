import type { AuditEntry } from '../audit.js';
import type { Store } from '../store/store.js';

/**
 * The client's copy of the audit trail: its own entries and the platform's, append-only (an
 * entry id is kept once and never changed) and bounded, oldest dropped first.
 *
 * @internal
 */
export class AuditTrail {
  private readonly entries: AuditEntry[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly limit: number) {}

  /** Appends an entry; false when it was already held. */
  add(entry: AuditEntry): boolean {
    if (this.ids.has(entry.id)) return false;
    this.ids.add(entry.id);
    // Platform entries may arrive after local ones written later: keep the list in time order.
    let i = this.entries.length;
    while (i > 0 && (this.entries[i - 1] as AuditEntry).at > entry.at) i--;
    this.entries.splice(i, 0, Object.freeze({ ...entry }));
    if (this.entries.length > this.limit) {
      const dropped = this.entries.shift() as AuditEntry;
      this.ids.delete(dropped.id);
    }
    return true;
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
