import type { Pending } from '../client.js';
import type { Clock } from '../clock.js';
import type { CommandEnvelope } from '../commands.js';
import type { FloorwalkError } from '../errors.js';
import type { Kit } from '../internal/kit.js';
import type { Interaction } from '../model/types.js';
import type { PolicyValues } from '../policy/values.js';
import type { Store } from '../store/store.js';
import type { claimOwner, IntentOutcome, StoredIntent } from './outbox.js';
import type { IntentStorage } from './storage.js';

/** The up-front code this part uses, handed over as it loads (see `kit`). */
let k: Kit;
/** @internal */
export function use(given: Kit): void {
  k = given;
}

// The outbox's read-back and replay check, loaded at the first drain of a client with an
// outbox (the client sends nothing before it is here): a page without an outbox never fetches it.

/** The stored intents among `entries` under `prefix`, in issue order. @internal */
export function loadIntents(entries: readonly (readonly [string, unknown])[], prefix: string): StoredIntent[] {
  const out: StoredIntent[] = [];
  for (const [key, value] of entries) {
    if (typeof key !== 'string' || !key.startsWith(prefix)) continue;
    const v = value as Partial<StoredIntent> | null;
    if (v === null || typeof v !== 'object' || typeof v.key !== 'string' || typeof v.command !== 'object' || v.command === null) continue;
    out.push(v as StoredIntent);
  }
  return out.sort((a, b) => a.issuedAt - b.issuedAt || a.seq - b.seq);
}

/** What {@link restore} uses of the client that loaded it. @internal */
export interface RestoreContext {
  readonly storage: IntentStorage;
  readonly prefix: string;
  /** This connection's id in storage (a new one per connection). */
  owner(): string;
  readonly known: Map<string, Pending>;
  readonly settledKeys: Set<string>;
  /** The client's link generation now. */
  gen(): number;
  /** Resolved by disconnect(): the locks of closed pages and disconnected clients claimed until then (taken at the start of a read-back). */
  hold(): Promise<void>;
  readonly claimOwner: typeof claimOwner;
  report(error: FloorwalkError): void;
  /**
   * Throws when the stored command is invalid. Whether it is still permitted is asked as it goes
   * out, beside {@link movedOn}: a record it names that closed meanwhile is a conflict, not a denial.
   */
  check(envelope: CommandEnvelope): void;
  settle(p: Pending, outcome: IntentOutcome, error?: FloorwalkError): void;
  requeue(p: Pending): void;
  /** Looks at the outbox again soon. */
  later(): void;
  readonly store: Store;
  readonly clock: Clock;
  /** Raises withdrawn after a reload whose hand has not shown up yet: key → when it was raised. See {@link lowerLanded}. */
  readonly lowered: Map<string, number>;
  /** Lowers the hand `requestId` (`resolve-help`, an intent of its own). */
  lower(requestId: string): void;
}

/**
 * How long a withdrawn raise waits for its hand, from when it was raised. The earlier page's send
 * lands within its time limit, or the request behind it outlives the page by little more; but the
 * page that lowered it may stay offline, and see a hand that went up meanwhile only when it is
 * back. A day covers a shift and the night after it. A hand that shows up later than that is not
 * lowered for the agent: it shows as raised, with Lower.
 */
export const LOWER_KEPT_MS = 86_400_000;
/** Most withdrawn raises kept for one user on one adapter; the oldest goes first. An agent has one hand up at a time. */
const LOWER_KEPT = 20;
/** Where a withdrawn raise is kept, beside the intents (a value with no command, which loadIntents skips). */
const noteKey = (c: RestoreContext, key: string): string => `${c.prefix}lower/${key}`;
interface LowerNote {
  readonly lower: string;
  readonly raisedAt: number;
  readonly owner: string;
}

