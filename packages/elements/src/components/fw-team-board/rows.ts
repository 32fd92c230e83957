// The team board's row model: what one agent's row shows, derived from the client's selectors,
// and the pure functions the board filters, sorts, groups and checks thresholds with. Internal:
// not exported from the package.
import { PRESENCE_STATES, type Agent, type Channel, type Floorwalk, type Interaction, type PresenceState, type RoutingActivity, type SessionMode } from '@floorwalk/core';

/**
 * What a row says the agent is doing: their routing activity when they have work, else their
 * presence. The summary counts, the `state` sort and the `state` grouping use it.
 */
export type BoardState = Exclude<RoutingActivity, 'idle'> | PresenceState;

/** Board states in display order: work first, then the presence states. */
export const BOARD_STATES: readonly BoardState[] = ['interacting', 'held', 'offered', 'wrap-up', 'not-responding', ...PRESENCE_STATES];
const STATE_RANK = new Map<BoardState, number>(BOARD_STATES.map((state, i) => [state, i]));

/** The thresholds a row can pass. */
export type ThresholdKind = 'long-call' | 'long-hold' | 'long-wrap-up' | 'long-break';
export const THRESHOLD_KINDS: readonly ThresholdKind[] = ['long-call', 'long-hold', 'long-wrap-up', 'long-break'];

/** When a row is highlighted, in milliseconds. */
export interface Thresholds {
  /** A voice or video call connected for this long (holds included, wrap-up not). */
  readonly longCallMs: number;
  /** The current hold of an interaction lasting this long. */
  readonly longHoldMs: number;
  /** The wrap-up of an interaction lasting this long. */
  readonly longWrapUpMs: number;
  /** An agent on `break` or `away` for this long. */
  readonly longBreakMs: number;
}

/** Defaults: 10 minutes of call, 2 of hold, 2 of wrap-up, 15 of break. */
export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({
  longCallMs: 10 * 60_000,
  longHoldMs: 2 * 60_000,
  longWrapUpMs: 2 * 60_000,
  longBreakMs: 15 * 60_000,
});

/** The attribute form (seconds) of each threshold. */
export const THRESHOLD_ATTRIBUTES: Readonly<Record<string, keyof Thresholds>> = {
  'long-call': 'longCallMs',
  'long-hold': 'longHoldMs',
  'long-wrap-up': 'longWrapUpMs',
  'long-break': 'longBreakMs',
};

/** Fills in defaults and drops values that are not positive numbers. */
export function resolveThresholds(value: Partial<Thresholds> | null | undefined): Thresholds {
  const out: Record<keyof Thresholds, number> = { ...DEFAULT_THRESHOLDS };
  if (value) {
    for (const key of Object.keys(DEFAULT_THRESHOLDS) as (keyof Thresholds)[]) {
      const v = value[key];
      if (typeof v === 'number' && v > 0) out[key] = v;
    }
  }
  return Object.freeze(out);
}

/** How an agent is being monitored: the mode shown, and whether this session is the one monitoring. */
export interface MonitoringMark {
  readonly mode: SessionMode;
  readonly mine: boolean;
}

/** Everything one row shows. Immutable: a changed agent gets a new object, which re-renders its row. */
export interface RowModel {
  readonly id: string;
  readonly agent: Agent;
  /** Lower-cased, accents removed: what search matches against. */
  readonly nameKey: string;
  readonly state: BoardState;
  /** Live interactions, the most engaged first (connected, held, ringing, wrap-up). */
  readonly interactions: readonly Interaction[];
  readonly channels: readonly Channel[];
  readonly help: boolean;
  readonly monitored: boolean;
  /** How the agent is monitored, when they are: this session's mode if it is one of those monitoring. */
  readonly monitoring?: MonitoringMark;
  /** Thresholds passed now. */
  readonly alerts: readonly ThresholdKind[];
  /**
   * When the row will next pass a threshold it has not passed, if nothing changes (Infinity
   * when none can): the ticker looks only at rows whose time has come. Alerts end only when
   * the agent changes, which rebuilds the row.
   */
  readonly nextAlertAt: number;
  /** Whether this session may open the agent's details. */
  readonly canOpen: boolean;
}

const INTERACTION_RANK: Readonly<Record<Interaction['state'], number>> = {
  connected: 4,
  held: 3,
  offered: 2,
  'wrap-up': 1,
  queued: 0,
  ended: 0,
};

/** Lower case without accents, so "jose" finds "José". */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Whether the session may open this agent's details: it may act on the agent as a supervisor
 * would (set their presence, or write them a coaching note). An agent's own row never offers
 * it, so an agent-role session sees no actions.
 */
