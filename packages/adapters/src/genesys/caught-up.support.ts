// A barrier for the Genesys browser tests: proof that every notification Genesys has sent so far
// has reached the client, instead of a sleep long enough for them to. Test code only.
import { expect } from '@open-wc/testing';
import type { Floorwalk } from '@floorwalk/core';
import type { GenesysMock } from '@floorwalk/adapters/genesys/mocks';
import { until } from '../netdrop.support.js';

/**
 * Changes the presence of `bystander` (an agent the test does not watch) at Genesys and waits
 * until `client` shows it. One socket delivers in order, so every notification sent before that
 * one has been handled too: a duplicate or late one the test guards against would be in by now.
 */
export async function caughtUp(mock: GenesysMock, client: Floorwalk, bystander: string): Promise<void> {
  expect(mock.channels.filter((c) => c.connected), 'one socket: one order').to.have.length(1);
  const next = client.getAgent(bystander)?.presence.state === 'training' ? 'meeting' : 'training';
  mock.play([{ type: 'presence', userId: bystander, presence: next === 'training' ? 'TRAINING' : 'MEETING' }]);
  await until(() => client.getAgent(bystander)?.presence.state === next, `${bystander}'s ${next}, sent after everything before it`);
}
