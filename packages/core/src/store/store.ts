import type { FloorwalkEvent, SnapshotEvent, SnapshotScope } from '../events/types.js';
import type {
  Agent,
  ChatMessage,
  CheckIn,
  CoachingNote,
  CoachingSession,
  ColleagueCall,
  HelpRequest,
  Interaction,
  MonitoringSession,
  PresenceDefinition,
  Queue,
  Team,
} from '../model/types.js';
import { createSlotMasker } from '../policy/mask.js';
import { CHANGED_RECORDS, InteractionRecord, InteractionViews, RecordChange, SIGNIFICANT_CHANGES } from './interactions.js';
import { AgentRecord, AgentViews, CHANGED_AGENTS } from './agents.js';
import { SeenIds } from './seen.js';
import { holdOf } from './times.js';

/**
 * What changed in one batch, by entity kind. Subscribers get one of these per batch, so a board
 * re-renders only the rows whose ids are listed. `reset` is true when a snapshot replaced a
 * scope (removed entities are listed too).
 *
 * After a snapshot of the whole floor (`scope: { kind: 'all' }`), `agents` and `agentRecords`
 * list every agent the store holds, and `interactions` every interaction it holds (live and
 * recently ended) when the snapshot listed interactions, in each case with the ids the batch
 * removed: everything may have changed, so a reader that walks the ids reads the whole floor.
 * The lists are taken when the change is handed out; `has` is answered from them too.
 */
export interface StoreChange {
  readonly agents: ReadonlySet<string>;
  readonly teams: ReadonlySet<string>;
  readonly queues: ReadonlySet<string>;
  readonly interactions: ReadonlySet<string>;
  readonly monitoring: ReadonlySet<string>;
  readonly helpRequests: ReadonlySet<string>;
  /** Conversation ids with new or changed messages. */
  readonly conversations: ReadonlySet<string>;
  readonly coachingNotes: ReadonlySet<string>;
  readonly checkIns: ReadonlySet<string>;
  /** Coaching session ids that were scheduled or changed. */
  readonly coachingSessions?: ReadonlySet<string>;
  /** Colleague call ids that started or ended. */
  readonly colleagueCalls?: ReadonlySet<string>;
  /**
   * The agents in `agents` whose own record changed (presence, details, not-responding,
   * activity, removal), as opposed to those listed because one of their interactions moved.
   * Most of a busy floor's agent changes are the latter; a view of presence alone reads these.
   */
  readonly agentRecords?: ReadonlySet<string>;
  readonly reset: boolean;
}

interface MutableChange {
  agents: Set<string>;
  teams: Set<string>;
  queues: Set<string>;
  interactions: Set<string>;
  monitoring: Set<string>;
  helpRequests: Set<string>;
  conversations: Set<string>;
  coachingNotes: Set<string>;
  checkIns: Set<string>;
  coachingSessions: Set<string>;
  colleagueCalls: Set<string>;
  agentRecords: Set<string>;
  reset: boolean;
  [CHANGED_RECORDS]: InteractionRecord[];
  [CHANGED_AGENTS]: AgentRecord[];
}

/**
 * The ids of a kind after a whole-floor snapshot: every id the store held when the change was
 * taken, then the removed ones. A set of 10,000 ids would cost a hash insertion each, most of
 * a resync's notification; the map's keys copy into an array without hashing. The set `has`
 * needs is built on its first call, which readers of a reset seldom make (they rescan).
 */
class HeldIds implements ReadonlySet<string> {
  private readonly ids: readonly string[];
  private lookup: Set<string> | undefined;

  /**
   * `keys`: the held map's keys, which two lists of the same map share until one needs an id
   * more. `distinct`: the removed ids are distinct and none is held again, so they need no checking.
   */
  constructor(held: ReadonlyMap<string, unknown>, keys: readonly string[], listed: ReadonlySet<string>, removed: readonly string[] = [], distinct = false) {
    let ids: string[] | undefined;
    for (const id of listed) if (!held.has(id)) (ids ??= keys.slice()).push(id);
    if (distinct && listed.size === 0) {
      if (removed.length > 0) ids = (ids ?? keys).concat(removed);
    } else for (const id of removed) if (!held.has(id) && !listed.has(id)) (ids ??= keys.slice()).push(id);
    this.ids = ids ?? keys;
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return (this.lookup ??= new Set(this.ids)).has(id);
  }

  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const id of this.ids) callback.call(thisArg, id, id, this);
  }

  *entries(): SetIterator<[string, string]> {
    for (const id of this.ids) yield [id, id];
  }

  keys(): SetIterator<string> {
    return this.values();
  }

  values(): SetIterator<string> {
    return this.ids.values();
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.ids.values();
  }
}

function emptyChange(): MutableChange {
  return {
    agents: new Set(),
    teams: new Set(),
    queues: new Set(),
    interactions: new Set(),
    monitoring: new Set(),
    helpRequests: new Set(),
    conversations: new Set(),
    coachingNotes: new Set(),
    checkIns: new Set(),
    coachingSessions: new Set(),
    colleagueCalls: new Set(),
    agentRecords: new Set(),
    reset: false,
    [CHANGED_RECORDS]: [],
    [CHANGED_AGENTS]: [],
  };
}

/** Limits that keep memory flat however long a session runs. */
export interface StoreLimits {
  /** Event ids remembered for de-duplication. */
  readonly dedupeWindow: number;
  /** Ended interactions kept for "recent" views, across all agents. */
  readonly endedInteractions: number;
  /** Messages kept per conversation. */
  readonly messagesPerConversation: number;
  /** Ended monitoring sessions, resolved help requests, notes and answered check-ins kept. */
  readonly history: number;
  /** Ended interactions whose version is remembered after they leave `endedInteractions`. */
  readonly tombstones: number;
}

/** Defaults for {@link StoreLimits}. */
export const DEFAULT_STORE_LIMITS: StoreLimits = {
  dedupeWindow: 8192,
  endedInteractions: 500,
  messagesPerConversation: 200,
  history: 500,
  tombstones: 2048,
};

