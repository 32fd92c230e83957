import type { Channel, Queue, QueueStats } from '@floorwalk/core';
import type { Rest } from './rest.js';
import type { WireMetric, WireQueueObservation, WireUser } from './wire.js';

/*
 * The queue side: watched queues' settings, members and observations at a snapshot, and their
 * observation notifications. Loaded by connect() when the watch list names queues: a page that
 * watches only users or teams (an agent's own page) never loads it.
 */

/** Counts of one queue, per media type, from observation metrics. */
export interface ObservedCounts {
  waiting?: number;
  idle?: number;
  longestWaitingMs?: number;
  offered?: number;
  answered?: number;
  abandoned?: number;
}

const count = (m: WireMetric): number | undefined => {
  const v = m.stats?.count;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
};

/** Sums per-media counts into canonical queue statistics. */
function queueStats(perMedia: Iterable<ObservedCounts>, now: number): QueueStats {
  let waiting = 0;
  let idle = 0;
  let longest = 0;
  let offered = 0;
  let answered = 0;
  let abandoned = 0;
  for (const c of perMedia) {
    waiting += c.waiting ?? 0;
    // Routing status is a person's, not a medium's: each media type's observation counts the
    // same idle members again, so the largest count is the queue's, not their sum.
    idle = Math.max(idle, c.idle ?? 0);
    longest = Math.max(longest, c.longestWaitingMs ?? 0);
    offered += c.offered ?? 0;
    answered += c.answered ?? 0;
    abandoned += c.abandoned ?? 0;
  }
  return { waiting, oldestWaitingSince: waiting > 0 && longest > 0 ? now - longest : null, agentsAvailable: idle, offered, answered, abandoned };
}

/** A watched queue and its counts per media type. */
export interface QueueEntry {
  queue: Queue;
  readonly media: Map<string, ObservedCounts>;
}

/** What the adapter lends its queue side, so this file imports nothing the adapter loads up front. */
export interface QueueHost {
  readonly rest: Rest;
  readonly watchQueues: readonly string[];
  /** The queues held since the last snapshot, by id. */
  readonly queues: Map<string, QueueEntry>;
  isObj(v: unknown): v is Record<string, unknown>;
  str(v: unknown): string | undefined;
  /** Ids for a query string, comma-separated and encoded. */
  ids(list: readonly string[]): string;
}

/** The queue side of one adapter. */
export interface QueueSide {
  /** Reads the watched queues for a snapshot; nothing is held until the adapter commits it. */
  read(startedAt: number): Promise<{ queues: Map<string, QueueEntry>; queueIdsOf: Map<string, string[]> }>;
  /** Applies an observation notification of a watched queue: its new statistics, or a problem. */
  observe(queueId: string, b: WireQueueObservation & { data: unknown[] }, at: number): QueueStats | string;
}

