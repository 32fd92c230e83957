import { defineCatalog } from '../../internal/localize.js';

/** English strings of `fw-agent-performance`, namespace `agent-performance`; the translators' source. */
export const agentPerformanceCatalog = defineCatalog('agent-performance', {
  title: (agent: string): string => `${agent}: performance`,
  today: 'Today',
  interval: 'This interval',
  comparison: (team: string): string => `Compared with the median agent of ${team}`,
  metric: 'Figure',
  agent: 'Agent',
  teamMedian: 'Team median',
  handled: 'Handled',
  avgHandle: 'Average handle time',
  avgHold: 'Average hold',
  avgWrapUp: 'Average wrap-up',
  occupancy: 'Occupancy',
  transfers: 'Transfers',
  missed: 'Missed offers',
  /** Beside a figure's bar. */
  versus: (agent: string, median: string): string => `${agent} · median ${median}`,
  timeline: 'Today’s states',
  interacting: 'On interactions',
  from: 'From',
  to: 'To',
  state: 'State',
  duration: 'Duration',
  /** A chart's table disclosure, named for the chart: a list of buttons tells them apart. */
  showTable: (chart: string): string => `Show as a table: ${chart}`,
  noData: 'no data yet',
  empty: 'Choose an agent to see their performance.',
  unknownAgent: (id: string): string => `Agent ${id} is not in your view.`,
});

/** The shape of the agent performance strings, for translations. */
export type AgentPerformanceStrings = typeof agentPerformanceCatalog.en;