/** Counts of what the store dropped, for diagnostics and tests. */
export interface StoreStats {
  applied: number;
  duplicates: number;
  stale: number;
  /** Deltas for entities the store does not hold (out of scope or not yet known). */
  orphans: number;
}

const DELIVERY_RANK = { sent: 0, delivered: 1, read: 2 } as const;

/** The held kinds about one agent, with the event that carries each: see `forgetAbout`. */
/** The kinds {@link Store.put} applies. */
type PutKind = 'teams' | 'queues' | 'monitoring' | 'helpRequests' | 'coachingNotes' | 'checkIns' | 'coachingSessions' | 'colleagueCalls';

const KINDS_ABOUT_AGENTS = [
  ['monitoring', 'monitoring', 'session'],
  ['helpRequests', 'help-request', 'request'],
  ['coachingNotes', 'coaching-note', 'note'],
  ['checkIns', 'check-in', 'checkIn'],
  ['coachingSessions', 'coaching-session', 'session'],
] as const;

/**
 * The presence held is newer than one that comes at version `at`. Within one version (a vendor
 * counts whole milliseconds) a presence that started earlier is older news: a snapshot served
 * just before a change was applied can carry the change's own time. Only a tie is judged by
 * start, so a vendor's odd start never freezes presence.
 */
function presenceHeld(record: AgentRecord, at: number, incoming: { readonly since: number }): boolean {
  const held = record.presenceAt ?? -Infinity;
  return held > at || (held === at && incoming.since < record.agent.presence.since);
}

/** A live (not ended) state counts towards routing activity. */
function isLiveState(state: Interaction['state']): boolean {
  return state !== 'ended' && state !== 'queued';
}

/**
 * Normalised maps of everything the session may see. The only place state changes. Events
 * older than what the store holds for that entity are dropped, repeated ids are dropped, and
 * subscribers hear once per batch.
 *
 * @internal
 */
export class Store {
  /** Every agent held, with the versions of its parts. */
  private readonly agentRecs = new Map<string, AgentRecord>();
  readonly agents: ReadonlyMap<string, Agent> = new AgentViews(this.agentRecs);
  readonly teams = new Map<string, Team>();
  readonly queues = new Map<string, Queue>();
  /**
   * Every interaction held, live and recently ended, one mutable record each (version, fields,
   * masked customer and cached view together): one lookup per event.
   */
  private readonly records = new Map<string, InteractionRecord>();
  /** The ended records, oldest first, bounded. */
  private readonly endedRecords = new Map<string, InteractionRecord>();
  private liveCount = 0;
  /** Live and queued interactions. */
  readonly interactions: ReadonlyMap<string, Interaction> = new InteractionViews(this.records, false, () => this.liveCount);
  /** Recently ended interactions, oldest first, bounded. */
  readonly ended: ReadonlyMap<string, Interaction> = new InteractionViews(this.endedRecords, true, () => this.endedRecords.size);
  /** Masks customer data into an interaction's record, again only when its raw fields change. */
  private readonly maskInto = createSlotMasker();
  readonly monitoring = new Map<string, MonitoringSession>();
  readonly helpRequests = new Map<string, HelpRequest>();
  readonly conversations = new Map<string, ChatMessage[]>();
  readonly coachingNotes = new Map<string, CoachingNote>();
  readonly checkIns = new Map<string, CheckIn>();
  readonly coachingSessions = new Map<string, CoachingSession>();
  readonly colleagueCalls = new Map<string, ColleagueCall>();
  /** Per conversation, per user: the `sentAt` of the newest message they read. */
  readonly readMarkers = new Map<string, Map<string, number>>();
  presenceDefinitions: readonly PresenceDefinition[] = [];
  readonly stats: StoreStats = { applied: 0, duplicates: 0, stale: 0, orphans: 0 };

  /**
   * Live interaction ids of agents the store does not hold (yet), by agent id, as
   * `AgentRecord.live` keeps them for the agents it holds; a record made for such an agent
   * takes its entry over.
   */
  private readonly byAgent = new Map<string, string | Set<string>>();
  /**
   * Versions of agents a snapshot removed, so a late update cannot bring them back; the
   * versions of held agents are in their records.
   */
  private readonly agentRemovedAt = new Map<string, number>();
  /** Versions of the other kinds, one map each so keys are plain ids (no string building). */
  private readonly v = {
    queue: new Map<string, number>(),
    team: new Map<string, number>(),
    monitoring: new Map<string, number>(),
    help: new Map<string, number>(),
    chat: new Map<string, number>(),
    note: new Map<string, number>(),
    checkIn: new Map<string, number>(),
    coachingSession: new Map<string, number>(),
    call: new Map<string, number>(),
    activity: new Map<string, number>(),
  };
  private readonly lists = new Map<string, readonly string[]>();
  private base: number | undefined;
  /** Versions of interactions evicted from `ended`, oldest first, bounded. */
  private readonly tombstones = new Map<string, number>();
  /** No tombstone is newer than this (it never goes down). */
  private tombstonesUpTo = -Infinity;
  private readonly seen: SeenIds;
  private readonly limits: StoreLimits;
  private change: MutableChange = emptyChange();
  /** Numbers the change batches, for {@link InteractionRecord.mark}. */
  private batch = 1;
  /** Numbers a snapshot's sweeps of held records, for their `sweep` marks. */
  private sweeps = 0;
  private dirty = false;
  /**
   * A whole-floor snapshot in this batch listed agents (interactions): the change lists every
   * one held when taken, so the ids are not added one by one.
   */
  private allAgents = false;
  private allInteractions = false;
  /** The interactions such a snapshot removed, listed without hashing; may repeat. */
  private removedInteractions: string[] = [];
  /**
   * `stats.applied` once the last snapshot is counted: while it stays so, no event since has
   * brought a removed interaction back, and one sweep's removed ids are distinct.
   */
  private appliedAtSnapshot = -1;

  constructor(limits: Partial<StoreLimits> = {}) {
    this.limits = { ...DEFAULT_STORE_LIMITS, ...limits };
    this.seen = new SeenIds(this.limits.dedupeWindow);
  }

  /** Whether anything changed since the last {@link takeChange}. */
  get hasChanges(): boolean {
    return this.dirty;
  }

