import { FwQueueStats } from '../components/fw-queue-stats/fw-queue-stats.js';

FwQueueStats.define('fw-queue-stats');

declare global {
  interface HTMLElementTagNameMap {
    'fw-queue-stats': FwQueueStats;
  }
}
