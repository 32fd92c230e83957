import type { Unsubscribe } from 'nanoevents';
import type { Floorwalk } from '../client.js';
import type { Clock } from '../clock.js';
import type { Channel, PresenceState } from '../model/types.js';

/**
 * What metrics read from a client: its change feed and its getters, nothing else. A whole
 * {@link Floorwalk} fits; so does anything else that offers the same reads. Its `session`, where
 * it has one, says whether it holds every queue's answers (see {@link QueueMetrics.serviceLevel}).
 */
export type MetricsSource = Pick<Floorwalk, 'subscribe' | 'getAgent' | 'getAgents' | 'getInteraction' | 'getInteractions'> & Partial<Pick<Floorwalk, 'session'>>;

/** Options for {@link createMetrics}. */
export interface MetricsOptions {
  /** Length of a reporting interval, aligned to the start of the day. Default 30 minutes. */
  readonly intervalMs?: number;
  /** Answer within this wait to count toward the service level. Default 20 seconds. */
  readonly serviceLevelThresholdMs?: number;
  /**
   * How far back history is kept; older spans and interactions are dropped. Default 24 hours.
   * An agent no longer on the board is kept only until the end of the day of their last activity.
   */
  readonly historyMs?: number;
  /** Time source; pass the client's clock so both agree. Default the wall clock. */
  readonly clock?: Clock;
  /** Start of the day containing `at` (epoch ms). Default local midnight. */
  readonly startOfDay?: (at: number) => number;
  /** Called when a metrics subscriber throws; the others still hear the change. */
  readonly onError?: (error: unknown) => void;
}

/**
 * A period to measure: the current interval so far, today so far, or an explicit range
 * `[from, to)` in epoch ms (`to` later than now is read as now). Any of them is read only
 * over the kept history (`historyMs` back from now): the result's `window` says what was read.
 */
export type MetricsPeriod = 'interval' | 'today' | { readonly from: number; readonly to: number };

/** A resolved period. */
export interface MetricsWindow {
  readonly from: number;
  readonly to: number;
}

/** Time spent in each presence state, in ms. */
export type PresenceTimes = Record<PresenceState, number>;

/**
 * Sums behind the averages, so teams and periods combine exactly (an average of averages
 * would weigh a quiet agent like a busy one).
 */
export interface MetricTotals {
  /** Interactions handled: connected by the agent and finished (ended or passed on) in the period. */
  readonly handled: number;
  readonly handledByChannel: Readonly<Partial<Record<Channel, number>>>;
  /** Talk + hold + wrap-up over the handled interactions. */
  readonly handleMs: number;
  readonly talkMs: number;
  readonly holdMs: number;
  /** Handled interactions that had any hold. */
  readonly held: number;
  readonly wrapUpMs: number;
  /** Handled interactions that had a wrap-up. */
  readonly wrappedUp: number;
  /** The longest handle time among the handled interactions, or null when none. */
  readonly longestMs: number | null;
  /** Handled interactions the agent passed to someone else. */
  readonly transfers: number;
  /** Offers the agent did not answer (missed, rejected, or re-routed while ringing). */
  readonly missed: number;
  /** Times the vendor marked the agent not responding. */
  readonly notResponding: number;
  /** Time with at least one connected, held or wrap-up interaction. */
  readonly interactingMs: number;
  /** Time in `available` presence with no interaction. */
  readonly idleMs: number;
  readonly presenceMs: PresenceTimes;
}

/** Averages and ratios derived from {@link MetricTotals}; null where the denominator is zero. */
export interface MetricFigures {
  readonly avgHandleMs: number | null;
  readonly avgTalkMs: number | null;
  /** Hold time over the interactions that had hold. */
  readonly avgHoldMs: number | null;
  /** Wrap-up time over the interactions that had wrap-up. */
  readonly avgWrapUpMs: number | null;
  /** interacting / (interacting + idle), 0..1. */
  readonly occupancy: number | null;
}

/** One agent's metrics over a period. */
export interface AgentMetrics extends MetricTotals, MetricFigures {
  readonly agentId: string;
  readonly window: MetricsWindow;
}