/** Reads back the intents an earlier page left pending (OUT-2), ahead of this page's commands. @internal */
export async function restore(c: RestoreContext): Promise<void> {
  let stored: StoredIntent[];
  let notes: LowerNote[];
  // A disconnect() meanwhile ends it: a queue that will never be sent must claim nothing.
  const gen = c.gen();
  // The hold of this connection: one that disconnect() replaced meanwhile was already let go.
  const hold = c.hold();
  try {
    const entries = await c.storage.entries();
    stored = loadIntents(entries, c.prefix);
    notes = notesOf(entries, c.prefix);
  } catch (err) {
    c.report(k.toFloorwalkError(err, k.ErrorCode.StorageFailed, 'The outbox could not read back the commands queued before this page'));
    return;
  }
  let seq = -stored.length - 1;
  let deferred = false;
  let took = false;
  const claimed = new Map<string, Promise<boolean>>();
  /** Whether this page may take over what `from` stored: its own, a closed page's (claimed), or an unowned one. */
  const mine = async (from: string | undefined): Promise<boolean> => {
    if (!from || from === c.owner()) return true;
    // Held until disconnect(), not for the page's life: another tab replays them after.
    if (!claimed.has(from)) claimed.set(from, c.claimOwner(from, hold));
    return (await claimed.get(from)) as boolean;
  };
  // A raise an earlier page withdrew whose hand had not shown up: this page lowers it when it does.
  // One another live tab withdrew is that tab's; it waits for this page's next read-back (a
  // reconnect), not a look every few seconds for as long as the note may be kept.
  for (const n of notes) {
    if (c.lowered.has(n.lower) || c.settledKeys.has(n.lower)) continue;
    if (n.raisedAt + LOWER_KEPT_MS <= c.clock.now()) forgetNote(c, n.lower);
    else if (await mine(n.owner)) c.lowered.set(n.lower, n.raisedAt);
  }
  for (const s of stored) {
    seq++;
    // One this client kept at a disconnect() is claimed again like any other left stored.
    const kept = c.known.get(s.key);
    // A raise withdrawn after a reload is never sent, even where its deletion failed.
    if ((kept && !kept.kept) || c.settledKeys.has(s.key) || c.lowered.has(s.key)) continue;
    // Another client's intents are its own while it is connected; a closed page's (or a
    // disconnected client's) go to one client only.
    if (s.owner === c.owner()) continue;
    if (!(await mine(s.owner))) {
      // Another client has it (and its outcome): this one no longer waits on it.
      if (kept) c.known.delete(s.key);
      deferred = true;
      continue;
    }
    if (gen !== c.gen()) return;
    if (kept) {
      kept.kept = false;
      c.requeue(kept);
      continue;
    }
    const envelope = { ...s.command, key: s.key, issuedBy: s.issuedBy, issuedAt: s.issuedAt, restored: true } as CommandEnvelope;
    const p: Pending = { envelope, resolve: () => {}, reject: () => {}, seq, epoch: -1, written: Promise.resolve(), restored: true, attempts: 0 };
    c.known.set(s.key, p);
    try {
      c.check(envelope);
    } catch (err) {
      c.settle(p, 'failed', k.toFloorwalkError(err, k.ErrorCode.InvalidArgument, 'A stored intent is no longer valid'));
      continue;
    }
    c.requeue(p);
    took = true;
  }
  // One kept that is no longer stored was settled by the client that claimed it meanwhile.
  const left = new Set(stored.map((s) => s.key));
  for (const [key, p] of c.known) if (p.kept && !left.has(key)) c.known.delete(key);
  // The hand may be in the store already (the snapshot came before this read-back).
  lowerLanded(c);
  // Another page still holds some: look again soon, in case it is closing rather than alive.
  if (deferred) c.later();
  // A backplane hands its history over a macrotask after the snapshot (see withBackplane): the
  // check-ins, coaching sessions and calls no snapshot carries. Sent after it, an answer to a
  // check-in given before a reload meets its check-in, not a refusal as about one not held.
  if (took) await new Promise((resolve) => globalThis.setTimeout(resolve, 0));
}

/** The withdrawn raises among `entries` under `prefix`. */
function notesOf(entries: readonly (readonly [string, unknown])[], prefix: string): LowerNote[] {
  const out: LowerNote[] = [];
  for (const [key, value] of entries) {
    const v = value as Partial<LowerNote> | null;
    if (typeof key === 'string' && key.startsWith(`${prefix}lower/`) && typeof v?.lower === 'string' && typeof v.raisedAt === 'number') out.push(v as LowerNote);
  }
  return out;
}

