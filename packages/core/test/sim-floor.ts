import assert from 'node:assert/strict';
import { createFloorwalk, type FloorwalkOptions } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import { T0 } from './fixtures.js';

/**
 * A supervisor of team-1 on a seeded 12-agent simulator, connected, with the interactions that
 * have a customer to reveal (`first` of them) and the command types that reached the adapter.
 */
export async function simFloor(options: Pick<FloorwalkOptions, 'policy' | 'verifyUser'> = {}) {
  const clock = createManualClock(T0);
  const sim = createSimulatorAdapter({ clock, agents: 12, teams: 1, seed: 7, warmupMs: 40 * 60_000 });
  const reached: string[] = [];
  const client = createFloorwalk({
    adapter: { ...sim, execute: (c: Parameters<typeof sim.execute>[0]) => (reached.push(c.type), sim.execute(c)) },
    clock: sim.clock,
    session: { userId: 'sup-1', role: 'supervisor', teamIds: ['team-1'] },
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    ...(options.verifyUser === undefined ? {} : { verifyUser: options.verifyUser }),
  });
  await client.connect();
  const live = client.getInteractions({ state: 'connected' }).filter((i) => i.agentId !== undefined && (i.customer?.phone !== undefined || i.customer?.email !== undefined));
  const first = live[0];
  assert.ok(first, 'a connected interaction with a customer (seeded)');
  return { clock, sim, client, live, first, reached };
}