/** The figures compared against a team median. */
export const MEDIAN_FIELDS = ['handled', 'avgHandleMs', 'avgHoldMs', 'avgWrapUpMs', 'longestMs', 'transfers', 'missed', 'occupancy'] as const;
/** A field of {@link AgentMetrics} that has a team median. */
export type MedianField = (typeof MEDIAN_FIELDS)[number];

/** A team's metrics over a period: totals over its agents and the median agent per figure. */
export interface TeamMetrics extends MetricTotals, MetricFigures {
  readonly teamId: string;
  readonly window: MetricsWindow;
  /** Agents now in the team. */
  readonly agents: number;
  /** The median over the team's agents of each figure, among agents for whom it is defined. */
  readonly median: Readonly<Record<MedianField, number | null>>;
}

/** A queue's metrics over a period. */
export interface QueueMetrics {
  readonly queueId: string;
  readonly window: MetricsWindow;
  /** Interactions that entered the queue in the period. */
  readonly offered: number;
  /**
   * Interactions answered (first connected to an agent) in the period: for a session scoped to
   * some teams, by its teams' agents alone (an agent's: their own), since another team's answer
   * takes the interaction out of its sight.
   */
  readonly answered: number;
  /** Of those, answered within the service-level threshold. */
  readonly answeredWithinThreshold: number;
  /** Interactions the customer abandoned before an answer, in the period: the whole queue's, as the session held them while they waited. */
  readonly abandoned: number;
  /**
   * answeredWithinThreshold / (answered + abandoned), 0..1; `null` with nothing answered or
   * abandoned, and always for a session that does not hold every answer of the queue (scoped to
   * some teams, or an agent's): its answers are its teams' but its abandons the whole queue's, so
   * the ratio would be neither the queue's service level nor its teams', and read low. The
   * platform's own figures for the whole queue are the client's `getQueues()` stats.
   */
  readonly serviceLevel: number | null;
  readonly serviceLevelThresholdMs: number;
  /** Mean wait of the answered interactions. */
  readonly avgSpeedOfAnswerMs: number | null;
}

/** One bucket of a trend: a team's or an agent's figures for one interval. */
export interface MetricsBucket {
  readonly from: number;
  readonly to: number;
  readonly handled: number;
  readonly avgHandleMs: number | null;
  readonly occupancy: number | null;
}

/** What an agent did over time, for a strip chart: presence spans and interacting spans. */
export interface AgentTimeline {
  readonly window: MetricsWindow;
  readonly presence: readonly { readonly state: PresenceState; readonly from: number; readonly to: number }[];
  readonly interacting: readonly { readonly from: number; readonly to: number }[];
}

/** Who changed in one batch, for live views. */
export interface MetricsChange {
  readonly agents: ReadonlySet<string>;
  readonly queues: ReadonlySet<string>;
}

/** Live, bounded metrics over a client. Create with {@link createMetrics}. */
export interface Metrics {
  readonly intervalMs: number;
  readonly serviceLevelThresholdMs: number;
  readonly historyMs: number;
  /** Resolves a period to `[from, to)` now. */
  window(period?: MetricsPeriod): MetricsWindow;
  agent(agentId: string, period?: MetricsPeriod): AgentMetrics;
  team(teamId: string, period?: MetricsPeriod): TeamMetrics;
  queue(queueId: string, period?: MetricsPeriod): QueueMetrics;
  /** Handle times (ms) of the interactions handled in the period by a team's agents, in order handled. */
  teamHandleTimes(teamId: string, period?: MetricsPeriod): number[];
  /**
   * One bucket per interval, from the interval holding the start of the period (or of the
   * recorded history, when that is later: earlier figures are unknown, not zero) to its end.
   */
  trend(scope: { readonly teamId: string } | { readonly agentId: string }, period?: MetricsPeriod): MetricsBucket[];
  timeline(agentId: string, period?: MetricsPeriod): AgentTimeline;
  /** Hears which agents and queues changed after each client batch. */
  subscribe(listener: (change: MetricsChange) => void): Unsubscribe;
  /** Stops listening to the client and drops the history. */
  destroy(): void;
}
