import type { Channel } from '@floorwalk/core';

/*
 * Every tunable of the model in one place; the README's tables are this file. Durations are in
 * milliseconds; lognormals are given by their mean and shape σ (see Random.lognormal).
 */

/** A lognormal duration. */
export interface Duration {
  readonly mean: number;
  readonly sigma: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Mean offered load per staffed agent. Arrival rates follow the agents currently available, as a
 * well-forecast, well-scheduled centre's would, so occupancy settles near this figure whatever
 * the head count or shift pattern.
 */
export const TARGET_LOAD = 0.8;

/**
 * Demand swells and ebbs around the target in a slow wave, so queues fill and drain (and some
 * callers give up) as they do through a real day. At the crest demand briefly exceeds capacity.
 * Queues peak at nearly the same time, each shifted by up to `spread` radians.
 */
export const LOAD_WAVE = { amplitude: 0.3, periodMs: 100 * MINUTE, spread: 0.5 } as const;

/**
 * An arrival gap longer than this is redrawn when it elapses rather than waited out. Poisson
 * gaps are memoryless, so this is exact for a steady rate and lets the rate follow staffing.
 */
export const ARRIVAL_REDRAW_MS = MINUTE;

/** Relative share of each channel within a queue that serves several. */
export const CHANNEL_WEIGHT: Readonly<Record<Channel, number>> = {
  voice: 3,
  chat: 2,
  email: 1.5,
  message: 1.5,
  task: 1,
  video: 0.5,
};

/** Ringing or alerting before the agent accepts. */
export const RING: Readonly<Record<Channel, Duration>> = {
  voice: { mean: 6 * SECOND, sigma: 0.4 },
  chat: { mean: 4 * SECOND, sigma: 0.4 },
  email: { mean: 4 * SECOND, sigma: 0.4 },
  message: { mean: 4 * SECOND, sigma: 0.4 },
  task: { mean: 4 * SECOND, sigma: 0.4 },
  video: { mean: 6 * SECOND, sigma: 0.4 },
};

/** Connected time, holds excluded. */
export const TALK: Readonly<Record<Channel, Duration>> = {
  voice: { mean: 5 * MINUTE, sigma: 0.6 },
  chat: { mean: 7 * MINUTE, sigma: 0.6 },
  email: { mean: 4 * MINUTE, sigma: 0.6 },
  message: { mean: 6 * MINUTE, sigma: 0.6 },
  task: { mean: 3 * MINUTE, sigma: 0.6 },
  video: { mean: 8 * MINUTE, sigma: 0.6 },
};

/** How long a waiting customer stays before abandoning. Email and tasks never abandon. */
export const PATIENCE: Readonly<Partial<Record<Channel, Duration>>> = {
  voice: { mean: 3 * MINUTE, sigma: 0.8 },
  chat: { mean: 5 * MINUTE, sigma: 0.8 },
  message: { mean: 10 * MINUTE, sigma: 0.8 },
  video: { mean: 2 * MINUTE, sigma: 0.8 },
};

/** Holds happen on voice calls only. */
export const HOLD = {
  /** Chance a call is put on hold at least once. */
  first: 0.3,
  /** Chance a held call is held a second time. */
  second: 0.25,
  duration: { mean: 45 * SECOND, sigma: 0.6 },
} as const;

export const WRAP_UP: Duration = { mean: 30 * SECOND, sigma: 0.5 };

/** Chance a voice call or chat is transferred to another queue serving its channel. */
export const TRANSFER_CHANCE = 0.04;
export const TRANSFERABLE: ReadonlySet<Channel> = new Set(['voice', 'chat']);

export const NOT_RESPONDING = {
  /** Chance an agent misses an offer. */
  chance: 0.015,
  /** How long the offer rings before routing gives up on the agent. */
  timeoutMs: 20 * SECOND,
  /** How long until the agent is routable again. */
  recovery: { mean: 90 * SECOND, sigma: 0.5 },
} as const;

export const SHIFT = {
  /** Shift length: normal, mean and standard deviation. */
  lengthMean: 8 * HOUR,
  lengthSd: 40 * MINUTE,
  /** Mean time logged out between shifts (exponential). With an 8 h shift ~84% are signed in. */
  offMean: 90 * MINUTE,
  /** Share of agents signed in when the simulation begins. */
  signedInAtStart: 0.85,
} as const;

export const AUX = {
  /** Mean available time between two breaks, meetings or the like (exponential). */
  gapMean: 50 * MINUTE,
  /** Share of signed-in agents available (rather than in an aux state) at the start. */
  availableAtStart: 0.82,
  sigma: 0.35,
} as const;

export const HELP = {
  /** Chance an agent raises a hand during one interaction. */
  chance: 0.03,
  /** Until the team's simulated supervisor acknowledges. */
  acknowledge: { mean: 40 * SECOND, sigma: 0.6 },
  /** From acknowledgement until it is resolved. */
  resolve: { mean: 150 * SECOND, sigma: 0.6 },
} as const;

export const CHAT = {
  delivered: { mean: 1_200, sigma: 0.4 },
  /** Chance a simulated agent answers a direct message. */
  replyChance: 0.4,
  reply: { mean: 45 * SECOND, sigma: 0.6 },
} as const;

export const CHECK_IN = {
  answer: { mean: 2 * MINUTE, sigma: 0.6 },
  /** Notice below which an agent is less keen. */
  shortNoticeMs: 30 * MINUTE,
  acceptChance: 0.9,
  acceptChanceShortNotice: 0.6,
} as const;

/** Mean handle time of one interaction on a channel: ring, talk, expected holds, wrap-up. */
export function handleTimeMean(channel: Channel): number {
  const holds = channel === 'voice' ? HOLD.first * (1 + HOLD.second) * HOLD.duration.mean : 0;
  return RING[channel].mean + TALK[channel].mean + holds + WRAP_UP.mean;
}
