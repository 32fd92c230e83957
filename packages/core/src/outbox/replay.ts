import type { Pending } from '../client.js';
import type { CommandEnvelope } from '../commands.js';
import type { FloorwalkError } from '../errors.js';
import type { Kit } from '../internal/kit.js';
import type { Interaction } from '../model/types.js';
import type { Policy } from '../policy/policy.js';
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

/** Reads back the stored intents under `prefix`, in issue order. @internal */
export async function loadIntents(storage: IntentStorage, prefix: string): Promise<StoredIntent[]> {
  const out: StoredIntent[] = [];
  for (const [key, value] of await storage.entries()) {
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
  /** This connection's id in storage. */
  readonly owner: string;
  readonly known: Map<string, Pending>;
  readonly settledKeys: ReadonlySet<string>;
  /** The client's link generation now. */
  gen(): number;
  /** Resolved by disconnect(): the closed pages' (and disconnected clients') locks claimed until then. */
  readonly hold: Promise<void>;
  readonly claimOwner: typeof claimOwner;
  report(error: FloorwalkError): void;
  /** Throws when the command is invalid or no longer permitted. */
  check(envelope: CommandEnvelope): void;
  settle(p: Pending, outcome: IntentOutcome, error?: FloorwalkError): void;
  requeue(p: Pending): void;
  /** Looks at the outbox again soon. */
  later(): void;
}

/** Reads back the intents an earlier page left pending (OUT-2), ahead of this page's commands. @internal */
export async function restore(c: RestoreContext): Promise<void> {
  let stored: StoredIntent[];
  // A disconnect() meanwhile ends it: a queue that will never be sent must claim nothing.
  const gen = c.gen();
  try {
    stored = await loadIntents(c.storage, c.prefix);
  } catch (err) {
    c.report(k.toFloorwalkError(err, k.ErrorCode.StorageFailed, 'The outbox could not read back the commands queued before this page'));
    return;
  }
  let seq = -stored.length - 1;
  let deferred = false;
  const claimed = new Map<string, Promise<boolean>>();
  for (const s of stored) {
    seq++;
    // One this client kept at a disconnect() is claimed again like any other left stored.
    const mine = c.known.get(s.key);
    if ((mine && !mine.kept) || c.settledKeys.has(s.key)) continue;
    // Another client's intents are its own while it is connected; a closed page's (or a
    // disconnected client's) go to one client only.
    const from = s.owner ?? '';
    if (from === c.owner) continue;
    if (from !== '') {
      // Held until disconnect(), not for the page's life: another client replays them after.
      if (!claimed.has(from)) claimed.set(from, c.claimOwner(from, c.hold));
      if (!(await claimed.get(from))) {
        // Another client has it (and its outcome): this one no longer waits on it.
        if (mine) c.known.delete(s.key);
        deferred = true;
        continue;
      }
    }
    if (gen !== c.gen()) return;
    if (mine) {
      mine.kept = false;
      c.requeue(mine);
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
  }
  // One kept that is no longer stored was settled by the client that claimed it meanwhile.
  const left = new Set(stored.map((s) => s.key));
  for (const [key, p] of c.known) if (p.kept && !left.has(key)) c.known.delete(key);
  // Another page still holds some: look again soon, in case it is closing rather than alive.
  if (deferred) c.later();
}

/**
 * Lowers each hand whose raise the client withdrew (`lowered`: keys of intents restored from an
 * earlier page, whose send may have landed unanswered) as the platform's copy of it reaches the
 * store, known by its key (`HelpRequest.key`): only then, so nothing is lowered that never went
 * up. Called after each batch while any is left.
 *
 * @internal
 */
export function lowerLanded(store: Store, lowered: Set<string>, lower: (requestId: string) => void): void {
  for (const r of store.helpRequests.values()) {
    if (lowered.delete(r.key as string) && (r.state === 'open' || r.state === 'acknowledged')) lower(r.id);
  }
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
 * its author never saw (OUT-4), or the policy no longer lets it through (an agent the platform
 * moved out of the team whose channel a queued message was for). Checked against the store after
 * the resync, for intents that waited through a gap or a reload. Returns the conflict or the
 * refusal, or null when it is still meant and allowed.
 *
 * @internal
 */
export function movedOn(envelope: CommandEnvelope, store: Store, policy?: Pick<Policy, 'values' | 'authorise'>): FloorwalkError | null {
  const moved = changed(envelope, store, policy?.values());
  if (moved !== null) return moved;
  try {
    policy?.authorise(envelope);
    return null;
  } catch (err) {
    return k.toFloorwalkError(err, k.ErrorCode.Forbidden, `${envelope.type} is no longer allowed`);
  }
}

function changed(envelope: CommandEnvelope, store: Store, policy?: PolicyValues): FloorwalkError | null {
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