  /** The accumulated change, resetting the accumulator. */
  takeChange(): StoreChange {
    const change: StoreChange = this.change;
    this.change = emptyChange();
    this.batch++;
    this.dirty = false;
    if (!this.allAgents && !this.allInteractions) return change;
    const agentIds = this.allAgents ? Array.from(this.agentRecs.keys()) : [];
    const all = {
      ...change,
      ...(this.allAgents && {
        agents: new HeldIds(this.agentRecs, agentIds, change.agents),
        agentRecords: new HeldIds(this.agentRecs, agentIds, change.agentRecords as ReadonlySet<string>),
      }),
      ...(this.allInteractions && {
        interactions: new HeldIds(this.records, Array.from(this.records.keys()), change.interactions, this.removedInteractions, this.stats.applied === this.appliedAtSnapshot),
      }),
    };
    this.allAgents = false;
    this.allInteractions = false;
    this.removedInteractions = [];
    return all;
  }

  /** Live interaction ids of an agent. */
  liveInteractionIds(agentId: string): Iterable<string> | undefined {
    const record = this.agentRecs.get(agentId);
    const held = record !== undefined ? record.live : this.byAgent.get(agentId);
    return typeof held === 'string' ? [held] : held;
  }

  /**
   * Applies one valid, policy-filtered event. Returns false when it was dropped. `view` is the
   * policy's view of an interaction event's interaction (masked, say), passed beside the event
   * so the hottest path builds no second event object. `masks`, for a snapshot, says which of
   * its interactions to hold with their customer data masked. `fresh`: apply it even if its id
   * was seen, for a snapshot the client asked for; an adapter whose snapshot ids repeat (a counter
   * that starts again in a new leader tab) must still resync, and versions make a repeat harmless.
   */
  apply(event: FloorwalkEvent, view?: Interaction, masks?: readonly boolean[], fresh?: boolean): boolean {
    const id = event.id;
    if (this.seen.seenOrAdd(id) && !fresh) {
      this.stats.duplicates++;
      return false;
    }
    const applied = this.applyFresh(event, view, masks);
    if (applied) {
      this.stats.applied++;
      this.dirty = true;
    }
    return applied;
  }

  /**
   * Applies an interaction event the policy let through. `masked`: the session may not read its
   * customer data, so the record keeps a masked copy of the fields; otherwise `view` (the
   * event's interaction, redacted) is held as it is. `known`: the record held for the
   * interaction's id as {@link interactionRecord} gave it just before (null for none), so it is
   * not looked up twice.
   */
  applyInteraction(event: FloorwalkEvent & { type: 'interaction' }, view: Interaction, masked: boolean, known?: InteractionRecord | null): boolean {
    const id = event.id;
    if (this.seen.seenOrAdd(id)) {
      this.stats.duplicates++;
      return false;
    }
    const applied = this.putInteraction(view, this.version(event.at), masked, known);
    if (applied) {
      this.stats.applied++;
      this.dirty = true;
    }
    return applied;
  }

  /** The record held for an agent id, for a caller reading several of its parts. */
  agentRecord(id: string): AgentRecord | undefined {
    return this.agentRecs.get(id);
  }

  /**
   * The record held for an interaction id (live or recently ended), for a caller that checks
   * it before applying an update and passes it back to {@link applyInteraction}.
   */
  interactionRecord(id: string): InteractionRecord | undefined {
    return this.records.get(id);
  }

  /**
   * Removes an interaction the session may no longer see; `existing`, its record when the caller
   * has it; `at`, the vendor's time of the event that took it out of sight, which starts the part
   * of an agent the session does not see (the metrics end the visible agent's part there).
   */
  forgetInteraction(id: string, existing = this.records.get(id), at = 0): void {
    if (existing === undefined || existing.ended) return;
    // Without a time (a resync's sweep), none: it is no longer read.
    existing.legFrom = at;
    this.records.delete(id);
    this.liveCount--;
    if (existing.agentId !== undefined) this.unindex(existing.agentId, id, existing.agentRecord);
    this.listGone(existing);
    if (this.allInteractions) this.removedInteractions.push(id);
    else this.change.interactions.add(id);
    // After a whole-floor snapshot every agent held is listed already.
    if (existing.agentId !== undefined && !this.allAgents) this.change.agents.add(existing.agentId);
    this.dirty = true;
  }

  /** Removes an agent the session may no longer see, with their interactions. */
  forgetAgent(id: string): void {
    const gone = this.agentRecs.get(id);
    if (gone === undefined) return;
    this.agentRecs.delete(id);
    this.listAgent(gone);
    gone.mark = -1;
    const held = gone.live;
    gone.live = undefined;
    if (held !== undefined) {
      for (const iid of typeof held === 'string' ? [held] : held) {
        const record = this.records.get(iid);
        if (record !== undefined) {
          this.records.delete(iid);
          this.liveCount--;
          this.listGone(record);
        }
        this.change.interactions.add(iid);
      }
    }
    this.changedAgent(id);
    this.dirty = true;
  }

  /**
   * Drops what is held about agents no longer held (they left the session's scope) that `keeps`
   * refuses, as the policy would refuse it arriving now: forgetAgent takes only the record and
   * live interactions, and help, notes, check-ins and history have no snapshot to replace them.
   */
  forgetAbout(keeps: (event: Exclude<FloorwalkEvent, SnapshotEvent>) => boolean): void {
    // Runs after every snapshot (a resync of thousands): the event is built only for an item
    // whose agent is gone, never for the held majority.
    const gone = (agentId: string | undefined): boolean => agentId !== undefined && !this.agentRecs.has(agentId);
    for (const [kind, type, key] of KINDS_ABOUT_AGENTS) {
      for (const [id, item] of this[kind]) {
        if (gone(item.agentId) && !keeps({ type, [key]: item } as never)) {
          this[kind].delete(id);
          this.change[kind].add(id);
          this.dirty = true;
        }
      }
    }
    // Chat of a team the session left: its messages, and so its unread count, go.
    for (const id of this.conversations.keys()) {
      if (!keeps({ type: 'chat-read', conversationId: id } as never)) {
        this.conversations.delete(id);
        this.change.conversations.add(id);
        this.dirty = true;
      }
    }
    for (const [id, record] of this.endedRecords) {
      if (gone(record.agentId) && !keeps({ type: 'interaction', interaction: record.read() } as never)) {
        this.endedRecords.delete(id);
        this.records.delete(id);
        this.change.interactions.add(id);
        this.dirty = true;
      }
    }
  }