/** Forgets a withdrawn raise, here and in storage: its hand was seen, or it waited too long. */
function forgetNote(c: RestoreContext, key: string): void {
  c.lowered.delete(key);
  // Not read back again by this page, even before the deletion is done.
  c.settledKeys.add(key);
  kept(c, () => c.storage.del(noteKey(c, key)), 'The outbox could not forget a lowered hand');
}

/** Runs a write of the host's storage: one that throws, rejects or returns no promise is reported, never thrown. */
function kept(c: RestoreContext, write: () => Promise<void>, message: string): void {
  new Promise<void>((resolve) => resolve(write())).catch((err: unknown) => c.report(k.toFloorwalkError(err, k.ErrorCode.StorageFailed, message)));
}

/**
 * Notes that the restored raise `envelope`, withdrawn by `dismissIntent`, is to be lowered when
 * its hand shows up: in memory, and beside the intents in storage, so a reload before it shows up
 * does not lose the lower. Kept until the hand is seen, or for {@link LOWER_KEPT_MS}.
 *
 * @internal
 */
export function noteLowered(c: RestoreContext, envelope: CommandEnvelope): void {
  const key = envelope.key;
  c.lowered.set(key, envelope.issuedAt);
  kept(
    c,
    () => c.storage.set(noteKey(c, key), { lower: key, raisedAt: envelope.issuedAt, owner: c.owner() } satisfies LowerNote),
    'A lowered hand will not stay lowered across a reload: the outbox could not store it',
  );
  while (c.lowered.size > LOWER_KEPT) forgetNote(c, [...c.lowered].sort((a, b) => a[1] - b[1])[0]![0]);
}

/**
 * Lowers each hand whose raise the client withdrew (`lowered`: raises restored from an earlier
 * page, whose send may have landed unanswered) as the platform's copy of it reaches the store,
 * known by its key (`HelpRequest.key`): only then, so nothing is lowered that never went up. The
 * note goes once the hand is seen: the lower is then an intent of its own, which the outbox keeps
 * across a reload until it lands; a hand seen already closed needs none. A note older than
 * {@link LOWER_KEPT_MS} goes too. Called after each batch while any is left, and after a read-back.
 *
 * @internal
 */
export function lowerLanded(c: RestoreContext): void {
  for (const r of c.store.helpRequests.values()) {
    if (r.key === undefined || !c.lowered.has(r.key)) continue;
    // Lowered already (the intent a page before this one issued, restored here): not twice.
    const lowering = [...c.known.values()].some((p) => p.envelope.type === 'resolve-help' && p.envelope.requestId === r.id);
    if ((r.state === 'open' || r.state === 'acknowledged') && !lowering) c.lower(r.id);
    forgetNote(c, r.key);
  }
  for (const [key, raisedAt] of c.lowered) if (raisedAt + LOWER_KEPT_MS <= c.clock.now()) forgetNote(c, key);
}

const LIVE_CALL = new Set<Interaction['state']>(['offered', 'connected', 'held']);

/**
 * The presence changes each client (by its store) let through, the last few by agent. Intents that
 * waited through one gap are replayed together, in issue order: the change an earlier one of them
 * made is the client's own, not one made meanwhile by someone else. More than the last one: an
 * intent checked again after its send was cut off must not hide the one before it, which the
 * platform may have applied only after this one was issued.
 */
const passed = new WeakMap<Store, Map<string, (CommandEnvelope & { type: 'set-presence' })[]>>();
const KEPT_PER_AGENT = 8;

/**
 * Whether the world moved on since the intent was issued, so replaying it would act on a state
 * its author never saw (OUT-4). Checked against the store after the resync, for intents that
 * waited through a gap or a reload; the client puts them to the policy as well. Returns the
 * conflict, or null when it is still meant.
 *
 * @internal
 */