export function createQueueSide(h: QueueHost): QueueSide {
  const { rest, watchQueues, isObj, str, ids } = h;
  const enc = encodeURIComponent;

  /** Folds observation metrics into counts. Unknown metrics are ignored: the topic carries many. */
  function readMetrics(metrics: unknown, into: ObservedCounts): string | null {
    if (!Array.isArray(metrics)) return 'metrics is not a list';
    for (const m of metrics as unknown[]) {
      if (!isObj(m) || typeof m.metric !== 'string') return 'a metric has no name';
      const metric = m as WireMetric;
      const n = count(metric);
      switch (metric.metric) {
        case 'oWaiting':
          if (n !== undefined) into.waiting = n;
          break;
        case 'oUserRoutingStatuses':
          if (metric.qualifier === 'IDLE' && n !== undefined) into.idle = n;
          break;
        case 'oLongestWaiting': {
          const v = metric.stats?.max ?? metric.stats?.calculatedMetricValue;
          into.longestWaitingMs = typeof v === 'number' && Number.isFinite(v) ? v : 0;
          break;
        }
        case 'nOffered':
          if (n !== undefined) into.offered = n;
          break;
        case 'tAnswered':
          if (n !== undefined) into.answered = n;
          break;
        case 'tAbandon':
          if (n !== undefined) into.abandoned = n;
          break;
      }
    }
    return null;
  }

  /** Genesys queue media settings keys → channels. */
  function queueChannels(mediaSettings: unknown): Channel[] {
    const keys: readonly (readonly [string, Channel])[] = [['call', 'voice'], ['callback', 'voice'], ['chat', 'chat'], ['email', 'email'], ['message', 'message'], ['video', 'video']];
    const out = new Set<Channel>();
    if (isObj(mediaSettings)) for (const [k, ch] of keys) if (mediaSettings[k] !== undefined) out.add(ch);
    return out.size > 0 ? [...out] : ['voice'];
  }

  return {
    async read(startedAt) {
      const nextQueues = new Map<string, QueueEntry>();
      const queueIdsOf = new Map<string, string[]>();
      const res = await rest.request<{ entities?: unknown }>('GET', `/api/v2/routing/queues?id=${ids(watchQueues)}&pageSize=100`);
      const found = new Map<string, Record<string, unknown>>();
      for (const q of Array.isArray(res?.entities) ? res.entities : []) if (isObj(q) && typeof q.id === 'string') found.set(q.id, q);
      for (const qid of watchQueues) {
        const q = found.get(qid);
        nextQueues.set(qid, {
          queue: { id: qid, name: typeof q?.name === 'string' ? q.name : qid, channels: queueChannels(q?.mediaSettings), stats: queueStats([], startedAt) },
          media: new Map(),
        });
        for (let page = 1; page <= 100; page++) {
          const m = await rest.request<{ entities?: unknown; pageCount?: unknown }>('GET', `/api/v2/routing/queues/${enc(qid)}/members?pageSize=100&pageNumber=${page}`);
          const entities = Array.isArray(m?.entities) ? m.entities : [];
          for (const e of entities) {
            if (!isObj(e) || e.joined === false) continue;
            const uid = str((e.user as WireUser | undefined)?.id) ?? str(e.id);
            if (uid !== undefined) queueIdsOf.set(uid, [...(queueIdsOf.get(uid) ?? []), qid]);
          }
          if (entities.length < 100 || (typeof m?.pageCount === 'number' && page >= m.pageCount)) break;
        }
      }
      const obs = await rest.request<{ results?: unknown }>('POST', '/api/v2/analytics/queues/observations/query', {
        filter: { type: 'or', predicates: watchQueues.map((q) => ({ type: 'dimension', dimension: 'queueId', operator: 'matches', value: q })) },
        metrics: ['oWaiting', 'oUserRoutingStatuses', 'oLongestWaiting'],
      });
      for (const r of Array.isArray(obs?.results) ? obs.results : []) {
        if (!isObj(r) || !isObj(r.group)) continue;
        const entry = nextQueues.get(r.group.queueId as string);
        if (entry === undefined) continue;
        const counts: ObservedCounts = {};
        if (readMetrics(r.data, counts) === null) entry.media.set(String(r.group.mediaType ?? 'all'), counts);
      }
      for (const entry of nextQueues.values()) entry.queue = { ...entry.queue, stats: queueStats(entry.media.values(), startedAt) };
      return { queues: nextQueues, queueIdsOf };
    },
    observe(queueId, b, at) {
      let entry = h.queues.get(queueId);
      if (entry === undefined) {
        entry = { queue: { id: queueId, name: queueId, channels: ['voice'], stats: queueStats([], at) }, media: new Map() };
        h.queues.set(queueId, entry);
      }
      const media = String(b.group?.mediaType ?? 'all');
      const counts: ObservedCounts = { ...entry.media.get(media) };
      for (const d of b.data) {
        const problem = isObj(d) ? readMetrics(d.metrics, counts) : 'an observation interval is not an object';
        if (problem !== null) return problem;
      }
      entry.media.set(media, counts);
      const stats = queueStats(entry.media.values(), at);
      entry.queue = { ...entry.queue, stats };
      return stats;
    },
  };
}