  /** Holds a new agent, with any live interactions indexed under their id before they came. */
  private addAgentRecord(agent: Agent, at: number): AgentRecord {
    const record = new AgentRecord(this.shared(agent, agent.presence), at, at);
    this.agentRecs.set(agent.id, record);
    if (this.byAgent.size > 0) {
      record.live = this.byAgent.get(agent.id);
      this.byAgent.delete(agent.id);
    }
    return record;
  }

  /**
   * The agent with its team and queue lists replaced by one shared frozen copy per distinct list:
   * ten thousand agents share a few dozen lists, and every vendor payload carries its own copy.
   */
  private shared(agent: Agent, presence: Agent['presence'], held?: Agent): Agent {
    return { ...agent, presence, teamIds: this.list(agent.teamIds, held?.teamIds), queueIds: this.list(agent.queueIds, held?.queueIds) };
  }

  /**
   * The shared copy of a list. `current`, the shared list the agent holds now, is reused when
   * equal without building a key: true of most agent updates and of every agent in a resync.
   */
  private list(ids: readonly string[], current?: readonly string[]): readonly string[] {
    if (current !== undefined && current.length === ids.length) {
      let same = true;
      for (let i = 0; i < ids.length; i++) {
        if (current[i] !== ids[i]) {
          same = false;
          break;
        }
      }
      if (same) return current;
    }
    const key = ids.join('\u0000');
    let held = this.lists.get(key);
    if (held === undefined) {
      held = Object.freeze([...ids]);
      // Lists come from configuration (teams, skills), so there are few; the cap guards
      // against an adapter that sends a fresh list every time.
      if (this.lists.size < 4096) this.lists.set(key, held);
    }
    return held;
  }

  /**
   * An event time as a version: relative to the first time seen, so versions within weeks of
   * each other are small integers V8 stores inline instead of boxing a double per map entry
   * (tens of thousands of entries on a large floor). Order is preserved, which is all that counts.
   */
  private version(at: number): number {
    if (this.base === undefined) this.base = at;
    return at - this.base;
  }

  /**
   * The version of the last `all` snapshot that listed this kind (by its version map): it is a
   * complete picture, so an entity it did not hold cannot be revived by an older delta (CONN-6b).
   */
  private readonly floors = new Map<Map<string, number>, number>();
  /** The same for interactions, whose versions are in their records. */
  private interactionFloor: number | undefined;

  /** True when `at` is older than the entity's version; otherwise records `at` as the version. */
  private isStale(map: Map<string, number>, key: string, at: number): boolean {
    const held = map.get(key) ?? this.floors.get(map);
    if (held !== undefined && at < held) {
      this.stats.stale++;
      return true;
    }
    map.set(key, at);
    return false;
  }

  private applyFresh(event: FloorwalkEvent, view: Interaction | undefined, masks: readonly boolean[] | undefined): boolean {
    const at = this.version(event.at);
    switch (event.type) {
      case 'presence': {
        const record = this.agentRecs.get(event.agentId);
        if (record === undefined) {
          this.stats.orphans++;
          return false;
        }
        if (presenceHeld(record, at, event.presence)) {
          this.stats.stale++;
          return false;
        }
        this.listAgent(record);
        record.presenceAt = at;
        record.agent = { ...record.agent, presence: event.presence };
        this.changedAgent(event.agentId);
        return true;
      }
      case 'interaction':
        return this.putInteraction(view ?? event.interaction, at, false);
      case 'agent': {
        const agent = event.agent;
        const record = this.agentRecs.get(agent.id);
        const held = record !== undefined ? record.at : (this.agentRemovedAt.get(agent.id) ?? this.floors.get(this.agentRemovedAt));
        if (held !== undefined && at < held) {
          this.stats.stale++;
          return false;
        }
        if (record === undefined) {
          const added = this.addAgentRecord(agent, at);
          this.agentRemovedAt.delete(agent.id);
          this.listAgent(added);
        } else {
          this.listAgent(record);
          record.at = at;
          // Presence has its own version: a newer presence already held wins over the one
          // embedded in a late agent update.
          if (presenceHeld(record, at, agent.presence)) {
            record.agent = this.shared(agent, record.agent.presence, record.agent);
          } else {
            record.agent = this.shared(agent, agent.presence, record.agent);
            record.presenceAt = at;
          }
        }
        this.changedAgent(agent.id);
        return true;
      }
      case 'not-responding': {
        const record = this.agentRecs.get(event.agentId);
        if (record === undefined) {
          this.stats.orphans++;
          return false;
        }
        // None held yet compares false, as undefined does.
        if (event.at < (record.notRespondingAt as number)) {
          this.stats.stale++;
          return false;
        }
        this.listAgent(record);
        record.notRespondingAt = event.at;
        record.agent = { ...record.agent, notResponding: event.notResponding };
        this.changedAgent(event.agentId);
        return true;
      }
      case 'agent-removed': {
        const record = this.agentRecs.get(event.agentId);
        if (record === undefined) {
          this.stats.orphans++;
          return false;
        }
        if (at < record.at) {
          this.stats.stale++;
          return false;
        }
        this.forgetAgent(event.agentId);
        return true;
      }
      case 'queue-stats': {
        const queue = this.queues.get(event.queueId);
        if (queue === undefined) {
          this.stats.orphans++;
          return false;
        }
        return this.put('queues', this.v.queue, { ...queue, stats: event.stats }, at);
      }
      case 'queue':
        return this.put('queues', this.v.queue, event.queue, at);
      case 'team':
        return this.put('teams', this.v.team, event.team, at);
      case 'monitoring':
        return this.put('monitoring', this.v.monitoring, event.session, at, (s) => s.endedAt !== undefined);
      case 'help-request':
        return this.put('helpRequests', this.v.help, event.request, at, (r) => r.state === 'resolved' || r.state === 'cancelled');
      case 'chat-message':
        if (this.isStale(this.v.chat, event.message.id, at)) return false;
        this.putMessage(event.message);
        return true;
      case 'coaching-note':
        return this.put('coachingNotes', this.v.note, event.note, at, () => true);
      case 'check-in':
        return this.put('checkIns', this.v.checkIn, event.checkIn, at, (c) => c.phase === 'ended' || c.phase === 'cancelled');
      case 'coaching-session':
        return this.put('coachingSessions', this.v.coachingSession, event.session, at, (c) => c.state !== 'scheduled');
      case 'colleague-call':
        return this.put('colleagueCalls', this.v.call, event.call, at, (c) => c.endedAt !== undefined);
      case 'activity': {
        const record = this.agentRecs.get(event.agentId);
        if (record === undefined) {
          this.stats.orphans++;
          return false;
        }
        if (this.isStale(this.v.activity, event.agentId, at)) return false;
        this.listAgent(record);
        record.agent = { ...record.agent, activity: event.activity };
        this.changedAgent(event.agentId);
        return true;
      }
      case 'chat-read':
        return this.markRead(event.conversationId, event.userId, event.upTo);
      case 'policy':
      case 'audit':
        // The client keeps the trail itself (append-only, bounded); nothing in the store changes.
        return false;
      case 'snapshot':
        this.applySnapshot(event, masks);
        return true;
    }
  }