export function canOpenDetails(client: Floorwalk, agentId: string): boolean {
  const session = client.session;
  const self = session.agentId ?? (session.role === 'agent' ? session.userId : undefined);
  if (agentId === self) return false;
  return (
    client.can({ type: 'set-presence', agentId, state: 'available' }) ||
    client.can({ type: 'add-coaching-note', agentId, body: 'details' })
  );
}

/** Builds one agent's row from the client's selectors. */
export function buildRow(
  client: Floorwalk,
  agent: Agent,
  help: boolean,
  monitored: boolean,
  now: number,
  thresholds: Thresholds,
  previous: RowModel | undefined,
  monitoring?: MonitoringMark,
): RowModel {
  const live = client.getInteractions({ agentId: agent.id });
  const interactions =
    live.length <= 1 ? live : [...live].sort((a, b) => INTERACTION_RANK[b.state] - INTERACTION_RANK[a.state]);
  const activity = client.getRoutingActivity(agent.id);
  const state: BoardState = activity === 'idle' ? agent.presence.state : activity;
  const channels = interactions.length === 0 ? NO_CHANNELS : [...new Set(interactions.map((i) => i.channel))];
  const row = {
    id: agent.id,
    agent,
    nameKey: previous !== undefined && previous.agent.name === agent.name ? previous.nameKey : searchKey(agent.name),
    state,
    interactions,
    channels,
    help,
    monitored,
    ...(monitored && monitoring !== undefined ? { monitoring } : {}),
    alerts: NO_ALERTS,
    nextAlertAt: Infinity,
    canOpen: canOpenDetails(client, agent.id),
  };
  return { ...row, ...checkAlerts(row, now, thresholds) };
}

const NO_CHANNELS: readonly Channel[] = Object.freeze([]);
const NO_ALERTS: readonly ThresholdKind[] = Object.freeze([]);

/**
 * The thresholds a row has passed at `now` (one shared empty list when none), and when it
 * will pass the next one it has not.
 */
export function checkAlerts(
  row: Pick<RowModel, 'agent' | 'interactions'>,
  now: number,
  t: Thresholds,
): { alerts: readonly ThresholdKind[]; nextAlertAt: number } {
  let out: ThresholdKind[] | undefined;
  let next = Infinity;
  const check = (kind: ThresholdKind, since: number | undefined, limit: number): void => {
    if (since === undefined) return;
    const due = since + limit;
    if (now >= due) (out ??= []).push(kind);
    else if (due < next) next = due;
  };
  for (const i of row.interactions) {
    if ((i.state === 'connected' || i.state === 'held') && (i.channel === 'voice' || i.channel === 'video')) {
      check('long-call', i.connectedAt, t.longCallMs);
    }
    if (i.state === 'held') check('long-hold', i.heldAt, t.longHoldMs);
    if (i.state === 'wrap-up') check('long-wrap-up', i.wrapUpAt, t.longWrapUpMs);
  }
  const presence = row.agent.presence;
  if (presence.state === 'break' || presence.state === 'away') check('long-break', presence.since, t.longBreakMs);
  if (out === undefined) return { alerts: NO_ALERTS, nextAlertAt: next };
  // One of each kind, in a fixed order, so equal sets compare equal.
  const found = out;
  return { alerts: THRESHOLD_KINDS.filter((kind) => found.includes(kind)), nextAlertAt: next };
}

/** Whether two alert lists hold the same kinds (both come out of {@link checkAlerts}, so ordered). */
export function sameAlerts(a: readonly ThresholdKind[], b: readonly ThresholdKind[]): boolean {
  return a.length === b.length && a.every((kind, i) => kind === b[i]);
}

/** When the alert that is furthest along began: for the duration an announcement gives. */
export function alertSince(row: RowModel, kind: ThresholdKind): number | undefined {
  if (kind === 'long-break') return row.agent.presence.since;
  for (const i of row.interactions) {
    if (kind === 'long-call' && i.connectedAt !== undefined && (i.state === 'connected' || i.state === 'held')) return i.connectedAt;
    if (kind === 'long-hold' && i.state === 'held') return i.heldAt;
    if (kind === 'long-wrap-up' && i.state === 'wrap-up') return i.wrapUpAt;
  }
  return undefined;
}

/** The board's filters, already normalised; empty strings mean "any". */
export interface BoardFilter {
  readonly team: string;
  readonly queue: string;
  readonly presence: string;
  readonly channel: string;
  /** A {@link searchKey}. */
  readonly search: string;
}

export function matches(row: RowModel, f: BoardFilter): boolean {
  const agent = row.agent;
  return (
    (f.team === '' || agent.teamIds.includes(f.team)) &&
    (f.queue === '' || agent.queueIds.includes(f.queue)) &&
    (f.presence === '' || agent.presence.state === f.presence) &&
    (f.channel === '' || row.channels.includes(f.channel as Channel)) &&
    (f.search === '' || row.nameKey.includes(f.search))
  );
}

