// The simulator's real-time loop (wall-clock timers scaled by `speed`) as the demo uses it, in
// Chromium through a real client: the node suite drives it from a manual clock instead.
import { expect } from '@open-wc/testing';
import { createFloorwalk, type StoreChange } from '@floorwalk/core';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';

const waitFor = async (condition: () => boolean, ms: number): Promise<void> => {
  const until = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('simulator in real time', () => {
  it('streams live changes to a client at speed and stops on disconnect', async () => {
    // 600× real time: ten simulated minutes per second, enough for calls to start and end.
    const adapter = createSimulatorAdapter({ agents: 40, seed: 11, speed: 600 });
    const client = createFloorwalk({ adapter, session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' } });
    const changes: StoreChange[] = [];
    client.subscribe((change) => changes.push(change));
    await client.connect();
    expect(client.status).to.equal('live');
    expect(client.getAgents()).to.have.length(40);
    const startedAt = adapter.clock.now();

    // A time-based wait: a burst of batches can arrive within a few real milliseconds.
    await waitFor(() => adapter.clock.now() - startedAt > 120_000, 3000);
    expect(changes.filter((c) => !c.reset && c.agents.size > 0).length, 'agent changes streamed').to.be.at.least(5);
    const anyAgent = client.getAgents()[0]!;
    expect(client.getTimeInState(anyAgent.id)).to.be.at.least(0);

    await client.disconnect();
    const heard = changes.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changes.length, 'no change after disconnect').to.equal(heard);
  });

  it('keeps agents and queue statistics consistent while it runs', async () => {
    const adapter = createSimulatorAdapter({ agents: 60, seed: 5, speed: 600 });
    const client = createFloorwalk({ adapter, session: { userId: 'admin', role: 'admin', teamIds: 'all' } });
    await client.connect();
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const queue of client.getQueues()) {
      const waiting = client.getInteractions({ queueId: queue.id, state: 'queued' }).length;
      expect(queue.stats.waiting, `queue ${queue.id} waiting`).to.equal(waiting);
    }
    for (const agent of client.getAgents()) {
      const live = client.getInteractions({ agentId: agent.id }).filter((i) => i.state !== 'wrap-up');
      expect(live.length, `${agent.id} handles one interaction at a time`).to.be.at.most(1);
    }
    await client.disconnect();
  });
});
