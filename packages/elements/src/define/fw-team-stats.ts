import { FwTeamStats } from '../components/fw-team-stats/fw-team-stats.js';

FwTeamStats.define('fw-team-stats');

declare global {
  interface HTMLElementTagNameMap {
    'fw-team-stats': FwTeamStats;
  }
}