  /**
   * `known`: the interaction's record when the caller has just looked it up (a snapshot does),
   * null when it found none.
   */
  private putInteraction(interaction: Interaction, at: number, masked: boolean, known?: InteractionRecord | null): boolean {
    const id = interaction.id;
    let record = known === undefined ? this.records.get(id) : (known ?? undefined);
    // Not held: stale when older than its tombstone or than the last whole-floor snapshot, which
    // did not list it. A tombstone can only matter to an update older than the newest one.
    let held: number | undefined;
    if (record !== undefined) held = record.at;
    else {
      held = this.interactionFloor;
      if (at < this.tombstonesUpTo) {
        const gone = this.tombstones.get(id);
        if (gone !== undefined && (held === undefined || gone > held)) held = gone;
      }
    }
    if (held !== undefined && at < held) {
      this.stats.stale++;
      return false;
    }
    const wasLive = record !== undefined && !record.ended;
    // What the live record was indexed under, before the update overwrites it.
    const previousAgent = wasLive ? (record as InteractionRecord).agentId : undefined;
    const previousIndexed = wasLive && isLiveState((record as InteractionRecord).state);
    const rawAgentId = interaction.agentId;
    // The agent's and queue's own id strings, rather than one more copy per interaction.
    let agentId: string | undefined;
    let agentRecord: AgentRecord | undefined;
    if (rawAgentId === undefined) agentId = undefined;
    else if (record !== undefined && record.agentId === rawAgentId && record.agentRecord !== undefined && !record.agentRecord.gone) {
      // The agent's record, kept from the last update; looked up again if the agent was not
      // held then, or has left since (a record that is gone is never held again).
      agentId = record.agentId;
      agentRecord = record.agentRecord;
    } else {
      agentRecord = this.agentRecs.get(rawAgentId);
      agentId = agentRecord?.agent.id ?? rawAgentId;
    }
    if (previousAgent !== undefined && previousAgent !== agentId) {
      this.unindex(previousAgent, id, (record as InteractionRecord).agentRecord);
      this.change.agents.add(previousAgent);
    }
    const ended = interaction.state === 'ended';
    let changes = 0;
    // Whether this batch's change carries the record already.
    let listed = false;
    if (record === undefined) {
      record = new InteractionRecord(id);
      this.records.set(id, record);
      changes = RecordChange.Added;
    } else if (record.mark === this.batch) {
      changes = record.changes;
      listed = (changes & SIGNIFICANT_CHANGES) !== 0;
    } else {
      // A batch's first change to it: what the last batch changed is history now.
      changes = record.changes & RecordChange.Connected;
      record.passed = undefined;
    }
    const previous = record.agentId;
    if (previous !== agentId) {
      if (previous !== undefined) {
        // It leaves an agent: the state it leaves is kept, so the part (or the offer) that agent
        // had is timed as it ended, even when it began and ended within this batch.
        (record.passed ??= []).push(record.read());
        // A hand-over, also of one new in this batch: the new agent's part starts at this event's
        // time (the vendor's), with the hold the interaction had then, which a vendor may run on.
        // The metrics time the part or offer that ended here from it too, not from when the
        // batch landed. (They take the new agent's offer or connect stamp when later.)
        const now = at + (this.base as number);
        record.legFrom = now;
        record.holdBase = holdOf(interaction, now);
      }
      changes |= RecordChange.Agent;
    }
    if (((changes & RecordChange.Connected) !== 0) !== (interaction.connectedAt !== undefined)) {
      changes = (changes | RecordChange.Connection) ^ RecordChange.Connected;
    }
    if (ended) changes |= RecordChange.Ended;
    if (record.queueId !== interaction.queueId) changes |= RecordChange.Queue;
    if (record.ended && !ended) {
      changes |= RecordChange.Added;
      // A newer event may reopen an ended interaction (a vendor's late correction): it joins
      // the live ones at the end, as a new one would.
      this.endedRecords.delete(id);
      this.records.delete(id);
      this.records.set(id, record);
    }
    record.at = at;
    record.changes = changes;
    record.agentRecord = agentRecord;
    if (masked && (interaction.customer !== undefined || interaction.subject !== undefined)) {
      const q = interaction.queueId;
      const queueId = q === undefined ? undefined : q === record.queueId ? record.queueId : (this.queues.get(q)?.id ?? q);
      record.copy(interaction, agentId, queueId);
      this.maskInto(record, interaction.customer, interaction.subject !== undefined);
    } else record.hold(interaction);
    if (ended) {
      if (wasLive) this.liveCount--;
      record.ended = true;
      if (agentId !== undefined) this.unindex(agentId, id, agentRecord);
      this.endedRecords.delete(id);
      this.endedRecords.set(id, record);
      if (this.endedRecords.size > this.limits.endedInteractions) {
        const oldest = this.oldest(this.endedRecords, 'endedKeys');
        const evicted = this.endedRecords.get(oldest) as InteractionRecord;
        this.endedRecords.delete(oldest);
        this.records.delete(oldest);
        // Its version outlives it as a tombstone, so a late copy of an older state cannot
        // bring it back to life once it has left the recent history.
        this.tombstone(oldest, evicted.at);
      }
    } else {
      if (!wasLive) this.liveCount++;
      record.ended = false;
      // Most updates move a live interaction between live states of the same agent: already indexed.
      const indexed = previousIndexed && previousAgent === agentId;
      if (agentId !== undefined) {
        if (isLiveState(interaction.state)) {
          if (!indexed) this.index(agentId, id, agentRecord);
        } else if (indexed) this.unindex(agentId, id, agentRecord);
      }
    }
    if (!this.allInteractions) this.change.interactions.add(id);
    record.mark = this.batch;
    if (!listed && (changes & SIGNIFICANT_CHANGES) !== 0) this.change[CHANGED_RECORDS].push(record);
    if (agentId !== undefined && !this.allAgents) this.change.agents.add(agentId);
    return true;
  }

