import { defineCatalog } from '../../internal/localize.js';

/** English strings of `fw-queue-stats`, namespace `queue-stats`; the translators' source. */
export const queueStatsCatalog = defineCatalog('queue-stats', {
  caption: 'Queue statistics',
  queue: 'Queue',
  waiting: 'Waiting',
  longestWait: 'Longest wait',
  available: 'Agents available',
  serviceLevel: 'Service level',
  /** Read in place of the longest wait when nothing waits. */
  noneWaiting: 'none waiting',
  /** Read in place of the service level before any interaction finished waiting today. */
  noData: 'no data yet',
  overThreshold: 'over threshold',
  belowTarget: 'below target',
  empty: 'No queues to show.',
  unknownQueue: (id: string): string => `Queue ${id} is not in your view.`,
  serviceLevelNote:
    'Service level: of today’s interactions that have finished waiting, the share answered rather than abandoned.',
  /** Announced once when a queue's longest wait crosses `wait-threshold`. */
  waitAlert: (queue: string, wait: string): string => `${queue}: longest wait ${wait}, over the threshold.`,
  /** Announced once when a queue's service level falls below `service-level-target`. */
  serviceLevelAlert: (queue: string, level: string): string => `${queue}: service level ${level}, below target.`,
});

/** The shape of the stats' strings, for translations. */
export type QueueStatsStrings = typeof queueStatsCatalog.en;
