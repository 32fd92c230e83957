import type { AuditEntry } from '../audit.js';
import type { Store } from '../store/store.js';

/** A frozen copy of an entry, its target frozen too: whom and what it names cannot be rewritten. @internal */
export const frozen = (entry: AuditEntry): AuditEntry => Object.freeze({ ...entry, target: Object.freeze({ ...entry.target }) });

/** What an entry counts toward when the log is full: its action, and for a denial the command refused. */
const kindOf = (entry: AuditEntry): string => entry.action + entry.target.command;

/**
 * The client's copy of the audit trail: its own entries and the platform's, append-only (an
 * entry id is kept once and never changed) and bounded. When full, the oldest entry of the kind
 * that holds the most entries goes (see {@link kindOf}): a flood of one kind (a bulk presence
 * change on 500 agents, a host's loop) pushes out only its own oldest, never the monitoring
 * starts, reveals or denials before it while they are fewer. Each kind so keeps its newest
 * entries: a platform entry no newer than one its kind has lost is not taken (a resync sending
 * again one pushed out, or an older one that would go first), and one that goes as it comes is
 * not handed back, so no listener hears of a platform entry the log does not hold, nor of one
 * twice.
 *
 * @internal
 */
export class AuditTrail {
  private readonly entries: AuditEntry[] = [];
  private readonly ids = new Set<string>();
  private readonly kinds = new Map<string, number>();
  /** Per kind, the time of the newest entry pushed out. */
  private readonly lost = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /**
   * Appends a frozen copy of an entry, its target frozen too, and returns it (to hand to
   * listeners: what they are given is what is kept, and neither a listener nor a reader of the
   * log can rewrite whom an entry names); undefined when it was already held or is not kept.
   */
  add(entry: AuditEntry, own?: boolean): AuditEntry | undefined {
    let most = kindOf(entry);
    // Compared with undefined (nothing of the kind lost yet), false. Not for this client's own
    // (`own`): none is sent again, and one written in the ms of one its kind lost (a bulk action,
    // a clock that stands still) is newer, so it goes in and the oldest goes, as for any other.
    if (this.ids.has(entry.id) || (!own && entry.at <= (this.lost.get(most) as number))) return;
    this.ids.add(entry.id);
    const kept = frozen(entry);
    // Platform entries may arrive after local ones written later: keep the list in time order.
    let i = this.entries.length;
    while (i > 0 && (this.entries[i - 1] as AuditEntry).at > entry.at) i--;
    this.entries.splice(i, 0, kept);
    let n = (this.kinds.get(most) ?? 0) + 1;
    this.kinds.set(most, n);
    if (this.entries.length > this.limit) {
      // The new entry's kind on a tie: an older kind is never pushed out by an equal newer one.
      for (const [kind, count] of this.kinds) if (count > n) [most, n] = [kind, count];
      this.kinds.set(most, n - 1);
      const dropped = this.entries.splice(this.entries.findIndex((e) => kindOf(e) === most), 1)[0] as AuditEntry;
      this.ids.delete(dropped.id);
      this.lost.set(most, dropped.at);
      if (dropped === kept) return;
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
