// fw-agent-card on a client, and a busy agent of the simulated floor to show in it
// (fw-agent-card's tests and its tree check).
import type { Floorwalk } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import type { FwAgentCard } from '../src/components/fw-agent-card/fw-agent-card.js';

/** A card on `client` for `agentId`, rendered; the caller defines the element. */
export async function mountAgentCard(client: Floorwalk | undefined, agentId: string | undefined): Promise<FwAgentCard> {
  return fixture<FwAgentCard>(html`<fw-agent-card .client=${client} agent-id=${agentId ?? ''}></fw-agent-card>`);
}

/** An agent of the simulated floor with a connected interaction now. */
export function busyAgent(client: Floorwalk): { agentId: string; interactionId: string } {
  const interaction = client.getInteractions({ state: 'connected' }).find((i) => i.agentId !== undefined);
  expect(interaction, 'someone is on a connected interaction').to.not.equal(undefined);
  return { agentId: interaction!.agentId!, interactionId: interaction!.id };
}
