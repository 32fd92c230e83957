import { defineCatalog } from '../../internal/localize.js';

/** English strings of `fw-team-stats`, namespace `team-stats`; the translators' source. */
export const teamStatsCatalog = defineCatalog('team-stats', {
  title: (team: string): string => `${team}: team performance`,
  period: 'Period',
  today: 'Today',
  interval: 'This interval',
  handled: 'Handled',
  avgHandle: 'Average handle time',
  avgHold: 'Average hold',
  avgWrapUp: 'Average wrap-up',
  longest: 'Longest interaction',
  occupancy: 'Occupancy',
  transfers: 'Transfers',
  missed: 'Missed offers',
  /** Under a tile: the team's median agent for the same figure. */
  median: (value: string): string => `median agent ${value}`,
  /** Title of a tile's trend chart. */
  trendTitle: (metric: string): string => `${metric} per interval today`,
  intervalStart: 'Interval from',
  handleTimes: 'Distribution of handle times',
  handleTimesFrom: 'Handle time',
  count: 'Interactions',
  binLabel: (from: string, to: string): string => `${from} to ${to}`,
  presenceTime: 'Time in each presence',
  presence: 'Presence',
  time: 'Time',
  share: 'Share',
  /** A chart's table disclosure, named for the chart: a list of buttons tells them apart. */
  showTable: (chart: string): string => `Show as a table: ${chart}`,
  noData: 'no data yet',
  empty: 'No team to show.',
  unknownTeam: (id: string): string => `Team ${id} is not in your view.`,
  byChannel: 'By channel',
});

/** The shape of the team stats' strings, for translations. */
export type TeamStatsStrings = typeof teamStatsCatalog.en;
