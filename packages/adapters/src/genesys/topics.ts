import { ErrorCode, FloorwalkError } from '@floorwalk/core';

/** Genesys' limits on notification channels (reference §1.5). */
export const GENESYS_LIMITS = {
  /** Topics one channel (one WebSocket) may hold; one more is an HTTP 400. */
  topicsPerChannel: 1000,
  /** Channels per user and OAuth client; the 21st silently evicts the oldest. */
  channelsPerUser: 20,
  /** Longest topic string, combined topics included. */
  topicLength: 200,
} as const;

/** Per-user topic suffixes the adapter can subscribe. */
export type GenesysUserTopic = 'activity' | 'presence' | 'routingStatus' | 'conversations' | 'wem.coaching.notification';

/** What to subscribe. */
export interface TopicPlanInput {
  readonly userIds: readonly string[];
  readonly queueIds: readonly string[];
  /** Per-user topics. Default `activity` (presence and routing status in one) and `conversations`. */
  readonly userTopics?: readonly GenesysUserTopic[];
  /** Channels this adapter may use. Default 20; lower it to leave room for the host's other tabs and apps. */
  readonly maxChannels?: number;
  /**
   * Whether a combined topic (`v2.users.{id}?activity&conversations`) counts once towards the
   * 1,000-topic limit. Genesys does not document it, so by default each topic it stands for counts.
   */
  readonly combinedCountsAsOne?: boolean;
  /**
   * Further topics, each whole (`v2.quality.evaluations`) or combined per user
   * (`v2.users.{id}?conversations&wem.coaching.notification`): the signed-in user's own, say.
   */
  readonly extraTopics?: readonly string[];
}

/** One channel's share of the subscriptions. */
export interface ChannelPlan {
  /** Topic strings as sent in the subscribe body (combined where that saves entries). */
  readonly topics: readonly string[];
  /** Topics counted towards the channel limit. */
  readonly cost: number;
}

/** The topic plan: which topics go on which channel. */
export interface TopicPlan {
  readonly channels: readonly ChannelPlan[];
  /** Individual topics in the plan (a combined topic counts as the topics it stands for). */
  readonly topicCount: number;
}

/**
 * Splits the watch list over channels within Genesys' limits. A user's (or queue's) topics
 * always share a channel, so the events about one entity arrive in order on one socket.
 * Throws `InvalidArgument` with the numbers when the list cannot fit.
 *
 * @example
 * ```ts
 * const plan = planGenesysTopics({ userIds, queueIds: ['q-1'] });
 * console.log(`${plan.channels.length} channels for ${plan.topicCount} topics`);
 * ```
 */
export function planGenesysTopics(input: TopicPlanInput): TopicPlan {
  const suffixes = input.userTopics ?? ['activity', 'conversations'];
  const maxChannels = input.maxChannels ?? GENESYS_LIMITS.channelsPerUser;
  const perChannel = GENESYS_LIMITS.topicsPerChannel;
  const units: { topics: string[]; cost: number; individual: number }[] = [];
  const combine = (prefix: string, parts: readonly string[]): void => {
    const combined = parts.length === 1 ? `${prefix}.${parts[0]}` : `${prefix}?${parts.join('&')}`;
    const topics = combined.length <= GENESYS_LIMITS.topicLength ? [combined] : parts.map((p) => `${prefix}.${p}`);
    units.push({ topics, cost: input.combinedCountsAsOne === true ? topics.length : parts.length, individual: parts.length });
  };
  if (suffixes.length > 0) for (const id of new Set(input.userIds)) combine(`v2.users.${id}`, suffixes);
  for (const topic of new Set(input.extraTopics ?? [])) {
    const q = topic.indexOf('?');
    if (q < 0) combine(topic.slice(0, topic.lastIndexOf('.')), [topic.slice(topic.lastIndexOf('.') + 1)]);
    else combine(topic.slice(0, q), topic.slice(q + 1).split('&'));
  }
  for (const id of new Set(input.queueIds)) {
    combine(`v2.routing.queues.${id}`, ['conversations', 'users']);
    combine(`v2.analytics.queues.${id}`, ['observations']);
  }
  const channels: { topics: string[]; cost: number }[] = [];
  let current: { topics: string[]; cost: number } | undefined;
  let total = 0;
  for (const u of units) {
    total += u.individual;
    if (current === undefined || current.cost + u.cost > perChannel) {
      current = { topics: [], cost: 0 };
      channels.push(current);
    }
    current.topics.push(...u.topics);
    current.cost += u.cost;
  }
  if (channels.length > maxChannels) {
    throw new FloorwalkError(
      ErrorCode.InvalidArgument,
      `Genesys: the watch list needs ${channels.length} notification channels (${total} topics for ${input.userIds.length} users and ${input.queueIds.length} queues, ` +
        `at most ${perChannel} topics a channel) but only ${maxChannels} may be used. Watch fewer users or queues, or subscribe fewer topics per user.`,
      { details: { option: 'watch', channelsNeeded: channels.length, maxChannels, topics: total, users: input.userIds.length, queues: input.queueIds.length } },
    );
  }
  return { channels, topicCount: total };
}