  /** Lists an agent's id in both of the batch's agent sets. */
  private changedAgent(id: string): void {
    this.change.agents.add(id);
    this.change.agentRecords.add(id);
  }

  /**
   * Lists a changed agent record in this batch's change, once; called before the change. Changed
   * again in the same batch, the agent as it was is kept in `passed`, so the metrics still see a
   * presence that began and ended within one batch (a hidden tab's minute of backlog).
   */
  private listAgent(record: AgentRecord): void {
    if (record.mark === this.batch) (record.passed ??= []).push(record.agent);
    else {
      record.mark = this.batch;
      record.passed = undefined;
      this.change[CHANGED_AGENTS].push(record);
    }
  }

  /** Lists a record that left the store while live in this batch's change, unless it is there already. */
  private listGone(record: InteractionRecord): void {
    // Unchanged in this batch, what it passed through is an earlier batch's: the metrics would
    // replay those hand-overs again.
    if (record.mark !== this.batch) (record.passed = undefined), (record.changes = 0);
    if ((record.changes & SIGNIFICANT_CHANGES) === 0) this.change[CHANGED_RECORDS].push(record);
    record.mark = -1;
  }

  /** Indexes a live interaction under its agent: on the agent's record when the store holds them. */
  private index(agentId: string, interactionId: string, agent: AgentRecord | undefined): void {
    const held = agent !== undefined ? agent.live : this.byAgent.get(agentId);
    let next: string | Set<string>;
    if (held === undefined) next = interactionId;
    else if (typeof held === 'string') {
      if (held === interactionId) return;
      next = new Set([held, interactionId]);
    } else {
      held.add(interactionId);
      return;
    }
    if (agent !== undefined) agent.live = next;
    else this.byAgent.set(agentId, next);
  }

  /**
   * Takes a live interaction out of its agent's index. `agent` is the record it was indexed
   * with; without one it may have been indexed before the agent came, and moved to their record.
   */
  private unindex(agentId: string, interactionId: string, agent: AgentRecord | undefined): void {
    const record = agent !== undefined && !agent.gone ? agent : this.agentRecs.get(agentId);
    const held = record !== undefined ? record.live : this.byAgent.get(agentId);
    if (held === undefined) return;
    let next: string | Set<string> | undefined = held;
    if (typeof held === 'string') {
      if (held !== interactionId) return;
      next = undefined;
    } else {
      held.delete(interactionId);
      // Idle agents hold nothing: on a large floor that memory outweighs the reallocation.
      if (held.size !== 1) return;
      next = held.values().next().value as string;
    }
    if (record !== undefined) record.live = next;
    else if (next === undefined) this.byAgent.delete(agentId);
    else this.byAgent.set(agentId, next);
  }

  /**
   * Applies an entity unless `at` is stale (then false). With `finished`, the finished ones
   * (ended sessions, resolved requests) are kept only up to the history limit, dropping the
   * oldest finished one first, with its version: a version kept for every id ever seen would
   * grow all shift long. Without, the entity keeps its place in the map's order (teams, queues).
   */
  private put<T extends { readonly id: string }>(kind: PutKind, versions: Map<string, number>, value: T, at: number, finished?: (value: T) => boolean): boolean {
    const id = value.id;
    if (this.isStale(versions, id, at)) return false;
    const map = this[kind] as unknown as Map<string, T>;
    if (finished) map.delete(id);
    map.set(id, value);
    this.change[kind].add(id);
    if (!finished || map.size <= this.limits.history) return true;
    for (const [key, held] of map) {
      if (finished(held)) {
        map.delete(key);
        versions.delete(key);
        break;
      }
    }
    return true;
  }

  /** The newest `sentAt` a user read in a conversation, or -Infinity. */
  readMarker(conversationId: string, userId: string): number {
    return this.readMarkers.get(conversationId)?.get(userId) ?? -Infinity;
  }

  /**
   * Moves a user's read marker forward (never back) and applies it to the messages held: 1:1
   * messages from the other person become `read`, team messages list the reader in `readBy`.
   */
  private markRead(conversationId: string, userId: string, upTo: number): boolean {
    let markers = this.readMarkers.get(conversationId);
    if (markers === undefined) {
      markers = new Map();
      this.readMarkers.set(conversationId, markers);
    }
    if ((markers.get(userId) ?? -Infinity) >= upTo) return false;
    markers.set(userId, upTo);
    const list = this.conversations.get(conversationId);
    if (list !== undefined) for (let i = 0; i < list.length; i++) this.applyRead(list, i, userId, upTo);
    this.change.conversations.add(conversationId);
    return true;
  }

  private applyRead(list: ChatMessage[], i: number, userId: string, upTo: number): void {
    const m = list[i] as ChatMessage;
    // Nobody has read one the platform only just took, whatever its time (the sender's clock) says.
    if (m.sentAt > upTo || m.authorId === userId || m.id[0] === '~') return;
    if (m.conversationId.startsWith('team:')) {
      if (!(m.readBy ?? []).includes(userId)) list[i] = { ...m, readBy: [...(m.readBy ?? []), userId] };
    } else if (m.delivery !== 'read') list[i] = { ...m, delivery: 'read' };
  }

