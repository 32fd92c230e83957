/*
 * An independent, deliberately naive reference for what the store must end up holding after a
 * stream: the architecture's rules (drop a repeated id, drop an event older than the version
 * held for its entity, apply the rest) written as plainly as possible with unbounded maps. The
 * benchmark compares the client against it, so a fast store that computes the wrong thing fails.
 */
import type { FloorwalkEvent, Interaction, Presence, QueueStats, SnapshotEvent } from '@floorwalk/core';

export const APPLIED = 0;
export const DUPLICATE = 1;
export const STALE = 2;

export interface Outcome {
  readonly presence: Map<string, Presence>;
  readonly notResponding: Map<string, boolean>;
  readonly queueStats: Map<string, QueueStats>;
  /** Interactions not ended (queued included), raw (unmasked). */
  readonly live: Map<string, Interaction>;
  /** Ended interactions, in the order they (last) ended. */
  readonly ended: Map<string, Interaction>;
  /** Per delivered event: {@link APPLIED}, {@link DUPLICATE} or {@link STALE}. */
  readonly fate: Uint8Array;
  readonly applied: number;
  readonly duplicates: number;
  readonly stale: number;
}

export function referenceOutcome(snapshot: SnapshotEvent, events: readonly FloorwalkEvent[]): Outcome {
  const presence = new Map<string, Presence>();
  const notResponding = new Map<string, boolean>();
  const queueStats = new Map<string, QueueStats>();
  const live = new Map<string, Interaction>();
  const ended = new Map<string, Interaction>();
  // One version map per entity kind: presence and not-responding are versioned apart.
  const presenceV = new Map<string, number>();
  const notRespondingV = new Map<string, number>();
  const queueV = new Map<string, number>();
  const interactionV = new Map<string, number>();
  const seen = new Set<string>([snapshot.id]);
  const fate = new Uint8Array(events.length).fill(STALE);
  for (const a of snapshot.agents ?? []) {
    presence.set(a.id, a.presence);
    presenceV.set(a.id, snapshot.at);
  }
  for (const q of snapshot.queues ?? []) {
    queueStats.set(q.id, q.stats);
    queueV.set(q.id, snapshot.at);
  }
  const fresh = (map: Map<string, number>, id: string, at: number): boolean => {
    const held = map.get(id);
    if (held !== undefined && at < held) return false;
    map.set(id, at);
    return true;
  };
  let applied = 0;
  let duplicates = 0;
  let stale = 0;
  for (let n = 0; n < events.length; n++) {
    const e = events[n] as FloorwalkEvent;
    if (seen.has(e.id)) {
      fate[n] = DUPLICATE;
      duplicates++;
      continue;
    }
    seen.add(e.id);
    switch (e.type) {
      case 'presence':
        if (!fresh(presenceV, e.agentId, e.at)) break;
        presence.set(e.agentId, e.presence);
        fate[n] = APPLIED;
        break;
      case 'not-responding':
        if (!fresh(notRespondingV, e.agentId, e.at)) break;
        notResponding.set(e.agentId, e.notResponding);
        fate[n] = APPLIED;
        break;
      case 'queue-stats':
        if (!fresh(queueV, e.queueId, e.at)) break;
        queueStats.set(e.queueId, e.stats);
        fate[n] = APPLIED;
        break;
      case 'interaction': {
        const ix = e.interaction;
        if (!fresh(interactionV, ix.id, e.at)) break;
        fate[n] = APPLIED;
        if (ix.state === 'ended') {
          live.delete(ix.id);
          ended.delete(ix.id);
          ended.set(ix.id, ix);
        } else {
          ended.delete(ix.id);
          live.set(ix.id, ix);
        }
        break;
      }
      default:
        throw new Error(`oracle: the generator does not emit ${e.type} events`);
    }
    if (fate[n] === APPLIED) applied++;
    else stale++;
  }
  return { presence, notResponding, queueStats, live, ended, fate, applied, duplicates, stale };
}

export function samePresence(a: Presence | undefined, b: Presence | undefined): boolean {
  return a !== undefined && b !== undefined && a.state === b.state && a.since === b.since && a.reason?.id === b.reason?.id;
}

export function sameStats(a: QueueStats | undefined, b: QueueStats | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.waiting === b.waiting &&
    a.oldestWaitingSince === b.oldestWaitingSince &&
    a.agentsAvailable === b.agentsAvailable &&
    a.offered === b.offered &&
    a.answered === b.answered &&
    a.abandoned === b.abandoned
  );
}
