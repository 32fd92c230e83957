/**
 * Live contact-centre metrics computed from what a Floorwalk client already holds: handle
 * times, occupancy, presence times, transfers and missed offers per agent and team; offered,
 * answered, abandoned, service level and speed of answer per queue. See docs/metrics.md.
 *
 * @module @floorwalk/core/metrics
 */
export { createMetrics, median } from './metrics.js';
export { MEDIAN_FIELDS } from './types.js';
export type {
  AgentMetrics,
  AgentTimeline,
  MedianField,
  MetricFigures,
  Metrics,
  MetricsBucket,
  MetricsChange,
  MetricsOptions,
  MetricsPeriod,
  MetricsSource,
  MetricsWindow,
  MetricTotals,
  PresenceTimes,
  QueueMetrics,
  TeamMetrics,
} from './types.js';