  private putMessage(message: ChatMessage): void {
    let list = this.conversations.get(message.conversationId);
    if (list === undefined) this.conversations.set(message.conversationId, (list = []));
    // The platform's copy of one's own message takes the place of the one the client showed since
    // the send's answer (`~<key>`, see the client), in its own place by the platform's time.
    const shown = list.findIndex((m) => m.id === '~' + message.key);
    if (shown >= 0) list.splice(shown, 1);
    let i = list.findIndex((m) => m.id === message.id);
    const held = list[i];
    if (held !== undefined) {
      // Delivery only moves forward: a late `delivered` never undoes a `read`.
      if (DELIVERY_RANK[held.delivery] > DELIVERY_RANK[message.delivery]) message = { ...message, delivery: held.delivery };
      if (held.readBy !== undefined && message.readBy === undefined) message = { ...message, readBy: held.readBy };
      list[i] = message;
    } else {
      // By the platform's time, ties by id, so every client and every reload shows one order
      // whatever order the messages came in. Almost always in order: walk back from the end.
      i = list.length;
      for (let p: ChatMessage; i > 0 && ((p = list[i - 1] as ChatMessage).sentAt > message.sentAt || (p.sentAt === message.sentAt && p.id > message.id)); ) i--;
      list.splice(i, 0, message);
      // A message pushed out forgets its version too; a late update of it lands oldest and goes again.
      if (list.length > this.limits.messagesPerConversation) {
        this.v.chat.delete((list.shift() as ChatMessage).id);
        i--;
      }
    }
    // A read marker that arrived first still applies to the message (unless it was the one pushed out).
    const markers = this.readMarkers.get(message.conversationId);
    if (markers !== undefined && i >= 0) for (const [userId, upTo] of markers) this.applyRead(list, i, userId, upTo);
    this.change.conversations.add(message.conversationId);
  }

  /**
   * One's own message the platform took, its copy still to come: held as `~<key>` (so it has no
   * version, and nobody has read it) until that copy, by `key`, takes its place.
   */
  putSent(message: ChatMessage): void {
    this.putMessage(message);
    this.dirty = true;
  }

  /**
   * Drops what the client showed of its own messages whose platform copy has not come: on a
   * resync after a gap in the link, where the platform's history is what is shown from then on.
   */
  dropSentCopies(): void {
    for (const list of this.conversations.values()) for (let i = list.length; i--; ) if (list[i]!.id[0] === '~') list.splice(i, 1);
  }

  /**
   * Replaces every entity within the scope. An entity the store holds at a version newer than
   * the snapshot (a delta that overtook it) is kept, since the snapshot is older news.
   */
  private applySnapshot(snapshot: SnapshotEvent, masks: readonly boolean[] | undefined): void {
    const at = this.version(snapshot.at);
    const scope = snapshot.scope;
    this.change.reset = true;
    if (scope.kind === 'all') {
      const lists: [unknown, Map<string, number>][] = [
        [snapshot.teams, this.v.team],
        [snapshot.queues, this.v.queue],
        [snapshot.agents, this.agentRemovedAt],
        [snapshot.monitoring, this.v.monitoring],
        [snapshot.helpRequests, this.v.help],
      ];
      for (const [list, versions] of lists) if (list !== undefined && at > (this.floors.get(versions) ?? -Infinity)) this.floors.set(versions, at);
      if (snapshot.interactions !== undefined && at > (this.interactionFloor ?? -Infinity)) this.interactionFloor = at;
      if (snapshot.agents !== undefined) this.allAgents = true;
      if (snapshot.interactions !== undefined) {
        // Counted after this returns; a second snapshot in the batch counts again, and fails the test.
        this.appliedAtSnapshot = this.allInteractions ? -1 : this.stats.applied + 1;
        this.allInteractions = true;
      }
    }

    for (const [kind, list, versions] of [
      ['teams', snapshot.teams, this.v.team],
      ['queues', snapshot.queues, this.v.queue],
    ] as const) {
      if (list !== undefined) this.replaceSet(this[kind] as Map<string, Team | Queue>, list, versions, at, scope, this.change[kind]);
    }
    // Captured before agents are replaced, so a team snapshot also clears the interactions of
    // agents who left the team.
    const teamAgents = new Set<string>();
    if (scope.kind === 'team') {
      for (const agent of this.agents.values()) if (agent.teamIds.includes(scope.id)) teamAgents.add(agent.id);
      for (const agent of snapshot.agents ?? []) teamAgents.add(agent.id);
    }
    if (snapshot.agents !== undefined) {
      const list = snapshot.agents;
      // Updated before the sweep, so each record is looked up once and marked as kept as it is
      // updated (one listed twice is found as made or updated by its first copy); then the
      // records not marked are removed.
      const sweep = ++this.sweeps;
      for (let i = 0; i < list.length; i++) {
        const agent = list[i] as Agent;
        let record = this.agentRecs.get(agent.id);
        if (record === undefined) {
          if (this.agentRemovedAt.size > 0 && (this.agentRemovedAt.get(agent.id) ?? -Infinity) > at) continue;
          record = this.addAgentRecord(agent, at);
          this.agentRemovedAt.delete(agent.id);
        } else if (record.at <= at) {
          const keepPresence = presenceHeld(record, at, agent.presence);
          record.agent = this.shared(agent, keepPresence ? record.agent.presence : agent.presence, record.agent);
          record.at = at;
          if (!keepPresence) record.presenceAt = at;
        } else {
          record.sweep = sweep;
          continue;
        }
        record.sweep = sweep;
        if (!this.allAgents) this.changedAgent(agent.id);
      }
      // Loops here rather than forEach with a closure: a closure made per snapshot was
      // optimised afresh in every resync (--trace-opt), on the shared cores.
      for (const record of this.agentRecs.values()) {
        if (record.sweep === sweep || !agentInScope(record.agent, scope) || record.at > at) continue;
        const id = record.agent.id;
        this.forgetAgent(id);
        this.agentRemovedAt.set(id, at);
      }
    }
    if (snapshot.interactions !== undefined) {
      const list = snapshot.interactions;
      // As for agents: each record looked up once, marked as kept, swept, then updated.
      const found = this.records.size === 0 ? undefined : new Array<InteractionRecord | undefined>(list.length);
      const sweep = ++this.sweeps;
      if (found !== undefined) {
        for (let i = 0; i < list.length; i++) {
          const record = this.records.get((list[i] as Interaction).id);
          if (record !== undefined) record.sweep = sweep;
          found[i] = record;
        }
        const gone: string[] = [];
        for (const record of this.records.values()) {
          if (record.ended || record.sweep === sweep || !interactionInScope(record, scope, teamAgents) || record.at > at) continue;
          this.forgetInteraction(record.id, record);
          gone.push(record.id);
        }
        // They ended while we were away. A delta sent before the snapshot may still be in flight:
        // the tombstone keeps it from bringing the interaction back (CONN-6b).
        this.tombstoneAll(gone, at);
      }
      for (let i = 0; i < list.length; i++) {
        const interaction = list[i] as Interaction;
        let record = found?.[i];
        // Looked up again when new (listed twice, it may have been created just now) or ended
        // (an earlier item of the list may have pushed it out of the ended history).
        if (record === undefined || record.ended) record = this.records.get(interaction.id);
        if (record !== undefined && record.at > at) continue;
        this.putInteraction(interaction, at, masks?.[i] === true, record ?? null);
      }
    }
    if (snapshot.monitoring !== undefined) {
      // A snapshot lists what is live: a session it leaves out ended (when it does not say, at the
      // snapshot), and stays in the history with those already ended, or an agent's record of who
      // monitored them would be wiped by every reconnect.
      this.replaceSet(this.monitoring, snapshot.monitoring, this.v.monitoring, at, scope, this.change.monitoring, (s) => s.agentId, (s) => s.endedAt === undefined ? { ...s, endedAt: snapshot.at } : s);
    }
    if (snapshot.helpRequests !== undefined) {
      this.replaceSet(this.helpRequests, snapshot.helpRequests, this.v.help, at, scope, this.change.helpRequests, (r) => r.agentId);
    }
    if (snapshot.presenceDefinitions !== undefined) this.presenceDefinitions = snapshot.presenceDefinitions;
  }