export type SortKey = 'name' | 'state' | 'time-in-state';
export type GroupKey = 'none' | 'team' | 'state';
export const SORT_KEYS: readonly SortKey[] = ['name', 'state', 'time-in-state'];
export const GROUP_KEYS: readonly GroupKey[] = ['none', 'team', 'state'];

export function stateRank(state: BoardState): number {
  return STATE_RANK.get(state) ?? BOARD_STATES.length;
}

/** The key a row is grouped under. */
export function groupOf(row: RowModel, group: GroupKey): string {
  if (group === 'team') return row.agent.teamIds[0] ?? '';
  if (group === 'state') return row.state;
  return '';
}

/**
 * Whether a change from `before` to `after` can move the row in the list (in or out of the
 * filter, to another place in the order or another group). When it cannot, the list stays the
 * same array and only the row re-renders.
 */
export function movesRow(before: RowModel, after: RowModel, f: BoardFilter, sort: SortKey, group: GroupKey): boolean {
  if (matches(before, f) !== matches(after, f)) return true;
  if (before.agent.name !== after.agent.name) return true;
  if (sort === 'state' && before.state !== after.state) return true;
  if (sort === 'time-in-state' && before.agent.presence.since !== after.agent.presence.since) return true;
  return groupOf(before, group) !== groupOf(after, group);
}

/** A group heading in the list. */
export interface GroupItem {
  readonly group: string;
  readonly label: string;
  readonly count: number;
}

/** An item of the virtualised list: an agent id, or a group heading. */
export type BoardItem = string | GroupItem;

/** Orders rows by a sort key; names break ties, and their ranks are distinct, so the order is total. */
function comparer(sort: SortKey, nameRank: ReadonlyMap<string, number>): (a: RowModel, b: RowModel) => number {
  const byName = (a: RowModel, b: RowModel): number => (nameRank.get(a.id) ?? 0) - (nameRank.get(b.id) ?? 0);
  return sort === 'state'
    ? (a, b) => stateRank(a.state) - stateRank(b.state) || byName(a, b)
    : sort === 'time-in-state'
      ? (a, b) => a.agent.presence.since - b.agent.presence.since || byName(a, b)
      : byName;
}

/** The ids of the rows the filter shows, in order, by the key of their group ('' ungrouped). */
export type Segments = ReadonlyMap<string, readonly string[]>;

/**
 * The shown rows, filtered and sorted, split by group. `nameRank` orders names (computed once
 * with the locale's collator, so sorting 10,000 rows compares numbers, not strings).
 */
export function segment(rows: Iterable<RowModel>, f: BoardFilter, sort: SortKey, group: GroupKey, nameRank: ReadonlyMap<string, number>): Segments {
  const shown: RowModel[] = [];
  for (const row of rows) if (matches(row, f)) shown.push(row);
  shown.sort(comparer(sort, nameRank));
  const segments = new Map<string, string[]>();
  for (const row of shown) {
    const key = groupOf(row, group);
    let ids = segments.get(key);
    if (ids === undefined) segments.set(key, (ids = []));
    ids.push(row.id);
  }
  return segments;
}

/**
 * {@link segment}'s result after some rows changed in ways that move them (see {@link movesRow}),
 * without sorting the rest again: `moved` holds each with the row as it was when last placed.
 * They leave the segment they were in, then go into theirs: by binary search, or merged in
 * order when many join one segment. Every other row
 * kept the keys it was placed by, so this equals {@link segment} over the current rows. The
 * segments it touches are copies: the arrays it was given (the list on screen) stay as they were.
 */
