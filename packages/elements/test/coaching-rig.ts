// A supervisor's centre with an agent on a freshly connected interaction and that agent's own
// client beside it, for the elements that monitor (fw-coaching-panel's tests and its tree check).
import type { Floorwalk, MonitoringNotice } from '@floorwalk/core';
import { fixture, html } from '@open-wc/testing';
import type { FwCoachingPanel } from '../src/components/fw-coaching-panel/fw-coaching-panel.js';
import { createCentre, newestCall, type Centre } from './centre.js';

export interface CoachingScene {
  readonly c: Centre;
  readonly agentId: string;
  readonly interactionId: string;
  /** The monitored agent's own client, beside the supervisor's. */
  readonly agent: Floorwalk;
  /** What the agent's client was told. */
  readonly notices: MonitoringNotice[];
}

/**
 * The scene, with the newest connected interaction's agent seated. `keep` receives the centre as
 * soon as it exists, so the caller's `afterEach` closes it even when no one is on a call.
 */
export async function coachingScene(keep: (c: Centre) => void, latencyMs = 150): Promise<CoachingScene> {
  const c = await createCentre({ latencyMs });
  keep(c);
  const interaction = newestCall(c.client);
  if (interaction === undefined) throw new Error('No one is on a connected interaction in the simulated centre.');
  const agentId = interaction.agentId!;
  const agent = await c.seat({ userId: agentId, role: 'agent', agentId, teamIds: [] });
  const notices: MonitoringNotice[] = [];
  agent.on('monitoring', (n) => notices.push(n));
  return { c, agentId, interactionId: interaction.id, agent, notices };
}

/** A panel on `client` for `agentId`, rendered; the caller defines the element. */
export async function mountPanel(client: Floorwalk | undefined, agentId: string | undefined, confirmTimeout = 10_000): Promise<FwCoachingPanel> {
  return fixture<FwCoachingPanel>(
    html`<fw-coaching-panel .client=${client} agent-id=${agentId ?? ''} confirm-timeout=${String(confirmTimeout)}></fw-coaching-panel>`,
  );
}