export function movedOn(envelope: CommandEnvelope, store: Store, policy?: PolicyValues): FloorwalkError | null {
  const conflict = (message: string, details: Record<string, unknown>): FloorwalkError =>
    new k.FloorwalkError(k.ErrorCode.Conflict, `${envelope.type} was not replayed: ${message}.`, { details: { key: envelope.key, ...details } });
  switch (envelope.type) {
    case 'set-presence': {
      const agent = store.agents.get(envelope.agentId);
      if (agent === undefined) return conflict('the agent is gone', { agentId: envelope.agentId });
      const mine = passed.get(store)?.get(envelope.agentId) ?? [];
      const ours = mine.some((m) => m.key !== envelope.key && m.state === agent.presence.state && agent.presence.since >= m.issuedAt);
      if (agent.presence.since > envelope.issuedAt && agent.presence.state !== envelope.state && !ours) {
        return conflict(`the presence was changed to ${agent.presence.state} meanwhile`, { agentId: envelope.agentId, current: agent.presence.state });
      }
      for (const id of store.liveInteractionIds(envelope.agentId) ?? []) {
        const i = store.interactions.get(id);
        if (i !== undefined && LIVE_CALL.has(i.state) && i.createdAt > envelope.issuedAt) {
          return conflict('the agent was given an interaction meanwhile', { agentId: envelope.agentId, interactionId: id });
        }
      }
      if (!passed.has(store)) passed.set(store, new Map());
      const byAgent = passed.get(store) as Map<string, (CommandEnvelope & { type: 'set-presence' })[]>;
      const kept = (byAgent.get(envelope.agentId) ?? []).filter((m) => m.key !== envelope.key);
      byAgent.set(envelope.agentId, [...kept, envelope].slice(-KEPT_PER_AGENT));
      return null;
    }
    case 'start-monitoring': {
      const i = store.interactions.get(envelope.interactionId);
      if (i === undefined || (i.state !== 'connected' && i.state !== 'held') || i.agentId !== envelope.agentId) {
        return conflict('the interaction is no longer live', { interactionId: envelope.interactionId });
      }
      return null;
    }
    case 'change-monitoring-mode':
    case 'stop-monitoring': {
      const s = store.monitoring.get(envelope.sessionId);
      return s === undefined || s.endedAt !== undefined ? conflict('the monitoring session has ended', { sessionId: envelope.sessionId }) : null;
    }
    case 'acknowledge-help': {
      const r = store.helpRequests.get(envelope.requestId);
      return r === undefined || r.state !== 'open' ? conflict('the help request is no longer open', { requestId: envelope.requestId }) : null;
    }
    case 'resolve-help': {
      const r = store.helpRequests.get(envelope.requestId);
      return r === undefined || r.state === 'resolved' || r.state === 'cancelled'
        ? conflict('the help request is closed', { requestId: envelope.requestId })
        : null;
    }
    case 'answer-check-in': {
      const c = store.checkIns.get(envelope.checkInId);
      return c !== undefined && c.answer !== 'pending' ? conflict('the check-in was answered', { checkInId: envelope.checkInId }) : null;
    }
    case 'set-policy': {
      // Another admin's change to the same field since this one was issued wins: replaying would
      // silently undo a decision its author never saw. A field already at the wanted value is fine.
      if (policy === undefined || envelope.previous === undefined) return null;
      const wanted = envelope.changes as Record<string, unknown>;
      const was = envelope.previous as Record<string, unknown>;
      const now = policy as unknown as Record<string, unknown>;
      const changed = Object.keys(wanted).filter((field) => !samePolicyValue(now[field], was[field]) && !samePolicyValue(now[field], wanted[field]));
      return changed.length === 0 ? null : conflict(`${changed.join(', ')} changed meanwhile`, { fields: changed });
    }
    default:
      return null;
  }
}

/**
 * Whether the value in force matches `expected`: policy values are primitives or one level of
 * them (the activity signal), and a change may name only some of that object's fields.
 */
function samePolicyValue(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return false;
  return Object.entries(expected).every(([key, value]) => (actual as Record<string, unknown>)[key] === value);
}