export function reshuffle(
  segments: Segments,
  moved: ReadonlyMap<string, RowModel>,
  current: (id: string) => RowModel | undefined,
  f: BoardFilter,
  sort: SortKey,
  group: GroupKey,
  nameRank: ReadonlyMap<string, number>,
): Segments {
  const next = new Map(segments);
  const compare = comparer(sort, nameRank);
  // A segment is copied the first time a row leaves or joins it.
  const copies = new Map<string, string[]>();
  const copy = (key: string): string[] => {
    let ids = copies.get(key);
    if (ids === undefined) copies.set(key, (ids = [...(next.get(key) ?? [])]));
    return ids;
  };
  // A few leaving rows are found by binary search, by the keys they were placed by (the rows
  // they pass sit where theirs put them): filtering a whole-floor segment asked the moved map
  // about each of its 10,000 ids, most of a sorted board's work per frame. Many, or one not
  // where its keys say (placed before the names were ranked), and the segments are filtered.
  const placed = (id: string): RowModel => moved.get(id) ?? (current(id) as RowModel);
  let found = moved.size <= 32;
  for (const before of moved.values()) {
    if (!found) break;
    if (!matches(before, f)) continue;
    const ids = copy(groupOf(before, group));
    const at = place(ids, before, compare, placed);
    if (ids[at] === before.id) ids.splice(at, 1);
    else found = false;
  }
  if (!found) {
    copies.clear();
    for (const before of moved.values()) {
      const key = groupOf(before, group);
      if (matches(before, f) && !copies.has(key)) copies.set(key, (next.get(key) ?? []).filter((id) => !moved.has(id)));
    }
  }
  // Joining rows by segment: a few go in by binary search; many are sorted and merged with the
  // segment in one pass (a busy floor's second of moves, a thousand rows or more).
  const joining = new Map<string, RowModel[]>();
  for (const id of moved.keys()) {
    const row = current(id);
    if (row === undefined || !matches(row, f)) continue;
    const key = groupOf(row, group);
    const rows = joining.get(key);
    if (rows === undefined) joining.set(key, [row]);
    else rows.push(row);
  }
  const rowOf = current as (id: string) => RowModel;
  for (const [key, rows] of joining) {
    // A splice moves the segment's tail, a merge walks all of it: merging pays past a sixteenth.
    const held = copies.get(key) ?? next.get(key) ?? [];
    if (rows.length <= held.length >> 4) {
      const ids = copy(key);
      for (const row of rows) ids.splice(place(ids, row, compare, rowOf), 0, row.id);
      continue;
    }
    // The merge builds its own array, so the segment is only read, not copied first. Up to the
    // first joining row's place it is taken whole (joining rows often go last: on a board
    // sorted by time in state, whoever just changed).
    rows.sort(compare);
    let i = place(held, rows[0] as RowModel, compare, rowOf);
    const merged = held.slice(0, i);
    for (const row of rows) {
      while (i < held.length && compare(rowOf(held[i] as string), row) < 0) merged.push(held[i++] as string);
      merged.push(row.id);
    }
    while (i < held.length) merged.push(held[i++] as string);
    copies.set(key, merged);
  }
  for (const [key, ids] of copies) {
    if (ids.length > 0) next.set(key, ids);
    else next.delete(key);
  }
  return next;
}

/** The first place in `ids`, sorted by the rows `rowOf` gives, that does not sort before `row`. */
function place(ids: readonly string[], row: RowModel, compare: (a: RowModel, b: RowModel) => number, rowOf: (id: string) => RowModel): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(rowOf(ids[mid] as string), row) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The list the board shows, from its segments: group headings before their rows. */
export function itemsOf(
  segments: Segments,
  group: GroupKey,
  groupLabel: (key: string) => string,
  groupOrder: (a: string, b: string) => number,
): { items: readonly BoardItem[]; count: number } {
  if (group === 'none') {
    const ids = segments.get('') ?? [];
    return { items: ids, count: ids.length };
  }
  const items: BoardItem[] = [];
  for (const key of [...segments.keys()].sort(groupOrder)) {
    const ids = segments.get(key) as readonly string[];
    items.push({ group: key, label: groupLabel(key), count: ids.length }, ...ids);
  }
  return { items, count: items.length - segments.size };
}

/**
 * Agent ids by the time their row next passes a threshold, soonest first: the ticker takes the
 * rows whose time has come instead of walking every row each second (10,000 of them on a site
 * board, a few milliseconds of every tick's frame). It holds ids, not rows, so a replaced row is
 * not kept alive by its entry; an entry whose time is no longer its row's is stale and skipped,
 * and stale entries are swept once they outnumber the rows.
 */
export class DueRows {
  private times: number[] = [];
  private ids: string[] = [];

  get size(): number {
    return this.times.length;
  }

  /** The soonest time queued (Infinity when none). */
  next(): number {
    return this.times[0] ?? Infinity;
  }

  push(at: number, id: string): void {
    if (at === Infinity) return;
    const { times, ids } = this;
    let i = times.length;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((times[parent] as number) <= at) break;
      times[i] = times[parent] as number;
      ids[i] = ids[parent] as string;
      i = parent;
    }
    times[i] = at;
    ids[i] = id;
  }

  /** Removes and returns the soonest id (call only when `size > 0`). */
  pop(): string {
    const { times, ids } = this;
    const top = ids[0] as string;
    const at = times.pop() as number;
    const id = ids.pop() as string;
    const n = times.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && (times[child + 1] as number) < (times[child] as number)) child++;
        if ((times[child] as number) >= at) break;
        times[i] = times[child] as number;
        ids[i] = ids[child] as string;
        i = child;
      }
      times[i] = at;
      ids[i] = id;
    }
    return top;
  }

  /** Keeps the entries `current` accepts, re-ordered. */
  sweep(current: (at: number, id: string) => boolean): void {
    const { times, ids } = this;
    this.clear();
    for (let i = 0; i < ids.length; i++) if (current(times[i] as number, ids[i] as string)) this.push(times[i] as number, ids[i] as string);
  }

  clear(): void {
    this.times = [];
    this.ids = [];
  }
}