  /**
   * {@link tombstone} for each id in turn (distinct ids). A resync may end more interactions
   * than the bound holds; then only the last ones would remain, and they are written alone.
   */
  private tombstoneAll(ids: readonly string[], at: number): void {
    const limit = this.limits.tombstones;
    if (ids.length < limit) {
      for (const id of ids) this.tombstone(id, at);
      return;
    }
    this.tombstones.clear();
    this.tombstoneKeys = undefined;
    for (let i = ids.length - limit; i < ids.length; i++) this.tombstones.set(ids[i] as string, at);
    if (at > this.tombstonesUpTo) this.tombstonesUpTo = at;
  }

  /** Remembers the version of an interaction that is gone, bounded like the ended history's. */
  private tombstone(id: string, at: number): void {
    this.tombstones.delete(id);
    this.tombstones.set(id, at);
    if (at > this.tombstonesUpTo) this.tombstonesUpTo = at;
    if (this.tombstones.size > this.limits.tombstones) this.tombstones.delete(this.oldest(this.tombstones, 'tombstoneKeys'));
  }

  /*
   * The oldest key of a bounded map, through an iterator kept across calls. A fresh keys()
   * would walk every slot that deletions at the front left empty (up to the table's capacity,
   * thousands for the tombstones) before the first live key; a kept iterator passes each slot
   * once. Map iterators stay valid through deletions, insertions and rehashing, and
   * re-inserted keys are met again at their new place, so it always yields the oldest key.
   */
  private endedKeys: Iterator<string> | undefined;
  private tombstoneKeys: Iterator<string> | undefined;

  private oldest(map: Map<string, unknown>, kept: 'endedKeys' | 'tombstoneKeys'): string {
    let next = this[kept]?.next();
    if (next === undefined || next.done === true) next = (this[kept] = map.keys()).next();
    return next.value as string;
  }

  /**
   * Replaces what a snapshot lists of one kind: held items within its scope that it does not list
   * go, unless held at a newer version; with `ended`, they stay as it makes them. Without
   * `agentOf` (teams, queues) only an `all` snapshot drops any.
   */
  private replaceSet<T extends { readonly id: string }>(
    map: Map<string, T>,
    items: readonly T[],
    versions: Map<string, number>,
    at: number,
    scope: SnapshotScope,
    changed: Set<string>,
    agentOf?: (item: T) => string,
    ended?: (item: T) => T,
  ): void {
    const keep = new Set(items.map((item) => item.id));
    for (const [id, item] of map) {
      if (keep.has(id) || (versions.get(id) ?? -Infinity) > at) continue;
      const agentId = agentOf?.(item);
      const agent = agentId === undefined ? undefined : this.agents.get(agentId);
      const inScope = scope.kind === 'all' || (scope.kind === 'agent' && agentId === scope.id) || (agent !== undefined && agentInScope(agent, scope));
      if (!inScope) continue;
      if (ended) map.set(id, ended(item));
      else map.delete(id);
      // Remembered at the snapshot's version, so an older delta still in flight is stale.
      versions.set(id, at);
      changed.add(id);
    }
    for (const item of items) {
      if ((versions.get(item.id) ?? -Infinity) > at) continue;
      map.set(item.id, item);
      versions.set(item.id, at);
      changed.add(item.id);
    }
  }
}

/** Whether a held interaction is within a snapshot's scope; a module function for the reason above the sweeps. */
function interactionInScope(i: InteractionRecord, scope: SnapshotScope, teamAgents: ReadonlySet<string>): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'queue':
      return i.queueId === scope.id && i.agentId === undefined;
    case 'agent':
      return i.agentId === scope.id;
    case 'team':
      return i.agentId !== undefined && teamAgents.has(i.agentId);
  }
}

function agentInScope(agent: Agent, scope: SnapshotScope): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'team':
      return agent.teamIds.includes(scope.id);
    case 'agent':
      return agent.id === scope.id;
    case 'queue':
      return false;
  }
}

