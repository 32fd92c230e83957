import type { Channel, Floorwalk, Interaction, MonitoringMode, MonitoringSession } from '@floorwalk/core';

/**
 * Monitoring logic shared by the elements that start, switch and stop monitoring
 * (`fw-coaching-panel`, `fw-team-board`'s row actions): which interaction to act on. When a
 * request has taken effect is `monitoring-requests.ts`'s, which only their lazy parts load.
 *
 * @internal
 */

/**
 * The monitoring modes this client can use: the platform's, or none while notices are on where
 * the monitored agent's client would not hear of a session (the client refuses then; see
 * `AdapterCapabilities.agentSeesMonitoring`).
 */
export const offeredModes = (client: Floorwalk): readonly MonitoringMode[] =>
  client.capabilities.agentSeesMonitoring === true || !client.getPolicy().monitoringNotice ? client.capabilities.monitoringModes : [];

/**
 * {@link offeredModes} on an interaction's channel (`AdapterCapabilities.monitoringChannels`): a
 * mode the platform names no channels for is voice only, and a platform that declares none is
 * taken to monitor every channel (its adapter still refuses what it cannot). Apart from
 * offeredModes so that an element which does not ask (the coaching panel, at its size budget)
 * does not carry it; there a refused mode is the adapter's `Unsupported`, shown as its message.
 */
export const offeredOn = (client: Floorwalk, channel: Channel | undefined): readonly MonitoringMode[] => {
  const on = client.capabilities.monitoringChannels;
  return offeredModes(client).filter((m) => !on || !channel || (on[m] ?? ['voice']).includes(channel));
};

/** Whether an interaction can be monitored: connected or on hold. */
export const isLive = (i: Interaction | undefined): i is Interaction => i !== undefined && (i.state === 'connected' || i.state === 'held');

/** A session a supervisor joined an interaction in: one a command can switch or stop. */
export type Joined = MonitoringSession & { readonly mode: MonitoringMode; readonly interactionId: string };

/** Whether a session is {@link Joined}: not a screen view, which the platform reports and no command controls. */
export const joined = (s: MonitoringSession): s is Joined => s.mode !== 'screen';

/** This session's active monitoring sessions on an agent, screen views aside: the ones it can act on. */
export function ownSessions(client: Floorwalk, agentId: string): Joined[] {
  return client.getMonitoringSessions({ agentId, active: true }).filter((s): s is Joined => joined(s) && s.supervisorId === client.session.userId);
}

/** The interaction to monitor: the one this session already monitors, else the agent's most engaged live one. */
export function monitoringTarget(client: Floorwalk, agentId: string): Interaction | undefined {
  for (const s of ownSessions(client, agentId)) {
    const monitored = client.getInteraction(s.interactionId);
    if (isLive(monitored)) return monitored;
  }
  const live = client.getInteractions({ agentId }).filter(isLive);
  live.sort((a, b) => (a.state === b.state ? (b.connectedAt ?? 0) - (a.connectedAt ?? 0) : a.state === 'connected' ? -1 : 1));
  return live[0];
}
